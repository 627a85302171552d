//! First-run setup: a new key and a new, empty store in a folder that holds none. Opening a
//! store that exists is `unlock`'s.

use std::fs::File;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};
use crate::files::disk;
use crate::store::keyfile::{KdfParams, KeyFile};
use crate::store::secret::{DataKey, Passphrase};
use crate::store::{
    apply_key, migrations, open_connection, passphrase, DataDir, Keychain, Store, UnlockMethod,
    DATABASE_FILE, KEY_FILE,
};

impl Store {
    /// First-run setup: a new key, wrapped under the recovery passphrase in the key file,
    /// kept in the credential store when one answers, and a new database with the schema.
    /// Refuses if a database file already exists.
    pub fn create(dir: &DataDir, recovery: &Passphrase, keychain: Keychain<'_>) -> Result<Store> {
        Self::create_with_params(dir, recovery, keychain, KdfParams::for_new_keys())
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
