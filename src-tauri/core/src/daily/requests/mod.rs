//! Requests for support and their life cycle:
//! new → matched → connected → follow-up → closed, or declined / withdrawn.
//!
//! Every change of status is a row of the request's history (`request_events`). The first
//! contact is due on the Nth business day after the day of receipt (N = the reply target).
//! The requester's name and contact are the only identifying data in the store; lists never
//! show them and `retention` erases them after closure.

pub mod due;
pub mod import;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::{self, stamp};
use crate::daily::outreach_log::{self, OutreachRow};
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{clean_text, parse_date_time, shorten};
use crate::program;
use crate::program::calendar;
use crate::program::organizations;
use crate::program::outreach_choices::{self, ChoiceList};
use crate::program::picklists::{self, List};
use crate::store::rows::{split_list, sql_limit};

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
    pub due_on: NaiveDate,
}

/// The longest note kept: a reason in a sentence or two, never a case file.
const NOTE_LIMIT: usize = 500;

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
            specialty, years_in_role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'new', ?11, ?12, ?13, ?14)",
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

/// One request in a list: no requester name or contact, which only its own page shows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub received_at: String,
    pub status: String,
    pub due_on: String,
    pub role: Option<String>,
    pub department: Option<String>,
    pub organization: Option<String>,
    pub supporter_id: Option<i64>,
    pub supporter: Option<String>,
    pub issue_types: Vec<String>,
    /// Days past the due date while no first contact happened; `None` when not late.
    pub days_late: Option<i64>,
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only open requests (new, matched, connected, follow-up).
    pub open: bool,
    /// Only new or matched requests past their due date.
    pub overdue: bool,
    /// At most this many, newest first (0: no limit).
    pub limit: u32,
}

