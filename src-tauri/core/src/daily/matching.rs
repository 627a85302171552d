//! Matching: for a request, every supporter who may take it, ranked, with the score broken
//! down and a sentence of reasons. The coordinator confirms; the program never assigns alone.
//!
//! Hard rules (DESIGN.md), checked in this order, the first one failed is the one reported:
//! not retired, trained, not paused, not resting (the program's care after a heavy stretch),
//! training not due (only when the program's `training_due_matching` says exclude), under
//! the open-case limit, not a supporter this request already had (a declined or unable match
//! is never proposed again), and by the program's mode: network — from another organization
//! than the requester's; in-house — from the requester's organization but never their
//! department.
//!
//! Soft preferences are points, all in `weights` below. Ties are broken by fewer contacts in
//! the last 30 days (the less loaded first, and the reasons of the one placed higher say so),
//! then fewer open cases, then the longer wait since the last assignment (never assigned
//! first), then the lower supporter number: the same data always gives the same order. The
//! waiting bonus grows every day a supporter is passed over, so everyone eligible in a role
//! gets work in turn.
//!
//! The hard rules are in `rules`, the points and the order in `ranking`. This file holds the
//! weights, what matching knows of a requester and a supporter, reading both from the store,
//! and the coordinator's confirmation (`assign`).

mod ranking;
mod rules;

pub use ranking::{rank, rank_with, Candidate, Exclusion, Left, Ranking, Relaxation, ScorePart};
pub use rules::{Policy, Rule};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::stamp;
use crate::daily::requests::{self, Status};
use crate::error::{CoreError, Problem, Result};
use crate::program;
use crate::roster::care;
use rules::failures;

/// The points of each soft preference. One place, documented in the README.
pub mod weights {
    /// The supporter has the requester's role.
    pub const SAME_ROLE: i64 = 40;
    /// Not the same role, but the same family (clinical, clinical support, non-clinical).
    pub const SAME_FAMILY: i64 = 20;
    /// Both have the same specialty.
    pub const SAME_SPECIALTY: i64 = 10;
    /// Years in role within 3 of each other.
    pub const CLOSE_SENIORITY: i64 = 8;
    /// Years in role within 7 of each other.
    pub const NEAR_SENIORITY: i64 = 4;
    /// The supporter speaks the requester's language.
    pub const SHARED_LANGUAGE: i64 = 10;
    /// Taken off for each open case the supporter already carries.
    pub const PER_OPEN_CASE: i64 = -10;
    /// One point per this many days since the last assignment…
    pub const DAYS_PER_WAITING_POINT: i64 = 3;
    /// …up to this many points (also what a supporter never assigned gets).
    pub const MAX_WAITING: i64 = 20;
}

/// What matching knows of the requester.
#[derive(Debug, Clone, Default)]
pub struct Requester {
    pub role_id: Option<i64>,
    pub role: Option<String>,
    pub role_family: Option<String>,
    pub department_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub specialty: Option<String>,
    pub years_in_role: Option<i64>,
    pub language: Option<String>,
    /// Supporters this request already had (declined, unable or current).
    pub had: Vec<i64>,
}

/// What matching knows of a supporter.
#[derive(Debug, Clone, Default)]
pub struct Supporter {
    pub id: i64,
    pub name: String,
    pub role_id: i64,
    pub role: String,
    pub role_family: Option<String>,
    pub specialty: Option<String>,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub organization_id: i64,
    pub organization: String,
    pub languages: Vec<String>,
    pub years_in_role: Option<i64>,
    pub trained: bool,
    pub retired: bool,
    /// Paused through this date (a pause that ended counts as active).
    pub paused_until: Option<NaiveDate>,
    pub paused: bool,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub last_assigned: Option<NaiveDate>,
    /// Resting through this date (a rest that ended counts as none).
    pub resting_until: Option<NaiveDate>,
    /// Their latest training or meeting (trained-on included).
    pub last_refresher: Option<NaiveDate>,
    /// Contacts in the last 30 days.
    pub contacts_30: i64,
}

