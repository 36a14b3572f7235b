//! Reads of the state tables, turned back into domain values. Lists use keyset pagination on
//! (sort key, id): deep OFFSETs are what make list pages slow (shared/research/service.md).

use domain::date::FuzzyDate;
use domain::entity::*;
use domain::id::*;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Error, Result, Store};

pub(crate) fn corrupt(table: &'static str, column: &'static str, detail: impl ToString) -> Error {
    Error::Corrupt { table, column, detail: detail.to_string() }
}

/// Reads a column and parses it with a domain parser, naming the column when the stored text is bad.
macro_rules! col {
    ($row:expr, $table:literal, $column:literal) => {
        $row.try_get::<String, _>($column)?
    };
    ($row:expr, $table:literal, $column:literal, $parse:expr) => {{
        let text: String = $row.try_get($column)?;
        $parse(&text).map_err(|e| corrupt($table, $column, e))?
    }};
}

macro_rules! opt_col {
    ($row:expr, $table:literal, $column:literal) => {
        $row.try_get::<Option<String>, _>($column)?
    };
    ($row:expr, $table:literal, $column:literal, $parse:expr) => {{
        match $row.try_get::<Option<String>, _>($column)? {
            Some(text) => Some($parse(&text).map_err(|e| corrupt($table, $column, e))?),
            None => None,
        }
    }};
}

pub(crate) use {col, opt_col};

pub(crate) fn fuzzy(text: &str) -> std::result::Result<FuzzyDate, domain::Error> {
    text.parse()
}

pub(crate) fn date(text: &str) -> std::result::Result<jiff::civil::Date, domain::Error> {
    domain::date::parse_date(text)
}

/// One line of a list page: enough to show and link an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    /// A short second column: a date, a kind, a publisher.
    pub detail: String,
    pub extra: String,
}

/// Counts shown on the home page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub persons: i64,
    /// Persons of the victim registry (active).
    pub registry_persons: i64,
    pub records: i64,
    pub sources: i64,
    pub incidents: i64,
    pub units: i64,
    pub allegations: i64,
    pub events: i64,
}

/// A person's violation: the incident it belongs to and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonViolation {
    pub incident_id: IncidentId,
    pub incident_title: String,
    pub date: String,
    pub place: String,
    pub kind: ViolationKind,
}

/// A posting with the unit's name, or a unit's member with the person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingView {
    pub posting: Posting,
    pub unit_name: String,
    pub person_name: String,
}

/// An attribution with the name of the unit or person it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionView {
    pub attribution: Attribution,
    pub subject_name: String,
}

pub(crate) fn user_from(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: col!(row, "users", "id", UserId::parse),
        username: col!(row, "users", "username"),
        display_name: col!(row, "users", "display_name"),
        role: col!(row, "users", "role", Role::parse),
        locale: col!(row, "users", "locale", Locale::parse),
        password_hash: col!(row, "users", "password_hash"),
    })
}

pub(crate) fn source_from(row: &AnyRow) -> Result<Source> {
    Ok(Source {
        id: col!(row, "sources", "id", SourceId::parse),
        kind: col!(row, "sources", "kind", SourceKind::parse),
        title: col!(row, "sources", "title"),
        publisher: col!(row, "sources", "publisher"),
        published_on: opt_col!(row, "sources", "published_on", date),
        url: opt_col!(row, "sources", "url"),
        reliability: col!(row, "sources", "reliability", Reliability::parse),
        notes: col!(row, "sources", "notes"),
    })
}

pub(crate) fn record_from(row: &AnyRow) -> Result<Record> {
    let verbatim: String = row.try_get("verbatim")?;
    let age: Option<i64> = row.try_get("age")?;
    Ok(Record {
        id: col!(row, "records", "id", RecordId::parse),
        source_id: col!(row, "records", "source_id", SourceId::parse),
        row_number: row.try_get::<i64, _>("row_number")? as u32,
        source_record_id: opt_col!(row, "records", "source_record_id"),
        verbatim: serde_json::from_str(&verbatim).map_err(|e| corrupt("records", "verbatim", e))?,
        fields: VictimFields {
            full_name: opt_col!(row, "records", "full_name"),
            surname: opt_col!(row, "records", "surname"),
            given_name: opt_col!(row, "records", "given_name"),
            patronymic: opt_col!(row, "records", "patronymic"),
            birth_date: opt_col!(row, "records", "birth_date", fuzzy),
            age: age.map(|a| a.clamp(0, 255) as u8),
            gender: opt_col!(row, "records", "gender", Gender::parse),
            death_date: opt_col!(row, "records", "death_date", fuzzy),
            place: opt_col!(row, "records", "place"),
            circumstances: opt_col!(row, "records", "circumstances"),
        },
    })
}

