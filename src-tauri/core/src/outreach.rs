//! The outreach log: one entry per contact, as the program's outreach template has it.
//! There is no name of the person supported anywhere in it, by design.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutreachRow {
    pub id: i64,
    pub occurred_on: String,
    pub kind: String,
    pub mode: String,
    pub referred_by: String,
    pub department: Option<String>,
    pub role: Option<String>,
    pub supporter: Option<String>,
    pub issue_types: Vec<String>,
}

/// The most recent outreaches first, at most `limit`.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<OutreachRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, d.value, r.value, s.name,
                (SELECT group_concat(e.value, '|') FROM outreach_issue_types t
                   JOIN picklist_entries e ON e.id = t.entry_id WHERE t.outreach_id = x.id)
         FROM outreaches x
         LEFT JOIN picklist_entries d ON d.id = x.department_id
         LEFT JOIN picklist_entries r ON r.id = x.role_id
         LEFT JOIN supporters s ON s.id = x.supporter_id
         ORDER BY x.occurred_on DESC, x.id DESC
         LIMIT ?1",
    )?;
    let rows = statement.query_map(params![limit], |r| {
        let issues: Option<String> = r.get(8)?;
        Ok(OutreachRow {
            id: r.get(0)?,
            occurred_on: r.get(1)?,
            kind: r.get(2)?,
            mode: r.get(3)?,
            referred_by: r.get(4)?,
            department: r.get(5)?,
            role: r.get(6)?,
            supporter: r.get(7)?,
            issue_types: issues
                .map(|i| i.split('|').map(str::to_string).collect())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
