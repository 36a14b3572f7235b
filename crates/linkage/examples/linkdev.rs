//! A development harness for the linkage engine: runs the victims preset on CSV files in the
//! standard victim-list layout, prints the time of each stage, what blocking yielded and, given the
//! truth, how many true pairs blocking reached and the pairwise precision and recall of the
//! clusters.
//!
//!     cargo run --release -p linkage --example linkdev -- [--truth TRUTH.csv] [--all-pairs] A.csv [B.csv ...]
//!
//! The truth is `source,record_id,entity_id` or the demo's `list,record_id,person_key`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use linkage::{Column, Progress, Source};

struct Timer {
    start: Instant,
    last: Mutex<(Instant, String)>,
}

impl Progress for Timer {
    fn stage(&self, name: &str, total: u64) {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap();
        if !last.1.is_empty() {
            eprintln!("  {:>7.3} s  {}", (now - last.0).as_secs_f64(), last.1);
        }
        *last = (now, format!("{name} ({total})"));
    }
}

/// The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines).
fn csv_rows(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn read(path: &str) -> Source {
    let name = std::path::Path::new(path).file_stem().unwrap().to_string_lossy().into_owned();
    let mut rows = csv_rows(path).into_iter();
    let headers = rows.next().unwrap();
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); headers.len()];
    for row in rows {
        for (c, v) in columns.iter_mut().zip(row) {
            c.push(v);
        }
    }
    let id = headers.iter().position(|h| h == "record_id").unwrap();
    let record_ids = std::mem::take(&mut columns[id]);
    let columns = headers
        .into_iter()
        .zip(columns)
        .enumerate()
        .filter(|(i, _)| *i != id)
        .map(|(_, (name, values))| Column { name, values })
        .collect();
    Source { name, record_ids, columns }
}

