//! Applying the changes of the victim registry: imports and their problems, column mappings, link
//! runs and their candidate pairs, registry effects (records moving between persons), decisions
//! and their undoing. Part of [`crate::apply`]: the same code runs on commit and on replay.
//!
//! Invariant: a registry effect writes exactly the persons in its `after` list (a `None` state
//! deletes the person), so applying an effect and then its inverse restores every row's content.

use domain::date::Timestamp;
use domain::id::{DecisionId, LinkRunId, SourceId};
use domain::registry::*;
use sqlx::AnyConnection;

use crate::apply::{sort_key, upsert_person};
use crate::{Error, Result};

fn json<T: serde::Serialize>(table: &'static str, column: &'static str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|error| Error::Corrupt { table, column, detail: error.to_string() })
}

pub(crate) async fn insert_import(conn: &mut AnyConnection, seq: i64, import: &Import) -> Result<()> {
    sqlx::query(
        "INSERT INTO imports (id, source_id, file_name, sha256, size_bytes, format, sheet, n_records, n_problems, \
         mapping, imported_at, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(import.id.as_str())
    .bind(import.source_id.as_str())
    .bind(&import.file_name)
    .bind(&import.sha256)
    .bind(import.size_bytes as i64)
    .bind(import.format.as_str())
    .bind(import.sheet.as_deref())
    .bind(i64::from(import.n_records))
    .bind(import.problems.len() as i64)
    .bind(json("imports", "mapping", &import.mapping)?)
    .bind(import.imported_at.as_millis())
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for (position, problem) in import.problems.iter().enumerate() {
        sqlx::query(
            "INSERT INTO import_problems (import_id, position, row_number, column_name, value, kind, event_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(import.id.as_str())
        .bind(position as i64)
        .bind(i64::from(problem.row))
        .bind(&problem.column)
        .bind(&problem.value)
        .bind(problem.kind.as_str())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    set_mapping(conn, seq, &import.source_id, &import.mapping).await
}

pub(crate) async fn set_mapping(
    conn: &mut AnyConnection,
    seq: i64,
    source_id: &SourceId,
    mapping: &ColumnMapping,
) -> Result<()> {
    sqlx::query("DELETE FROM column_mappings WHERE source_id = $1")
        .bind(source_id.as_str())
        .execute(&mut *conn)
        .await?;
    for column in &mapping.columns {
        sqlx::query("INSERT INTO column_mappings (source_id, field, column_name, event_seq) VALUES ($1, $2, $3, $4)")
            .bind(source_id.as_str())
            .bind(column.field.as_str())
            .bind(&column.column)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn insert_link_run(conn: &mut AnyConnection, seq: i64, run: &LinkRun) -> Result<()> {
    sqlx::query(
        "INSERT INTO link_runs (id, ran_at, n_records, n_candidates, n_pairs_kept, n_persons, threshold_ppm, \
         prior_millibits, em_iterations, em_converged, n_conflicts, warnings, event_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(run.id.as_str())
    .bind(run.ran_at.as_millis())
    .bind(i64::from(run.n_records))
    .bind(run.n_candidates as i64)
    .bind(i64::from(run.n_pairs_kept))
    .bind(i64::from(run.n_persons))
    .bind(i64::from(run.threshold_ppm))
    .bind(run.prior.0)
    .bind(i64::from(run.em_iterations))
    .bind(i64::from(run.em_converged))
    .bind(i64::from(run.n_conflicts))
    .bind(json("link_runs", "warnings", &run.warnings)?)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    for (position, source_id) in run.source_ids.iter().enumerate() {
        sqlx::query("INSERT INTO link_run_sources (run_id, position, source_id, event_seq) VALUES ($1, $2, $3, $4)")
            .bind(run.id.as_str())
            .bind(position as i64)
            .bind(source_id.as_str())
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn insert_pairs(
    conn: &mut AnyConnection,
    seq: i64,
    run_id: &LinkRunId,
    pairs: &[CandidatePair],
) -> Result<()> {
    for pair in pairs {
        sqlx::query(
            "INSERT INTO candidate_pairs (run_id, record_a, record_b, weight_millibits, probability_ppm, \
             uncertainty_ppm, prior_millibits, steps, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(run_id.as_str())
        .bind(pair.record_a.as_str())
        .bind(pair.record_b.as_str())
        .bind(pair.weight.0)
        .bind(i64::from(pair.probability_ppm))
        .bind(i64::from(uncertainty_ppm(pair.probability_ppm)))
        .bind(pair.prior.0)
        .bind(json("candidate_pairs", "steps", &pair.steps)?)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Moves records, then writes (or deletes) every person of `effect.after`.
pub(crate) async fn apply_effect(conn: &mut AnyConnection, seq: i64, effect: &RegistryEffect) -> Result<()> {
    for record_move in &effect.moves {
        sqlx::query("UPDATE records SET person_id = $1, event_seq = $2 WHERE id = $3")
            .bind(record_move.to.as_ref().map(|id| id.as_str()))
            .bind(seq)
            .bind(record_move.record_id.as_str())
            .execute(&mut *conn)
            .await?;
    }
    for state in &effect.after {
        match &state.state {
            Some(registry_person) => upsert_registry_person(conn, seq, registry_person).await?,
            None => {
                let id = state.person_id.as_str();
                for sql in [
                    "DELETE FROM registry_persons WHERE person_id = $1",
                    "DELETE FROM person_names WHERE person_id = $1",
                    "DELETE FROM persons WHERE id = $1",
                ] {
                    sqlx::query(sql).bind(id).execute(&mut *conn).await?;
                }
            }
        }
    }
    Ok(())
}

async fn upsert_registry_person(conn: &mut AnyConnection, seq: i64, entry: &RegistryPerson) -> Result<()> {
    let person = &entry.person;
    upsert_person(conn, seq, person).await?;
    sqlx::query(
        "INSERT INTO registry_persons (person_id, status, merged_into, n_records, n_sources, place, place_key, \
         death_earliest, death_latest, age, sort_key, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (person_id) DO UPDATE SET status = excluded.status, merged_into = excluded.merged_into, \
         n_records = excluded.n_records, n_sources = excluded.n_sources, place = excluded.place, \
         place_key = excluded.place_key, death_earliest = excluded.death_earliest, death_latest = excluded.death_latest, \
         age = excluded.age, sort_key = excluded.sort_key, event_seq = excluded.event_seq",
    )
    .bind(person.id.as_str())
    .bind(entry.status.as_str())
    .bind(entry.merged_into.as_ref().map(|id| id.as_str()))
    .bind(i64::from(entry.n_records))
    .bind(i64::from(entry.n_sources))
    .bind(entry.place.as_deref())
    .bind(entry.place_key.as_deref())
    .bind(person.death_date.map(|d| d.earliest().to_string()))
    .bind(person.death_date.map(|d| d.latest().to_string()))
    .bind(entry.age.map(i64::from))
    .bind(sort_key(person.display_name()))
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn insert_decision(conn: &mut AnyConnection, seq: i64, decision: &PairDecision) -> Result<()> {
    sqlx::query(
        "INSERT INTO pair_decisions (id, record_a, record_b, verdict, note, decided_at, decided_by, effect, \
         undone_at, undone_by, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $9)",
    )
    .bind(decision.id.as_str())
    .bind(decision.record_a.as_str())
    .bind(decision.record_b.as_str())
    .bind(decision.verdict.as_str())
    .bind(&decision.note)
    .bind(decision.decided_at.as_millis())
    .bind(&decision.decided_by)
    .bind(json("pair_decisions", "effect", &decision.effect)?)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    apply_effect(conn, seq, &decision.effect).await
}

pub(crate) async fn undo_decision(
    conn: &mut AnyConnection,
    seq: i64,
    decision_id: &DecisionId,
    undone_at: Timestamp,
    undone_by: &str,
    effect: &RegistryEffect,
) -> Result<()> {
    sqlx::query("UPDATE pair_decisions SET undone_at = $1, undone_by = $2, event_seq = $3 WHERE id = $4")
        .bind(undone_at.as_millis())
        .bind(undone_by)
        .bind(seq)
        .bind(decision_id.as_str())
        .execute(&mut *conn)
        .await?;
    apply_effect(conn, seq, effect).await
}
