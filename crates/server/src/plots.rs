//! Charts drawn on the server as inline SVG: the posterior of N (a histogram of the latent-class
//! draws with the graphical-model posterior as a step line over it) and the trace of the chains.
//!
//! No script and no chart library: the page's Content-Security-Policy forbids scripts and inline
//! styles, so the markup carries only geometry and classes, and the stylesheet gives colours,
//! dash patterns (chains stay apart in print and without colour) and fonts. Every chart has a
//! `<title>` and a `<desc>` referenced by `aria-labelledby`; the page puts a text summary beside
//! it. All text is XML-escaped here, since the template inserts the markup as it is.

use std::fmt::Write as _;

/// The drawing area in user units; the stylesheet scales the chart to the column's width.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 44.0;
/// Bars of the histogram, about.
const BINS: u64 = 32;

/// The words a chart shows, in the page's language.
pub(crate) struct Labels {
    /// An id unique on the page, for `aria-labelledby`.
    pub(crate) id: &'static str,
    pub(crate) title: String,
    pub(crate) desc: String,
    pub(crate) x_axis: String,
    pub(crate) y_axis: String,
    /// One legend entry per series, in drawing order.
    pub(crate) legend: Vec<String>,
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Round tick values within `[low, high]`, about `about` of them: steps of 1, 2 or 5 times a
/// power of ten, whichever gives the count nearest `about`.
fn ticks(low: f64, high: f64, about: usize) -> Vec<f64> {
    let span = (high - low).max(1e-9);
    let power = 10f64.powf((span / about.max(1) as f64).log10().floor());
    let within = |step: f64| {
        let first = (low / step).ceil() * step;
        (0..).map(move |i| first + i as f64 * step).take_while(move |t| *t <= high + step * 1e-9).take(50)
    };
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .min_by_key(|step| (within(*step).count() as i64 - about as i64).abs())
        .unwrap_or(power);
    within(step).collect()
}

/// A linear map from data to user units.
#[derive(Clone, Copy)]
struct Scale {
    from: (f64, f64),
    to: (f64, f64),
}

impl Scale {
    fn at(self, value: f64) -> f64 {
        let (a, b) = self.from;
        let t = if b > a { (value - a) / (b - a) } else { 0.5 };
        self.to.0 + t * (self.to.1 - self.to.0)
    }
}

/// The frame both charts share: the opening tag with its title and description, the axes with
/// ticks and labels, and the legend.
struct Frame<'a> {
    labels: &'a Labels,
    x: Scale,
    y: Scale,
    x_ticks: Vec<(f64, String)>,
    y_ticks: Vec<(f64, String)>,
}

