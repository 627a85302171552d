//! The outreach log: one entry per contact, as the program's outreach template has it.
//! There is no name of the person supported anywhere in it, by design: no field, no column.
//!
//! Logging the first (initial) outreach of a request connects it and schedules its follow-up
//! check-ins; a follow-up outreach ticks the next check-in off. An outreach can also stand
//! alone (an in-the-moment contact with no request). Edits keep what changed.
//!
//! The form's check is in `check`, editing a logged contact in `edit`, importing the
//! supporters' own reports (their web form's export) in `import`. This file holds the
//! form, logging a contact, and what it does to its request.

mod check;
mod edit;
pub mod import;

/// The supporter's rating of a contact: the program's fixed vocabulary, which reports read too.
pub use crate::program::outreach_choices::Outcome;
pub use edit::{form_of, revisions, update, Revision};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::{self, stamp};
use crate::daily::requests::{self, Status};
use crate::error::{CoreError, Problem, Result};
use crate::program;
use check::check;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Initial,
    FollowUp,
}

impl Kind {
    /// Their names, as the form and the command line take them.
    pub const NAMES: [&'static str; 2] = ["initial", "follow-up"];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::FollowUp => "follow-up",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "initial" => Some(Kind::Initial),
            "follow-up" | "follow up" | "followup" => Some(Kind::FollowUp),
            _ => None,
        }
    }
}

/// The outreach form (window) or flags (command line), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OutreachForm {
    pub occurred_on: String,
    pub kind: String,
    pub mode: String,
    pub referred_by: String,
    pub department: String,
    pub role: String,
    pub supporter_id: Option<i64>,
    pub issue_types: Vec<String>,
    pub resources: Vec<String>,
    pub comments: String,
    /// How the supporter rated the contact (optional): helpful, neutral, not-helpful,
    /// not-reached; empty: not rated.
    pub outcome: String,
    /// The request this contact belongs to; none for a stand-alone contact.
    pub request_id: Option<i64>,
}

struct Checked {
    occurred_on: NaiveDate,
    kind: Kind,
    mode: String,
    referred_by: String,
    department_id: i64,
    role_id: i64,
    supporter_id: i64,
    issue_type_ids: Vec<i64>,
    resource_ids: Vec<i64>,
    comments: Option<String>,
    outcome: Option<Outcome>,
}

/// Logs one contact; returns its id. With a request, moves the request along its life cycle.
pub fn add(conn: &Connection, form: &OutreachForm, now: NaiveDateTime) -> Result<i64> {
    let checked = check(conn, form, now.date(), None)?;
    let tx = conn.unchecked_transaction()?;
    if let Some(request) = form.request_id {
        advance_request(&tx, request, &checked, now)?;
    }
    let id = write(&tx, None, form.request_id, &checked)?;
    tx.commit()?;
    Ok(id)
}

/// Writes an outreach: a new one (`id` None) or over an existing one, with its lists.
fn write(
    tx: &Transaction<'_>,
    id: Option<i64>,
    request_id: Option<i64>,
    checked: &Checked,
) -> Result<i64> {
    let now = clock::now_utc();
    let id: i64 = tx.query_row(
        "INSERT INTO outreaches (id, request_id, occurred_on, kind, mode, referred_by, department_id, role_id,
            supporter_id, comments, created_at, updated_at, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET occurred_on = excluded.occurred_on, kind = excluded.kind,
            mode = excluded.mode, referred_by = excluded.referred_by, department_id = excluded.department_id,
            role_id = excluded.role_id, supporter_id = excluded.supporter_id, comments = excluded.comments,
            updated_at = excluded.updated_at, outcome = excluded.outcome
         RETURNING id",
        params![
            id,
            request_id,
            checked.occurred_on.to_string(),
            checked.kind.as_str(),
            checked.mode,
            checked.referred_by,
            checked.department_id,
            checked.role_id,
            checked.supporter_id,
            checked.comments,
            now,
            checked.outcome.map(Outcome::as_str),
        ],
        |r| r.get(0),
    )?;
    write_lists(tx, id, checked)?;
    Ok(id)
}

fn write_lists(tx: &Transaction<'_>, id: i64, checked: &Checked) -> Result<()> {
    tx.execute(
        "DELETE FROM outreach_issue_types WHERE outreach_id = ?1",
        [id],
    )?;
    tx.execute(
        "DELETE FROM outreach_resources WHERE outreach_id = ?1",
        [id],
    )?;
    for entry in &checked.issue_type_ids {
        tx.execute(
            "INSERT INTO outreach_issue_types (outreach_id, entry_id) VALUES (?1, ?2)",
            params![id, entry],
        )?;
    }
    for entry in &checked.resource_ids {
        tx.execute(
            "INSERT INTO outreach_resources (outreach_id, entry_id) VALUES (?1, ?2)",
            params![id, entry],
        )?;
    }
    Ok(())
}

