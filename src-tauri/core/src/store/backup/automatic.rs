//! Automatic backups: once a day into a folder of their own (`backups/` unless Settings names
//! one), the oldest pruned, and what the last one did for Settings and the dashboard.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::files::disk;
use crate::store::DataDir;
use crate::work::Work;

use super::{write, BackupSummary, Source, EXTENSION};

/// The name automatic backups carry: `peerdesk-backup-2026-12-01-093000.peerdesk-backup`.
const AUTOMATIC_PREFIX: &str = "peerdesk-backup-";

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

/// Makes the day's automatic backup into the folder of `status`, then keeps only the newest
/// (not when cancelled on `work`: then no backup was made, and none is pruned).
pub fn run_automatic(
    source: &Source,
    status: &Status,
    now: DateTime<Utc>,
    local_now: chrono::NaiveDateTime,
    work: &Work,
) -> Result<BackupSummary> {
    let made = !status.folder.exists();
    disk::create_private_folder(&status.folder)?;
    let summary =
        write(source, &free_name(&status.folder, local_now), now, work).inspect_err(|_| {
            // A folder made for a backup that never came goes again (only when empty).
            if made {
                let _ = std::fs::remove_dir(&status.folder);
            }
        })?;
    prune(&status.folder, status.keep.max(1) as usize)?;
    Ok(summary)
}
