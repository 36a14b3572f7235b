//! The victim registry through the use cases, on SQLite and PostgreSQL: imports of CSV and XLSX
//! files, linking the demo's lists, the review queue, merges and splits and their undoing,
//! decisions honoured by re-linking, capture histories, and who may do what.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use app::{App, ImportRequest, ImportTarget, LinkRequest, NewSource, RegistryFilter, Silent, Stratify};
use domain::access::Actor;
use domain::entity::{Reliability, Role, SourceKind};
use domain::id::{PersonId, RecordId, UserId};
use domain::registry::{ColumnMapping, ProblemKind, RegistryStatus, Verdict, VictimField};

use crate::{loaded, now};

fn investigator() -> Actor {
    Actor::User { id: UserId::from_bits(77), role: Role::Investigator }
}

fn new_source(title: &str) -> ImportTarget {
    ImportTarget::New(NewSource {
        title: title.to_owned(),
        kind: SourceKind::NgoList,
        publisher: "Test NGO".to_owned(),
        reliability: Reliability::B,
    })
}

fn request(target: ImportTarget, file_name: &str, bytes: Vec<u8>) -> ImportRequest {
    ImportRequest { target, file_name: file_name.to_owned(), bytes, mapping: None }
}

const LIST: &str = "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances\n\
    N-1,Ерлан Серікбаев,,,,1985-03-02,,m,2022-01-05,Алматы,огнестрельное ранение\n\
    N-2,Айгерим Нурланова,,,,,36,f,2022-01-06,Almaty,\n\
    N-3,Болат Жумабаев,,,,1970-13-01,,x,2022-01-05,Талдыкорган,\n";

/// Every record and the person it is attached to.
async fn assignment(app: &App, scenario: &demo::Scenario) -> BTreeMap<RecordId, Option<PersonId>> {
    let mut out = BTreeMap::new();
    for list in &scenario.lists {
        for record in &list.records {
            out.insert(record.id.clone(), app.record(&Actor::System, record.id.as_str()).await.unwrap().person_id);
        }
    }
    out
}

/// Pairwise precision, recall and F1 of the registry against the demo's ground truth.
async fn pairwise_f1(app: &App, scenario: &demo::Scenario) -> (f64, f64, f64) {
    let persons = assignment(app, scenario).await;
    let mut truth_of: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in &scenario.truth.rows {
        truth_of.insert((row.list.to_owned(), row.record_id.clone()), row.person_key.clone());
    }
    let mut records = Vec::new();
    for list in &scenario.lists {
        for record in &list.records {
            let key = (list.key.to_owned(), record.source_record_id.clone().unwrap_or_default());
            records.push((persons[&record.id].clone().unwrap(), truth_of[&key].clone()));
        }
    }
    let (mut tp, mut predicted, mut actual) = (0u64, 0u64, 0u64);
    for i in 0..records.len() {
        for j in i + 1..records.len() {
            let same_person = records[i].0 == records[j].0;
            let same_truth = records[i].1 == records[j].1;
            tp += u64::from(same_person && same_truth);
            predicted += u64::from(same_person);
            actual += u64::from(same_truth);
        }
    }
    let precision = tp as f64 / predicted.max(1) as f64;
    let recall = tp as f64 / actual.max(1) as f64;
    (precision, recall, 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE))
}

