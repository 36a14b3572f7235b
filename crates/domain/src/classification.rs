//! Field classification: how sensitive each field is that the application reads out, in one table.
//!
//! Every field of every entity (this crate's [`crate::entity`] and [`crate::registry`]), of the
//! data sets a release may publish and of the server's wire types is listed in [`FIELDS`] with its
//! [`Classification`]. A role's clearance ([`crate::access::clearance`]) says up to which level it
//! may see; `app` withholds every field above it before a read leaves the application layer.
//! A field missing from the table counts as [`Classification::Restricted`] (fail closed), and tests
//! in `app` and `server` fail when a field is added without a line here.
//!
//! Nested values are named by path (`fields.birth_date` inside a record); a path listed here covers
//! everything below it.
//!
//! Pure: a table and lookups, nothing else.

use Classification::*;

/// How sensitive a field is, from least to most; the order is the order of clearances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    /// May be published (and only such fields are on the publication allow-list).
    Public,
    /// For every signed-in member of the team who reads the registry.
    Internal,
    /// For those whose work needs it: administrators, investigators, vetting officers.
    Confidential,
    /// Witness and complainant identity, contacts, testimony text, medical details: the sealed fields.
    Restricted,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Public => "public",
            Internal => "internal",
            Confidential => "confidential",
            Restricted => "restricted",
        }
    }
}

