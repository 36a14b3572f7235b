//! Loads a generated demo scenario into the database through the use cases, in the
//! order the foreign keys need: users, sources, persons, units, incidents, then what refers to them;
//! last, the four lists of the dead are linked into the victim registry.

use std::fmt;
use std::sync::Arc;

use domain::access::Actor;
use domain::date::Timestamp;
use domain::entity::{Locale, Role};
use domain::protected::Protected;

use crate::{App, LinkReport, LinkRequest, NewUser, Result, Silent};

/// The administrator account the demo creates.
pub const DEMO_ADMIN_USERNAME: &str = "admin";
/// The investigator account the demo creates (imports, links, decides on pairs).
pub const DEMO_INVESTIGATOR_USERNAME: &str = "investigator";
/// The analyst account the demo creates (reads the registry and the review queue).
pub const DEMO_ANALYST_USERNAME: &str = "analyst";

/// The passwords of the demo's accounts.
#[derive(Debug, Clone)]
pub struct DemoPasswords {
    pub admin: Protected<String>,
    pub investigator: Protected<String>,
    pub analyst: Protected<String>,
}

/// Large batches are split so that no single event payload grows past a few megabytes.
const BATCH: usize = 1000;

/// What was loaded, for the closing message.
pub struct DemoSummary {
    n_sources: usize,
    n_records: usize,
    n_persons: usize,
    n_incidents: usize,
    n_allegations: usize,
    n_units: usize,
    true_deaths: u32,
    unlisted_deaths: u32,
    /// The link run over the four lists.
    pub link: LinkReport,
    /// The case code and passphrase of the complainant who follows an allegation on `/status`.
    pub complainant: Option<crate::IssuedAccess>,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "loaded {} sources, {} list records, {} persons, {} incidents, {} allegations, {} units \
             (ground truth: {} deaths, {} on no list)",
            self.n_sources,
            self.n_records,
            self.n_persons,
            self.n_incidents,
            self.n_allegations,
            self.n_units,
            self.true_deaths,
            self.unlisted_deaths
        )?;
        write!(
            f,
            "; linked the lists into {} registry persons ({} candidate pairs, {} pairs waiting for review)",
            self.link.run.n_persons, self.link.run.n_candidates, self.link.n_queue
        )
    }
}

impl App {
    /// Loads the scenario and the demo's accounts, as the system actor, then links the lists.
    pub async fn load_demo(
        &self,
        scenario: &demo::Scenario,
        passwords: &DemoPasswords,
        now: Timestamp,
    ) -> Result<DemoSummary> {
        let app = self;
        let system = Actor::System;
        let accounts = [
            (DEMO_ADMIN_USERNAME, "Demo administrator", Role::Administrator, &passwords.admin),
            (DEMO_INVESTIGATOR_USERNAME, "Demo investigator", Role::Investigator, &passwords.investigator),
            (DEMO_ANALYST_USERNAME, "Demo analyst", Role::Analyst, &passwords.analyst),
        ];
        for (username, display_name, role, password) in accounts {
            let user = NewUser {
                username: username.to_owned(),
                display_name: display_name.to_owned(),
                role,
                locale: Locale::En,
                password: password.clone(),
            };
            app.add_user(&system, now, user).await?;
        }
        for source in &scenario.sources {
            app.register_source(&system, now, source.clone()).await?;
        }
        for list in &scenario.lists {
            for chunk in list.records.chunks(BATCH) {
                app.import_records(&system, now, list.source_id.clone(), chunk.to_vec()).await?;
            }
        }
        for chunk in scenario.persons.chunks(BATCH) {
            app.add_persons(&system, now, chunk.to_vec()).await?;
        }
        app.add_units(&system, now, scenario.units.clone()).await?;
        for chunk in scenario.incidents.chunks(BATCH) {
            app.record_incidents(&system, now, chunk.to_vec()).await?;
        }
        for chunk in scenario.allegations.chunks(BATCH) {
            app.register_allegations(&system, now, chunk.to_vec()).await?;
        }
        app.open_cases(&system, now, scenario.cases.clone()).await?;
        app.add_withdrawals_and_pressure(&system, now, scenario.withdrawals.clone(), scenario.pressure_reports.clone())
            .await?;
        app.add_postings(&system, now, scenario.postings.clone()).await?;
        app.add_deployments(&system, now, scenario.deployments.clone()).await?;
        app.add_assistance(&system, now, scenario.assistance.clone()).await?;
        app.add_attributions(&system, now, scenario.attributions.clone()).await?;
        for evidence in &scenario.evidence {
            app.register_evidence(&system, now, evidence.clone()).await?;
        }
        app.record_testimonies(&system, now, scenario.testimonies.clone()).await?;
        app.record_claims(&system, now, scenario.claims.clone()).await?;
        for request in &scenario.vetting_requests {
            app.create_vetting_request(&system, now, request.clone()).await?;
        }
        let lists = LinkRequest { source_ids: scenario.lists.iter().map(|l| l.source_id.clone()).collect() };
        let link = app.link_sources(&system, now, lists, Arc::new(Silent)).await?;
        // One complainant follows their complaint on the status page: the first allegation with an
        // investigation opened (its timeline has shareable steps to show). The investigator hands
        // out the code and passphrase, as at an intake.
        let followed = scenario
            .allegations
            .iter()
            .find(|a| a.timeline.iter().any(|s| s.status == domain::entity::AllegationStatus::InvestigationOpened));
        let complainant = match followed {
            Some(allegation) => {
                let investigator = app.store.user_by_username(DEMO_INVESTIGATOR_USERNAME).await?;
                match investigator {
                    Some(user) => {
                        let actor = Actor::User { id: user.id, role: user.role };
                        Some(app.rotate_passphrase(&actor, now, allegation.id.as_str()).await?)
                    }
                    None => None,
                }
            }
            None => None,
        };
        Ok(DemoSummary {
            link,
            complainant,
            n_sources: scenario.sources.len(),
            n_records: scenario.lists.iter().map(|l| l.records.len()).sum(),
            n_persons: scenario.persons.len(),
            n_incidents: scenario.incidents.len(),
            n_allegations: scenario.allegations.len(),
            n_units: scenario.units.len(),
            true_deaths: scenario.truth.true_deaths,
            unlisted_deaths: scenario.truth.unlisted_deaths,
        })
    }
}
