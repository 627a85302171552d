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

/// The reporting store's application_id ('PDSR'), so neither store is taken for the other.
pub const REPORTING_APPLICATION_ID: i64 = 0x5044_5352;

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::files::disk;
use crate::store::keyfile::{KdfParams, KeyFile};
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
    /// First-run setup: a new key, wrapped under the recovery passphrase in the key file,
    /// kept in the credential store when one answers, and a new database with the schema.
    /// Refuses if a database file already exists.
    pub fn create(dir: &DataDir, recovery: &Passphrase, keychain: Keychain<'_>) -> Result<Store> {
        Self::create_with_params(dir, recovery, keychain, KdfParams::RECOMMENDED)
    }

    pub(crate) fn create_with_params(
        dir: &DataDir,
        recovery: &Passphrase,
        keychain: Keychain<'_>,
        params: KdfParams,
    ) -> Result<Store> {
        passphrase::require_acceptable(recovery)?;
        let database = dir.database();
        if database.exists() {
            return Err(CoreError::AlreadyExists(database));
        }
        disk::create_private_folder(dir.root())?;

        let key = DataKey::generate();
        let store_id = hex::encode(&DataKey::generate().as_bytes()[..16]);
        let key_file = KeyFile::seal(&store_id, &key, recovery, params)?;

        // Everything is made under temporary names first, then published without ever
        // replacing a file: the database first (whoever publishes it owns the folder; a
        // second setup racing on the same folder stops there, with nothing left behind),
        // then the key file.
        let staging = tempfile::Builder::new()
            .prefix(".peerdesk-setup-")
            .tempdir_in(dir.root())
            .map_err(|e| CoreError::io(dir.root(), e))?;
        let staged_db = staging.path().join(DATABASE_FILE);
        disk::create_new_private(&staged_db)?;
        {
            let mut conn = Connection::open_with_flags(
                &staged_db,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            apply_key(&conn, &key)?;
            conn.pragma_update(None, "foreign_keys", true)?;
            migrations::migrate(&mut conn)?;
            crate::store::audit::record(&conn, "setup", "store created", None)?;
        }
        File::open(&staged_db)
            .and_then(|f| f.sync_all())
            .map_err(|e| CoreError::io(&staged_db, e))?;
        disk::publish_no_clobber(&staged_db, &database)?;
        let key_written =
            set_aside_orphan_key_file(dir).and_then(|()| key_file.write_new(&dir.key_file()));
        if let Err(error) = key_written {
            // Without its key file the new, empty database could never be opened, and its
            // presence would bar a second try: it goes, and the folder is as it was.
            let _ = std::fs::remove_file(&database);
            return Err(error);
        }
        drop(staging);

        let (unlocked_by, keychain_problem) = match keychain {
            Keychain::On(store) => match store.save(&store_id, &key) {
                Ok(()) => (UnlockMethod::CredentialStore(store.describe()), None),
                Err(e) => (UnlockMethod::Passphrase, Some(e.to_string())),
            },
            Keychain::Unreachable(e) => (UnlockMethod::Passphrase, Some(e.to_string())),
            Keychain::Off => (UnlockMethod::Passphrase, None),
        };
        let conn = open_connection(dir, &key)?;
        Ok(Store {
            conn,
            dir: dir.clone(),
            key,
            store_id,
            unlocked_by,
            keychain_problem,
        })
    }

    /// Opens an existing store.
    ///
    /// With a passphrase: the passphrase is checked against the key file, always (a wrong
    /// one is counted, and after five in a row each try must wait); the credential store,
    /// when it answers, is then given the right key if it lacks it or holds a stale one.
    ///
    /// Without one: the key from the credential store, unless PeerDesk was locked. When no
    /// key source will do, the error says which screen is needed: `Locked`,
    /// `RecoveryNeeded` (the credential store answers but has no key), `StaleStoredKey` (its
    /// key no longer opens the database) or `PassphraseNeeded` (it is locked, absent or off).
    pub fn unlock(
        dir: &DataDir,
        keychain: Keychain<'_>,
        passphrase: Option<&Passphrase>,
    ) -> Result<Store> {
        let database = dir.database();
        if !database.exists() {
            return Err(CoreError::NoDatabase(dir.root().to_path_buf()));
        }
        let key_file = KeyFile::read(&dir.key_file())?;
        match passphrase {
            Some(passphrase) => Self::unlock_with_passphrase(dir, &key_file, keychain, passphrase),
            None => Self::unlock_with_keychain(dir, &key_file, keychain),
        }
    }

    fn unlock_with_passphrase(
        dir: &DataDir,
        key_file: &KeyFile,
        keychain: Keychain<'_>,
        passphrase: &Passphrase,
    ) -> Result<Store> {
        let (keys, failures) = check_recovery(dir, key_file, passphrase)?;
        Self::open_with_keys(dir, key_file, keychain, keys, failures)
    }

    fn open_with_keys(
        dir: &DataDir,
        key_file: &KeyFile,
        keychain: Keychain<'_>,
        keys: crate::store::keyfile::Unwrapped,
        failures: u32,
    ) -> Result<Store> {
        let (conn, key) = rotation::open_settling(dir, keys)?;
        note_unlock(&conn, "recovery passphrase", failures);
        // The credential store gets the right key back, replacing a missing or stale one, so
        // the next start needs no passphrase. One that is locked or absent is left alone: the
        // passphrase did its job without it.
        let keychain_problem = match keychain {
            Keychain::On(store) => match store.load(&key_file.store_id) {
                Ok(Some(stored)) if stored == key => None,
                Ok(_) | Err(KeyStoreError::Unreadable(_)) => store
                    .save(&key_file.store_id, &key)
                    .err()
                    .map(|e| e.to_string()),
                Err(KeyStoreError::Locked(_) | KeyStoreError::Unavailable(_)) => None,
            },
            Keychain::Unreachable(_) | Keychain::Off => None,
        };
        Ok(Store {
            conn,
            dir: dir.clone(),
            key,
            store_id: key_file.store_id.clone(),
            unlocked_by: UnlockMethod::Passphrase,
            keychain_problem,
        })
    }

    fn unlock_with_keychain(
        dir: &DataDir,
        key_file: &KeyFile,
        keychain: Keychain<'_>,
    ) -> Result<Store> {
        if UnlockGuard::read(dir).locked {
            return Err(CoreError::Locked);
        }
        let store = match keychain {
            Keychain::On(store) => store,
            Keychain::Unreachable(e) => return Err(CoreError::PassphraseNeeded(e.to_string())),
            Keychain::Off => {
                return Err(CoreError::PassphraseNeeded(
                    "the OS credential store is switched off".into(),
                ))
            }
        };
        let key = match store.load(&key_file.store_id) {
            Ok(Some(key)) => key,
            Ok(None) => return Err(CoreError::RecoveryNeeded),
            Err(e) => return Err(CoreError::PassphraseNeeded(e.to_string())),
        };
        let conn = open_connection(dir, &key).map_err(|e| match e {
            // The stored key does not open this database: it was restored from elsewhere,
            // its key was rotated, or the entry was edited. Only the passphrase can tell.
            CoreError::NotAPeerDeskDatabase(_) => CoreError::StaleStoredKey,
            other => other,
        })?;
        note_unlock(&conn, "OS credential store", 0);
        Ok(Store {
            conn,
            dir: dir.clone(),
            key,
            store_id: key_file.store_id.clone(),
            unlocked_by: UnlockMethod::CredentialStore(store.describe()),
            keychain_problem: None,
        })
    }

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

    /// What `peerdesk status` prints: where, which versions, how unlocked, how many rows.
    /// Never a name, never a key.
    pub fn status(&self) -> Result<StatusReport> {
        let sqlcipher_version: String = self
            .conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
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

/// Notes an unlock, and the wrong passphrases typed before it, in the audit log.
fn record_unlock(conn: &Connection, how: &str, failures: u32) -> Result<()> {
    if failures > 0 {
        crate::store::audit::record(
            conn,
            "coordinator",
            "failed unlock",
            Some(&format!(
                "{failures} wrong passphrase(s) before this unlock"
            )),
        )?;
    }
    crate::store::audit::record(conn, "coordinator", "unlock", Some(how))
}

/// Notes an unlock without making it fail: a log that cannot be written (a full disk)
/// must not keep the coordinator out of the data. A lost entry is reported on stderr.
fn note_unlock(conn: &Connection, how: &str, failures: u32) {
    if let Err(problem) = record_unlock(conn, how, failures) {
        eprintln!("peerdesk: the unlock could not be written to the audit log: {problem}");
    }
}

/// A key file without a database beside it is left from a setup that was cut off (or from a
/// store whose database was removed): it is kept, renamed, never overwritten.
fn set_aside_orphan_key_file(dir: &DataDir) -> Result<()> {
    let key_file = dir.key_file();
    if !key_file.exists() {
        return Ok(());
    }
    let stamp = crate::clock::now_local().format("%Y-%m-%d-%H%M%S");
    let aside = dir.root().join(format!("{KEY_FILE}.before-setup-{stamp}"));
    std::fs::rename(&key_file, &aside).map_err(|e| CoreError::io(&key_file, e))
}

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

/// The key must be the very first statement on a connection. SQLCipher's own log is
/// silenced so that a failed HMAC check is reported by us, once, in words. Memory security
/// makes SQLCipher wipe every buffer it frees and lock its key material in memory, so that a
/// key or a page of names does not linger in freed memory (or in swap).
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    conn.execute_batch(&key.sqlcipher_key_statement())?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;")?;
    Ok(())
}

/// Opens the existing database of `dir` with `key`. Everything that could reject the file
/// (wrong key, foreign file, damage, a newer schema) is checked first on a read-only
/// connection, so a rejected file is not changed by a single byte and gains no companion
/// files. The one exception comes before that check: a key rotation cut off in the middle
/// leaves a rollback journal, which is played back first, as SQLite would on any read-write
/// open — with whichever key, since it only puts the old pages back.
fn open_connection(dir: &DataDir, key: &DataKey) -> Result<Connection> {
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

/// The first read proves the key; then the file must be ours, of a schema we know, with
/// every page's HMAC intact.
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<()> {
    verify_file(conn, path, migrations::APPLICATION_ID)?;
    migrations::refuse_newer(migrations::schema_version(conn)?)
}

/// The first read proves the key; then the file must carry `application_id`, with every
/// page's HMAC intact (the coordinator's store and the reporting store alike).
pub(crate) fn verify_file(conn: &Connection, path: &Path, application_id: i64) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| describe_failure(path, e))?;
    let found: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if found != application_id {
        return Err(CoreError::NotAPeerDeskDatabase(path.to_path_buf()));
    }
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

/// The connection settings every store runs with, read back: a store that silently ran
/// without foreign keys or with a weaker journal would lose data quietly. `secure_delete`
/// overwrites erased content (a purged requester name) instead of leaving it in free pages;
/// the busy timeout lets a command-line read wait for the window's write instead of failing.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "secure_delete", true)?;
    let journal: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let foreign_keys: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    let synchronous: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if foreign_keys != 1 || !journal.eq_ignore_ascii_case("wal") || synchronous != 2 {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "the database would not take its settings (foreign_keys={foreign_keys}, journal_mode={journal}, synchronous={synchronous})"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keystore::MemoryKeyStore;

    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    fn passphrase() -> Passphrase {
        Passphrase::new("lantern orbit cedar mosaic")
    }

    fn created(keystore: &MemoryKeyStore) -> (tempfile::TempDir, DataDir) {
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = DataDir::new(temp.path().join("data"));
        Store::create_with_params(&dir, &passphrase(), Keychain::On(keystore), FAST)
            .expect("create");
        (temp, dir)
    }

    #[test]
    fn sqlcipher_runs_with_memory_security_on() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        let store = Store::unlock(&dir, Keychain::On(&keystore), None).expect("unlock");
        let on: String = store
            .conn()
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(on, "1", "freed buffers are wiped and key material locked");
    }

    #[test]
    fn a_new_store_opens_with_the_key_from_the_credential_store() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        let store = Store::unlock(&dir, Keychain::On(&keystore), None).expect("unlock");
        assert!(
            matches!(store.unlocked_by(), UnlockMethod::CredentialStore(_)),
            "got {:?}",
            store.unlocked_by()
        );
    }

    #[test]
    fn an_empty_credential_store_asks_for_recovery_then_takes_the_key_back() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        let emptied = MemoryKeyStore::new();
        let error =
            Store::unlock(&dir, Keychain::On(&emptied), None).expect_err("no key, no passphrase");
        assert_eq!(error.code(), "recovery_needed", "got {error}");
        Store::unlock(&dir, Keychain::On(&emptied), Some(&passphrase()))
            .expect("recovery passphrase");
        let again = Store::unlock(&dir, Keychain::On(&emptied), None).expect("key stored again");
        assert!(
            matches!(again.unlocked_by(), UnlockMethod::CredentialStore(_)),
            "with the key stored again, the credential store unlocks without a passphrase"
        );
    }

    #[test]
    fn a_locked_credential_store_asks_for_the_passphrase() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        keystore.set_locked(true);
        let error = Store::unlock(&dir, Keychain::On(&keystore), None).expect_err("locked");
        assert_eq!(error.code(), "passphrase_needed", "got {error}");
        let store =
            Store::unlock(&dir, Keychain::On(&keystore), Some(&passphrase())).expect("passphrase");
        assert_eq!(
            store.unlocked_by(),
            &UnlockMethod::Passphrase,
            "the store was unlocked by the passphrase"
        );
    }

    #[test]
    fn setup_refuses_an_existing_database_and_a_weak_passphrase() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        let error = Store::create_with_params(&dir, &passphrase(), Keychain::Off, FAST)
            .expect_err("exists");
        assert_eq!(
            error.code(),
            "already_exists",
            "a second setup on an existing database is refused as already existing"
        );
        let other = tempfile::tempdir().expect("tempdir");
        let weak = Store::create(
            &DataDir::new(other.path()),
            &Passphrase::new("abc"),
            Keychain::Off,
        )
        .expect_err("weak passphrase");
        assert_eq!(
            weak.code(),
            "weak_passphrase",
            "setup with a weak passphrase is refused as weak"
        );
        assert!(
            DataDir::new(other.path()).needs_setup(),
            "nothing was created for a weak passphrase"
        );
    }

    #[test]
    fn a_missing_database_needs_setup() {
        let temp = tempfile::tempdir().expect("tempdir");
        let error = Store::unlock(&DataDir::new(temp.path()), Keychain::Off, None)
            .expect_err("nothing there");
        assert_eq!(
            error.code(),
            "needs_setup",
            "an empty data folder needs setup"
        );
    }
}