impl Frame<'_> {
    fn open(&self, out: &mut String, class: &str) {
        let id = self.labels.id;
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="plot {class}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(&self.labels.title),
            escape(&self.labels.desc)
        );
    }

    fn axes(&self, out: &mut String) {
        let (x0, x1) = (LEFT, WIDTH - RIGHT);
        let (y0, y1) = (HEIGHT - BOTTOM, TOP);
        out.push_str(r#"<g class="axes" aria-hidden="true">"#);
        for (value, text) in &self.y_ticks {
            let y = self.y.at(*value);
            let _ = write!(
                out,
                r#"<line class="grid" x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                x0 - 6.0,
                y + 4.0,
                escape(text)
            );
        }
        for (value, text) in &self.x_ticks {
            let x = self.x.at(*value);
            let _ = write!(
                out,
                r#"<line class="tick-mark" x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{:.1}"/><text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                y0 + 5.0,
                y0 + 18.0,
                escape(text)
            );
        }
        let _ = write!(
            out,
            r#"<line class="axis" x1="{x0:.1}" y1="{y0:.1}" x2="{x1:.1}" y2="{y0:.1}"/><line class="axis" x1="{x0:.1}" y1="{y0:.1}" x2="{x0:.1}" y2="{y1:.1}"/>"#
        );
        let _ = write!(
            out,
            r#"<text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text class="axis-label" x="{x0:.1}" y="{:.1}" text-anchor="start">{}</text>"#,
            (x0 + x1) / 2.0,
            HEIGHT - 6.0,
            escape(&self.labels.x_axis),
            TOP - 22.0,
            escape(&self.labels.y_axis)
        );
        out.push_str("</g>");
    }

    /// The legend along the top right: one swatch per series, `kinds[i]` its shape (`bar`,
    /// `line` and a class for the line).
    fn legend(&self, out: &mut String, kinds: &[(&str, String)]) {
        out.push_str(r#"<g class="legend" aria-hidden="true">"#);
        // Entries laid out right to left, each as wide as its text needs (about 0.62 em a letter, which
        // Cyrillic needs; Latin text leaves a little more room).
        let mut x = WIDTH - RIGHT;
        let y = TOP - 24.0;
        for ((shape, class), text) in kinds.iter().zip(&self.labels.legend).rev() {
            let width = 24.0 + 7.4 * text.chars().count() as f64;
            x -= width + 12.0;
            match *shape {
                "bar" => {
                    let _ =
                        write!(out, r#"<rect class="{class}" x="{x:.1}" y="{:.1}" width="16" height="10"/>"#, y - 9.0);
                }
                _ => {
                    let _ = write!(
                        out,
                        r#"<line class="{class}" x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                        y - 4.0,
                        x + 18.0,
                        y - 4.0
                    );
                }
            }
            let _ = write!(out, r#"<text class="legend-text" x="{:.1}" y="{y:.1}">{}</text>"#, x + 22.0, escape(text));
        }
        out.push_str("</g>");
    }
}

/// The posterior of N: a histogram of `draws` (shares of draws per bar) and the step line of
/// `pmf` ((N, probability)) over the same bars; `marker` draws a vertical line (the median).
/// `format` writes a count in the page's language. Either series may be empty.
pub(crate) fn posterior(
    labels: &Labels,
    draws: &[f64],
    pmf: &[(u64, f64)],
    marker: Option<f64>,
    format: &dyn Fn(f64) -> String,
) -> String {
    // The range: every draw, and the graphical posterior from its 0.5% to its 99.5% point (its
    // grid runs to 10 n, mostly with nothing on it).
    let mut low = draws.iter().copied().fold(f64::INFINITY, f64::min);
    let mut high = draws.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut cumulative = 0.0;
    let (mut from, mut to) = (None, None);
    for (n, p) in pmf {
        cumulative += p;
        if from.is_none() && cumulative >= 0.005 {
            from = Some(*n as f64);
        }
        if to.is_none() && cumulative >= 0.995 {
            to = Some(*n as f64);
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        (low, high) = (low.min(from), high.max(to));
    }
    if !low.is_finite() || !high.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let width = (((high - low + 1.0) / BINS as f64).ceil()).max(1.0);
    let start = (low / width).floor() * width;
    let n_bins = (((high + 1.0 - start) / width).ceil() as usize).max(1);
    let mut bars = vec![0.0; n_bins];
    for draw in draws {
        let index = (((draw - start) / width).floor() as usize).min(n_bins - 1);
        bars[index] += 1.0 / draws.len() as f64;
    }
    let mut steps = vec![0.0; n_bins];
    for (n, p) in pmf {
        let value = *n as f64;
        if value >= start && value < start + width * n_bins as f64 {
            steps[((value - start) / width).floor() as usize] += p;
        }
    }
    let top = bars.iter().chain(&steps).copied().fold(0.0, f64::max).max(1e-9) * 1.1;
    let end = start + width * n_bins as f64;
    let x = Scale { from: (start, end), to: (LEFT, WIDTH - RIGHT) };
    let y = Scale { from: (0.0, top), to: (HEIGHT - BOTTOM, TOP) };
    let percent = |share: f64| format!("{}%", (share * 1000.0).round() / 10.0);
    let frame = Frame {
        labels,
        x,
        y,
        x_ticks: ticks(start, end, 6).into_iter().map(|t| (t, format(t))).collect(),
        y_ticks: ticks(0.0, top, 4).into_iter().map(|t| (t, percent(t))).collect(),
    };
    let mut out = String::new();
    frame.open(&mut out, "posterior");
    frame.axes(&mut out);
    out.push_str(r#"<g class="bars" aria-hidden="true">"#);
    for (index, share) in bars.iter().enumerate().filter(|(_, share)| **share > 0.0) {
        let (a, b) = (x.at(start + index as f64 * width), x.at(start + (index + 1) as f64 * width));
        let (y_top, y_base) = (y.at(*share), y.at(0.0));
        let _ = write!(
            out,
            r#"<rect class="bar" x="{a:.1}" y="{y_top:.1}" width="{:.1}" height="{:.1}"/>"#,
            (b - a - 1.0).max(0.5),
            y_base - y_top
        );
    }
    out.push_str("</g>");
    if !pmf.is_empty() {
        let mut path = format!("M{:.1},{:.1}", x.at(start), y.at(0.0));
        for (index, share) in steps.iter().enumerate() {
            let (a, b) = (x.at(start + index as f64 * width), x.at(start + (index + 1) as f64 * width));
            let level = y.at(*share);
            let _ = write!(path, " L{a:.1},{level:.1} L{b:.1},{level:.1}");
        }
        let _ = write!(path, " L{:.1},{:.1}", x.at(end), y.at(0.0));
        let _ = write!(out, r#"<path class="dga" d="{path}" aria-hidden="true"/>"#);
    }
    if let Some(value) = marker.filter(|v| v.is_finite()) {
        let at = x.at(value);
        let _ = write!(
            out,
            r#"<line class="median" x1="{at:.1}" y1="{:.1}" x2="{at:.1}" y2="{:.1}" aria-hidden="true"/>"#,
            y.at(0.0),
            y.at(top)
        );
    }
    let mut kinds = Vec::new();
    if !draws.is_empty() {
        kinds.push(("bar", "bar".to_owned()));
    }
    if !pmf.is_empty() {
        kinds.push(("line", "dga".to_owned()));
    }
    if marker.is_some() {
        kinds.push(("line", "median".to_owned()));
    }
    frame.legend(&mut out, &kinds);
    out.push_str("</svg>");
    out
}

/// The trace of each chain's draws of N against the draw's number; chain c is drawn with class
/// `chain c{c % 4}` so the stylesheet can tell four chains apart by colour and dash.
pub(crate) fn trace(labels: &Labels, chains: &[Vec<f64>], format: &dyn Fn(f64) -> String) -> String {
    let length = chains.iter().map(Vec::len).max().unwrap_or(0).max(2);
    let low = chains.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let high = chains.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    let (low, high) = if low.is_finite() && high > low { (low, high) } else { (low.min(0.0), low.max(0.0) + 1.0) };
    let pad = (high - low) * 0.05;
    let (low, high) = (low - pad, high + pad);
    let x = Scale { from: (1.0, length as f64), to: (LEFT, WIDTH - RIGHT) };
    let y = Scale { from: (low, high), to: (HEIGHT - BOTTOM, TOP) };
    let frame = Frame {
        labels,
        x,
        y,
        x_ticks: ticks(1.0, length as f64, 6).into_iter().map(|t| (t, format(t))).collect(),
        y_ticks: ticks(low, high, 4).into_iter().map(|t| (t, format(t))).collect(),
    };
    let mut out = String::new();
    frame.open(&mut out, "trace");
    frame.axes(&mut out);
    out.push_str(r#"<g class="chains" aria-hidden="true">"#);
    let mut kinds = Vec::new();
    for (index, chain) in chains.iter().enumerate() {
        let class = format!("chain c{}", index % 4);
        let points: Vec<String> =
            chain.iter().enumerate().map(|(i, n)| format!("{:.1},{:.1}", x.at((i + 1) as f64), y.at(*n))).collect();
        let _ = write!(out, r#"<polyline class="{class}" points="{}"/>"#, points.join(" "));
        kinds.push(("line", class));
    }
    out.push_str("</g>");
    frame.legend(&mut out, &kinds);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            id: "t",
            title: "N <posterior> & co".to_owned(),
            desc: "what it shows".to_owned(),
            x_axis: "N".to_owned(),
            y_axis: "share".to_owned(),
            legend: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(51.0, 72.0, 4), vec![55.0, 60.0, 65.0, 70.0]);
    }

    #[test]
    fn text_is_escaped_and_series_are_drawn() {
        let draws: Vec<f64> = (0..100).map(|i| 50.0 + (i % 20) as f64).collect();
        let pmf: Vec<(u64, f64)> = (50..70).map(|n| (n, 0.05)).collect();
        let svg = posterior(&labels(), &draws, &pmf, Some(59.0), &|v| format!("{v:.0}"));
        assert!(svg.contains("<title id=\"t-title\">N &lt;posterior&gt; &amp; co</title>"), "{svg}");
        assert!(svg.matches("class=\"bar\"").count() >= 10);
        assert!(svg.contains("class=\"dga\"") && svg.contains("class=\"median\""));
        let trace = trace(&labels(), &[draws.clone(), draws], &|v| format!("{v:.0}"));
        assert_eq!(trace.matches("<polyline").count(), 2);
        assert!(!trace.contains("NaN") && !svg.contains("NaN"));
    }

    #[test]
    fn empty_series_still_draw_a_frame() {
        let svg = posterior(&labels(), &[], &[], None, &|v| format!("{v:.0}"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let trace = trace(&labels(), &[], &|v| format!("{v:.0}"));
        assert!(!trace.contains("NaN") && !trace.contains("inf"));
    }
}
