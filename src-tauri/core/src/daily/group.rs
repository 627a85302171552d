//! Group support: critical events and the team sessions held after them.
//!
//! A **critical event** (a code, the death of a patient, an assault, other) is logged for a
//! unit with its day and, when known, its time; never a patient detail (it has no free text).
//! PeerDesk then expects outreach to that unit within the program's target
//! (`event_outreach_hours`, 24 by default): the event waits on the dashboard until a group
//! session or an outreach for its unit is logged, and the events list says whether that came
//! in time (`program::group::reach`, the one rule; `event_reach`, the view that finds the
//! first contact).
//!
//! A **group session** (a huddle, a debrief, a check-in) with a unit's team records the day,
//! the unit, a headcount, the people present by role (counts, never names), the facilitating
//! peer supporters, how long it took and whether follow-up was offered; it may name the
//! event it followed. Reports count sessions and the people they reached apart from the
//! one-to-one outreaches.
//!
//! `events` holds the events, `debriefs` the sessions (it reads an event to check a link;
//! events never read sessions but through SQL).

pub mod debriefs;
pub mod events;

use rusqlite::Connection;

use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::program::organizations;
use crate::program::picklists::{self, List};

/// The organization a form names (an id, a name or a short name), or the host program's
/// when it names none (`fallback` first, when given: a session follows its event's).
fn organization(
    conn: &Connection,
    text: &str,
    fallback: Option<i64>,
) -> Result<std::result::Result<Option<i64>, (Problem, String)>> {
    if text.trim().is_empty() {
        return Ok(Ok(match fallback {
            Some(id) => Some(id),
            None => organizations::host(conn)?,
        }));
    }
    Ok(match organizations::find(conn, text)? {
        Some(id) => Ok(Some(id)),
        None => Err((
            Problem::Unknown,
            format!(
                "there is no organization \"{}\" (see `peerdesk orgs list`)",
                crate::fields::shorten(text.trim())
            ),
        )),
    })
}

/// A list's bound (`from`, `to`): a day, or none when empty.
fn bound(text: &Option<String>, field: &str) -> Result<Option<String>> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => crate::fields::parse_date(text)
            .map(|d| Some(d.to_string()))
            .map_err(|e| CoreError::invalid(field, Problem::Format, e)),
    }
}

/// The unit a form names (a department of the program's list), or its problem beside `unit`.
fn unit(
    conn: &Connection,
    text: &str,
    errors: &mut FieldErrors,
    missing: &str,
) -> Result<Option<i64>> {
    if text.trim().is_empty() {
        errors.add("unit", Problem::Required, missing);
        return Ok(None);
    }
    Ok(match picklists::choose(conn, List::Departments, text)? {
        Ok(id) => Some(id),
        Err((code, message)) => {
            errors.add("unit", code, message);
            None
        }
    })
}

/// A kind read by `program::group`, or its problem beside `kind`.
fn kind<K>(parsed: Result<K>, errors: &mut FieldErrors) -> Result<Option<K>> {
    match parsed {
        Ok(kind) => Ok(Some(kind)),
        Err(CoreError::Invalid(error)) => {
            errors.add("kind", error.code, error.message);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// "there is no event #N" / "there is no session #N", about `field`.
fn no_such(field: &str, what: &str, id: i64) -> CoreError {
    CoreError::invalid(field, Problem::Unknown, format!("there is no {what} #{id}"))
}

#[cfg(test)]
mod tests;
