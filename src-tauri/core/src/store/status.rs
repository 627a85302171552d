//! What `peerdesk status` prints about the open store, the row counts of every table that
//! backups also record and check, and the SQLCipher version PeerDesk is built with.

use std::path::PathBuf;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::store::{migrations, Store};

const COUNTED_TABLES: &[&str] = &[
    "organizations",
    "supporters",
    "trainings",
    "meetings",
    "requests",
    "matches",
    "follow_ups",
    "outreaches",
    "message_templates",
    "audit_log",
];

/// The row count of every table `status` and backups report, in a fixed order.
pub(crate) fn count_rows(conn: &Connection) -> Result<Vec<TableCount>> {
    COUNTED_TABLES
        .iter()
        .map(|table| {
            // The table names are this module's own constants, never input.
            let rows: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(TableCount {
                table: (*table).to_string(),
                rows,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCount {
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub key_file: PathBuf,
    pub database_bytes: u64,
    pub schema_version: u32,
    pub sqlcipher_version: String,
    pub unlocked_by: String,
    pub counts: Vec<TableCount>,
}

/// The SQLCipher version PeerDesk is built with, asked of an empty in-memory database: no
/// store needs to be open or even exist, so the About screen can say it before setup or
/// unlock. (SQLCipher is compiled in, so every store this program opens has this version.)
pub fn sqlcipher_version() -> Result<String> {
    cipher_version(&Connection::open_in_memory()?)
}

fn cipher_version(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
}

impl Store {
    /// What `peerdesk status` prints: where, which versions, how unlocked, how many rows.
    /// Never a name, never a key.
    pub fn status(&self) -> Result<StatusReport> {
        let sqlcipher_version = cipher_version(&self.conn)?;
        let database = self.dir.database();
        let database_bytes = std::fs::metadata(&database).map(|m| m.len()).unwrap_or(0);
        Ok(StatusReport {
            data_dir: self.dir.root().to_path_buf(),
            database,
            key_file: self.dir.key_file(),
            database_bytes,
            schema_version: migrations::schema_version(&self.conn)?,
            sqlcipher_version,
            unlocked_by: self.unlocked_by.to_string(),
            counts: count_rows(&self.conn)?,
        })
    }
}
