//! Reading requests: the Requests list (never a requester's name) and a request's whole page
//! with its history, matches, follow-ups and outreaches (the only place the name shows).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::*;
use crate::clock::{self};
use crate::daily::outreach_log::{self, OutreachRow};
use crate::error::{CoreError, Problem, Result};
use crate::fields::shorten;
use crate::store::rows::{split_list, sql_limit};

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
    /// Where the request came from (a flyer batch's source code), when known.
    pub source: Option<String>,
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
                    q.first_contact_at, q.closed_at, q.source
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
                source: r.get(22)?,
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
