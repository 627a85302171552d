//! Restoring a backup: everything checked and staged before the data folder is touched, a store
//! already there moved aside whole (never deleted), then the restored store opened.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::files::disk::{self, cannot_write};
use crate::store::keyfile::KeyFile;
use crate::store::secret::{DataKey, Passphrase};
use crate::store::{DataDir, Keychain, Store};
use crate::work::Work;

use super::{check_copy, open, Header, Opened};

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
    work: &Work,
) -> Result<RestoreSummary> {
    prepare(path, dir, passphrase, replace, work)?.finish(now, work)
}

/// The stages of a restore, as `work` hears them.
const STAGES: u64 = 4;

/// A restore checked from end to end and staged in the data folder, not yet in place.
pub struct Prepared {
    dir: DataDir,
    staged: tempfile::TempDir,
    header: Header,
    replace: bool,
}

/// Whether a restore may replace the store of `dir` when that store is not open here:
/// only when it cannot be opened at all (damaged, foreign, its key file lost: what restoring
/// is for). A sound store that only its passphrase opens is refused as locked: replacing a
/// store is for its coordinator, never for someone behind the lock.
pub fn may_replace_unopened(dir: &DataDir, keychain: Keychain<'_>) -> Result<()> {
    match Store::unlock(dir, keychain, None) {
        Err(e) if e.needs_passphrase() => Err(CoreError::Locked),
        Ok(_) | Err(_) => Ok(()),
    }
}

/// Checks everything a restore needs before the folder is touched: the backup's checksum,
/// that the passphrase opens its key file, that its database opens with that key and holds
/// what the header counted, and that the folder is empty or may be replaced. The database
/// and key file are staged beside the store, under temporary names. Cancelled on `work`,
/// nothing stays: the staging folder goes, and the store there was never touched.
pub fn prepare(
    path: &Path,
    dir: &DataDir,
    passphrase: &Passphrase,
    replace: bool,
    work: &Work,
) -> Result<Prepared> {
    work.step("Checking the backup", 0, STAGES)?;
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
    let staged = stage(path, &opened, &key, &key_file, dir, work).inspect_err(|_| {
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
    work: &Work,
) -> Result<tempfile::TempDir> {
    work.step("Copying the database out", 1, STAGES)?;
    let staged = tempfile::Builder::new()
        .prefix(".peerdesk-restore-")
        .tempdir_in(dir.root())
        .map_err(|e| cannot_write(dir.root(), e))?;
    let staged_db = staged.path().join("peerdesk.db");
    extract(path, opened, &staged_db)?;
    work.step("Checking the database", 2, STAGES)?;
    check_copy(&staged_db, key, &opened.header, path)?;
    work.check()?;
    key_file.write_new(&staged.path().join("peerdesk.key"))?;
    Ok(staged)
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

impl Prepared {
    /// Puts the staged store in place: a store already there (with `replace`) is first
    /// moved aside, whole; then the key file and the database take their names, never
    /// over a file. Cancel on `work` is no longer heard: a few renames, run to their end
    /// (the last check was `prepare`'s, whose failure also removes a folder it made).
    pub fn finish(self, now: DateTime<Utc>, work: &Work) -> Result<RestoreSummary> {
        work.past_cancelling();
        work.step("Putting the store in place", 3, STAGES)?;
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
        work.step("Putting the store in place", STAGES, STAGES)?;
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
