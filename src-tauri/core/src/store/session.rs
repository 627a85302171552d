//! Which store is open: the coordinator's, or the reporting store that reporting staff
//! unlock with the reporting passphrase (`reporting::access` issues, refreshes and revokes
//! it). The passphrase typed decides, never the window: the reporting passphrase's key file
//! wraps another key, so it cannot open the coordinator's database, and `Access` tells every
//! edge what the person at the keyboard may do.

use std::path::PathBuf;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::store::keyfile::KeyFile;
use crate::store::secret::{DataKey, Passphrase};
use crate::store::{self, DataDir, Keychain, Store};

pub const DATABASE_FILE: &str = "peerdesk-reporting.db";
pub const KEY_FILE: &str = "peerdesk-reporting.key";

/// Who is at the keyboard, as the way the store was unlocked says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The coordinator's store: everything.
    Coordinator,
    /// The reporting store: reports, the de-identified export and the flyer.
    Reporting,
}

impl DataDir {
    pub fn reporting_database(&self) -> PathBuf {
        self.root().join(DATABASE_FILE)
    }

    pub fn reporting_key_file(&self) -> PathBuf {
        self.root().join(KEY_FILE)
    }
}

/// The open reporting store.
pub struct ReportingStore {
    conn: Connection,
    dir: DataDir,
    /// Kept for `read_source` (wiped when the store is locked and dropped).
    key: DataKey,
}

impl std::fmt::Debug for ReportingStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportingStore")
            .field("dir", &self.dir)
            .finish()
    }
}

impl ReportingStore {
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    fn open(dir: &DataDir, key: &DataKey) -> Result<ReportingStore> {
        let path = dir.reporting_database();
        if !path.exists() {
            return Err(CoreError::Unusable(
                "the reporting store is missing: ask the coordinator to issue the reporting passphrase again".into(),
            ));
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        store::apply_key(&conn, key)?;
        store::verify_file(&conn, &path, store::REPORTING_APPLICATION_ID)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "secure_delete", true)?;
        let store = ReportingStore {
            conn,
            dir: dir.clone(),
            key: key.clone(),
        };
        crate::store::audit::record(
            &store.conn,
            "reporting",
            "unlock",
            Some("reporting passphrase"),
        )?;
        Ok(store)
    }

    /// Locks: the store closes and its key is wiped; the data folder stays locked.
    pub fn lock(self, idle: bool) -> Result<()> {
        let _ = crate::store::audit::record(
            &self.conn,
            "reporting",
            if idle { "auto-lock" } else { "lock" },
            None,
        );
        store::guard::UnlockGuard::lock(&self.dir)
    }
}

/// An open store of either kind.
#[derive(Debug)]
pub enum Session {
    Coordinator(Store),
    Reporting(ReportingStore),
}

impl From<Store> for Session {
    fn from(store: Store) -> Self {
        Session::Coordinator(store)
    }
}

impl Session {
    /// Opens what `passphrase` opens: the coordinator's store with the recovery passphrase
    /// (or, without a passphrase, the OS credential store's key), the reporting store with
    /// the reporting passphrase. A passphrase that opens neither is counted as wrong.
    pub fn unlock(
        dir: &DataDir,
        keychain: Keychain<'_>,
        passphrase: Option<&Passphrase>,
    ) -> Result<Session> {
        match passphrase {
            None => Store::unlock(dir, keychain, None).map(Session::Coordinator),
            Some(passphrase) => store::unlock_either(dir, keychain, passphrase),
        }
    }

    pub fn access(&self) -> Access {
        match self {
            Session::Coordinator(_) => Access::Coordinator,
            Session::Reporting(_) => Access::Reporting,
        }
    }

    /// The connection reports, exports and the flyer read.
    pub fn conn(&self) -> &Connection {
        match self {
            Session::Coordinator(store) => store.conn(),
            Session::Reporting(store) => store.conn(),
        }
    }

    pub fn dir(&self) -> &DataDir {
        match self {
            Session::Coordinator(store) => store.dir(),
            Session::Reporting(store) => store.dir(),
        }
    }

    /// What long work needs to read this store on a connection of its own (see
    /// `ReadSource`).
    pub fn read_source(&self) -> ReadSource {
        match self {
            Session::Coordinator(store) => store.read_source(),
            Session::Reporting(store) => ReadSource {
                database: store.dir.reporting_database(),
                key: store.key.clone(),
            },
        }
    }

    pub fn lock(self, idle: bool) -> Result<()> {
        match self {
            Session::Coordinator(store) => store.lock(idle),
            Session::Reporting(store) => store.lock(idle),
        }
    }
}

/// The reporting key that `passphrase` unwraps, if a reporting passphrase was issued and
/// this is it.
pub(crate) fn unwrap_key(dir: &DataDir, passphrase: &Passphrase) -> Result<Option<DataKey>> {
    let path = dir.reporting_key_file();
    if !path.exists() {
        return Ok(None);
    }
    match KeyFile::read(&path)?.unwrap_keys(passphrase) {
        Ok(keys) => Ok(Some(keys.current)),
        Err(CoreError::WrongPassphrase) => Ok(None),
        Err(other) => Err(other),
    }
}

pub(crate) fn open(dir: &DataDir, key: &DataKey) -> Result<ReportingStore> {
    ReportingStore::open(dir, key)
}

/// Where long work (a report, an export, a PDF) reads the open store from: the database's
/// place and a copy of its key (wiped when dropped). Its own connection lets the window's
/// other screens use the open store meanwhile; it only reads (`query_only`), inside one
/// transaction that is never committed, so every query of the work sees the same snapshot
/// of the store (a save in the window meanwhile is not half in a report).
pub struct ReadSource {
    pub(crate) database: PathBuf,
    pub(crate) key: DataKey,
}

impl std::fmt::Debug for ReadSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadSource")
            .field("database", &self.database)
            .finish()
    }
}

impl ReadSource {
    /// A read-only connection to the store (the file was verified when it was unlocked).
    pub fn open(&self) -> Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.database,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        store::apply_key(&conn, &self.key)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        super::database::size_page_cache(&conn)?;
        // Deferred: the snapshot is taken at the first read and held until the connection
        // is dropped (which rolls the empty transaction back).
        conn.execute_batch("BEGIN DEFERRED")?;
        Ok(conn)
    }

    /// Two read connections on one snapshot of the store, for work split over two cores (a
    /// report, an export). Each takes its snapshot here, one after the other, so the caller
    /// keeps every writer out meanwhile: the window holds its open store while it calls this.
    pub fn open_two(&self) -> Result<(Connection, Connection)> {
        let (first, second) = (self.open()?, self.open()?);
        for conn in [&first, &second] {
            // The first read of a deferred transaction is what takes its snapshot.
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        }
        Ok((first, second))
    }

    /// Every page of the store checked against its HMAC, on a connection of its own: the
    /// window runs it in the background once a store is open (see `database::verify`).
    pub fn check_every_page(&self) -> Result<()> {
        store::check_every_page(&self.open()?, &self.database)
    }
}
