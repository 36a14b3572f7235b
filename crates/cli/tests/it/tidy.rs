//! Repository checks that run as tests: every Rust file starts with a `//!` header saying what it is
//! for, and `ARCHITECTURE.md` describes every crate.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_has_a_module_header() {
    let mut files = Vec::new();
    rust_files(&workspace_root().join("crates"), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|path| !std::fs::read_to_string(path).unwrap().starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(files.len() > 20);
    assert!(missing.is_empty(), "files without a `//!` header: {missing:#?}");
}

#[test]
fn architecture_describes_every_crate() {
    let architecture = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).unwrap();
    for entry in std::fs::read_dir(workspace_root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(architecture.contains(&format!("### `crates/{name}`")), "ARCHITECTURE.md has no section for {name}");
    }
}
