//! Place keys: one key for every spelling of a town (`Алматы`, `Almaty, Abai Avenue`, `г. Алматы`,
//! `Alma-Ata` all give `almati`), so that the registry can be filtered and stratified by place.
//!
//! The key is the linkage engine's own (`linkage::place::key`), so that the registry's places and
//! the engine's place comparisons agree on what one place is.

/// The key of a place, or `None` when the text names none.
pub(crate) fn place_key(text: &str) -> Option<String> {
    linkage::place::key(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_town_has_one_key() {
        let keys: Vec<Option<String>> =
            ["Алматы", "Almaty", "г. Алматы", "Almaty, Almaty International Airport", "Alma-Ata", "город Алматы"]
                .iter()
                .map(|p| place_key(p))
                .collect();
        assert!(keys.iter().all(|k| k.as_deref() == Some("almati")), "{keys:?}");
        assert_eq!(place_key("Талдықорған"), place_key("Taldykorgan"));
        assert_ne!(place_key("Талдықорған"), place_key("Алматы"));
        assert_eq!(place_key(" , "), None);
    }
}
