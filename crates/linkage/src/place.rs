//! The key of a place: one key for every spelling of a town (`Алматы`, `Almaty, Abai Avenue`,
//! `г. Алматы`, `Alma-Ata` all give `almati`). The linkage engine compares places by it, and the
//! application filters and stratifies the registry by it, so that both agree on what one place is.

/// Words of a place that name no place: prefixes like `г.` (город) and generic words.
pub(crate) fn is_generic_word(word: &str) -> bool {
    word.chars().count() <= 1
        || matches!(word, "город" | "city" | "of" | "the" | "gorod" | "qala" | "қала" | "обл" | "область" | "region")
}

/// One name for the towns of Kazakhstan that go by several (Kazakh, Russian, Soviet), by skeleton:
/// lists written in different years and languages name the same place differently.
fn alias(skeleton: &str) -> &str {
    match skeleton {
        "almata" | "almaata" | "almati" | "vernii" | "verni" => "almati",
        "oral" | "uralsk" => "oral",
        "oskemen" | "ustkamenogorsk" => "oskemen",
        "semei" | "semipalatinsk" => "semei",
        "aktobe" | "aktiubinsk" => "aktobe",
        "taldikorgan" | "taldikurgan" => "taldikorgan",
        "kizilorda" | "kzilorda" => "kizilorda",
        "wimkent" | "cimkent" | "simkent" => "wimkent",
        "taraz" | "jambil" | "jambul" => "taraz",
        "atirau" | "guriev" | "gurev" => "atirau",
        "konaev" | "kapwagai" | "kapcagai" => "konaev",
        "astana" | "nursultan" | "akmola" | "akmolinsk" | "qelinograd" => "astana",
        "aktau" | "wevcenko" => "aktau",
        "karagandi" | "karaganda" => "karagandi",
        "kostanai" | "kustanai" => "kostanai",
        "petropavl" | "petropavlovsk" => "petropavl",
        "turkistan" | "turkestan" => "turkistan",
        "janaozen" | "novijuzen" | "noviuzen" => "janaozen",
        "esik" | "isik" => "esik",
        "balkaw" | "balhaw" => "balkaw",
        "aral" | "aralsk" => "aral",
        "lener" | "lenir" => "lener",
        "kokwetau" | "kokcetav" => "kokwetau",
        "satbaev" | "satpaev" => "satbaev",
        other => other,
    }
}

/// The key of a place, or `None` when the text names none: the town before the first comma
/// (`Almaty, Abai Avenue`), generic words dropped, the skeleton of the rest, one name for a town
/// that goes by several.
pub fn key(text: &str) -> Option<String> {
    let head = names::normalize::normalize(text.split(',').next().unwrap_or(""));
    let plain: String = head.split(' ').filter(|w| !is_generic_word(w)).map(names::skeleton::plain_latin).collect();
    let skeleton = names::skeleton::fold_plain(&plain);
    let key = alias(&skeleton);
    (!key.is_empty()).then(|| key.to_owned())
}

/// The regions (облыс) of Kazakhstan as of January 2022, each with what names it in a place's
/// words (skeletons): its name, which alone is also its centre's or names a town, so it counts only
/// beside a word such as `облысы`, `область`, `region`; its Russian adjective (`Жамбылская`), which
/// alone names the region; and the towns and districts that lie in it (keys after [`alias`]).
/// Lists of the dead name one place at different depths: the prosecutor's list gives the region
/// (`Жамбылская область`), the NGO and the morgue the town (`Тараз`, `Қаскелең`). The three cities
/// of republican significance (Almaty, Astana, Shymkent) belong to no region: `Алматы` is not in
/// `Алматы облысы`.
struct Region {
    /// The name of the region: one skeleton, or two for `Батыс Қазақстан` and the like.
    names: &'static [&'static [&'static str]],
    /// The Russian adjective forms (`западно казахстанская` is two words, the first enough).
    adjectives: &'static [&'static str],
    /// Towns and districts in the region (place keys, and district adjectives).
    towns: &'static [&'static str],
}