/// Requests, newest first, as `filter` asks.
pub fn list(
    conn: &Connection,
    filter: &RequestFilter,
    today: NaiveDate,
) -> Result<Vec<RequestRow>> {
    if let Some(status) = &filter.status {
        if Status::parse(status).is_none() {
            return Err(CoreError::invalid(
                "status",
                Problem::Unknown,
                format!(
                    "\"{}\" is not a status: new, matched, connected, follow-up, closed, declined or withdrawn",
                    shorten(status)
                ),
            ));
        }
    }
    let mut statement = conn.prepare_cached(concat!(
        "SELECT q.id, q.received_at, q.status, q.due_on, r.value, d.value, o.name, m.supporter_id, s.name,
                (SELECT group_concat(e.value, '|') FROM request_issue_types t
                   JOIN picklist_entries e ON e.id = t.entry_id WHERE t.request_id = q.id),
                q.first_contact_at IS NOT NULL
         FROM requests q
         LEFT JOIN picklist_entries r ON r.id = q.role_id
         LEFT JOIN picklist_entries d ON d.id = q.department_id
         LEFT JOIN organizations o ON o.id = q.organization_id
         LEFT JOIN matches m ON m.id = (SELECT max(id) FROM matches WHERE request_id = q.id AND outcome IN ('active', 'completed'))
         LEFT JOIN supporters s ON s.id = m.supporter_id
         WHERE (:status IS NULL OR q.status = :status)
           AND (NOT :open OR ",
        due::request_open!(),
        ")
           AND (NOT :overdue OR ",
        due::first_contact_late!(),
        ")
         ORDER BY q.received_at DESC, q.id DESC
         LIMIT :limit",
    ))?;
    let limit = sql_limit(filter.limit);
    let rows = statement.query_map(
        rusqlite::named_params! {
            ":status": filter.status,
            ":open": filter.open,
            ":overdue": filter.overdue,
            ":today": today.to_string(),
            ":limit": limit,
        },
        |r| {
            let status: String = r.get(2)?;
            let due_on: String = r.get(3)?;
            let issues: Option<String> = r.get(9)?;
            Ok(RequestRow {
                id: r.get(0)?,
                received_at: r.get(1)?,
                days_late: due::days_late(&status, &due_on, r.get(10)?, today),
                status,
                due_on,
                role: r.get(4)?,
                department: r.get(5)?,
                organization: r.get(6)?,
                supporter_id: r.get(7)?,
                supporter: r.get(8)?,
                issue_types: split_list(issues),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The most recent requests first, at most `limit`.
pub fn recent(conn: &Connection, limit: u32, today: NaiveDate) -> Result<Vec<RequestRow>> {
    list(
        conn,
        &RequestFilter {
            limit,
            ..RequestFilter::default()
        },
        today,
    )
}

/// A request's whole page: the only place the requester's name and contact appear.
#[derive(Debug, Clone, Serialize)]
pub struct RequestDetail {
    pub id: i64,
    pub received_at: String,
    pub status: String,
    pub due_on: String,
    pub days_late: Option<i64>,
    pub channel: Option<String>,
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    /// The requester's details were erased after the retention period.
    pub purged_at: Option<String>,
    pub preferred_mode: Option<String>,
    pub role: Option<String>,
    pub role_family: Option<String>,
    pub department: Option<String>,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub referred_by: Option<String>,
    pub issue_types: Vec<String>,
    pub note: Option<String>,
    pub language: Option<String>,
    pub specialty: Option<String>,
    pub years_in_role: Option<i64>,
    pub matched_at: Option<String>,
    pub first_contact_at: Option<String>,
    pub closed_at: Option<String>,
    pub hours_to_match: Option<f64>,
    pub hours_to_first_contact: Option<f64>,
    /// The supporter of the active (or completed) match.
    pub supporter_id: Option<i64>,
    pub supporter: Option<String>,
    pub history: Vec<Event>,
    pub matches: Vec<MatchRecord>,
    pub follow_ups: Vec<FollowUp>,
    pub outreaches: Vec<OutreachRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub at: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MatchRecord {
    pub supporter_id: i64,
    pub supporter: String,
    pub matched_at: String,
    pub ended_at: Option<String>,
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FollowUp {
    pub id: i64,
    pub due_on: String,
    pub done_at: Option<String>,
}

pub fn detail(conn: &Connection, id: i64, today: NaiveDate) -> Result<RequestDetail> {
    let mut detail = conn
        .prepare_cached(
            "SELECT q.id, q.received_at, q.status, q.due_on, c.value, q.requester_name, q.requester_contact,
                    q.purged_at, q.preferred_mode, r.value, r.family, d.value, q.organization_id, o.name,
                    q.referred_by, q.note, l.value, q.specialty, q.years_in_role, q.matched_at,
                    q.first_contact_at, q.closed_at
             FROM requests q
             LEFT JOIN picklist_entries c ON c.id = q.channel_id
             LEFT JOIN picklist_entries r ON r.id = q.role_id
             LEFT JOIN picklist_entries d ON d.id = q.department_id
             LEFT JOIN picklist_entries l ON l.id = q.language_id
             LEFT JOIN organizations o ON o.id = q.organization_id
             WHERE q.id = ?1",
        )?
        .query_row([id], |r| {
            let received_at: String = r.get(1)?;
            let status: String = r.get(2)?;
            let due_on: String = r.get(3)?;
            let matched_at: Option<String> = r.get(19)?;
            let first_contact_at: Option<String> = r.get(20)?;
            Ok(RequestDetail {
                id: r.get(0)?,
                days_late: due::days_late(&status, &due_on, first_contact_at.is_some(), today),
                hours_to_match: hours_between(&received_at, matched_at.as_deref()),
                hours_to_first_contact: hours_between(&received_at, first_contact_at.as_deref()),
                received_at,
                status,
                due_on,
                channel: r.get(4)?,
                requester_name: r.get(5)?,
                requester_contact: r.get(6)?,
                purged_at: r.get(7)?,
                preferred_mode: r.get(8)?,
                role: r.get(9)?,
                role_family: r.get(10)?,
                department: r.get(11)?,
                organization_id: r.get(12)?,
                organization: r.get(13)?,
                referred_by: r.get(14)?,
                note: r.get(15)?,
                language: r.get(16)?,
                specialty: r.get(17)?,
                years_in_role: r.get(18)?,
                matched_at,
                first_contact_at,
                closed_at: r.get(21)?,
                supporter_id: None,
                supporter: None,
                history: Vec::new(),
                matches: Vec::new(),
                follow_ups: Vec::new(),
                outreaches: Vec::new(),
                issue_types: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| not_found("id", id))?;
    detail.issue_types = conn
        .prepare_cached(
            "SELECT e.value FROM request_issue_types t JOIN picklist_entries e ON e.id = t.entry_id
             WHERE t.request_id = ?1 ORDER BY e.position, e.value",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    detail.history = conn
        .prepare_cached(
            "SELECT at, from_status, to_status, detail FROM request_events WHERE request_id = ?1 ORDER BY at, id",
        )?
        .query_map([id], |r| {
            Ok(Event {
                at: r.get(0)?,
                from_status: r.get(1)?,
                to_status: r.get(2)?,
                detail: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    detail.matches = conn
        .prepare_cached(
            "SELECT m.supporter_id, s.name, m.matched_at, m.ended_at, m.outcome FROM matches m
             JOIN supporters s ON s.id = m.supporter_id WHERE m.request_id = ?1 ORDER BY m.matched_at, m.id",
        )?
        .query_map([id], |r| {
            Ok(MatchRecord {
                supporter_id: r.get(0)?,
                supporter: r.get(1)?,
                matched_at: r.get(2)?,
                ended_at: r.get(3)?,
                outcome: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(current) = detail
        .matches
        .iter()
        .rev()
        .find(|m| m.outcome == "active" || m.outcome == "completed")
    {
        detail.supporter_id = Some(current.supporter_id);
        detail.supporter = Some(current.supporter.clone());
    }
    detail.follow_ups = conn
        .prepare_cached(
            "SELECT id, due_on, done_at FROM follow_ups WHERE request_id = ?1 ORDER BY due_on, id",
        )?
        .query_map([id], |r| {
            Ok(FollowUp {
                id: r.get(0)?,
                due_on: r.get(1)?,
                done_at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    detail.outreaches = outreach_log::of_request(conn, id)?;
    Ok(detail)
}

fn hours_between(from: &str, to: Option<&str>) -> Option<f64> {
    let from = clock::parse_stamp(from)?;
    let to = clock::parse_stamp(to?)?;
    Some(((to - from).num_minutes() as f64 / 60.0 * 10.0).round() / 10.0)
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

#[cfg(test)]
mod tests;
