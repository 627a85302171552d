//! The outreach log as it is read: the rows the Outreach screen lists and filters, the latest
//! for the dashboard, and the ones of one request for its page. Writing a contact is
//! `outreach`'s; this module only reads, so a request's page can show its contacts without
//! the request knowing how one is logged.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields::parse_date;
use crate::store::rows::{split_list, sql_limit};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutreachRow {
    pub id: i64,
    pub occurred_on: String,
    pub kind: String,
    pub mode: String,
    pub referred_by: String,
    pub department: Option<String>,
    pub role: Option<String>,
    pub supporter_id: Option<i64>,
    pub supporter: Option<String>,
    pub issue_types: Vec<String>,
    pub resources: Vec<String>,
    pub request_id: Option<i64>,
    pub edited: bool,
}

/// Which outreaches the log shows. Every field narrows; none set shows the latest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OutreachFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub kind: Option<String>,
    pub mode: Option<String>,
    pub supporter_id: Option<i64>,
    pub issue_type: Option<String>,
    pub department: Option<String>,
    pub request_id: Option<i64>,
    /// At most this many, newest first (0: no limit).
    pub limit: u32,
}

pub fn list(conn: &Connection, filter: &OutreachFilter) -> Result<Vec<OutreachRow>> {
    let date = |text: &Option<String>, what: &str| -> Result<Option<String>> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => parse_date(t)
                .map(|d| Some(d.to_string()))
                .map_err(|e| CoreError::invalid(what, Problem::Format, format!("{what}: {e}"))),
        }
    };
    let from = date(&filter.from, "from")?;
    let to = date(&filter.to, "to")?;
    let blank = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let mut statement = conn.prepare_cached(
        "SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, d.value, r.value, x.supporter_id, s.name,
                (SELECT group_concat(e.value, '|') FROM outreach_issue_types t
                   JOIN picklist_entries e ON e.id = t.entry_id WHERE t.outreach_id = x.id),
                (SELECT group_concat(e.value, '|') FROM outreach_resources t
                   JOIN picklist_entries e ON e.id = t.entry_id WHERE t.outreach_id = x.id),
                x.request_id,
                EXISTS (SELECT 1 FROM outreach_revisions v WHERE v.outreach_id = x.id)
         FROM outreaches x
         LEFT JOIN picklist_entries d ON d.id = x.department_id
         LEFT JOIN picklist_entries r ON r.id = x.role_id
         LEFT JOIN supporters s ON s.id = x.supporter_id
         WHERE (:from IS NULL OR x.occurred_on >= :from)
           AND (:to IS NULL OR x.occurred_on <= :to)
           AND (:kind IS NULL OR x.kind = :kind)
           AND (:mode IS NULL OR x.mode = :mode)
           AND (:supporter IS NULL OR x.supporter_id = :supporter)
           AND (:request IS NULL OR x.request_id = :request)
           AND (:department IS NULL OR d.value = :department COLLATE NOCASE)
           AND (:issue IS NULL OR EXISTS (SELECT 1 FROM outreach_issue_types t JOIN picklist_entries e ON e.id = t.entry_id
                                          WHERE t.outreach_id = x.id AND e.value = :issue COLLATE NOCASE))
         ORDER BY x.occurred_on DESC, x.id DESC
         LIMIT :limit",
    )?;
    let limit = sql_limit(filter.limit);
    let rows = statement.query_map(
        rusqlite::named_params! {
            ":from": from,
            ":to": to,
            ":kind": blank(&filter.kind),
            ":mode": blank(&filter.mode),
            ":supporter": filter.supporter_id,
            ":request": filter.request_id,
            ":department": blank(&filter.department),
            ":issue": blank(&filter.issue_type),
            ":limit": limit,
        },
        |r| {
            Ok(OutreachRow {
                id: r.get(0)?,
                occurred_on: r.get(1)?,
                kind: r.get(2)?,
                mode: r.get(3)?,
                referred_by: r.get(4)?,
                department: r.get(5)?,
                role: r.get(6)?,
                supporter_id: r.get(7)?,
                supporter: r.get(8)?,
                issue_types: split_list(r.get(9)?),
                resources: split_list(r.get(10)?),
                request_id: r.get(11)?,
                edited: r.get(12)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The most recent outreaches first, at most `limit`.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<OutreachRow>> {
    list(
        conn,
        &OutreachFilter {
            limit,
            ..OutreachFilter::default()
        },
    )
}

/// The outreaches logged for one request, oldest first.
pub fn of_request(conn: &Connection, request: i64) -> Result<Vec<OutreachRow>> {
    let mut rows = list(
        conn,
        &OutreachFilter {
            request_id: Some(request),
            ..OutreachFilter::default()
        },
    )?;
    rows.reverse();
    Ok(rows)
}
