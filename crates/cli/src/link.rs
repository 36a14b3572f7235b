//! `aqiqat link`: record linkage of CSV files with the `linkage` engine, without a database.
//!
//! Two ways to say what to link: a TOML settings file (`--config`, in the spirit of Splink's
//! settings: input files, record id column, fields and kinds, link type, blocking rules,
//! comparisons, training, threshold, the guard on candidate pairs), or `--preset victims` for
//! lists of the dead in the standard victim-list layout. Writes `source,record_id,cluster_id` for
//! every input record, and optionally the scored pairs with their explanations. Bad input stops the
//! run with file, row and column; output files are written only when the whole run succeeded.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use linkage::settings::{
    AgeColumns, AtFallback, BlockingRule, Clustering, ComparisonSpec, FieldKind, FieldSpec, Guard, KeyPart, Level,
    NameParts, Part, Predicate, Settings, Training,
};
use serde::Deserialize;

/// What `aqiqat link` was asked to do.
pub(crate) struct LinkOptions {
    pub(crate) config: Option<PathBuf>,
    pub(crate) preset: Option<String>,
    pub(crate) data_dir: Option<PathBuf>,
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) output: PathBuf,
    pub(crate) pairs: Option<PathBuf>,
    pub(crate) explain: bool,
    pub(crate) threshold: Option<f64>,
    pub(crate) pairs_min_probability: f64,
}

/// What the run did, for the summary line.
pub(crate) struct LinkSummary {
    pub(crate) n_records: usize,
    pub(crate) n_sources: usize,
    pub(crate) n_clusters: u32,
    pub(crate) n_candidates: u64,
    pub(crate) n_pairs_written: Option<u64>,
    pub(crate) n_ambiguous: u32,
    pub(crate) warnings: Vec<String>,
}