/// A type (or publication data set) and the classification of each of its fields, as serialised.
pub type TypeFields = (&'static str, &'static [(&'static str, Classification)]);

/// The one table: every field the application reads out, by type.
#[rustfmt::skip]
pub const FIELDS: &[TypeFields] = &[
    // Entities (crate::entity).
    ("User", &[("id", Internal), ("username", Internal), ("display_name", Internal), ("role", Internal), ("locale", Internal), ("password_hash", Restricted)]),
    ("Source", &[("id", Public), ("kind", Public), ("title", Public), ("publisher", Public), ("published_on", Public), ("url", Internal), ("reliability", Internal), ("notes", Confidential)]),
    ("Record", &[("id", Internal), ("source_id", Internal), ("row_number", Internal), ("source_record_id", Internal), ("verbatim", Internal), ("fields", Internal)]),
    ("Person", &[("id", Public), ("names", Public), ("gender", Public), ("birth_date", Internal), ("death_date", Public), ("notes", Confidential)]),
    ("Incident", &[("id", Public), ("title", Public), ("date", Public), ("place", Public), ("description", Internal), ("violations", Internal), ("source_ids", Internal)]),
    ("Allegation", &[("id", Internal), ("incident_id", Internal), ("victim", Confidential), ("kind", Internal), ("complainant", Restricted), ("medical", Restricted), ("registration_number", Confidential), ("handling_body", Internal), ("timeline", Confidential), ("perpetrators", Confidential), ("details", Confidential)]),
    ("Withdrawal", &[("id", Internal), ("allegation_id", Internal), ("testimony_id", Internal), ("on", Internal), ("reason", Confidential), ("circumstances", Confidential)]),
    ("PressureReport", &[("id", Internal), ("allegation_id", Internal), ("at", Internal), ("reported_by", Internal), ("circumstances", Confidential)]),
    ("Case", &[("id", Internal), ("number", Internal), ("title", Internal), ("opened_on", Internal), ("allegation_ids", Internal), ("suspects", Confidential), ("charges", Internal), ("outcome", Internal)]),
    ("Unit", &[("id", Public), ("kind", Public), ("base", Internal), ("names", Public), ("parents", Public), ("source_ids", Internal)]),
    ("Posting", &[("id", Internal), ("person_id", Internal), ("unit_id", Internal), ("role", Internal), ("rank", Internal), ("start", Internal), ("end", Internal), ("source_id", Internal)]),
    ("Deployment", &[("id", Internal), ("unit_id", Internal), ("place", Internal), ("start", Internal), ("end", Internal), ("source_id", Internal)]),
    ("Assistance", &[("id", Internal), ("recipient", Internal), ("kind", Internal), ("provider", Internal), ("programme", Internal), ("start", Internal), ("end", Internal), ("source_id", Internal)]),
    ("Attribution", &[("id", Internal), ("incident_id", Internal), ("subject", Internal), ("role", Internal), ("confidence", Internal), ("source_ids", Internal)]),
    ("Evidence", &[("id", Confidential), ("title", Confidential), ("sha256", Confidential), ("size_bytes", Confidential), ("media_type", Confidential), ("received_at", Confidential), ("incident_id", Confidential), ("source_id", Confidential), ("derived_from", Confidential), ("derivation", Confidential)]),
    ("CustodyEntry", &[("evidence_id", Confidential), ("position", Confidential), ("action", Confidential), ("actor", Confidential), ("at", Confidential), ("note", Confidential), ("prev_hash", Confidential), ("hash", Confidential)]),
    ("Testimony", &[("id", Internal), ("incident_id", Internal), ("witness", Restricted), ("contact", Restricted), ("text", Restricted), ("language", Internal), ("given_on", Confidential)]),
    ("Claim", &[("id", Public), ("figure", Public), ("category", Public), ("scope", Public), ("as_of", Public), ("issuing_body", Public), ("source_id", Internal)]),
    ("VettingRequest", &[("id", Confidential), ("activity", Confidential), ("provider", Confidential), ("programme", Confidential), ("start", Confidential), ("end", Confidential), ("nominees", Confidential)]),
    // Vetting (crate::vetting): for those who vet (administrators and vetting officers) only.
    ("Screening", &[("request_id", Confidential), ("screened_at", Confidential), ("registry_seq", Confidential), ("hits", Confidential)]),
    ("ScreeningHit", &[("nominee_id", Confidential), ("entity", Confidential), ("entity_name", Confidential), ("score_ppm", Confidential), ("reason", Confidential), ("explanation", Confidential), ("match_explanation", Confidential), ("evidence", Confidential), ("assistance", Confidential)]),
    ("VettingDecision", &[("id", Confidential), ("request_id", Confidential), ("nominee_id", Confidential), ("verdict", Confidential), ("reason", Confidential), ("rationale", Confidential), ("reviewer_id", Confidential), ("reviewer_name", Confidential), ("decided_at", Confidential)]),
    ("DutyToInform", &[("id", Confidential), ("request_id", Confidential), ("nominee_id", Confidential), ("informed_on", Confidential), ("authority", Confidential), ("note", Confidential), ("recorded_by", Confidential), ("recorded_at", Confidential)]),
    // The victim registry (crate::registry).
    ("RegistryPerson", &[("person.id", Public), ("person.names", Public), ("person.gender", Public), ("person.birth_date", Internal), ("person.death_date", Public), ("person.notes", Confidential), ("status", Internal), ("merged_into", Internal), ("n_records", Internal), ("n_sources", Public), ("place", Public), ("place_key", Internal), ("age", Public)]),
    ("Import", &[("id", Internal), ("source_id", Internal), ("file_name", Internal), ("sha256", Internal), ("size_bytes", Internal), ("format", Internal), ("sheet", Internal), ("n_records", Internal), ("mapping", Internal), ("problems", Internal), ("imported_at", Internal)]),
    ("LinkRun", &[("id", Internal), ("source_ids", Internal), ("ran_at", Internal), ("n_records", Internal), ("n_candidates", Internal), ("n_pairs_kept", Internal), ("n_persons", Internal), ("threshold_ppm", Internal), ("prior", Internal), ("em_iterations", Internal), ("em_converged", Internal), ("n_conflicts", Internal), ("warnings", Internal)]),
    ("CandidatePair", &[("record_a", Internal), ("record_b", Internal), ("weight", Internal), ("probability_ppm", Internal), ("prior", Internal), ("steps", Internal)]),
    ("PairDecision", &[("id", Internal), ("record_a", Internal), ("record_b", Internal), ("verdict", Internal), ("note", Internal), ("decided_at", Internal), ("decided_by", Internal), ("effect", Internal)]),
    // Release data sets (crate::publish::ALLOW_LIST): what a release may carry.
    ("persons", &[("person_id", Public), ("display_name", Public), ("gender", Public), ("death_date", Public), ("age", Public), ("place", Public), ("n_sources", Public)]),
    ("incidents", &[("id", Public), ("title", Public), ("date_text", Public), ("date_earliest", Public), ("date_latest", Public), ("place_name", Public), ("region_at_event", Public), ("current_region", Public)]),
    ("claims", &[("id", Public), ("figure", Public), ("category", Public), ("scope", Public), ("as_of", Public), ("issuing_body", Public)]),
    ("statistics", &[("table", Public), ("category", Public), ("count", Public)]),
    ("estimates", &[("method", Public), ("n_observed", Public), ("estimate", Public), ("lower", Public), ("upper", Public), ("model", Public)]),
    // Wire types of the server's JSON API (crates/server/src/api*.rs), by their OpenAPI schema name;
    // `PlaceView` is both a place of an incident and a place the registry filters by.
    ("UnitAtView", &[("unit_id", Internal), ("unit_name", Internal), ("place", Internal), ("start", Internal), ("end", Internal), ("source_id", Internal), ("commanders", Internal)]),
    ("CommanderView", &[("person_id", Internal), ("person_name", Internal), ("role", Internal), ("rank", Internal), ("start", Internal), ("end", Internal), ("source_id", Internal)]),
    ("ScreenBatch", &[("nominees", Confidential), ("activity_start", Confidential)]),
    ("ScreenNominee", &[("nominee_id", Confidential), ("kind", Confidential), ("name", Confidential), ("birth_date", Confidential), ("gender", Confidential), ("unit", Confidential), ("rank", Confidential)]),
    ("ScreenResult", &[("n_nominees", Confidential), ("hits", Confidential)]),
    ("ScreenHitView", &[("nominee_id", Confidential), ("entity_id", Confidential), ("entity_kind", Confidential), ("entity_name", Confidential), ("score", Confidential), ("reason", Confidential), ("explanation", Confidential), ("evidence", Confidential)]),
    ("ScreenEvidenceView", &[("incident_id", Confidential), ("incident_title", Confidential), ("incident_date", Confidential), ("place", Confidential), ("attribution_id", Confidential), ("subject_name", Confidential), ("role", Confidential), ("confidence", Confidential), ("sources", Confidential)]),
    ("ScreenSourceView", &[("id", Confidential), ("title", Confidential), ("reliability", Confidential)]),
    ("AssistanceView", &[("end", Internal), ("id", Internal), ("kind", Internal), ("programme", Internal), ("provider", Internal), ("source_id", Internal), ("start", Internal)]),
    ("AttributionView", &[("confidence", Internal), ("id", Internal), ("role", Internal), ("source_ids", Internal), ("subject", Internal)]),
    ("DecisionPageView", &[("items", Internal), ("next", Internal)]),
    ("DecisionRequest", &[("note", Internal), ("verdict", Internal)]),
    ("DecisionView", &[("decided_at", Internal), ("decided_by", Internal), ("id", Internal), ("n_moved", Internal), ("note", Internal), ("record_a", Internal), ("record_b", Internal), ("undone_at", Internal), ("verdict", Internal)]),
    ("DeploymentView", &[("end", Internal), ("id", Internal), ("place", Internal), ("source_id", Internal), ("start", Internal)]),
    ("EvidenceView", &[("derivation", Confidential), ("derived_from", Confidential), ("id", Confidential), ("media_type", Confidential), ("received_at", Confidential), ("recognised", Confidential), ("sha256", Confidential), ("size_bytes", Confidential), ("title", Confidential)]),
    ("ErrorBody", &[("code", Public), ("detail", Public), ("message", Public), ("request_id", Public)]),
    ("ImportView", &[("file_name", Internal), ("format", Internal), ("id", Internal), ("imported_at", Internal), ("mapping", Internal), ("n_records", Internal), ("problems", Internal), ("sha256", Internal), ("sheet", Internal), ("size_bytes", Internal), ("source_id", Internal)]),
    ("IncidentView", &[("attributions", Internal), ("date", Internal), ("description", Internal), ("id", Internal), ("place", Internal), ("sources", Internal), ("title", Internal), ("violations", Internal)]),
    ("LinkReportView", &[("n_emptied", Internal), ("n_moved", Internal), ("n_new_persons", Internal), ("n_queue", Internal), ("run", Internal)]),
    ("LinkRequestBody", &[("source_ids", Internal)]),
    ("LinkRunView", &[("em_converged", Internal), ("em_iterations", Internal), ("id", Internal), ("n_candidates", Internal), ("n_conflicts", Internal), ("n_pairs_kept", Internal), ("n_persons", Internal), ("n_records", Internal), ("ran_at", Internal), ("source_ids", Internal), ("threshold", Internal), ("warnings", Internal)]),
    ("MappedColumnView", &[("column", Internal), ("field", Internal)]),
    ("MappingView", &[("columns", Internal), ("saved", Internal), ("source_id", Internal)]),
    ("NameView", &[("scheme", Public), ("script", Public), ("text", Public)]),
    ("PairView", &[("a", Internal), ("b", Internal), ("decision", Internal), ("same_person", Internal), ("score", Internal)]),
    ("PersonView", &[("birth_date", Internal), ("death_date", Public), ("gender", Public), ("id", Public), ("names", Public), ("notes", Confidential), ("postings", Internal), ("records", Internal), ("violations", Internal)]),
    ("PersonViolationView", &[("date", Internal), ("incident_id", Internal), ("incident_title", Internal), ("kind", Internal), ("place", Internal)]),
    ("PlaceView", &[("name", Internal), ("region_at_event", Internal), ("current_region", Internal), ("key", Internal), ("label", Internal), ("n_persons", Internal)]),
    ("PostingView", &[("end", Internal), ("id", Internal), ("person_id", Internal), ("person_name", Internal), ("rank", Internal), ("role", Internal), ("source_id", Internal), ("start", Internal), ("unit_id", Internal), ("unit_name", Internal)]),
    ("ProblemView", &[("column", Internal), ("kind", Internal), ("row", Internal), ("value", Internal)]),
    ("QueueItemView", &[("a", Internal), ("b", Internal), ("priority", Internal), ("probability", Internal), ("same_person", Internal), ("weight", Internal)]),
    ("QueueSideView", &[("n_records", Internal), ("name", Internal), ("person_id", Internal), ("record_id", Internal), ("source_id", Internal)]),
    ("QueueView", &[("items", Internal), ("run_id", Internal), ("total", Internal)]),
    ("RecordDetailView", &[("age", Internal), ("birth_date", Internal), ("circumstances", Internal), ("death_date", Internal), ("full_name", Internal), ("gender", Internal), ("given_name", Internal), ("id", Internal), ("patronymic", Internal), ("person_id", Internal), ("place", Internal), ("row_number", Internal), ("source_id", Internal), ("source_record_id", Internal), ("surname", Internal), ("verbatim", Internal)]),
    ("RecordView", &[("age", Internal), ("birth_date", Internal), ("circumstances", Internal), ("death_date", Internal), ("full_name", Internal), ("gender", Internal), ("id", Internal), ("place", Internal), ("row_number", Internal), ("source_id", Internal), ("source_record_id", Internal)]),
    ("RegistryPageView", &[("items", Internal), ("next", Internal), ("places", Internal), ("total", Internal)]),
    ("RegistryRowView", &[("age", Internal), ("death_date", Internal), ("gender", Internal), ("n_records", Internal), ("n_sources", Internal), ("name", Internal), ("person_id", Internal), ("place", Internal), ("source_ids", Internal)]),
    ("ScoreView", &[("prior", Internal), ("probability", Internal), ("run_id", Internal), ("steps", Internal), ("weight", Internal)]),
    ("SessionView", &[("csrf_token", Internal), ("display_name", Internal), ("locale", Internal), ("role", Internal), ("user_id", Internal), ("username", Internal)]),
    ("SourceRefView", &[("id", Internal), ("title", Internal)]),
    ("SourceView", &[("id", Internal), ("kind", Internal), ("n_records", Internal), ("notes", Confidential), ("published_on", Internal), ("publisher", Internal), ("records", Internal), ("reliability", Internal), ("title", Internal), ("url", Internal)]),
    // The complainant's status page: what the complainant sends and sees (only shareable steps).
    ("StatusRequest", &[("code", Public), ("passphrase", Restricted), ("circumstances", Confidential)]),
    ("StatusStepView", &[("status", Public), ("on", Public), ("note", Public), ("closure_reason", Public), ("verdict", Public)]),
    ("StatusView", &[("code", Public), ("kind", Public), ("steps", Public), ("pressure_reported_at", Public)]),
    ("StepView", &[("comparison", Internal), ("level", Internal), ("m", Internal), ("tf_adjustment", Internal), ("u", Internal), ("value_a", Internal), ("value_b", Internal), ("weight", Internal)]),
    ("SubjectView", &[("id", Internal), ("kind", Internal), ("name", Internal)]),
    ("SummaryPage", &[("items", Internal), ("next", Internal)]),
    ("SummaryView", &[("detail", Internal), ("extra", Internal), ("id", Internal), ("title", Internal)]),
    ("UnitNameView", &[("language", Internal), ("name", Internal), ("valid_from", Internal), ("valid_to", Internal)]),
    ("UnitParentView", &[("id", Internal), ("name", Internal), ("valid_from", Internal), ("valid_to", Internal)]),
    ("UnitView", &[("assistance", Internal), ("base", Internal), ("children", Internal), ("deployments", Internal), ("id", Internal), ("kind", Internal), ("names", Internal), ("parents", Internal), ("postings", Internal), ("source_ids", Internal)]),
    ("ViolationView", &[("id", Internal), ("kind", Internal), ("victim_count", Internal), ("victim_id", Internal)]),
];

/// The classification of `field` (a path such as `fields.birth_date`) of `type_name`: the entry for
/// the longest listed prefix of the path, or `None` when neither it nor any prefix is listed.
pub fn of(type_name: &str, field: &str) -> Option<Classification> {
    let fields = FIELDS.iter().find(|(name, _)| *name == type_name)?.1;
    let mut path = field;
    loop {
        if let Some((_, class)) = fields.iter().find(|(name, _)| *name == path) {
            return Some(*class);
        }
        path = &path[..path.rfind('.')?];
    }
}

/// Whether a reader with `clearance` may see `field` of `type_name`; unlisted fields are restricted.
pub fn cleared(clearance: Classification, type_name: &str, field: &str) -> bool {
    of(type_name, field).unwrap_or(Restricted) <= clearance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publication_allow_list_holds_only_public_fields() {
        for dataset in crate::publish::ALLOW_LIST {
            for field in dataset.fields {
                assert_eq!(of(dataset.name, field), Some(Public), "{}.{field}", dataset.name);
            }
        }
    }

    #[test]
    fn sealed_fields_are_restricted_and_unlisted_fields_count_as_restricted() {
        for (type_name, field) in [
            ("Allegation", "complainant"),
            ("Allegation", "medical"),
            ("Testimony", "witness"),
            ("Testimony", "contact"),
            ("Testimony", "text"),
        ] {
            assert_eq!(of(type_name, field), Some(Restricted));
        }
        assert!(!cleared(Confidential, "Person", "no_such_field"));
        assert!(!cleared(Confidential, "NoSuchType", "id"));
        assert!(cleared(Internal, "Record", "fields.birth_date"));
    }

    #[test]
    fn each_type_is_listed_once_with_each_field_once() {
        let mut types = std::collections::BTreeSet::new();
        for (type_name, fields) in FIELDS {
            assert!(types.insert(type_name), "{type_name} listed twice");
            let mut names = std::collections::BTreeSet::new();
            for (field, _) in *fields {
                assert!(names.insert(field), "{type_name}.{field} listed twice");
            }
        }
    }
}
