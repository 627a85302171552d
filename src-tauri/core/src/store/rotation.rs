//! A new recovery passphrase, and a new data key.
//!
//! Changing the passphrase re-wraps the same data key under the new passphrase and replaces
//! the key file whole: from that instant the old passphrase opens nothing here. (A backup
//! made before the change still opens with the passphrase of its day: it carries its own
//! key file.)
//!
//! Rotating the data key re-encrypts every page of the database (`PRAGMA rekey`) and must
//! survive being cut off at any instant. The rule: at every instant exactly one key opens
//! the database, and the key file names it. So:
//! 1. the key file is rewritten to hold the current key and the next one (`pending`);
//! 2. the write-ahead log is emptied and the database switched to a rollback journal, whose
//!    pages are kept under the old key, then `PRAGMA rekey` rewrites every page in one
//!    transaction: cut off, the journal puts the old pages back; committed, all are new;
//! 3. the key file is rewritten to hold the next key alone, and the credential store is
//!    given it.
//!
//! Opening with the passphrase (`open_settling`) tries the current key, then the pending
//! one, and writes the key file down to the one that opened: a rotation cut off at any step
//! is finished or undone on the next unlock. Opening with the credential store's key after
//! an unfinished rotation works when that key still opens the database; when it does not,
//! the passphrase is asked for and settles it.

use std::fs::File;

use rusqlite::Connection;

use crate::error::{CoreError, Problem, Result};
use crate::store::keyfile::{KdfParams, KeyFile, Sealer, Unwrapped};
use crate::store::passphrase;
use crate::store::secret::{DataKey, Passphrase};
use crate::store::{open_connection, verified_keys, DataDir, Keychain, Store};
use crate::work::Work;

/// The OS lock a rotation holds on `peerdesk.rotation` from the moment the key file names two
/// keys until it names one again. Another process that opens the store meanwhile must not
/// settle the key file (it would drop the key the rotation is about to commit); the OS lets
/// go of it when the rotating process ends, even by a kill, and then settling is safe.
fn rotation_lock(dir: &DataDir, wait: bool) -> Result<Option<File>> {
    let path = dir.root().join("peerdesk.rotation");
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).map_err(|e| CoreError::io(&path, e))?;
    let locked = if wait {
        file.lock()
            .map(|()| true)
            .map_err(|e| CoreError::io(&path, e))?
    } else {
        match file.try_lock() {
            Ok(()) => true,
            Err(std::fs::TryLockError::WouldBlock) => false,
            Err(std::fs::TryLockError::Error(e)) => return Err(CoreError::io(&path, e)),
        }
    };
    Ok(locked.then_some(file))
}

/// Opens the database with the keys a passphrase unwrapped, and settles an unfinished
/// rotation: the key that opened it becomes the key file's only key — unless a rotation is
/// under way in another process right now, which will settle it itself.
pub(super) fn open_settling(dir: &DataDir, keys: Unwrapped) -> Result<(Connection, DataKey)> {
    let Unwrapped {
        current,
        pending,
        sealer,
    } = keys;
    let Some(next) = pending else {
        return Ok((open_connection(dir, &current)?, current));
    };
    let (conn, opened_with) = match open_connection(dir, &current) {
        Ok(conn) => (conn, current),
        Err(CoreError::NotAPeerDeskDatabase(_)) => (open_connection(dir, &next)?, next),
        Err(other) => return Err(other),
    };
    if let Some(_rotation_over) = rotation_lock(dir, false)? {
        sealer
            .seal(&opened_with, None)?
            .write_atomically(&dir.key_file())?;
    }
    Ok((conn, opened_with))
}

/// What a rotation of the data key did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rotation {
    pub seconds: f64,
    /// Set when the credential store could not take the new key (the passphrase still opens).
    pub keychain_problem: Option<String>,
}

