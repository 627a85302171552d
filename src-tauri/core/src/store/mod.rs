//! The encrypted store: one SQLCipher database and its key file in a data folder.
//!
//! The states a data folder can be in, and what each leads to:
//! - no database file: first-run setup (`Store::create`);
//! - a database whose key the OS credential store holds: opens without a word;
//! - a database whose key the credential store does not hold: the recovery passphrase;
//! - a credential store that is locked, absent or switched off: the passphrase;
//! - a wrong passphrase, a foreign or damaged file, a newer schema: a clear error, and
//!   the files are left exactly as they were.
//!
//! Nothing here ever creates a database where a file already exists: a missing key is
//! never a reason to start over (Signal Desktop once did that to its users).

pub mod migrations;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::keyfile::{KdfParams, KeyFile};
use crate::keystore::{KeyStore, KeyStoreError};
use crate::passphrase;
use crate::secret::{DataKey, Passphrase};

const DATABASE_FILE: &str = "peerdesk.db";
const KEY_FILE: &str = "peerdesk.key";

/// The folder that holds the database and its key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The platform's app-data folder (e.g. `~/.local/share/peerdesk` on Linux).
    pub fn platform_default() -> Result<Self> {
        directories::ProjectDirs::from("org", "PeerDesk", "PeerDesk")
            .map(|dirs| DataDir::new(dirs.data_dir()))
            .ok_or_else(|| {
                CoreError::Invalid("no home folder is known: give one with --data-dir".into())
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

    /// Whether setup is needed: only when no database file exists at all.
    pub fn needs_setup(&self) -> bool {
        !self.database().exists()
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

/// An open, unlocked, migrated store.
pub struct Store {
    conn: Connection,
    dir: DataDir,
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

    fn create_with_params(
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
        std::fs::create_dir_all(dir.root()).map_err(|e| CoreError::io(dir.root(), e))?;

        let key = DataKey::generate();
        let store_id = hex::encode(&DataKey::generate().as_bytes()[..16]);
        KeyFile::seal(&store_id, &key, recovery, params)?.write_atomically(&dir.key_file())?;

        // Build the database under a temporary name and move it into place whole, so a crash
        // during setup never leaves a half-made file that later looks like a damaged store.
        let staging = dir.root().join(format!("{DATABASE_FILE}.new"));
        remove_if_present(&staging)?;
        {
            let mut conn = Connection::open_with_flags(
                &staging,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            apply_key(&conn, &key)?;
            conn.pragma_update(None, "foreign_keys", true)?;
            migrations::migrate(&mut conn)?;
            crate::audit::record(&conn, "setup", "store created", None)?;
        }
        std::fs::rename(&staging, &database).map_err(|e| CoreError::io(&database, e))?;

        let (unlocked_by, keychain_problem) = match keychain {
            Keychain::On(store) => match store.save(&store_id, &key) {
                Ok(()) => (UnlockMethod::CredentialStore(store.describe()), None),
                Err(e) => (UnlockMethod::Passphrase, Some(e.to_string())),
            },
            Keychain::Unreachable(e) => (UnlockMethod::Passphrase, Some(e.to_string())),
            Keychain::Off => (UnlockMethod::Passphrase, None),
        };
        let conn = open_connection(&database, &key)?;
        Ok(Store {
            conn,
            dir: dir.clone(),
            unlocked_by,
            keychain_problem,
        })
    }

    /// Opens an existing store: with the key from the credential store when it holds one,
    /// else with `passphrase`. Without a usable key source, says which screen is needed:
    /// `RecoveryNeeded` (the credential store answers but has no key) or
    /// `PassphraseNeeded` (it is locked, absent or off).
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
        let from_keychain = match keychain {
            Keychain::On(store) => Some(store.load(&key_file.store_id).map(|key| (store, key))),
            Keychain::Unreachable(e) => Some(Err(KeyStoreError::Unavailable(e.to_string()))),
            Keychain::Off => None,
        };
        match (from_keychain, passphrase) {
            (Some(Ok((store, Some(key)))), _) => {
                let conn = open_connection(&database, &key)?;
                let unlocked_by = UnlockMethod::CredentialStore(store.describe());
                Ok(Store {
                    conn,
                    dir: dir.clone(),
                    unlocked_by,
                    keychain_problem: None,
                })
            }
            (Some(Ok((store, None))), Some(passphrase)) => {
                // Recovery: the passphrase opens it, and the credential store gets the key back
                // so that the next start needs no passphrase.
                let key = key_file.unwrap_key(passphrase)?;
                let conn = open_connection(&database, &key)?;
                let keychain_problem = store
                    .save(&key_file.store_id, &key)
                    .err()
                    .map(|e| e.to_string());
                Ok(Store {
                    conn,
                    dir: dir.clone(),
                    unlocked_by: UnlockMethod::Passphrase,
                    keychain_problem,
                })
            }
            (Some(Ok((_, None))), None) => Err(CoreError::RecoveryNeeded),
            (Some(Err(_)) | None, Some(passphrase)) => {
                let key = key_file.unwrap_key(passphrase)?;
                let conn = open_connection(&database, &key)?;
                Ok(Store {
                    conn,
                    dir: dir.clone(),
                    unlocked_by: UnlockMethod::Passphrase,
                    keychain_problem: None,
                })
            }
            (Some(Err(e)), None) => Err(CoreError::PassphraseNeeded(e.to_string())),
            (None, None) => Err(CoreError::PassphraseNeeded(
                "the OS credential store is switched off".into(),
            )),
        }
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

    /// What `peerdesk status` prints: where, which versions, how unlocked, how many rows.
    /// Never a name, never a key.
    pub fn status(&self) -> Result<StatusReport> {
        let sqlcipher_version: String = self
            .conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
        let mut counts = Vec::new();
        for table in COUNTED_TABLES {
            let rows: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            counts.push(TableCount {
                table: (*table).to_string(),
                rows,
            });
        }
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
            counts,
        })
    }
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

#[derive(Debug, Clone, Serialize)]
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

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CoreError::io(path, e)),
    }
}

/// The key must be the very first statement on a connection. SQLCipher's own log is
/// silenced so that a failed HMAC check is reported by us, once, in words.
fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    conn.execute_batch(&key.sqlcipher_key_statement())?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    Ok(())
}

