//! The audit log: who did what and when, never the content (no names, no exported rows).
//!
//! Tamper-evident: each entry carries `hash`, a SHA-256 over the previous entry's hash and
//! its own fields, and `prev_hash`, the previous entry's hash (empty for the first). An
//! entry changed, removed or slipped in breaks the chain at that point, which `verify`
//! finds. What a chain cannot show on its own is the newest entries cut off from the end:
//! `verify` prints the head's hash, which a careful office notes down elsewhere.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

/// Appends one line to the audit log. `detail` must never carry a name or free text.
/// Entries written on the reporting store are reporting staff's, whoever the caller says.
///
/// Reading the last entry and appending the next is one write transaction (taken at once
/// when the caller has none), so the window and a command line never both append after the
/// same entry.
pub fn record(conn: &Connection, actor: &str, action: &str, detail: Option<&str>) -> Result<()> {
    if conn.is_autocommit() {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let appended = append(conn, actor, action, detail);
        conn.execute_batch(if appended.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        })?;
        return appended;
    }
    append(conn, actor, action, detail)
}

fn append(conn: &Connection, actor: &str, action: &str, detail: Option<&str>) -> Result<()> {
    let actor = if is_reporting_store(conn)? {
        "reporting"
    } else {
        actor
    };
    let (last_id, prev_hash): (i64, String) = conn
        .query_row(
            "SELECT id, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, String::new()));
    let entry = Entry {
        id: last_id + 1,
        at: crate::clock::now_utc(),
        actor: actor.to_string(),
        action: action.to_string(),
        detail: detail.map(str::to_string),
    };
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.detail,
            prev_hash,
            entry.hash(&prev_hash)
        ],
    )?;
    Ok(())
}

/// One entry as it is listed and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    /// When, in UTC (RFC 3339).
    pub at: String,
    /// Who: `coordinator`, `reporting` (staff with the reporting passphrase), `setup`,
    /// `retention`, `automatic` (the window's own timers).
    pub actor: String,
    pub action: String,
    /// Counts and kinds; never a name or a document's content.
    pub detail: Option<String>,
}

impl Entry {
    /// An entry from a row that selects `id, at, actor, action, detail` first.
    pub fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
        Ok(Entry {
            id: row.get(0)?,
            at: row.get(1)?,
            actor: row.get(2)?,
            action: row.get(3)?,
            detail: row.get(4)?,
        })
    }

    /// The entry's hash: its fields, each length-prefixed so that no two different entries
    /// read the same, after the previous entry's hash.
    fn hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(prev_hash.as_bytes());
        field(self.id.to_string().as_bytes());
        field(self.at.as_bytes());
        field(self.actor.as_bytes());
        field(self.action.as_bytes());
        match &self.detail {
            None => field(b"\x00none"),
            Some(detail) => field(format!("\x01{detail}").as_bytes()),
        }
        hex::encode(hasher.finalize())
    }
}

/// Which entries to list. Dates are inclusive days of the workstation's calendar (entries
/// are kept in UTC; a day here is local midnight to midnight, as the window shows them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub action: Option<String>,
}

