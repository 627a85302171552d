//! Where the database key lives when no one types a passphrase: the OS credential store
//! (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows), behind a
//! small trait so that unit tests can use an in-memory store instead.
//!
//! Deliberately absent: any fallback. keyring-core has no default store and we never set
//! one; `OsKeyStore::connect` builds the platform's real store or fails, so keys can never
//! land in a mock that forgets them when the process ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use keyring_core::api::CredentialStore;

use crate::store::secret::DataKey;

/// The service name under which PeerDesk's keys are filed in the credential store.
pub const SERVICE: &str = "PeerDesk";

/// Why the credential store could not give or take a key (kept with the crate's errors).
pub use crate::error::KeyStoreError;

/// A place that keeps one data key per database, filed under the database's store id.
pub trait KeyStore: Send + Sync {
    /// Names the store for `peerdesk status` and the settings screen.
    fn describe(&self) -> String;
    /// The key for this database, or `None` when the store answers but holds none.
    fn load(&self, store_id: &str) -> Result<Option<DataKey>, KeyStoreError>;
    fn save(&self, store_id: &str, key: &DataKey) -> Result<(), KeyStoreError>;
    fn delete(&self, store_id: &str) -> Result<(), KeyStoreError>;
}

fn account(store_id: &str) -> String {
    format!("database-key:{store_id}")
}

/// The platform's credential store, through keyring-core.
pub struct OsKeyStore {
    store: Arc<CredentialStore>,
}

impl OsKeyStore {
    /// Connects to the platform's store. Fails fast where none answers (no session bus,
    /// an unsupported platform) instead of falling back to anything.
    pub fn connect() -> Result<Self, KeyStoreError> {
        Ok(OsKeyStore {
            store: platform_store()?,
        })
    }

    /// The keyring-core vendor string of the store in use, e.g. "Secret Service store, …".
    pub fn vendor(&self) -> String {
        self.store.vendor()
    }

    fn entry(&self, store_id: &str) -> Result<keyring_core::Entry, KeyStoreError> {
        self.store
            .build(SERVICE, &account(store_id), None)
            .map_err(classify)
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyStoreError> {
    let store = zbus_secret_service_keyring_store::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyStoreError> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyStoreError> {
    let store = windows_native_keyring_store::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<Arc<CredentialStore>, KeyStoreError> {
    Err(KeyStoreError::Unavailable(
        "this platform has no supported credential store".into(),
    ))
}

fn classify(error: keyring_core::Error) -> KeyStoreError {
    use keyring_core::Error as E;
    match error {
        E::NoStorageAccess(inner) => KeyStoreError::Locked(inner.to_string()),
        E::BadEncoding(_) | E::BadDataFormat(..) | E::Ambiguous(_) => {
            KeyStoreError::Unreadable(error.to_string())
        }
        other => KeyStoreError::Unavailable(other.to_string()),
    }
}

impl KeyStore for OsKeyStore {
    fn describe(&self) -> String {
        let vendor = self.vendor();
        let name = vendor
            .split(',')
            .next()
            .unwrap_or(&vendor)
            .trim()
            .to_string();
        format!("OS credential store ({name})")
    }

    fn load(&self, store_id: &str) -> Result<Option<DataKey>, KeyStoreError> {
        match self.entry(store_id)?.get_secret() {
            Ok(bytes) => {
                let bytes = zeroize::Zeroizing::new(bytes);
                DataKey::from_slice(&bytes).map(Some).ok_or_else(|| {
                    KeyStoreError::Unreadable("the stored key has the wrong length".into())
                })
            }
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(other) => Err(classify(other)),
        }
    }

    fn save(&self, store_id: &str, key: &DataKey) -> Result<(), KeyStoreError> {
        self.entry(store_id)?
            .set_secret(key.as_bytes())
            .map_err(classify)
    }

    fn delete(&self, store_id: &str) -> Result<(), KeyStoreError> {
        match self.entry(store_id)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(other) => Err(classify(other)),
        }
    }
}

/// Keys in a map, for unit tests of the unlock logic; it can also play a locked store.
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<String, DataKey>>,
    locked: AtomicBool,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every later call fail as a locked credential store does.
    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    fn keys(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, DataKey>>, KeyStoreError> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(KeyStoreError::Locked(
                "the in-memory store is locked".into(),
            ));
        }
        self.keys
            .lock()
            .map_err(|_| KeyStoreError::Unavailable("the in-memory store is poisoned".into()))
    }
}

impl KeyStore for MemoryKeyStore {
    fn describe(&self) -> String {
        "in-memory key store (tests only)".into()
    }

    fn load(&self, store_id: &str) -> Result<Option<DataKey>, KeyStoreError> {
        Ok(self.keys()?.get(store_id).cloned())
    }

    fn save(&self, store_id: &str, key: &DataKey) -> Result<(), KeyStoreError> {
        self.keys()?.insert(store_id.to_string(), key.clone());
        Ok(())
    }

    fn delete(&self, store_id: &str) -> Result<(), KeyStoreError> {
        self.keys()?.remove(store_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trips_and_forgets_on_delete() {
        let store = MemoryKeyStore::new();
        let key = DataKey::generate();
        store.save("a", &key).expect("save");
        assert_eq!(
            store.load("a").expect("load"),
            Some(key),
            "the saved key comes back"
        );
        assert_eq!(
            store.load("b").expect("load"),
            None,
            "another id has no key"
        );
        store.delete("a").expect("delete");
        assert_eq!(
            store.load("a").expect("load"),
            None,
            "a deleted key is gone"
        );
    }

    #[test]
    fn a_locked_memory_store_refuses_like_a_locked_keyring() {
        let store = MemoryKeyStore::new();
        store.set_locked(true);
        assert!(
            matches!(store.load("a"), Err(KeyStoreError::Locked(_))),
            "locked store must refuse"
        );
    }
}
