//! The master key: rotating it, and checking that every stored protected value is sealed.
//!
//! Rotation rewraps every data key (table `data_keys`, outside the event log) from the current
//! master key to a new one in one transaction, with a `master-key-rotated` event; the sealed values
//! in payloads and state columns do not change, so the chain still verifies. A database still
//! holding values of format 1 (their wrapped key inside the value, in the log) cannot be rotated.

use crypto::envelope::MasterKey;
use domain::access::{Action, Actor, authorize};
use domain::change::Change;
use domain::date::Timestamp;

use crate::{App, Error, Result};

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    pub from: String,
    pub to: String,
    /// Data keys rewrapped now; keys already under the new key (an earlier, completed run whose
    /// key file was not yet swapped) are left alone.
    pub n_rewrapped: u64,
    pub n_already: u64,
}

/// The sealing of every stored protected value, as found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedCheck {
    /// Values that are stored sealed (format 2), have a data key, and open with the master key.
    pub n_open: u64,
    /// Table, column and reason of every value that does not.
    pub problems: Vec<(String, String, String)>,
}

impl App {
    /// Rewraps every data key from this app's master key to `new`, in one transaction. The app
    /// keeps its old key: reopen the database with the new one afterwards.
    pub async fn rotate_master_key(&self, actor: &Actor, now: Timestamp, new: &MasterKey) -> Result<Rotation> {
        let permit = authorize(actor, Action::ManageKeys)?;
        let legacy =
            self.store.sealed_values().await?.into_iter().filter(|(.., v)| crypto::stored::value_id(v).is_none());
        if let Some((table, column, _)) = legacy.into_iter().next() {
            return Err(Error::Conflict(format!(
                "{table}.{column} holds values sealed before data keys were kept apart (format 1): \
                 their keys are inside the event log and cannot be rewrapped"
            )));
        }
        let (from, to) = (self.master_key.id(), new.id());
        let mut tx = self.store.begin().await?;
        let keys = tx.data_keys().await?;
        let n_keys = keys.len() as u64;
        // The event first: its chain-head update makes this the only writer until commit.
        tx.append(&permit, now, &Change::MasterKeyRotated { from: from.clone(), to: to.clone(), n_keys }).await?;
        let (mut n_rewrapped, mut n_already) = (0, 0);
        for key in &keys {
            if key.key_id == to {
                n_already += 1;
                continue;
            }
            // Any key the current master key does not open aborts the whole rotation.
            tx.rewrap_data_key(&crypto::stored::rewrap(&self.master_key, new, key)?).await?;
            n_rewrapped += 1;
        }
        tx.commit().await?;
        Ok(Rotation { from, to, n_rewrapped, n_already })
    }

    /// Checks that every protected value in the state tables is sealed for storage, has its data
    /// key, and opens with this app's master key (the clear text is dropped unread).
    pub async fn check_sealed(&self, actor: &Actor) -> Result<SealedCheck> {
        authorize(actor, Action::ManageKeys)?;
        let mut check = SealedCheck::default();
        for (table, column, sealed) in self.store.sealed_values().await? {
            let problem = match crypto::stored::value_id(&sealed) {
                None => Some("not sealed for storage (format 2)".to_owned()),
                Some(_) => self.open_sealed(&sealed).await.err().map(|e| e.to_string()),
            };
            match problem {
                None => check.n_open += 1,
                Some(problem) => check.problems.push((table.to_owned(), column.to_owned(), problem)),
            }
        }
        Ok(check)
    }
}
