//! Requests for support and their life cycle:
//! new → matched → connected → follow-up → closed, or declined / withdrawn.
//!
//! Every change of status is a row of the request's history (`request_events`). The first
//! contact is due on the Nth business day after the day of receipt (N = the reply target).
//! The requester's name and contact are the only identifying data in the store; lists never
//! show them and `retention` erases them after closure.

pub mod due;
pub mod import;
mod lifecycle;
mod page;

pub use lifecycle::{end, rematch, reopen, Ending, Release};
pub use page::{
    detail, list, recent, Event, FollowUp, MatchRecord, RequestDetail, RequestFilter, RequestRow,
};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::stamp;
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{clean_text, parse_date_time, shorten};
use crate::program;
use crate::program::calendar;
use crate::program::organizations;
use crate::program::outreach_choices::{self, ChoiceList};
use crate::program::picklists::{self, List};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    Matched,
    Connected,
    FollowUp,
    Closed,
    Declined,
    Withdrawn,
}

impl Status {
    /// Every status, in the order a request lives through them.
    pub const ALL: [Status; 7] = [
        Status::New,
        Status::Matched,
        Status::Connected,
        Status::FollowUp,
        Status::Closed,
        Status::Declined,
        Status::Withdrawn,
    ];
    /// Their names, as filters and the command line take them.
    pub const NAMES: [&'static str; 7] = [
        "new",
        "matched",
        "connected",
        "follow-up",
        "closed",
        "declined",
        "withdrawn",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Matched => "matched",
            Status::Connected => "connected",
            Status::FollowUp => "follow-up",
            Status::Closed => "closed",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still in the program's hands (not closed, declined or withdrawn).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::New | Status::Matched | Status::Connected | Status::FollowUp
        )
    }
}

/// The intake form as typed (window) or given as flags (command line): text, checked by `check`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RequestForm {
    /// Empty means now.
    pub received_at: String,
    pub channel: String,
    pub requester_name: String,
    pub requester_contact: String,
    pub preferred_mode: String,
    pub role: String,
    pub department: String,
    pub organization: String,
    pub referred_by: String,
    pub issue_types: Vec<String>,
    pub note: String,
    pub language: String,
    pub specialty: String,
    pub years_in_role: String,
    /// Where the request came from: the source code of the flyer batch whose QR link the
    /// requester followed (the web form keeps it), or any short code; empty: not known.
    pub source: String,
}

/// A request that passed every check: ids, codes and the due date.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    pub received_at: NaiveDateTime,
    pub channel_id: Option<i64>,
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub preferred_mode: Option<String>,
    pub role_id: i64,
    pub department_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub referred_by: Option<String>,
    pub issue_type_ids: Vec<i64>,
    pub note: Option<String>,
    pub language_id: Option<i64>,
    pub specialty: Option<String>,
    pub years_in_role: Option<i64>,
    pub source: Option<String>,
    pub due_on: NaiveDate,
}

/// The longest note kept: a reason in a sentence or two, never a case file.
const NOTE_LIMIT: usize = 500;

/// The longest source code kept.
const SOURCE_LIMIT: usize = 60;

/// Checks the form by the program's rules; every problem is reported beside its field.
pub fn check(conn: &Connection, form: &RequestForm, now: NaiveDateTime) -> Result<NewRequest> {
    let mut errors = FieldErrors::default();
    let received_at = if form.received_at.trim().is_empty() {
        Some(now)
    } else {
        match parse_date_time(&form.received_at) {
            Ok(at) if at > now + chrono::Duration::minutes(5) => {
                errors.add(
                    "received_at",
                    Problem::OutOfRange,
                    "the request cannot arrive in the future",
                );
                None
            }
            Ok(at) => Some(at),
            Err(message) => {
                errors.add("received_at", Problem::Format, message);
                None
            }
        }
    };
    let mut entry = |list: List, field: &str, text: &str, required: bool| -> Result<Option<i64>> {
        if text.trim().is_empty() {
            if required {
                errors.add(
                    field,
                    Problem::Required,
                    format!("choose the requester's {}", list.noun()),
                );
            }
            return Ok(None);
        }
        Ok(match picklists::choose(conn, list, text)? {
            Ok(id) => Some(id),
            Err((code, message)) => {
                errors.add(field, code, message);
                None
            }
        })
    };
    let channel_id = entry(List::Channels, "channel", &form.channel, false)?;
    let role_id = entry(List::Roles, "role", &form.role, true)?;
    let department_id = entry(List::Departments, "department", &form.department, false)?;
    let language_id = entry(List::Languages, "language", &form.language, false)?;
    let mut issue_type_ids = Vec::new();
    for issue in form.issue_types.iter().filter(|i| !i.trim().is_empty()) {
        if let Some(id) = entry(List::IssueTypes, "issue_types", issue, false)? {
            if !issue_type_ids.contains(&id) {
                issue_type_ids.push(id);
            }
        }
    }
    let organization_id = match form.organization.trim() {
        "" => None,
        text => match organizations::find(conn, text)? {
            Some(id) => Some(id),
            None => {
                errors.add(
                    "organization",
                    Problem::Unknown,
                    format!(
                        "there is no organization \"{}\" (Settings → Organizations)",
                        shorten(text)
                    ),
                );
                None
            }
        },
    };
    let mut choice = |list: ChoiceList, field: &str, text: &str| -> Result<Option<String>> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        Ok(match outreach_choices::resolve(conn, list, text, None)? {
            Ok(code) => Some(code),
            Err((code, message)) => {
                errors.add(field, code, message);
                None
            }
        })
    };
    let preferred_mode = choice(ChoiceList::Modes, "preferred_mode", &form.preferred_mode)?;
    let referred_by = choice(
        ChoiceList::ReferralSources,
        "referred_by",
        &form.referred_by,
    )?;
    let years_in_role = match form.years_in_role.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(years) if (0..=70).contains(&years) => Some(years),
            parsed => {
                let code = if parsed.is_ok() {
                    Problem::OutOfRange
                } else {
                    Problem::Format
                };
                errors.add(
                    "years_in_role",
                    code,
                    "years in role is a whole number from 0 to 70",
                );
                None
            }
        },
    };
    let note = clean_text(&form.note);
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > NOTE_LIMIT)
    {
        errors.add(
            "note",
            Problem::TooLong,
            format!(
                "keep the note short: at most {NOTE_LIMIT} characters, the reason in a sentence"
            ),
        );
    }
    let source = clean_text(&form.source);
    if source
        .as_ref()
        .is_some_and(|s| s.chars().count() > SOURCE_LIMIT)
    {
        errors.add(
            "source",
            Problem::TooLong,
            format!("a source code has at most {SOURCE_LIMIT} characters (like icu-2026-12)"),
        );
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    let (Some(received_at), Some(role_id)) = (received_at, role_id) else {
        return Err(CoreError::refused(
            Problem::Required,
            "the request is incomplete",
        ));
    };
    let program = program::load(conn)?;
    let holidays = calendar::holiday_dates(conn)?;
    Ok(NewRequest {
        received_at,
        channel_id,
        requester_name: clean_text(&form.requester_name),
        requester_contact: clean_text(&form.requester_contact),
        preferred_mode,
        role_id,
        department_id,
        organization_id,
        referred_by,
        issue_type_ids,
        note,
        language_id,
        specialty: clean_text(&form.specialty),
        years_in_role,
        source,
        due_on: calendar::add_business_days(
            received_at.date(),
            program.reply_target_days,
            &holidays,
        ),
    })
}

