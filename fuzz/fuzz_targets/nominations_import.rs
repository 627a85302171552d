//! The nomination survey import on arbitrary bytes, as `nominations::import_file` does it
//! (`spreadsheet::read_bytes`, then `import_sheet`), then the tally the screen shows.
//!
//! Beyond "never panics": a refused survey writes nothing; an imported one is counted the
//! same by the import and by the tally; the same file twice is refused without a write.
//!
//! Every `expect` here is an assertion: a panic is how a fuzz target reports a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use peerdesk_core::{roster::nominations, files::spreadsheet};
use peerdesk_fuzz::{snapshot, with_store, Slot};
use sha2::{Digest, Sha256};

thread_local! {
    static STORE: Slot = const { Slot::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let Ok(sheet) = spreadsheet::read_bytes(data) else {
        return;
    };
    let sha256 = hex::encode(Sha256::digest(data));
    with_store(&STORE, |conn| {
        let before = snapshot(conn);
        let Ok(survey) = nominations::import_sheet(conn, &sheet, &sha256, Some("survey.csv"))
        else {
            assert_eq!(snapshot(conn), before, "a refused survey changed the store");
            return false;
        };
        assert_eq!(
            survey.answers + survey.skipped,
            sheet.rows.len(),
            "every row is an answer or skipped, once: {survey:?}"
        );
        assert!(survey.answers > 0, "an imported survey names someone");
        assert!(survey.departments >= 1 && survey.departments <= survey.answers);

        let tally = nominations::tally(conn).expect("an imported survey tallies");
        assert_eq!(
            tally.answers, survey.answers as i64,
            "the tally counts the import's answers"
        );
        assert_eq!(
            tally.departments.iter().map(|d| d.answers).sum::<i64>(),
            tally.answers,
            "the departments' answers add up: {tally:?}"
        );
        assert_eq!(
            tally.departments.len(),
            survey.departments,
            "the tally shows the departments the import counted: {tally:?}"
        );
        for department in &tally.departments {
            assert_eq!(
                department.nominees.iter().map(|n| n.votes).sum::<i64>(),
                department.answers
            );
        }
        serde_json::to_string(&tally).expect("the tally goes to the window as JSON");

        let after = snapshot(conn);
        assert!(
            nominations::import_sheet(conn, &sheet, &sha256, Some("survey.csv")).is_err(),
            "the same survey file is refused the second time"
        );
        assert_eq!(snapshot(conn), after, "the refused second import wrote");
        true
    });
});