/// The moment a local day begins, as the log writes moments (RFC 3339, UTC).
fn start_of_local_day(day: NaiveDate) -> String {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    chrono::Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| midnight.and_utc())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The entries a filter selects, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    let mut statement = conn.prepare(
        "SELECT id, at, actor, action, detail FROM audit_log
         WHERE (?1 IS NULL OR at >= ?1)
           AND (?2 IS NULL OR at < ?2)
           AND (?3 IS NULL OR action = ?3)
         ORDER BY id DESC",
    )?;
    let rows = statement.query_map(
        params![
            filter.since.map(start_of_local_day),
            filter
                .until
                .and_then(|d| d.succ_opt())
                .map(start_of_local_day),
            filter.action.as_deref().filter(|a| !a.is_empty()),
        ],
        Entry::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The actions the log holds, for a filter's choices.
pub fn actions(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT DISTINCT action FROM audit_log ORDER BY action")?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: usize,
    /// The newest entry's hash: noted elsewhere, it shows the end was not cut off.
    pub head: Option<String>,
    pub broken: Option<Broken>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broken {
    /// The first entry that does not fit the chain.
    pub id: i64,
    pub reason: String,
}

/// Walks the chain from the first entry; stops at the first that does not fit.
pub fn verify(conn: &Connection) -> Result<Verification> {
    verify_in(conn, "main")
}

/// `verify` for the log of an attached database (`schema` is a constant of the caller's,
/// never input): the reporting store's, before its entries are copied.
pub(crate) fn verify_in(conn: &Connection, schema: &'static str) -> Result<Verification> {
    let mut statement = conn.prepare(&format!(
        "SELECT id, at, actor, action, detail, prev_hash, hash FROM {schema}.audit_log ORDER BY id"
    ))?;
    let mut rows = statement.query([])?;
    let mut previous = String::new();
    let mut entries = 0;
    while let Some(row) = rows.next()? {
        let entry = Entry::from_row(row)?;
        let prev_hash: Option<String> = row.get(5)?;
        let hash: Option<String> = row.get(6)?;
        let broken = |reason: &str| Broken {
            id: entry.id,
            reason: reason.to_string(),
        };
        let problem = if prev_hash.as_deref() != Some(previous.as_str()) {
            Some(broken(if entries == 0 {
                "the log does not start here: entries before it were removed"
            } else {
                "the entry before it was removed or changed"
            }))
        } else if hash.as_deref() != Some(entry.hash(&previous).as_str()) {
            Some(broken("this entry was changed after it was written"))
        } else {
            None
        };
        if problem.is_some() {
            return Ok(Verification {
                entries,
                head: None,
                broken: problem,
            });
        }
        previous = hash.unwrap_or_default();
        entries += 1;
    }
    Ok(Verification {
        entries,
        head: (entries > 0).then_some(previous),
        broken: None,
    })
}

/// The entry whose hash is `hash` (one noted down earlier), if the log still holds it: the
/// chain shows changes before it; this shows that nothing up to it was cut off.
pub fn entry_with_hash(conn: &Connection, hash: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM audit_log WHERE hash = ?1",
            [hash.trim().to_ascii_lowercase()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Chains the entries written before the log was a chain, as they stand (migration 6).
pub(crate) fn chain_existing(conn: &Connection) -> Result<()> {
    let entries = {
        let mut statement =
            conn.prepare("SELECT id, at, actor, action, detail FROM audit_log ORDER BY id")?;
        let rows = statement.query_map([], Entry::from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut previous = String::new();
    for entry in entries {
        let hash = entry.hash(&previous);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            params![entry.id, previous, hash],
        )?;
        previous = hash;
    }
    Ok(())
}

/// The entries as CSV for the office: every cell made inert for spreadsheets.
pub fn to_csv(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, cells: [&str; 5]| {
        writer.write_record(
            cells
                .iter()
                .map(|c| crate::files::output::inert(c).into_owned()),
        )
    };
    // Made in memory: a failure is the shape of what was written, not a file's.
    let failed = |e: csv::Error| CoreError::Internal(format!("the CSV could not be made: {e}"));
    write(&mut writer, ["id", "at (UTC)", "actor", "action", "detail"]).map_err(failed)?;
    for entry in entries {
        write(
            &mut writer,
            [
                &entry.id.to_string(),
                &entry.at,
                &entry.actor,
                &entry.action,
                entry.detail.as_deref().unwrap_or(""),
            ],
        )
        .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| CoreError::Internal(format!("the CSV could not be made: {e}")))
}

/// Writes the entries `filter` selects to `path` as CSV (whole or not at all), and notes
/// the export in the log itself. Returns how many entries were written.
pub fn save_csv(conn: &Connection, filter: &Filter, path: &std::path::Path) -> Result<usize> {
    let entries = list(conn, filter)?;
    crate::files::disk::write_whole(
        path,
        &to_csv(&entries)?,
        crate::files::disk::Publish::Replace,
    )?;
    record(
        conn,
        "coordinator",
        "audit log exported",
        Some(&format!("{} entries", entries.len())),
    )?;
    Ok(entries.len())
}

/// Whether `conn` is a reporting store (its entries in the audit log are staff's).
fn is_reporting_store(conn: &Connection) -> Result<bool> {
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    Ok(id == crate::store::REPORTING_APPLICATION_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged() -> Connection {
        let conn = crate::store::migrations::in_memory().expect("store");
        for i in 0..5 {
            record(&conn, "coordinator", "export", Some(&format!("{i} rows"))).expect("record");
        }
        conn
    }

    #[test]
    fn an_untouched_chain_verifies_and_names_its_head() {
        let conn = logged();
        let found = verify(&conn).expect("verify");
        assert_eq!(found.entries, 5, "the chain holds the five exports logged");
        assert!(found.broken.is_none(), "{found:?}");
        assert_eq!(
            found.head.as_ref().map(String::len),
            Some(64),
            "the chain's head is a 64-character SHA-256 hash"
        );
    }

    #[test]
    fn a_changed_a_removed_and_a_slipped_in_entry_each_break_the_chain() {
        let conn = logged();
        conn.execute("UPDATE audit_log SET detail = '0 rows' WHERE id = 3", [])
            .expect("tamper");
        let found = verify(&conn).expect("verify");
        assert_eq!(found.broken.as_ref().map(|b| b.id), Some(3), "{found:?}");
        assert!(
            found.broken.expect("broken").reason.contains("changed"),
            "the break says the entry was changed"
        );

        let conn = logged();
        conn.execute("DELETE FROM audit_log WHERE id = 2", [])
            .expect("remove");
        let found = verify(&conn).expect("verify");
        assert_eq!(found.broken.as_ref().map(|b| b.id), Some(3), "{found:?}");
        assert!(
            found.broken.expect("broken").reason.contains("removed"),
            "the break says an entry was removed"
        );

        let conn = logged();
        conn.execute("DELETE FROM audit_log WHERE id = 1", [])
            .expect("remove the first");
        let found = verify(&conn).expect("verify");
        assert_eq!(found.broken.as_ref().map(|b| b.id), Some(2), "{found:?}");

        let conn = logged();
        // Slipped in with a hash of its own making, but not in the chain.
        conn.execute(
            "INSERT INTO audit_log (id, at, actor, action, detail, prev_hash, hash)
             SELECT 6, at, actor, 'backup', NULL, 'forged', hash FROM audit_log WHERE id = 5",
            [],
        )
        .expect("insert");
        let found = verify(&conn).expect("verify");
        assert_eq!(found.broken.as_ref().map(|b| b.id), Some(6), "{found:?}");
    }

    #[test]
    fn the_list_filters_by_action_and_day_and_the_csv_is_inert() {
        let conn = logged();
        record(&conn, "coordinator", "=HYPERLINK(\"x\")", None).expect("record");
        let exports = list(
            &conn,
            &Filter {
                action: Some("export".into()),
                ..Filter::default()
            },
        )
        .expect("list");
        assert_eq!(exports.len(), 5, "the action filter finds the five exports");
        assert_eq!(exports[0].id, 5, "newest first");
        let tomorrow = crate::clock::now_utc_time().date_naive() + chrono::Duration::days(1);
        let none = list(
            &conn,
            &Filter {
                since: Some(tomorrow),
                ..Filter::default()
            },
        )
        .expect("list");
        assert!(none.is_empty(), "nothing was logged tomorrow");
        let csv =
            String::from_utf8(to_csv(&list(&conn, &Filter::default()).expect("all")).expect("csv"))
                .expect("utf-8");
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(
            actions(&conn)
                .expect("actions")
                .contains(&"export".to_string()),
            "the logged actions include export"
        );
    }
}
