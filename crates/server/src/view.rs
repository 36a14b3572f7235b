//! The scaffolding every HTML page shares: the layout (language, who is signed in, the navigation
//! and the language switch), the view values templates lay out (cells, tables, facts, choices),
//! rendering, error pages, and the checks a handler makes before its work (the CSRF token).
//!
//! Handlers of `pages.rs` and `registry_pages.rs` return a [`Reply`]: the page, or the error page
//! in the page's own layout. [`Layout::check`] turns an `app` result into its value or that error
//! page, so a handler reads as a sequence of `?`s rather than a ladder of matches.

use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::error::{ErrorCode, Failure};
use crate::i18n::{LOCALES_SHOWN, Tr};
use crate::session::{Member, csrf_matches};

/// Items per list page.
pub(crate) const PAGE_SIZE: i64 = 50;

/// What an HTML handler answers: the page, or an error page (`Err` so that `?` returns it).
pub(crate) type Reply = Result<Response, ErrorPageReply>;

/// An error page on its way out of a handler; boxed, since a response is large and `?` moves it.
pub(crate) struct ErrorPageReply(Box<Response>);

impl From<Response> for ErrorPageReply {
    fn from(response: Response) -> ErrorPageReply {
        ErrorPageReply(Box::new(response))
    }
}

impl IntoResponse for ErrorPageReply {
    fn into_response(self) -> Response {
        *self.0
    }
}

// ---------------------------------------------------------------------------------------------
// The layout.

/// What the base layout needs: language, who is signed in, and where the page is.
#[derive(Clone)]
pub(crate) struct Layout {
    pub(crate) tr: Tr,
    /// Which navigation link is the current page: `home`, `persons`, … or empty.
    pub(crate) section: &'static str,
    pub(crate) signed_in: bool,
    pub(crate) signed_in_as: String,
    /// The session's CSRF token for the header forms (empty when anonymous).
    pub(crate) csrf: String,
    /// The path and query of this page, to return to after switching language.
    pub(crate) back: String,
}

/// One entry of the language switcher.
pub(crate) struct LocaleOption {
    pub(crate) code: &'static str,
    pub(crate) name: String,
    pub(crate) selected: bool,
}

/// One link of the site navigation.
pub(crate) struct NavLink {
    pub(crate) href: &'static str,
    pub(crate) label: String,
    pub(crate) current: bool,
}

/// The site navigation: path, the section that marks it current, and its message id.
const NAVIGATION: [(&str, &str, &str); 12] = [
    ("/", "home", "nav-home"),
    ("/registry", "registry", "nav-registry"),
    ("/registry/queue", "review", "nav-review"),
    ("/persons", "persons", "nav-persons"),
    ("/incidents", "incidents", "nav-incidents"),
    ("/units", "units", "nav-units"),
    ("/sources", "sources", "nav-sources"),
    ("/evidence", "evidence", "nav-evidence"),
    ("/allegations", "allegations", "nav-allegations"),
    ("/accountability", "accountability", "nav-accountability"),
    ("/vetting", "vetting", "nav-vetting"),
    ("/releases", "releases", "nav-releases"),
];

/// The registry's own pages, linked from each of them: path, the page's key, and its message id.
const REGISTRY_NAVIGATION: [(&str, &str, &str); 5] = [
    ("/registry", "list", "registry-nav-list"),
    ("/registry/capture-histories", "capture", "nav-capture"),
    ("/registry/estimate", "estimate", "nav-estimate"),
    ("/registry/link", "link", "link-title"),
    ("/registry/decisions", "decisions", "decisions-title"),
];

impl Layout {
    pub(crate) fn anonymous(tr: Tr) -> Layout {
        Layout {
            tr,
            section: "",
            signed_in: false,
            signed_in_as: String::new(),
            csrf: String::new(),
            // Where the language switch goes: the sign-in page, or a public page (releases).
            back: "/login".to_owned(),
        }
    }

    /// The layout of a member's page in `section` at `uri` (where the language switch returns).
    pub(crate) fn member(member: &Member, section: &'static str, uri: &Uri) -> Layout {
        let back = uri.path_and_query().map_or("/", |pq| pq.as_str());
        Layout::member_at(member, section, back)
    }

    /// As [`Layout::member`], for a form's answer: `back` is the page the form belongs to.
    pub(crate) fn member_at(member: &Member, section: &'static str, back: &str) -> Layout {
        let tr = member.tr();
        Layout {
            tr,
            section,
            signed_in: true,
            signed_in_as: tr.t_args("signed-in-as", &[("name", member.signed_in.user.display_name.clone())]),
            csrf: member.csrf_token().to_owned(),
            back: back.to_owned(),
        }
    }

    pub(crate) fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }

    pub(crate) fn lang(&self) -> &'static str {
        self.tr.locale().as_str()
    }

    pub(crate) fn locales(&self) -> Vec<LocaleOption> {
        LOCALES_SHOWN
            .iter()
            .map(|&locale| LocaleOption {
                code: locale.as_str(),
                name: self.tr.code("locale", locale.as_str()),
                selected: locale == self.tr.locale(),
            })
            .collect()
    }

    /// The site navigation, the current section marked.
    pub(crate) fn nav(&self) -> Vec<NavLink> {
        NAVIGATION
            .iter()
            .map(|(href, section, id)| NavLink { href, label: self.t(id), current: *section == self.section })
            .collect()
    }

    /// The links between the registry's pages, `current` (`list`, `capture`, …) marked.
    pub(crate) fn registry_nav(&self, current: &str) -> Vec<NavLink> {
        REGISTRY_NAVIGATION
            .iter()
            .map(|(href, key, id)| NavLink { href, label: self.t(id), current: *key == current })
            .collect()
    }

    /// The value of `result`, or the error page for its failure in this layout.
    pub(crate) fn check<T, E: Into<Failure>>(&self, result: Result<T, E>) -> Result<T, ErrorPageReply> {
        result.map_err(|error| self.fail(error.into()))
    }

    /// The error page for `failure` in this layout.
    pub(crate) fn fail(&self, failure: Failure) -> ErrorPageReply {
        failure_page(self.clone(), failure).into()
    }

    /// Refuses a role that may not do `action` (for pages that only show a form).
    pub(crate) fn require(&self, allowed: bool) -> Result<(), ErrorPageReply> {
        if allowed { Ok(()) } else { Err(self.fail(Failure::new(ErrorCode::Denied))) }
    }
}

