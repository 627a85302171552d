//! Small helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use peerdesk_core::store::keystore::MemoryKeyStore;
use peerdesk_core::{DataDir, Keychain, Passphrase, Store};
use sha2::{Digest, Sha256};

pub const PASSPHRASE: &str = "lantern orbit cedar mosaic";

pub fn passphrase() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

/// A temp folder with a data folder inside it (which does not exist yet).
pub struct Scratch {
    pub temp: tempfile::TempDir,
    pub dir: DataDir,
}

pub fn scratch() -> Scratch {
    let temp = tempfile::tempdir().expect("a temp folder");
    let dir = DataDir::new(temp.path().join("data"));
    Scratch { temp, dir }
}

/// A new store, unlocked by the passphrase alone (no credential store).
pub fn new_store() -> (Scratch, Store) {
    let scratch = scratch();
    let store = Store::create(&scratch.dir, &passphrase(), Keychain::Off).expect("setup succeeds");
    (scratch, store)
}

/// A new store whose key is kept in an in-memory credential store.
pub fn new_store_with_keystore() -> (Scratch, MemoryKeyStore) {
    let scratch = scratch();
    let keystore = MemoryKeyStore::new();
    Store::create(&scratch.dir, &passphrase(), Keychain::On(&keystore)).expect("setup succeeds");
    (scratch, keystore)
}

pub fn reopen(dir: &DataDir) -> Store {
    Store::unlock(dir, Keychain::Off, Some(&passphrase()))
        .expect("the store reopens with its passphrase")
}

pub fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("file readable")))
}

/// The names of the files in a folder, sorted.
pub fn listing(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("folder readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The database and its companions (-wal, -shm) that exist.
pub fn database_files(dir: &DataDir) -> Vec<PathBuf> {
    let db = dir.database();
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter(|p| p.exists())
        .collect()
}
