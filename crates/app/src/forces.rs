//! Questions to the registry of security forces: which units, and who commanded them, were at a
//! place on a day; who commanded a unit on a day; what assistance a unit received. Each answer
//! carries the source of every datum.

use domain::access::{Action, Actor, authorize};
use domain::entity::{Assistance, Attribution, Deployment, Subject};
use domain::id::UnitId;
use jiff::civil::Date;
use store::read::PostingView;

use crate::classified::Withhold;
use crate::registry::Labels;
use crate::{App, Error, Result};

/// A unit deployed at the place on the day, and its commanders that day.
#[derive(Debug, Clone)]
pub struct UnitAtPlace {
    pub unit_name: String,
    pub deployment: Deployment,
    /// Postings in a command role (commander, head, chief) covering the day.
    pub commanders: Vec<PostingView>,
}

/// The answer to "which units and commanders were at this place on this date".
#[derive(Debug, Clone)]
pub struct PlaceOnDay {
    pub place: String,
    pub on: Date,
    pub units: Vec<UnitAtPlace>,
    pub labels: Labels,
}

/// An attribution of an incident to a unit, with the incident's title and date.
#[derive(Debug, Clone)]
pub struct UnitAttribution {
    pub attribution: Attribution,
    pub incident_title: String,
    pub incident_date: String,
}

impl App {
    /// The units deployed at `place` (as named at the time) on `on`, with their commanders that day.
    pub async fn units_at(&self, actor: &Actor, place: &str, on: Date) -> Result<PlaceOnDay> {
        authorize(actor, Action::ReadRegistry)?;
        if place.trim().is_empty() {
            return Err(Error::BadInput { what: "place", detail: "name the place".to_owned() });
        }
        let deployed = self.store.deployments_at(place, on).await?;
        let mut units = Vec::with_capacity(deployed.len());
        for d in deployed {
            let commanders = self.commanders(&d.deployment.unit_id, on).await?;
            units.push(UnitAtPlace {
                unit_name: d.unit_name,
                deployment: d.deployment.withhold(actor)?,
                commanders: withhold(commanders, actor)?,
            });
        }
        let source_ids = units
            .iter()
            .map(|u| &u.deployment.source_id)
            .chain(units.iter().flat_map(|u| u.commanders.iter().map(|c| &c.posting.source_id)))
            .collect();
        let labels = self.labels(source_ids, Vec::new()).await?;
        Ok(PlaceOnDay { place: place.trim().to_owned(), on, units, labels })
    }

    /// Who commanded the unit on `on`: its postings in a command role that cover the day.
    pub async fn commanders_on(&self, actor: &Actor, unit: &str, on: Date) -> Result<Vec<PostingView>> {
        authorize(actor, Action::ReadRegistry)?;
        let unit = UnitId::parse(unit)?;
        withhold(self.commanders(&unit, on).await?, actor)
    }

    /// The assistance the unit received, oldest first, each with its source.
    pub async fn assistance_received(&self, actor: &Actor, unit: &str) -> Result<Vec<Assistance>> {
        authorize(actor, Action::ReadRegistry)?;
        let unit = UnitId::parse(unit)?;
        self.store.assistance_of_unit(&unit).await?.withhold(actor)
    }

    /// The incidents attributed to the unit, with role, confidence and sources.
    pub(crate) async fn unit_attributions(&self, actor: &Actor, unit: &UnitId) -> Result<Vec<UnitAttribution>> {
        let rows = self.store.attributions_of_subject(&Subject::Unit(unit.clone())).await?;
        rows.into_iter()
            .map(|(attribution, incident_title, incident_date)| {
                Ok(UnitAttribution { attribution: attribution.withhold(actor)?, incident_title, incident_date })
            })
            .collect()
    }

    async fn commanders(&self, unit: &UnitId, on: Date) -> Result<Vec<PostingView>> {
        let postings = self.store.postings_on(unit, on).await?;
        Ok(postings.into_iter().filter(|p| screening::index::is_command_role(&p.posting.role)).collect())
    }
}

fn withhold(postings: Vec<PostingView>, actor: &Actor) -> Result<Vec<PostingView>> {
    postings.into_iter().map(|view| Ok(PostingView { posting: view.posting.withhold(actor)?, ..view })).collect()
}