const REGIONS: &[Region] = &[
    Region {
        names: &[&["almati"]],
        adjectives: &["almatinskaia", "almatinskoi"],
        towns: &[
            "taldikorgan",
            "konaev",
            "kaskelen",
            "talgar",
            "esik",
            "tekeli",
            "jarkent",
            "uzinagaw",
            "uwtobe",
            "sarkand",
            "uwaral",
            "karasaiski",
            "iliski",
            "talgarski",
            "enbekwikazahski",
            "otegenbatir",
        ],
    },
    Region {
        names: &[&["jambil"]],
        adjectives: &["jambilskaia", "jambilskoi"],
        towns: &["taraz", "karatau", "janatas", "kordai"],
    },
    Region {
        names: &[&["turkistan"], &["ontustik", "kazakstan"]],
        adjectives: &["turkestanskaia", "turkestanskoi", "iujno"],
        towns: &["turkistan", "kentau", "aris", "sariagaw", "jetisai", "lener"],
    },
    Region {
        names: &[&["kizilorda"]],
        adjectives: &["kizilordinskaia", "kizilordinskoi"],
        towns: &["kizilorda", "aral", "kazalinsk"],
    },
    Region {
        names: &[&["aktobe"]],
        adjectives: &["aktiubinskaia", "aktiubinskoi"],
        towns: &["aktobe", "hromtau", "kandiagaw"],
    },
    Region {
        names: &[&["manistau"]],
        adjectives: &["manistauskaia", "manistauskoi", "mangistauskaia", "mangistauskoi"],
        towns: &["aktau", "janaozen", "beineu"],
    },
    Region { names: &[&["atirau"]], adjectives: &["atirauskaia", "atirauskoi"], towns: &["atirau", "kulsari"] },
    Region {
        names: &[&["batis", "kazakstan"]],
        adjectives: &["zapadno", "zapadnokazahstanskaia"],
        towns: &["oral", "aksai"],
    },
    Region {
        names: &[&["karagandi"]],
        adjectives: &["karagandinskaia", "karagandinskoi"],
        towns: &["karagandi", "temirtau", "balkaw", "jezkazgan", "satbaev", "wahtinsk"],
    },
    Region {
        names: &[&["kostanai"]],
        adjectives: &["kostanaiskaia", "kostanaiskoi"],
        towns: &["kostanai", "rudni", "lisakovsk"],
    },
    Region {
        names: &[&["soltustik", "kazakstan"]],
        adjectives: &["severo", "severokazahstanskaia"],
        towns: &["petropavl"],
    },
    Region {
        names: &[&["pavlodar"]],
        adjectives: &["pavlodarskaia", "pavlodarskoi"],
        towns: &["pavlodar", "ekibastuz"],
    },
    Region {
        names: &[&["wigis", "kazakstan"]],
        adjectives: &["vostocno", "vostocnokazahstanskaia"],
        towns: &["oskemen", "semei", "rider"],
    },
    Region {
        names: &[&["akmola"]],
        adjectives: &["akmolinskaia", "akmolinskoi"],
        towns: &["kokwetau", "stepnogorsk", "wucinsk"],
    },
];

/// Words that make the name before them a region's (`Алматы облысы`, `Almaty region`).
fn is_region_word(skeleton: &str) -> bool {
    matches!(skeleton, "obl" | "oblast" | "oblasti" | "oblis" | "oblisi" | "region" | "oblisinin")
}

/// Set in [`region`]'s value when the text names the region itself, not a town in it.
pub(crate) const REGION_NAMED: u8 = 0x80;