/// Refuses a form whose CSRF token is not the member's: the first check of every POST handler.
pub(crate) fn require_csrf(member: &Member, submitted: &str) -> Result<(), ErrorPageReply> {
    if csrf_matches(submitted, member.csrf_token()) {
        Ok(())
    } else {
        Err(error_page(member.tr(), Some(member), Failure::new(ErrorCode::CsrfRejected)).into())
    }
}

/// The `csrf` field of a form read as pairs (forms with repeated fields).
pub(crate) fn csrf_field(form: &[(String, String)]) -> &str {
    form.iter().find(|(k, _)| k == "csrf").map_or("", |(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------------------------
// View values shared by the templates.

/// A table cell: text, and a link when it names something with a page.
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) href: Option<String>,
    pub(crate) numeric: bool,
}

impl Cell {
    pub(crate) fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), href: None, numeric: false }
    }

    pub(crate) fn link(text: impl Into<String>, href: String) -> Cell {
        Cell { text: text.into(), href: Some(href), numeric: false }
    }

    pub(crate) fn number(value: impl ToString) -> Cell {
        Cell { text: value.to_string(), href: None, numeric: true }
    }
}

/// A table with a heading (used by detail sections), column headers and rows; the first cell of
/// each row is the row header.
pub(crate) struct Table {
    pub(crate) heading: String,
    pub(crate) caption: Option<String>,
    /// Column headers; a header is numeric (right-aligned) when its column holds numbers.
    pub(crate) headers: Vec<Cell>,
    /// `compact` for a narrow table that need not fill the page.
    pub(crate) class: &'static str,
    pub(crate) rows: Vec<Vec<Cell>>,
    /// Shown instead of the table when there are no rows.
    pub(crate) empty: String,
    pub(crate) note: Option<String>,
}

impl Table {
    pub(crate) fn new(tr: Tr, heading_id: &str, header_ids: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            heading: tr.t(heading_id),
            caption: None,
            headers: header_ids
                .iter()
                .enumerate()
                .map(|(idx, id)| Cell {
                    numeric: rows.first().and_then(|row| row.get(idx)).is_some_and(|cell| cell.numeric),
                    ..Cell::text(tr.t(id))
                })
                .collect(),
            class: "",
            rows,
            empty: tr.t("none-recorded"),
            note: None,
        }
    }
}

/// A labelled value on a detail page.
pub(crate) struct Fact {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) href: Option<String>,
}

pub(crate) fn fact(tr: Tr, label_id: &str, value: impl Into<String>) -> Fact {
    Fact { label: tr.t(label_id), value: value.into(), href: None }
}

/// An option of a select or a checkbox.
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

/// The text, or "unknown" when there is none.
pub(crate) fn or_unknown(tr: Tr, value: Option<String>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or_else(|| tr.t("unknown"))
}

/// Percent-encodes a query value.
pub(crate) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rendering.

#[derive(Template)]
#[template(path = "detail.html")]
struct DetailPage {
    layout: Layout,
    heading: String,
    facts: Vec<Fact>,
    sections: Vec<Table>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    title: String,
    text: String,
    detail: Option<String>,
    request_id: Option<String>,
}

pub(crate) fn render(template: &impl Template, status: StatusCode) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            let failure = Failure::internal(&error);
            let id = failure.request_id.unwrap_or_default();
            (StatusCode::INTERNAL_SERVER_ERROR, format!("internal error (request {id})")).into_response()
        }
    }
}

/// A page that rendered: `200 OK`.
pub(crate) fn show(template: &impl Template) -> Reply {
    Ok(render(template, StatusCode::OK))
}

/// A detail page: facts with a value, then one section per table.
pub(crate) fn detail_page(layout: Layout, heading: String, facts: Vec<Fact>, sections: Vec<Table>) -> Reply {
    let facts = facts.into_iter().filter(|fact| !fact.value.is_empty()).collect();
    show(&DetailPage { layout, heading, facts, sections })
}

/// A redirect after a form (`303 See Other`).
pub(crate) fn redirect(to: &str) -> Reply {
    Ok(Redirect::to(to).into_response())
}

pub(crate) fn failure_page(layout: Layout, failure: Failure) -> Response {
    let code = failure.code;
    if code == ErrorCode::Unauthenticated {
        return Redirect::to("/login").into_response();
    }
    let page = ErrorPage {
        title: layout.t(code.title_id()),
        text: layout.t(code.text_id()),
        detail: failure.detail,
        request_id: failure.request_id,
        layout,
    };
    render(&page, code.status())
}

/// The error page for `failure`, in the visitor's language, with the member's layout if known.
pub(crate) fn error_page(tr: Tr, member: Option<&Member>, failure: Failure) -> Response {
    let layout = match member {
        Some(member) => Layout::member_at(member, "", "/"),
        None => Layout::anonymous(tr),
    };
    failure_page(layout, failure)
}
