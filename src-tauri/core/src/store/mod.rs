//! The encrypted store: one SQLCipher database and its key file in a data folder.
//!
//! The states a data folder can be in, and what each leads to:
//! - no database file: first-run setup (`Store::create`), or a restore from a backup;
//! - a database whose key the OS credential store holds: opens without a word, unless
//!   PeerDesk was locked (`guard`): then only the recovery passphrase opens it;
//! - a database whose key the credential store does not hold, or holds a key that no longer
//!   opens it (restored elsewhere, rotated, edited): the recovery passphrase, which then puts
//!   the right key back;
//! - a credential store that is locked, absent or switched off: the passphrase;
//! - a wrong passphrase, a foreign or damaged file, a newer schema: a clear error, and
//!   the files are left exactly as they were.
//!
//! A passphrase that is given is always checked against the key file, whatever the
//! credential store holds: a lock is only as good as that check.
//!
//! Nothing here ever creates a database where a file already exists: a missing key is
//! never a reason to start over (Signal Desktop once did that to its users).
//!
//! The parts: `secret` (keys and passphrases in memory), `keystore` (the OS credential
//! store), `keyfile` (the key wrapped by the recovery passphrase), `passphrase` (how strong
//! one is), `guard` (lock and wrong attempts, kept on disk), `instance` (one writer per
//! folder), `migrations`, `settings` (the raw key/value table), `audit` (the chained log),
//! `retention` (erasing requester details when their time is up), `backup`, `rotation` (new
//! passphrase, new data key), `session` (the coordinator's store or the reporting store).
//!
//! This file holds the data folder, the `Store` and the passphrase check every unlock goes
//! through; the store is set up in `setup`, unlocked in `unlock`, its file opened and checked
//! in `database`, and `status` says what `peerdesk status` prints.
//!
//! May use: the crate's vocabulary (`error`, `clock`, `fields`) and `files`. Nothing here
//! knows a supporter, a request or a report: those areas sit on top.

pub mod audit;
pub mod backup;
pub mod guard;
pub mod holidays;
pub mod instance;
pub mod keyfile;
pub mod keystore;
pub mod migrations;
pub mod passphrase;
pub mod retention;
pub mod rotation;
pub mod rows;
pub mod secret;
pub mod session;
pub mod settings;

mod database;
mod setup;
mod status;
mod unlock;

use database::open_connection;
#[cfg(test)]
pub(crate) use database::open_read_only_for_test;
pub(crate) use database::{apply_key, check_every_page, configure, verify, verify_file};
pub(crate) use status::count_rows;
pub use status::{sqlcipher_version, StatusReport, TableCount};

/// The reporting store's application_id ('PDSR'), so neither store is taken for the other.
pub const REPORTING_APPLICATION_ID: i64 = 0x5044_5352;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{CoreError, Problem, Result};
use crate::store::keyfile::KeyFile;
use crate::store::keystore::{KeyStore, KeyStoreError};
use crate::store::secret::{DataKey, Passphrase};
use guard::UnlockGuard;

const DATABASE_FILE: &str = "peerdesk.db";
const KEY_FILE: &str = "peerdesk.key";
const GUARD_FILE: &str = "peerdesk.unlock.json";
const INSTANCE_FILE: &str = "peerdesk.instance";

