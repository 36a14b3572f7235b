//! Integration tests of the screening engine: the demo scenario's vetting request, and properties.

mod demo;
mod props;
