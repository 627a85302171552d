//! Reporting access and the audit log, through the command line: the reporting passphrase
//! opens reports, the export and the flyer, and every other command is refused; the audit
//! log lists what happened and shows a changed or removed entry.

use crate::cli::{assert_failure, assert_one_line_failure, initialized, peerdesk};
use crate::fixture::{scratch, sha256};

const REPORTING: &str = "quality office harbour tulip";

/// A store with the small demo, and a reporting passphrase issued; returns the recovery
/// and the reporting passphrase files.
fn issued(s: &crate::fixture::Scratch) -> (std::path::PathBuf, std::path::PathBuf) {
    let recovery = initialized(s);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&recovery), &["demo"]).code,
        0,
        "the small demo loads"
    );
    let reporting = s.temp.path().join("reporting.txt");
    std::fs::write(&reporting, format!("{REPORTING}\n")).expect("write");
    let issue = peerdesk(
        s.dir.root(),
        Some(&reporting),
        &[
            "reporting",
            "issue",
            "--recovery-passphrase-file",
            &recovery.display().to_string(),
        ],
    );
    assert_eq!(issue.code, 0, "issued: {}", issue.stderr);
    assert!(issue.stdout.contains("never a name"), "{}", issue.stdout);
    (recovery, reporting)
}

#[test]
fn the_reporting_passphrase_runs_reports_exports_and_the_flyer_and_nothing_else() {
    let s = scratch();
    let (_recovery, reporting) = issued(&s);
    let dir = s.dir.root();
    let out = |name: &str| s.temp.path().join(name).display().to_string();

    let report = peerdesk(
        dir,
        Some(&reporting),
        &["report", "--json", "--from", "2025-12-01"],
    );
    assert_eq!(report.code, 0, "report: {}", report.stderr);
    assert!(report.stdout.contains("\"tables\""), "{}", report.stdout);
    let export = peerdesk(
        dir,
        Some(&reporting),
        &[
            "export",
            "outreach",
            "--out",
            &out("staff.csv"),
            "--from",
            "2025-12-01",
        ],
    );
    assert_eq!(export.code, 0, "export: {}", export.stderr);
    let beside = std::fs::read_to_string(s.temp.path().join("staff.summary.txt"))
        .expect("staff's CSV gets its summary beside it too");
    assert!(beside.contains("Rows exported: "), "{beside}");
    let csv = std::fs::read_to_string(s.temp.path().join("staff.csv")).expect("the CSV");
    assert!(
        !csv.contains("Rows exported"),
        "staff's CSV holds no summary line"
    );
    let committee = peerdesk(
        dir,
        Some(&reporting),
        &[
            "print",
            "report",
            "--out",
            &out("committee.pdf"),
            "--from",
            "2025-12-01",
        ],
    );
    assert_eq!(committee.code, 0, "committee report: {}", committee.stderr);

    let database = dir.join("peerdesk.db");
    let before = sha256(&database);
    let sign = out("sign.pdf");
    for refused in [
        vec!["status"],
        vec!["supporters", "list"],
        vec!["requests", "list"],
        vec!["outreach", "list"],
        vec!["match", "1"],
        vec!["settings", "show"],
        vec!["audit", "list"],
        vec!["backup", "--out", "/tmp/never-written.peerdesk-backup"],
        vec![
            "print",
            "sign",
            "--department",
            "Emergency",
            "--out",
            sign.as_str(),
        ],
        vec!["reporting", "revoke"],
    ] {
        let outcome = peerdesk(dir, Some(&reporting), &refused);
        assert_one_line_failure(&outcome, "reporting passphrase opens");
    }
    assert!(!std::path::Path::new(&sign).exists(), "no sign was written");
    assert_eq!(
        sha256(&database),
        before,
        "the coordinator's store is untouched"
    );
}

#[test]
fn a_revoked_reporting_passphrase_opens_nothing() {
    let s = scratch();
    let (recovery, reporting) = issued(&s);
    let revoke = peerdesk(s.dir.root(), Some(&recovery), &["reporting", "revoke"]);
    assert_eq!(revoke.code, 0, "{}", revoke.stderr);
    let refused = peerdesk(s.dir.root(), Some(&reporting), &["report"]);
    assert_one_line_failure(&refused, "does not unlock");
}

