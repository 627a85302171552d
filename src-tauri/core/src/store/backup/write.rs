//! Writing a backup: a snapshot of the database under its own key, checked, packed with the
//! header and the checksum, published, then read back. The format is `mod.rs`'s.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::files::disk::{cannot_write, NewFile, Publish};
use crate::store::secret::DataKey;
use crate::store::{self, TableCount};
use crate::work::Work;

use super::{check_copy, open, Header, FORMAT_VERSION, MAGIC};

/// What a written (or inspected) backup holds, for the coordinator.
#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub created_at: DateTime<Utc>,
    pub rows: i64,
    pub verified: bool,
    pub seconds: f64,
}

/// Everything a backup needs from the open store, taken under the window's store lock and
/// used without it, so the backup never holds up the coordinator's work.
pub struct Source {
    pub(crate) database: PathBuf,
    pub(crate) key: DataKey,
    pub(crate) key_file: String,
    pub(crate) store_id: String,
}

/// The stages of a backup, as `work` hears them.
const STAGES: u64 = 4;

/// Writes a backup of `source` to `out` (never over an existing file), then verifies it.
/// Cancelled on `work` before the file takes its name, nothing is left: the copy and the
/// half-packed file are temporary files, removed as they drop.
pub fn write(
    source: &Source,
    out: &Path,
    now: DateTime<Utc>,
    work: &Work,
) -> Result<BackupSummary> {
    let started = Instant::now();
    work.step("Copying the database", 0, STAGES)?;
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if out.exists() {
        return Err(CoreError::FileExists(out.to_path_buf()));
    }
    // The database copy is made beside the backup, encrypted under the same key, and removed
    // once packed: nothing readable ever touches the disk.
    let copy = tempfile::Builder::new()
        .prefix(".peerdesk-backup-copy-")
        .tempfile_in(folder)
        .map_err(|e| cannot_write(out, e))?;
    let (counts, schema_version) = export_snapshot(source, copy.path()).map_err(|e| match e {
        CoreError::Database(inner) if fails_at_the_destination(&inner) => cannot_write(
            out,
            std::io::Error::new(std::io::ErrorKind::StorageFull, inner.to_string()),
        ),
        other => other,
    })?;
    let database_bytes = std::fs::metadata(copy.path())
        .map_err(|e| cannot_write(out, e))?
        .len();
    let header = Header {
        format_version: FORMAT_VERSION,
        created_at: now,
        store_id: source.store_id.clone(),
        schema_version,
        database_bytes,
        counts,
        key_file: source.key_file.clone(),
    };
    // A copy that does not check out never becomes a backup.
    work.step("Checking the copy", 1, STAGES)?;
    check_copy(copy.path(), &source.key, &header, out)?;
    work.step("Writing the backup file", 2, STAGES)?;
    let mut file = NewFile::create(out)?;
    pack(&header, copy.path(), file.file()).map_err(|e| cannot_write(out, e))?;
    // The last moment to stop: once published, the backup is read back whatever happens.
    work.check()?;
    work.past_cancelling();
    work.step("Reading the backup back", 3, STAGES)?;
    file.publish(Publish::NoClobber).map_err(|e| match e {
        CoreError::AlreadyExists(path) => CoreError::FileExists(path),
        other => other,
    })?;
    drop(copy);
    // Read back: a file whose checksum fails must not sit among the good ones (pruning
    // counts it).
    let written = open(out).inspect_err(|_| {
        let _ = std::fs::remove_file(out);
    })?;
    work.step("Reading the backup back", STAGES, STAGES)?;
    Ok(BackupSummary {
        path: out.to_path_buf(),
        bytes: written.bytes,
        created_at: written.header.created_at,
        rows: written.header.counts.iter().map(|c| c.rows).sum(),
        verified: true,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Copies the database, as it stands at one instant, into `copy` under the same key, and
/// counts its rows in the same snapshot. Runs on a connection of its own.
fn export_snapshot(source: &Source, copy: &Path) -> Result<(Vec<TableCount>, u32)> {
    let conn = Connection::open_with_flags(
        &source.database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    store::apply_key(&conn, &source.key)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let copy_text = copy.to_string_lossy();
    conn.execute(
        "ATTACH DATABASE ?1 AS backup KEY ?2",
        rusqlite::params![copy_text, source.key.sqlcipher_key_literal().as_str()],
    )?;
    // One read transaction: the export and the counts see the same moment, while the
    // window goes on writing to the write-ahead log.
    conn.execute_batch("BEGIN")?;
    let result = (|| -> Result<(Vec<TableCount>, u32)> {
        let counts = store::count_rows(&conn)?;
        let schema = store::migrations::schema_version(&conn)?;
        conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
        // The export copies tables, not the header's numbers that say whose and which
        // version the file is: those are copied by hand.
        conn.pragma_update(
            Some("backup"),
            "application_id",
            store::migrations::APPLICATION_ID,
        )?;
        conn.pragma_update(Some("backup"), "user_version", schema)?;
        Ok((counts, schema))
    })();
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    conn.execute_batch(end)?;
    conn.execute_batch("DETACH DATABASE backup")?;
    result
}

/// The container: magic, header, the database's bytes, and the checksum of it all.
fn pack(header: &Header, database: &Path, out: &mut File) -> std::io::Result<()> {
    let header_json = serde_json::to_vec(header).map_err(std::io::Error::other)?;
    let header_len = u32::try_from(header_json.len()).map_err(std::io::Error::other)?;
    let mut hasher = Sha256::new();
    let mut writer = BufWriter::new(out);
    let mut put = |bytes: &[u8], writer: &mut BufWriter<&mut File>| -> std::io::Result<()> {
        hasher.update(bytes);
        writer.write_all(bytes)
    };
    put(MAGIC, &mut writer)?;
    put(&header_len.to_le_bytes(), &mut writer)?;
    put(&header_json, &mut writer)?;
    let mut reader = BufReader::new(File::open(database)?);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        put(&buffer[..read], &mut writer)?;
    }
    let digest = hasher.finalize();
    writer.write_all(&digest)?;
    writer.flush()
}

fn fails_at_the_destination(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::DiskFull
                | rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::SystemIoFailure
                | rusqlite::ErrorCode::ReadOnly
        )
    )
}
