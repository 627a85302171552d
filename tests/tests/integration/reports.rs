//! Reports and the de-identified export through the command line, on a real encrypted store
//! filled with the small demo.

use serde_json::Value;

use crate::cli::{assert_failure, assert_one_line_failure, initialized, peerdesk};
use crate::fixture::{reopen, scratch};

#[test]
fn the_report_and_the_export_leave_only_suppressed_de_identified_data() {
    let s = scratch();
    let pass = initialized(&s);
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    let demo = run(&["demo", "--size", "small"]);
    assert_eq!(demo.code, 0, "demo: {}", demo.stderr);
    let today = peerdesk_core::clock::today();
    let from = (today - chrono::Duration::days(364)).to_string();
    let to = today.to_string();

    let report = run(&["report", "--json", "--from", &from, "--to", &to]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let report: Value = serde_json::from_str(&report.stdout).expect("JSON");
    assert_eq!(report["threshold"], 11, "the report hides counts below 11");
    assert_eq!(
        report["coordinator_view"], false,
        "the report is the suppressed view, not the coordinator's"
    );
    let tables = report["tables"].as_array().expect("tables");
    let ids: Vec<&str> = tables.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "issue-types",
            "roles",
            "departments",
            "referral",
            "modes",
            "kinds",
            "resources"
        ],
        "the report has its seven tables in order"
    );
    for table in tables
        .iter()
        .chain([&report["monthly"]])
        .chain(report["load"].as_array().expect("load"))
    {
        for row in table["rows"].as_array().expect("rows") {
            let cell = &row["count"];
            match cell["value"].as_i64() {
                Some(n) => assert!(n == 0 || n >= 11, "a small count left the screen: {row}"),
                None => assert_eq!(cell["text"], "<11", "{row}"),
            }
            if cell["hidden"] == true {
                assert!(row["share"].is_null(), "a share of a hidden count: {row}");
            }
        }
        let hidden = table["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["count"]["hidden"] == true)
            .count();
        assert_ne!(
            hidden, 1,
            "one hidden cell beside a visible total can be computed back: {}",
            table["id"]
        );
    }
    let text = run(&["report", "--from", &from, "--to", &to]);
    assert!(
        text.stdout.contains("Outreaches by issue type")
            && text.stdout.contains("Outreaches per month"),
        "{}",
        text.stdout
    );

    let csv_path = s.temp.path().join("outreach.csv");
    let csv = run(&[
        "export",
        "outreach",
        "--out",
        &csv_path.display().to_string(),
        "--from",
        &from,
        "--to",
        &to,
    ]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(csv.stdout.starts_with("Wrote "), "{}", csv.stdout);
    let bytes = std::fs::read(&csv_path).expect("written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFPeriod,Initial or follow-up,Mode,Referred by,Department,Role,Issue types,Resources offered\r\n"), "the export starts with a BOM and the de-identified header row");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.contains("Rows suppressed (their group stayed smaller than k)"),
        "the export notes the rows suppressed"
    );
    assert!(
        !text.contains("@example.org") && !text.contains("555-"),
        "no contact details"
    );

    let xlsx_path = s.temp.path().join("outreach.xlsx");
    let xlsx = run(&[
        "export",
        "outreach",
        "--out",
        &xlsx_path.display().to_string(),
    ]);
    assert_eq!(xlsx.code, 0, "{}", xlsx.stderr);
    assert!(
        std::fs::read(&xlsx_path)
            .expect("written")
            .starts_with(b"PK"),
        "an XLSX (zip) file"
    );

    let store = reopen(&s.dir);
    let exports: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'de-identified outreach export'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(exports, 2, "each export is in the audit log");

    assert_one_line_failure(
        &run(&[
            "export",
            "outreach",
            "--out",
            "x.csv",
            "--from",
            "2026-13-01",
        ]),
        "is not a date",
    );
    assert_failure(
        &run(&[
            "export",
            "outreach",
            "--out",
            &s.temp
                .path()
                .join("no/such/folder/x.csv")
                .display()
                .to_string(),
        ]),
        3,
        "cannot be written",
    );
    assert_one_line_failure(
        &run(&["report", "--from", "2026-05-01", "--to", "2026-04-01"]),
        "starts (2026-05-01) after it ends",
    );
    let refused = run(&["export", "outreach", "--out", "x.csv", "--identified"]);
    assert_eq!(
        refused.code, 1,
        "there is no flag that turns de-identification off"
    );
}