/// The first contact connects a matched request and schedules its check-ins; a follow-up
/// contact ticks off the earliest check-in still open.
fn advance_request(
    tx: &Transaction<'_>,
    request: i64,
    outreach: &Checked,
    now: NaiveDateTime,
) -> Result<()> {
    let status = requests::status_for(tx, request, "request_id")?;
    match outreach.kind {
        Kind::Initial => {
            if status != Status::Matched {
                return Err(CoreError::refused(Problem::NotAllowed, match status {
                    Status::New => format!("request #{request} has no supporter yet: match it first, then log the first contact"),
                    _ => format!("request #{request} is {} and already had its first contact: log a follow-up instead", status.as_str()),
                }));
            }
            let matched: Option<(i64, String)> = tx
                .query_row(
                    "SELECT m.supporter_id, s.name FROM matches m JOIN supporters s ON s.id = m.supporter_id
                     WHERE m.request_id = ?1 AND m.outcome = 'active'",
                    [request],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((supporter, name)) = matched.filter(|(s, _)| *s != outreach.supporter_id) {
                return Err(CoreError::invalid(
                    "supporter_id",
                    Problem::NotAllowed,
                    format!(
                        "request #{request} is matched with {name} (#{supporter}): log the first contact under them, or rematch first"
                    ),
                ));
            }
            let received: String = tx.query_row(
                "SELECT received_at FROM requests WHERE id = ?1",
                [request],
                |r| r.get(0),
            )?;
            // A contact logged the same day happened just now; one logged later for an
            // earlier day is placed at noon of that day, never before the request arrived.
            let contact_at = if outreach.occurred_on == now.date() {
                now
            } else {
                outreach
                    .occurred_on
                    .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN))
            };
            let contact_at =
                clock::parse_stamp(&received).map_or(contact_at, |r| contact_at.max(r));
            requests::transition(
                tx,
                request,
                &[Status::Matched],
                Status::Connected,
                Some("first contact logged"),
                now,
            )?;
            tx.execute(
                "UPDATE requests SET first_contact_at = coalesce(first_contact_at, ?2) WHERE id = ?1",
                params![request, stamp(contact_at)],
            )?;
            tx.execute(
                "DELETE FROM follow_ups WHERE request_id = ?1 AND done_at IS NULL",
                [request],
            )?;
            for days in program::load(tx)?.follow_up_days {
                tx.execute(
                    "INSERT INTO follow_ups (request_id, due_on) VALUES (?1, ?2)",
                    params![
                        request,
                        (outreach.occurred_on + chrono::Duration::days(i64::from(days)))
                            .to_string()
                    ],
                )?;
            }
        }
        Kind::FollowUp => {
            if !matches!(status, Status::Connected | Status::FollowUp) {
                return Err(CoreError::refused(
                    Problem::NotAllowed,
                    format!(
                        "request #{request} is {}: a follow-up comes after the first contact",
                        status.as_str()
                    ),
                ));
            }
            tx.execute(
                "UPDATE follow_ups SET done_at = ?2 WHERE id = (
                    SELECT id FROM follow_ups WHERE request_id = ?1 AND done_at IS NULL ORDER BY due_on, id LIMIT 1)",
                params![request, stamp(now)],
            )?;
            if status == Status::Connected {
                requests::transition(
                    tx,
                    request,
                    &[Status::Connected],
                    Status::FollowUp,
                    Some("follow-up logged"),
                    now,
                )?;
            }
        }
    }
    Ok(())
}

/// The form to fill: an existing outreach (`id`), one for a request, or a blank stand-alone
/// contact dated today.
pub fn form(
    conn: &Connection,
    id: Option<i64>,
    request: Option<i64>,
    today: NaiveDate,
) -> Result<OutreachForm> {
    match (id, request) {
        (Some(id), _) => form_of(conn, id),
        (None, Some(request)) => form_for_request(conn, request, today),
        (None, None) => Ok(OutreachForm {
            occurred_on: today.to_string(),
            kind: Kind::Initial.as_str().into(),
            ..OutreachForm::default()
        }),
    }
}

/// A form pre-filled for logging a contact on `request`: its supporter, role, department and
/// referral; initial when it is matched, follow-up after that.
pub fn form_for_request(conn: &Connection, request: i64, today: NaiveDate) -> Result<OutreachForm> {
    let detail = requests::detail(conn, request, today)?;
    let kind = if detail.status == Status::Matched.as_str() {
        Kind::Initial
    } else {
        Kind::FollowUp
    };
    Ok(OutreachForm {
        occurred_on: today.to_string(),
        kind: kind.as_str().into(),
        mode: detail.preferred_mode.unwrap_or_default(),
        referred_by: detail.referred_by.unwrap_or_default(),
        department: detail.department.unwrap_or_default(),
        role: detail.role.unwrap_or_default(),
        supporter_id: detail.supporter_id,
        issue_types: detail.issue_types,
        resources: Vec::new(),
        comments: String::new(),
        outcome: String::new(),
        request_id: Some(request),
    })
}
