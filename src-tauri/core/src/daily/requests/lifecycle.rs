//! How a request ends and comes back: closed, declined or withdrawn (`end`), reopened
//! before the retention purge (`reopen`), or released by its supporter to be matched again
//! (`rematch`). Each is a transition of the request's status with a row in its history.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::*;
use crate::clock::stamp;
use crate::error::{CoreError, Problem, Result};

/// How a request ends before (or instead of) running its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// The support happened: the coordinator closes the request.
    Closed,
    /// The requester declined the program's support.
    Declined,
    /// The requester withdrew the request.
    Withdrawn,
}

impl Ending {
    /// What was done, for a confirmation ("Request #12 closed.").
    pub fn past_tense(self) -> &'static str {
        match self {
            Ending::Closed => "closed",
            Ending::Declined => "marked declined",
            Ending::Withdrawn => "marked withdrawn",
        }
    }
}

/// Closes, declines or withdraws a request. Its active match ends; the follow-ups still open
/// are no longer due. Undone by `reopen`.
pub fn end(conn: &Connection, id: i64, ending: Ending, now: NaiveDateTime) -> Result<()> {
    let (allowed, to, outcome): (&[Status], Status, &str) = match ending {
        Ending::Closed => (
            &[Status::Connected, Status::FollowUp],
            Status::Closed,
            "completed",
        ),
        Ending::Declined => (
            &[Status::New, Status::Matched, Status::Connected],
            Status::Declined,
            "declined",
        ),
        Ending::Withdrawn => (
            &[
                Status::New,
                Status::Matched,
                Status::Connected,
                Status::FollowUp,
            ],
            Status::Withdrawn,
            "completed",
        ),
    };
    let tx = conn.unchecked_transaction()?;
    transition(&tx, id, allowed, to, None, now)?;
    tx.execute(
        "UPDATE requests SET closed_at = ?2 WHERE id = ?1",
        params![id, stamp(now)],
    )?;
    tx.execute(
        "UPDATE matches SET outcome = ?2, ended_at = ?3 WHERE request_id = ?1 AND outcome = 'active'",
        params![id, outcome, stamp(now)],
    )?;
    tx.commit()?;
    Ok(())
}

/// Undoes `end`: the request goes back to the status it had, its match is active again.
/// Refused once the requester's details were purged (the request is history by then).
pub fn reopen(conn: &Connection, id: i64, now: NaiveDateTime) -> Result<()> {
    let purged: Option<String> = conn
        .query_row("SELECT purged_at FROM requests WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| not_found("id", id))?;
    if purged.is_some() {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "request #{id} was closed long enough ago that the requester's details were erased; take in a new request instead"
            ),
        ));
    }
    let previous: Option<String> = conn
        .query_row(
            "SELECT from_status FROM request_events WHERE request_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let back = previous
        .as_deref()
        .and_then(Status::parse)
        .filter(|s| s.is_open())
        .ok_or_else(|| {
            CoreError::refused(Problem::NotAllowed, format!("request #{id} is still open"))
        })?;
    let tx = conn.unchecked_transaction()?;
    transition(
        &tx,
        id,
        &[Status::Closed, Status::Declined, Status::Withdrawn],
        back,
        Some("reopened"),
        now,
    )?;
    tx.execute("UPDATE requests SET closed_at = NULL WHERE id = ?1", [id])?;
    if back != Status::New {
        tx.execute(
            "UPDATE matches SET outcome = 'active', ended_at = NULL
             WHERE id = (SELECT max(id) FROM matches WHERE request_id = ?1)",
            [id],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Why a match ends before the first contact, so the request is matched again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Release {
    /// The requester declined this supporter.
    Declined,
    /// The supporter cannot take it.
    Unable,
}

impl Release {
    /// Their names, as the command line takes them.
    pub const NAMES: [&'static str; 2] = ["declined", "unable"];

    pub fn parse(text: &str) -> Result<Release> {
        match text.trim() {
            "declined" => Ok(Release::Declined),
            "unable" => Ok(Release::Unable),
            other => Err(CoreError::invalid(
                "why",
                Problem::Unknown,
                format!("\"{other}\" is no reason to rematch: say declined or unable"),
            )),
        }
    }
}

/// Ends the active match and puts the request back in the queue; the earlier supporter is
/// never proposed for it again, and the history keeps both matches.
pub fn rematch(conn: &Connection, id: i64, why: Release, now: NaiveDateTime) -> Result<()> {
    let (outcome, detail) = match why {
        Release::Declined => (
            "declined",
            "the requester declined the supporter; to be matched again",
        ),
        Release::Unable => (
            "unable",
            "the supporter could not take it; to be matched again",
        ),
    };
    let tx = conn.unchecked_transaction()?;
    transition(
        &tx,
        id,
        &[Status::Matched, Status::Connected],
        Status::New,
        Some(detail),
        now,
    )?;
    let ended = tx.execute(
        "UPDATE matches SET outcome = ?2, ended_at = ?3 WHERE request_id = ?1 AND outcome = 'active'",
        params![id, outcome, stamp(now)],
    )?;
    if ended == 0 {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!("request #{id} has no supporter to release"),
        ));
    }
    // The times to match and to first contact stay those of the first match: they measure the
    // program's reply, which a rematch does not undo. Check-ins wait for the new supporter.
    tx.execute(
        "DELETE FROM follow_ups WHERE request_id = ?1 AND done_at IS NULL",
        [id],
    )?;
    tx.commit()?;
    Ok(())
}
