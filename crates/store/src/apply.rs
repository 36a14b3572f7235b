//! Applying a change to the state tables. The same code runs when a change is first committed and
//! when `verify` replays the log, so the state is a pure function of the log.
//!
//! Invariant: every row written here carries `event_seq`, the sequence number of the change.
//! Link tables (a source of an incident, ...) are sets: a repeated link is written once.

use domain::change::Change;
use domain::entity::*;
use sqlx::AnyConnection;

use crate::Result;

fn opt_date(date: Option<jiff::civil::Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

fn opt_fuzzy(date: Option<domain::date::FuzzyDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// The key that lists sort on: case-folded, so that SQLite and PostgreSQL (with `COLLATE "C"`)
/// order the same way.
pub(crate) fn sort_key(text: &str) -> String {
    text.to_lowercase()
}

fn subject_parts(subject: &Subject) -> (&'static str, String) {
    match subject {
        Subject::Unit(id) => ("unit", id.to_string()),
        Subject::Person(id) => ("person", id.to_string()),
    }
}

pub(crate) async fn apply(conn: &mut AnyConnection, seq: i64, change: &Change) -> Result<()> {
    match change {
        Change::UserAdded { user } => {
            sqlx::query(
                "INSERT INTO users (id, username, display_name, role, locale, password_hash, event_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(user.id.as_str())
            .bind(&user.username)
            .bind(&user.display_name)
            .bind(user.role.as_str())
            .bind(user.locale.as_str())
            .bind(&user.password_hash)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Change::UserLocaleSet { user_id, locale } => {
            sqlx::query("UPDATE users SET locale = $1, event_seq = $2 WHERE id = $3")
                .bind(locale.as_str())
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Change::UserPasswordSet { user_id, password_hash } => {
            sqlx::query("UPDATE users SET password_hash = $1, event_seq = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Change::UserTotpEnrolled { user_id, secret } => {
            sqlx::query("UPDATE users SET totp_secret = $1, event_seq = $2 WHERE id = $3")
                .bind(secret.as_bytes().to_vec())
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Change::AccountLocked { user_id, until, failures: _ } => {
            sqlx::query("UPDATE users SET locked_until = $1, event_seq = $2 WHERE id = $3")
                .bind(until.as_millis())
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Change::AccountUnlocked { user_id } => {
            sqlx::query("UPDATE users SET locked_until = NULL, event_seq = $1 WHERE id = $2")
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        // A read audit: the event is the whole record of it.
        Change::ProtectedRead { .. } => {}
        // Rotation rewraps `data_keys`, outside the log, in the same transaction.
        Change::MasterKeyRotated { .. } => {}
        Change::UserTotpReset { user_id } => {
            sqlx::query("UPDATE users SET totp_secret = NULL, event_seq = $1 WHERE id = $2")
                .bind(seq)
                .bind(user_id.as_str())
                .execute(&mut *conn)
                .await?;
            crate::accounts::apply_recovery_codes(conn, seq, user_id, &[]).await?;
        }
        Change::RecoveryCodesGenerated { user_id, digests } => {
            crate::accounts::apply_recovery_codes(conn, seq, user_id, digests).await?;
        }
        Change::RecoveryCodeUsed { user_id, digest } => {
            crate::accounts::apply_recovery_code_used(conn, seq, user_id, digest).await?;
        }
        Change::SourceRegistered { source } => insert_source(conn, seq, source).await?,
        Change::RecordsImported { source_id: _, records } => {
            for record in records {
                insert_record(conn, seq, record, None).await?;
            }
        }
        Change::PersonsAdded { persons } => {
            for person in persons {
                insert_person(conn, seq, person).await?;
            }
        }
        Change::RecordsLinked { person_id, record_ids } => {
            for record_id in record_ids {
                sqlx::query("UPDATE records SET person_id = $1, event_seq = $2 WHERE id = $3")
                    .bind(person_id.as_str())
                    .bind(seq)
                    .bind(record_id.as_str())
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Change::IncidentsRecorded { incidents } => {
            for incident in incidents {
                insert_incident(conn, seq, incident).await?;
            }
        }
        Change::AllegationsRegistered { allegations } => {
            for allegation in allegations {
                insert_allegation(conn, seq, allegation).await?;
            }
        }
        Change::AllegationStatusChanged { allegation_id, step } => {
            let position: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM allegation_steps WHERE allegation_id = $1",
            )
            .bind(allegation_id.as_str())
            .fetch_one(&mut *conn)
            .await?;
            insert_step(conn, seq, allegation_id.as_str(), position, step).await?;
            sqlx::query("UPDATE allegations SET status = $1, event_seq = $2 WHERE id = $3")
                .bind(step.status.as_str())
                .bind(seq)
                .bind(allegation_id.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Change::ComplainantAccessIssued { allegation_id, code, passphrase_digest } => {
            sqlx::query(
                "UPDATE allegations SET status_code = $1, passphrase_digest = $2, event_seq = $3 WHERE id = $4",
            )
            .bind(code)
            .bind(passphrase_digest)
            .bind(seq)
            .bind(allegation_id.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Change::WithdrawalRecorded { withdrawal } => {
            sqlx::query(
                "INSERT INTO withdrawals (id, allegation_id, testimony_id, on_date, reason, circumstances, event_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(withdrawal.id.as_str())
            .bind(withdrawal.allegation_id.as_str())
            .bind(withdrawal.testimony_id.as_ref().map(|id| id.to_string()))
            .bind(withdrawal.on.to_string())
            .bind(&withdrawal.reason)
            .bind(&withdrawal.circumstances)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Change::PressureReported { report } => {
            sqlx::query(
                "INSERT INTO pressure_reports (id, allegation_id, reported_at, reported_by, circumstances, event_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(report.id.as_str())
            .bind(report.allegation_id.as_str())
            .bind(report.at.as_millis())
            .bind(report.reported_by.as_str())
            .bind(&report.circumstances)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Change::AllegationDetailsSet { allegation_id, perpetrators, details } => {
            set_allegation_details(conn, seq, allegation_id, perpetrators, details.as_ref()).await?;
        }
        Change::CasesOpened { cases } => {
            for case in cases {
                insert_case(conn, seq, case).await?;
            }
        }
        Change::UnitsAdded { units } => {
            // Units first, then their names and parents, so a batch may refer to itself.
            for unit in units {
                insert_unit(conn, seq, unit).await?;
            }
            for unit in units {
                insert_unit_details(conn, seq, unit).await?;
            }
        }
        Change::PostingsAdded { postings } => {
            for posting in postings {
                sqlx::query(
                    "INSERT INTO postings (id, person_id, unit_id, role, rank, start_date, end_date, source_id, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(posting.id.as_str())
                .bind(posting.person_id.as_str())
                .bind(posting.unit_id.as_str())
                .bind(&posting.role)
                .bind(posting.rank.as_deref())
                .bind(opt_date(posting.start))
                .bind(opt_date(posting.end))
                .bind(posting.source_id.as_str())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::DeploymentsAdded { deployments } => {
            for deployment in deployments {
                sqlx::query(
                    "INSERT INTO deployments (id, unit_id, place_name, region_at_event, current_region, start_date, end_date, source_id, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(deployment.id.as_str())
                .bind(deployment.unit_id.as_str())
                .bind(&deployment.place.name)
                .bind(&deployment.place.region_at_event)
                .bind(&deployment.place.current_region)
                .bind(deployment.start.to_string())
                .bind(opt_date(deployment.end))
                .bind(deployment.source_id.as_str())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::AssistanceAdded { assistance } => {
            for item in assistance {
                let (recipient_kind, recipient_id) = subject_parts(&item.recipient);
                sqlx::query(
                    "INSERT INTO assistance (id, recipient_kind, recipient_id, kind, provider, programme, start_date, end_date, source_id, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(item.id.as_str())
                .bind(recipient_kind)
                .bind(recipient_id)
                .bind(item.kind.as_str())
                .bind(&item.provider)
                .bind(&item.programme)
                .bind(opt_date(item.start))
                .bind(opt_date(item.end))
                .bind(item.source_id.as_str())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::AttributionsAdded { attributions } => {
            for attribution in attributions {
                let (subject_kind, subject_id) = subject_parts(&attribution.subject);
                sqlx::query(
                    "INSERT INTO attributions (id, incident_id, subject_kind, subject_id, role, confidence, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(attribution.id.as_str())
                .bind(attribution.incident_id.as_str())
                .bind(subject_kind)
                .bind(subject_id)
                .bind(&attribution.role)
                .bind(attribution.confidence.as_str())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
                for source_id in &attribution.source_ids {
                    sqlx::query(
                        "INSERT INTO attribution_sources (attribution_id, source_id, event_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(attribution.id.as_str())
                    .bind(source_id.as_str())
                    .bind(seq)
                    .execute(&mut *conn)
                    .await?;
                }
            }
        }
        Change::EvidenceRegistered { evidence } => crate::evidence::insert_evidence(conn, seq, evidence).await?,
        Change::CustodyRecorded { entry } => crate::evidence::insert_custody(conn, seq, entry).await?,
        Change::TestimoniesRecorded { testimonies } => {
            for testimony in testimonies {
                sqlx::query(
                    "INSERT INTO testimonies (id, incident_id, witness, contact, text, language, given_on, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(testimony.id.as_str())
                .bind(testimony.incident_id.as_ref().map(|id| id.to_string()))
                .bind(testimony.witness.as_bytes().to_vec())
                .bind(testimony.contact.as_ref().map(|sealed| sealed.as_bytes().to_vec()))
                .bind(testimony.text.as_bytes().to_vec())
                .bind(&testimony.language)
                .bind(testimony.given_on.to_string())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::ClaimsRecorded { claims } => {
            for claim in claims {
                sqlx::query(
                    "INSERT INTO claims (id, figure, category, scope, as_of, issuing_body, source_id, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(claim.id.as_str())
                .bind(claim.figure)
                .bind(&claim.category)
                .bind(&claim.scope)
                .bind(claim.as_of.to_string())
                .bind(&claim.issuing_body)
                .bind(claim.source_id.as_str())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::VettingRequestCreated { request } => {
            sqlx::query(
                "INSERT INTO vetting_requests (id, activity, provider, programme, start_date, end_date, event_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(request.id.as_str())
            .bind(&request.activity)
            .bind(&request.provider)
            .bind(&request.programme)
            .bind(opt_date(request.start))
            .bind(opt_date(request.end))
            .bind(seq)
            .execute(&mut *conn)
            .await?;
            for (position, nominee) in request.nominees.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO nominees (id, request_id, position, kind, name, birth_date, gender, unit, rank, event_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(nominee.id.as_str())
                .bind(request.id.as_str())
                .bind(position as i64)
                .bind(nominee.kind.as_str())
                .bind(&nominee.name)
                .bind(opt_fuzzy(nominee.birth_date))
                .bind(nominee.gender.map(|g| g.as_str()))
                .bind(nominee.unit.as_deref())
                .bind(nominee.rank.as_deref())
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            }
        }
        Change::ListImported { import } => crate::apply_registry::insert_import(conn, seq, import).await?,
        Change::ImportRecordsAdded { import_id, source_id: _, records } => {
            for record in records {
                insert_record(conn, seq, record, Some(import_id)).await?;
            }
        }
        Change::ColumnMappingSet { source_id, mapping } => {
            crate::apply_registry::set_mapping(conn, seq, source_id, mapping).await?
        }
        Change::LinkRunRecorded { run } => crate::apply_registry::insert_link_run(conn, seq, run).await?,
        Change::CandidatePairsScored { run_id, pairs } => {
            crate::apply_registry::insert_pairs(conn, seq, run_id, pairs).await?
        }
        Change::RegistryRelinked { run_id: _, effect } => {
            crate::apply_registry::apply_effect(conn, seq, effect).await?
        }
        Change::PairDecided { decision } => crate::apply_registry::insert_decision(conn, seq, decision).await?,
        Change::PairDecisionUndone { decision_id, undone_at, undone_by, effect } => {
            crate::apply_registry::undo_decision(conn, seq, decision_id, *undone_at, undone_by, effect).await?
        }
        Change::CheckpointSigned { checkpoint } => crate::publication::insert_checkpoint(conn, seq, checkpoint).await?,
        Change::ReleasePublished { release } => crate::publication::insert_release(conn, seq, release).await?,
        Change::VettingScreened { screening } => crate::vetting::insert_screening(conn, seq, screening).await?,
        Change::NomineeDecided { decision } => crate::vetting::insert_decision(conn, seq, decision).await?,
        Change::DutyToInformRecorded { record } => crate::vetting::insert_duty_to_inform(conn, seq, record).await?,
    }
    Ok(())
}

/// Inserts or replaces a person's row and names (registry persons are rewritten as their records
/// change).
pub(crate) async fn upsert_person(conn: &mut AnyConnection, seq: i64, person: &Person) -> Result<()> {
    sqlx::query(
        "INSERT INTO persons (id, display_name, sort_key, gender, birth_date, death_date, notes, event_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, sort_key = excluded.sort_key, \
         gender = excluded.gender, birth_date = excluded.birth_date, death_date = excluded.death_date, \
         notes = excluded.notes, event_seq = excluded.event_seq",
    )
    .bind(person.id.as_str())
    .bind(person.display_name())
    .bind(sort_key(person.display_name()))
    .bind(person.gender.map(|g| g.as_str()))
    .bind(opt_fuzzy(person.birth_date))
    .bind(opt_fuzzy(person.death_date))
    .bind(&person.notes)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM person_names WHERE person_id = $1").bind(person.id.as_str()).execute(&mut *conn).await?;
    insert_person_names(conn, seq, person).await
}

async fn insert_person_names(conn: &mut AnyConnection, seq: i64, person: &Person) -> Result<()> {
    for (position, name) in person.names.iter().enumerate() {
        sqlx::query(
            "INSERT INTO person_names (person_id, position, text, script, scheme, event_seq) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(person.id.as_str())
        .bind(position as i64)
        .bind(&name.text)
        .bind(name.script.as_str())
        .bind(name.scheme.as_deref())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_source(conn: &mut AnyConnection, seq: i64, source: &Source) -> Result<()> {
    sqlx::query(
        "INSERT INTO sources (id, kind, title, sort_key, publisher, published_on, url, reliability, notes, event_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(source.id.as_str())
    .bind(source.kind.as_str())
    .bind(&source.title)
    .bind(sort_key(&source.title))
    .bind(&source.publisher)
    .bind(opt_date(source.published_on))
    .bind(source.url.as_deref())
    .bind(source.reliability.as_str())
    .bind(&source.notes)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_record(
    conn: &mut AnyConnection,
    seq: i64,
    record: &Record,
    import_id: Option<&domain::id::ImportId>,
) -> Result<()> {
    let verbatim = serde_json::to_string(&record.verbatim).unwrap_or_default();
    let f = &record.fields;
    sqlx::query(
        "INSERT INTO records (id, source_id, row_number, source_record_id, verbatim, full_name, surname, given_name, \
         patronymic, birth_date, age, gender, death_date, place, circumstances, person_id, event_seq, import_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, $16, $17)",
    )
    .bind(record.id.as_str())
    .bind(record.source_id.as_str())
    .bind(i64::from(record.row_number))
    .bind(record.source_record_id.as_deref())
    .bind(verbatim)
    .bind(f.full_name.as_deref())
    .bind(f.surname.as_deref())
    .bind(f.given_name.as_deref())
    .bind(f.patronymic.as_deref())
    .bind(opt_fuzzy(f.birth_date))
    .bind(f.age.map(i64::from))
    .bind(f.gender.map(|g| g.as_str()))
    .bind(opt_fuzzy(f.death_date))
    .bind(f.place.as_deref())
    .bind(f.circumstances.as_deref())
    .bind(seq)
    .bind(import_id.map(|id| id.as_str()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_person(conn: &mut AnyConnection, seq: i64, person: &Person) -> Result<()> {
    sqlx::query(
        "INSERT INTO persons (id, display_name, sort_key, gender, birth_date, death_date, notes, event_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(person.id.as_str())
    .bind(person.display_name())
    .bind(sort_key(person.display_name()))
    .bind(person.gender.map(|g| g.as_str()))
    .bind(opt_fuzzy(person.birth_date))
    .bind(opt_fuzzy(person.death_date))
    .bind(&person.notes)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    insert_person_names(conn, seq, person).await
}

async fn insert_incident(conn: &mut AnyConnection, seq: i64, incident: &Incident) -> Result<()> {
    sqlx::query(
        "INSERT INTO incidents (id, title, date_text, date_earliest, date_latest, place_name, region_at_event, \
         current_region, description, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(incident.id.as_str())
    .bind(&incident.title)
    .bind(incident.date.to_string())
    .bind(incident.date.earliest().to_string())
    .bind(incident.date.latest().to_string())
    .bind(&incident.place.name)
    .bind(&incident.place.region_at_event)
    .bind(&incident.place.current_region)
    .bind(&incident.description)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for source_id in &incident.source_ids {
        sqlx::query("INSERT INTO incident_sources (incident_id, source_id, event_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(incident.id.as_str())
            .bind(source_id.as_str())
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    for violation in &incident.violations {
        sqlx::query(
            "INSERT INTO violations (id, incident_id, kind, victim_id, victim_count, event_seq) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(violation.id.as_str())
        .bind(incident.id.as_str())
        .bind(violation.kind.as_str())
        .bind(violation.victim.as_ref().map(|id| id.to_string()))
        .bind(i64::from(violation.victim_count))
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_step(
    conn: &mut AnyConnection,
    seq: i64,
    allegation_id: &str,
    position: i64,
    step: &AllegationStatusEvent,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO allegation_steps (allegation_id, position, status, on_date, shareable, note, deadline, \
         closure_reason, verdict, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(allegation_id)
    .bind(position)
    .bind(step.status.as_str())
    .bind(step.on.to_string())
    .bind(i64::from(step.shareable))
    .bind(&step.note)
    .bind(opt_date(step.deadline))
    .bind(step.closure_reason.map(|r| r.as_str()))
    .bind(step.verdict.map(|v| v.as_str()))
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_allegation(conn: &mut AnyConnection, seq: i64, allegation: &Allegation) -> Result<()> {
    sqlx::query(
        "INSERT INTO allegations (id, incident_id, victim_id, kind, complainant, medical, registration_number, \
         handling_body, status, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(allegation.id.as_str())
    .bind(allegation.incident_id.as_ref().map(|id| id.to_string()))
    .bind(allegation.victim.as_ref().map(|id| id.to_string()))
    .bind(allegation.kind.as_str())
    .bind(allegation.complainant.as_bytes().to_vec())
    .bind(allegation.medical.as_ref().map(|sealed| sealed.as_bytes().to_vec()))
    .bind(allegation.registration_number.as_deref())
    .bind(allegation.handling_body.as_deref())
    .bind(allegation.status().map(|s| s.as_str()))
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for (position, step) in allegation.timeline.iter().enumerate() {
        insert_step(conn, seq, allegation.id.as_str(), position as i64, step).await?;
    }
    set_allegation_details(conn, seq, &allegation.id, &allegation.perpetrators, allegation.details.as_ref()).await
}

/// Replaces an allegation's alleged perpetrators and protocol details.
async fn set_allegation_details(
    conn: &mut AnyConnection,
    seq: i64,
    allegation_id: &domain::id::AllegationId,
    perpetrators: &[AllegedPerpetrator],
    details: Option<&AllegationDetails>,
) -> Result<()> {
    let details = details.map(|d| serde_json::to_string(d).unwrap_or_default());
    sqlx::query("UPDATE allegations SET details = $1, event_seq = $2 WHERE id = $3")
        .bind(details)
        .bind(seq)
        .bind(allegation_id.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM allegation_perpetrators WHERE allegation_id = $1")
        .bind(allegation_id.as_str())
        .execute(&mut *conn)
        .await?;
    for (position, perpetrator) in perpetrators.iter().enumerate() {
        sqlx::query(
            "INSERT INTO allegation_perpetrators (allegation_id, position, unit_id, person_id, description, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(allegation_id.as_str())
        .bind(position as i64)
        .bind(perpetrator.unit_id.as_ref().map(|id| id.to_string()))
        .bind(perpetrator.person_id.as_ref().map(|id| id.to_string()))
        .bind(&perpetrator.description)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_case(conn: &mut AnyConnection, seq: i64, case: &Case) -> Result<()> {
    sqlx::query(
        "INSERT INTO cases (id, number, title, opened_on, charges, outcome, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case.id.as_str())
    .bind(&case.number)
    .bind(&case.title)
    .bind(case.opened_on.to_string())
    .bind(serde_json::to_string(&case.charges).unwrap_or_default())
    .bind(case.outcome.as_str())
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for allegation_id in &case.allegation_ids {
        sqlx::query("INSERT INTO case_allegations (case_id, allegation_id, event_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(case.id.as_str())
            .bind(allegation_id.as_str())
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    for (position, suspect) in case.suspects.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_suspects (case_id, position, person_id, unit_id, rank, event_seq) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case.id.as_str())
        .bind(position as i64)
        .bind(suspect.person_id.as_str())
        .bind(suspect.unit_id.as_ref().map(|id| id.to_string()))
        .bind(suspect.rank.as_deref())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_unit(conn: &mut AnyConnection, seq: i64, unit: &Unit) -> Result<()> {
    sqlx::query(
        "INSERT INTO units (id, kind, base, display_name, sort_key, event_seq) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(unit.id.as_str())
    .bind(unit.kind.as_str())
    .bind(unit.base.as_deref())
    .bind(unit.display_name())
    .bind(sort_key(unit.display_name()))
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_unit_details(conn: &mut AnyConnection, seq: i64, unit: &Unit) -> Result<()> {
    for (position, name) in unit.names.iter().enumerate() {
        sqlx::query(
            "INSERT INTO unit_names (unit_id, position, name, language, valid_from, valid_to, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(unit.id.as_str())
        .bind(position as i64)
        .bind(&name.name)
        .bind(&name.language)
        .bind(opt_date(name.valid_from))
        .bind(opt_date(name.valid_to))
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    for (position, parent) in unit.parents.iter().enumerate() {
        sqlx::query(
            "INSERT INTO unit_parents (unit_id, position, parent_id, valid_from, valid_to, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(unit.id.as_str())
        .bind(position as i64)
        .bind(parent.parent_id.as_str())
        .bind(opt_date(parent.valid_from))
        .bind(opt_date(parent.valid_to))
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    for source_id in &unit.source_ids {
        sqlx::query(
            "INSERT INTO unit_sources (unit_id, source_id, event_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(unit.id.as_str())
        .bind(source_id.as_str())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
