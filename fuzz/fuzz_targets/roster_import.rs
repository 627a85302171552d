//! The roster import on arbitrary bytes, as a coordinator's CSV or XLSX file reaches it:
//! `spreadsheet::read_bytes`, then the preview (a dry run), then the import itself.
//!
//! Beyond "never panics": a preview writes nothing; an import that is refused or blocked by
//! a rejected row writes nothing at all (no partial import); one that is applied added
//! exactly the rows its preview said; and the preview and the import agree.
//!
//! Every `expect` here is an assertion: a panic is how a fuzz target reports a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use peerdesk_core::roster::supporters::import::{import_bytes, ImportOptions, ImportPreview};
use peerdesk_fuzz::{count, snapshot, today, with_store, Slot};

thread_local! {
    static STORE: Slot = const { Slot::new(None) };
}

const DRY_RUN: ImportOptions = ImportOptions {
    dry_run: true,
    valid_rows_only: false,
};

fn check_preview(preview: &ImportPreview) {
    assert_eq!(
        preview.added.len() + preview.updated.len() + preview.unchanged + preview.rejected.len(),
        preview.rows,
        "every row is added, updated, unchanged or rejected, once: {preview:?}"
    );
    assert!(
        preview.rejected.iter().all(|r| r.row >= 2),
        "row numbers count the header as row 1: {:?}",
        preview.rejected
    );
    assert_eq!(preview.file_sha256.len(), 64);
    serde_json::to_string(preview).expect("the preview goes to the window as JSON");
}

fuzz_target!(|data: &[u8]| {
    with_store(&STORE, |conn| {
        let before = snapshot(conn);
        let supporters = count(conn, "supporters");

        let preview = import_bytes(conn, data, today(), DRY_RUN);
        assert_eq!(snapshot(conn), before, "a preview wrote to the store");
        if let Ok(preview) = &preview {
            check_preview(preview);
            assert!(!preview.applied, "a dry run applied");
        }

        let imported = import_bytes(conn, data, today(), ImportOptions::default());
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
        check_preview(&imported);
        assert_eq!(
            imported.rejected, preview.rejected,
            "the import rejects what the preview did"
        );
        assert_eq!(imported.added.len(), preview.added.len());
        assert_eq!(imported.updated.len(), preview.updated.len());
        assert_eq!(imported.blocked, !imported.rejected.is_empty());
        let writes = imported.added.len() + imported.updated.len();
        assert_eq!(
            imported.applied,
            !imported.blocked && writes > 0,
            "applied exactly when no row was rejected and something was new: {imported:?}"
        );
        if !imported.applied {
            assert_eq!(
                snapshot(conn),
                before,
                "no partial import: a blocked file wrote"
            );
        } else {
            assert_eq!(
                count(conn, "supporters"),
                supporters + imported.added.len() as i64,
                "the import added what it said"
            );
            return true;
        }

        // Blocked by rejected rows: the coordinator may import the valid ones only.
        if imported.blocked {
            let valid_only = ImportOptions {
                dry_run: false,
                valid_rows_only: true,
            };
            let partial = import_bytes(conn, data, today(), valid_only)
                .expect("a file that was previewed imports its valid rows");
            check_preview(&partial);
            assert_eq!(partial.rejected, imported.rejected);
            assert_eq!(partial.applied, writes > 0);
            assert_eq!(
                count(conn, "supporters"),
                supporters + partial.added.len() as i64,
                "the valid rows alone were added"
            );
            return partial.applied;
        }
        false
    });
});
