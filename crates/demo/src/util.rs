//! Small helpers for drawing from the seeded generator, making dates and registering sources.

use jiff::civil::Date;
use rand::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use domain::entity::{Reliability, Source, SourceKind};
use domain::id::SourceId;

/// The only source of randomness: everything is drawn from it, so a seed fixes the scenario.
pub(crate) type Rng = Xoshiro256PlusPlus;

/// A child generator, so that adding draws to one part of the scenario does not shift the others.
pub(crate) fn fork(rng: &mut Rng) -> Rng {
    Xoshiro256PlusPlus::seed_from_u64(rng.random())
}

pub(crate) fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// An index drawn with probability proportional to `weights`.
pub(crate) fn weighted(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

pub(crate) fn day(year: i16, month: i8, day: i8) -> Date {
    jiff::civil::date(year, month, day)
}

pub(crate) fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

/// `n` random decimal digits, for registration and case numbers.
pub(crate) fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

/// Collects every source the scenario cites, in creation order.
#[derive(Default)]
pub(crate) struct Sources {
    pub(crate) all: Vec<Source>,
}

impl Sources {
    pub(crate) fn add(
        &mut self,
        rng: &mut Rng,
        kind: SourceKind,
        title: &str,
        publisher: &str,
        published_on: Option<Date>,
        reliability: Reliability,
    ) -> SourceId {
        let id = SourceId::from_bits(rng.random());
        self.all.push(Source {
            id: id.clone(),
            kind,
            title: title.to_owned(),
            publisher: publisher.to_owned(),
            published_on,
            url: None,
            reliability,
            notes: "Synthetic demo source: invented for the Aqiqat demo scenario; not a real document.".to_owned(),
        });
        id
    }
}

/// Like [`pick`], for items that are not `Copy`.
pub(crate) fn pick_ref<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}