fn main() {
    let mut truth_path = None;
    let mut all_pairs = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--truth" => truth_path = args.next(),
            "--all-pairs" => all_pairs = true,
            _ => files.push(a),
        }
    }
    let t0 = Instant::now();
    let sources: Vec<Source> = files.iter().map(|f| read(f)).collect();
    eprintln!(
        "read {} records in {:.3} s",
        sources.iter().map(Source::n_records).sum::<usize>(),
        t0.elapsed().as_secs_f64()
    );
    let mut settings = linkage::settings::victims(sources.len());
    if all_pairs {
        settings.guard.keep_pairs_from = 0.0;
    }
    // LINKDEV_RULES="name-keys(name) max 500; given(name) & birth_date": other blocking rules.
    if let Ok(rules) = std::env::var("LINKDEV_RULES") {
        settings.blocking = rules
            .split(';')
            .map(|rule| {
                let (keys, max) = match rule.split_once(" max ") {
                    Some((k, m)) => (k, Some(m.trim().parse::<u64>().unwrap())),
                    None => (rule, None),
                };
                let mut pieces = keys.split(" where ");
                let keys = pieces.next().unwrap();
                let mut r =
                    linkage::settings::BlockingRule::new(keys.split('&').map(|k| k.trim().parse().unwrap()).collect());
                r.keys.extend(
                    pieces.map(|c| linkage::settings::KeyPart::Where(format!("where {}", c.trim()).parse().unwrap())),
                );
                r.keys.extend(max.map(linkage::settings::KeyPart::MaxBlock));
                r
            })
            .collect();
    }
    if let Ok(bits) = std::env::var("LINKDEV_INITIALS") {
        settings.clustering.initials_weight = bits.parse().ok();
    }
    if let Ok(bits) = std::env::var("LINKDEV_SPARSE") {
        settings.clustering.sparse_weight = bits.parse().ok();
    }
    if let Ok(strength) = std::env::var("LINKDEV_PRIOR") {
        settings.training.prior_strength = strength.parse().unwrap();
    }
    if let Ok(bits) = std::env::var("LINKDEV_VETO") {
        settings.clustering.veto_weight = bits.parse().unwrap();
    }
    if let Ok(t) = std::env::var("LINKDEV_THRESHOLD") {
        settings.clustering.threshold = t.parse().unwrap();
    }
    if let Ok(n) = std::env::var("LINKDEV_EM") {
        settings.training.max_iterations = n.parse().unwrap();
    }
    if let Ok(max) = std::env::var("LINKDEV_MAX_PAIRS") {
        settings.guard.max_candidate_pairs = max.parse().unwrap();
    }
    let timer = Timer { start: Instant::now(), last: Mutex::new((Instant::now(), String::new())) };
    let linkage = linkage::link(&sources, &settings, &timer).unwrap();
    timer.stage("", 0);
    eprintln!("linked in {:.3} s", timer.start.elapsed().as_secs_f64());
    for (r, report) in linkage.blocking.iter().enumerate() {
        eprintln!(
            "rule {}: {} estimated, {} new pairs, largest block {}: {}",
            r + 1,
            report.n_pairs_estimated,
            report.n_pairs,
            report.largest_block,
            report.rule
        );
    }
    for w in &linkage.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "{} candidates, {} kept, {} clusters, {} ambiguous, {} refused; λ {:.3e} (within one source {:?}), EM {} iterations",
        linkage.model.n_candidates,
        linkage.pairs.len(),
        linkage.clusters.n_clusters,
        linkage.clusters.n_ambiguous,
        linkage.clusters.n_refused,
        linkage.model.lambda,
        linkage.model.lambda_same_source,
        linkage.model.em_iterations
    );
    for c in &linkage.model.comparisons {
        let levels: Vec<String> =
            c.levels.iter().map(|l| format!("{} m {:.3} u {:.1e} {:+.1}", l.label, l.m, l.u, l.weight)).collect();
        eprintln!("  {}: {}", c.name, levels.join("; "));
    }
    // LINKDEV_OUT=DIR: the clusters and the scored pairs with their waterfalls, as `aqiqat link
    // --output DIR/c.csv --pairs DIR/p.csv --explain --pairs-min-probability 0.001` writes them (for
    // bench/link/errors.py) without building the command line.
    if let Ok(dir) = std::env::var("LINKDEV_OUT") {
        write_outputs(std::path::Path::new(&dir), &sources, &linkage);
    }
    let Some(truth_path) = truth_path else { return };
    // Truth: (source, id) -> entity.
    let mut truth: HashMap<(String, String), String> = HashMap::new();
    for r in csv_rows(&truth_path).into_iter().skip(1) {
        truth.insert((r[0].clone(), r[1].clone()), r[2].clone());
    }
    let n = linkage.n_records();
    let mut entity_ids: HashMap<&str, u32> = HashMap::new();
    let entity: Vec<u32> = (0..n as u32)
        .map(|r| {
            let at = linkage.record(r);
            let s = &sources[at.source];
            let e = truth.get(&(s.name.clone(), s.record_ids[at.row].clone())).expect("record in truth");
            let k = entity_ids.len() as u32;
            *entity_ids.entry(e.as_str()).or_insert(k)
        })
        .collect();
    let c2 = |k: u64| k * k.saturating_sub(1) / 2;
    let mut ent_size: HashMap<u32, u64> = HashMap::new();
    let mut clu_size: HashMap<u32, u64> = HashMap::new();
    let mut cell: HashMap<(u32, u32), u64> = HashMap::new();
    for (&e, &c) in entity.iter().zip(&linkage.clusters.cluster_of) {
        *ent_size.entry(e).or_default() += 1;
        *clu_size.entry(c).or_default() += 1;
        *cell.entry((e, c)).or_default() += 1;
    }
    let true_pairs: u64 = ent_size.values().map(|&k| c2(k)).sum();
    let predicted: u64 = clu_size.values().map(|&k| c2(k)).sum();
    let tp: u64 = cell.values().map(|&k| c2(k)).sum();
    let (p, r) = (tp as f64 / predicted.max(1) as f64, tp as f64 / true_pairs.max(1) as f64);
    eprintln!(
        "clusters: P {p:.4} R {r:.4} F1 {:.4} (true {true_pairs}, predicted {predicted}, correct {tp})",
        2.0 * p * r / (p + r)
    );
    if let Ok(thresholds) = std::env::var("LINKDEV_SWEEP") {
        for t in thresholds.split(',') {
            let clustering =
                linkage::settings::Clustering { threshold: t.parse().unwrap(), ..settings.clustering.clone() };
            let clusters = linkage.recluster(&sources, &settings, &clustering);
            let mut clu_size: HashMap<u32, u64> = HashMap::new();
            let mut cell: HashMap<(u32, u32), u64> = HashMap::new();
            for (&e, &c) in entity.iter().zip(&clusters.cluster_of) {
                *clu_size.entry(c).or_default() += 1;
                *cell.entry((e, c)).or_default() += 1;
            }
            let predicted: u64 = clu_size.values().map(|&k| c2(k)).sum();
            let tp: u64 = cell.values().map(|&k| c2(k)).sum();
            let (p, r) = (tp as f64 / predicted.max(1) as f64, tp as f64 / true_pairs.max(1) as f64);
            eprintln!("threshold {t}: P {p:.4} R {r:.4} F1 {:.4}", 2.0 * p * r / (p + r));
        }
    }
    let true_kept = linkage.pairs.iter().filter(|q| entity[q.left as usize] == entity[q.right as usize]).count();
    let mut per_rule = vec![(0u64, 0u64); linkage.blocking.len()];
    for q in &linkage.pairs {
        per_rule[q.rule as usize].0 += 1;
        per_rule[q.rule as usize].1 += u64::from(entity[q.left as usize] == entity[q.right as usize]);
    }
    for (r, (n, t)) in per_rule.iter().enumerate() {
        eprintln!("  rule {}: {n} kept pairs, {t} true", r + 1);
    }
    eprintln!(
        "true pairs among kept pairs: {true_kept} ({:.4} of true){}",
        true_kept as f64 / true_pairs.max(1) as f64,
        if all_pairs { " = blocking recall" } else { "" }
    );
    if std::env::var_os("LINKDEV_FP").is_some() {
        let t = settings.clustering.threshold;
        let show = |r: u32| {
            let at = linkage.record(r);
            let s = &sources[at.source];
            let cols: Vec<&str> =
                ["full_name", "surname", "given_name", "patronymic", "birth_date", "age", "death_date"]
                    .iter()
                    .map(|c| s.column(c).map_or("", |v| v[at.row].as_str()))
                    .collect();
            format!("{}:{} {}", s.name, s.record_ids[at.row], cols.join("|"))
        };
        let mut shown = 0;
        for q in &linkage.pairs {
            if q.probability() >= t && entity[q.left as usize] != entity[q.right as usize] && shown < 40 {
                shown += 1;
                eprintln!("FP\n  {}\n  {}\n  {}", show(q.left), show(q.right), linkage.explain(q.left, q.right));
            }
        }
    }
    // Components reachable through kept pairs of the same entity: how many entities blocking split.
    if std::env::var_os("LINKDEV_MISSES").is_some() {
        let mut by_entity: HashMap<u32, Vec<u32>> = HashMap::new();
        for r in 0..n as u32 {
            by_entity.entry(entity[r as usize]).or_default().push(r);
        }
        let kept: std::collections::HashSet<(u32, u32)> = linkage.pairs.iter().map(|q| (q.left, q.right)).collect();
        let mut shown = 0;
        let show = |r: u32| {
            let at = linkage.record(r);
            let s = &sources[at.source];
            let cols: Vec<&str> =
                ["full_name", "surname", "given_name", "patronymic", "birth_date", "age", "death_date"]
                    .iter()
                    .map(|c| s.column(c).map_or("", |v| v[at.row].as_str()))
                    .collect();
            format!(
                "{}:{} c{} {}",
                s.name,
                s.record_ids[at.row],
                linkage.clusters.cluster_of[r as usize],
                cols.join("|")
            )
        };
        for members in by_entity.values() {
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    let (x, y) = (a.min(b), a.max(b));
                    let split = linkage.clusters.cluster_of[x as usize] != linkage.clusters.cluster_of[y as usize];
                    let only_unblocked = std::env::var("LINKDEV_MISSES").as_deref() == Ok("unblocked");
                    if split && shown < 60 && !(only_unblocked && kept.contains(&(x, y))) {
                        shown += 1;
                        let w = linkage.explain(x, y);
                        eprintln!(
                            "MISS {}\n  {}\n  {}\n  {w}",
                            if kept.contains(&(x, y)) { "scored" } else { "unblocked" },
                            show(x),
                            show(y)
                        );
                    }
                }
            }
        }
    }
}

