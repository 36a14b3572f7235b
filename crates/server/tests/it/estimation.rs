//! The estimation page through the web shell: the three methods side by side on the demo, the
//! posterior and trace plots as well-formed inline SVG with a title and a description, warnings
//! and labels in every language, the strata, the seed, and who may read it.

use axum::http::StatusCode;

use crate::support::*;

/// The inline `<svg>` elements of a page.
fn svgs(body: &str) -> Vec<&str> {
    body.match_indices("<svg")
        .map(|(start, _)| {
            let end = body[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
            &body[start..end]
        })
        .collect()
}

/// Checks that `xml` is well-formed in the ways a browser's XML parser would insist on: every
/// tag closed in order, attribute values quoted, no stray `<`, `>` or `&` in text, entities known.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').unwrap_or_else(|| panic!("an unclosed tag: {rest}")) + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "closing tag out of order");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("a tag name");
            check_attributes(&body[name.len()..]);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
}

fn check_text(text: &str) {
    assert!(!text.contains('>'), "a stray `>` in text: {text}");
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        let entity = &rest[at..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| entity.starts_with(e)),
            "an unknown entity or a bare `&`: {entity}"
        );
        rest = &rest[at + 1..];
    }
}

fn check_attributes(attributes: &str) {
    let mut rest = attributes.trim();
    let mut names = Vec::new();
    while !rest.is_empty() {
        let eq = rest.find('=').unwrap_or_else(|| panic!("an attribute without a value: {rest}"));
        let name = rest[..eq].trim();
        assert!(!name.is_empty() && !name.contains(char::is_whitespace), "a bad attribute name: {rest}");
        assert!(!names.contains(&name), "attribute {name} twice");
        names.push(name);
        let value = &rest[eq + 1..];
        assert!(value.starts_with('"'), "an unquoted attribute value: {rest}");
        let end = value[1..].find('"').expect("a closing quote") + 1;
        check_text(&value[1..end]);
        rest = value[end + 1..].trim_start();
    }
}

#[tokio::test]
async fn the_estimate_page_shows_three_methods_and_two_plots() {
    let app = demo_app().await;
    let mut analyst = Client::signed_in(&app, "analyst").await;
    let page = analyst.get("/registry/estimate").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    if let Ok(dir) = std::env::var("AQIQAT_DUMP_PAGES") {
        std::fs::write(format!("{dir}/estimate.html"), &page.body).unwrap();
    }
    for expected in [
        "Estimate of the uncounted dead",
        "Latent classes (LCMCR)",
        "Log-linear model (Rcapture)",
        "Graphical models (dga)",
        "95% interval",
        "R-hat",
        "Effective draws of N",
        "Classes in use",
        "Draws near the cap on N",
        "Reasons for caution",
        "1 official, 2 ngo, 3 media, 4 morgue",
        "Settings of this run",
        "19481210",
        "lowest BIC",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    assert!(page.body.contains("href=\"/registry/estimate\" aria-current=\"page\""), "the registry's navigation");
    let plots = svgs(&page.body);
    assert_eq!(plots.len(), 2, "a posterior and a trace");
    for svg in &plots {
        assert_well_formed(svg);
        assert!(svg.contains("role=\"img\"") && svg.contains("<title id=") && svg.contains("<desc id="), "{svg}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
    assert!(plots[0].contains("class=\"bar\"") && plots[0].contains("class=\"dga\""));
    assert_eq!(plots[1].matches("<polyline").count(), 4, "four chains");
    assert!(page.body.contains("half the draws of N lie below"), "a text summary beside the posterior");
    assert!(page.body.contains("chains of 250 draws each"), "a text summary beside the trace");
    assert!(!page.body.contains("<script"));

    // The same request gives the same page; another seed moves the latent-class figures.
    let again = analyst.get("/registry/estimate").await;
    assert_eq!(svgs(&again.body), plots);
    let other = analyst.get("/registry/estimate?seed=7").await;
    assert_ne!(svgs(&other.body)[1], plots[1]);
    assert!(other.body.contains("value=\"7\""));
    assert_eq!(analyst.get("/registry/estimate?seed=minus-one").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(analyst.get("/registry/estimate?by=moon").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn strata_are_estimated_and_explained_in_every_language() {
    let app = demo_app().await;
    let mut investigator = Client::signed_in(&app, "investigator").await;
    for (lang, strata, caution) in
        [("en", "By stratum", "Stratum "), ("ru", "По слоям", "Слой "), ("kk", "Қабаттар бойынша", " қабаты: ")]
    {
        let csrf = investigator.get("/").await.csrf_field();
        investigator.post("/locale", &[("locale", lang), ("csrf", &csrf), ("back", "/")]).await;
        for by in ["place", "week"] {
            let page = investigator.get(&format!("/registry/estimate?by={by}")).await;
            assert_eq!(page.status, StatusCode::OK, "{lang} {by}: {}", page.body);
            assert!(page.body.contains(&format!("<html lang=\"{lang}\">")));
            assert!(page.body.contains(strata), "{lang} {by}");
            assert!(page.body.contains(caution), "{lang} {by}: warnings per stratum");
            assert!(page.body.contains(&format!("<option value=\"{by}\" selected")), "{lang} {by}");
            // The small strata pooled, every stratum has an estimate and the total its plots.
            assert_eq!(svgs(&page.body).len(), 2, "{lang} {by}");
            for svg in svgs(&page.body) {
                assert_well_formed(svg);
            }
            if lang == "en" {
                assert!(page.body.contains("the rest, pooled"), "{by}");
                assert!(page.body.contains("sum of the strata&#39;s draws"), "{by}");
            }
            for prefix in ["estimate-", "registry-nav-", "nav-"] {
                assert!(!page.body.contains(&format!(">{prefix}")), "{lang} {by}: an untranslated {prefix} message");
            }
            assert!(!page.body.contains("style="));
        }
    }
}

#[tokio::test]
async fn only_readers_of_the_registry_see_the_estimate() {
    let app = demo_app().await;
    let mut outsider = Client::signed_in(&app, "outsider").await;
    assert_eq!(outsider.get("/registry/estimate").await.status, StatusCode::FORBIDDEN);
    let mut anonymous = Client::new(&app);
    let reply = anonymous.get("/registry/estimate").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/login");
}

#[tokio::test]
async fn before_any_link_run_the_page_says_there_is_nothing_to_estimate() {
    let app = app().await;
    let mut admin = Client::signed_in(&app, "admin").await;
    let page = admin.get("/registry/estimate").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("The lists have not been linked yet"));
    assert!(svgs(&page.body).is_empty());
}
