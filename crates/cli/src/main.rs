//! The `aqiqat` binary: parses the command line and calls the application layer.
//!
//! Commands are thin: they read files and flags, call `app`, and print. Errors end the process with
//! one clear line on stderr and a non-zero exit code.

mod dedupe;
/// The allocator of the whole binary (see Cargo.toml for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod estimate;
mod evidence;
mod keys;
mod link;
mod publish;
mod registry;
mod screen;
mod screen_batch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::{Locale, Role};
use domain::protected::Protected;

#[derive(Parser)]
#[command(name = "aqiqat", version, about = "Aqiqat: accountability after state violence against protesters")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the synthetic January 2022 scenario (if the database is new) and serve it.
    Demo(DemoArgs),
    /// Serve the web interface and the JSON API.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Set the Secure flag on cookies (when served behind TLS).
        #[arg(long)]
        secure_cookies: bool,
        /// The reverse proxy's address: only its X-Forwarded-For names the client.
        #[arg(long)]
        trusted_proxy: Option<std::net::IpAddr>,
        /// The largest evidence file accepted by an upload, in bytes (default 2 GiB).
        #[arg(long, default_value_t = app::DEFAULT_EVIDENCE_MAX_BYTES)]
        evidence_max_bytes: u64,
    },
    /// Create a new database and its master key file.
    Init {
        #[command(flatten)]
        db: DbArgs,
        /// Who signs checkpoints and releases (the organisation or deployment).
        #[arg(long, default_value = "Aqiqat")]
        signer: String,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check every hash of the event log and that the state equals a replay of the log.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Screen persons by name, birth date and gender.
    Screen {
        #[command(subcommand)]
        command: ScreenCommand,
    },
    /// Link records of CSV files that describe the same person (no database needed).
    ///
    /// Writes `source,record_id,cluster_id` for every input record (`source` is the file's stem).
    Link(LinkArgs),
    /// Import a list (CSV or XLSX) into a source: every row becomes a record; cells that cannot be
    /// read are reported by row and column. The same file is never imported twice.
    Import(ImportArgs),
    /// The victim registry: link sources into it, export capture histories.
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
    /// Estimate how many deaths no list recorded, from a capture-history table (no database
    /// needed): latent classes (LCMCR), log-linear models (Rcapture) and graphical model
    /// averaging (dga) side by side.
    Estimate(estimate::EstimateArgs),
    /// The keys: the signing key that signs checkpoints and releases (create it, print its public
    /// key) and the master key that wraps the data keys of protected values (rotate it).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Sign the event log's head now with the signing key (a checkpoint, recorded as an event).
    Checkpoint {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Published releases: list them, download a bundle.
    Release {
        #[command(subcommand)]
        command: ReleaseCommand,
    },
    /// Check a release bundle offline (no database): the manifest's signature by PUBLIC_KEY, and
    /// every file's SHA-256 against the manifest.
    VerifyRelease {
        /// The bundle: the downloaded .tar file, or the folder it was unpacked into.
        bundle: PathBuf,
        /// The signer's public key (64 hexadecimal characters), or a file holding it.
        #[arg(long, value_name = "PUBLIC_KEY")]
        key: String,
    },
    /// Check an evidence bundle offline (no database, no clock): every file's SHA-256 against the
    /// manifest, every custody chain, and the manifest's signature; prints the signer and key.
    VerifyBundle {
        /// The bundle: the downloaded .tar file, or the folder it was unpacked into.
        bundle: PathBuf,
        /// Require this signer's public key (64 hexadecimal characters, or a file holding it);
        /// without it the key the bundle names is used and printed, to compare by hand.
        #[arg(long, value_name = "PUBLIC_KEY")]
        key: Option<String>,
    },
    /// The evidence vault: check that every stored file still has its hash.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Check every file held in the vault against its SHA-256; names each missing or altered one.
    Check {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ReleaseCommand {
    /// List published releases, newest first (id, time, title).
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write a release's bundle (.tar), as the public page serves it.
    Download {
        #[command(flatten)]
        db: DbArgs,
        /// The release's id (`rel_...`).
        id: String,
        #[arg(long, value_name = "FILE.tar")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Rewrap every data key under a new master key (random, or from --new-passphrase-file), in one
    /// transaction; the event log is untouched and still verifies. The new key file replaces the
    /// old one; a run stopped part-way is finished by running it again.
    Rotate(keys::RotateArgs),
    /// Create the signing key file beside the master key file (`KEY_FILE.signing`).
    SigningKey {
        #[command(flatten)]
        db: DbArgs,
        /// Who signs: the organisation or deployment named in checkpoints and releases.
        #[arg(long, default_value = "Aqiqat")]
        name: String,
    },
    /// Print the signing key's public key (for `verify-release --key`).
    Public {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(clap::Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The source to import into, by id.
    #[arg(long, conflicts_with = "source_title", required_unless_present = "source_title")]
    source_id: Option<String>,
    /// The source to import into, by title; a new source is registered when none has the title.
    #[arg(long)]
    source_title: Option<String>,
    /// The kind of a new source: official-list, ngo-list, media-list, morgue-list, family-report, dataset, ...
    #[arg(long, default_value = "dataset", value_parser = parse_source_kind)]
    source_kind: domain::entity::SourceKind,
    /// The publisher of a new source.
    #[arg(long, default_value = "")]
    publisher: String,
    /// The reliability of a new source, a (completely reliable) to f (cannot be judged).
    #[arg(long, default_value = "f", value_parser = parse_reliability)]
    reliability: domain::entity::Reliability,
    /// Which column holds a field, e.g. `--map full_name=ФИО` (repeat for each field); saved for the
    /// source. Without it, the source's saved mapping or the recognised headers are used.
    #[arg(long, value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// The file: CSV (comma, semicolon or tab) or XLSX (the first worksheet).
    file: PathBuf,
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Link sources into the registry (every source with records, or those given), honouring the
    /// decisions taken on pairs.
    Link {
        #[command(flatten)]
        db: DbArgs,
        /// A source to link, by id (repeat; default: every source that holds records).
        #[arg(long = "source", value_name = "ID")]
        sources: Vec<String>,
    },
    /// Write capture histories: one 0/1 column per list of the latest link run and `count`.
    CaptureHistories {
        #[command(flatten)]
        db: DbArgs,
        /// Stratify by `place` (of death) or `period` (ISO week of death).
        #[arg(long)]
        by: Option<String>,
        #[arg(long, value_name = "FILE.csv")]
        output: PathBuf,
    },
}

#[derive(clap::Args)]
struct LinkArgs {
    /// A TOML settings file: input files, record id column, fields, link type, blocking rules,
    /// comparisons, training, threshold (see examples/link/).
    #[arg(long, value_name = "FILE.toml", conflicts_with = "preset", required_unless_present = "preset")]
    config: Option<PathBuf>,
    /// Built-in settings: `victims` for lists in the standard victim-list layout (one input:
    /// dedupe; several: link and dedupe).
    #[arg(long, value_name = "NAME")]
    preset: Option<String>,
    /// Input files (with --preset).
    #[arg(long = "input", value_name = "FILE.csv")]
    inputs: Vec<PathBuf>,
    /// The folder the input files are relative to.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Where to write the clusters.
    #[arg(long, value_name = "CLUSTERS.csv")]
    output: PathBuf,
    /// Also write the scored candidate pairs (at or above --pairs-min-probability).
    #[arg(long, value_name = "PAIRS.csv")]
    pairs: Option<PathBuf>,
    /// Add each pair's waterfall (prior, each comparison's level and weight, total) to --pairs.
    #[arg(long, requires = "pairs")]
    explain: bool,
    /// Override the clustering threshold (a match probability).
    #[arg(long)]
    threshold: Option<f64>,
    /// Pairs below this probability are left out of --pairs.
    #[arg(long, default_value_t = 0.01)]
    pairs_min_probability: f64,
}

#[derive(Subcommand)]
enum ScreenCommand {
    /// Score pairs of persons from a CSV file (no database needed).
    ///
    /// Input columns: pair_id,name_a,birth_date_a,gender_a,name_b,birth_date_b,gender_b (names in
    /// any script and order; dates YYYY-MM-DD, YYYY or empty; gender m, f or empty).
    /// Output columns: pair_id,score,decision,explanation.
    ScorePairs {
        #[arg(long, value_name = "PAIRS.csv")]
        input: PathBuf,
        #[arg(long, value_name = "SCORES.csv")]
        output: PathBuf,
        /// Fill the explanation column.
        #[arg(long)]
        explain: bool,
        /// Scores at or above this are `match`.
        #[arg(long, default_value_t = names::person::DEFAULT_THRESHOLD)]
        threshold: f64,
    },
    /// Screen nominees (CSV or XLSX: nominee_id,kind,name,birth_date,gender,unit,rank) against the
    /// security-force registry; writes nominee_id,entity_id,entity_kind,score,reason,explanation.
    Batch(screen_batch::BatchArgs),
    /// Write a large synthetic registry with nominees and their truth (the screening benchmark).
    Synthetic(screen_batch::SyntheticArgs),
}

#[derive(clap::Args)]
struct DbArgs {
    /// The database: a SQLite file path, or a postgres:// URL.
    #[arg(long, env = "AQIQAT_DB")]
    db: String,
    /// The master key file that seals protected fields (default: the SQLite file's path + `.key`);
    /// with a passphrase, it holds the passphrase's salt and argon2id costs instead of the key.
    #[arg(long, env = "AQIQAT_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// A file whose first line is the passphrase the master key is derived from (argon2id).
    #[arg(long, env = "AQIQAT_PASSPHRASE_FILE")]
    passphrase_file: Option<PathBuf>,
    /// Where evidence files are kept (default: the SQLite file's path + `.evidence`; a PostgreSQL
    /// database has no default).
    #[arg(long, env = "AQIQAT_EVIDENCE_DIR")]
    evidence_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DemoArgs {
    /// The SQLite file (or postgres:// URL) to build the scenario in.
    #[arg(long, default_value = "aqiqat-demo.db")]
    db: String,
    /// The master key file (default: the SQLite file's path + `.key`).
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// The seed of the scenario: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Build a small scenario (about a tenth of the full one), for quick tests.
    #[arg(long)]
    small: bool,
    /// Build the scenario but do not serve it.
    #[arg(long)]
    no_serve: bool,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Also write the four lists of the dead and the ground truth as CSV files into this folder.
    #[arg(long, value_name = "DIR")]
    export_lists: Option<PathBuf>,
    /// Also write labelled person pairs (the input of `screen score-pairs` plus `label` and
    /// `phenomenon`) for evaluating the person match score.
    #[arg(long, value_name = "FILE")]
    export_pairs: Option<PathBuf>,
    /// How many labelled pairs `--export-pairs` writes.
    #[arg(long, default_value_t = 15_000)]
    n_pairs: usize,
    /// Only write a synthetic dedupe set with known truth (`dedupe.csv` in the standard
    /// victim-list layout, `dedupe-truth.csv` with `source,record_id,entity_id`) into this folder,
    /// then exit: no database is built or served.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["db", "key_file", "small", "listen", "export_lists", "export_pairs"])]
    export_dedupe: Option<PathBuf>,
    /// Write this string into every protected field of the scenario (identities, contacts,
    /// testimony, medical details) and nowhere else, to test that it never leaks.
    #[arg(long, value_name = "STRING")]
    canary: Option<String>,
    /// How many records `--export-dedupe` writes.
    #[arg(long, default_value_t = 1_000_000, requires = "export_dedupe")]
    n_records: usize,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; prints a generated password unless one is given on stdin with --password-stdin.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
        /// administrator, investigator, analyst, vetting-officer, reviewer, complainant or public.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        display_name: Option<String>,
        /// Interface language: en, ru or kk.
        #[arg(long, default_value = "en", value_parser = parse_locale)]
        locale: Locale,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn parse_source_kind(text: &str) -> Result<domain::entity::SourceKind, String> {
    domain::entity::SourceKind::parse(text).map_err(|e| e.to_string())
}

fn parse_reliability(text: &str) -> Result<domain::entity::Reliability, String> {
    domain::entity::Reliability::parse(&text.to_lowercase()).map_err(|e| e.to_string())
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).map_err(|e| e.to_string())
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    Locale::parse(text).map_err(|e| e.to_string())
}

/// The one place the command line reads the clock.
fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    Timestamp::from_millis(millis)
}

fn is_sqlite_path(db: &str) -> bool {
    !db.contains("://") && !db.starts_with("sqlite:")
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AQIQAT_LOG")
                .unwrap_or_else(|_| "warn,sqlx=error,server=info,cli=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // Commands without a database need no async runtime (and no worker threads to start).
    let cli = match cli.command {
        Command::Screen { command } => {
            return match screen_command(command) {
                Ok(code) => code,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Link(args) => {
            return match link_command(args) {
                Ok(code) => code,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Estimate(args) => {
            return match estimate::run(args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::VerifyRelease { bundle, key } => {
            return publish::verify_release(&bundle, &key).unwrap_or_else(|error| {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            });
        }
        Command::VerifyBundle { bundle, key } => {
            return evidence::verify_bundle(&bundle, key.as_deref()).unwrap_or_else(|error| {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            });
        }
        Command::Demo(DemoArgs { export_dedupe: Some(dir), n_records, seed, .. }) => {
            return match dedupe::export(&dir, &demo::DedupeConfig { seed, n_records }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error:#}");
                    ExitCode::FAILURE
                }
            };
        }
        command => Cli { command },
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo(args) => demo(args).await,
        Command::Keys { command: KeysCommand::Rotate(args) } => keys::rotate(args, now()).await,
        Command::Serve { db, listen, secure_cookies, trusted_proxy, evidence_max_bytes } => {
            let app = open_existing(&db).await?;
            let app = evidence::attach(app, &db.db, db.evidence_dir.as_deref(), evidence_max_bytes);
            server_evidence_note(&app);
            let config = server::ServerConfig { secure_cookies, require_admin_second_factor: true, trusted_proxy };
            serve(app, listen, config).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { db, signer } => {
            if is_sqlite_path(&db.db) && Path::new(&db.db).exists() {
                bail!("{} already exists; init only creates new databases", db.db);
            }
            let key_file = keys::key_path(&db.db, db.key_file.as_deref())?;
            let key = keys::create_for(&key_file, db.passphrase_file.as_deref())?;
            let signing = publish::create(&publish::signing_key_path(&key_file), &signer)?;
            let app = app::App::open(&db.db, key).await.with_context(|| format!("cannot create {}", db.db))?;
            app.close().await;
            eprintln!("created {} with master key file {}", db.db, key_file.display());
            eprintln!(
                "signing key for {signer} in {} (public key {})",
                publish::signing_key_path(&key_file).display(),
                signing.key.public_key().to_hex()
            );
            eprintln!("next: aqiqat user add --db {} --username NAME --role administrator", db.db);
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command: UserCommand::Add { db, username, role, display_name, locale, password_stdin } } => {
            let app = open_existing(&db).await?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (app::generate_password(), true)
            };
            let new_user = app::NewUser {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                role,
                locale,
                password: Protected::new(password.clone()),
            };
            let user = app.add_user(&Actor::System, now(), new_user).await?;
            app.close().await;
            eprintln!("added {} ({}) with id {}", user.username, user.role, user.id);
            if user.role == Role::Administrator {
                // Administrators must enrol a second factor: say so before their first sign-in does.
                eprintln!(
                    "next: {} signs in on the web and is asked to set up a second factor (TOTP) at \
                     /account/second-factor before anything else: keep an authenticator app at hand",
                    user.username
                );
            }
            if generated {
                #[allow(clippy::print_stdout)]
                {
                    println!("{password}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Screen { command } => screen_command(command),
        Command::Link(args) => link_command(args),
        Command::Estimate(args) => estimate::run(args).map(|()| ExitCode::SUCCESS),
        Command::Import(args) => {
            let app = open_existing(&args.db).await?;
            let options = registry::ImportOptions {
                file: args.file,
                source_id: args.source_id,
                source_title: args.source_title,
                source_kind: args.source_kind,
                publisher: args.publisher,
                reliability: args.reliability,
                map: args.map,
            };
            let result = registry::import(&app, options, now()).await;
            app.close().await;
            result.map(|()| ExitCode::SUCCESS)
        }
        Command::Registry { command } => {
            let (db, result) = match command {
                RegistryCommand::Link { db, sources } => {
                    let app = open_existing(&db).await?;
                    let result = registry::link(&app, &sources, now()).await;
                    (app, result)
                }
                RegistryCommand::CaptureHistories { db, by, output } => {
                    let app = open_existing(&db).await?;
                    let result = registry::capture_histories(&app, by.as_deref(), &output).await;
                    (app, result)
                }
            };
            db.close().await;
            result.map(|()| ExitCode::SUCCESS)
        }
        Command::Keys { command: KeysCommand::SigningKey { db, name } } => {
            publish::create_for(&db.db, &keys::key_path(&db.db, db.key_file.as_deref())?, &name)
        }
        Command::Keys { command: KeysCommand::Public { db } } => {
            publish::print_public(&db.db, &keys::key_path(&db.db, db.key_file.as_deref())?)
        }
        Command::Checkpoint { db } => {
            let app = open_existing(&db).await?;
            let result = publish::checkpoint(&app, &db.db, &keys::key_path(&db.db, db.key_file.as_deref())?).await;
            app.close().await;
            result
        }
        Command::VerifyRelease { bundle, key } => publish::verify_release(&bundle, &key),
        Command::VerifyBundle { bundle, key } => evidence::verify_bundle(&bundle, key.as_deref()),
        Command::Evidence { command: EvidenceCommand::Check { db } } => {
            let app = open_existing(&db).await?;
            let app = evidence::attach(app, &db.db, db.evidence_dir.as_deref(), app::DEFAULT_EVIDENCE_MAX_BYTES);
            let intact = evidence::check(&app).await;
            app.close().await;
            Ok(if intact? { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Release { command } => {
            let (db, id, output) = match command {
                ReleaseCommand::List { db } => (db, None, None),
                ReleaseCommand::Download { db, id, output } => (db, Some(id), Some(output)),
            };
            let app = open_existing(&db).await?;
            let result = publish::releases(&app, id.as_deref(), output.as_deref()).await;
            app.close().await;
            result
        }
        Command::Verify { db } => {
            let app = open_existing(&db).await?;
            let started = Instant::now();
            let report = app.verify(&Actor::System).await?;
            let code = match &report.problem {
                None => {
                    let head =
                        report.head.as_ref().map_or("(empty log)".to_owned(), |(seq, hash)| format!("{seq} {hash}"));
                    eprintln!(
                        "ok: {} events, hashes intact, {} state rows equal to the replay ({:.2} s); head {head}",
                        report.n_events,
                        report.n_rows_compared,
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Some(problem) => {
                    eprintln!("verify failed: {problem}");
                    ExitCode::FAILURE
                }
            };
            // Then who signed what: every checkpoint and every release.
            let checkpoints_hold = publish::verify_checkpoints(&app).await?;
            // Then the evidence files: each still under its hash.
            let app = evidence::attach(app, &db.db, db.evidence_dir.as_deref(), app::DEFAULT_EVIDENCE_MAX_BYTES);
            let files_hold = evidence::check(&app).await;
            app.close().await;
            Ok(if checkpoints_hold && files_hold? { code } else { ExitCode::FAILURE })
        }
    }
}

fn screen_command(command: ScreenCommand) -> anyhow::Result<ExitCode> {
    match command {
        ScreenCommand::ScorePairs { input, output, explain, threshold } => {
            let started = Instant::now();
            let options = screen::ScorePairs { input, output, explain, threshold };
            let (n_pairs, n_matches) = screen::score_pairs(&options)?;
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "scored {n_pairs} pairs ({n_matches} matches at threshold {threshold}) in {seconds:.2} s; wrote {}",
                options.output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        ScreenCommand::Batch(args) => screen_batch::run_batch(args).map(|()| ExitCode::SUCCESS),
        ScreenCommand::Synthetic(args) => screen_batch::run_synthetic(args).map(|()| ExitCode::SUCCESS),
    }
}

fn link_command(args: LinkArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = link::LinkOptions {
        config: args.config,
        preset: args.preset,
        data_dir: args.data_dir,
        inputs: args.inputs,
        output: args.output,
        pairs: args.pairs,
        explain: args.explain,
        threshold: args.threshold,
        pairs_min_probability: args.pairs_min_probability,
    };
    let summary = link::link(&options)?;
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    let pairs = summary
        .n_pairs_written
        .map(|n| format!(", {n} scored pairs to {}", options.pairs.as_deref().unwrap_or(Path::new("")).display()))
        .unwrap_or_default();
    eprintln!(
        "linked {} records from {} sources into {} clusters ({} candidate pairs, {} initials-only records left \
         unlinked as ambiguous) in {:.2} s; wrote {}{pairs}",
        summary.n_records,
        summary.n_sources,
        summary.n_clusters,
        summary.n_candidates,
        summary.n_ambiguous,
        started.elapsed().as_secs_f64(),
        options.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Says where the server keeps evidence files, or that it keeps none.
fn server_evidence_note(app: &app::App) {
    match app.vault() {
        Some(vault) => {
            eprintln!("evidence files in {} (uploads up to {} bytes)", vault.dir().display(), vault.max_bytes())
        }
        None => eprintln!("note: no evidence directory, so evidence uploads are refused: pass --evidence-dir DIR"),
    }
}

/// Opens a database that `init` or `demo` created, with its key file.
async fn open_existing(db: &DbArgs) -> anyhow::Result<app::App> {
    if is_sqlite_path(&db.db) && !Path::new(&db.db).exists() {
        bail!("{} does not exist: create it with `aqiqat init --db {}` or `aqiqat demo --db {}`", db.db, db.db, db.db);
    }
    let key_file = keys::key_path(&db.db, db.key_file.as_deref())?;
    let key = keys::load(&key_file, db.passphrase_file.as_deref())?;
    let app = app::App::open(&db.db, key).await.with_context(|| format!("cannot open {}", db.db))?;
    publish::attach(app, &key_file)
}

async fn serve(app: app::App, listen: SocketAddr, config: server::ServerConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener.local_addr().context("listener has no address")?;
    eprintln!("serving {} on http://{address}/ (Ctrl-C to stop)", app.backend_name());
    if app.signer().is_none() {
        eprintln!("note: no signing key, so releases cannot be published: create one with `aqiqat keys signing-key`");
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server::serve(listener, app, config, shutdown).await.context("the server stopped")
}

async fn demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let key_file = keys::key_path(&args.db, args.key_file.as_deref())?;
    // A new key is written only once the database proves empty: a database that already holds
    // sealed data must never be paired with a key that cannot open it.
    let existing_key = if key_file.exists() { Some(keys::read(&key_file)?) } else { None };
    let new_key = existing_key.is_none();
    let key = existing_key.unwrap_or_else(app::MasterKey::generate);
    let key_hex = key.to_hex();
    let app = match app::App::open(&args.db, key).await {
        Err(app::Error::WrongKey { .. }) if new_key => {
            bail!("{} already holds data but its master key file {} is missing", args.db, key_file.display())
        }
        opened => opened.with_context(|| format!("cannot open {}", args.db))?,
    };
    let config =
        demo::DemoConfig { seed: args.seed, scale: if args.small { demo::Scale::Small } else { demo::Scale::Full } };
    let needs_scenario = !app.has_users().await?;
    if new_key && !needs_scenario {
        app.close().await;
        bail!("{} already holds data but its master key file {} is missing", args.db, key_file.display());
    }
    if new_key {
        keys::create_with(&key_file, &key_hex)?;
    }
    let signing_key_file = publish::signing_key_path(&key_file);
    if needs_scenario && !signing_key_file.exists() {
        publish::create(&signing_key_file, "Aqiqat demo")?;
    }
    let app = publish::attach(app, &key_file)?;
    let app = evidence::attach(app, &args.db, None, app::DEFAULT_EVIDENCE_MAX_BYTES);
    if needs_scenario {
        let mut scenario = demo::generate(&config);
        if let Some(canary) = &args.canary {
            scenario.plant_canary(canary);
        }
        eprintln!("generated scenario (seed {}) in {:.2} s", args.seed, started.elapsed().as_secs_f64());
        let (admin, investigator, analyst) =
            (app::generate_password(), app::generate_password(), app::generate_password());
        let passwords = app::DemoPasswords {
            admin: Protected::new(admin.clone()),
            investigator: Protected::new(investigator.clone()),
            analyst: Protected::new(analyst.clone()),
        };
        let summary = app.load_demo(&scenario, &passwords, now()).await?;
        let credentials = credentials_path(&args.db);
        // One complainant's case code and passphrase, for the status page (no account).
        let complainant = summary.complainant.as_ref().map_or_else(String::new, |access| {
            format!(
                "complainant status page: http://{}/status\ncomplainant case code: {}\ncomplainant passphrase: {}\n",
                args.listen,
                access.code,
                access.passphrase.expose()
            )
        });
        std::fs::write(
            &credentials,
            format!(
                "Aqiqat demo (seed {}): sign in at http://{}/\nuser name: {}\npassword: {admin}\n\
                 investigator user name: {}\ninvestigator password: {investigator}\n\
                 analyst user name: {}\nanalyst password: {analyst}\n\
                 The administrator sets up a second factor (a TOTP authenticator app) at the first sign-in.\n\
                 {complainant}",
                args.seed,
                args.listen,
                app::DEMO_ADMIN_USERNAME,
                app::DEMO_INVESTIGATOR_USERNAME,
                app::DEMO_ANALYST_USERNAME,
            ),
        )
        .with_context(|| format!("cannot write {}", credentials.display()))?;
        eprintln!("{summary}");
        publish::demo_release(&app, &credentials).await?;
        let n_files = evidence::demo_files(&app, &scenario, now()).await?;
        if n_files > 0 {
            eprintln!("stored {n_files} synthetic evidence files in the vault");
        }
        eprintln!(
            "built the demo scenario in {} in {:.2} s; sign-in details in {}",
            args.db,
            started.elapsed().as_secs_f64(),
            credentials.display()
        );
    } else {
        eprintln!("{} already holds a scenario; sign-in details in {}", args.db, credentials_path(&args.db).display());
    }
    if let Some(dir) = &args.export_lists {
        let scenario = demo::generate(&config);
        export_lists(&scenario, dir)?;
        eprintln!("wrote the four lists and the ground truth to {}", dir.display());
    }
    if let Some(path) = &args.export_pairs {
        let pairs = demo::labelled_pairs(args.seed, args.n_pairs);
        std::fs::write(path, demo::pairs_csv(&pairs)).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {} labelled pairs to {}", pairs.len(), path.display());
    }
    if args.no_serve {
        app.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let config = server::ServerConfig { secure_cookies: false, require_admin_second_factor: true, trusted_proxy: None };
    serve(app, args.listen, config).await?;
    Ok(ExitCode::SUCCESS)
}

/// `demo-credentials.txt` beside the SQLite file, or in the working directory for PostgreSQL.
fn credentials_path(db: &str) -> PathBuf {
    if is_sqlite_path(db) {
        Path::new(db)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("demo-credentials.txt")
    } else {
        PathBuf::from("demo-credentials.txt")
    }
}

fn export_lists(scenario: &demo::Scenario, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    };
    for list in &scenario.lists {
        write(&format!("{}.csv", list.key), &demo::list_csv(list))?;
    }
    write("truth.csv", &demo::truth_csv(&scenario.truth))?;
    write("truth-summary.json", demo::truth_summary_json(&scenario.truth, &scenario.lists).as_bytes())?;
    Ok(())
}
