//! Properties of the generated scenario that the demo and the linkage scoring rely on.

use demo::{DemoConfig, Scale, Scenario, generate, list_csv, truth_csv, truth_summary_json};
use domain::entity::{AllegationStatus, Subject, ViolationKind};
use expect_test::expect;

fn small(seed: u64) -> Scenario {
    generate(&DemoConfig { seed, scale: Scale::Small })
}

const HEADER: &str =
    "record_id,full_name,surname,given_name,patronymic,birth_date,age,gender,death_date,place,circumstances";

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let a = small(7);
    let b = small(7);
    let c = small(8);
    for i in 0..4 {
        assert_eq!(list_csv(&a.lists[i]), list_csv(&b.lists[i]));
    }
    assert_eq!(truth_csv(&a.truth), truth_csv(&b.truth));
    assert_eq!(a.persons, b.persons);
    assert_ne!(list_csv(&a.lists[1]), list_csv(&c.lists[1]));
}

#[test]
fn unlisted_share_is_within_the_band() {
    for seed in 1..=8 {
        let s = small(seed);
        let share = f64::from(s.truth.unlisted_deaths) / f64::from(s.truth.true_deaths);
        assert!((0.15..=0.25).contains(&share), "seed {seed}: {share}");
    }
    for seed in [1, 2] {
        let s = generate(&DemoConfig { seed, scale: Scale::Full });
        let share = f64::from(s.truth.unlisted_deaths) / f64::from(s.truth.true_deaths);
        assert!((0.15..=0.25).contains(&share), "seed {seed}: {share}");
        assert!((220..=260).contains(&s.truth.true_deaths));
    }
}

#[test]
fn lists_parse_back_with_the_standard_header() {
    let s = small(3);
    let keys: Vec<&str> = s.lists.iter().map(|l| l.key).collect();
    assert_eq!(keys, ["official", "ngo", "media", "morgue"]);
    for list in &s.lists {
        let bytes = list_csv(list);
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>().join(","), HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), list.records.len());
        for (row, record) in rows.iter().zip(&list.records) {
            let cells: Vec<&str> = record.verbatim.iter().map(|(_, c)| c.as_str()).collect();
            assert_eq!(row.iter().collect::<Vec<_>>(), cells);
            assert_eq!(record.source_id, list.source_id);
            assert_eq!(record.source_record_id.as_deref(), Some(cells[0]));
            assert_eq!(record.fields.full_name.as_deref(), Some(cells[1]));
        }
        assert!(s.sources.iter().any(|src| src.id == list.source_id && src.title.contains("synthetic")));
    }
    let listed: usize = s.lists.iter().map(|l| l.records.len()).sum();
    assert_eq!(s.truth.rows.len(), listed);
    let json = truth_summary_json(&s.truth, &s.lists);
    assert!(json.contains("\"true_deaths\"") && json.contains("\"morgue\""));
}

#[test]
fn deaths_add_up_and_almaty_has_about_sixty_percent() {
    let s = generate(&DemoConfig { seed: 1, scale: Scale::Full });
    let (mut total, mut almaty) = (0, 0);
    for incident in &s.incidents {
        for v in &incident.violations {
            if matches!(v.kind, ViolationKind::Killing | ViolationKind::DeathInCustody) {
                total += v.victim_count;
                if incident.place.name.starts_with("Almaty") {
                    almaty += v.victim_count;
                }
            }
        }
    }
    assert_eq!(total, s.truth.true_deaths);
    let share = f64::from(almaty) / f64::from(total);
    assert!((0.5..=0.7).contains(&share), "{share}");
}

