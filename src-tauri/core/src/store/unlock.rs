//! Opening an existing store: with the credential store's key, or with the recovery passphrase
//! (which then gives the credential store the right key back), and noting the unlock in the
//! audit log. The passphrase check itself, and which store a passphrase opens, are `mod.rs`'s.

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::store::guard::UnlockGuard;
use crate::store::keyfile::KeyFile;
use crate::store::keystore::KeyStoreError;
use crate::store::secret::Passphrase;
use crate::store::{
    check_recovery, open_connection, rotation, DataDir, Keychain, Store, UnlockMethod,
};

impl Store {
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

    pub(super) fn open_with_keys(
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
