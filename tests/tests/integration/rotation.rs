//! Keys over time: a new recovery passphrase and a new data key, on real files.

use peerdesk_core::store::keyfile::KeyFile;
use peerdesk_core::store::keystore::KeyStore;
use peerdesk_core::store::UnlockMethod;
use peerdesk_core::{Keychain, Passphrase, Store};

use crate::fixture::{new_store, new_store_with_keystore, passphrase, reopen, sha256};

fn new_passphrase() -> Passphrase {
    Passphrase::new("harbor quartz meadow tangent")
}

fn trainings(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM trainings", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_new_passphrase_works_at_once_and_the_old_one_stops() {
    let (scratch, mut store) = new_store();
    store
        .change_passphrase(&passphrase(), &new_passphrase())
        .expect("changed");
    drop(store);
    let error = Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase()))
        .expect_err("the old passphrase opens nothing any more");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    drop(
        Store::unlock(&scratch.dir, Keychain::Off, Some(&new_passphrase()))
            .expect("the new passphrase opens the store"),
    );
}

#[test]
fn a_passphrase_change_needs_the_current_one_and_a_strong_new_one() {
    let (scratch, mut store) = new_store();
    let key_file = sha256(&scratch.dir.key_file());
    let error = store
        .change_passphrase(&Passphrase::new("a wrong current one"), &new_passphrase())
        .expect_err("the current passphrase must be right");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    let error = store
        .change_passphrase(&passphrase(), &Passphrase::new("short"))
        .expect_err("a weak passphrase is refused");
    assert_eq!(error.code(), "weak_passphrase", "got {error}");
    assert_eq!(
        sha256(&scratch.dir.key_file()),
        key_file,
        "a refused change leaves the key file as it was"
    );
}

#[test]
fn a_rotated_key_keeps_every_row_and_the_old_key_opens_nothing() {
    let (scratch, keystore) = new_store_with_keystore();
    let mut store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None).expect("open");
    store
        .conn()
        .execute(
            "INSERT INTO trainings (held_on, hours, trainer) VALUES ('2026-11-30', 4, 'Dr. Rotation')",
            [],
        )
        .expect("a row");
    let rows = trainings(&store);
    let store_id = KeyFile::read(&scratch.dir.key_file())
        .expect("key file")
        .store_id;
    let old_key = keystore
        .load(&store_id)
        .expect("load")
        .expect("the old key");
    let rotation = store
        .rotate_key(
            &passphrase(),
            Keychain::On(&keystore),
            &peerdesk_core::Work::none(),
        )
        .expect("rotated");
    assert_eq!(
        rotation.keychain_problem, None,
        "the credential store took the new key"
    );
    drop(store);

    let new_key = keystore
        .load(&store_id)
        .expect("load")
        .expect("the new key");
    assert_ne!(
        new_key, old_key,
        "the credential store holds a different key now"
    );
    let reopened = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect("the credential store's new key opens it");
    assert!(
        matches!(reopened.unlocked_by(), UnlockMethod::CredentialStore(_)),
        "by the credential store"
    );
    assert_eq!(trainings(&reopened), rows, "every row is still there");
    drop(reopened);

    keystore
        .save(&store_id, &old_key)
        .expect("put the old key back");
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect_err("the old key opens nothing");
    assert_eq!(error.code(), "stale_stored_key", "got {error}");
    let key_file = KeyFile::read(&scratch.dir.key_file()).expect("key file");
    assert!(
        !key_file.has_pending(),
        "the key file names one key once the rotation is done"
    );
    assert_eq!(
        trainings(&reopen(&scratch.dir)),
        rows,
        "the passphrase opens the rotated store"
    );
}

#[test]
fn an_unfinished_rotation_is_settled_on_unlock_unless_another_process_is_rotating() {
    let (scratch, store) = new_store();
    drop(store);
    // As a rotation cut off after step 1: the key file names the current key and a next one.
    let key_file = KeyFile::read(&scratch.dir.key_file()).expect("key file");
    let keys = key_file.unwrap_keys(&passphrase()).expect("unwrap");
    keys.sealer
        .seal(&keys.current, Some(&peerdesk_core::DataKey::generate()))
        .expect("seal both")
        .write_atomically(&scratch.dir.key_file())
        .expect("write");

    // Another process holds the rotation's lock: it is rotating right now.
    let lock_path = scratch.dir.root().join("peerdesk.rotation");
    let rotating = std::fs::File::create(&lock_path).expect("lock file");
    rotating.lock().expect("hold the rotation's lock");
    drop(reopen(&scratch.dir));
    assert!(
        KeyFile::read(&scratch.dir.key_file())
            .expect("key file")
            .has_pending(),
        "the next key is left for the rotating process"
    );
    drop(rotating);
    drop(reopen(&scratch.dir));
    assert!(
        !KeyFile::read(&scratch.dir.key_file())
            .expect("key file")
            .has_pending(),
        "once nobody rotates, opening settles the key file on the key that opens"
    );
}

#[test]
fn a_wrong_passphrase_rotates_nothing_and_changes_no_passphrase() {
    let (scratch, mut store) = new_store();
    let key_file = sha256(&scratch.dir.key_file());
    let wrong = Passphrase::new("not the recovery passphrase");
    let error = store
        .rotate_key(&wrong, Keychain::Off, &peerdesk_core::Work::none())
        .expect_err("a rotation needs the right passphrase");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    let error = store
        .change_passphrase(&wrong, &new_passphrase())
        .expect_err("a change needs the right current passphrase");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    assert_eq!(
        sha256(&scratch.dir.key_file()),
        key_file,
        "the key file is byte-identical: same key, same passphrase"
    );
    drop(store);
    assert!(
        !KeyFile::read(&scratch.dir.key_file())
            .expect("key file")
            .has_pending(),
        "no rotation was begun"
    );
    drop(reopen(&scratch.dir));
    let error = Store::unlock(&scratch.dir, Keychain::Off, Some(&new_passphrase()))
        .expect_err("the would-be new passphrase opens nothing");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
}