async fn csv_imports_keep_every_row_and_report_problems(app: App) {
    let report = app
        .import_list(
            &investigator(),
            now(),
            request(new_source("NGO list"), "ngo.csv", LIST.as_bytes().to_vec()),
            Arc::new(Silent),
        )
        .await
        .unwrap();
    assert_eq!(report.import.n_records, 3);
    let problems: Vec<(u32, &str, ProblemKind)> =
        report.import.problems.iter().map(|p| (p.row, p.column.as_str(), p.kind)).collect();
    assert_eq!(problems, [(3, "birth_date", ProblemKind::BadDate), (3, "gender", ProblemKind::BadGender)],);
    let source = app.source(&Actor::System, report.source.id.as_str()).await.unwrap();
    assert_eq!(source.n_records, 3);
    assert_eq!(source.imports.len(), 1);
    assert_eq!(source.mapping, Some(ColumnMapping::standard()));
    let third = &source.records[2];
    assert_eq!(third.verbatim[5], ("birth_date".to_owned(), "1970-13-01".to_owned()), "kept verbatim");
    assert_eq!(third.fields.birth_date, None);
    assert_eq!(third.fields.full_name.as_deref(), Some("Болат Жумабаев"));
    // The same bytes again, under any name and into any source, are refused.
    let again = app
        .import_list(
            &investigator(),
            now(),
            request(new_source("Copy"), "copy.csv", LIST.as_bytes().to_vec()),
            Arc::new(Silent),
        )
        .await
        .unwrap_err();
    assert!(again.to_string().contains("was imported before, as ngo.csv"), "{again}");
    let detail = app.import_detail(&Actor::System, report.import.id.as_str()).await.unwrap();
    assert_eq!(detail.import.problems, report.import.problems);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn xlsx_imports_use_the_saved_mapping(app: App) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: [[&str; 4]; 3] = [
        ["ФИО", "Возраст", "Дата гибели", "Город"],
        ["Серикбаев Ерлан", "41", "", "г. Алматы"],
        ["Нурланова Айгерим", "сорок", "", "Алматы"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 1, 5).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    sheet.write_datetime_with_format(1, 2, &date, &format).unwrap();
    sheet.write_number(2, 2, 44567.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let first = app
        .import_list(&investigator(), now(), request(new_source("Morgue"), "morgue.xlsx", bytes), Arc::new(Silent))
        .await
        .unwrap();
    assert_eq!(first.import.format.as_str(), "xlsx");
    assert_eq!(first.import.n_records, 2);
    assert_eq!(first.import.mapping.column(VictimField::FullName), Some("ФИО"));
    assert_eq!(first.import.mapping.column(VictimField::Place), Some("Город"));
    let problems: Vec<(u32, &str, &str, ProblemKind)> =
        first.import.problems.iter().map(|p| (p.row, p.column.as_str(), p.value.as_str(), p.kind)).collect();
    assert_eq!(
        problems,
        [(2, "Возраст", "сорок", ProblemKind::BadAge), (2, "Дата гибели", "44567", ProblemKind::BadDate)]
    );
    let source = app.source(&Actor::System, first.source.id.as_str()).await.unwrap();
    assert_eq!(source.records[0].fields.death_date.map(|d| d.to_string()).as_deref(), Some("2022-01-05"));
    assert_eq!(source.records[0].fields.age, Some(41));
    // A saved mapping is used for the source's next file; one that does not fit is refused whole.
    let mapping = ColumnMapping::from_pairs([(VictimField::FullName, "Name".to_owned())]);
    app.set_column_mapping(&investigator(), now(), first.source.id.as_str(), mapping).await.unwrap();
    let target = || ImportTarget::Existing(first.source.id.clone());
    let next = app
        .import_list(
            &investigator(),
            now(),
            request(target(), "more.csv", b"Name,Town\nBolat,Almaty\n".to_vec()),
            Arc::new(Silent),
        )
        .await
        .unwrap();
    assert_eq!(next.import.n_records, 1);
    let misfit = app
        .import_list(&investigator(), now(), request(target(), "other.csv", b"FIO\nBolat\n".to_vec()), Arc::new(Silent))
        .await
        .unwrap_err();
    assert!(misfit.to_string().contains("the file has no column `Name`"), "{misfit}");
    assert_eq!(app.source(&Actor::System, first.source.id.as_str()).await.unwrap().n_records, 3);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn the_demo_lists_are_linked_without_losing_a_record(app: App) {
    let (app, scenario) = loaded(app).await;
    let persons = assignment(&app, &scenario).await;
    assert!(persons.values().all(Option::is_some), "every record belongs to a person");
    let (precision, recall, f1) = pairwise_f1(&app, &scenario).await;
    eprintln!("small demo: pairwise precision {precision:.3}, recall {recall:.3}, F1 {f1:.3}");
    assert!(f1 > 0.6, "F1 {f1}");
    let queue = app.review_queue(&Actor::System, 50).await.unwrap();
    assert!(queue.total > 0);
    let priorities: Vec<i64> = queue.items.iter().map(|i| i.priority).collect();
    assert!(priorities.windows(2).all(|w| w[0] >= w[1]), "highest priority first: {priorities:?}");
    let registry = app.registry(&Actor::System, &RegistryFilter::default(), None, 200).await.unwrap();
    let distinct: BTreeSet<_> = persons.values().flatten().collect();
    assert_eq!(registry.total as usize, distinct.len());
    let almaty = RegistryFilter { place_key: Some("almati".to_owned()), ..RegistryFilter::default() };
    let in_almaty = app.registry(&Actor::System, &almaty, None, 200).await.unwrap();
    assert!(in_almaty.total > 0 && in_almaty.total < registry.total);
    // Linking again with nothing changed moves no record and rewrites no person.
    let again = app.link_sources(&investigator(), now(), LinkRequest::default(), Arc::new(Silent)).await.unwrap();
    assert_eq!((again.n_moved, again.n_new_persons), (0, 0));
    assert_eq!(assignment(&app, &scenario).await, persons);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn a_merge_and_its_undo_restore_the_registry_exactly(app: App) {
    let (app, scenario) = loaded(app).await;
    let queue = app.review_queue(&Actor::System, 200).await.unwrap();
    let item = queue.items.iter().find(|i| !i.same_person()).expect("a pair across two persons").clone();
    let (pa, pb) = (item.a.person_id.clone().unwrap(), item.b.person_id.clone().unwrap());
    let before = assignment(&app, &scenario).await;
    let entries = (
        app.person(&Actor::System, pa.as_str()).await.unwrap(),
        app.person(&Actor::System, pb.as_str()).await.unwrap(),
    );
    let decision = app
        .decide(
            &investigator(),
            now(),
            item.a.record_id.as_str(),
            item.b.record_id.as_str(),
            Verdict::Same,
            "same father",
        )
        .await
        .unwrap();
    assert_eq!(decision.effect.moves.len() as u32, entries.0.records.len().min(entries.1.records.len()) as u32);
    let merged = assignment(&app, &scenario).await;
    assert_eq!(merged[&item.a.record_id], merged[&item.b.record_id]);
    let gone = if merged[&item.a.record_id].as_ref() == Some(&pa) { &pb } else { &pa };
    let gone_detail = app.person(&Actor::System, gone.as_str()).await.unwrap();
    let gone_entry = gone_detail.registry.unwrap();
    assert_eq!(gone_entry.status, RegistryStatus::Merged);
    assert!(gone_detail.records.is_empty());
    // Deciding the same pair again is refused; the queue no longer offers it.
    let twice = app
        .decide(&investigator(), now(), item.a.record_id.as_str(), item.b.record_id.as_str(), Verdict::Different, "")
        .await;
    assert!(twice.is_err());
    let queue = app.review_queue(&Actor::System, 200).await.unwrap();
    assert!(!queue.items.iter().any(|i| i.a.record_id == item.a.record_id && i.b.record_id == item.b.record_id));
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());

    app.undo_decision(&investigator(), now(), decision.id.as_str()).await.unwrap();
    assert_eq!(assignment(&app, &scenario).await, before);
    let restored = (
        app.person(&Actor::System, pa.as_str()).await.unwrap(),
        app.person(&Actor::System, pb.as_str()).await.unwrap(),
    );
    assert_eq!(restored.0.registry, entries.0.registry);
    assert_eq!(restored.1.registry, entries.1.registry);
    assert_eq!(restored.0.person, entries.0.person);
    assert!(app.undo_decision(&investigator(), now(), decision.id.as_str()).await.is_err(), "undone once only");
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn a_split_and_its_undo_restore_the_registry_exactly(app: App) {
    let (app, scenario) = loaded(app).await;
    let registry = app.registry(&Actor::System, &RegistryFilter::default(), None, 200).await.unwrap();
    let row = registry.page.items.iter().find(|r| r.n_records >= 2).expect("a person with two records");
    let detail = app.person(&Actor::System, row.person_id.as_str()).await.unwrap();
    let (a, b) = (&detail.records[0].id, &detail.records[1].id);
    let before = assignment(&app, &scenario).await;
    let decision = app.decide(&investigator(), now(), a.as_str(), b.as_str(), Verdict::Different, "").await.unwrap();
    assert!(!decision.effect.moves.is_empty());
    let split = assignment(&app, &scenario).await;
    assert_ne!(split[a], split[b]);
    assert_eq!(split.len(), before.len(), "no record lost");
    let new_person = decision.effect.after.iter().find(|s| s.person_id != row.person_id).unwrap().person_id.clone();
    assert!(app.person(&Actor::System, new_person.as_str()).await.is_ok());
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());

    // Re-linking honours the decision: the two records stay apart.
    app.link_sources(&investigator(), now(), LinkRequest::default(), Arc::new(Silent)).await.unwrap();
    let relinked = assignment(&app, &scenario).await;
    assert_ne!(relinked[a], relinked[b]);
    // After a re-link the decision cannot be undone exactly (the persons were rewritten) or it can
    // (nothing changed); either way the registry stays consistent.
    let undo = app.undo_decision(&investigator(), now(), decision.id.as_str()).await;
    if undo.is_ok() {
        assert_eq!(assignment(&app, &scenario).await, before);
        assert!(app.person(&Actor::System, new_person.as_str()).await.is_err(), "the split-off person is gone");
    }
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn relinking_honours_same_person_decisions(app: App) {
    let (app, scenario) = loaded(app).await;
    let queue = app.review_queue(&Actor::System, 200).await.unwrap();
    let item = queue.items.iter().find(|i| !i.same_person()).expect("a pair across two persons").clone();
    app.decide(&investigator(), now(), item.a.record_id.as_str(), item.b.record_id.as_str(), Verdict::Same, "")
        .await
        .unwrap();
    let report = app.link_sources(&investigator(), now(), LinkRequest::default(), Arc::new(Silent)).await.unwrap();
    assert_eq!(report.run.n_conflicts, 0);
    let relinked = assignment(&app, &scenario).await;
    assert_eq!(relinked[&item.a.record_id], relinked[&item.b.record_id]);
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}

async fn capture_histories_count_every_person_once(app: App) {
    let (app, _) = loaded(app).await;
    let registry = app.registry(&Actor::System, &RegistryFilter::default(), None, 1).await.unwrap();
    let plain = app.capture_histories(&Actor::System, None).await.unwrap();
    assert_eq!(plain.columns, ["official", "ngo", "media", "morgue"]);
    assert_eq!(plain.n_persons(), registry.total);
    let csv = plain.to_csv();
    assert!(csv.starts_with("official,ngo,media,morgue,count\n1,0,0,0,"), "{csv}");
    assert_eq!(csv.lines().count(), 16);
    for by in [Stratify::Place, Stratify::Period] {
        let table = app.capture_histories(&Actor::System, Some(by)).await.unwrap();
        assert_eq!(table.n_persons(), registry.total, "{by:?}");
        assert!(table.strata.len() > 1, "{by:?}");
    }
}

async fn analysts_read_and_only_investigators_change_the_registry(app: App) {
    let (app, _) = loaded(app).await;
    let analyst = Actor::User { id: UserId::from_bits(5), role: Role::Analyst };
    let public = Actor::User { id: UserId::from_bits(6), role: Role::Public };
    let queue = app.review_queue(&analyst, 10).await.unwrap();
    let item = &queue.items[0];
    let (a, b) = (item.a.record_id.as_str(), item.b.record_id.as_str());
    assert!(app.pair(&analyst, a, b).await.is_ok());
    assert!(matches!(app.decide(&analyst, now(), a, b, Verdict::Same, "").await, Err(app::Error::Denied(_))));
    assert!(matches!(
        app.link_sources(&analyst, now(), LinkRequest::default(), Arc::new(Silent)).await,
        Err(app::Error::Denied(_))
    ));
    assert!(matches!(
        app.import_list(&analyst, now(), request(new_source("x"), "x.csv", LIST.as_bytes().to_vec()), Arc::new(Silent))
            .await,
        Err(app::Error::Denied(_))
    ));
    for denied in [
        app.review_queue(&public, 10).await.map(drop),
        app.pair(&public, a, b).await.map(drop),
        app.capture_histories(&public, None).await.map(drop),
        app.registry(&public, &RegistryFilter::default(), None, 10).await.map(drop),
    ] {
        assert!(matches!(denied, Err(app::Error::Denied(_))));
    }
}

/// The estimation page's use case on the demo: three methods side by side, per stratum and in
/// total, the same figures for the same seed, nothing written, and only readers of the registry
/// may run it.
async fn the_demo_is_estimated_by_three_methods(app: App) {
    use app::{EstimationMethod as Method, ModelChosen};
    let (app, scenario) = loaded(app).await;
    let analyst = Actor::User { id: UserId::from_bits(5), role: Role::Analyst };
    let registry = app.registry(&Actor::System, &RegistryFilter::default(), None, 1).await.unwrap();
    let events = app.counts(&Actor::System).await.unwrap().events;
    let plain = app.estimate(&analyst, None, app::DEFAULT_ESTIMATION_SEED).await.unwrap();
    assert_eq!(plain.lists, ["official", "ngo", "media", "morgue"]);
    assert_eq!(plain.overall.n_observed, registry.total);
    let truth = scenario.truth.true_deaths as f64;
    for method in Method::ALL {
        let estimate = plain.overall.method(method).unwrap_or_else(|| panic!("{method:?}: {:?}", plain.overall));
        let (low, high) = estimate.interval.unwrap();
        assert!(registry.total as f64 <= low && low <= estimate.estimate && estimate.estimate <= high, "{estimate:?}");
        // The demo's lists miss about a fifth of the dead; every method sees more than the lists.
        assert!(estimate.estimate > registry.total as f64, "{method:?}: {estimate:?}");
        // The small demo with these seeds: every interval holds the true number of deaths.
        assert!(low <= truth && truth <= high, "{method:?}: {estimate:?}, truth {truth}");
    }
    assert!(matches!(plain.overall.methods[1].estimate().unwrap().model, ModelChosen::LogLinear { .. }));
    assert_eq!(plain.posteriors.chains.len(), plain.settings.chains);
    assert!(!plain.posteriors.graphical.is_empty());
    let again = app.estimate(&analyst, None, app::DEFAULT_ESTIMATION_SEED).await.unwrap();
    assert_eq!(plain, again, "the same seed gives the same figures");
    let other = app.estimate(&analyst, None, 1).await.unwrap();
    assert_ne!(plain.posteriors.chains, other.posteriors.chains);
    for by in [Stratify::Place, Stratify::Period] {
        let histories = app.capture_histories(&analyst, Some(by)).await.unwrap();
        let stratified = app.estimate(&analyst, Some(by), app::DEFAULT_ESTIMATION_SEED).await.unwrap();
        // Every stratum is estimated alone or pooled with the other small ones, once.
        let mut labels: Vec<&str> = stratified.strata.iter().map(|s| s.label.as_str()).collect();
        labels.retain(|label| *label != app::POOLED_STRATUM);
        labels.extend(stratified.pooled.iter().map(String::as_str));
        labels.sort_unstable();
        let mut expected: Vec<&str> = histories.strata.iter().map(|(label, _)| label.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(labels, expected, "{by:?}");
        assert_eq!(stratified.overall.n_observed, registry.total, "{by:?}");
        assert_eq!(stratified.strata.iter().map(|s| s.n_observed).sum::<u64>(), registry.total);
        // Pooling the small strata leaves a total for the Bayesian methods, through their draws.
        for method in [Method::LatentClasses, Method::GraphicalModels] {
            let total = stratified
                .overall
                .method(method)
                .unwrap_or_else(|| panic!("{by:?} {method:?}: {:#?}", stratified.strata));
            assert!(total.estimate >= registry.total as f64, "{by:?} {method:?}: {total:?}");
        }
    }
    assert_eq!(app.counts(&Actor::System).await.unwrap().events, events, "an estimate is a read");
    let public = Actor::User { id: UserId::from_bits(6), role: Role::Public };
    assert!(matches!(app.estimate(&public, None, 1).await, Err(app::Error::Denied(_))));
}

crate::for_each_backend![
    crate::registry:
    the_demo_is_estimated_by_three_methods,
    csv_imports_keep_every_row_and_report_problems,
    xlsx_imports_use_the_saved_mapping,
    the_demo_lists_are_linked_without_losing_a_record,
    a_merge_and_its_undo_restore_the_registry_exactly,
    a_split_and_its_undo_restore_the_registry_exactly,
    relinking_honours_same_person_decisions,
    capture_histories_count_every_person_once,
    analysts_read_and_only_investigators_change_the_registry,
];

/// Reviews the queue of the full demo with the ground truth as the reviewer, and reports how the
/// registry's pairwise F1 grows: the queue's order is meant to put the decisions that matter first.
#[tokio::test]
async fn reviewing_the_queue_with_the_truth_improves_the_registry() {
    let app = crate::sqlite().await;
    let scenario = demo::generate(&demo::DemoConfig { seed: 1, scale: demo::Scale::Full });
    app.load_demo(&scenario, &crate::passwords(), now()).await.unwrap();
    let mut truth_of: BTreeMap<RecordId, String> = BTreeMap::new();
    for list in &scenario.lists {
        for record in &list.records {
            let key = record.source_record_id.clone().unwrap_or_default();
            let row = scenario.truth.rows.iter().find(|r| r.list == list.key && r.record_id == key).unwrap();
            truth_of.insert(record.id.clone(), row.person_key.clone());
        }
    }
    let (_, _, start) = pairwise_f1(&app, &scenario).await;
    let total = app.review_queue(&Actor::System, 1).await.unwrap().total;
    let mut scores = vec![(0, start)];
    let mut decided = 0;
    for checkpoint in [25, 50, 100] {
        while decided < checkpoint {
            let queue = app.review_queue(&Actor::System, 1).await.unwrap();
            let Some(item) = queue.items.first() else { break };
            let same = truth_of[&item.a.record_id] == truth_of[&item.b.record_id];
            let verdict = if same { Verdict::Same } else { Verdict::Different };
            let (a, b) = (item.a.record_id.as_str(), item.b.record_id.as_str());
            if app.decide(&investigator(), now(), a, b, verdict, "").await.is_err() {
                // A decision that contradicts earlier ones: the reviewer leaves it unsure.
                app.decide(&investigator(), now(), a, b, Verdict::Unsure, "").await.unwrap();
            }
            decided += 1;
        }
        scores.push((decided, pairwise_f1(&app, &scenario).await.2));
    }
    let line: Vec<String> = scores.iter().map(|(n, f1)| format!("{n} decisions: F1 {f1:.3}")).collect();
    eprintln!("full demo, review queue of {total} pairs: {}", line.join("; "));
    assert!(scores.last().unwrap().1 > start, "{line:?}");
    assert!(app.verify(&Actor::System).await.unwrap().is_ok());
}
