//! The database file: the key as a connection's first statement, the checks that refuse a
//! wrong key, a foreign or damaged file or a newer schema without changing a byte, and the
//! settings every connection runs with.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{CoreError, Result};
use crate::store::secret::DataKey;
use crate::store::{migrations, DataDir};

/// The key must be the very first statement on a connection. SQLCipher's own log is
/// silenced so that a failed HMAC check is reported by us, once, in words.
///
/// SQLCipher keeps its key material in a private heap of its own, locked in memory (never
/// swapped) and wiped when freed, whatever `cipher_memory_security` says. That setting would
/// lock and wipe every allocation SQLite makes besides (the page cache, every statement):
/// two system calls per allocation, half a million for one report, which made reports and
/// exports several times slower (docs/performance.md). It stays off: the pages it would
/// wipe hold what the window shows anyway, in the webview's memory, which no setting wipes.
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    conn.execute_batch(&key.sqlcipher_key_statement())?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = OFF;")?;
    Ok(())
}

/// Opens the existing database of `dir` with `key`. Everything that could reject the file
/// (wrong key, foreign file, damage, a newer schema) is checked first on a read-only
/// connection, so a rejected file is not changed by a single byte and gains no companion
/// files. The one exception comes before that check: a key rotation cut off in the middle
/// leaves a rollback journal, which is played back first, as SQLite would on any read-write
/// open — with whichever key, since it only puts the old pages back.
pub(super) fn open_connection(dir: &DataDir, key: &DataKey) -> Result<Connection> {
    let path = dir.database();
    roll_back_cut_off_write(dir, key)?;
    {
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| describe_failure(&path, e))?;
        apply_key(&conn, key)?;
        verify(&conn, &path)?;
    }
    let mut conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_failure(&path, e))?;
    apply_key(&conn, key)?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    // Requester details past their retention period are erased whenever the store opens.
    crate::store::retention::purge_due(&conn, crate::clock::now_local())?;
    Ok(conn)
}

/// Tries `key` on the coordinator's database without changing it (tests of the boundary).
#[cfg(test)]
pub(crate) fn open_read_only_for_test(dir: &DataDir, key: &DataKey) -> Result<()> {
    let path = dir.database();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| describe_failure(&path, e))?;
    apply_key(&conn, key)?;
    verify(&conn, &path)
}

/// A key rotation writes in rollback-journal mode; when it is cut off (a crash, a kill), the
/// journal holds the pages as they were, and SQLite puts them back on the next read-write
/// open. A read-only connection cannot, so the playback is done here first. The journal's
/// pages are written back as they are, whichever key this connection holds.
fn roll_back_cut_off_write(dir: &DataDir, key: &DataKey) -> Result<()> {
    let journal = dir.journal();
    if std::fs::metadata(&journal).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        dir.database(),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_failure(&dir.database(), e))?;
    apply_key(&conn, key)?;
    // The first read takes the lock that plays the journal back; with the wrong key the read
    // then fails, which the caller learns from the read-only check that follows.
    let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    Ok(())
}

/// The first read proves the key; then the file must be ours and of a schema we know.
///
/// Every page read afterwards is checked against its HMAC by SQLCipher as it is read, so a
/// tampered page is refused whenever it is used; the check of every page at once
/// (`check_every_page`) reads the whole file, which grows with the store, and so runs off the
/// path a coordinator waits on: after the window opens (`integrity`), in `peerdesk status`,
/// and on every backup.
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<()> {
    verify_file(conn, path, migrations::APPLICATION_ID)?;
    migrations::refuse_newer(migrations::schema_version(conn)?)
}

/// The first read proves the key; then the file must carry `application_id` (the
/// coordinator's store and the reporting store alike).
pub(crate) fn verify_file(conn: &Connection, path: &Path, application_id: i64) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| describe_failure(path, e))?;
    let found: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if found != application_id {
        return Err(CoreError::NotAPeerDeskDatabase(path.to_path_buf()));
    }
    Ok(())
}

/// Every page's HMAC, checked: damage or tampering anywhere in the file, even in pages no
/// screen has read yet.
pub(crate) fn check_every_page(conn: &Connection, path: &Path) -> Result<()> {
    let problems: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| describe_failure(path, e))?;
    if let Some(first) = problems.first() {
        let more = if problems.len() > 1 {
            format!(" and {} more", problems.len() - 1)
        } else {
            String::new()
        };
        return Err(CoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("{first}{more}"),
        });
    }
    Ok(())
}

fn describe_failure(path: &Path, error: rusqlite::Error) -> CoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => CoreError::NotAPeerDeskDatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseCorrupt) => CoreError::Damaged {
            path: path.to_path_buf(),
            detail: error.to_string(),
        },
        _ => CoreError::Database(error),
    }
}

/// The page cache of each connection, KiB.
const PAGE_CACHE_KIB: i64 = 16 * 1024;

/// Gives `conn` the page cache of [`PAGE_CACHE_KIB`] (see `configure`): the store's own
/// connection and every read connection opened for a report or an export.
pub(crate) fn size_page_cache(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
    Ok(())
}

/// The connection settings every store runs with, read back: a store that silently ran
/// without foreign keys or with a weaker journal would lose data quietly. `secure_delete`
/// overwrites erased content (a purged requester name) instead of leaving it in free pages;
/// the busy timeout lets a command-line read wait for the window's write instead of failing.
/// The page cache holds 16 MiB of decrypted pages instead of SQLite's 2 MiB: every page read
/// from the file is decrypted and its HMAC checked, and ranking the supporters alone reads
/// more pages than 2 MiB hold, so it paid that again at every ranking (docs/performance.md).
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    size_page_cache(conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "secure_delete", true)?;
    let journal: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let foreign_keys: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    let synchronous: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if foreign_keys != 1 || !journal.eq_ignore_ascii_case("wal") || synchronous != 2 {
        return Err(CoreError::Unusable(format!(
                "the database would not take its settings (foreign_keys={foreign_keys}, journal_mode={journal}, synchronous={synchronous})"
        )));
    }
    Ok(())
}