/// The settings file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// Input files, relative to --data-dir when given (else to the settings file's folder).
    files: Vec<String>,
    /// The column holding each record's id.
    record_id: String,
    link_type: String,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    max_candidate_pairs: Option<u64>,
    #[serde(default)]
    skip_blocks_over: Option<u64>,
    #[serde(default)]
    unique_sources: Vec<String>,
    #[serde(default)]
    initials_rule: Option<bool>,
    #[serde(default)]
    veto_weight: Option<f64>,
    #[serde(default)]
    training: Option<TrainingFile>,
    #[serde(rename = "field")]
    fields: Vec<FieldFile>,
    blocking: Vec<Vec<String>>,
    #[serde(default, rename = "comparison")]
    comparisons: Vec<ComparisonFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainingFile {
    seed: Option<u64>,
    max_u_pairs: Option<u64>,
    max_iterations: Option<u32>,
    max_em_pairs: Option<u64>,
    tolerance: Option<f64>,
    prior_strength: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFile {
    name: String,
    kind: String,
    column: Option<String>,
    swap_with: Option<String>,
    term_frequency: Option<bool>,
    surname_column: Option<String>,
    given_column: Option<String>,
    patronymic_column: Option<String>,
    age_column: Option<String>,
    age_at_column: Option<String>,
    /// `none` (default) or `median`: what an age without its date is referred to.
    age_at_fallback: Option<String>,
    gender_from: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparisonFile {
    field: String,
    name: Option<String>,
    part: Option<String>,
    levels: Vec<LevelFile>,
    else_m: Option<f64>,
    else_u: Option<f64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    label: Option<String>,
    when: OneOrMany,
    #[serde(default)]
    term_frequency: bool,
    m: Option<f64>,
    u: Option<f64>,
}

/// Reads the settings file into engine settings and the input files it names.
pub(crate) fn read_config(path: &Path, data_dir: Option<&Path>) -> anyhow::Result<(Settings, Vec<PathBuf>, String)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message()))?;
    let context = |e: linkage::Error| anyhow::anyhow!("{}: {e}", path.display());
    let base = data_dir.map(Path::to_path_buf).unwrap_or_else(|| path.parent().unwrap_or(Path::new(".")).to_path_buf());
    let files = file.files.iter().map(|f| base.join(f)).collect();
    let mut fields = Vec::new();
    for f in &file.fields {
        let kind: FieldKind = f.kind.parse().map_err(context)?;
        let mut spec = FieldSpec::new(&f.name, kind);
        if let Some(column) = &f.column {
            spec.column = column.clone();
        }
        spec.swap_with = f.swap_with.clone();
        spec.gender_from = f.gender_from.clone();
        if let Some(tf) = f.term_frequency {
            spec.term_frequency = tf;
        }
        if f.surname_column.is_some() || f.given_column.is_some() || f.patronymic_column.is_some() {
            spec.parts = Some(NameParts {
                surname: f.surname_column.clone(),
                given: f.given_column.clone(),
                patronymic: f.patronymic_column.clone(),
            });
        }
        match (&f.age_column, &f.age_at_column) {
            (Some(age), Some(at)) => {
                let at_fallback = match &f.age_at_fallback {
                    Some(text) => text.parse().map_err(context)?,
                    None => AtFallback::None,
                };
                spec.age = Some(AgeColumns { age: age.clone(), at: at.clone(), at_fallback })
            }
            (None, None) => {}
            _ => bail!("{}: field `{}`: age_column and age_at_column go together", path.display(), f.name),
        }
        fields.push(spec);
    }
    let blocking = file
        .blocking
        .iter()
        .map(|keys| Ok(BlockingRule { keys: keys.iter().map(|k| k.parse::<KeyPart>()).collect::<Result<_, _>>()? }))
        .collect::<Result<Vec<_>, linkage::Error>>()
        .map_err(context)?;
    let mut comparisons = Vec::new();
    for c in &file.comparisons {
        let part: Part = c.part.as_deref().unwrap_or("whole").parse().map_err(context)?;
        let mut levels = Vec::new();
        for level in &c.levels {
            let texts = match &level.when {
                OneOrMany::One(t) => vec![t.clone()],
                OneOrMany::Many(ts) => ts.clone(),
            };
            let predicates =
                texts.iter().map(|t| t.parse::<Predicate>()).collect::<Result<Vec<_>, _>>().map_err(context)?;
            levels.push(Level {
                label: level.label.clone().unwrap_or_else(|| texts.join(" or ")),
                predicates,
                term_frequency: level.term_frequency,
                m: level.m,
                u: level.u,
            });
        }
        let name = c.name.clone().unwrap_or_else(|| match part {
            Part::Whole => c.field.clone(),
            _ => format!("{}.{}", c.field, part.as_str()),
        });
        comparisons.push(ComparisonSpec {
            name,
            field: c.field.clone(),
            part,
            levels,
            else_m: c.else_m,
            else_u: c.else_u,
        });
    }
    let mut training = Training::recommended();
    if let Some(t) = &file.training {
        training.seed = t.seed.unwrap_or(training.seed);
        training.max_u_pairs = t.max_u_pairs.unwrap_or(training.max_u_pairs);
        training.max_iterations = t.max_iterations.unwrap_or(training.max_iterations);
        training.max_em_pairs = t.max_em_pairs.unwrap_or(training.max_em_pairs);
        training.tolerance = t.tolerance.unwrap_or(training.tolerance);
        training.prior_strength = t.prior_strength.unwrap_or(training.prior_strength);
    }
    let mut clustering = Clustering::recommended();
    clustering.threshold = file.threshold.unwrap_or(clustering.threshold);
    clustering.unique_sources = file.unique_sources.clone();
    clustering.initials_rule = file.initials_rule.unwrap_or(clustering.initials_rule);
    clustering.veto_weight = file.veto_weight.unwrap_or(clustering.veto_weight);
    let settings = Settings {
        link_type: file.link_type.parse().map_err(context)?,
        fields,
        comparisons,
        blocking,
        training,
        clustering,
        guard: Guard {
            max_candidate_pairs: file.max_candidate_pairs.unwrap_or(DEFAULT_MAX_CANDIDATE_PAIRS),
            skip_blocks_over: file.skip_blocks_over,
            keep_pairs_from: KEEP_PAIRS_FROM,
        },
    };
    Ok((settings, files, file.record_id))
}

/// The default guard: 50 million candidate pairs per rule (about 1 GB of levels and weights).
const DEFAULT_MAX_CANDIDATE_PAIRS: u64 = 50_000_000;

/// Scored pairs below this probability are not kept (nor written with --pairs below it).
const KEEP_PAIRS_FROM: f64 = 0.001;

/// The settings of `--preset victims`: the standard victim-list layout
/// (`record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,
/// circumstances`).
fn victims_settings(n_inputs: usize) -> Settings {
    let mut settings = linkage::settings::victims(n_inputs);
    settings.guard.keep_pairs_from = KEEP_PAIRS_FROM;
    settings
}

