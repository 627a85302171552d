//! The encrypted store on real files: encryption, key sources, and every refusal leaving
//! the files exactly as they were.

use peerdesk_core::store::keystore::{KeyStore, MemoryKeyStore};
use peerdesk_core::store::migrations::SCHEMA_VERSION;
use peerdesk_core::store::UnlockMethod;
use peerdesk_core::{DataKey, Keychain, Passphrase, Store};
use rusqlite::params;

use crate::fixture::{
    self, database_files, listing, new_store, new_store_with_keystore, passphrase, reopen, sha256,
};

const MARKER: &str = "MARKER-Zephyrine-Quixotic-7731";

fn insert_marker(store: &Store) {
    store
        .conn()
        .execute(
            "INSERT INTO organizations (name, created_at, updated_at) VALUES (?1, 'now', 'now')",
            params![MARKER],
        )
        .expect("insert the marker");
}

#[test]
fn data_written_comes_back_after_reopening() {
    let (scratch, store) = new_store();
    insert_marker(&store);
    drop(store);
    let store = reopen(&scratch.dir);
    let name: String = store
        .conn()
        .query_row(
            "SELECT name FROM organizations WHERE name = ?1",
            params![MARKER],
            |r| r.get(0),
        )
        .expect("the marker row is there");
    assert_eq!(name, MARKER, "the row survives closing and reopening");
    assert_eq!(
        store.unlocked_by(),
        &UnlockMethod::Passphrase,
        "opened with the passphrase"
    );
}

#[test]
fn the_file_does_not_start_with_the_sqlite_header() {
    let (scratch, store) = new_store();
    drop(store);
    let bytes = std::fs::read(scratch.dir.database()).expect("database readable");
    assert!(bytes.len() > 4096, "the database has pages");
    assert_ne!(
        &bytes[..16],
        b"SQLite format 3\0",
        "the header is encrypted"
    );
}

#[test]
fn a_marker_appears_in_no_database_file_while_open_or_after_closing() {
    let (scratch, store) = new_store();
    insert_marker(&store);
    let open_files = database_files(&scratch.dir);
    assert!(
        open_files.len() >= 2,
        "the WAL is in use while open: {open_files:?}"
    );
    let check = |when: &str| {
        for file in database_files(&scratch.dir) {
            let bytes = std::fs::read(&file).expect("readable");
            let found = bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes());
            assert!(
                !found,
                "the marker is in plain text in {} {when}",
                file.display()
            );
        }
    };
    check("while the store is open");
    drop(store);
    check("after closing");
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing_but_the_count_of_tries() {
    let (scratch, store) = new_store();
    insert_marker(&store);
    drop(store);
    let before = sha256(&scratch.dir.database());
    let key_before = sha256(&scratch.dir.key_file());
    let error = Store::unlock(
        &scratch.dir,
        Keychain::Off,
        Some(&Passphrase::new("not the passphrase at all")),
    )
    .expect_err("a wrong passphrase must not unlock");
    assert_eq!(
        error.to_string(),
        "that passphrase does not unlock this database",
        "the same words every time"
    );
    assert_eq!(
        sha256(&scratch.dir.database()),
        before,
        "the database is byte-identical"
    );
    assert_eq!(
        sha256(&scratch.dir.key_file()),
        key_before,
        "the key file is byte-identical"
    );
    assert_eq!(
        listing(scratch.dir.root()),
        ["peerdesk.db", "peerdesk.key", "peerdesk.unlock.json"],
        "no -wal or -shm appeared; the only new file counts the wrong try"
    );
    let guard = std::fs::read_to_string(scratch.dir.unlock_guard()).expect("the guard");
    assert!(
        guard.contains("\"failures\": 1"),
        "one failure is counted: {guard}"
    );
}

