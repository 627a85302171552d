//! Backups: one file that restores the whole store on any computer with the recovery
//! passphrase alone.
//!
//! A backup holds an encrypted copy of the database (made with `sqlcipher_export` under the
//! same key, from one consistent snapshot, on a connection of its own so the window stays
//! usable) and the key file, which wraps that key under the recovery passphrase. Nothing in
//! it is readable without the passphrase; its header holds only counts and dates.
//!
//! Layout, in this order:
//! - `PEERDESK-BACKUP\n` (16 bytes);
//! - the header's length (4 bytes, little-endian) and the header (JSON: format, when, the
//!   store's id and schema, the row count of every table, the key file);
//! - the database, byte for byte as SQLCipher wrote it;
//! - SHA-256 over everything before it (32 bytes), so that a single flipped bit anywhere is
//!   found before anything is restored.
//!
//! The copy is checked before it is packed — opened with its key, both integrity checks, every
//! table holding the rows the snapshot counted — then written under a temporary name, flushed,
//! renamed, and read back: its checksum proves that the file on the disk holds the very bytes
//! that were checked, without opening the database a second time.
//!
//! Restoring checks all of that again — and that the passphrase opens the backup's key file —
//! before it touches the target folder. It never overwrites a store: into an empty folder it
//! goes straight; over an existing store only when asked (`replace`), and then the old store's
//! files are first moved aside into `<folder>.before-restore-<timestamp>`, never deleted.
//!
//! Deliberately absent: incremental backups and compression (the database is encrypted, so it
//! would not compress) and any network destination.
//!
//! The parts: `write` (making a backup and checking it), `restore` (checking one and putting
//! it in place), `automatic` (the daily backup, its folder, pruning and its status). This file
//! holds the format they share: the header, reading a backup back, checking its database.

mod automatic;
mod restore;
mod write;

pub use automatic::{
    automatic_name, default_folder, last_failure, prune, record_failure, record_success,
    run_automatic, status, Status, DEFAULT_KEEP,
};
pub use restore::{
    may_replace_unopened, open_restored, prepare, restore, Prepared, RestoreSummary,
};
pub use write::{write, BackupSummary, Source};

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Problem, Result};
use crate::store::secret::DataKey;
use crate::store::{self, TableCount};

/// The extension of a backup file.
pub const EXTENSION: &str = "peerdesk-backup";
const MAGIC: &[u8; 16] = b"PEERDESK-BACKUP\n";
const FORMAT_VERSION: u32 = 1;
/// A header larger than this is not one of ours (it holds a key file and a few counts).
const MAX_HEADER: u32 = 1024 * 1024;

/// What the header of a backup says about it. No name, no key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format_version: u32,
    pub created_at: DateTime<Utc>,
    pub store_id: String,
    pub schema_version: u32,
    pub database_bytes: u64,
    pub counts: Vec<TableCount>,
    /// The key file as it was when the backup was made: the data key wrapped by the
    /// recovery passphrase of that moment.
    key_file: String,
}

/// A backup file read far enough to trust: its checksum matches and its header parses.
struct Opened {
    header: Header,
    /// Where the database's bytes start in the file.
    database_at: u64,
    bytes: u64,
}

/// Reads `path`'s header and checks the whole file's checksum. A damaged or foreign file is
/// `BackupDamaged`, with what is wrong in words.
fn open(path: &Path) -> Result<Opened> {
    let damaged = |reason: &str| CoreError::BackupDamaged {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    // The file the person named: missing or unreadable is theirs to fix, not the system's.
    let mut file = File::open(path).map_err(|e| {
        CoreError::invalid(
            "file",
            Problem::Unreadable,
            format!("{} cannot be read: {e}", path.display()),
        )
    })?;
    let bytes = file.metadata().map_err(|e| CoreError::io(path, e))?.len();
    let mut magic = [0u8; 16];
    if bytes < (MAGIC.len() + 4 + 32) as u64
        || file.read_exact(&mut magic).is_err()
        || &magic != MAGIC
    {
        return Err(damaged("it is not a PeerDesk backup"));
    }
    let mut len = [0u8; 4];
    file.read_exact(&mut len)
        .map_err(|_| damaged("it ends too early"))?;
    let header_len = u32::from_le_bytes(len);
    let database_at = (MAGIC.len() + 4) as u64 + u64::from(header_len);
    if header_len > MAX_HEADER || database_at + 32 > bytes {
        return Err(damaged("its header is damaged"));
    }
    // The checksum first: nothing in a file that fails it is believed.
    file.seek(SeekFrom::Start(0))
        .map_err(|e| CoreError::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(
        &mut BufReader::new((&mut file).take(bytes - 32)),
        &mut hasher,
    )
    .map_err(|e| CoreError::io(path, e))?;
    let mut stored = [0u8; 32];
    file.seek(SeekFrom::Start(bytes - 32))
        .and_then(|_| file.read_exact(&mut stored))
        .map_err(|e| CoreError::io(path, e))?;
    if hasher.finalize().as_slice() != stored {
        return Err(damaged(
            "its checksum does not match: the file was changed or damaged after it was written",
        ));
    }
    file.seek(SeekFrom::Start((MAGIC.len() + 4) as u64))
        .map_err(|e| CoreError::io(path, e))?;
    let mut header_json = vec![0u8; header_len as usize];
    file.read_exact(&mut header_json)
        .map_err(|e| CoreError::io(path, e))?;
    let header: Header =
        serde_json::from_slice(&header_json).map_err(|_| damaged("its header is unreadable"))?;
    if header.format_version != FORMAT_VERSION {
        return Err(damaged("it was written by another version of PeerDesk"));
    }
    if database_at + header.database_bytes + 32 != bytes {
        return Err(damaged("its size does not match its header"));
    }
    Ok(Opened {
        header,
        database_at,
        bytes,
    })
}

/// Opens a copy of a backup's database read-only and checks it against the header: its key
/// opens it, both integrity checks pass, every table holds the rows the header counted.
fn check_copy(copy: &Path, key: &DataKey, header: &Header, backup: &Path) -> Result<()> {
    let damaged = |reason: String| CoreError::BackupDamaged {
        path: backup.to_path_buf(),
        reason,
    };
    let conn = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    store::apply_key(&conn, key)?;
    store::verify(&conn, copy)
        .and_then(|()| store::check_every_page(&conn, copy))
        .map_err(|e| match e {
            CoreError::NewerSchema { .. } => e,
            CoreError::NotAPeerDeskDatabase(_) => {
                damaged("its database does not open with the key it carries".into())
            }
            CoreError::Damaged { detail, .. } => {
                damaged(format!("its database is damaged ({detail})"))
            }
            other => damaged(format!("its database cannot be read ({other})")),
        })?;
    // Every page's HMAC was checked above; the structure is checked in the linear pass of
    // `quick_check` (the full `integrity_check` also matches every index against its table,
    // which made a backup of the large store a third slower: docs/performance.md).
    let integrity: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(damaged(format!(
            "its database fails the integrity check ({integrity})"
        )));
    }
    let counts = store::count_rows(&conn)?;
    if counts != header.counts {
        return Err(damaged(
            "its database does not hold the rows its header counted".into(),
        ));
    }
    Ok(())
}