/// The columns the settings read (the record id aside): other columns are not kept in memory.
pub(crate) fn needed_columns(settings: &Settings) -> Vec<String> {
    let mut columns = Vec::new();
    for field in &settings.fields {
        columns.push(field.column.clone());
        if let Some(parts) = &field.parts {
            columns.extend([&parts.surname, &parts.given, &parts.patronymic].into_iter().flatten().cloned());
        }
        if let Some(age) = &field.age {
            columns.extend([age.age.clone(), age.at.clone()]);
        }
    }
    columns
}

/// Reads one CSV file into a source: the record-id column and every other column by header name.
pub(crate) fn read_source(path: &Path, record_id: &str, needed: &[String]) -> anyhow::Result<linkage::Source> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .with_context(|| format!("{}: no file name", path.display()))?;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(std::io::BufReader::new(file));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| anyhow::anyhow!("{}, header: {}", path.display(), csv_problem(&e)))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let id_column = headers.iter().position(|h| h == record_id).with_context(|| {
        format!("{}: the header has no record id column `{record_id}` (it has {})", path.display(), headers.join(","))
    })?;
    let mut record_ids = Vec::new();
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); headers.len()];
    let keep: Vec<bool> = headers.iter().map(|h| needed.contains(h)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => bail!("{}, row {}: {}", path.display(), row + 1, csv_problem(&error)),
        }
        row += 1;
        let id = record.get(id_column).unwrap_or("").trim();
        if id.is_empty() {
            bail!("{}, row {row}, column {record_id}: the record id is empty", path.display());
        }
        if let Some(first) = seen.insert(id.to_owned(), row) {
            bail!(
                "{}, row {row}, column {record_id}: record id `{id}` appears twice (first in row {first})",
                path.display()
            );
        }
        record_ids.push(id.to_owned());
        for ((column, value), keep) in columns.iter_mut().zip(record.iter()).zip(&keep) {
            if *keep {
                column.push(value.to_owned());
            }
        }
    }
    let columns = headers
        .into_iter()
        .zip(columns)
        .enumerate()
        .filter(|(i, _)| *i != id_column && keep[*i])
        .map(|(_, (name, values))| linkage::Column { name, values })
        .collect();
    Ok(linkage::Source { name, record_ids, columns })
}

/// A CSV error in words: field counts and bad UTF-8 as the user sees them.
fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("found {len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_owned(),
        _ => error.to_string(),
    }
}

/// Progress on a terminal: one bar per stage.
struct Bar(indicatif::ProgressBar);

impl linkage::Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(name.to_owned());
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

/// Stage times on stderr (AQIQAT_LINK_TIMINGS).
struct Timings {
    last: std::sync::Mutex<(std::time::Instant, String)>,
}

impl linkage::Progress for Timings {
    fn stage(&self, name: &str, _total: u64) {
        let now = std::time::Instant::now();
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if name != last.1 {
            eprintln!("{:8.3} s  {}", (now - last.0).as_secs_f64(), last.1);
            *last = (now, name.to_owned());
        }
    }
}

