//! `aqiqat screen score-pairs`: scores pairs of persons from a CSV file with the person match score
//! of the name engine, without a database.
//!
//! Input columns (by name, in any order): `pair_id,name_a,birth_date_a,gender_a,name_b,
//! birth_date_b,gender_b`. Output columns: `pair_id,score,decision,explanation`. A bad row stops
//! the run with its row number and column; the output file is written only when every row scored.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use names::morph::Gender;
use names::person::{BirthDate, Person, match_persons, score_persons};

/// What `score-pairs` needs.
pub(crate) struct ScorePairs {
    pub(crate) input: PathBuf,
    pub(crate) output: PathBuf,
    pub(crate) explain: bool,
    pub(crate) threshold: f64,
}

const COLUMNS: [&str; 7] = ["pair_id", "name_a", "birth_date_a", "gender_a", "name_b", "birth_date_b", "gender_b"];

fn parse_gender(text: &str) -> Option<Option<Gender>> {
    match text.trim() {
        "" => Some(None),
        "m" | "M" => Some(Some(Gender::Male)),
        "f" | "F" => Some(Some(Gender::Female)),
        _ => None,
    }
}

/// Scores every pair; returns the number of pairs and of matches.
pub(crate) fn score_pairs(options: &ScorePairs) -> anyhow::Result<(u64, u64)> {
    let input = &options.input;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(input)
        .with_context(|| format!("cannot read {}", input.display()))?;
    let headers = reader.headers().with_context(|| format!("{}: cannot read the header row", input.display()))?.clone();
    let mut index = [0usize; 7];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = headers.iter().position(|h| h.trim() == column).with_context(|| {
            format!("{}: the header has no column `{column}` (expected {})", input.display(), COLUMNS.join(","))
        })?;
    }
    let temporary = temporary_path(&options.output);
    let file = std::fs::File::create(&temporary).with_context(|| format!("cannot write {}", temporary.display()))?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    writer.write_record(["pair_id", "score", "decision", "explanation"])?;
    let (mut n_pairs, mut n_matches) = (0u64, 0u64);
    // Bytes, not strings: only the fields used are checked for UTF-8, once.
    let mut record = csv::ByteRecord::new();
    let mut lexicon = names::parse::Lexicon::new();
    let result = (|| -> anyhow::Result<()> {
        loop {
            let row = n_pairs + 1;
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => bail!("{}, row {row}: {error}", input.display()),
            }
            let mut fields = [""; 7];
            for (i, field) in fields.iter_mut().enumerate() {
                let bytes = record.get(index[i]).unwrap_or_default();
                *field = std::str::from_utf8(bytes).map_err(|_| {
                    anyhow::anyhow!("{}, row {row}, column {}: not valid UTF-8", input.display(), COLUMNS[i])
                })?;
            }
            let field = |i: usize| fields[i];
            let date = |i: usize| {
                BirthDate::parse(field(i))
                    .map_err(|e| anyhow::anyhow!("{}, row {row}, column {}: {e}", input.display(), COLUMNS[i]))
            };
            let gender = |i: usize| {
                parse_gender(field(i)).with_context(|| {
                    format!(
                        "{}, row {row}, column {}: `{}` is not a gender (expected m, f or nothing)",
                        input.display(),
                        COLUMNS[i],
                        field(i)
                    )
                })
            };
            for i in [1, 4] {
                if field(i).trim().is_empty() {
                    bail!("{}, row {row}, column {}: the name is empty", input.display(), COLUMNS[i]);
                }
            }
            let a = Person::with_lexicon(&mut lexicon, field(1), date(2)?, gender(3)?);
            let b = Person::with_lexicon(&mut lexicon, field(4), date(5)?, gender(6)?);
            let (score, explanation) = if options.explain {
                let result = match_persons(&a, &b);
                (result.score, result.explanation.join("; "))
            } else {
                (score_persons(&a, &b), String::new())
            };
            let is_match = score >= options.threshold;
            n_matches += u64::from(is_match);
            let score = four_decimals(score);
            writer.write_record([field(0), &score, if is_match { "match" } else { "no-match" }, &explanation])?;
            n_pairs += 1;
        }
        Ok(())
    })();
    if let Err(error) = result {
        drop(writer);
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    let mut inner = writer.into_inner().map_err(|e| anyhow::anyhow!("cannot write {}: {e}", temporary.display()))?;
    inner.flush()?;
    drop(inner);
    std::fs::rename(&temporary, &options.output)
        .with_context(|| format!("cannot move {} to {}", temporary.display(), options.output.display()))?;
    Ok((n_pairs, n_matches))
}

/// `0.1234`: a score in [0, 1] with four decimals, without the float formatter's general path.
fn four_decimals(score: f64) -> String {
    let units = (score.clamp(0.0, 1.0) * 10_000.0).round() as u32;
    let mut text = String::with_capacity(6);
    text.push(char::from(b'0' + (units / 10_000) as u8));
    text.push('.');
    for divisor in [1000, 100, 10, 1] {
        text.push(char::from(b'0' + (units / divisor % 10) as u8));
    }
    text
}

fn temporary_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    output.with_file_name(name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn scores_have_four_decimals() {
        assert_eq!(super::four_decimals(0.0), "0.0000");
        assert_eq!(super::four_decimals(0.12345), "0.1235");
        assert_eq!(super::four_decimals(0.99999), "1.0000");
        assert_eq!(super::four_decimals(1.0), "1.0000");
    }
}
