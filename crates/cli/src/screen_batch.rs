//! `aqiqat screen batch`: screens a file of nominees (CSV or XLSX) against the security-force
//! registry with the screening engine and writes the hits as CSV; and `aqiqat screen synthetic`,
//! which writes the demo generator's large registry with a batch of nominees and their truth, for
//! the benchmark (`bench/screen/`).
//!
//! The registry comes from a database (`--db`: `app` reads it, builds the index and screens) or from a folder of JSON Lines
//! files, one entity a line, as `screen synthetic` writes them (`--registry DIR`): `persons`,
//! `units`, `postings`, `assistance`, `attributions`, `incidents` and `sources`, each `NAME.jsonl`
//! holding the domain entities as their events carry them.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use domain::date::FuzzyDate;
use domain::entity::{Assistance, Attribution, Gender, Incident, NomineeKind, Person, Posting, Source, Unit};
use jiff::civil::Date;
use screening::{Hit, Index, NomineeQuery, Registry};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The columns of a nominee file, in the order `screen batch` documents them.
pub(crate) const NOMINEE_COLUMNS: [&str; 7] = ["nominee_id", "kind", "name", "birth_date", "gender", "unit", "rank"];

/// The columns of the hits file.
pub(crate) const HIT_COLUMNS: [&str; 6] = ["nominee_id", "entity_id", "entity_kind", "score", "reason", "explanation"];

/// The registry's entities, owned.
#[derive(Default)]
pub(crate) struct OwnedRegistry {
    pub(crate) persons: Vec<Person>,
    pub(crate) units: Vec<Unit>,
    pub(crate) postings: Vec<Posting>,
    pub(crate) assistance: Vec<Assistance>,
    pub(crate) attributions: Vec<Attribution>,
    pub(crate) incidents: Vec<Incident>,
    pub(crate) sources: Vec<Source>,
}

impl OwnedRegistry {
    pub(crate) fn view(&self) -> Registry<'_> {
        Registry {
            persons: &self.persons,
            units: &self.units,
            postings: &self.postings,
            assistance: &self.assistance,
            attributions: &self.attributions,
            incidents: &self.incidents,
            sources: &self.sources,
        }
    }
}

/// Reads the nominees of a CSV or XLSX file: a header row naming at least `nominee_id`, `kind`
/// and `name` (any order; `birth_date`, `gender`, `unit` and `rank` optional, other columns
/// ignored). Every problem names the file, the row (data rows from 1, the header not counted)
/// and the field.
pub(crate) fn read_nominees(path: &Path, activity_start: Option<Date>) -> anyhow::Result<Vec<NomineeQuery>> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {file}"))?;
    let table = app::read_table(&file, &bytes).with_context(|| format!("cannot read {file}"))?;
    let column = |name: &str| table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let required = |name: &str| {
        column(name)
            .with_context(|| format!("{file}: no `{name}` column (the header must name {})", NOMINEE_COLUMNS.join(",")))
    };
    let (id_col, kind_col, name_col) = (required("nominee_id")?, required("kind")?, required("name")?);
    let [birth_col, gender_col, unit_col, rank_col] = ["birth_date", "gender", "unit", "rank"].map(column);
    let mut seen: HashSet<String> = HashSet::new();
    let mut nominees = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let row_number = i + 1;
        let at = |field: &str| format!("{file}: row {row_number} (line {}), field `{field}`", row_number + 1);
        let cell = |col: Option<usize>| col.and_then(|c| row.cells.get(c)).map_or("", |s| s.trim());
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.bad_encoding {
            bail!("{file}: row {row_number} (line {}) is not valid UTF-8", row_number + 1);
        }
        let nominee_id = cell(Some(id_col));
        if nominee_id.is_empty() {
            bail!("{}: empty", at("nominee_id"));
        }
        if !seen.insert(nominee_id.to_owned()) {
            bail!("{}: `{nominee_id}` is given twice", at("nominee_id"));
        }
        let kind = match cell(Some(kind_col)).to_lowercase().as_str() {
            "person" => NomineeKind::Person,
            "unit" => NomineeKind::Unit,
            other => bail!("{}: `{other}` is not `person` or `unit`", at("kind")),
        };
        let name = cell(Some(name_col));
        if name.is_empty() {
            bail!("{}: empty", at("name"));
        }
        let birth = cell(birth_col);
        let birth_date = if birth.is_empty() {
            None
        } else {
            Some(birth.parse::<FuzzyDate>().map_err(|_| {
                anyhow::anyhow!("{}: `{birth}` is not a date (YYYY-MM-DD, YYYY-MM, YYYY or FROM..TO)", at("birth_date"))
            })?)
        };
        let gender = match cell(gender_col).to_lowercase().as_str() {
            "" => None,
            "m" | "male" => Some(Gender::Male),
            "f" | "female" => Some(Gender::Female),
            other => bail!("{}: `{other}` is not m, f or empty", at("gender")),
        };
        let optional = |col: Option<usize>| Some(cell(col)).filter(|s| !s.is_empty()).map(str::to_owned);
        nominees.push(NomineeQuery {
            nominee_id: nominee_id.to_owned(),
            kind,
            name: name.to_owned(),
            birth_date,
            gender,
            unit: optional(unit_col),
            rank: optional(rank_col),
            activity_start,
        });
    }
    Ok(nominees)
}