/// Runs the linkage and writes the outputs.
pub(crate) fn link(options: &LinkOptions) -> anyhow::Result<LinkSummary> {
    let (mut settings, files, record_id) = match (&options.config, &options.preset) {
        (Some(config), None) => {
            if !options.inputs.is_empty() {
                bail!("--input goes with --preset; a settings file names its own input files");
            }
            read_config(config, options.data_dir.as_deref())?
        }
        (None, Some(preset)) if preset == "victims" => {
            if options.inputs.is_empty() {
                bail!("--preset victims needs at least one --input file");
            }
            let base = options.data_dir.clone().unwrap_or_default();
            let files = options.inputs.iter().map(|f| base.join(f)).collect();
            (victims_settings(options.inputs.len()), files, "record_id".to_owned())
        }
        (None, Some(other)) => bail!("unknown preset `{other}` (the only preset is `victims`)"),
        (Some(_), Some(_)) => bail!("give either --config or --preset, not both"),
        (None, None) => bail!("give --config FILE.toml or --preset victims"),
    };
    if let Some(threshold) = options.threshold {
        settings.clustering.threshold = threshold;
    }
    settings.guard.keep_pairs_from = settings.guard.keep_pairs_from.min(options.pairs_min_probability);
    let needed = needed_columns(&settings);
    let mut sources = Vec::with_capacity(files.len());
    for file in &files {
        let source = read_source(file, &record_id, &needed)?;
        if let Some(other) = sources.iter().position(|s: &linkage::Source| s.name == source.name) {
            bail!(
                "{} and {} have the same file stem `{}`: sources must be told apart",
                files[other].display(),
                file.display(),
                source.name
            );
        }
        sources.push(source);
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:40} [{bar:30}] {pos}/{len} {elapsed}")
                .expect("a fixed, valid template")
                .progress_chars("=> "),
        );
        Bar(bar)
    });
    // AQIQAT_LINK_TIMINGS=1: the time of each stage on stderr, for profiling.
    let timings = std::env::var_os("AQIQAT_LINK_TIMINGS")
        .is_some()
        .then(|| Timings { last: std::sync::Mutex::new((std::time::Instant::now(), "reading files".to_owned())) });
    if let Some(timings) = &timings {
        linkage::Progress::stage(timings, "preparing records", 0);
    }
    let progress: &dyn linkage::Progress = match (&bar, &timings) {
        (_, Some(timings)) => timings,
        (Some(bar), None) => bar,
        (None, None) => &linkage::Silent,
    };
    let result = linkage::link(&sources, &settings, progress);
    if let Some(bar) = &bar {
        bar.0.finish_and_clear();
    }
    if let Some(timings) = &timings {
        linkage::Progress::stage(timings, "writing outputs", 0);
    }
    let linkage = result.map_err(|error| match error {
        linkage::Error::BadValue { source_name, record_index, column, problem, .. } => {
            let file = sources
                .iter()
                .position(|s| s.name == source_name)
                .map_or_else(|| source_name.clone(), |i| files[i].display().to_string());
            anyhow::anyhow!("{file}, row {record_index}, column {column}: {problem}")
        }
        other => anyhow::Error::new(other),
    })?;
    let n_pairs_written = match &options.pairs {
        Some(path) => Some(write_pairs(path, &linkage, &sources, options)?),
        None => None,
    };
    write_clusters(&options.output, &linkage, &sources)?;
    Ok(LinkSummary {
        n_records: linkage.n_records(),
        n_sources: sources.len(),
        n_clusters: linkage.clusters.n_clusters,
        n_candidates: linkage.model.n_candidates,
        n_pairs_written,
        n_ambiguous: linkage.clusters.n_ambiguous,
        warnings: linkage.warnings.iter().map(ToString::to_string).collect(),
    })
}

/// Writes through a temporary file and renames it, so that a failed run leaves no partial output.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    let file = std::fs::File::create(&temporary).with_context(|| format!("cannot write {}", temporary.display()))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let result = write(&mut writer).and_then(|()| writer.flush().map_err(anyhow::Error::from));
    drop(writer);
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(error.context(format!("cannot write {}", path.display())));
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot move {} to {}", temporary.display(), path.display()))
}

fn write_clusters(path: &Path, linkage: &linkage::Linkage, sources: &[linkage::Source]) -> anyhow::Result<()> {
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["source", "record_id", "cluster_id"])?;
        let mut index = 0u32;
        for source in sources {
            for id in &source.record_ids {
                let cluster = linkage.clusters.cluster_of[index as usize].to_string();
                writer.write_record([source.name.as_str(), id.as_str(), cluster.as_str()])?;
                index += 1;
            }
        }
        writer.flush()?;
        Ok(())
    })
}

fn write_pairs(
    path: &Path,
    linkage: &linkage::Linkage,
    sources: &[linkage::Source],
    options: &LinkOptions,
) -> anyhow::Result<u64> {
    let mut n = 0u64;
    let mut selected: Vec<&linkage::ScoredPair> =
        linkage.pairs.iter().filter(|p| p.probability() >= options.pairs_min_probability).collect();
    selected.sort_by(|p, q| q.weight.total_cmp(&p.weight).then((p.left, p.right).cmp(&(q.left, q.right))));
    write_atomically(path, |out| {
        let mut writer = csv::Writer::from_writer(out);
        let mut header = vec![
            "source_l",
            "record_id_l",
            "source_r",
            "record_id_r",
            "match_weight",
            "match_probability",
            "blocking_rule",
        ];
        if options.explain {
            header.push("explanation");
        }
        writer.write_record(&header)?;
        for pair in &selected {
            let (l, r) = (linkage.record(pair.left), linkage.record(pair.right));
            let mut row = vec![
                sources[l.source].name.clone(),
                sources[l.source].record_ids[l.row].clone(),
                sources[r.source].name.clone(),
                sources[r.source].record_ids[r.row].clone(),
                format!("{:.3}", pair.weight),
                format!("{:.6}", pair.probability()),
                (usize::from(pair.rule) + 1).to_string(),
            ];
            if options.explain {
                row.push(linkage.explain(pair.left, pair.right).to_string());
            }
            writer.write_record(&row)?;
            n += 1;
        }
        writer.flush()?;
        Ok(())
    })?;
    Ok(n)
}