impl Store {
    /// Replaces the recovery passphrase: `current` must open the key file; `new` must be as
    /// strong as setup asks. The old passphrase stops working at once.
    pub fn change_passphrase(&mut self, current: &Passphrase, new: &Passphrase) -> Result<()> {
        passphrase::require_acceptable(new)?;
        // Staff typing their reporting passphrase would otherwise open everything.
        if crate::store::session::unwrap_key(&self.dir, new)?.is_some() {
            return Err(CoreError::invalid(
                "new",
                Problem::Duplicate,
                "the new recovery passphrase must differ from the reporting passphrase",
            ));
        }
        let key_file = KeyFile::read(&self.dir.key_file())?;
        let keys = verified_keys(&self.dir, &key_file, current)?;
        // The open store's key is the one that opens the database; it must be one the key
        // file names, or this file belongs to another store.
        if keys.current != self.key && keys.pending.as_ref() != Some(&self.key) {
            return Err(CoreError::refused(
                Problem::NotAllowed,
                "the key file does not hold this store's key: unlock PeerDesk with the passphrase first",
            ));
        }
        let _rotation = rotation_lock(&self.dir, true)?;
        Sealer::new(&self.store_id, new, KdfParams::for_new_keys())?
            .seal(&self.key, None)?
            .write_atomically(&self.dir.key_file())?;
        // The change is made; a full audit log must not make it look as if it were not.
        let _ = crate::store::audit::record(&self.conn, "coordinator", "passphrase changed", None);
        Ok(())
    }

    /// Re-encrypts the whole database under a new data key (see the module's doc for why it
    /// can be cut off at any instant). `passphrase` is needed to wrap the new key. Cancel on
    /// `work` is heard until the key file is first written; from there the rotation runs to
    /// its end (`PRAGMA rekey` is one statement), and says so.
    pub fn rotate_key(
        &mut self,
        passphrase: &Passphrase,
        keychain: Keychain<'_>,
        work: &Work,
    ) -> Result<Rotation> {
        const STAGES: u64 = 3;
        let started = std::time::Instant::now();
        work.step("Checking the passphrase", 0, STAGES)?;
        let key_file = KeyFile::read(&self.dir.key_file())?;
        let keys = verified_keys(&self.dir, &key_file, passphrase)?;
        if keys.current != self.key {
            return Err(CoreError::refused(
                Problem::NotAllowed,
                "the key file does not hold this store's key: unlock PeerDesk with the passphrase first",
            ));
        }
        work.check()?;
        let _rotation = rotation_lock(&self.dir, true)?;
        work.past_cancelling();
        work.step("Re-encrypting every page", 1, STAGES)?;
        let next = DataKey::generate();
        let path = self.dir.key_file();
        // 1. The key file names both keys.
        keys.sealer
            .seal(&self.key, Some(&next))?
            .write_atomically(&path)?;
        // 2. Every page under the new key, in one transaction with a rollback journal.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let mode: String =
            self.conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(CoreError::Unusable(
                "the database is in use by another program: close it and rotate the key again"
                    .into(),
            ));
        }
        self.conn.execute_batch(&next.sqlcipher_rekey_statement())?;
        // From here the database opens with the new key only: the open store must know it
        // at once, whatever happens next.
        self.key = next;
        // 3. The key file names the new key alone; the credential store gets it too.
        work.step("Saving the new key", 2, STAGES)?;
        keys.sealer.seal(&self.key, None)?.write_atomically(&path)?;
        crate::store::configure(&self.conn)?;
        let keychain_problem = match keychain {
            Keychain::On(store) => store
                .save(&self.store_id, &self.key)
                .err()
                .map(|e| e.to_string()),
            Keychain::Unreachable(_) | Keychain::Off => None,
        };
        let _ = crate::store::audit::record(
            &self.conn,
            "coordinator",
            "rekey",
            Some("the data key was rotated"),
        );
        work.step("Saving the new key", STAGES, STAGES)?;
        Ok(Rotation {
            seconds: started.elapsed().as_secs_f64(),
            keychain_problem,
        })
    }
}
