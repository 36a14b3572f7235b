//! Canary mode: one marker string written into every protected field of a scenario, and nowhere
//! else, so that a test can look for it in every page, response, database file and dump.

use domain::protected::Protected;

use crate::Scenario;

impl Scenario {
    /// Replaces every protected value (complainant identity and medical details of each allegation;
    /// witness identity, contact and statement of each testimony) with `canary`. Optional fields are
    /// filled too, so that every protected field of the scenario carries the marker.
    pub fn plant_canary(&mut self, canary: &str) {
        let marker = || Protected::new(canary.to_owned());
        for allegation in &mut self.allegations {
            allegation.complainant = marker();
            allegation.medical = Some(marker());
        }
        for testimony in &mut self.testimonies {
            testimony.witness = marker();
            testimony.contact = Some(marker());
            testimony.text = marker();
        }
    }
}

/// The forms a leaked canary may take in a file or a response: as written (UTF-8), hex in lower
/// and upper case, base64 (standard and URL-safe, at each of the three byte offsets within a
/// larger encoded value), UTF-16 in both byte orders.
pub fn canary_forms(canary: &str) -> Vec<(&'static str, Vec<u8>)> {
    let bytes = canary.as_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut forms = vec![
        ("plain", bytes.to_vec()),
        ("hex", hex.clone().into_bytes()),
        ("HEX", hex.to_uppercase().into_bytes()),
        ("UTF-16LE", canary.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("UTF-16BE", canary.encode_utf16().flat_map(u16::to_be_bytes).collect()),
    ];
    for offset in 0..3 {
        let standard = base64_inner(bytes, offset);
        let url_safe = standard.replace('+', "-").replace('/', "_");
        forms.push(("base64", standard.into_bytes()));
        forms.push(("base64url", url_safe.into_bytes()));
    }
    forms
}

/// The name of the first form of `canary` that `haystack` contains.
pub fn find_canary(haystack: &[u8], canary: &str) -> Option<&'static str> {
    canary_forms(canary)
        .into_iter()
        .find(|(_, needle)| !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle.as_slice()))
        .map(|(name, _)| name)
}

/// The base64 characters that encode `bytes` whatever surrounds them, when they start `offset`
/// bytes past a multiple of three within the encoded value: the whole groups of three bytes, less
/// the first group when it also holds bytes before them.
fn base64_inner(bytes: &[u8], offset: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let padded: Vec<u8> = std::iter::repeat_n(0, offset).chain(bytes.iter().copied()).collect();
    let mut out = String::new();
    for (group_idx, group) in padded.chunks_exact(3).enumerate() {
        if offset > 0 && group_idx == 0 {
            continue;
        }
        let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoConfig, Scale, generate};

    #[test]
    fn every_form_is_found_inside_a_larger_value() {
        let canary = "CANARY-7f3a-leak";
        for prefix in ["", "x", "xy", "xyz"] {
            let value = format!("{prefix}{canary}!?");
            let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
            let base64 = base64_inner(value.as_bytes(), 0) + "=";
            let utf16: Vec<u8> = value.encode_utf16().flat_map(u16::to_le_bytes).collect();
            assert_eq!(find_canary(value.as_bytes(), canary), Some("plain"));
            assert_eq!(find_canary(hex.as_bytes(), canary), Some("hex"));
            assert_eq!(find_canary(base64.as_bytes(), canary), Some("base64"), "{prefix}");
            assert_eq!(find_canary(&utf16, canary), Some("UTF-16LE"));
        }
        assert_eq!(find_canary(b"nothing here", canary), None);
    }

    #[test]
    fn the_canary_fills_every_protected_field_and_nothing_else() {
        let canary = "CANARY-7f3a";
        let mut scenario = generate(&DemoConfig { seed: 3, scale: Scale::Small });
        scenario.plant_canary(canary);
        assert!(!scenario.allegations.is_empty() && !scenario.testimonies.is_empty());
        for allegation in &scenario.allegations {
            assert_eq!(allegation.complainant.expose(), canary);
            assert_eq!(allegation.medical.as_ref().map(|m| m.expose().as_str()), Some(canary));
        }
        for testimony in &scenario.testimonies {
            for field in [&testimony.witness, testimony.contact.as_ref().unwrap(), &testimony.text] {
                assert_eq!(field.expose(), canary);
            }
        }
        // `Debug` hides protected values, so it shows every other field of the scenario.
        assert!(!format!("{scenario:?}").contains(canary));
    }
}