/// Opens an existing database with `key`. Everything that could reject the file (wrong
/// key, foreign file, damage, a newer schema) is checked first on a read-only connection,
/// so a rejected file is not changed by a single byte and gains no companion files.
fn open_connection(path: &Path, key: &DataKey) -> Result<Connection> {
    {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| describe_failure(path, e))?;
        apply_key(&conn, key)?;
        verify(&conn, path)?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_failure(path, e))?;
    apply_key(&conn, key)?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    // Requester details past their retention period are erased whenever the store opens.
    crate::retention::purge_due(&conn, crate::clock::now_local())?;
    Ok(conn)
}

/// The first read proves the key; then the file must be ours, of a schema we know, with
/// every page's HMAC intact.
fn verify(conn: &Connection, path: &Path) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| describe_failure(path, e))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if application_id != migrations::APPLICATION_ID {
        return Err(CoreError::NotAPeerDeskDatabase(path.to_path_buf()));
    }
    migrations::refuse_newer(migrations::schema_version(conn)?)?;
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

/// Per-connection settings, read back: a store that silently ran without foreign keys or
/// with a weaker journal would lose data quietly.
/// The connection settings every store runs with. `secure_delete` overwrites erased content
/// (a purged requester name) instead of leaving it in free pages.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "secure_delete", true)?;
    let journal: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let foreign_keys: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    let synchronous: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if foreign_keys != 1 || !journal.eq_ignore_ascii_case("wal") || synchronous != 2 {
        return Err(CoreError::Invalid(format!(
            "the database would not take its settings (foreign_keys={foreign_keys}, journal_mode={journal}, synchronous={synchronous})"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::MemoryKeyStore;

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
        assert!(matches!(
            again.unlocked_by(),
            UnlockMethod::CredentialStore(_)
        ));
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
        assert_eq!(store.unlocked_by(), &UnlockMethod::Passphrase);
    }

    #[test]
    fn setup_refuses_an_existing_database_and_a_weak_passphrase() {
        let keystore = MemoryKeyStore::new();
        let (_temp, dir) = created(&keystore);
        let error = Store::create_with_params(&dir, &passphrase(), Keychain::Off, FAST)
            .expect_err("exists");
        assert_eq!(error.code(), "already_exists");
        let other = tempfile::tempdir().expect("tempdir");
        let weak = Store::create(
            &DataDir::new(other.path()),
            &Passphrase::new("abc"),
            Keychain::Off,
        )
        .expect_err("weak passphrase");
        assert_eq!(weak.code(), "weak_passphrase");
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
        assert_eq!(error.code(), "needs_setup");
    }
}