#[test]
fn the_audit_log_lists_what_happened_and_verify_finds_a_changed_or_removed_entry() {
    let s = scratch();
    let (recovery, reporting) = issued(&s);
    let dir = s.dir.root();
    let staff_csv = s.temp.path().join("staff.csv").display().to_string();
    assert_eq!(
        peerdesk(
            dir,
            Some(&reporting),
            &["export", "outreach", "--out", &staff_csv]
        )
        .code,
        0,
        "the reporting passphrase exports the de-identified outreaches"
    );
    // A wrong passphrase, then the right one: both on record.
    let wrong = s.temp.path().join("wrong.txt");
    std::fs::write(&wrong, "not the passphrase at all\n").expect("write");
    assert_eq!(
        peerdesk(dir, Some(&wrong), &["status"]).code,
        1,
        "a wrong passphrase fails with exit code 1"
    );
    assert_eq!(
        peerdesk(dir, Some(&recovery), &["reporting", "refresh"]).code,
        0,
        "the recovery passphrase refreshes the reporting store"
    );

    let listed = peerdesk(dir, Some(&recovery), &["audit", "list", "--json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(&listed.stdout).expect("a JSON list");
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    for expected in [
        "store created",
        "unlock",
        "failed unlock",
        "demo data loaded",
        "reporting passphrase issued",
        "reporting staff action",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} is on record: {actions:?}"
        );
    }
    for entry in &entries {
        assert!(
            entry["at"].is_string() && entry.get("detail").is_some(),
            "{entry}"
        );
    }
    let staff = entries
        .iter()
        .filter(|e| e["action"] == "reporting staff action")
        .filter_map(|e| e["detail"].as_str())
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(staff.contains("de-identified outreach export"), "{staff}");

    let only = peerdesk(
        dir,
        Some(&recovery),
        &["audit", "list", "--json", "--action", "failed unlock"],
    );
    let only: Vec<serde_json::Value> = serde_json::from_str(&only.stdout).expect("JSON");
    assert_eq!(only.len(), 1, "one failed unlock: {only:?}");
    let later = peerdesk(
        dir,
        Some(&recovery),
        &["audit", "list", "--since", "2999-01-01"],
    );
    assert!(
        later.stdout.contains("No entries match"),
        "{}",
        later.stdout
    );
    assert_one_line_failure(
        &peerdesk(
            dir,
            Some(&recovery),
            &["audit", "list", "--since", "31/12/2026"],
        ),
        "YYYY-MM-DD",
    );

    let intact = peerdesk(dir, Some(&recovery), &["audit", "verify"]);
    assert_eq!(intact.code, 0, "{}", intact.stderr);
    assert!(intact.stdout.contains("intact"), "{}", intact.stdout);
    let head = intact
        .stdout
        .split_whitespace()
        .last()
        .expect("the newest hash")
        .to_string();
    assert_eq!(head.len(), 64, "{}", intact.stdout);
    assert_eq!(
        peerdesk(
            dir,
            Some(&recovery),
            &["audit", "verify", "--expect", &head]
        )
        .code,
        0,
        "the noted hash is still there"
    );
    assert_failure(
        &peerdesk(
            dir,
            Some(&recovery),
            &["audit", "verify", "--expect", &"0".repeat(64)],
        ),
        2,
        "cut off",
    );

    // Someone with the key edits the log behind PeerDesk's back: verify names the entry.
    let key = {
        let store = peerdesk_core::Store::unlock(
            &s.dir,
            peerdesk_core::Keychain::Off,
            Some(&crate::fixture::passphrase()),
        )
        .expect("open");
        store
            .conn()
            .execute(
                "UPDATE audit_log SET detail = 'nothing to see' WHERE action = 'failed unlock'",
                [],
            )
            .expect("tamper");
        let id: i64 = store
            .conn()
            .query_row(
                "SELECT id FROM audit_log WHERE action = 'failed unlock'",
                [],
                |r| r.get(0),
            )
            .expect("id");
        id
    };
    let broken = peerdesk(dir, Some(&recovery), &["audit", "verify"]);
    assert_failure(&broken, 2, &format!("entry #{key}"));
    assert!(broken.stderr.contains("changed"), "{}", broken.stderr);
}

/// A command that changes data refreshes the reporting store; a listing leaves it as it is
/// (it holds no folder lock, and staff's data only changes when the coordinator's does).
#[test]
fn only_a_change_from_the_command_line_refreshes_the_reporting_store() {
    let s = scratch();
    let (recovery, _) = issued(&s);
    let dir = s.dir.root();
    // The file and its write-ahead log, if it keeps one: together they are what staff read.
    let reporting_files = || {
        ["peerdesk-reporting.db", "peerdesk-reporting.db-wal"]
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.exists())
            .map(|path| sha256(&path))
            .collect::<Vec<_>>()
    };
    let issued_file = reporting_files();
    let list = peerdesk(dir, Some(&recovery), &["supporters", "list"]);
    assert_eq!(list.code, 0, "the roster lists: {}", list.stderr);
    assert_eq!(
        reporting_files(),
        issued_file,
        "listing the roster leaves the reporting store untouched"
    );
    let add = peerdesk(dir, Some(&recovery), &["orgs", "add", "Harbor Clinic"]);
    assert_eq!(add.code, 0, "an organization is added: {}", add.stderr);
    assert_ne!(
        reporting_files(),
        issued_file,
        "a change is carried to the reporting store at once"
    );
}
