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

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::files::disk::{self, cannot_write, NewFile, Publish};
use crate::store::keyfile::KeyFile;
use crate::store::secret::{DataKey, Passphrase};
use crate::store::{self, DataDir, Keychain, Store, TableCount};

/// The extension of a backup file.
pub const EXTENSION: &str = "peerdesk-backup";
const MAGIC: &[u8; 16] = b"PEERDESK-BACKUP\n";
const FORMAT_VERSION: u32 = 1;
/// A header larger than this is not one of ours (it holds a key file and a few counts).
const MAX_HEADER: u32 = 1024 * 1024;
/// The name automatic backups carry: `peerdesk-backup-2026-12-01-093000.peerdesk-backup`.
const AUTOMATIC_PREFIX: &str = "peerdesk-backup-";

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

/// Writes a backup of `source` to `out` (never over an existing file), then verifies it.
pub fn write(source: &Source, out: &Path, now: DateTime<Utc>) -> Result<BackupSummary> {
    let started = Instant::now();
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
    check_copy(copy.path(), &source.key, &header, out)?;
    let mut file = NewFile::create(out)?;
    pack(&header, copy.path(), file.file()).map_err(|e| cannot_write(out, e))?;
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
    let mut file = File::open(path).map_err(|e| CoreError::io(path, e))?;
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

/// Copies the database out of a checked backup into a new owner-only file at `to`.
fn extract(path: &Path, opened: &Opened, to: &Path) -> Result<()> {
    let mut source = File::open(path).map_err(|e| CoreError::io(path, e))?;
    source
        .seek(SeekFrom::Start(opened.database_at))
        .map_err(|e| CoreError::io(path, e))?;
    let mut target = disk::create_new_private(to)?;
    let copied = std::io::copy(&mut source.take(opened.header.database_bytes), &mut target)
        .and_then(|_| target.sync_all());
    copied.map_err(|e| cannot_write(to, e))
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
    store::verify(&conn, copy).map_err(|e| match e {
        CoreError::NewerSchema { .. } => e,
        CoreError::NotAPeerDeskDatabase(_) => {
            damaged("its database does not open with the key it carries".into())
        }
        CoreError::Damaged { detail, .. } => damaged(format!("its database is damaged ({detail})")),
        other => damaged(format!("its database cannot be read ({other})")),
    })?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
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

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreSummary {
    pub data_dir: PathBuf,
    pub created_at: DateTime<Utc>,
    pub rows: i64,
    /// Where the store that was replaced now is, when one was.
    pub set_aside: Option<PathBuf>,
}

/// Restores the backup at `path` into `dir` with the recovery passphrase of the backup:
/// [`prepare`], then [`Prepared::finish`] (the window closes its store between the two).
pub fn restore(
    path: &Path,
    dir: &DataDir,
    passphrase: &Passphrase,
    replace: bool,
    now: DateTime<Utc>,
) -> Result<RestoreSummary> {
    prepare(path, dir, passphrase, replace)?.finish(now)
}

/// A restore checked from end to end and staged in the data folder, not yet in place.
pub struct Prepared {
    dir: DataDir,
    staged: tempfile::TempDir,
    header: Header,
    replace: bool,
}

/// Checks everything a restore needs before the folder is touched: the backup's checksum,
/// that the passphrase opens its key file, that its database opens with that key and holds
/// what the header counted, and that the folder is empty or may be replaced. The database
/// and key file are staged beside the store, under temporary names.
pub fn prepare(
    path: &Path,
    dir: &DataDir,
    passphrase: &Passphrase,
    replace: bool,
) -> Result<Prepared> {
    let opened = open(path)?;
    let key_file =
        KeyFile::parse(&opened.header.key_file).map_err(|reason| CoreError::BackupDamaged {
            path: path.to_path_buf(),
            reason: format!("its key file is unreadable ({reason})"),
        })?;
    let key = key_file.unwrap_keys(passphrase)?.current;
    if dir.holds_a_store() && !replace {
        return Err(CoreError::StoreExists(dir.root().to_path_buf()));
    }
    // Staged inside the folder (the final renames stay on one file system); a folder made
    // for it goes again if the backup fails its checks, so a refusal leaves no trace.
    let made = !dir.root().exists();
    disk::create_private_folder(dir.root())?;
    let staged = stage(path, &opened, &key, &key_file, dir).inspect_err(|_| {
        if made {
            let _ = std::fs::remove_dir(dir.root());
        }
    })?;
    Ok(Prepared {
        dir: dir.clone(),
        staged,
        header: opened.header,
        replace,
    })
}

/// The backup's database and key file in a temporary folder inside `dir`, the database
/// checked; the folder is removed again (dropped) on any failure.
fn stage(
    path: &Path,
    opened: &Opened,
    key: &DataKey,
    key_file: &KeyFile,
    dir: &DataDir,
) -> Result<tempfile::TempDir> {
    let staged = tempfile::Builder::new()
        .prefix(".peerdesk-restore-")
        .tempdir_in(dir.root())
        .map_err(|e| cannot_write(dir.root(), e))?;
    let staged_db = staged.path().join("peerdesk.db");
    extract(path, opened, &staged_db)?;
    check_copy(&staged_db, key, &opened.header, path)?;
    key_file.write_new(&staged.path().join("peerdesk.key"))?;
    Ok(staged)
}

impl Prepared {
    /// Puts the staged store in place: a store already there (with `replace`) is first
    /// moved aside, whole; then the key file and the database take their names, never
    /// over a file.
    pub fn finish(self, now: DateTime<Utc>) -> Result<RestoreSummary> {
        let dir = &self.dir;
        if dir.holds_a_store() && !self.replace {
            return Err(CoreError::StoreExists(dir.root().to_path_buf()));
        }
        let present = dir.store_files_present();
        let aside = if present.is_empty() {
            None
        } else {
            Some(SetAside::make(dir, &present, now)?)
        };
        let key_file = self.staged.path().join("peerdesk.key");
        let database = self.staged.path().join("peerdesk.db");
        let published = disk::publish_no_clobber(&key_file, &dir.key_file()).and_then(|()| {
            disk::publish_no_clobber(&database, &dir.database()).inspect_err(|_| {
                let _ = std::fs::remove_file(dir.key_file());
            })
        });
        if let Err(error) = published {
            // Nothing of the backup stays; the store that was here comes back whole.
            if let Some(aside) = aside {
                aside.put_back();
            }
            return Err(error);
        }
        Ok(RestoreSummary {
            data_dir: dir.root().to_path_buf(),
            created_at: self.header.created_at,
            rows: self.header.counts.iter().map(|c| c.rows).sum(),
            set_aside: aside.map(|a| a.folder),
        })
    }
}

/// Opens a store just restored with the passphrase of its backup — which also hands its key to
/// the credential store, so that it opens by itself from now on — and notes the restore in
/// its audit log (when the backup was made and how many rows it held).
pub fn open_restored(
    summary: &RestoreSummary,
    keychain: Keychain<'_>,
    passphrase: &Passphrase,
) -> Result<Store> {
    let dir = DataDir::new(&summary.data_dir);
    let store = Store::unlock(&dir, keychain, Some(passphrase))?;
    crate::store::audit::record(
        store.conn(),
        "coordinator",
        "restore",
        Some(&format!(
            "backup of {} restored: {} rows",
            summary.created_at.format("%Y-%m-%d %H:%M UTC"),
            summary.rows
        )),
    )?;
    Ok(store)
}

/// A store's files moved into `<folder>.before-restore-<timestamp>` beside its folder,
/// remembered so that a restore that fails halfway can put them back.
struct SetAside {
    folder: PathBuf,
    moved: Vec<(PathBuf, PathBuf)>,
}

impl SetAside {
    /// Moves `present` aside, all or none.
    fn make(dir: &DataDir, present: &[PathBuf], now: DateTime<Utc>) -> Result<SetAside> {
        let name = dir
            .root()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "peerdesk".into());
        let folder = dir.root().with_file_name(format!(
            "{name}.before-restore-{}",
            now.format("%Y-%m-%d-%H%M%S")
        ));
        disk::create_new_private_folder(&folder)?;
        let mut aside = SetAside {
            folder,
            moved: Vec::new(),
        };
        for file in present {
            let Some(file_name) = file.file_name() else {
                continue;
            };
            let to = aside.folder.join(file_name);
            if let Err(e) = std::fs::rename(file, &to) {
                let error = disk::cannot_write(&aside.folder, e);
                aside.put_back();
                return Err(error);
            }
            aside.moved.push((file.clone(), to));
        }
        disk::sync_folder(&aside.folder)?;
        disk::sync_folder(dir.root())?;
        Ok(aside)
    }

    /// Moves everything back where it was (after a failure; best effort, nothing deleted).
    fn put_back(self) {
        for (from, to) in self.moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
        let _ = std::fs::remove_dir(&self.folder);
    }
}

/// Where automatic backups go unless Settings names a folder: `backups/` in the data folder.
pub fn default_folder(dir: &DataDir) -> PathBuf {
    dir.root().join("backups")
}

/// The file name of an automatic backup made at `now` (local time, as the coordinator reads it).
pub fn automatic_name(now: chrono::NaiveDateTime) -> String {
    format!(
        "{AUTOMATIC_PREFIX}{}.{EXTENSION}",
        now.format("%Y-%m-%d-%H%M%S")
    )
}

/// The automatic name for `now` in `folder`; a second backup within the same second (the
/// day's, then "Back up now") gets `-2`, `-3`, …
fn free_name(folder: &Path, now: chrono::NaiveDateTime) -> PathBuf {
    let stamp = now.format("%Y-%m-%d-%H%M%S");
    std::iter::once(automatic_name(now))
        .chain((2..1000).map(|n| format!("{AUTOMATIC_PREFIX}{stamp}-{n}.{EXTENSION}")))
        .map(|name| folder.join(name))
        .find(|path| !path.exists())
        .unwrap_or_else(|| folder.join(automatic_name(now)))
}

/// Deletes the oldest automatic backups in `folder` beyond the newest `keep` (oldest by the
/// time they were written, then by name). Only files named as PeerDesk names its automatic
/// backups are ever touched. Returns how many were deleted.
pub fn prune(folder: &Path, keep: usize) -> Result<usize> {
    let suffix = format!(".{EXTENSION}");
    let mut ours: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(folder)
        .map_err(|e| CoreError::io(folder, e))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(AUTOMATIC_PREFIX) && n.ends_with(&suffix))
        })
        .map(|entry| {
            let written = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (written, entry.path())
        })
        .collect();
    ours.sort();
    let surplus = ours.len().saturating_sub(keep);
    for (_, old) in &ours[..surplus] {
        disk::remove_if_present(old)?;
    }
    Ok(surplus)
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

