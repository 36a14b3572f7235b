//! Signing and publication on the command line: the signing key file, `keys signing-key`,
//! `keys public`, `checkpoint`, the checkpoints part of `verify`, the demo's first release, and
//! `verify-release`, which checks a bundle offline with a public key alone.
//!
//! The signing key file sits beside the master key file (its name plus `.signing`), readable by
//! its owner only, and never goes into the database:
//!
//! ```text
//! # Aqiqat signing key (ed25519) ...
//! signer: NAME
//! secret: 64 hexadecimal characters
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use domain::access::Actor;

/// Where the signing key file is: beside the master key file, its name plus `.signing`.
pub(crate) fn signing_key_path(master_key_file: &Path) -> PathBuf {
    let mut name = master_key_file.as_os_str().to_owned();
    name.push(".signing");
    PathBuf::from(name)
}

/// Generates a signing key for `signer` and writes it to a new file (never overwriting one).
pub(crate) fn create(path: &Path, signer: &str) -> anyhow::Result<app::Signer> {
    if !app::signer_name_is_valid(signer) {
        bail!("the signer's name must be one line of 1 to 100 characters, without leading or trailing spaces");
    }
    let key = app::SigningKey::generate();
    let text = format!(
        "# Aqiqat signing key (ed25519): signs checkpoints of the event log and releases.\n\
         # Keep it secret and backed up apart from the database; publish only its public key.\n\
         signer: {signer}\nsecret: {}",
        key.to_hex()
    );
    if path.exists() {
        bail!("{} already exists; refusing to overwrite a signing key", path.display());
    }
    crate::keys::create_with(path, &text)?;
    Ok(app::Signer { name: signer.to_owned(), key })
}

/// Reads a signing key file.
pub(crate) fn read(path: &Path) -> anyhow::Result<app::Signer> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the signing key file {}", path.display()))?;
    let field = |name: &str| {
        text.lines().find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(':')).map(str::trim))
    };
    let (Some(signer), Some(secret)) = (field("signer"), field("secret")) else {
        bail!("{} is not a signing key file (it needs `signer:` and `secret:` lines)", path.display());
    };
    if !app::signer_name_is_valid(signer) {
        bail!("{}: the signer's name must be one line of 1 to 100 characters", path.display());
    }
    let key = app::SigningKey::from_hex(secret).with_context(|| format!("{} holds no valid secret", path.display()))?;
    Ok(app::Signer { name: signer.to_owned(), key })
}

/// Gives `app` the signing key beside `master_key_file`, if there is one. Commands that sign say
/// how to create a missing one.
pub(crate) fn attach(app: app::App, master_key_file: &Path) -> anyhow::Result<app::App> {
    let path = signing_key_path(master_key_file);
    Ok(if path.exists() { app.with_signer(read(&path)?) } else { app })
}

/// The error of a command that needs a signing key the database lacks.
fn missing(db: &str, path: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "no signing key file at {}: create one with `aqiqat keys signing-key --db {db} --name \"YOUR ORGANISATION\"`",
        path.display()
    )
}

/// `keys signing-key`: creates the signing key file of an existing database.
pub(crate) fn create_for(db: &str, master_key_file: &Path, signer: &str) -> anyhow::Result<ExitCode> {
    if crate::is_sqlite_path(db) && !Path::new(db).exists() {
        bail!("{db} does not exist: create it with `aqiqat init --db {db}` (which also creates a signing key)");
    }
    let path = signing_key_path(master_key_file);
    let created = create(&path, signer)?;
    eprintln!("created the signing key file {} for {signer}; public key:", path.display());
    print_line(&created.key.public_key().to_hex());
    Ok(ExitCode::SUCCESS)
}

