//! Store conformance: every case is written once and run against SQLite and PostgreSQL.
//!
//! PostgreSQL cases need `TEST_POSTGRES_URL` (a server where the user may create databases); each
//! case gets a fresh database. Without the variable they are skipped locally, but fail under CI
//! (`CI` set), so a missing server can never pass silently.

mod cases;

use store::Store;

pub(crate) async fn sqlite() -> Store {
    Store::open_in_memory().await.expect("in-memory SQLite opens")
}

/// A fresh database on the test PostgreSQL server, or `None` when there is none outside CI.
pub(crate) async fn postgres() -> Option<Store> {
    let admin_url = store::test_postgres_url()?;
    let url = store::create_test_database(&admin_url).await.expect("create a test database");
    Some(Store::open(&url).await.expect("open the test database"))
}

macro_rules! for_each_backend {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $case() { crate::cases::$case(crate::sqlite().await).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $case() {
                let Some(store) = crate::postgres().await else { return };
                crate::cases::$case(store).await
            } )*
        }
    };
}

for_each_backend![
    round_trips_a_person_and_a_unit,
    events_chain_and_verify,
    a_rolled_back_transaction_leaves_no_event,
    altering_a_state_row_fails_verify,
    altering_an_event_payload_fails_verify,
    removing_the_last_event_fails_verify,
    removing_a_middle_event_fails_verify,
    a_row_added_behind_the_log_fails_verify,
    sealed_values_are_stored_as_ciphertext,
    sessions_round_trip,
    account_security_round_trips,
    keyset_pages_follow_name_order,
    state_tables_are_all_verified,
    checkpoints_and_releases_round_trip,
    snapshots_hold_every_column,
    evidence_and_custody_round_trip,
    complaints_round_trip,
];