fn read_jsonl<T: DeserializeOwned + Send>(dir: &Path, name: &str) -> anyhow::Result<Vec<T>> {
    use rayon::prelude::*;
    let path = dir.join(format!("{name}.jsonl"));
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = std::str::from_utf8(&bytes).with_context(|| format!("{} is not UTF-8", path.display()))?;
    // Lines parsed on every core, in order; the first bad line is named.
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()).map(|(i, l)| (i + 1, l)).collect();
    lines
        .par_iter()
        .map(|(number, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("{}: line {number} is not a {name} entry", path.display()))
        })
        .collect()
}

fn write_jsonl<T: Serialize>(dir: &Path, name: &str, items: &[T]) -> anyhow::Result<()> {
    let path = dir.join(format!("{name}.jsonl"));
    let mut out = BufWriter::with_capacity(
        1 << 20,
        File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    for item in items {
        serde_json::to_writer(&mut out, item)?;
        out.write_all(b"\n")?;
    }
    out.flush().with_context(|| format!("cannot write {}", path.display()))
}

/// Reads a registry folder as `screen synthetic` writes it.
pub(crate) fn read_registry_dir(dir: &Path) -> anyhow::Result<OwnedRegistry> {
    Ok(OwnedRegistry {
        persons: read_jsonl(dir, "persons")?,
        units: read_jsonl(dir, "units")?,
        postings: read_jsonl(dir, "postings")?,
        assistance: read_jsonl(dir, "assistance")?,
        attributions: read_jsonl(dir, "attributions")?,
        incidents: read_jsonl(dir, "incidents")?,
        sources: read_jsonl(dir, "sources")?,
    })
}

/// CPU seconds this process has used (user and system, every thread), from `/proc/self/stat`
/// on Linux; 0 elsewhere. The benchmark reports CPU beside wall time because the machine is shared.
pub(crate) fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // The fields after the command name (which may hold spaces) closed by `)`.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name; the
    // kernel counts them in USER_HZ, 100 a second on every Linux architecture.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// A stage's wall and CPU seconds.
pub(crate) struct Stage {
    pub(crate) name: &'static str,
    pub(crate) wall: f64,
    pub(crate) cpu: f64,
}

fn timed<T>(name: &'static str, stages: &mut Vec<Stage>, work: impl FnOnce() -> T) -> T {
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let out = work();
    stages.push(Stage { name, wall: started.elapsed().as_secs_f64(), cpu: cpu_seconds() - cpu });
    out
}

/// What `screen batch` did, for its summary line.
pub(crate) struct BatchReport {
    pub(crate) nominees: usize,
    pub(crate) hit_nominees: usize,
    pub(crate) hits: usize,
    pub(crate) timings: Vec<Stage>,
}

/// Screens the nominees of `input` against `registry` and writes `output` (and, when asked, the
/// name matches of person nominees to `matches`, and every hit with its evidence as JSON Lines to
/// `evidence`). The output files are written whole or not at all (`.partial` then renamed).
pub(crate) fn batch(
    registry: &OwnedRegistry,
    nominees: &[NomineeQuery],
    output: &Path,
    matches: Option<&Path>,
    evidence: Option<&Path>,
) -> anyhow::Result<BatchReport> {
    let mut timings = Vec::new();
    let index = timed("index", &mut timings, || Index::build(&registry.view()));
    let hits = timed("screen", &mut timings, || index.screen(nominees));
    timed("write", &mut timings, || -> anyhow::Result<()> {
        write_hits(output, &hits)?;
        if let Some(path) = evidence {
            write_evidence(path, &hits)?;
        }
        Ok(())
    })?;
    if let Some(path) = matches {
        let found = timed("name-matches", &mut timings, || index.name_matches(nominees));
        write_atomically(path, |out| {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(["nominee_id", "person_id", "score"])?;
            for m in &found {
                writer.write_record([m.nominee_id.as_str(), m.person_id.as_str(), &format!("{:.4}", m.score)])?;
            }
            writer.flush()?;
            Ok(())
        })?;
    }
    let hit_nominees = hits.iter().map(|h| h.nominee_id.as_str()).collect::<HashSet<_>>().len();
    Ok(BatchReport { nominees: nominees.len(), hit_nominees, hits: hits.len(), timings })
}

fn write_atomically(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = (|| {
        let mut out =
            BufWriter::new(File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?);
        write(&mut out)?;
        out.flush().with_context(|| format!("cannot write {}", partial.display()))
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

/// The hits file: `nominee_id,entity_id,entity_kind,score,reason,explanation`.
pub(crate) fn write_hits(path: &Path, hits: &[Hit]) -> anyhow::Result<()> {
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(HIT_COLUMNS)?;
        for hit in hits {
            writer.write_record([
                hit.nominee_id.as_str(),
                hit.entity_id(),
                hit.entity_kind(),
                &format!("{:.4}", hit.score),
                hit.reason.as_str(),
                &hit.explanation,
            ])?;
        }
        writer.flush()?;
        Ok(())
    })
}

/// `aqiqat screen synthetic`: the generator's registry as JSON Lines, `nominees.csv` in the
/// layout `screen batch` reads, `truth.csv` (`nominee_id,person_id,unit_id,implicated`) and
/// `implicated-persons.csv` (every registry person the truth counts as implicated).
pub(crate) fn synthetic(dir: &Path, config: &demo::ForcesConfig) -> anyhow::Result<()> {
    let started = Instant::now();
    let generated = demo::generate_forces_registry(config);
    let generated_in = started.elapsed().as_secs_f64();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_jsonl(dir, "persons", &generated.persons)?;
    write_jsonl(dir, "units", &generated.units)?;
    write_jsonl(dir, "postings", &generated.postings)?;
    write_jsonl(dir, "assistance", &generated.assistance)?;
    write_jsonl(dir, "attributions", &generated.attributions)?;
    write_jsonl(dir, "incidents", &generated.incidents)?;
    write_jsonl(dir, "sources", &generated.sources)?;
    write_atomically(&dir.join("nominees.csv"), |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(NOMINEE_COLUMNS)?;
        for n in &generated.nominees {
            writer.write_record([
                n.id.as_str(),
                n.kind.as_str(),
                &n.name,
                &n.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                n.gender.map_or("", |g| g.as_str()),
                n.unit.as_deref().unwrap_or_default(),
                n.rank.as_deref().unwrap_or_default(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    })?;
    write_atomically(&dir.join("truth.csv"), |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["nominee_id", "person_id", "unit_id", "implicated"])?;
        for t in &generated.truth {
            writer.write_record([
                t.nominee_id.as_str(),
                t.person_id.as_ref().map_or("", |p| p.as_str()),
                t.unit_id.as_ref().map_or("", |u| u.as_str()),
                if t.implicated { "1" } else { "0" },
            ])?;
        }
        writer.flush()?;
        Ok(())
    })?;
    write_atomically(&dir.join("implicated-persons.csv"), |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["person_id"])?;
        for id in &generated.implicated_persons {
            writer.write_record([id.as_str()])?;
        }
        writer.flush()?;
        Ok(())
    })?;
    let implicated = generated.truth.iter().filter(|t| t.implicated).count();
    eprintln!(
        "wrote {} persons, {} units, {} postings, {} incidents, {} attributions, {} assistance records and {} nominees ({implicated} implicated) to {} (generated in {generated_in:.1} s, {:.1} s in all)",
        generated.persons.len(),
        generated.units.len(),
        generated.postings.len(),
        generated.incidents.len(),
        generated.attributions.len(),
        generated.assistance.len(),
        generated.nominees.len(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `aqiqat screen batch`.
#[derive(clap::Args)]
pub(crate) struct BatchArgs {
    /// The database to read the registry from: a SQLite file path, or a postgres:// URL.
    #[arg(long, env = "AQIQAT_DB", required_unless_present = "registry", conflicts_with = "registry")]
    db: Option<String>,
    /// The master key file of the database (default: the SQLite file's path + `.key`).
    #[arg(long, env = "AQIQAT_KEY_FILE", requires = "db")]
    key_file: Option<PathBuf>,
    /// A file whose first line is the passphrase the master key is derived from.
    #[arg(long, env = "AQIQAT_PASSPHRASE_FILE", requires = "db")]
    passphrase_file: Option<PathBuf>,
    /// Instead of a database: a folder of JSON Lines files as `screen synthetic` writes them.
    #[arg(long, value_name = "DIR")]
    registry: Option<PathBuf>,
    /// The nominees, CSV or XLSX: nominee_id,kind,name,birth_date,gender,unit,rank.
    #[arg(long, value_name = "NOMINEES.csv")]
    input: PathBuf,
    /// The hits: nominee_id,entity_id,entity_kind,score,reason,explanation.
    #[arg(long, value_name = "HITS.csv")]
    output: PathBuf,
    /// The first day of the activity (YYYY-MM-DD): assistance before it is earlier assistance.
    #[arg(long, value_name = "DATE")]
    activity_start: Option<Date>,
    /// Also write every hit with its chain of evidence as JSON Lines.
    #[arg(long, value_name = "HITS.jsonl")]
    evidence: Option<PathBuf>,
    /// Also write the registry persons each person nominee's name matches, implicated or not
    /// (nominee_id,person_id,score).
    #[arg(long, value_name = "MATCHES.csv")]
    matches: Option<PathBuf>,
}

/// `aqiqat screen synthetic`.
#[derive(clap::Args)]
pub(crate) struct SyntheticArgs {
    /// The folder to write the registry, `nominees.csv` and `truth.csv` into.
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    #[arg(long, default_value_t = 1_000_000)]
    persons: usize,
    #[arg(long, default_value_t = 20_000)]
    units: usize,
    #[arg(long, default_value_t = 1_000)]
    nominees: usize,
    #[arg(long, default_value_t = 2022)]
    seed: u64,
}

pub(crate) fn run_synthetic(args: SyntheticArgs) -> anyhow::Result<()> {
    synthetic(
        &args.output,
        &demo::ForcesConfig { seed: args.seed, persons: args.persons, units: args.units, nominees: args.nominees },
    )
}

pub(crate) fn run_batch(args: BatchArgs) -> anyhow::Result<()> {
    let mut stages = Vec::new();
    let nominees = timed("nominees", &mut stages, || read_nominees(&args.input, args.activity_start))?;
    let (report, from) = match (&args.registry, &args.db) {
        (Some(dir), _) => {
            let registry = timed("registry", &mut stages, || read_registry_dir(dir))?;
            let report = batch(&registry, &nominees, &args.output, args.matches.as_deref(), args.evidence.as_deref())?;
            let from =
                format!("{} persons and {} units of {}", registry.persons.len(), registry.units.len(), dir.display());
            (report, from)
        }
        (None, Some(db)) => {
            if args.matches.is_some() {
                bail!("--matches needs --registry (the database path screens through the application)");
            }
            let db_args = crate::DbArgs {
                db: db.clone(),
                key_file: args.key_file.clone(),
                passphrase_file: args.passphrase_file.clone(),
                // Screening reads no evidence file.
                evidence_dir: None,
            };
            let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            // The application reads the registry, builds (and caches) the index and screens.
            let hits = timed("screen", &mut stages, || {
                runtime.block_on(async {
                    let app = crate::open_existing(&db_args).await?;
                    let hits = app.screen_nominees(&domain::access::Actor::System, nominees.clone()).await?;
                    anyhow::Ok(hits)
                })
            })?;
            timed("write", &mut stages, || -> anyhow::Result<()> {
                write_hits(&args.output, &hits)?;
                if let Some(path) = &args.evidence {
                    write_evidence(path, &hits)?;
                }
                Ok(())
            })?;
            let hit_nominees = hits.iter().map(|h| h.nominee_id.as_str()).collect::<HashSet<_>>().len();
            (BatchReport { nominees: nominees.len(), hit_nominees, hits: hits.len(), timings: Vec::new() }, db.clone())
        }
        (None, None) => bail!("give --db or --registry"),
    };
    stages.extend(report.timings);
    let timings: Vec<String> =
        stages.iter().map(|s| format!("{} {:.2} s ({:.2} CPU-s)", s.name, s.wall, s.cpu)).collect();
    eprintln!(
        "screened {} nominees against {from}: {} hits on {} nominees; wrote {} ({})",
        report.nominees,
        report.hits,
        report.hit_nominees,
        args.output.display(),
        timings.join(", ")
    );
    Ok(())
}

fn write_evidence(path: &Path, hits: &[Hit]) -> anyhow::Result<()> {
    write_atomically(path, |out| {
        for hit in hits {
            serde_json::to_writer(&mut *out, hit)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}