/// The region of Kazakhstan a place lies in (1-based, with [`REGION_NAMED`] when the text names
/// the region outright: `Алматы облысы`, `Алматинская обл., Карасайский р-н`, `Almaty region`), else
/// the region of the first word that is a town or district of one (`Қаскелең`, `г. Талдыкорган`),
/// or 0 when the text names none or names a city of republican significance.
pub(crate) fn region(text: &str) -> u8 {
    let text = names::normalize::normalize(text);
    let words: Vec<String> = text.split(' ').filter(|w| !w.is_empty()).map(names::skeleton::token_skeleton).collect();
    let number = |r: usize| (r + 1) as u8;
    for (i, word) in words.iter().enumerate() {
        for (r, region) in REGIONS.iter().enumerate() {
            if region.adjectives.contains(&word.as_str()) {
                return number(r) | REGION_NAMED;
            }
            for name in region.names {
                let end = i + name.len();
                if end < words.len()
                    && words[i..end].iter().zip(name.iter()).all(|(w, n)| w == n)
                    && is_region_word(&words[end])
                {
                    return number(r) | REGION_NAMED;
                }
            }
        }
    }
    for word in &words {
        let town = alias(word);
        if let Some(r) = REGIONS.iter().position(|region| region.towns.contains(&town)) {
            return number(r);
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_town_has_one_key() {
        let keys: Vec<Option<String>> =
            ["Алматы", "Almaty", "г. Алматы", "Almaty, Almaty International Airport", "Alma-Ata", "город Алматы"]
                .iter()
                .map(|p| key(p))
                .collect();
        assert!(keys.iter().all(|k| k.as_deref() == Some("almati")), "{keys:?}");
        assert_eq!(key("Талдықорған"), key("Taldykorgan"));
        assert_eq!(key("Семей"), key("Семипалатинск"));
        // The Soviet and Russian names, however they fold.
        for (a, b) in [
            ("Жаңаөзен", "Новый Узень"),
            ("Zhanaozen", "noviy uzen"),
            ("Атырау", "Гурьев"),
            ("Atyrau", "Gurev"),
            ("Алматы", "Верный"),
            ("Есик", "Иссык"),
            ("Балқаш", "Balkhash"),
            ("Арал", "Аральск"),
            ("Ленгір", "Ленгер"),
            ("Кокшетау", "Кокчетав"),
            ("Сәтбаев", "Satpayev"),
        ] {
            assert_eq!(key(a), key(b), "{a} and {b}");
        }
        assert_ne!(key("Талдықорған"), key("Алматы"));
        assert_eq!(key(" , "), None);
        assert_eq!(key("г."), None);
    }

    /// Two places and whether they lie in one region of Kazakhstan (`-` when either names none).
    fn check_region(a: &str, b: &str, expect: &str) {
        let (ra, rb) = (region(a) & !REGION_NAMED, region(b) & !REGION_NAMED);
        let got = if ra == 0 || rb == 0 {
            "-"
        } else if ra == rb {
            "same"
        } else {
            "different"
        };
        assert_eq!(got, expect, "{a} ({ra}) and {b} ({rb})");
    }

    #[test]
    fn a_town_lies_in_its_region() {
        check_region("Жамбылская область", "Тараз", "same");
        check_region("Жамбылская область", "Taraz", "same");
        check_region("Алматинская область", "г. Талдыкорган", "same");
        check_region("Алматинская область", "Талдықорған қ.", "same");
        check_region("Алматы облысы", "Каскелен", "same");
        check_region("Almaty region", "Qaskeleń", "same");
        check_region("Алматы облысы", "Алматинская обл., Карасайский р-н", "same");
        check_region("Алматинская область", "Қапшағай", "same");
        check_region("Алматинская область", "Конаев", "same");
        check_region("Мангистауская область", "Жаңаөзен", "same");
        check_region("Мангистауская область", "г. Актау", "same");
        check_region("Актюбинская область", "Ақтөбе", "same");
        check_region("Западно-Казахстанская область", "Орал", "same");
        check_region("Западно-Казахстанская область", "Уральск", "same");
        check_region("Батыс Қазақстан облысы", "Уральск", "same");
        check_region("Кызылординская область", "Қызылорда облысы", "same");
        check_region("Жамбылская область", "Талдыкорган", "different");
        check_region("Мангистауская область", "Атырау", "different");
        // The cities of republican significance are in no region: Almaty is not in Almaty region.
        check_region("Алматинская область", "Алматы", "-");
        check_region("Almaty region", "Almaty city", "-");
        check_region("Алматы облысы", "г. Алматы, Наурызбайский р-н", "-");
        check_region("Шымкент", "Туркестанская область", "-");
        check_region("near the Almaty akimat", "Алматинская область", "-");
        check_region("", "Тараз", "-");
        // Two towns of one region are in one region, but neither names it.
        check_region("Талдыкорган", "Каскелен", "same");
        assert_eq!(region("Талдыкорган") & REGION_NAMED, 0);
        assert_eq!(region("Алматы облысы") & REGION_NAMED, REGION_NAMED);
    }
}
