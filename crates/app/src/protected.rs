//! Reading records with protected fields: testimonies and allegations, sealed for anyone who may
//! read the registry, opened only for those who may read protected fields, and only after the read
//! is recorded as a `protected-read` event ("who looked at this witness's identity").

use domain::access::{Action, Actor, authorize};
use domain::change::{Change, ProtectedField, ProtectedRecord};
use domain::date::Timestamp;
use domain::entity::{Allegation, Testimony};
use domain::id::{AllegationId, IncidentId, TestimonyId};
use domain::protected::Protected;
use store::ProtectedReadRow;

use crate::{App, Error, Result};

/// A testimony with its protected fields in clear.
#[derive(Debug)]
pub struct OpenedTestimony {
    pub testimony: Testimony,
    pub witness: Protected<String>,
    pub contact: Option<Protected<String>>,
    pub text: Protected<String>,
}

/// An allegation with its protected fields in clear.
#[derive(Debug)]
pub struct OpenedAllegation {
    pub allegation: Allegation,
    pub complainant: Protected<String>,
    pub medical: Option<Protected<String>>,
}

impl App {
    /// Who read `record`'s protected fields, and when: the read audit, for administrators.
    pub async fn protected_reads(&self, actor: &Actor, record: &ProtectedRecord) -> Result<Vec<ProtectedReadRow>> {
        authorize(actor, Action::Verify)?;
        Ok(self.store.protected_reads(record).await?)
    }

    /// A testimony as stored: its protected fields sealed.
    pub async fn testimony(&self, actor: &Actor, id: &str) -> Result<Testimony> {
        authorize(actor, Action::ReadRegistry)?;
        let id = TestimonyId::parse(id)?;
        self.store.testimony(&id).await?.ok_or_else(|| Error::NotFound { what: "testimony", id: id.to_string() })
    }

    /// An allegation as stored: its protected fields sealed.
    pub async fn allegation(&self, actor: &Actor, id: &str) -> Result<Allegation> {
        authorize(actor, Action::ReadRegistry)?;
        let id = AllegationId::parse(id)?;
        self.store.allegation(&id).await?.ok_or_else(|| Error::NotFound { what: "allegation", id: id.to_string() })
    }

    /// The testimonies and allegations about an incident, sealed.
    pub async fn incident_statements(&self, actor: &Actor, id: &str) -> Result<(Vec<Testimony>, Vec<Allegation>)> {
        authorize(actor, Action::ReadRegistry)?;
        let id = IncidentId::parse(id)?;
        Ok((self.store.testimonies_of_incident(&id).await?, self.store.allegations_of_incident(&id).await?))
    }

    /// Records that `actor` reads the testimony's witness identity, contact and statement, then
    /// opens them.
    pub async fn open_testimony(&self, actor: &Actor, now: Timestamp, id: &str) -> Result<OpenedTestimony> {
        authorize(actor, Action::ReadProtected)?;
        let testimony = self.testimony(actor, id).await?;
        let mut fields = vec![ProtectedField::WitnessIdentity, ProtectedField::TestimonyText];
        if testimony.contact.is_some() {
            fields.insert(1, ProtectedField::WitnessContact);
        }
        let record = ProtectedRecord::Testimony(testimony.id.clone());
        // Invariant: the read is committed before any value is opened.
        self.commit(actor, now, Action::ReadProtected, Change::ProtectedRead { record, fields }).await?;
        Ok(OpenedTestimony {
            witness: self.unseal(actor, &testimony.witness).await?,
            contact: match &testimony.contact {
                Some(sealed) => Some(self.unseal(actor, sealed).await?),
                None => None,
            },
            text: self.unseal(actor, &testimony.text).await?,
            testimony,
        })
    }

    /// Records that `actor` reads the allegation's complainant identity and medical details, then
    /// opens them.
    pub async fn open_allegation(&self, actor: &Actor, now: Timestamp, id: &str) -> Result<OpenedAllegation> {
        authorize(actor, Action::ReadProtected)?;
        let allegation = self.allegation(actor, id).await?;
        let mut fields = vec![ProtectedField::ComplainantIdentity];
        if allegation.medical.is_some() {
            fields.push(ProtectedField::Medical);
        }
        let record = ProtectedRecord::Allegation(allegation.id.clone());
        // Invariant: the read is committed before any value is opened.
        self.commit(actor, now, Action::ReadProtected, Change::ProtectedRead { record, fields }).await?;
        Ok(OpenedAllegation {
            complainant: self.unseal(actor, &allegation.complainant).await?,
            medical: match &allegation.medical {
                Some(sealed) => Some(self.unseal(actor, sealed).await?),
                None => None,
            },
            allegation,
        })
    }
}
