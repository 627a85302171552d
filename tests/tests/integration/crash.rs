//! Proof of no loss: a child process doing real work on a store is killed (SIGKILL, no
//! chance to clean up) at a random instant, again and again, and every time the store opens,
//! holds everything it acknowledged, and passes both integrity checks.
//!
//! The random instants come from a seed printed at the start, so a failure can be replayed
//! with `PEERDESK_CRASH_SEED=<seed>`.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::store::keyfile::KeyFile;
use peerdesk_core::store::keystore::KeyStore;
use peerdesk_core::{DataDir, DataKey, Keychain, Store};
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, OpenFlags};

use crate::fixture::{new_store, new_store_with_keystore, passphrase, PASSPHRASE};

const CHILD: &str = env!("CARGO_BIN_EXE_crash-child");

fn rng() -> rand::rngs::StdRng {
    let seed = std::env::var("PEERDESK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
        });
    println!("crash test seed: {seed} (replay with PEERDESK_CRASH_SEED={seed})");
    rand::rngs::StdRng::seed_from_u64(seed)
}

fn demo_now() -> chrono::NaiveDateTime {
    peerdesk_core::clock::parse_stamp("2026-12-01T10:00:00").expect("a moment")
}

fn kill(child: &mut Child) {
    // SIGKILL: the process gets no chance to finish a write or close a file.
    let _ = child.kill();
    let _ = child.wait();
}

/// Both of SQLite's checks over a store: the b-trees, and SQLCipher's HMAC of every page.
fn assert_intact(conn: &Connection, run: usize) {
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check runs");
    assert_eq!(integrity, "ok", "run {run}: integrity_check");
    let problems: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("cipher_integrity_check runs");
    assert!(
        problems.is_empty(),
        "run {run}: cipher_integrity_check: {problems:?}"
    );
}

#[test]
fn no_acknowledged_outreach_is_lost_when_the_writer_is_killed_200_times() {
    let (scratch, keystore) = new_store_with_keystore();
    let mut store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None).expect("open");
    demo::load(
        &mut store,
        DemoSize::Small,
        demo_now(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data");
    drop(store);
    let store_id = KeyFile::read(&scratch.dir.key_file())
        .expect("key file")
        .store_id;
    let key = keystore.load(&store_id).expect("load").expect("the key");
    let key_hex = hex::encode(key.as_bytes());
    let mut rng = rng();
    let mut acknowledged: Vec<i64> = Vec::new();
    let mut runs_with_commits = 0;
    let started = Instant::now();
    for run in 0..200 {
        let mut child = Command::new(CHILD)
            .args(["commit", &scratch.dir.root().display().to_string()])
            .env("PEERDESK_TEST_KEY", &key_hex)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the child starts");
        let stdout = child.stdout.take().expect("stdout");
        let (first_ack, first_acked) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut acked = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(id) = line.trim().parse::<i64>() {
                    if acked.is_empty() {
                        let _ = first_ack.send(());
                    }
                    acked.push(id);
                }
            }
            acked
        });
        // One run in five is killed while the child opens the store; the others once it
        // commits, a little later each time: the moments follow the child, not the clock, so a
        // slow machine is hit in the same places as a fast one.
        if run % 5 == 0 {
            std::thread::sleep(Duration::from_millis(rng.gen_range(0..40)));
        } else {
            let _ = first_acked.recv_timeout(Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(rng.gen_range(0..60)));
        }
        kill(&mut child);
        let acked = reader.join().expect("the reader ends");
        if !acked.is_empty() {
            runs_with_commits += 1;
        }
        acknowledged.extend(acked);

        let store = Store::unlock(&scratch.dir, Keychain::On(&keystore), None)
            .unwrap_or_else(|e| panic!("run {run}: the store opens after the kill: {e}"));
        let present: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM outreaches WHERE id IN (SELECT value FROM json_each(?1))",
                [serde_json::to_string(&acknowledged).expect("json")],
                |r| r.get(0),
            )
            .expect("count the acknowledged rows");
        assert_eq!(
            present,
            acknowledged.len() as i64,
            "run {run}: every acknowledged outreach is in the store"
        );
        assert_intact(store.conn(), run);
    }
    println!(
        "200 kills in {:.1} s; {} runs were killed among their commits; {} outreaches acknowledged, none lost",
        started.elapsed().as_secs_f64(),
        runs_with_commits,
        acknowledged.len()
    );
    assert!(
        runs_with_commits >= 150,
        "most kills land while outreaches are being committed ({runs_with_commits} of 200)"
    );
}

