//! `aqiqat import` and `aqiqat registry …`: importing a list into a source, linking sources into
//! the victim registry, and exporting capture histories, over an open database.
//!
//! The commands act as the system actor (whoever holds the database file administers it) and
//! show progress bars on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use domain::access::Actor;
use domain::entity::{Reliability, SourceKind};
use domain::id::SourceId;
use domain::registry::{ColumnMapping, VictimField};

/// Problems printed by `import` before the rest are only counted.
const MAX_PROBLEMS_SHOWN: usize = 100;

/// What `aqiqat import` was asked to do.
pub(crate) struct ImportOptions {
    pub(crate) file: PathBuf,
    pub(crate) source_id: Option<String>,
    pub(crate) source_title: Option<String>,
    pub(crate) source_kind: SourceKind,
    pub(crate) publisher: String,
    pub(crate) reliability: Reliability,
    /// `field=column` pairs.
    pub(crate) map: Vec<String>,
}

/// A progress bar on a terminal, or nothing.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        Bar(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg:32} [{bar:30}] {pos}/{len} {elapsed}")
                    .expect("a fixed, valid template")
                    .progress_chars("=> "),
            );
            bar
        }))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl app::Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(0);
            bar.set_message(name.to_owned());
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }
}

fn parse_mapping(pairs: &[String]) -> anyhow::Result<Option<ColumnMapping>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut mapped = Vec::new();
    for pair in pairs {
        let Some((field, column)) = pair.split_once('=') else {
            bail!("--map {pair}: expected FIELD=COLUMN, e.g. full_name=ФИО");
        };
        let field = VictimField::parse(field.trim()).map_err(|_| {
            let fields: Vec<&str> = VictimField::ALL.iter().map(|f| f.as_str()).collect();
            anyhow::anyhow!("--map {pair}: unknown field `{field}` (one of {})", fields.join(", "))
        })?;
        mapped.push((field, column.to_owned()));
    }
    Ok(Some(ColumnMapping::from_pairs(mapped)))
}

/// The source with exactly this title, if one exists.
async fn source_titled(app: &app::App, title: &str) -> anyhow::Result<Option<SourceId>> {
    let mut after: Option<String> = None;
    loop {
        let page = app.sources(&Actor::System, after.as_deref(), app::MAX_PAGE).await?;
        if let Some(found) = page.items.iter().find(|s| s.title == title) {
            return Ok(Some(SourceId::parse(&found.id)?));
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(None),
        }
    }
}

pub(crate) async fn import(app: &app::App, options: ImportOptions, now: domain::date::Timestamp) -> anyhow::Result<()> {
    let started = Instant::now();
    let bytes = std::fs::read(&options.file).with_context(|| format!("cannot read {}", options.file.display()))?;
    let file_name = options
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("{}: no file name", options.file.display()))?;
    let target = match (&options.source_id, &options.source_title) {
        (Some(id), None) => app::ImportTarget::Existing(SourceId::parse(id)?),
        (None, Some(title)) => match source_titled(app, title).await? {
            Some(id) => app::ImportTarget::Existing(id),
            None => app::ImportTarget::New(app::NewSource {
                title: title.clone(),
                kind: options.source_kind,
                publisher: options.publisher.clone(),
                reliability: options.reliability,
            }),
        },
        _ => bail!("give --source-id ID or --source-title TITLE"),
    };
    let request = app::ImportRequest { target, file_name, bytes, mapping: parse_mapping(&options.map)? };
    let bar = Arc::new(Bar::new());
    let result = app.import_list(&Actor::System, now, request, bar.clone()).await;
    bar.finish();
    let report = result?;
    let import = &report.import;
    let shown = options.file.display();
    for problem in import.problems.iter().take(MAX_PROBLEMS_SHOWN) {
        let column = if problem.column.is_empty() { "(whole row)".to_owned() } else { problem.column.clone() };
        eprintln!("{shown}, row {}, column {column}: `{}`: {}", problem.row, problem.value, problem.kind);
    }
    if import.problems.len() > MAX_PROBLEMS_SHOWN {
        eprintln!("... and {} more problems (all on the import's page)", import.problems.len() - MAX_PROBLEMS_SHOWN);
    }
    eprintln!(
        "imported {} records from {shown} into `{}` ({}) as import {} with {} problems in {:.2} s",
        import.n_records,
        report.source.title,
        report.source.id,
        import.id,
        import.problems.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub(crate) async fn link(app: &app::App, source_ids: &[String], now: domain::date::Timestamp) -> anyhow::Result<()> {
    let started = Instant::now();
    let source_ids = source_ids.iter().map(|id| SourceId::parse(id)).collect::<Result<Vec<_>, _>>()?;
    let bar = Arc::new(Bar::new());
    let result = app.link_sources(&Actor::System, now, app::LinkRequest { source_ids }, bar.clone()).await;
    bar.finish();
    let report = result?;
    let run = &report.run;
    for warning in &run.warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!(
        "linked {} records from {} lists into {} persons ({} candidate pairs, {} kept; {} records moved, {} new \
         persons, {} decisions not honoured; {} pairs waiting for review) in {:.2} s; link run {}",
        run.n_records,
        run.source_ids.len(),
        run.n_persons,
        run.n_candidates,
        run.n_pairs_kept,
        report.n_moved,
        report.n_new_persons,
        run.n_conflicts,
        report.n_queue,
        started.elapsed().as_secs_f64(),
        run.id
    );
    Ok(())
}

pub(crate) async fn capture_histories(app: &app::App, by: Option<&str>, output: &Path) -> anyhow::Result<()> {
    let by = match by {
        None => None,
        Some(text) => {
            Some(app::Stratify::parse(text).with_context(|| format!("--by {text}: expected place or period"))?)
        }
    };
    let table = app.capture_histories(&Actor::System, by).await?;
    std::fs::write(output, table.to_csv()).with_context(|| format!("cannot write {}", output.display()))?;
    let strata = if table.by.is_some() { format!(" in {} strata", table.strata.len()) } else { String::new() };
    eprintln!(
        "wrote {}: {} persons over {} lists ({}){strata}",
        output.display(),
        table.n_persons(),
        table.columns.len(),
        table.columns.join(", ")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_are_read_from_field_column_pairs() {
        let mapping = parse_mapping(&["full_name=ФИО".to_owned(), "place=Город, район".to_owned()]).unwrap().unwrap();
        assert_eq!(mapping.column(VictimField::FullName), Some("ФИО"));
        assert_eq!(mapping.column(VictimField::Place), Some("Город, район"));
        assert!(parse_mapping(&["name=ФИО".to_owned()]).unwrap_err().to_string().contains("unknown field `name`"));
        assert!(parse_mapping(&["ФИО".to_owned()]).is_err());
        assert_eq!(parse_mapping(&[]).unwrap(), None);
    }
}
