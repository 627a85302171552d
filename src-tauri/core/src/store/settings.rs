//! The program's settings: one key, one text value. Each reader states its default, so a
//! store that never saw a setting behaves as a new one.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// A whole-number setting, or `default` when it is missing or not a number.
pub fn get_u32(conn: &Connection, key: &str, default: u32) -> Result<u32> {
    Ok(get(conn, key)?
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default))
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Months without a "support the supporters" meeting before a supporter is flagged.
pub fn meeting_interval_months(conn: &Connection) -> Result<u32> {
    get_u32(conn, "meeting_interval_months", 6)
}
