//! `aqiqat demo --export-dedupe DIR`: writes the demo generator's large dedupe set and its truth as
//! CSV, for the linkage benchmark; needs no database.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

/// Writes `DIR/dedupe.csv` and `DIR/dedupe-truth.csv` and says on stderr what they hold.
///
/// Both files are written under `.partial` names and renamed once complete, so that a failed run
/// leaves no file that looks whole.
pub(crate) fn export(dir: &Path, config: &demo::DedupeConfig) -> anyhow::Result<()> {
    let started = Instant::now();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let records_path = dir.join(format!("{}.csv", demo::DEDUPE_SOURCE));
    let truth_path = dir.join(format!("{}-truth.csv", demo::DEDUPE_SOURCE));
    let records_partial = partial(&records_path);
    let truth_partial = partial(&truth_path);
    let written = write(config, &records_partial, &truth_partial);
    let summary = match written {
        Ok(summary) => summary,
        Err(error) => {
            let _ = std::fs::remove_file(&records_partial);
            let _ = std::fs::remove_file(&truth_partial);
            return Err(error);
        }
    };
    for (from, to) in [(&records_partial, &records_path), (&truth_partial, &truth_path)] {
        std::fs::rename(from, to).with_context(|| format!("cannot rename {} to {}", from.display(), to.display()))?;
    }

    let sizes = summary.cluster_sizes.iter().enumerate().map(|(i, n)| format!("{}: {n}", i + 1));
    let styles =
        demo::SourceStyle::ALL.iter().zip(summary.records_per_style).map(|(style, n)| format!("{} {n}", style.code()));
    eprintln!(
        "wrote {} records of {} persons (seed {}) to {} and their truth to {} in {:.2} s",
        summary.n_records,
        summary.n_entities,
        config.seed,
        records_path.display(),
        truth_path.display(),
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "persons by number of records: {}; {} true pairs",
        sizes.collect::<Vec<_>>().join(", "),
        summary.n_true_pairs()
    );
    eprintln!("records by style: {}", styles.collect::<Vec<_>>().join(", "));
    Ok(())
}

fn partial(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn write(config: &demo::DedupeConfig, records_path: &Path, truth_path: &Path) -> anyhow::Result<demo::DedupeSummary> {
    let create = |path: &Path| -> anyhow::Result<csv::Writer<File>> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        // A large buffer: a million records are about 100 MB.
        Ok(csv::WriterBuilder::new().buffer_capacity(1 << 20).from_writer(file))
    };
    let mut records = create(records_path)?;
    let mut truth = create(truth_path)?;
    let context = || format!("cannot write {} and {}", records_path.display(), truth_path.display());
    records.write_record(demo::DEDUPE_HEADER).with_context(context)?;
    truth.write_record(demo::DEDUPE_TRUTH_HEADER).with_context(context)?;
    let summary = demo::generate_dedupe(config, |record| {
        records.write_record(record.cells())?;
        truth.write_record([demo::DEDUPE_SOURCE, &record.record_id, &record.entity_id])
    })
    .with_context(context)?;
    records.flush().with_context(context)?;
    truth.flush().with_context(context)?;
    Ok(summary)
}
