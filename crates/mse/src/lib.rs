//! Multiple systems estimation: how many persons no list recorded, from the overlaps of several
//! lists (capture-recapture on lists of the dead).
//!
//! Pure and synchronous: no I/O, no clock, no global state. Every random draw comes from a seeded
//! generator, one stream per chain and stratum, so results are the same for a seed whatever the
//! number of threads. Chains and strata run in parallel with rayon.
//!
//! Modules: [`table`] (capture-history tables and their CSV form); [`loglinear`] (Poisson
//! log-linear models, hierarchical model search by AIC and BIC, profile-likelihood intervals, as
//! R's Rcapture); [`lcmcr`] (the Bayesian latent-class model of R's LCMCR and its Gibbs sampler);
//! [`dga`] (Bayesian averaging over decomposable graphical models, as R's dga); [`strata`]
//! (estimates per stratum and their total through the draws); [`diagnostics`] (quantiles, R-hat,
//! effective sample size); [`warning`] (reasons for caution in plain words). `random` holds the
//! generator and the variates the samplers draw.

#![warn(missing_docs)]
// `!(x > 0.0)` is written on purpose throughout: it is true for NaN too, which must fail every
// such check.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod dga;
pub mod diagnostics;
mod error;
pub mod lcmcr;
pub mod loglinear;
mod marginal;
mod random;
pub mod strata;
pub mod table;
pub mod warning;

pub use error::{Error, Result};
pub use table::{CaptureTable, StratifiedTable};
