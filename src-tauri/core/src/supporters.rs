//! Peer supporters: the roster the coordinator keeps.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// One line of the roster.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub department: Option<String>,
    pub organization: String,
    pub status: String,
    pub paused_until: Option<String>,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub trained_on: Option<String>,
    pub last_meeting: Option<String>,
    pub consent_to_list: bool,
}

/// The whole roster, by name. Open cases are the supporter's active matches.
pub fn roster(conn: &Connection) -> Result<Vec<RosterRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.name, r.value, d.value, o.name, s.status, s.paused_until,
                (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active'),
                s.max_open_cases, s.trained_on,
                (SELECT max(mt.held_on) FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id
                  WHERE a.supporter_id = s.id),
                s.consent_to_list
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(RosterRow {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            department: r.get(3)?,
            organization: r.get(4)?,
            status: r.get(5)?,
            paused_until: r.get(6)?,
            open_cases: r.get(7)?,
            max_open_cases: r.get(8)?,
            trained_on: r.get(9)?,
            last_meeting: r.get(10)?,
            consent_to_list: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
