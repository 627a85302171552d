//! The web-form requests import on arbitrary bytes: `spreadsheet::read_bytes`, the preview
//! (`apply = false`), then the import.
//!
//! Beyond "never panics": a preview writes nothing; an import with one rejected row writes
//! nothing (all or nothing); an applied one added exactly the rows it accepted, and the same
//! file a second time is refused without a write.
//!
//! Every `expect` here is an assertion: a panic is how a fuzz target reports a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use peerdesk_core::daily::requests::import::{import_bytes, RequestImport};
use peerdesk_fuzz::{count, now, snapshot, with_store, Slot};

thread_local! {
    static STORE: Slot = const { Slot::new(None) };
}

fn check_report(report: &RequestImport) {
    assert_eq!(
        report.accepted.len() + report.rejected.len(),
        report.rows,
        "every row is accepted or rejected, once: {report:?}"
    );
    assert!(
        report
            .accepted
            .iter()
            .map(|r| r.row)
            .chain(report.rejected.iter().map(|r| r.row))
            .all(|row| row >= 2),
        "row numbers count the header as row 1: {report:?}"
    );
    assert_eq!(report.file_sha256.len(), 64);
    serde_json::to_string(report).expect("the report goes to the window as JSON");
}

fuzz_target!(|data: &[u8]| {
    with_store(&STORE, |conn| {
        let before = snapshot(conn);
        let requests = count(conn, "requests");

        let preview = import_bytes(conn, data, now(), false);
        assert_eq!(snapshot(conn), before, "a preview wrote to the store");
        if let Ok(preview) = &preview {
            check_report(preview);
            assert!(!preview.applied, "a preview applied");
        }

        let imported = import_bytes(conn, data, now(), true);
        let (preview, imported) = match (preview, imported) {
            (Err(_), Err(_)) => {
                assert_eq!(snapshot(conn), before, "a refused file changed the store");
                return false;
            }
            (Ok(preview), Ok(imported)) => (preview, imported),
            (preview, imported) => panic!(
                "the preview and the import disagree: preview {preview:?}, import {imported:?}"
            ),
        };
        check_report(&imported);
        assert_eq!(
            imported.accepted, preview.accepted,
            "the import accepts what the preview did"
        );
        assert_eq!(
            imported.rejected, preview.rejected,
            "the import rejects what the preview did"
        );
        assert_eq!(
            imported.applied,
            imported.rejected.is_empty() && !imported.accepted.is_empty(),
            "applied exactly when every row passed: {imported:?}"
        );
        if !imported.applied {
            assert_eq!(
                snapshot(conn),
                before,
                "all or nothing: a rejected file wrote"
            );
            return false;
        }
        assert_eq!(
            count(conn, "requests"),
            requests + imported.accepted.len() as i64,
            "the import added the rows it accepted"
        );
        let after = snapshot(conn);
        let again = import_bytes(conn, data, now(), true).expect("the same file reads again");
        assert!(
            !again.applied && again.already_imported_on.is_some(),
            "the same file is imported once: {again:?}"
        );
        assert_eq!(snapshot(conn), after, "the second import wrote");
        true
    });
});