/// Opens `dir`'s database read-only with `key` and reads it: whether that key opens it.
fn opens_with(dir: &DataDir, key: &DataKey) -> bool {
    let Ok(conn) = Connection::open_with_flags(
        dir.database(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    let statement = format!("PRAGMA key = \"x'{}'\";", hex::encode(key.as_bytes()));
    conn.execute_batch(&statement).is_ok()
        && conn
            .execute_batch("PRAGMA cipher_log_level = NONE;")
            .is_ok()
        && conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
}

/// A write cut off leaves a rollback journal; SQLite plays it back on the next read-write
/// open, whichever key that connection holds.
fn play_back_journal(dir: &DataDir, key: &DataKey) {
    let journal = dir.root().join("peerdesk.db-journal");
    if !journal.exists() {
        return;
    }
    let conn = Connection::open(dir.database()).expect("open read-write");
    let statement = format!("PRAGMA key = \"x'{}'\";", hex::encode(key.as_bytes()));
    conn.execute_batch(&statement).expect("key");
    let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
}

fn has_pending(key_file: &Path) -> bool {
    std::fs::read_to_string(key_file).is_ok_and(|text| text.contains("\"pending\""))
}

#[test]
fn a_key_rotation_killed_at_any_instant_leaves_exactly_one_key_that_opens_the_store() {
    let (scratch, mut store) = new_store();
    demo::load(
        &mut store,
        DemoSize::Small,
        demo_now(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data");
    let outreaches: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM outreaches", [], |r| r.get(0))
        .expect("count");
    drop(store);
    let dir = scratch.dir.clone();
    let spawn = || {
        Command::new(CHILD)
            .args(["rotate", &dir.root().display().to_string()])
            .env("PEERDESK_PASSPHRASE", PASSPHRASE)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the child starts")
    };
    // Three whole rotations, timed on this machine: how long until the key file names two
    // keys, and how long it names them (the re-encryption between). The medians set where
    // the kills land, so a slow machine is hit inside the rotation as often as a fast one.
    let running = |child: &mut Child| child.try_wait().expect("poll").is_none();
    let mut timings: Vec<(Duration, Duration)> = (0..3)
        .map(|_| {
            let mut child = spawn();
            let started = Instant::now();
            while !has_pending(&dir.key_file()) && running(&mut child) {
                std::thread::sleep(Duration::from_micros(200));
            }
            let to_pending = started.elapsed();
            while has_pending(&dir.key_file()) && running(&mut child) {
                std::thread::sleep(Duration::from_micros(200));
            }
            let window = started.elapsed() - to_pending;
            let status = child.wait().expect("the rotation ends");
            assert!(status.success(), "an uninterrupted rotation succeeds");
            (to_pending, window)
        })
        .collect();
    timings.sort_by_key(|(_, window)| *window);
    let (to_pending, window) = timings[1];
    println!(
        "rotation: {to_pending:?} to unwrap and name both keys, then {window:?} to re-encrypt"
    );

    let mut rng = rng();
    let mut killed_with_both_keys_named = 0;
    let mut opened_by = [0usize; 2];
    let mut journals_played_back = 0;
    for run in 0..60 {
        let mut child = spawn();
        let started = Instant::now();
        if run % 4 == 0 {
            // Before or while the key file is rewritten.
            std::thread::sleep(to_pending.mul_f64(rng.gen_range(0.0..1.1)));
        } else {
            // Inside the re-encryption, wherever it is.
            while !has_pending(&dir.key_file())
                && child.try_wait().expect("poll").is_none()
                && started.elapsed() < Duration::from_secs(20)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(window.mul_f64(rng.gen_range(0.0..1.1)));
        }
        kill(&mut child);

        let key_file = KeyFile::read(&dir.key_file())
            .unwrap_or_else(|e| panic!("run {run}: the key file is whole: {e}"));
        if key_file.has_pending() {
            killed_with_both_keys_named += 1;
        }
        let keys = key_file
            .unwrap_keys(&passphrase())
            .expect("the passphrase unwraps it");
        if dir.root().join("peerdesk.db-journal").exists() {
            journals_played_back += 1;
        }
        play_back_journal(&dir, &keys.current);
        let named: Vec<&DataKey> = std::iter::once(&keys.current)
            .chain(keys.pending.as_ref())
            .collect();
        let opening: Vec<usize> = (0..named.len())
            .filter(|i| opens_with(&dir, named[*i]))
            .collect();
        assert_eq!(
            opening.len(),
            1,
            "run {run}: exactly one of the {} key(s) the key file names opens the database",
            named.len()
        );
        opened_by[opening[0]] += 1;

        let store = Store::unlock(&dir, Keychain::Off, Some(&passphrase()))
            .unwrap_or_else(|e| panic!("run {run}: the passphrase opens the store: {e}"));
        let now: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM outreaches", [], |r| r.get(0))
            .expect("count");
        assert_eq!(now, outreaches, "run {run}: every outreach is there");
        assert_intact(store.conn(), run);
        drop(store);
        assert!(
            !KeyFile::read(&dir.key_file())
                .expect("key file")
                .has_pending(),
            "run {run}: opening settled the key file on the one key that opens"
        );
    }
    println!(
        "60 kills: {killed_with_both_keys_named} while the key file named both keys \
         ({journals_played_back} left a rollback journal to play back); \
         {} opened with the current key, {} with the next one",
        opened_by[0], opened_by[1]
    );
    assert!(
        killed_with_both_keys_named >= 25,
        "most kills land inside the rotation ({killed_with_both_keys_named} of 60)"
    );
}
