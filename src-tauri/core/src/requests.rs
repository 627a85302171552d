//! Requests for support and their life cycle.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;

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
}

/// The most recent requests first, at most `limit`.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<RequestRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT q.id, q.received_at, q.status, q.due_on, r.value, d.value, o.name, m.supporter_id, s.name
         FROM requests q
         LEFT JOIN picklist_entries r ON r.id = q.role_id
         LEFT JOIN picklist_entries d ON d.id = q.department_id
         LEFT JOIN organizations o ON o.id = q.organization_id
         LEFT JOIN matches m ON m.request_id = q.id AND m.outcome IN ('active', 'completed')
         LEFT JOIN supporters s ON s.id = m.supporter_id
         ORDER BY q.received_at DESC, q.id DESC
         LIMIT ?1",
    )?;
    let rows = statement.query_map(params![limit], |r| {
        Ok(RequestRow {
            id: r.get(0)?,
            received_at: r.get(1)?,
            status: r.get(2)?,
            due_on: r.get(3)?,
            role: r.get(4)?,
            department: r.get(5)?,
            organization: r.get(6)?,
            supporter_id: r.get(7)?,
            supporter: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