/// The folder that holds the database and its key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The platform's app-data folder: `~/.local/share/peerdesk` on Linux,
    /// `~/Library/Application Support/org.PeerDesk.PeerDesk` on macOS, and on Windows the
    /// *local* app-data folder (`%LOCALAPPDATA%\PeerDesk\PeerDesk\data`), never the
    /// roaming one: a hospital's roaming profile would copy the store to every workstation
    /// the coordinator signs in to, and to the profile server.
    pub fn platform_default() -> Result<Self> {
        directories::ProjectDirs::from("org", "PeerDesk", "PeerDesk")
            .map(|dirs| DataDir::new(dirs.data_local_dir()))
            .ok_or_else(|| {
                CoreError::invalid(
                    "data_dir",
                    Problem::Required,
                    "no home folder is known: give one with --data-dir",
                )
            })
    }

    /// `explicit` (from `--data-dir` or `PEERDESK_DATA_DIR`) if given, else the platform's.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Self> {
        match explicit {
            Some(root) => Ok(DataDir::new(root)),
            None => Self::platform_default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join(DATABASE_FILE)
    }

    pub fn key_file(&self) -> PathBuf {
        self.root.join(KEY_FILE)
    }

    /// Whether PeerDesk is locked and how many wrong passphrases came in a row.
    pub fn unlock_guard(&self) -> PathBuf {
        self.root.join(GUARD_FILE)
    }

    /// The file whose OS lock says which process writes to this folder.
    pub fn instance_lock(&self) -> PathBuf {
        self.root.join(INSTANCE_FILE)
    }

    /// A rollback journal left by a write that was cut off (only a key rotation writes one).
    fn journal(&self) -> PathBuf {
        self.root.join(format!("{DATABASE_FILE}-journal"))
    }

    /// A short name for this folder that stays the same from run to run (a hash of its
    /// path), for naming things per folder, like the window's single-instance name.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.root.to_string_lossy().as_bytes());
        hex::encode(&digest[..8])
    }

    /// Whether setup is needed: only when no database file exists at all.
    pub fn needs_setup(&self) -> bool {
        !self.database().exists()
    }

    /// Whether a store is here: its database or its key file (the other files alone, like a
    /// lock note, are not a store).
    pub fn holds_a_store(&self) -> bool {
        self.database().exists() || self.key_file().exists()
    }

    /// The files that make up the store, those that exist: what a restore sets aside. The
    /// reporting store goes aside too: it was filled from the store being replaced, and its
    /// passphrase was issued for that one.
    pub fn store_files_present(&self) -> Vec<PathBuf> {
        ["", "-wal", "-shm", "-journal"]
            .iter()
            .map(|suffix| self.root.join(format!("{DATABASE_FILE}{suffix}")))
            .chain([
                self.key_file(),
                self.unlock_guard(),
                self.reporting_database(),
                self.root
                    .join(format!("{}-journal", crate::store::session::DATABASE_FILE)),
                self.reporting_key_file(),
            ])
            .filter(|path| path.exists())
            .collect()
    }
}

/// How the OS credential store may be used for this run.
#[derive(Clone, Copy)]
pub enum Keychain<'a> {
    /// `--no-keychain`: the passphrase alone; the credential store is never touched.
    Off,
    /// The credential store could not be reached (no session bus, unsupported platform).
    Unreachable(&'a KeyStoreError),
    On(&'a dyn KeyStore),
}

/// How the open store was unlocked, for `status` and the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum UnlockMethod {
    CredentialStore(String),
    Passphrase,
}

impl std::fmt::Display for UnlockMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnlockMethod::CredentialStore(store) => write!(f, "key from the {store}"),
            UnlockMethod::Passphrase => f.write_str("passphrase (Argon2id)"),
        }
    }
}

/// An open, unlocked, migrated store. It keeps its data key (wiped when the store is
/// dropped) so that a backup can read it on a connection of its own.
pub struct Store {
    conn: Connection,
    dir: DataDir,
    key: DataKey,
    store_id: String,
    unlocked_by: UnlockMethod,
    /// Whether the credential store was asked to keep the key but could not (setup and
    /// recovery go on with the passphrase alone; the UI says so).
    keychain_problem: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .field("unlocked_by", &self.unlocked_by)
            .finish()
    }
}