/// Automatic backups and what the last one did, as Settings and the dashboard show them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    /// Where automatic backups go.
    pub folder: PathBuf,
    /// Whether that is the default (`backups/` in the data folder) rather than a chosen one.
    pub folder_is_default: bool,
    /// How many automatic backups are kept.
    pub keep: u32,
    /// The last backup that was written and verified.
    pub last_at: Option<DateTime<Utc>>,
    pub last_file: Option<PathBuf>,
    /// The last automatic backup that failed, when it failed after the last good one.
    pub failed_at: Option<DateTime<Utc>>,
    pub failure: Option<String>,
}

/// Automatic backups are made once a day while PeerDesk is used.
const DAILY: chrono::Duration = chrono::Duration::hours(24);
/// How many automatic backups are kept unless Settings says otherwise.
pub const DEFAULT_KEEP: u32 = 14;

fn moment(conn: &Connection, key: &str) -> Result<Option<DateTime<Utc>>> {
    Ok(crate::store::settings::get(conn, key)?
        .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
        .map(|at| at.to_utc()))
}

/// The last automatic backup that failed after the last good one: when, and why.
pub fn last_failure(conn: &Connection) -> Result<Option<(DateTime<Utc>, String)>> {
    let last_at = moment(conn, "backup_last_at")?;
    let Some(failed_at) =
        moment(conn, "backup_failed_at")?.filter(|failed| last_at.is_none_or(|ok| *failed > ok))
    else {
        return Ok(None);
    };
    let reason = crate::store::settings::get(conn, "backup_failure")?.unwrap_or_default();
    Ok(Some((failed_at, reason)))
}

