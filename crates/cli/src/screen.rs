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
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    // The whole file is checked for UTF-8 once; a bad byte is reported with its row.
    let text = simdutf8::compat::from_utf8(&bytes).map_err(|error| {
        let row = bytes[..error.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        anyhow::anyhow!("{}, row {row}: not valid UTF-8", input.display())
    })?;
    let temporary = temporary_path(&options.output);
    let file = std::fs::File::create(&temporary).with_context(|| format!("cannot write {}", temporary.display()))?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    let mut scorer =
        Scorer { options, writer: &mut writer, lexicon: names::parse::Lexicon::new(), n_pairs: 0, n_matches: 0 };
    // Files without quotes (the usual case) are split by hand; others go through the CSV reader.
    let result = if text.contains('"') { read_quoted(text, &mut scorer) } else { read_plain(text, &mut scorer) };
    let (n_pairs, n_matches) = (scorer.n_pairs, scorer.n_matches);
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

/// Where each input column is, from the header row.
fn column_index(input: &Path, headers: &[&str]) -> anyhow::Result<[usize; 7]> {
    let mut index = [0usize; 7];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = headers.iter().position(|h| h.trim() == column).with_context(|| {
            format!("{}: the header has no column `{column}` (expected {})", input.display(), COLUMNS.join(","))
        })?;
    }
    Ok(index)
}

fn read_plain(text: &str, scorer: &mut Scorer<'_>) -> anyhow::Result<()> {
    let input = &scorer.options.input;
    let (header_line, body) = text.split_once('\n').unwrap_or((text, ""));
    let header: Vec<&str> = header_line.strip_suffix('\r').unwrap_or(header_line).split(',').collect();
    let index = column_index(input, &header)?;
    scorer.write_header()?;
    // One pass over the bytes: commas end fields, newlines end rows. Both are ASCII, so every cut
    // falls on a character boundary of the (already validated) text.
    let bytes = body.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(header.len());
    let mut start = 0;
    for at in memchr::memchr2_iter(b',', b'\n', bytes) {
        match bytes[at] {
            b',' => {
                fields.push(&body[start..at]);
                start = at + 1;
            }
            _ => {
                let end = if at > start && bytes[at - 1] == b'\r' { at - 1 } else { at };
                fields.push(&body[start..end]);
                start = at + 1;
                score_plain_row(scorer, &fields, &header, &index)?;
                fields.clear();
            }
        }
    }
    if start < bytes.len() {
        let rest = &body[start..];
        fields.push(rest.strip_suffix('\r').unwrap_or(rest));
        score_plain_row(scorer, &fields, &header, &index)?;
    }
    Ok(())
}

/// Scores one row of a plain file; a blank line is skipped.
fn score_plain_row(
    scorer: &mut Scorer<'_>,
    fields: &[&str],
    header: &[&str],
    index: &[usize; 7],
) -> anyhow::Result<()> {
    if fields.len() == 1 && fields[0].is_empty() {
        return Ok(());
    }
    if fields.len() != header.len() {
        bail!(
            "{}, row {}: found {} fields, but the header has {}",
            scorer.options.input.display(),
            scorer.n_pairs + 1,
            fields.len(),
            header.len()
        );
    }
    scorer.score(std::array::from_fn(|i| fields[index[i]]))
}

fn read_quoted(text: &str, scorer: &mut Scorer<'_>) -> anyhow::Result<()> {
    let input = &scorer.options.input;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers = reader.headers().with_context(|| format!("{}: cannot read the header row", input.display()))?.clone();
    let index = column_index(input, &headers.iter().collect::<Vec<_>>())?;
    scorer.write_header()?;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => bail!("{}, row {}: {error}", input.display(), scorer.n_pairs + 1),
        }
        scorer.score(std::array::from_fn(|i| record.get(index[i]).unwrap_or("")))?;
    }
    Ok(())
}

/// Scores rows one by one and writes the results.
struct Scorer<'a> {
    options: &'a ScorePairs,
    writer: &'a mut csv::Writer<std::io::BufWriter<std::fs::File>>,
    lexicon: names::parse::Lexicon,
    n_pairs: u64,
    n_matches: u64,
}

impl Scorer<'_> {
    fn write_header(&mut self) -> anyhow::Result<()> {
        Ok(self.writer.write_record(["pair_id", "score", "decision", "explanation"])?)
    }

    /// Scores one row, given its fields in the order of [`COLUMNS`].
    fn score(&mut self, fields: [&str; 7]) -> anyhow::Result<()> {
        let (input, row) = (&self.options.input, self.n_pairs + 1);
        let date = |i: usize| {
            BirthDate::parse(fields[i])
                .map_err(|e| anyhow::anyhow!("{}, row {row}, column {}: {e}", input.display(), COLUMNS[i]))
        };
        let gender = |i: usize| {
            parse_gender(fields[i]).with_context(|| {
                format!(
                    "{}, row {row}, column {}: `{}` is not a gender (expected m, f or nothing)",
                    input.display(),
                    COLUMNS[i],
                    fields[i]
                )
            })
        };
        for i in [1, 4] {
            if fields[i].trim().is_empty() {
                bail!("{}, row {row}, column {}: the name is empty", input.display(), COLUMNS[i]);
            }
        }
        let a = Person::with_lexicon(&mut self.lexicon, fields[1], date(2)?, gender(3)?);
        let b = Person::with_lexicon(&mut self.lexicon, fields[4], date(5)?, gender(6)?);
        let (score, explanation) = if self.options.explain {
            let result = match_persons(&a, &b);
            (result.score, result.explanation.join("; "))
        } else {
            (score_persons(&a, &b), String::new())
        };
        let is_match = score >= self.options.threshold;
        self.n_matches += u64::from(is_match);
        let score = four_decimals(score);
        let decision: &[u8] = if is_match { b"match" } else { b"no-match" };
        self.writer.write_record([fields[0].as_bytes(), &score, decision, explanation.as_bytes()])?;
        self.n_pairs += 1;
        Ok(())
    }
}

/// `0.1234`: a score in [0, 1] with four decimals, on the stack, without the float formatter.
fn four_decimals(score: f64) -> [u8; 6] {
    let units = (score.clamp(0.0, 1.0) * 10_000.0).round() as u32;
    let digit = |divisor: u32| b'0' + (units / divisor % 10) as u8;
    [digit(10_000), b'.', digit(1000), digit(100), digit(10), digit(1)]
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
        assert_eq!(&super::four_decimals(0.0), b"0.0000");
        assert_eq!(&super::four_decimals(0.12345), b"0.1235");
        assert_eq!(&super::four_decimals(0.99999), b"1.0000");
        assert_eq!(&super::four_decimals(1.0), b"1.0000");
    }
}