/// A CSV field, quoted when needed.
fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

fn write_outputs(dir: &std::path::Path, sources: &[Source], linkage: &linkage::Linkage) {
    use std::fmt::Write as _;
    let label = |r: u32| {
        let at = linkage.record(r);
        (sources[at.source].name.as_str(), sources[at.source].record_ids[at.row].as_str())
    };
    let mut clusters = String::from("source,record_id,cluster_id\n");
    for r in 0..linkage.n_records() as u32 {
        let (s, id) = label(r);
        writeln!(clusters, "{},{},{}", quote(s), quote(id), linkage.clusters.cluster_of[r as usize]).unwrap();
    }
    std::fs::write(dir.join("c.csv"), clusters).unwrap();
    let mut pairs = String::from(
        "source_l,record_id_l,source_r,record_id_r,match_weight,match_probability,blocking_rule,explanation\n",
    );
    for q in linkage.pairs.iter().filter(|q| q.probability() >= 0.001) {
        let ((sl, il), (sr, ir)) = (label(q.left), label(q.right));
        let explanation = linkage.explain(q.left, q.right).to_string();
        writeln!(
            pairs,
            "{},{},{},{},{:.3},{:.6},{},{}",
            quote(sl),
            quote(il),
            quote(sr),
            quote(ir),
            q.weight,
            q.probability(),
            q.rule + 1,
            quote(&explanation)
        )
        .unwrap();
    }
    std::fs::write(dir.join("p.csv"), pairs).unwrap();
}