#[test]
fn a_stale_key_in_the_credential_store_asks_for_the_passphrase_which_replaces_it() {
    let (scratch, keystore) = new_store_with_keystore();
    let key_file =
        peerdesk_core::store::keyfile::KeyFile::read(&scratch.dir.key_file()).expect("key file");
    keystore
        .save(&key_file.store_id, &DataKey::generate())
        .expect("plant a key that does not open this database");
    let before = sha256(&scratch.dir.database());
    let files_before = listing(scratch.dir.root());
    let error = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect_err("a wrong key must not open");
    assert_eq!(
        error.code(),
        "stale_stored_key",
        "the unlock screen is asked for, not a dead end: {error}"
    );
    assert_eq!(
        sha256(&scratch.dir.database()),
        before,
        "the database is byte-identical"
    );
    assert_eq!(
        listing(scratch.dir.root()),
        files_before,
        "no -wal or -shm appeared"
    );
    drop(
        Store::unlock(&scratch.dir, Keychain::On(&keystore), Some(&passphrase()))
            .expect("the recovery passphrase opens it"),
    );
    let again = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
        .expect("the credential store now holds the right key");
    assert!(
        matches!(again.unlocked_by(), UnlockMethod::CredentialStore(_)),
        "opened by the credential store again: {:?}",
        again.unlocked_by()
    );
}

/// The unlock reads only the pages it needs (each checked against its HMAC as it is read);
/// the check of every page, which reads the whole file, runs after it: in the window in the
/// background, and in `peerdesk status`. A byte flipped in any page is found by it.
#[test]
fn a_byte_flipped_in_any_page_is_found_by_the_check_of_every_page() {
    let (scratch, store) = new_store();
    insert_marker(&store);
    drop(store);
    let path = scratch.dir.database();
    let clean = std::fs::read(&path).expect("readable");
    let pages = clean.len() / 4096;
    assert!(pages > 3, "a store of several pages: {pages}");
    for page in [1, pages / 2, pages - 1] {
        let mut bytes = clean.clone();
        bytes[page * 4096 + 300] ^= 0x40;
        std::fs::write(&path, &bytes).expect("write the damage");
        let found = Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase()))
            .and_then(|store| store.check_every_page())
            .expect_err("damage must be caught");
        assert_eq!(found.code(), "damaged", "page {page}: got {found}");
        assert!(
            found.to_string().contains("damaged")
                && found.to_string().contains("restore it from a backup"),
            "the message says so and what to do: {found}"
        );
        let status = crate::cli::peerdesk(
            scratch.dir.root(),
            Some(&crate::cli::write_passphrase(
                scratch.temp.path(),
                fixture::PASSPHRASE,
            )),
            &["status"],
        );
        assert_eq!(
            status.code, 2,
            "status refuses page {page}: {}",
            status.stdout
        );
        assert!(status.stderr.contains("damaged"), "{}", status.stderr);
    }
    std::fs::write(&path, &clean).expect("undamaged again");
    Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase()))
        .expect("opens")
        .check_every_page()
        .expect("the undamaged file passes");
}

#[test]
fn a_file_that_is_not_a_peerdesk_database_is_refused_untouched() {
    let (scratch, store) = new_store();
    drop(store);
    let path = scratch.dir.database();
    // A plain, unencrypted SQLite database where ours should be.
    std::fs::remove_file(&path).expect("remove");
    let plain = rusqlite::Connection::open(&path).expect("plain database");
    plain
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .expect("fill");
    drop(plain);
    let before = sha256(&path);
    let error =
        Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase())).expect_err("not ours");
    assert_eq!(error.code(), "not_peerdesk", "got {error}");
    assert_eq!(sha256(&path), before, "the foreign file is untouched");
    // And random bytes.
    std::fs::write(&path, vec![0x5Au8; 64 * 1024]).expect("garbage");
    let error =
        Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase())).expect_err("garbage");
    assert_eq!(error.code(), "not_peerdesk", "got {error}");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let (scratch, store) = new_store();
    store
        .conn()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("pretend to be newer");
    drop(store);
    let before = sha256(&scratch.dir.database());
    let error =
        Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase())).expect_err("newer schema");
    assert_eq!(error.code(), "newer_schema", "got {error}");
    assert!(
        error.to_string().contains("newer PeerDesk"),
        "message: {error}"
    );
    assert_eq!(
        sha256(&scratch.dir.database()),
        before,
        "the newer database is untouched"
    );
}

