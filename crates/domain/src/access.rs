//! Who may do what: actors, actions, and the [`Permit`] that proves a check was made.
//!
//! `app` calls [`authorize`] before every use case; a store mutation needs a `Permit`, so a use case
//! that forgot the check does not compile.

use crate::entity::Role;
use crate::id::UserId;

/// Who is acting: a signed-in user with a role, or the system itself (migrations, the demo loader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User {
        id: UserId,
        role: Role,
    },
    /// Local administration from the command line by whoever holds the database file.
    System,
    /// A complainant who gave their allegation's case code and passphrase on the status page; no
    /// account, and no sight of anything but that allegation's shareable steps.
    Complainant(crate::id::AllegationId),
}

impl Actor {
    /// The text recorded in the event log's `actor` column.
    pub fn label(&self) -> String {
        match self {
            Actor::User { id, .. } => id.to_string(),
            Actor::System => "system".to_owned(),
            Actor::Complainant(id) => format!("complainant:{id}"),
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Actor::User { role, .. } => *role,
            Actor::System => Role::Administrator,
            Actor::Complainant(_) => Role::Complainant,
        }
    }
}

/// Something an actor may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read persons, incidents, units, sources and records (internal fields, not protected ones).
    ReadRegistry,
    /// Add or change persons, incidents, units, allegations, cases and their links.
    EditRegistry,
    /// Register sources and import their records.
    ImportSources,
    /// Link sources into the victim registry and decide on pairs of records (merge, split, undo).
    LinkRecords,
    /// Read protected fields in clear (witness identity, testimony text, medical details).
    ReadProtected,
    /// Create vetting requests and screen nominees.
    Vet,
    /// Add users and change their roles.
    ManageUsers,
    /// Change one's own preferences (language).
    ManageOwnAccount,
    /// Check the event log and the state against it.
    Verify,
    /// Rotate the master key that wraps the data keys of protected values.
    ManageKeys,
    /// Approve and publish a release (a redacted, signed snapshot).
    PublishRelease,
    /// Sign a checkpoint of the event log with the application's key.
    SignCheckpoint,
    /// Keep evidence: upload originals and working copies, open and export them, record transfers
    /// (each recorded in the item's custody log).
    HandleEvidence,
    /// Take a complaint in (an allegation with its complainant's access to the status page) and
    /// rotate a complainant's passphrase: the investigator who meets the complainant.
    TakeComplaints,
    /// Follow one's own complaint on the status page and report pressure from there.
    FollowOwnComplaint,
}

/// Proof that `actor` may perform `action`. Only [`authorize`] creates one.
#[derive(Debug, Clone)]
pub struct Permit {
    actor: Actor,
    action: Action,
}

impl Permit {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn action(&self) -> Action {
        self.action
    }
}

/// The refusal of an action, naming what was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the role `{role}` may not {action:?}")]
pub struct Denied {
    pub role: Role,
    pub action: Action,
}

/// Whether `role` may perform `action`. The one table of the access rules.
pub fn is_allowed(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ReadRegistry => matches!(role, Administrator | Investigator | Analyst | VettingOfficer | Reviewer),
        EditRegistry | ImportSources | LinkRecords => matches!(role, Administrator | Investigator),
        ReadProtected => matches!(role, Investigator),
        Vet => matches!(role, Administrator | VettingOfficer),
        ManageUsers | Verify | ManageKeys => matches!(role, Administrator),
        ManageOwnAccount => !matches!(role, Public),
        // Separation of duties: publication is the reviewer's decision alone.
        PublishRelease => matches!(role, Reviewer),
        SignCheckpoint => matches!(role, Administrator),
        // Evidence is confidential: those who investigate keep it; the administrator answers for
        // the vault (checks, exports for a court or a transfer).
        HandleEvidence => matches!(role, Administrator | Investigator),
        TakeComplaints => matches!(role, Investigator),
        FollowOwnComplaint => matches!(role, Complainant),
    }
}

/// The most sensitive field classification `role` may see; `app` withholds every field above it.
/// Only a role that may [`Action::ReadProtected`] is cleared for restricted fields.
pub fn clearance(role: Role) -> crate::classification::Classification {
    use crate::classification::Classification::*;
    match role {
        Role::Investigator => Restricted,
        Role::Administrator | Role::VettingOfficer => Confidential,
        Role::Analyst | Role::Reviewer => Internal,
        Role::Complainant | Role::Public => Public,
    }
}

pub fn authorize(actor: &Actor, action: Action) -> Result<Permit, Denied> {
    let role = actor.role();
    if is_allowed(role, action) { Ok(Permit { actor: actor.clone(), action }) } else { Err(Denied { role, action }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_complainant_read_nothing_internal() {
        for role in [Role::Public, Role::Complainant] {
            assert!(authorize(&Actor::User { id: UserId::from_bits(1), role }, Action::ReadRegistry).is_err());
        }
    }

    #[test]
    fn investigators_decide_on_pairs_and_analysts_only_read() {
        assert!(is_allowed(Role::Investigator, Action::LinkRecords));
        assert!(!is_allowed(Role::Analyst, Action::LinkRecords));
        assert!(is_allowed(Role::Analyst, Action::ReadRegistry));
        assert!(!is_allowed(Role::Public, Action::ReadRegistry));
    }

    #[test]
    fn only_reviewers_publish_and_only_administrators_sign_checkpoints() {
        for &role in Role::ALL {
            assert_eq!(is_allowed(role, Action::PublishRelease), role == Role::Reviewer, "{role}");
            assert_eq!(is_allowed(role, Action::SignCheckpoint), role == Role::Administrator, "{role}");
        }
    }

    #[test]
    fn restricted_clearance_goes_with_reading_protected_fields() {
        for &role in Role::ALL {
            let restricted = clearance(role) == crate::classification::Classification::Restricted;
            assert_eq!(restricted, is_allowed(role, Action::ReadProtected), "{role}");
        }
    }

    #[test]
    fn administrators_do_not_read_protected_fields() {
        // Separation of duties: running the system does not grant sight of witness identities.
        assert!(!is_allowed(Role::Administrator, Action::ReadProtected));
        assert!(is_allowed(Role::Investigator, Action::ReadProtected));
    }
}