/// The backup settings and the outcome of the last backups, from the store.
pub fn status(conn: &Connection, dir: &DataDir) -> Result<Status> {
    let chosen =
        crate::store::settings::get(conn, "backup_folder")?.filter(|f| !f.trim().is_empty());
    let failure = last_failure(conn)?;
    Ok(Status {
        folder_is_default: chosen.is_none(),
        folder: chosen
            .map(PathBuf::from)
            .unwrap_or_else(|| default_folder(dir)),
        keep: crate::store::settings::get_u32(conn, "backup_keep", DEFAULT_KEEP)?,
        last_at: moment(conn, "backup_last_at")?,
        last_file: crate::store::settings::get(conn, "backup_last_file")?.map(PathBuf::from),
        failed_at: failure.as_ref().map(|(at, _)| *at),
        failure: failure.map(|(_, reason)| reason),
    })
}

impl Status {
    /// Whether an automatic backup is due at `now`: none was made in the last day.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.last_at.is_none_or(|last| now - last >= DAILY)
            && self
                .failed_at
                .is_none_or(|failed| now - failed >= chrono::Duration::hours(1))
    }
}

/// Notes a verified backup (automatic or asked for), and writes it to the audit log.
pub fn record_success(conn: &Connection, summary: &BackupSummary, automatic: bool) -> Result<()> {
    crate::store::settings::set(conn, "backup_last_at", &summary.created_at.to_rfc3339())?;
    crate::store::settings::set(
        conn,
        "backup_last_file",
        &summary.path.display().to_string(),
    )?;
    crate::store::audit::record(
        conn,
        "coordinator",
        "backup",
        Some(&format!(
            "{} backup verified: {} rows, {} bytes",
            if automatic { "automatic" } else { "manual" },
            summary.rows,
            summary.bytes
        )),
    )
}

/// Notes an automatic backup that failed, so the dashboard can say so.
pub fn record_failure(conn: &Connection, at: DateTime<Utc>, error: &CoreError) -> Result<()> {
    crate::store::settings::set(conn, "backup_failed_at", &at.to_rfc3339())?;
    crate::store::settings::set(conn, "backup_failure", &error.to_string())?;
    crate::store::audit::record(conn, "coordinator", "backup failed", Some(error.code()))
}

/// Makes the day's automatic backup into the folder of `status`, then keeps only the newest.
pub fn run_automatic(
    source: &Source,
    status: &Status,
    now: DateTime<Utc>,
    local_now: chrono::NaiveDateTime,
) -> Result<BackupSummary> {
    disk::create_private_folder(&status.folder)?;
    let summary = write(source, &free_name(&status.folder, local_now), now)?;
    prune(&status.folder, status.keep.max(1) as usize)?;
    Ok(summary)
}
