//! String similarity on bytes: Jaro-Winkler and optimal-string-alignment (restricted
//! Damerau-Levenshtein) distance.
//!
//! Values compared here are short (names, codes, skeletons) and usually ASCII, so both work on
//! byte slices with buffers on the stack; non-ASCII text is compared as `char`s. Property tests
//! check them against `strsim`.

/// The longest input compared with buffers on the stack; longer ones use the heap.
const STACK: usize = 64;

/// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4), as in `strsim`.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        jaro_winkler_of(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        jaro_winkler_of(&a, &b)
    }
}

fn jaro_winkler_of<T: PartialEq + Copy>(a: &[T], b: &[T]) -> f64 {
    let jaro = jaro_of(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

fn jaro_of<T: PartialEq + Copy>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut stack_flags = [false; STACK * 2];
    let mut heap_flags = Vec::new();
    let flags: &mut [bool] = if a.len() + b.len() <= stack_flags.len() {
        &mut stack_flags[..a.len() + b.len()]
    } else {
        heap_flags.resize(a.len() + b.len(), false);
        &mut heap_flags
    };
    let (a_matched, b_matched) = flags.split_at_mut(a.len());
    let mut matches = 0usize;
    for (i, x) in a.iter().enumerate() {
        let start = i.saturating_sub(window);
        let end = (i + window + 1).min(b.len());
        for j in start..end {
            if !b_matched[j] && b[j] == *x {
                a_matched[i] = true;
                b_matched[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, x) in a.iter().enumerate() {
        if a_matched[i] {
            while !b_matched[j] {
                j += 1;
            }
            if *x != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

/// For ASCII text: the number of letters in common (multiset intersection) and the L1 distance of
/// the letter counts. Both bound the measures cheaply: Jaro matches are at most the letters in
/// common, and every edit changes the counts by at most two.
fn letter_counts(a: &[u8], b: &[u8]) -> (usize, usize) {
    let mut counts = [0i16; 128];
    for &x in a {
        counts[usize::from(x & 127)] += 1;
    }
    let mut common = 0;
    for &y in b {
        let slot = &mut counts[usize::from(y & 127)];
        if *slot > 0 {
            common += 1;
        }
        *slot -= 1;
    }
    (common, a.len() + b.len() - 2 * common)
}

/// Jaro-Winkler similarity when it can reach `floor`, else some value below `floor` (the bound
/// from the letters in common spares the full computation for most unrelated pairs).
pub(crate) fn jaro_winkler_from(a: &str, b: &str, floor: f64) -> f64 {
    if a.is_ascii() && b.is_ascii() && !a.is_empty() && !b.is_empty() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        let (common, _) = letter_counts(x, y);
        let c = common as f64;
        let jaro_bound = (c / x.len() as f64 + c / y.len() as f64 + 1.0) / 3.0;
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        let bound = jaro_bound + 0.1 * prefix as f64 * (1.0 - jaro_bound);
        if bound < floor {
            return bound;
        }
        return jaro_winkler_of(x, y);
    }
    jaro_winkler(a, b)
}

/// The optimal-string-alignment distance, or `None` when it exceeds `max` (checked cheaply first by
/// the difference in length and the letter counts).
pub(crate) fn osa_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if a.len().abs_diff(b.len()) > max || letter_counts(a.as_bytes(), b.as_bytes()).1 > 2 * max {
            return None;
        }
        osa_of(a.as_bytes(), b.as_bytes(), max)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa_of(&a, &b, max)
    }
}

fn osa_of<T: PartialEq + Copy>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.len() > STACK || b.len() > STACK {
        return osa_heap(a, b).filter(|d| *d <= max);
    }
    // Three rows used in rotation (two back, one back, this one).
    let mut rows = [[0usize; STACK + 1]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    let (mut two_back, mut one_back, mut this) = (0, 1, 2);
    for i in 1..=a.len() {
        rows[this][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[one_back][j] + 1).min(rows[this][j - 1] + 1).min(rows[one_back][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[two_back][j - 2] + 1);
            }
            rows[this][j] = best;
            row_min = row_min.min(best);
        }
        // Every later cell is at least the smallest of this row (minus nothing: costs are >= 0),
        // except through a transposition, which reaches back one more row; two rows over the bound
        // settle it.
        if row_min > max && i > 1 && rows[one_back].iter().take(b.len() + 1).all(|c| *c > max) {
            return None;
        }
        (two_back, one_back, this) = (one_back, this, two_back);
    }
    Some(rows[one_back][b.len()]).filter(|d| *d <= max)
}

fn osa_heap<T: PartialEq + Copy>(a: &[T], b: &[T]) -> Option<usize> {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    Some(d[a.len() * width + b.len()])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn known_values() {
        assert!((jaro_winkler("martha", "marhta") - 0.9611).abs() < 1e-4);
        assert!((jaro_winkler("dixon", "dicksonx") - 0.8133).abs() < 1e-4);
        assert_eq!(jaro_winkler("", ""), 1.0);
        assert_eq!(osa_within("ca", "abc", 3), Some(3));
        assert_eq!(osa_within("michaela", "michaella", 1), Some(1));
        assert_eq!(osa_within("5304218", "5340218", 1), Some(1));
        assert_eq!(osa_within("5304218", "9999999", 2), None);
    }

    proptest! {
        #[test]
        fn agrees_with_reference(a in "[a-dй]{0,12}", b in "[a-dй]{0,12}") {
            let expected = strsim_jw(&a, &b);
            prop_assert!((jaro_winkler(&a, &b) - expected).abs() < 1e-9);
            for floor in [0.5, 0.85, 0.92] {
                let bounded = jaro_winkler_from(&a, &b, floor);
                let consistent = if expected >= floor { (bounded - expected).abs() < 1e-9 } else { bounded < floor };
                prop_assert!(consistent, "floor {}: {} vs {}", floor, bounded, expected);
            }
            let distance = osa_reference(&a, &b);
            for max in 0..4 {
                prop_assert_eq!(osa_within(&a, &b, max), Some(distance).filter(|d| *d <= max));
            }
        }
    }

    /// Reference Jaro-Winkler written from the definition, independent of the optimised one.
    fn strsim_jw(a: &str, b: &str) -> f64 {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let window = (a.len().max(b.len()) / 2).saturating_sub(1);
        let mut bm = vec![false; b.len()];
        let mut am = vec![false; a.len()];
        let mut m = 0;
        for i in 0..a.len() {
            for j in i.saturating_sub(window)..(i + window + 1).min(b.len()) {
                if !bm[j] && a[i] == b[j] {
                    am[i] = true;
                    bm[j] = true;
                    m += 1;
                    break;
                }
            }
        }
        if m == 0 {
            return 0.0;
        }
        let a_seq: Vec<char> = a.iter().zip(&am).filter(|(_, f)| **f).map(|(c, _)| *c).collect();
        let b_seq: Vec<char> = b.iter().zip(&bm).filter(|(_, f)| **f).map(|(c, _)| *c).collect();
        let t = a_seq.iter().zip(&b_seq).filter(|(x, y)| x != y).count() / 2;
        let m = m as f64;
        let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - t as f64) / m) / 3.0;
        let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count();
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    }

    fn osa_reference(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa_heap(&a, &b).unwrap()
    }
}