#[test]
fn a_lost_key_file_is_a_clear_error_never_a_new_database() {
    let (scratch, store) = new_store();
    insert_marker(&store);
    drop(store);
    std::fs::remove_file(scratch.dir.key_file()).expect("lose the key file");
    let before = sha256(&scratch.dir.database());
    let error =
        Store::unlock(&scratch.dir, Keychain::Off, Some(&passphrase())).expect_err("no key file");
    assert_eq!(error.code(), "key_file_missing", "got {error}");
    assert!(
        !scratch.dir.needs_setup(),
        "the database still counts as existing: setup is not offered"
    );
    let again =
        Store::create(&scratch.dir, &passphrase(), Keychain::Off).expect_err("setup must refuse");
    assert_eq!(
        again.code(),
        "already_exists",
        "setup over a store whose key file is lost is refused as already existing"
    );
    assert_eq!(
        sha256(&scratch.dir.database()),
        before,
        "the database is untouched"
    );
}

#[test]
fn the_credential_store_key_and_the_recovery_passphrase_both_open_the_store() {
    let (scratch, keystore) = new_store_with_keystore();
    let by_key =
        Store::unlock(&scratch.dir, Keychain::On(&keystore), None).expect("key from the store");
    assert!(
        matches!(by_key.unlocked_by(), UnlockMethod::CredentialStore(_)),
        "the store opens by the key in the credential store"
    );
    drop(by_key);
    let by_passphrase = reopen(&scratch.dir);
    assert_eq!(
        by_passphrase.unlocked_by(),
        &UnlockMethod::Passphrase,
        "the store opens by the recovery passphrase"
    );
}

#[test]
fn recovery_after_the_credential_store_lost_the_key_puts_it_back() {
    let (scratch, _original) = new_store_with_keystore();
    let fresh = MemoryKeyStore::new();
    let error = Store::unlock(&scratch.dir, Keychain::On(&fresh), None).expect_err("no key there");
    assert_eq!(
        error.code(),
        "recovery_needed",
        "an empty credential store asks for the recovery passphrase"
    );
    drop(Store::unlock(&scratch.dir, Keychain::On(&fresh), Some(&passphrase())).expect("recovery"));
    let store =
        Store::unlock(&scratch.dir, Keychain::On(&fresh), None).expect("opens by itself again");
    assert!(
        matches!(store.unlocked_by(), UnlockMethod::CredentialStore(_)),
        "after recovery the store opens by the key put back in the credential store"
    );
}

#[test]
fn connections_run_with_foreign_keys_wal_full_sync_and_a_16_mib_page_cache() {
    let (_scratch, store) = new_store();
    let conn = store.conn();
    let cache: i64 = conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .expect("cache_size");
    assert_eq!(cache, -16384, "16 MiB of decrypted pages, not SQLite's 2");
    let reader = store.read_source().open().expect("a read connection");
    let cache: i64 = reader
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .expect("cache_size");
    assert_eq!(cache, -16384, "read connections too");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("fk");
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("sync");
    assert_eq!(
        (fk, journal.as_str(), sync),
        (1, "wal", 2),
        "per-connection settings"
    );
}

#[test]
fn the_sqlcipher_version_is_known_without_a_store_and_matches_the_stores() {
    let before_any_store = peerdesk_core::store::sqlcipher_version().expect("version");
    assert!(
        before_any_store.starts_with("4."),
        "SQLCipher 4.x is compiled in, with no store open: {before_any_store}"
    );
    let (_scratch, store) = new_store();
    assert_eq!(
        store.status().expect("status").sqlcipher_version,
        before_any_store,
        "the About screen's version is the one an open store reports"
    );
}

#[test]
fn status_reports_versions_and_counts_but_no_names() {
    let (_scratch, mut store) = new_store();
    peerdesk_core::demo::load(
        &mut store,
        peerdesk_core::demo::DemoSize::Small,
        peerdesk_core::clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data");
    let status = store.status().expect("status");
    assert_eq!(
        status.schema_version, SCHEMA_VERSION,
        "status reports the current schema version"
    );
    assert!(
        status.sqlcipher_version.starts_with('4'),
        "SQLCipher 4.x: {}",
        status.sqlcipher_version
    );
    let supporters = status
        .counts
        .iter()
        .find(|c| c.table == "supporters")
        .expect("supporters counted");
    assert_eq!(
        supporters.rows, 40,
        "the small demo's supporters are counted"
    );
    let printed = serde_json::to_string(&status).expect("json");
    let names: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM supporters")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("names");
    for name in names {
        assert!(
            !printed.contains(&name),
            "status must not print the name {name}"
        );
    }
    let _ = fixture::PASSPHRASE;
}
