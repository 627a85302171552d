//! Referrals to further help: the EAP, chaplaincy, psychiatry, occupational health, or any
//! service the program names. A referral belongs to a request and is followed from
//! "referred" to its outcome: connected, declined, or not reached. One still "referred" a
//! week after it was made is on the dashboard, so that no one is referred and forgotten.
//!
//! A service is a name the program uses, never a person's: the names go to the reports (by
//! service) and to the reporting store.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock::stamp;
use crate::daily::requests;
use crate::error::{CoreError, Problem, Result};
use crate::fields::{clean_text, parse_date};

/// The services offered on a new program's form; every service used before is offered too.
pub const USUAL_SERVICES: [&str; 4] = [
    "Employee assistance program (EAP)",
    "Chaplaincy",
    "Psychiatry",
    "Occupational health",
];

/// A referral still waiting for its outcome this many days after it was made is due for a
/// check: it shows on the dashboard.
pub const CHECK_AFTER_DAYS: i64 = 7;

/// The longest service name, in characters.
const SERVICE_MAX: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Made, outcome not known yet.
    Referred,
    /// The person reached the service.
    Connected,
    /// The person chose not to go.
    Declined,
    /// The service or the program could not reach the person.
    NotReached,
}

impl Outcome {
    /// Their names, as the command line and the store take them.
    pub const NAMES: [&'static str; 4] = ["referred", "connected", "declined", "not-reached"];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Referred => "referred",
            Outcome::Connected => "connected",
            Outcome::Declined => "declined",
            Outcome::NotReached => "not-reached",
        }
    }

    /// In words, for sentences and the reports.
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Referred => "referred, outcome not known yet",
            Outcome::Connected => "connected",
            Outcome::Declined => "declined",
            Outcome::NotReached => "not reached",
        }
    }

    pub fn parse(text: &str) -> Result<Outcome> {
        match text.trim().to_lowercase().replace(' ', "-").as_str() {
            "referred" => Ok(Outcome::Referred),
            "connected" => Ok(Outcome::Connected),
            "declined" => Ok(Outcome::Declined),
            "not-reached" => Ok(Outcome::NotReached),
            _ => Err(CoreError::invalid(
                "outcome",
                Problem::Unknown,
                format!(
                    "“{}” is not a referral outcome: use {}",
                    text.trim(),
                    Outcome::NAMES.join(", ")
                ),
            )),
        }
    }

    fn from_store(text: &str) -> Outcome {
        Outcome::parse(text).unwrap_or(Outcome::Referred)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    pub request_id: i64,
    pub service: String,
    pub referred_on: String,
    pub outcome: Outcome,
    pub outcome_on: Option<String>,
    /// Still waiting for its outcome and made at least a week ago.
    pub due_for_check: bool,
}

/// The referral form (window) or flags (command line), as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    pub service: String,
    /// YYYY-MM-DD; empty: today.
    pub referred_on: String,
}

fn service_of(text: &str) -> Result<String> {
    let service = clean_text(text).ok_or_else(|| {
        CoreError::invalid(
            "service",
            Problem::Required,
            "name the service the person is referred to (for example EAP or Chaplaincy)",
        )
    })?;
    if service.chars().count() > SERVICE_MAX {
        return Err(CoreError::invalid(
            "service",
            Problem::TooLong,
            format!("a service name is at most {SERVICE_MAX} characters"),
        ));
    }
    Ok(service)
}

/// Records that the requester of `request` was referred to a service; returns its id. A
/// service the program used before is written as it was then, whatever the case typed.
pub fn refer(
    conn: &Connection,
    request: i64,
    form: &ReferralForm,
    now: NaiveDateTime,
) -> Result<i64> {
    requests::status_for(conn, request, "request_id")?;
    let service = service_of(&form.service)?;
    let service: String = conn
        .query_row(
            "SELECT service FROM referrals WHERE service = ?1 COLLATE NOCASE LIMIT 1",
            [&service],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(service);
    let referred_on = match form.referred_on.trim() {
        "" => now.date(),
        text => {
            parse_date(text).map_err(|e| CoreError::invalid("referred_on", Problem::Format, e))?
        }
    };
    if referred_on > now.date() {
        return Err(CoreError::invalid(
            "referred_on",
            Problem::NotAllowed,
            "a referral cannot be dated in the future",
        ));
    }
    conn.execute(
        "INSERT INTO referrals (request_id, service, referred_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![request, service, referred_on.to_string(), stamp(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Sets a referral's outcome (back to "referred" too, to correct a mistake).
pub fn set_outcome(conn: &Connection, id: i64, outcome: Outcome, now: NaiveDateTime) -> Result<()> {
    let outcome_on = (outcome != Outcome::Referred).then(|| now.date().to_string());
    let changed = conn.execute(
        "UPDATE referrals SET outcome = ?2, outcome_on = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, outcome.as_str(), outcome_on, stamp(now)],
    )?;
    if changed == 0 {
        return Err(CoreError::invalid(
            "id",
            Problem::Unknown,
            format!("there is no referral #{id}"),
        ));
    }
    Ok(())
}

/// The latest referral of `request`: the one `peerdesk requests referral ID` sets.
pub fn latest_of(conn: &Connection, request: i64) -> Result<i64> {
    requests::status_for(conn, request, "id")?;
    conn.query_row(
        "SELECT id FROM referrals WHERE request_id = ?1 ORDER BY referred_on DESC, id DESC LIMIT 1",
        [request],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::invalid(
            "id",
            Problem::NotAllowed,
            format!("request #{request} has no referral yet: refer it first (peerdesk requests refer {request} --to SERVICE)"),
        )
    })
}

fn referral_of(row: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<Referral> {
    let referred_on: String = row.get(3)?;
    let outcome = Outcome::from_store(&row.get::<_, String>(4)?);
    let due_for_check = outcome == Outcome::Referred
        && parse_date(&referred_on)
            .is_ok_and(|day| today - day >= Duration::days(CHECK_AFTER_DAYS));
    Ok(Referral {
        id: row.get(0)?,
        request_id: row.get(1)?,
        service: row.get(2)?,
        referred_on,
        outcome,
        outcome_on: row.get(5)?,
        due_for_check,
    })
}

const COLUMNS: &str = "id, request_id, service, referred_on, outcome, outcome_on";

/// The referrals of a request, oldest first.
pub fn of_request(conn: &Connection, request: i64, today: NaiveDate) -> Result<Vec<Referral>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM referrals WHERE request_id = ?1 ORDER BY referred_on, id"
    ))?;
    let rows = statement.query_map([request], |r| referral_of(r, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every referral still waiting for its outcome a week or more after it was made, oldest
/// first: the dashboard's reminders.
pub fn due_for_check(conn: &Connection, today: NaiveDate) -> Result<Vec<Referral>> {
    let before = (today - Duration::days(CHECK_AFTER_DAYS)).to_string();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM referrals WHERE outcome = 'referred' AND referred_on <= ?1
         ORDER BY referred_on, id"
    ))?;
    let rows = statement.query_map([before], |r| referral_of(r, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The services to offer on the form: the usual ones, then every other one used before.
pub fn services(conn: &Connection) -> Result<Vec<String>> {
    let mut names: Vec<String> = USUAL_SERVICES.iter().map(|s| s.to_string()).collect();
    let mut statement =
        conn.prepare_cached("SELECT DISTINCT service FROM referrals ORDER BY service")?;
    for used in statement.query_map([], |r| r.get::<_, String>(0))? {
        let used = used?;
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&used)) {
            names.push(used);
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests;
