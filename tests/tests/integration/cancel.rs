//! Cancel leaves nothing changed: each long work is cancelled midway (the Cancel button
//! pressed from its own progress, at the first step of a named stage, the way a coordinator
//! presses it while the bar moves), on real SQLCipher files, and the store and the folders
//! around it are then exactly as before: no row, no audit entry, no setting, no file.

use std::collections::BTreeMap;
use std::path::Path;

use peerdesk_core::daily::requests::import as request_import;
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::print::{self, PrintRequest};
use peerdesk_core::reporting::export::{self, Format};
use peerdesk_core::reporting::reports::ReportQuery;
use peerdesk_core::roster::supporters::import::{self, ImportOptions};
use peerdesk_core::store::backup;
use peerdesk_core::store::session::ReadSource;
use peerdesk_core::{clock, Cancel, CoreError, Keychain, Step, Store, Work};

use crate::fixture::{new_store, passphrase, reopen, scratch, sha256, Scratch};

/// Runs `body` with a Work whose Cancel is pressed at the first step of `stage`; returns
/// what `body` returned and the stages seen (so a test knows the cancel came midway).
fn cancelled_at<T>(stage: &'static str, body: impl FnOnce(&Work) -> T) -> (T, Vec<&'static str>) {
    let cancel = Cancel::new();
    let button = cancel.clone();
    let seen = std::cell::RefCell::new(Vec::new());
    let report = |step: Step| {
        if seen.borrow().last() != Some(&step.stage) {
            seen.borrow_mut().push(step.stage);
        }
        if step.stage == stage {
            button.cancel();
        }
    };
    let outcome = body(&Work::new(&report, cancel));
    (outcome, seen.into_inner())
}

fn assert_cancelled<T: std::fmt::Debug>(
    outcome: peerdesk_core::Result<T>,
    stages: &[&str],
    stage: &str,
) {
    assert!(
        stages.contains(&stage),
        "the work reached {stage:?} before it was cancelled (stages: {stages:?})"
    );
    match outcome {
        Err(CoreError::Cancelled) => {}
        other => panic!("the work stopped with Cancelled, got {other:?}"),
    }
}

/// Everything the store holds that a work could change: the row count of every table (the
/// audit log's too) and the settings, read on a connection of its own (unlocking again
/// would add an audit entry of its own).
fn contents(source: &ReadSource) -> (Vec<(String, i64)>, String) {
    let conn = source.open().expect("the store opens with its key");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    let counts = tables
        .into_iter()
        .map(|table| {
            let rows = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })
                .expect("a count");
            (table, rows)
        })
        .collect();
    let settings = conn
        .query_row(
            "SELECT coalesce(group_concat(key || '=' || value, ';'), '') FROM (SELECT key, value FROM settings ORDER BY key)",
            [],
            |r| r.get(0),
        )
        .expect("settings");
    (counts, settings)
}