pub(crate) fn place_from(row: &AnyRow, table: &'static str) -> Result<Place> {
    let _ = table;
    Ok(Place {
        name: row.try_get("place_name")?,
        region_at_event: row.try_get("region_at_event")?,
        current_region: row.try_get("current_region")?,
    })
}

pub(crate) fn posting_from(row: &AnyRow) -> Result<Posting> {
    Ok(Posting {
        id: col!(row, "postings", "id", PostingId::parse),
        person_id: col!(row, "postings", "person_id", PersonId::parse),
        unit_id: col!(row, "postings", "unit_id", UnitId::parse),
        role: col!(row, "postings", "role"),
        rank: opt_col!(row, "postings", "rank"),
        start: opt_col!(row, "postings", "start_date", date),
        end: opt_col!(row, "postings", "end_date", date),
        source_id: col!(row, "postings", "source_id", SourceId::parse),
    })
}

fn summaries(rows: Vec<AnyRow>) -> Result<Vec<Summary>> {
    rows.iter()
        .map(|row| {
            Ok(Summary {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                detail: row.try_get::<Option<String>, _>("detail")?.unwrap_or_default(),
                extra: row.try_get::<Option<String>, _>("extra")?.unwrap_or_default(),
            })
        })
        .collect()
}

impl Store {
    pub async fn counts(&self) -> Result<Counts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM records) AS records, \
             (SELECT COUNT(*) FROM registry_persons WHERE status = 'active') AS registry_persons, \
             (SELECT COUNT(*) FROM sources) AS sources, (SELECT COUNT(*) FROM incidents) AS incidents, \
             (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM allegations) AS allegations, \
             (SELECT COUNT(*) FROM events) AS events",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            persons: row.try_get("persons")?,
            registry_persons: row.try_get("registry_persons")?,
            records: row.try_get("records")?,
            sources: row.try_get("sources")?,
            incidents: row.try_get("incidents")?,
            units: row.try_get("units")?,
            allegations: row.try_get("allegations")?,
            events: row.try_get("events")?,
        })
    }

    pub async fn user(&self, id: &UserId) -> Result<Option<User>> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?;
        row.as_ref().map(user_from).transpose()
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        let row =
            sqlx::query("SELECT * FROM users WHERE username = $1").bind(username).fetch_optional(&self.pool).await?;
        row.as_ref().map(user_from).transpose()
    }

    /// A page of persons in name order, after the person `after` (exclusive).
    /// A page of `table` ordered by (`sort`, id), after the row with id `after` (exclusive).
    /// `columns` selects the summary's `title`, `detail` and `extra`.
    async fn keyset_page(
        &self,
        table: &str,
        columns: &str,
        sort: &str,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Summary>> {
        let sql = format!(
            "SELECT id, {columns} FROM {table} \
             WHERE $1 IS NULL OR ({sort}, id) > (SELECT {sort}, id FROM {table} WHERE id = $1) \
             ORDER BY {sort}, id LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(after).bind(limit).fetch_all(&self.pool).await?;
        summaries(rows)
    }

    pub async fn persons_page(&self, after: Option<&PersonId>, limit: i64) -> Result<Vec<Summary>> {
        self.keyset_page(
            "persons",
            "display_name AS title, birth_date AS detail, gender AS extra",
            "sort_key",
            after.map(|id| id.as_str()),
            limit,
        )
        .await
    }

    pub async fn person(&self, id: &PersonId) -> Result<Option<Person>> {
        let Some(row) =
            sqlx::query("SELECT * FROM persons WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let names = sqlx::query("SELECT * FROM person_names WHERE person_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|name| {
                Ok(PersonName {
                    text: col!(name, "person_names", "text"),
                    script: col!(name, "person_names", "script", Script::parse),
                    scheme: opt_col!(name, "person_names", "scheme"),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Person {
            id: id.clone(),
            names,
            gender: opt_col!(row, "persons", "gender", Gender::parse),
            birth_date: opt_col!(row, "persons", "birth_date", fuzzy),
            death_date: opt_col!(row, "persons", "death_date", fuzzy),
            notes: col!(row, "persons", "notes"),
        }))
    }

    pub async fn records_of_person(&self, id: &PersonId) -> Result<Vec<Record>> {
        let rows = sqlx::query("SELECT * FROM records WHERE person_id = $1 ORDER BY source_id, row_number")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record_from).collect()
    }

    pub async fn violations_of_person(&self, id: &PersonId) -> Result<Vec<PersonViolation>> {
        let rows = sqlx::query(
            "SELECT v.kind, i.id AS incident_id, i.title, i.date_text, i.place_name FROM violations v \
             JOIN incidents i ON i.id = v.incident_id WHERE v.victim_id = $1 ORDER BY i.date_earliest, i.id",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PersonViolation {
                    incident_id: col!(row, "violations", "incident_id", IncidentId::parse),
                    incident_title: col!(row, "incidents", "title"),
                    date: col!(row, "incidents", "date_text"),
                    place: col!(row, "incidents", "place_name"),
                    kind: col!(row, "violations", "kind", ViolationKind::parse),
                })
            })
            .collect()
    }

    async fn posting_views(&self, column: &str, id: &str) -> Result<Vec<PostingView>> {
        let sql = format!(
            "SELECT p.*, u.display_name AS unit_name, pe.display_name AS person_name FROM postings p \
             JOIN units u ON u.id = p.unit_id JOIN persons pe ON pe.id = p.person_id \
             WHERE p.{column} = $1 ORDER BY p.start_date, p.id"
        );
        let rows = sqlx::query(&sql).bind(id).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(PostingView {
                    posting: posting_from(row)?,
                    unit_name: row.try_get("unit_name")?,
                    person_name: row.try_get("person_name")?,
                })
            })
            .collect()
    }

    pub async fn postings_of_person(&self, id: &PersonId) -> Result<Vec<PostingView>> {
        self.posting_views("person_id", id.as_str()).await
    }

    pub async fn postings_of_unit(&self, id: &UnitId) -> Result<Vec<PostingView>> {
        self.posting_views("unit_id", id.as_str()).await
    }

    pub async fn incidents_page(&self, after: Option<&IncidentId>, limit: i64) -> Result<Vec<Summary>> {
        self.keyset_page(
            "incidents",
            "title, date_text AS detail, place_name AS extra",
            "date_earliest",
            after.map(|id| id.as_str()),
            limit,
        )
        .await
    }

    pub async fn incident(&self, id: &IncidentId) -> Result<Option<Incident>> {
        let Some(row) =
            sqlx::query("SELECT * FROM incidents WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let violations = sqlx::query("SELECT * FROM violations WHERE incident_id = $1 ORDER BY kind, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|v| {
                Ok(Violation {
                    id: col!(v, "violations", "id", ViolationId::parse),
                    kind: col!(v, "violations", "kind", ViolationKind::parse),
                    victim: opt_col!(v, "violations", "victim_id", PersonId::parse),
                    victim_count: v.try_get::<i64, _>("victim_count")? as u32,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let source_ids =
            sqlx::query("SELECT source_id FROM incident_sources WHERE incident_id = $1 ORDER BY source_id")
                .bind(id.as_str())
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|s| Ok(col!(s, "incident_sources", "source_id", SourceId::parse)))
                .collect::<Result<Vec<_>>>()?;
        Ok(Some(Incident {
            id: id.clone(),
            title: col!(row, "incidents", "title"),
            date: col!(row, "incidents", "date_text", fuzzy),
            place: place_from(&row, "incidents")?,
            description: col!(row, "incidents", "description"),
            violations,
            source_ids,
        }))
    }

    pub async fn attributions_of_incident(&self, id: &IncidentId) -> Result<Vec<AttributionView>> {
        let rows = sqlx::query(
            "SELECT a.*, COALESCE(u.display_name, p.display_name, a.subject_id) AS subject_name FROM attributions a \
             LEFT JOIN units u ON a.subject_kind = 'unit' AND u.id = a.subject_id \
             LEFT JOIN persons p ON a.subject_kind = 'person' AND p.id = a.subject_id \
             WHERE a.incident_id = $1 ORDER BY a.id",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            let attribution_id = col!(row, "attributions", "id", AttributionId::parse);
            let source_ids =
                sqlx::query("SELECT source_id FROM attribution_sources WHERE attribution_id = $1 ORDER BY source_id")
                    .bind(attribution_id.as_str())
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|s| Ok(col!(s, "attribution_sources", "source_id", SourceId::parse)))
                    .collect::<Result<Vec<_>>>()?;
            let subject_id: String = row.try_get("subject_id")?;
            let subject = match row.try_get::<String, _>("subject_kind")?.as_str() {
                "unit" => {
                    Subject::Unit(UnitId::parse(&subject_id).map_err(|e| corrupt("attributions", "subject_id", e))?)
                }
                _ => {
                    Subject::Person(PersonId::parse(&subject_id).map_err(|e| corrupt("attributions", "subject_id", e))?)
                }
            };
            views.push(AttributionView {
                attribution: Attribution {
                    id: attribution_id,
                    incident_id: id.clone(),
                    subject,
                    role: col!(row, "attributions", "role"),
                    confidence: col!(row, "attributions", "confidence", Confidence::parse),
                    source_ids,
                },
                subject_name: row.try_get("subject_name")?,
            });
        }
        Ok(views)
    }

    pub async fn units_page(&self, after: Option<&UnitId>, limit: i64) -> Result<Vec<Summary>> {
        self.keyset_page(
            "units",
            "display_name AS title, kind AS detail, base AS extra",
            "sort_key",
            after.map(|id| id.as_str()),
            limit,
        )
        .await
    }

    pub async fn unit(&self, id: &UnitId) -> Result<Option<Unit>> {
        let Some(row) =
            sqlx::query("SELECT * FROM units WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let names = sqlx::query("SELECT * FROM unit_names WHERE unit_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|n| {
                Ok(UnitName {
                    name: col!(n, "unit_names", "name"),
                    language: col!(n, "unit_names", "language"),
                    valid_from: opt_col!(n, "unit_names", "valid_from", date),
                    valid_to: opt_col!(n, "unit_names", "valid_to", date),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let parents = sqlx::query("SELECT * FROM unit_parents WHERE unit_id = $1 ORDER BY position")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|p| {
                Ok(UnitParent {
                    parent_id: col!(p, "unit_parents", "parent_id", UnitId::parse),
                    valid_from: opt_col!(p, "unit_parents", "valid_from", date),
                    valid_to: opt_col!(p, "unit_parents", "valid_to", date),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let source_ids = sqlx::query("SELECT source_id FROM unit_sources WHERE unit_id = $1 ORDER BY source_id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|s| Ok(col!(s, "unit_sources", "source_id", SourceId::parse)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Unit {
            id: id.clone(),
            kind: col!(row, "units", "kind", UnitKind::parse),
            base: opt_col!(row, "units", "base"),
            names,
            parents,
            source_ids,
        }))
    }

    /// A person's display name, for showing links by name.
    pub async fn person_display_name(&self, id: &PersonId) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT display_name FROM persons WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Display names of units, for showing parents and children by name.
    pub async fn unit_name(&self, id: &UnitId) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT display_name FROM units WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Units that have or had `id` as a parent.
    pub async fn unit_children(&self, id: &UnitId) -> Result<Vec<Summary>> {
        let rows = sqlx::query(
            "SELECT DISTINCT u.id, u.display_name AS title, u.kind AS detail, u.base AS extra, u.sort_key FROM units u \
             JOIN unit_parents p ON p.unit_id = u.id WHERE p.parent_id = $1 ORDER BY u.sort_key, u.id",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?;
        summaries(rows)
    }

    pub async fn deployments_of_unit(&self, id: &UnitId) -> Result<Vec<Deployment>> {
        let rows = sqlx::query("SELECT * FROM deployments WHERE unit_id = $1 ORDER BY start_date, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Deployment {
                    id: col!(row, "deployments", "id", DeploymentId::parse),
                    unit_id: id.clone(),
                    place: place_from(row, "deployments")?,
                    start: col!(row, "deployments", "start_date", date),
                    end: opt_col!(row, "deployments", "end_date", date),
                    source_id: col!(row, "deployments", "source_id", SourceId::parse),
                })
            })
            .collect()
    }

    pub async fn assistance_of_unit(&self, id: &UnitId) -> Result<Vec<Assistance>> {
        let rows = sqlx::query("SELECT * FROM assistance WHERE recipient_id = $1 ORDER BY start_date, id")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Assistance {
                    id: col!(row, "assistance", "id", AssistanceId::parse),
                    recipient: Subject::Unit(id.clone()),
                    kind: col!(row, "assistance", "kind", AssistanceKind::parse),
                    provider: col!(row, "assistance", "provider"),
                    programme: col!(row, "assistance", "programme"),
                    start: opt_col!(row, "assistance", "start_date", date),
                    end: opt_col!(row, "assistance", "end_date", date),
                    source_id: col!(row, "assistance", "source_id", SourceId::parse),
                })
            })
            .collect()
    }

    pub async fn sources_page(&self, after: Option<&SourceId>, limit: i64) -> Result<Vec<Summary>> {
        self.keyset_page(
            "sources",
            "title, kind AS detail, publisher AS extra",
            "sort_key",
            after.map(|id| id.as_str()),
            limit,
        )
        .await
    }

    pub async fn source(&self, id: &SourceId) -> Result<Option<Source>> {
        let row =
            sqlx::query("SELECT * FROM sources WHERE id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?;
        row.as_ref().map(source_from).transpose()
    }

    /// Records of a source in row order, after row `after_row` (exclusive).
    pub async fn records_of_source(&self, id: &SourceId, after_row: u32, limit: i64) -> Result<Vec<Record>> {
        let rows =
            sqlx::query("SELECT * FROM records WHERE source_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3")
                .bind(id.as_str())
                .bind(i64::from(after_row))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(record_from).collect()
    }

    pub async fn count_records_of_source(&self, id: &SourceId) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE source_id = $1")
            .bind(id.as_str())
            .fetch_one(&self.pool)
            .await?)
    }
}

impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?)
    }
}
