//! Withholding: every entity a read use case returns passes through [`Withhold::withhold`], which
//! blanks each field classified above the reader's clearance (`domain::classification`), so that a
//! handler cannot show or send what the role may not see.
//!
//! A withheld text becomes empty, a withheld list empty, a withheld optional value absent; a field
//! the table does not list is withheld from everyone below restricted clearance (fail closed).

use domain::access::{Actor, clearance};
use domain::classification::{self, Classification};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{Error, Result};

/// A value read out for an actor, with the fields above their clearance blanked.
pub(crate) trait Withhold: Sized {
    fn withhold(self, actor: &Actor) -> Result<Self>;
}

/// An entity type, named as in the classification table.
pub(crate) trait Classified: Serialize + DeserializeOwned {
    const TYPE_NAME: &'static str;
}

macro_rules! classified {
    ($($type:ty => $name:literal),* $(,)?) => {
        $(impl Classified for $type { const TYPE_NAME: &'static str = $name; })*
    };
}

classified! {
    domain::entity::Person => "Person",
    domain::entity::Record => "Record",
    domain::entity::Source => "Source",
    domain::entity::Incident => "Incident",
    domain::entity::Unit => "Unit",
    domain::entity::Posting => "Posting",
    domain::entity::Deployment => "Deployment",
    domain::entity::Assistance => "Assistance",
    domain::entity::Attribution => "Attribution",
    domain::registry::RegistryPerson => "RegistryPerson",
    domain::registry::Import => "Import",
    domain::entity::Case => "Case",
    domain::entity::Withdrawal => "Withdrawal",
    domain::entity::PressureReport => "PressureReport",
    domain::entity::VettingRequest => "VettingRequest",
    domain::vetting::Screening => "Screening",
    domain::vetting::VettingDecision => "VettingDecision",
    domain::vetting::DutyToInform => "DutyToInform",
}

impl<T: Classified> Withhold for T {
    fn withhold(self, actor: &Actor) -> Result<T> {
        let level = clearance(actor.role());
        if level == Classification::Restricted {
            return Ok(self);
        }
        let mut value = serde_json::to_value(&self).map_err(|e| withheld_error(T::TYPE_NAME, e))?;
        if let Value::Object(object) = &mut value {
            blank(object, T::TYPE_NAME, "", level);
        }
        serde_json::from_value(value).map_err(|e| withheld_error(T::TYPE_NAME, e))
    }
}

impl<T: Withhold> Withhold for Vec<T> {
    fn withhold(self, actor: &Actor) -> Result<Vec<T>> {
        self.into_iter().map(|item| item.withhold(actor)).collect()
    }
}

impl<T: Withhold> Withhold for Option<T> {
    fn withhold(self, actor: &Actor) -> Result<Option<T>> {
        self.map(|item| item.withhold(actor)).transpose()
    }
}

/// A withheld field that cannot be blanked (a required date, say) is a bug in the table: the read
/// fails rather than send the value.
fn withheld_error(type_name: &'static str, error: serde_json::Error) -> Error {
    Error::BadInput { what: "withholding", detail: format!("{type_name}: {error}") }
}

fn blank(object: &mut Map<String, Value>, type_name: &str, prefix: &str, level: Classification) {
    let keys: Vec<String> = object.keys().cloned().collect();
    for key in keys {
        let path = format!("{prefix}{key}");
        let listed = classification::of(type_name, &path);
        let Some(value) = object.get_mut(&key) else { continue };
        match (listed, value) {
            (Some(class), _) if class <= level => {}
            // Unlisted containers: their listed parts decide.
            (None, Value::Object(inner)) => blank(inner, type_name, &format!("{path}."), level),
            (None, Value::Array(items)) if items.iter().all(Value::is_object) && !items.is_empty() => {
                for item in items.iter_mut() {
                    if let Value::Object(inner) = item {
                        blank(inner, type_name, &format!("{path}."), level);
                    }
                }
            }
            (_, Value::String(text)) => text.clear(),
            (_, Value::Array(items)) => items.clear(),
            (_, _) => {
                object.remove(&key);
            }
        }
    }
}