/// Takes a request in: checks it, writes it with its first history line, returns its number.
pub fn add(conn: &Connection, form: &RequestForm, now: NaiveDateTime) -> Result<i64> {
    let request = check(conn, form, now)?;
    let tx = conn.unchecked_transaction()?;
    let id = insert(&tx, &request, "taken in")?;
    tx.commit()?;
    Ok(id)
}

pub(crate) fn insert(tx: &Transaction<'_>, request: &NewRequest, detail: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO requests (received_at, channel_id, requester_name, requester_contact, preferred_mode,
            role_id, department_id, organization_id, referred_by, note, status, due_on, language_id,
            specialty, years_in_role, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'new', ?11, ?12, ?13, ?14, ?15)",
        params![
            stamp(request.received_at),
            request.channel_id,
            request.requester_name,
            request.requester_contact,
            request.preferred_mode,
            request.role_id,
            request.department_id,
            request.organization_id,
            request.referred_by,
            request.note,
            request.due_on.to_string(),
            request.language_id,
            request.specialty,
            request.years_in_role,
            request.source,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for issue in &request.issue_type_ids {
        tx.execute(
            "INSERT INTO request_issue_types (request_id, entry_id) VALUES (?1, ?2)",
            params![id, issue],
        )?;
    }
    tx.execute(
        "INSERT INTO request_events (request_id, at, from_status, to_status, detail) VALUES (?1, ?2, NULL, 'new', ?3)",
        params![id, stamp(request.received_at), detail],
    )?;
    Ok(id)
}

/// "there is no request #N", about `field`: `id` when the request is the one acted on,
/// `request_id` when a form names it.
pub(crate) fn not_found(field: &str, id: i64) -> CoreError {
    CoreError::invalid(
        field,
        Problem::Unknown,
        format!("there is no request #{id}"),
    )
}

/// A request's status, or "there is no request #N".
pub fn status_of(conn: &Connection, id: i64) -> Result<Status> {
    status_for(conn, id, "id")
}

/// [`status_of`], with "there is no request #N" about `field` (a form's `request_id`).
pub(crate) fn status_for(conn: &Connection, id: i64, field: &str) -> Result<Status> {
    let status: String = conn
        .prepare_cached("SELECT status FROM requests WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(field, id))?;
    Status::parse(&status).ok_or_else(|| {
        CoreError::refused(
            Problem::Unknown,
            format!("request #{id} has an unknown status"),
        )
    })
}

/// Moves a request from `from` (checked) to `to`, with a line in its history.
pub(crate) fn transition(
    tx: &Transaction<'_>,
    id: i64,
    allowed_from: &[Status],
    to: Status,
    detail: Option<&str>,
    now: NaiveDateTime,
) -> Result<Status> {
    let from = status_of(tx, id)?;
    if !allowed_from.contains(&from) {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "request #{id} is {}, so it cannot become {}",
                from.as_str(),
                to.as_str()
            ),
        ));
    }
    tx.execute(
        "UPDATE requests SET status = ?2 WHERE id = ?1",
        params![id, to.as_str()],
    )?;
    tx.execute(
        "INSERT INTO request_events (request_id, at, from_status, to_status, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, stamp(now), from.as_str(), to.as_str(), detail],
    )?;
    Ok(from)
}

#[cfg(test)]
mod tests;
