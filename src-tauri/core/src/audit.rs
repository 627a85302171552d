//! The audit log: who did what and when, never the content (no names, no exported rows).

use rusqlite::{params, Connection};

use crate::error::Result;

/// Appends one line to the audit log. `detail` must never carry a name or free text.
pub fn record(conn: &Connection, actor: &str, action: &str, detail: Option<&str>) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![crate::clock::now_utc(), actor, action, detail],
    )?;
    Ok(())
}