/// `keys public`: prints the public key (stdout) and the signer (stderr).
pub(crate) fn print_public(db: &str, master_key_file: &Path) -> anyhow::Result<ExitCode> {
    let path = signing_key_path(master_key_file);
    if !path.exists() {
        return Err(missing(db, &path));
    }
    let signer = read(&path)?;
    eprintln!("signer: {}", signer.name);
    print_line(&signer.key.public_key().to_hex());
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
fn print_line(text: &str) {
    println!("{text}");
}

/// `checkpoint`: signs the chain's head now.
pub(crate) async fn checkpoint(app: &app::App, db: &str, master_key_file: &Path) -> anyhow::Result<ExitCode> {
    if app.signer().is_none() {
        return Err(missing(db, &signing_key_path(master_key_file)));
    }
    let checkpoint = app.sign_checkpoint(&Actor::System, crate::now()).await?;
    eprintln!(
        "signed a checkpoint of event {} (head {}) as {} (key {})",
        checkpoint.seq, checkpoint.head_hash, checkpoint.signer, checkpoint.public_key
    );
    Ok(ExitCode::SUCCESS)
}

/// The signatures part of `verify`: one line per checkpoint and per release; false when any fails.
pub(crate) async fn verify_checkpoints(app: &app::App) -> anyhow::Result<bool> {
    let checks = app.verify_checkpoints(&Actor::System).await?;
    let current = app.signer().map(|(_, key)| key);
    let mut all_good = true;
    for check in &checks {
        let c = &check.checkpoint;
        let whose =
            if current.as_deref() == Some(c.public_key.as_str()) { "this database's key" } else { "another key" };
        let what = format!(
            "checkpoint of event {} (recorded as event {}) signed by {} ({whose} {}) at {}",
            c.seq,
            check.event_seq,
            c.signer,
            c.public_key,
            c.signed_at.to_rfc3339()
        );
        match &check.status {
            app::CheckpointStatus::Valid => eprintln!("ok: {what}"),
            app::CheckpointStatus::BadSignature => {
                all_good = false;
                eprintln!("verify failed: {what}: the signature does not match: the checkpoint was altered or forged");
            }
            app::CheckpointStatus::HeadDiffers { found } => {
                all_good = false;
                eprintln!(
                    "verify failed: {what}: event {} now has the hash {} but {} signed {}: the log was rewritten at or before event {}",
                    c.seq,
                    found.as_deref().unwrap_or("(no such event)"),
                    c.signer,
                    c.head_hash,
                    c.seq
                );
            }
        }
    }
    if checks.is_empty() {
        eprintln!("no signed checkpoints yet (sign one with `aqiqat checkpoint`)");
    }
    for (release, outcome) in app.verify_releases(&Actor::System).await? {
        match outcome {
            Ok(verified) => eprintln!(
                "ok: release {} \"{}\" approved by {}, signed by {} (key {}); {} files match its manifest",
                release.id, release.title, release.approved_by, release.signer, release.public_key, verified.n_files
            ),
            Err(problem) => {
                all_good = false;
                eprintln!("verify failed: release {} \"{}\": {problem}", release.id, release.title);
            }
        }
    }
    Ok(all_good)
}

/// `verify-release`: checks a bundle (a .tar or its unpacked folder) with a public key (hex, or a
/// file holding it). No database.
pub(crate) fn verify_release(bundle: &Path, key: &str) -> anyhow::Result<ExitCode> {
    let key_text = if Path::new(key).is_file() {
        std::fs::read_to_string(key).with_context(|| format!("cannot read the public key file {key}"))?
    } else {
        key.to_owned()
    };
    let public_key = app::PublicKey::from_hex(&key_text)
        .context("--key takes a public key (64 hexadecimal characters) or a file holding one")?;
    let verified = app::verify_bundle_at(bundle, &public_key)
        .map_err(|problem| anyhow::anyhow!("{}: {problem}", bundle.display()));
    match verified {
        Ok(release) => {
            eprintln!(
                "ok: release {} \"{}\", published {} and approved by {}, signed by {}; {} files match the manifest; \
                 snapshot at event {} (head {})",
                release.release,
                release.title,
                release.published_at,
                release.approved_by,
                release.signer,
                release.n_files,
                release.head_seq,
                release.head_hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("verify-release failed: {error:#}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `release list` (no id) and `release download ID --output FILE`.
pub(crate) async fn releases(app: &app::App, id: Option<&str>, output: Option<&Path>) -> anyhow::Result<ExitCode> {
    match (id, output) {
        (Some(id), Some(output)) => {
            let id = domain::id::ReleaseId::parse(id)?;
            let (_, bytes) = app.release_bundle(&id).await?;
            std::fs::write(output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
            eprintln!("wrote release {id} ({} bytes) to {}", bytes.len(), output.display());
        }
        _ => {
            let releases = app.releases().await?;
            for release in &releases {
                print_line(&format!("{}\t{}\t{}", release.id, release.published_at.to_rfc3339(), release.title));
            }
            eprintln!("{} releases", releases.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The demo's reviewer: an account that approves the demo's first release.
const DEMO_REVIEWER_USERNAME: &str = "reviewer";

/// Adds the demo's reviewer (their sign-in details appended to `credentials`) and publishes a
/// first release as them.
pub(crate) async fn demo_release(app: &app::App, credentials: &Path) -> anyhow::Result<()> {
    let password = app::generate_password();
    let user = app::NewUser {
        username: DEMO_REVIEWER_USERNAME.to_owned(),
        display_name: "Demo reviewer".to_owned(),
        role: domain::entity::Role::Reviewer,
        locale: domain::entity::Locale::En,
        password: domain::protected::Protected::new(password.clone()),
    };
    let user = app.add_user(&Actor::System, crate::now(), user).await?;
    let reviewer = Actor::User { id: user.id, role: user.role };
    let request = app::ReleaseRequest {
        title: "January 2022: the victim registry (demo)".to_owned(),
        min_count: domain::publish::DEFAULT_MIN_COUNT,
    };
    let id = app.publish_release(&reviewer, crate::now(), request).await?;
    eprintln!("published release {id}, approved by the demo reviewer and signed");
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(credentials)
        .with_context(|| format!("cannot write {}", credentials.display()))?;
    writeln!(file, "reviewer user name: {DEMO_REVIEWER_USERNAME}\nreviewer password: {password}")
        .with_context(|| format!("cannot write {}", credentials.display()))
}