/// Every file under `folder` (also hidden ones), with its SHA-256 — the SQLite database
/// and its write-ahead log aside, whose bytes a rolled-back transaction may touch while
/// their contents stay the same (`contents` reads those).
fn files(folder: &Path) -> BTreeMap<String, String> {
    fn walk(folder: &Path, root: &Path, found: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .strip_prefix(root)
                .expect("under the root")
                .display()
                .to_string();
            if path.is_dir() {
                found.insert(format!("{name}/"), String::new());
                walk(&path, root, found);
            } else if name.contains("peerdesk.db") {
                found.insert(name, String::new());
            } else {
                found.insert(name, sha256(&path));
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(folder, folder, &mut found);
    found
}

fn demo_store() -> (Scratch, Store) {
    let (scratch, mut store) = new_store();
    demo::load(
        &mut store,
        DemoSize::Small,
        clock::now_local(),
        &Work::none(),
    )
    .expect("demo data");
    (scratch, store)
}

#[test]
fn cancelled_demo_data_leaves_the_store_empty() {
    let (_scratch, mut store) = new_store();
    let before = contents(&store.read_source());
    let (outcome, stages) = cancelled_at("Making up requests", |work| {
        demo::load(&mut store, DemoSize::Small, clock::now_local(), work)
    });
    assert_cancelled(outcome, &stages, "Making up requests");
    assert_eq!(
        contents(&store.read_source()),
        before,
        "no supporter, request or audit entry stays"
    );
    demo::load(
        &mut store,
        DemoSize::Small,
        clock::now_local(),
        &Work::none(),
    )
    .expect("the store is still empty, so demo data may come later");
}

/// A roster of `n` supporters at two organizations, as a spreadsheet export.
fn roster_csv(n: usize) -> String {
    let mut csv = String::from("Name,Role,Department,Organization,Email,Trained\n");
    for i in 0..n {
        let org = if i % 2 == 0 {
            "Riverside Health"
        } else {
            "Lakeside Clinic"
        };
        csv.push_str(&format!(
            "Person {i},Nurse,Medicine,{org},person{i}@example.org,2024-03-01\n"
        ));
    }
    csv
}

#[test]
fn a_cancelled_roster_import_imports_nothing() {
    let (scratch, mut store) = new_store();
    let file = scratch.temp.path().join("roster.csv");
    std::fs::write(&file, roster_csv(40)).expect("roster");
    let before = contents(&store.read_source());
    let (outcome, stages) = cancelled_at("Writing the roster", |work| {
        import::import_file(
            store.conn_mut(),
            &file,
            None,
            clock::today(),
            ImportOptions::default(),
            work,
        )
    });
    assert_cancelled(outcome, &stages, "Writing the roster");
    assert_eq!(
        contents(&store.read_source()),
        before,
        "no supporter, organization, list entry or audit entry stays"
    );
}

#[test]
fn a_cancelled_request_import_imports_nothing_and_the_file_may_come_again() {
    let (scratch, mut store) = new_store();
    import::import_bytes(
        store.conn_mut(),
        roster_csv(2).as_bytes(),
        clock::today(),
        ImportOptions::default(),
    )
    .expect("the organizations, roles and departments the requests name");
    let received = (clock::today() - chrono::Duration::days(3)).format("%Y-%m-%d 09:10");
    let mut csv = String::from("Timestamp,Role,Department,Organization,Issue type\n");
    for _ in 0..30 {
        csv.push_str(&format!(
            "{received},Nurse,Medicine,Lakeside Clinic,Burnout\n"
        ));
    }
    let file = scratch.temp.path().join("requests.csv");
    std::fs::write(&file, csv).expect("requests");
    let before = contents(&store.read_source());
    let (outcome, stages) = cancelled_at("Writing the requests", |work| {
        request_import::import_file(store.conn(), &file, None, clock::now_local(), true, work)
    });
    assert_cancelled(outcome, &stages, "Writing the requests");
    assert_eq!(
        contents(&store.read_source()),
        before,
        "no request, no note of the file, no audit entry"
    );
    let again = request_import::import_file(
        store.conn(),
        &file,
        None,
        clock::now_local(),
        true,
        &Work::none(),
    )
    .expect("the same file imports later");
    assert!(
        again.applied && again.already_imported_on.is_none(),
        "the cancelled import did not count as imported: {again:?}"
    );
}

#[test]
fn a_cancelled_export_writes_no_file_and_records_nothing() {
    let (scratch, store) = demo_store();
    let out_folder = scratch.temp.path().join("exports");
    std::fs::create_dir_all(&out_folder).expect("folder");
    let before = (contents(&store.read_source()), files(&out_folder));
    let query = ReportQuery {
        from: "2000-01-01".into(),
        to: clock::today().to_string(),
        ..ReportQuery::default()
    };
    for (stage, format) in [
        ("Grouping them so no one stands out", Format::Csv),
        ("Writing the file", Format::Xlsx),
    ] {
        let (outcome, stages) = cancelled_at(stage, |work| {
            export::export_outreach_to(
                store.conn(),
                &export::ExportFiles::new(&out_folder.join("outreach.csv"), format, None)
                    .expect("the export's files"),
                &query,
                format,
                clock::today(),
                work,
            )
        });
        assert_cancelled(outcome, &stages, stage);
    }
    assert_eq!(
        (contents(&store.read_source()), files(&out_folder)),
        before,
        "no export file (not even a partial one) and no audit entry"
    );
}

#[test]
fn a_cancelled_committee_report_writes_no_pdf() {
    let (scratch, store) = demo_store();
    let out_folder = scratch.temp.path().join("print");
    std::fs::create_dir_all(&out_folder).expect("folder");
    let before = (contents(&store.read_source()), files(&out_folder));
    let request = PrintRequest {
        document: "report".into(),
        ..PrintRequest::default()
    };
    let (outcome, stages) = cancelled_at("Writing the PDF", |work| {
        print::write_document(
            store.conn(),
            &request,
            clock::today(),
            &out_folder.join("report.pdf"),
            work,
        )
    });
    assert_cancelled(outcome, &stages, "Writing the PDF");
    assert_eq!(
        (contents(&store.read_source()), files(&out_folder)),
        before,
        "no PDF and no audit entry"
    );
}

#[test]
fn a_cancelled_backup_leaves_no_file_and_no_record() {
    let (scratch, store) = demo_store();
    let status = backup::status(store.conn(), store.dir()).expect("backup status");
    let folder = status.folder.clone();
    assert!(
        !folder.exists(),
        "the backups folder is made by the first backup"
    );
    let source = store.backup_source().expect("source");
    let before = (contents(&store.read_source()), files(scratch.temp.path()));
    for stage in ["Checking the copy", "Writing the backup file"] {
        let (outcome, stages) = cancelled_at(stage, |work| {
            backup::run_automatic(
                &source,
                &status,
                clock::now_utc_time(),
                clock::now_local(),
                work,
            )
        });
        assert_cancelled(outcome, &stages, stage);
    }
    assert_eq!(
        (contents(&store.read_source()), files(scratch.temp.path())),
        before,
        "no backup, no copy of the database, no backups folder and no note of a backup"
    );
}

#[test]
fn a_cancelled_restore_leaves_the_data_folder_as_it_was() {
    let (from, store) = demo_store();
    let file = from.temp.path().join("one.peerdesk-backup");
    backup::write(
        &store.backup_source().expect("source"),
        &file,
        clock::now_utc_time(),
        &Work::none(),
    )
    .expect("backup");
    drop(store);

    // Into a folder that holds nothing yet: it is not even made.
    let empty = scratch();
    let (outcome, stages) = cancelled_at("Checking the database", |work| {
        backup::restore(
            &file,
            &empty.dir,
            &passphrase(),
            false,
            clock::now_utc_time(),
            work,
        )
    });
    assert_cancelled(outcome, &stages, "Checking the database");
    assert!(
        !empty.dir.root().exists(),
        "no data folder was left behind: {:?}",
        files(empty.temp.path())
    );

    // Over a store, with consent to replace it: the store stays, and nothing is set aside.
    let (target, other) = new_store();
    let source = other.read_source();
    drop(other);
    let before = (contents(&source), files(target.temp.path()));
    let key_file = sha256(&target.dir.key_file());
    let (outcome, stages) = cancelled_at("Copying the database out", |work| {
        backup::restore(
            &file,
            &target.dir,
            &passphrase(),
            true,
            clock::now_utc_time(),
            work,
        )
    });
    assert_cancelled(outcome, &stages, "Copying the database out");
    assert_eq!(
        sha256(&target.dir.key_file()),
        key_file,
        "the key file is untouched"
    );
    assert_eq!(
        (contents(&source), files(target.temp.path())),
        before,
        "the store is the one that was there, and no staged copy or set-aside folder stays"
    );
}

#[test]
fn a_cancelled_key_rotation_keeps_the_key_and_the_key_file() {
    let (scratch, mut store) = demo_store();
    let before = (contents(&store.read_source()), files(scratch.temp.path()));
    let key_file = sha256(&scratch.dir.key_file());
    let (outcome, stages) = cancelled_at("Checking the passphrase", |work| {
        store.rotate_key(&passphrase(), Keychain::Off, work)
    });
    assert_cancelled(outcome, &stages, "Checking the passphrase");
    assert_eq!(
        sha256(&scratch.dir.key_file()),
        key_file,
        "the key file still names the old key alone"
    );
    assert_eq!(
        (contents(&store.read_source()), files(scratch.temp.path())),
        before,
        "the store opens with the old key and holds what it held, with no rekey entry"
    );
}

#[test]
fn past_the_point_of_stopping_a_rotation_runs_to_its_end() {
    let (scratch, mut store) = demo_store();
    let key_file = sha256(&scratch.dir.key_file());
    let (outcome, stages) = cancelled_at("Re-encrypting every page", |work| {
        store.rotate_key(&passphrase(), Keychain::Off, work)
    });
    assert!(
        outcome.is_ok(),
        "a rotation whose pages are being rewritten finishes: {outcome:?} ({stages:?})"
    );
    assert_ne!(
        sha256(&scratch.dir.key_file()),
        key_file,
        "the key file names the new key"
    );
    drop(store);
    reopen(&scratch.dir);
}
