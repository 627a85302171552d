//! The lock holds: a given passphrase is always checked, a lock outlives the process, wrong
//! passphrases are slowed down, setup never clobbers, and the data folder is owner-only.

use peerdesk_core::store::guard::UnlockGuard;
use peerdesk_core::store::UnlockMethod;
use peerdesk_core::{DataDir, Keychain, Passphrase, Store};

use crate::fixture::{listing, new_store_with_keystore, passphrase, scratch, sha256};

fn wrong() -> Passphrase {
    Passphrase::new("not the recovery passphrase")
}

#[test]
fn a_wrong_passphrase_is_refused_even_when_the_credential_store_holds_the_key() {
    let (scratch, keystore) = new_store_with_keystore();
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&wrong()))
        .expect_err("the key in the credential store must not let a wrong passphrase in");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    let store = Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&passphrase()))
        .expect("the right passphrase opens it");
    assert_eq!(
        store.unlocked_by(),
        &UnlockMethod::Passphrase,
        "opened by the passphrase that was given"
    );
}

#[test]
fn after_a_lock_only_the_passphrase_opens_the_store_also_in_the_next_process() {
    let (scratch, keystore) = new_store_with_keystore();
    let store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None).expect("opens");
    store.lock(false).expect("locked");
    // A new process knows nothing but what is on disk: the same calls, fresh.
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect_err("the credential store's key is not used while locked");
    assert_eq!(error.code(), "locked", "got {error}");
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&wrong()))
        .expect_err("a wrong passphrase stays refused");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    assert!(
        UnlockGuard::read(&scratch.dir).locked,
        "a wrong passphrase leaves it locked"
    );
    drop(
        Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&passphrase()))
            .expect("the passphrase opens it"),
    );
    let store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect("once the passphrase was typed, the credential store opens it again");
    assert!(
        matches!(store.unlocked_by(), UnlockMethod::CredentialStore(_)),
        "by the credential store: {:?}",
        store.unlocked_by()
    );
}

#[test]
fn after_five_wrong_passphrases_even_the_right_one_must_wait() {
    let (scratch, keystore) = new_store_with_keystore();
    for attempt in 1..=5 {
        let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&wrong()))
            .expect_err("wrong");
        assert_eq!(
            error.to_string(),
            "that passphrase does not unlock this database",
            "attempt {attempt} is refused with the same words"
        );
    }
    let database = sha256(&scratch.dir.database());
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&passphrase()))
        .expect_err("the sixth try comes too soon");
    assert_eq!(error.code(), "too_many_attempts", "got {error}");
    // However slow the machine, the wait stated is what is left of the 30 seconds.
    let seconds: u64 = error
        .to_string()
        .split("wait ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        (1..=30).contains(&seconds),
        "the wait is stated in seconds, at most 30: {error}"
    );
    assert_eq!(
        sha256(&scratch.dir.database()),
        database,
        "a refused try changes nothing"
    );
}

#[test]
fn two_setups_racing_on_one_folder_end_with_one_store_and_a_clear_error() {
    for round in 0..3 {
        let scratch = scratch();
        let first = Passphrase::new("lantern orbit cedar mosaic");
        let second = Passphrase::new("harbor quartz meadow tangent");
        let results: Vec<_> = std::thread::scope(|scope| {
            let a = scope.spawn(|| Store::create(&scratch.dir, &first, Keychain::Off).map(drop));
            let b = scope.spawn(|| Store::create(&scratch.dir, &second, Keychain::Off).map(drop));
            [a, b]
                .into_iter()
                .map(|h| h.join().expect("the setup thread ends"))
                .collect()
        });
        let winners: Vec<usize> = (0..2).filter(|i| results[*i].is_ok()).collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one setup wins: {results:?}"
        );
        let loser = &results[1 - winners[0]];
        let error = loser.as_ref().expect_err("the other setup fails");
        assert_eq!(
            error.code(),
            "already_exists",
            "round {round}: the other is told a store exists: {error}"
        );
        let winner = if winners[0] == 0 { &first } else { &second };
        drop(
            Store::unlock(&scratch.dir, Keychain::Off, Some(winner))
                .expect("the winner's passphrase opens the one store"),
        );
        let names = listing(scratch.dir.root());
        assert!(
            names
                .iter()
                .all(|n| !n.starts_with(".peerdesk") && !n.ends_with(".partial")),
            "round {round}: no temporary file is left: {names:?}"
        );
    }
}

#[test]
fn setup_keeps_an_orphaned_key_file_instead_of_overwriting_it() {
    let scratch = scratch();
    std::fs::create_dir_all(scratch.dir.root()).expect("folder");
    std::fs::write(
        scratch.dir.key_file(),
        b"{\"left\": \"by a setup that was cut off\"}",
    )
    .expect("an orphan key file");
    drop(Store::create(&scratch.dir, &passphrase(), Keychain::Off).expect("setup goes on"));
    let kept: Vec<String> = listing(scratch.dir.root())
        .into_iter()
        .filter(|n| n.starts_with("peerdesk.key.before-setup-"))
        .collect();
    assert_eq!(kept.len(), 1, "the old key file is kept under another name");
    assert_eq!(
        std::fs::read(scratch.dir.root().join(&kept[0])).expect("read"),
        b"{\"left\": \"by a setup that was cut off\"}",
        "and is unchanged"
    );
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_every_file_in_it_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (scratch, keystore) = new_store_with_keystore();
    let store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None).expect("open");
    store
        .conn()
        .execute_batch(
            "INSERT INTO trainings (held_on, hours, trainer) VALUES ('2026-01-01', 4, 'x')",
        )
        .expect("a write, so the write-ahead log exists");
    store.lock(false).expect("lock: writes the guard file");
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(scratch.dir.root()), 0o700, "the data folder is 0700");
    for name in listing(scratch.dir.root()) {
        let path = scratch.dir.root().join(&name);
        assert_eq!(mode(&path), 0o600, "{name} is 0600");
    }
}

#[test]
fn the_guard_file_never_names_anyone() {
    let scratch = scratch();
    let dir = DataDir::new(scratch.temp.path());
    UnlockGuard::lock(&dir).expect("lock");
    let text = std::fs::read_to_string(dir.unlock_guard()).expect("guard");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["failures", "locked"],
        "only the lock and a count: {text}"
    );
}