/// What the store knows of a request, for matching.
fn requester_of(conn: &Connection, request: i64) -> Result<Requester> {
    let mut requester = conn
        .prepare_cached(
            "SELECT q.role_id, r.value, r.family, q.department_id, q.organization_id, q.specialty, q.years_in_role, l.value
             FROM requests q
             LEFT JOIN picklist_entries r ON r.id = q.role_id
             LEFT JOIN picklist_entries l ON l.id = q.language_id
             WHERE q.id = ?1",
        )?
        .query_row([request], |r| {
            Ok(Requester {
                role_id: r.get(0)?,
                role: r.get(1)?,
                role_family: r.get(2)?,
                department_id: r.get(3)?,
                organization_id: r.get(4)?,
                specialty: r.get(5)?,
                years_in_role: r.get(6)?,
                language: r.get(7)?,
                had: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| requests::not_found("id", request))?;
    requester.had = conn
        .prepare_cached("SELECT supporter_id FROM matches WHERE request_id = ?1")?
        .query_map([request], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(requester)
}

/// Every supporter, with the counts matching needs on `today`. Their contacts of the last 30
/// days come from one grouped query, not one query per supporter; their latest training or
/// meeting, their open cases and their latest assignment are kept on their row (migrations 9
/// and 13).
pub fn pool(conn: &Connection, today: NaiveDate) -> Result<Vec<Supporter>> {
    let contacts = care::contacts_since(conn, care::window_start(today, care::RECENT_DAYS))?;
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.name, s.role_id, r.value, r.family, s.specialty, s.department_id, d.value,
                s.organization_id, o.name, s.languages, s.years_in_role, s.trained_on IS NOT NULL,
                s.status, s.paused_until, s.max_open_cases,
                s.open_cases, s.last_matched_at,
                s.resting_until, max(coalesce(s.trained_on, ''), coalesce(s.last_session_on, ''))
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         ORDER BY s.id",
    )?;
    // The day of a stored date or stamp, read in place (no copy of the text).
    let date = |r: &rusqlite::Row<'_>, index: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get_ref(index)?
            .as_str_or_null()?
            .and_then(crate::fields::iso_day))
    };
    let rows = statement.query_map([], |r| {
        let id: i64 = r.get(0)?;
        let languages: String = r.get(10)?;
        let status: String = r.get(13)?;
        Ok(Supporter {
            id,
            name: r.get(1)?,
            role_id: r.get(2)?,
            role: r.get(3)?,
            role_family: r.get(4)?,
            specialty: r.get(5)?,
            department_id: r.get(6)?,
            department: r.get(7)?,
            organization_id: r.get(8)?,
            organization: r.get(9)?,
            languages: languages
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            years_in_role: r.get(11)?,
            trained: r.get(12)?,
            retired: status == "retired",
            paused: status == "paused",
            paused_until: date(r, 14)?,
            max_open_cases: r.get(15)?,
            open_cases: r.get(16)?,
            last_assigned: date(r, 17)?,
            resting_until: date(r, 18)?,
            // The later of the training date and the latest session attended.
            last_refresher: date(r, 19)?,
            contacts_30: contacts.get(&id).copied().unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The program's rules for matching: its mode and the care settings.
fn policy_of(conn: &Connection) -> Result<Policy> {
    Ok(Policy {
        mode: program::mode(conn)?,
        care: program::care(conn)?,
    })
}

/// Ranks the store's supporters for request `request`.
pub fn rank_request(
    conn: &Connection,
    request: i64,
    today: NaiveDate,
    relax: Option<Rule>,
) -> Result<Ranking> {
    let requester = requester_of(conn, request)?;
    let policy = policy_of(conn)?;
    Ok(rank_with(
        &requester,
        &pool(conn, today)?,
        policy,
        today,
        relax,
    ))
}

/// The coordinator's confirmation: `supporter` takes `request`. Refused unless the supporter
/// is among the candidates now (with `relax` set aside, if the coordinator chose to).
pub fn assign(
    conn: &Connection,
    request: i64,
    supporter: i64,
    relax: Option<Rule>,
    now: NaiveDateTime,
) -> Result<()> {
    let status = requests::status_of(conn, request)?;
    if status != Status::New {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "request #{request} is {}: only a request waiting for a match can be matched (release its supporter first to rematch)",
                status.as_str()
            ),
        ));
    }
    let requester = requester_of(conn, request)?;
    let policy = policy_of(conn)?;
    let everyone = pool(conn, now.date())?;
    let Some(chosen) = everyone.iter().find(|s| s.id == supporter) else {
        return Err(CoreError::invalid(
            "supporter_id",
            Problem::Unknown,
            format!("there is no supporter #{supporter}"),
        ));
    };
    let failed: Vec<Rule> = failures(&requester, chosen, policy, now.date())
        .into_iter()
        .filter(|r| Some(*r) != relax.filter(|r| r.relaxable()))
        .collect();
    if let Some(rule) = failed.first() {
        return Err(CoreError::invalid(
            "supporter_id",
            Problem::NotAllowed,
            format!(
                "{} cannot take request #{request}: {} ({})",
                chosen.name,
                rule.describe(),
                if rule.relaxable() {
                    "set that rule aside for this request to match anyway"
                } else {
                    "this rule cannot be set aside"
                }
            ),
        ));
    }
    let detail = match relax {
        Some(rule) => format!(
            "supporter #{supporter} matched, rule set aside: {}",
            rule.describe()
        ),
        None => format!("supporter #{supporter} matched"),
    };
    let tx = conn.unchecked_transaction()?;
    requests::transition(
        &tx,
        request,
        &[Status::New],
        Status::Matched,
        Some(&detail),
        now,
    )?;
    tx.execute(
        "INSERT INTO matches (request_id, supporter_id, matched_at, outcome) VALUES (?1, ?2, ?3, 'active')",
        params![request, supporter, stamp(now)],
    )?;
    tx.execute(
        "UPDATE requests SET matched_at = coalesce(matched_at, ?2) WHERE id = ?1",
        params![request, stamp(now)],
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests;