#[test]
fn kazbat_is_attributed_in_almaty_on_the_peak_days() {
    let s = small(1);
    let kazbat = s.units.iter().find(|u| u.display_name() == "KAZBAT").expect("KAZBAT unit");
    let attributed = s.attributions.iter().any(|a| {
        a.subject == Subject::Unit(kazbat.id.clone())
            && s.incidents.iter().any(|i| {
                i.id == a.incident_id
                    && i.place.name.starts_with("Almaty")
                    && ["2022-01-05", "2022-01-06"].contains(&i.date.to_string().as_str())
            })
    });
    assert!(attributed);
    assert!(
        s.assistance.iter().any(|a| a.recipient == Subject::Unit(kazbat.id.clone()) && a.provider == "United States")
    );
}

#[test]
fn detentions_are_about_forty_times_the_deaths_and_few_complaints_reach_court() {
    let s = generate(&DemoConfig { seed: 1, scale: Scale::Full });
    let detained: u32 = s
        .incidents
        .iter()
        .flat_map(|i| &i.violations)
        .filter(|v| v.kind == ViolationKind::ArbitraryDetention)
        .map(|v| v.victim_count)
        .sum();
    let ratio = f64::from(detained) / f64::from(s.truth.true_deaths);
    assert!((36.0..=44.0).contains(&ratio), "{ratio}");
    let torture = s.allegations.iter().filter(|a| a.kind == ViolationKind::Torture).count();
    assert!((250..=300).contains(&torture), "{torture}");
    let court = s.allegations.iter().filter(|a| a.timeline.iter().any(|t| t.status == AllegationStatus::Tried)).count();
    let share = court as f64 / s.allegations.len() as f64;
    assert!((0.05..=0.10).contains(&share), "{share}");
    assert!(s.allegations.iter().any(|a| a.timeline.last().is_some_and(|t| t.status == AllegationStatus::Withdrawn)));
    let nominees = &s.vetting_requests[0].nominees;
    assert!((20..=30).contains(&nominees.len()));
    assert!(nominees.iter().any(|n| n.name == "KAZBAT"));
}

#[test]
fn first_rows_of_each_list_for_seed_1() {
    let s = small(1);
    let head: Vec<String> = s
        .lists
        .iter()
        .map(|l| String::from_utf8(list_csv(l)).unwrap().lines().skip(1).take(3).collect::<Vec<_>>().join("\n"))
        .collect();
    expect![[r#"
        PGO-0001,Абайулы Д.,Абайулы,Д.,,,,,2022-01-06,,
        PGO-0002,Абдирахманов А.Д.,Абдирахманов,А.,Д.,,,,2022-01-05,,
        PGO-0003,Аиблов А.Д.,Аиблов,А.,Д.,,,,2022-01-05,Алматы,
        ARH-0001,Аслан Кәрімов,Кәрімов,Аслан,Нұрланұлы,,,,2022-01-09,Алматы,
        ARH-0002,Жақсыбек Азамат,Жақсыбек,Азамат,,,50,m,2022-01-05,Қызылорда,вышел из дома за хлебом и не вернулся
        ARH-0003,Аслан Кәрімов,Кәрімов,Аслан,,1949,72,m,2022-01-09,Алматы,"скончался в больнице от ранений, полученных 2022-01-05"
        MED-0001,ISKAK Marat,ISKAK,Marat,,,,m,2022-01-04,Almaty,shot near Almaty International Airport
        MED-0002,Yerbolat ZHEKSENOV,ZHEKSENOV,Yerbolat,,,,m,,"Almaty, the city akimat",
        MED-0003,Nursultan MURAT,MURAT,Nursultan,,,,,,Almaty,shot near Tole Bi Street
        MRG-22-0001,Жаксыбеков Азамат Ергалиевич,Жаксыбеков,Азамат,Ергалиевич,,,m,2022-01-04,г. Алматы,огнестрельное ранение груди
        MRG-22-0002,Искак Марат Нургалиевич,Искак,Марат,Нургалиевич,,,m,2022-01-04,г. Алматы,
        MRG-22-0003,Омар Ержан Ергалиевич,Омар,Ержан,Ергалиевич,1970-10-08,,m,2022-01-06,г. Алматы,огнестрельное ранение груди"#]].assert_eq(&head.join("\n"));
}
