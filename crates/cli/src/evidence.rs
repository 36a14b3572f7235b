//! The evidence vault on the command line: where a database keeps its evidence files
//! (`--evidence-dir`, by default `DB.evidence` beside a SQLite file), the check that every stored
//! file still has its hash (`evidence check`, and part of `verify`), and the database-free
//! `verify-bundle`, which checks an evidence bundle offline.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use domain::access::Actor;

/// Attaches the vault: `dir` when given, else the database's default (none for PostgreSQL).
pub(crate) fn attach(app: app::App, db: &str, dir: Option<&Path>, max_bytes: u64) -> app::App {
    match dir.map(Path::to_path_buf).or_else(|| app::default_vault_dir(db)) {
        Some(dir) => app.with_vault(app::Vault::new(dir, max_bytes)),
        None => app,
    }
}

/// Checks every file held in the vault; prints one line per file missing or altered and a
/// summary. False when any is.
pub(crate) async fn check(app: &app::App) -> anyhow::Result<bool> {
    let Some(vault) = app.vault() else {
        eprintln!("evidence: no evidence directory for this database (pass --evidence-dir DIR to check one)");
        return Ok(true);
    };
    let dir = vault.dir().to_path_buf();
    let checks = app.check_vault(&Actor::System).await?;
    let mut n_bad = 0;
    for check in &checks {
        let e = &check.evidence;
        match &check.status {
            app::FileStatus::Intact => {}
            app::FileStatus::Missing => {
                n_bad += 1;
                eprintln!(
                    "evidence {} \"{}\": MISSING, no file with SHA-256 {} in {}",
                    e.id,
                    e.title,
                    e.sha256,
                    dir.display()
                );
            }
            app::FileStatus::Altered { found } => {
                n_bad += 1;
                eprintln!("evidence {} \"{}\": ALTERED, its file hashes to {found}, not {}", e.id, e.title, e.sha256);
            }
        }
    }
    if n_bad == 0 {
        eprintln!("evidence: {} stored files in {}, each with its SHA-256", checks.len(), dir.display());
    } else {
        eprintln!("evidence check failed: {n_bad} of {} stored files missing or altered", checks.len());
    }
    Ok(n_bad == 0)
}

/// `verify-bundle BUNDLE [--key KEY]`: the offline check of an evidence bundle.
pub(crate) fn verify_bundle(bundle: &Path, key: Option<&str>) -> anyhow::Result<ExitCode> {
    let key = match key {
        Some(key) => {
            let text = if Path::new(key).is_file() {
                std::fs::read_to_string(key).with_context(|| format!("cannot read the public key file {key}"))?
            } else {
                key.to_owned()
            };
            Some(
                app::PublicKey::from_hex(&text)
                    .context("--key takes a public key (64 hexadecimal characters) or a file holding one")?,
            )
        }
        None => None,
    };
    match app::verify_evidence_bundle_at(bundle, key.as_ref()) {
        Ok(verified) => {
            for (id, file, title, n) in &verified.items {
                println!("{id}\t{file}\t{n} custody entries\t{title}");
            }
            eprintln!(
                "ok: evidence bundle {}, exported {} by {}; {} items, every file's SHA-256 and every custody chain \
                 intact; signed by {} with public key {}{}",
                verified.export,
                verified.exported_at,
                verified.exported_by,
                verified.items.len(),
                verified.signer,
                verified.public_key,
                if key.is_some() {
                    ""
                } else {
                    " (the key the bundle names: compare it with the one the deployment publishes, or pass --key)"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            eprintln!("verify-bundle failed: {}: {problem}", bundle.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Puts a few small synthetic files in the demo's vault (stand-ins for the scenario's first
/// evidence items, and a redacted working copy of the first), so that its pages, downloads and
/// exports have files to show.
pub(crate) async fn demo_files(
    app: &app::App,
    scenario: &demo::Scenario,
    now: domain::date::Timestamp,
) -> anyhow::Result<usize> {
    if app.vault().is_none() {
        return Ok(0);
    }
    let mut first = None;
    let mut n = 0;
    for evidence in scenario.evidence.iter().take(3) {
        let text = format!(
            "Synthetic stand-in for an evidence file of the Aqiqat demo (no real event or person).\n\
             Title: {}\nMedia type of the item it stands for: {}\n",
            evidence.title, evidence.media_type
        );
        let new = app::NewEvidence {
            title: format!("{} (file)", evidence.title),
            media_type: "text/plain".to_owned(),
            incident_id: evidence.incident_id.clone(),
            note: "demo: synthetic file".to_owned(),
            ..app::NewEvidence::default()
        };
        let added = upload(app, text.as_bytes(), new, now).await?;
        first.get_or_insert((added.evidence.id, text));
        n += 1;
    }
    if let Some((original, text)) = first {
        let redacted: String = text
            .lines()
            .map(|line| if line.starts_with("Title:") { "Title: [redacted]" } else { line })
            .collect::<Vec<_>>()
            .join("\n");
        let new = app::NewEvidence {
            title: "Redacted working copy (demo)".to_owned(),
            media_type: "text/plain".to_owned(),
            derived_from: Some(original),
            derivation: Some("title line redacted".to_owned()),
            note: "demo: synthetic working copy".to_owned(),
            ..app::NewEvidence::default()
        };
        upload(app, redacted.as_bytes(), new, now).await?;
        n += 1;
    }
    Ok(n)
}

async fn upload(
    app: &app::App,
    bytes: &[u8],
    new: app::NewEvidence,
    now: domain::date::Timestamp,
) -> anyhow::Result<app::AddedEvidence> {
    let mut upload = app.begin_upload(&Actor::System)?;
    upload.write(bytes).await?;
    Ok(app.add_evidence(&Actor::System, now, upload, new).await?)
}