impl Store {
    /// Locks PeerDesk: the store is closed, its key wiped from memory, and until the
    /// passphrase is typed — also after a restart — the credential store's key is not used.
    /// `idle`: the window locked itself, nobody having touched it.
    pub fn lock(self, idle: bool) -> Result<()> {
        // Noted before the lock; a log that cannot be written must not keep PeerDesk open.
        let _ = crate::store::audit::record(
            &self.conn,
            if idle { "automatic" } else { "coordinator" },
            if idle { "auto-lock" } else { "lock" },
            None,
        );
        UnlockGuard::lock(&self.dir)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn unlocked_by(&self) -> &UnlockMethod {
        &self.unlocked_by
    }

    /// Set when the credential store could not keep the key during setup or recovery.
    pub fn keychain_problem(&self) -> Option<&str> {
        self.keychain_problem.as_deref()
    }

    /// What long work needs to read the store on a connection of its own.
    /// Every page of the store checked against its HMAC (see `database::verify`): what
    /// `peerdesk status` does, and the window after it opens, off the path of the unlock.
    pub fn check_every_page(&self) -> Result<()> {
        check_every_page(&self.conn, &self.dir.database())
    }

    pub fn read_source(&self) -> session::ReadSource {
        session::ReadSource {
            database: self.dir.database(),
            key: self.key.clone(),
        }
    }

    /// What a backup needs, to be written without holding the store: the database's place,
    /// a copy of the key (wiped when dropped) and the key file as it stands.
    pub fn backup_source(&self) -> Result<backup::Source> {
        let key_file = KeyFile::read(&self.dir.key_file())?;
        Ok(backup::Source {
            database: self.dir.database(),
            key: self.key.clone(),
            key_file: key_file.to_text()?,
            store_id: self.store_id.clone(),
        })
    }
}

/// Checks `passphrase` against the key file: while wrong tries are being slowed down, not at
/// all; a wrong one is counted; the right one clears the count (and a lock).
pub(super) fn verified_keys(
    dir: &DataDir,
    key_file: &KeyFile,
    passphrase: &Passphrase,
) -> Result<crate::store::keyfile::Unwrapped> {
    check_recovery(dir, key_file, passphrase).map(|(keys, _)| keys)
}

/// `check_passphrase` for the recovery passphrase alone: the keys, and how many wrong tries
/// came before.
fn check_recovery(
    dir: &DataDir,
    key_file: &KeyFile,
    passphrase: &Passphrase,
) -> Result<(crate::store::keyfile::Unwrapped, u32)> {
    match check_passphrase(dir, key_file, passphrase, false)? {
        Verified::Coordinator { keys, failures } => Ok((keys, failures)),
        // Only opened when `reporting` is true.
        Verified::Reporting { .. } => Err(CoreError::WrongPassphrase),
    }
}

/// What a passphrase opened.
enum Verified {
    /// The recovery passphrase; `failures`: the wrong tries before it.
    Coordinator {
        keys: crate::store::keyfile::Unwrapped,
        failures: u32,
    },
    /// The reporting passphrase.
    Reporting { key: DataKey },
}

/// Checks `passphrase` against the key file and, when `reporting` allows it, against the
/// reporting key file: while wrong tries are being slowed down, not at all; one that opens
/// neither is counted. The recovery passphrase clears the count and the lock; the reporting
/// passphrase clears neither: the count keeps slowing down guesses at the recovery
/// passphrase made between staff unlocks, and the lock keeps the coordinator's store closed
/// to the credential store's key while staff work (and after, until the coordinator comes).
fn check_passphrase(
    dir: &DataDir,
    key_file: &KeyFile,
    passphrase: &Passphrase,
    reporting: bool,
) -> Result<Verified> {
    let now = crate::clock::now_utc_time();
    let guard = UnlockGuard::read(dir);
    guard.check(now)?;
    match key_file.unwrap_keys(passphrase) {
        Ok(keys) => {
            UnlockGuard::clear(dir)?;
            Ok(Verified::Coordinator {
                keys,
                failures: guard.failures,
            })
        }
        Err(CoreError::WrongPassphrase) => {
            if reporting {
                if let Some(key) = crate::store::session::unwrap_key(dir, passphrase)? {
                    UnlockGuard::lock(dir)?;
                    return Ok(Verified::Reporting { key });
                }
            }
            // The wait counts from the moment the try failed, not from when it began.
            UnlockGuard::record_failure(dir, crate::clock::now_utc_time())?;
            Err(CoreError::WrongPassphrase)
        }
        Err(other) => Err(other),
    }
}

/// Opens what the passphrase opens: the coordinator's store or the reporting store.
pub(crate) fn unlock_either(
    dir: &DataDir,
    keychain: Keychain<'_>,
    passphrase: &Passphrase,
) -> Result<crate::store::session::Session> {
    use crate::store::session::Session;
    if !dir.database().exists() {
        return Err(CoreError::NoDatabase(dir.root().to_path_buf()));
    }
    let key_file = KeyFile::read(&dir.key_file())?;
    match check_passphrase(dir, &key_file, passphrase, true)? {
        Verified::Coordinator { keys, failures } => {
            Store::open_with_keys(dir, &key_file, keychain, keys, failures)
                .map(Session::Coordinator)
        }
        // Wrong tries before it stay counted, and reach the coordinator's log at their unlock.
        Verified::Reporting { key } => {
            Ok(Session::Reporting(crate::store::session::open(dir, &key)?))
        }
    }
}

#[cfg(test)]
mod tests;
