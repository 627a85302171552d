use super::*;
use crate::store::keyfile::KdfParams;
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
    Store::create_with_params(&dir, &passphrase(), Keychain::On(keystore), FAST).expect("create");
    (temp, dir)
}

/// Key material is locked and wiped by SQLCipher's private heap in any case; locking and
/// wiping every other allocation made reports several times slower (see `apply_key`).
#[test]
fn sqlcipher_locks_its_key_material_only_not_every_allocation() {
    let keystore = MemoryKeyStore::new();
    let (_temp, dir) = created(&keystore);
    let store = Store::unlock(&dir, Keychain::On(&keystore), None).expect("unlock");
    let on: String = store
        .conn()
        .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(on, "0", "every allocation is not locked and wiped");
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
    Store::unlock(&dir, Keychain::On(&emptied), Some(&passphrase())).expect("recovery passphrase");
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
    let error =
        Store::create_with_params(&dir, &passphrase(), Keychain::Off, FAST).expect_err("exists");
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
    let error =
        Store::unlock(&DataDir::new(temp.path()), Keychain::Off, None).expect_err("nothing there");
    assert_eq!(
        error.code(),
        "needs_setup",
        "an empty data folder needs setup"
    );
}
