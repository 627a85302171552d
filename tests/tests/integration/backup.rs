//! Backups and restore on real files: one file restores everything with the passphrase
//! alone; damage, a wrong passphrase or an occupied folder are refused with nothing changed.

use std::path::{Path, PathBuf};

use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::store::backup;
use peerdesk_core::{DataDir, Keychain, Passphrase, Store};

use crate::fixture::{listing, new_store, passphrase, reopen, sha256, Scratch};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T15:30:00Z")
        .expect("a moment")
        .to_utc()
}

/// A store with the small demo and a backup of it in `<temp>/backups`.
fn backed_up() -> (Scratch, Store, PathBuf) {
    let (scratch, mut store) = new_store();
    // Made "now", so that opening it later erases no requester yet.
    demo::load(
        &mut store,
        DemoSize::Small,
        peerdesk_core::clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data");
    let folder = scratch.temp.path().join("backups");
    std::fs::create_dir_all(&folder).expect("backup folder");
    let file = folder.join("one.peerdesk-backup");
    let summary = backup::write(
        &store.backup_source().expect("source"),
        &file,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect("the backup is written");
    assert!(summary.verified, "the backup was verified after writing");
    (scratch, store, file)
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn names(store: &Store) -> Vec<String> {
    store
        .conn()
        .prepare(
            "SELECT name FROM supporters UNION SELECT requester_name FROM requests
             WHERE requester_name IS NOT NULL",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("names")
}

fn empty_folder(scratch: &Scratch, name: &str) -> DataDir {
    DataDir::new(scratch.temp.path().join(name))
}

#[test]
fn a_backup_restores_everything_on_a_new_computer_with_the_passphrase_alone() {
    let (scratch, store, file) = backed_up();
    let elsewhere = empty_folder(&scratch, "new-computer");
    let summary = backup::restore(
        &file,
        &elsewhere,
        &passphrase(),
        false,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect("restored into an empty folder");
    assert_eq!(summary.set_aside, None, "nothing had to be set aside");
    let restored = Store::unlock(&elsewhere, Keychain::Off, Some(&passphrase()))
        .expect("the restored store opens with the passphrase alone");
    for table in [
        "supporters",
        "requests",
        "outreaches",
        "follow_ups",
        "trainings",
    ] {
        assert_eq!(
            count(&restored, table),
            count(&store, table),
            "every row of {table} came back"
        );
    }
    // Opening may add a line (requester details due for erasure on the day it opens).
    assert!(
        count(&restored, "audit_log") >= count(&store, "audit_log"),
        "the audit log came back"
    );
    assert_eq!(
        names(&restored),
        names(&store),
        "the names came back, readable"
    );
}

#[test]
fn a_backup_holds_no_name_or_key_in_plain_text() {
    let (_scratch, store, file) = backed_up();
    let bytes = std::fs::read(&file).expect("backup readable");
    let identities: Vec<String> = store
        .conn()
        .prepare(
            "SELECT email FROM supporters UNION SELECT requester_contact FROM requests
             WHERE requester_contact IS NOT NULL",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("emails");
    let mut checked = 0;
    for name in names(&store).into_iter().chain(identities) {
        assert!(
            !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "the name {name} is readable in the backup"
        );
        checked += 1;
    }
    assert!(
        checked > 100,
        "the scan covered the roster's and the requesters' names and emails ({checked})"
    );
    assert!(
        !bytes.windows(16).any(|w| w == b"SQLite format 3\0"),
        "no plain SQLite database inside"
    );
}

#[test]
fn a_backup_never_replaces_a_file_and_automatic_ones_keep_the_newest() {
    let (_scratch, store, file) = backed_up();
    let before = sha256(&file);
    let error = backup::write(
        &store.backup_source().expect("source"),
        &file,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("an existing file is not overwritten");
    assert_eq!(error.code(), "exists", "got {error}");
    assert_eq!(sha256(&file), before, "the existing backup is untouched");

    let folder = file.parent().expect("folder").to_path_buf();
    for day in 1..=5 {
        let made = peerdesk_core::clock::parse_stamp(&format!("2026-11-0{day}T09:00:00"))
            .expect("a moment");
        std::fs::write(folder.join(backup::automatic_name(made)), b"old").expect("old backup");
    }
    std::fs::write(folder.join("mine.txt"), b"not ours").expect("a file of the coordinator's");
    let removed = backup::prune(&folder, 3).expect("pruned");
    assert_eq!(
        removed, 2,
        "two of five automatic backups are beyond the newest three"
    );
    let left = listing(&folder);
    assert!(
        left.contains(&"mine.txt".to_string()) && left.contains(&"one.peerdesk-backup".to_string()),
        "only automatic backups are ever deleted: {left:?}"
    );
    assert!(
        !left
            .iter()
            .any(|n| n.contains("2026-11-01") || n.contains("2026-11-02")),
        "the oldest went first: {left:?}"
    );
}

/// Flips one bit at `offset` of a copy of `file`.
fn damaged_copy(file: &Path, offset: usize, to: &Path) {
    let mut bytes = std::fs::read(file).expect("read");
    let at = offset.min(bytes.len() - 1);
    bytes[at] ^= 0x01;
    std::fs::write(to, bytes).expect("write the damaged copy");
}

#[test]
fn a_flipped_bit_anywhere_in_a_backup_is_refused_and_nothing_changes() {
    let (scratch, store, file) = backed_up();
    let length = std::fs::metadata(&file).expect("size").len() as usize;
    let target = empty_folder(&scratch, "target");
    let live = store.dir().clone();
    drop(store);
    let live_db = sha256(&live.database());
    let copy = scratch.temp.path().join("damaged.peerdesk-backup");
    // The magic, the header, the first and a middle page of the database, the checksum.
    for offset in [3, 40, 400, length / 3, length / 2, length - 5] {
        damaged_copy(&file, offset, &copy);
        let error = backup::restore(
            &copy,
            &target,
            &passphrase(),
            false,
            now(),
            &peerdesk_core::Work::none(),
        )
        .expect_err("a damaged backup is refused");
        assert_eq!(
            error.code(),
            "backup_damaged",
            "offset {offset}: got {error}"
        );
        assert!(
            error.to_string().contains("nothing was changed"),
            "offset {offset}: the message says nothing changed: {error}"
        );
        assert!(
            !target.root().exists(),
            "offset {offset}: the target folder was not even made"
        );
        let error = backup::restore(
            &copy,
            &live,
            &passphrase(),
            true,
            now(),
            &peerdesk_core::Work::none(),
        )
        .expect_err("not even over the live store");
        assert_eq!(
            error.code(),
            "backup_damaged",
            "offset {offset}: got {error}"
        );
        assert_eq!(
            sha256(&live.database()),
            live_db,
            "offset {offset}: the live store is untouched"
        );
    }
}

#[test]
fn a_wrong_passphrase_restores_nothing() {
    let (scratch, _store, file) = backed_up();
    let target = empty_folder(&scratch, "target");
    let error = backup::restore(
        &file,
        &target,
        &Passphrase::new("not the recovery passphrase"),
        false,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("a wrong passphrase is refused");
    assert_eq!(error.code(), "wrong_passphrase", "got {error}");
    assert!(!target.root().exists(), "the target folder was not made");
}

#[test]
fn a_restore_over_a_store_needs_consent_and_then_sets_the_old_store_aside() {
    let (_scratch, store, file) = backed_up();
    let dir = store.dir().clone();
    store
        .conn()
        .execute(
            "INSERT INTO trainings (held_on, hours, trainer) VALUES ('2026-12-01', 2, 'after the backup')",
            [],
        )
        .expect("a change after the backup");
    let trainings_now = count(&store, "trainings");
    drop(store);
    let before = sha256(&dir.database());
    let error = backup::restore(
        &file,
        &dir,
        &passphrase(),
        false,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("an existing store is not replaced without consent");
    assert_eq!(error.code(), "store_exists", "got {error}");
    assert_eq!(sha256(&dir.database()), before, "the store is untouched");

    let summary = backup::restore(
        &file,
        &dir,
        &passphrase(),
        true,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect("replaced with consent");
    let aside = summary.set_aside.expect("the old store was set aside");
    assert!(
        aside
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == "data.before-restore-2026-12-01-153000"),
        "named after the folder and the moment: {}",
        aside.display()
    );
    let old = reopen(&DataDir::new(&aside));
    assert_eq!(
        count(&old, "trainings"),
        trainings_now,
        "the old store, with its change after the backup, is kept whole"
    );
    let restored = reopen(&dir);
    assert_eq!(
        count(&restored, "trainings"),
        trainings_now - 1,
        "the restored store is the backup's"
    );
}

#[test]
fn a_backup_taken_while_the_store_is_written_is_one_consistent_moment() {
    let (scratch, store, _file) = backed_up();
    let source = store.backup_source().expect("source");
    let out = scratch.temp.path().join("during-writes.peerdesk-backup");
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for n in 0..200 {
                store
                    .conn()
                    .execute(
                        "INSERT INTO trainings (held_on, hours, trainer) VALUES ('2026-12-01', 1, ?1)",
                        [format!("writer {n}")],
                    )
                    .expect("the window keeps writing");
            }
        });
        let summary = backup::write(&source, &out, now(), &peerdesk_core::Work::none());
        writer.join().expect("writer ends");
        summary
    })
    .expect("the backup is written while the store is in use");
    assert!(
        written.verified,
        "and it verified: its counts match its own snapshot"
    );
}

#[test]
fn two_backups_in_the_same_second_both_land_and_the_status_says_when() {
    let (scratch, store, _file) = backed_up();
    let status = backup::status(store.conn(), store.dir()).expect("status");
    assert!(
        status.folder_is_default,
        "backups go to the data folder by default"
    );
    assert!(
        status.is_due(now()),
        "no backup was recorded yet, so one is due"
    );
    let local = peerdesk_core::clock::parse_stamp("2026-12-01T10:30:00").expect("a moment");
    let source = store.backup_source().expect("source");
    let first = backup::run_automatic(&source, &status, now(), local, &peerdesk_core::Work::none())
        .expect("the day's backup");
    let second =
        backup::run_automatic(&source, &status, now(), local, &peerdesk_core::Work::none())
            .expect("and one more");
    assert_ne!(first.path, second.path, "the second gets a name of its own");
    backup::record_success(store.conn(), &second, false).expect("recorded");
    let status = backup::status(store.conn(), store.dir()).expect("status");
    assert_eq!(
        status.last_at,
        Some(now()),
        "the last verified backup is noted"
    );
    assert!(!status.is_due(now()), "and none is due for a day");
    let failure = peerdesk_core::CoreError::FileExists(scratch.temp.path().to_path_buf());
    backup::record_failure(store.conn(), now() + chrono::Duration::hours(25), &failure)
        .expect("a failure noted");
    let board = peerdesk_core::daily::dashboard::load(
        store.conn(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date"),
    )
    .expect("dashboard");
    assert!(
        board.backup_failure.is_some(),
        "the dashboard warns of the failed automatic backup"
    );
}

/// A copy of `file` changed by `forge` (given the header's JSON text and the database's
/// bytes) and sealed again with a checksum that matches: what someone who knows the format
/// could make. Returns its path.
fn forged(file: &Path, to: &Path, forge: impl FnOnce(&mut String, &mut Vec<u8>)) -> PathBuf {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(file).expect("read");
    let header_len = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes")) as usize;
    let mut header = String::from_utf8(bytes[20..20 + header_len].to_vec()).expect("utf-8");
    let mut database = bytes[20 + header_len..bytes.len() - 32].to_vec();
    forge(&mut header, &mut database);
    let mut out = bytes[..16].to_vec();
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&database);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    std::fs::write(to, out).expect("write the forgery");
    to.to_path_buf()
}

#[test]
fn a_forged_backup_with_a_matching_checksum_is_still_refused_and_nothing_changes() {
    let (scratch, _store, file) = backed_up();
    let target = empty_folder(&scratch, "target");
    // A page of the database changed: SQLCipher's per-page HMAC finds it.
    let page = forged(
        &file,
        &scratch.temp.path().join("page.peerdesk-backup"),
        |_, db| {
            let middle = db.len() / 2;
            db[middle] ^= 0x01;
        },
    );
    let error = backup::restore(
        &page,
        &target,
        &passphrase(),
        false,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("a changed page is refused");
    assert_eq!(error.code(), "backup_damaged", "got {error}");
    assert!(!target.root().exists(), "nothing was made");

    // A key file asking Argon2id for 4 TiB, to stall or crash the computer: refused at once.
    let cost = forged(
        &file,
        &scratch.temp.path().join("cost.peerdesk-backup"),
        |header, _| {
            let before = header.clone();
            let written = peerdesk_core::store::keyfile::KdfParams::for_new_keys().memory_kib;
            *header = header.replace(
                &format!("\\\"memory_kib\\\": {written}"),
                "\\\"memory_kib\\\": 4294967295",
            );
            assert_ne!(*header, before, "the forgery changed the cost");
        },
    );
    let started = std::time::Instant::now();
    let error = backup::restore(
        &cost,
        &target,
        &passphrase(),
        false,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("an absurd cost is refused");
    assert_eq!(error.code(), "backup_damaged", "got {error}");
    assert!(
        error.to_string().contains("out of bounds"),
        "the reason is named: {error}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "refused before any key derivation was tried"
    );
    assert!(!target.root().exists(), "nothing was made");
}
