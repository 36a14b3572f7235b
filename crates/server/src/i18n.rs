//! User-interface text in English, Russian and Kazakh (Fluent files under `locales/`), and the
//! choice of language for a request.
//!
//! Only this module knows about Fluent; templates ask a [`Tr`] for a message by its id.

use std::borrow::Cow;
use std::collections::HashMap;

use domain::entity::Locale;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Isolating marks around arguments would show up as stray characters in `<title>` text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

const EN: LanguageIdentifier = langid!("en");
const RU: LanguageIdentifier = langid!("ru");
const KK: LanguageIdentifier = langid!("kk");

/// Looks up user-interface text in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tr {
    locale: Locale,
}

impl Tr {
    pub(crate) fn new(locale: Locale) -> Tr {
        Tr { locale }
    }

    pub(crate) fn locale(self) -> Locale {
        self.locale
    }

    fn language(self) -> &'static LanguageIdentifier {
        static LANGUAGES: [LanguageIdentifier; 3] = [EN, RU, KK];
        match self.locale {
            Locale::En => &LANGUAGES[0],
            Locale::Ru => &LANGUAGES[1],
            Locale::Kk => &LANGUAGES[2],
        }
    }

    /// The message `id`; the id itself when no locale has it (a missing message stays visible).
    pub(crate) fn t(self, id: &str) -> String {
        LOCALES.try_lookup(self.language(), id).unwrap_or_else(|| id.to_owned())
    }

    /// The message `id` with named arguments.
    pub(crate) fn t_args(self, id: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone()))).collect();
        LOCALES.try_lookup_with_args(self.language(), id, &args).unwrap_or_else(|| id.to_owned())
    }

    /// The label of an enumeration code, e.g. `violation` and `torture`; the code itself when
    /// there is no message for it (codes written by older versions, or empty cells).
    pub(crate) fn code(self, prefix: &str, code: &str) -> String {
        if code.is_empty() {
            return String::new();
        }
        LOCALES.try_lookup(self.language(), &format!("{prefix}-{code}")).unwrap_or_else(|| code.to_owned())
    }
}

/// Parses a locale code from a cookie, query or form, ignoring anything else.
pub(crate) fn parse_locale(code: &str) -> Option<Locale> {
    Locale::parse(code.trim()).ok()
}

/// The language for a visitor who is not signed in: the `aqiqat_lang` choice if valid, else the
/// first of English, Russian and Kazakh the browser prefers, else English.
pub(crate) fn negotiate(chosen: Option<&str>, accept_language: Option<&str>) -> Locale {
    chosen.and_then(parse_locale).or_else(|| accept_language.and_then(from_accept_language)).unwrap_or(Locale::En)
}

/// The supported locale the `Accept-Language` header ranks highest, if any.
fn from_accept_language(header: &str) -> Option<Locale> {
    let mut ranges: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && quality > 0.0).then_some((quality, tag))
        })
        .collect();
    // Stable sort: among equal weights the header's order decides.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.iter().find_map(|(_, tag)| {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        parse_locale(&primary)
    })
}

/// The UI languages in the order the switcher lists them.
pub(crate) const LOCALES_SHOWN: [Locale; 3] = [Locale::En, Locale::Ru, Locale::Kk];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn message_ids(ftl: &str) -> BTreeSet<&str> {
        ftl.lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
            .collect()
    }

    #[test]
    fn every_message_exists_in_every_locale() {
        let en = message_ids(include_str!("../locales/en/main.ftl"));
        let ru = message_ids(include_str!("../locales/ru/main.ftl"));
        let kk = message_ids(include_str!("../locales/kk/main.ftl"));
        assert!(en.len() > 100, "parsed only {} English ids", en.len());
        assert_eq!(en.symmetric_difference(&ru).collect::<Vec<_>>(), Vec::<&&str>::new(), "en vs ru");
        assert_eq!(en.symmetric_difference(&kk).collect::<Vec<_>>(), Vec::<&&str>::new(), "en vs kk");
        // Every argument any message uses, so that lookups with variables resolve too.
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            ["name", "shown", "total"].into_iter().map(|name| (Cow::Borrowed(name), FluentValue::from("1"))).collect();
        for locale in LOCALES_SHOWN {
            for id in &en {
                let text = LOCALES.try_lookup_with_args(Tr::new(locale).language(), id, &args);
                assert!(text.is_some_and(|t| !t.is_empty()), "{id} in {locale}");
            }
        }
    }

    #[test]
    fn enumeration_codes_have_labels() {
        use domain::entity::*;
        let tr = Tr::new(Locale::Kk);
        let check = |prefix: &str, code: &str| assert_ne!(tr.code(prefix, code), code, "{prefix}-{code}");
        ViolationKind::ALL.iter().for_each(|k| check("violation", k.as_str()));
        SourceKind::ALL.iter().for_each(|k| check("source-kind", k.as_str()));
        UnitKind::ALL.iter().for_each(|k| check("unit-kind", k.as_str()));
        Reliability::ALL.iter().for_each(|k| check("reliability", k.as_str()));
        Confidence::ALL.iter().for_each(|k| check("confidence", k.as_str()));
        AssistanceKind::ALL.iter().for_each(|k| check("assistance-kind", k.as_str()));
        Gender::ALL.iter().for_each(|k| check("gender", k.as_str()));
        Script::ALL.iter().for_each(|k| check("script", k.as_str()));
        Locale::ALL.iter().for_each(|k| check("locale", k.as_str()));
        use domain::registry::*;
        Verdict::ALL.iter().for_each(|k| check("verdict", k.as_str()));
        ProblemKind::ALL.iter().for_each(|k| check("problem", k.as_str()));
        VictimField::ALL.iter().for_each(|k| check("victim-field", k.as_str()));
        RegistryStatus::ALL.iter().for_each(|k| check("registry-status", k.as_str()));
    }

    #[test]
    fn arguments_are_filled_in() {
        let text = Tr::new(Locale::Ru).t_args("signed-in-as", &[("name", "Айгерим".to_owned())]);
        assert_eq!(text, "Вы вошли как Айгерим");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(negotiate(None, Some("kk-KZ,ru;q=0.8,en;q=0.5")), Locale::Kk);
        assert_eq!(negotiate(None, Some("de-DE, ru;q=0.9, kk;q=0.3")), Locale::Ru);
        assert_eq!(negotiate(None, Some("en;q=0.1, kk;q=0.9")), Locale::Kk);
        assert_eq!(negotiate(None, Some("fr, de")), Locale::En);
        assert_eq!(negotiate(Some("ru"), Some("kk")), Locale::Ru);
        assert_eq!(negotiate(Some("xx"), Some("kk")), Locale::Kk);
        assert_eq!(negotiate(None, None), Locale::En);
    }
}
