//! Reports and the de-identified export through the command line, on a real encrypted store
//! filled with the small demo.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::reporting::export::{self, ExportFiles, Format};
use peerdesk_core::reporting::reports::{self, ReportQuery};
use peerdesk_core::work::Work;
use serde_json::Value;

use crate::cli::{assert_failure, assert_one_line_failure, initialized, peerdesk};
use crate::fixture::{new_store, reopen, scratch, Scratch};

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
            "resources",
            "outcomes",
            "sources",
            "referrals"
        ],
        "the report has its ten tables in order"
    );
    // The committee's shares leave the screen suppressed like every count.
    for share in report["indicators"]["shares"].as_array().expect("shares") {
        for cell in [&share["part"], &share["whole"]] {
            match cell["value"].as_i64() {
                Some(n) => assert!(
                    n == 0 || n >= 11 || share["key"] == "reach",
                    "a small count left the screen: {share}"
                ),
                None => assert!(
                    share["percent"].is_null(),
                    "a hidden count has no share: {share}"
                ),
            }
        }
    }
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
    let beside = std::fs::read_to_string(s.temp.path().join("outreach.summary.txt"))
        .expect("the summary is written beside the CSV");
    assert!(
        beside.contains("Rows suppressed (their group stayed smaller than k)"),
        "the summary notes the rows suppressed: {beside}"
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

/// A store with the small demo, made through the command line; its passphrase file.
fn small_demo() -> (Scratch, PathBuf) {
    let s = scratch();
    let pass = initialized(&s);
    let demo = peerdesk(s.dir.root(), Some(&pass), &["demo", "--size", "small"]);
    assert_eq!(demo.code, 0, "the demo loads: {}", demo.stderr);
    (s, pass)
}

/// What Python's own `csv` module makes of an export, as analysis tools read it: the header's
/// width, how many records follow, the records (numbered from 0, the header) whose width is
/// another, and those whose first cell is not a period (`2026-03`, `2026-Q1`, `2026`).
fn read_with_python(csv: &Path) -> Value {
    const SCRIPT: &str = r#"
import csv, json, re, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header = rows[0]
period = re.compile(r"^\d{4}(-\d{2}|-Q[1-4])?$")
print(json.dumps({
    "header": header,
    "records": len(rows) - 1,
    "ragged": [i for i, row in enumerate(rows) if len(row) != len(header)],
    "not_data": [row for row in rows[1:] if not row or not period.match(row[0])],
}))
"#;
    let run = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(csv)
        .output()
        .expect("python3 runs (scripts/lib.sh installs it with the test packages)");
    assert!(
        run.status.success(),
        "python3 reads the CSV: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("the script prints JSON")
}

/// The number a summary file gives for `label` (`label: N`).
fn summary_count(summary: &str, label: &str) -> usize {
    summary
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{label}: ")))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("the summary gives {label}: {summary}"))
}

/// Without dates, on whatever day the tests run (`scripts/test` runs them again on a 1st of a
/// month): the CSV is one table that Python's `csv` module reads with every record as wide as
/// the header and none of them a summary line; the summary with its counts is beside it.
#[test]
fn the_csv_export_reads_as_one_table_in_python_and_its_summary_sits_beside_it() {
    let (s, pass) = small_demo();
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    let csv = s.temp.path().join("committee.csv");
    let written = run(&["export", "outreach", "--out", &csv.display().to_string()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let beside = s.temp.path().join("committee.summary.txt");
    assert!(
        written.stdout.contains(&beside.display().to_string()),
        "the command says where the summary went: {}",
        written.stdout
    );

    let read = read_with_python(&csv);
    assert_eq!(
        read["header"],
        serde_json::json!(export::HEADERS),
        "the first record is the header"
    );
    assert_eq!(
        read["ragged"],
        serde_json::json!([]),
        "every record has the header's columns"
    );
    assert_eq!(
        read["not_data"],
        serde_json::json!([]),
        "no blank line, no summary line: every record is an outreach"
    );
    let summary = std::fs::read_to_string(&beside).expect("the summary beside the CSV");
    let records = read["records"].as_u64().expect("a count") as usize;
    assert!(
        records > 0,
        "the default period (the last 12 full months) holds the demo's outreaches"
    );
    assert_eq!(
        summary_count(&summary, "Rows exported"),
        records,
        "the summary counts the rows the CSV holds: {summary}"
    );
    assert!(
        summary_count(&summary, "Outreaches in the period") >= records,
        "{summary}"
    );

    let elsewhere = s.temp.path().join("notes");
    std::fs::create_dir(&elsewhere).expect("folder");
    let asked = elsewhere.join("what-was-generalized.txt");
    let second = s.temp.path().join("second.csv");
    let written = run(&[
        "export",
        "outreach",
        "--out",
        &second.display().to_string(),
        "--summary",
        &asked.display().to_string(),
    ]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(
        std::fs::read_to_string(&asked)
            .expect("the summary where --summary said")
            .contains("Rows exported: "),
        "--summary FILE holds the summary"
    );
    assert!(
        !s.temp.path().join("second.summary.txt").exists(),
        "with --summary, nothing is written beside the CSV"
    );
    assert_one_line_failure(
        &run(&[
            "export",
            "outreach",
            "--out",
            &second.display().to_string(),
            "--summary",
            &second.display().to_string(),
        ]),
        "where the export itself goes",
    );
}

/// The XLSX holds the rows on its first sheet and the summary on a second named "Summary",
/// whose count of rows is the first sheet's.
#[test]
fn the_xlsx_export_keeps_its_summary_on_a_second_sheet_named_summary() {
    use calamine::{Data, Reader, Xlsx};
    let (s, pass) = small_demo();
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    let xlsx = s.temp.path().join("committee.xlsx");
    let written = run(&["export", "outreach", "--out", &xlsx.display().to_string()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(
        written.stdout.contains("\"Summary\" sheet"),
        "{}",
        written.stdout
    );
    assert_eq!(
        crate::fixture::listing(s.temp.path())
            .iter()
            .filter(|name| name.ends_with(".txt") && name.contains("committee"))
            .count(),
        0,
        "no summary file beside a workbook"
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("an XLSX");
    assert_eq!(
        book.sheet_names(),
        ["Outreaches", "Summary"],
        "the rows, then the summary"
    );
    let rows = book.worksheet_range("Outreaches").expect("rows");
    let (height, width) = rows.get_size();
    assert_eq!(width, export::HEADERS.len(), "as wide as the header");
    assert!(height > 1, "the default period holds rows");
    let facts = book.worksheet_range("Summary").expect("summary");
    let exported = facts
        .rows()
        .find(|row| row[0] == Data::String("Rows exported".into()))
        .map(|row| row[1].clone());
    assert_eq!(
        exported,
        Some(Data::Float((height - 1) as f64)),
        "the Summary sheet counts the rows of the first"
    );
}

/// On the 1st of a month the export without dates covers the 12 months before it, and so
/// holds that year's outreaches; before, it started on that very 1st and was empty.
#[test]
fn on_the_first_of_a_month_the_export_without_dates_holds_the_last_twelve_months() {
    let (first, scratch, store) = small_demo_store();
    let files =
        ExportFiles::new(&scratch.temp.path().join("april.csv"), Format::Csv, None).expect("files");
    let summary = export::export_outreach_to(
        store.conn(),
        &files,
        &ReportQuery::default(),
        Format::Csv,
        first,
        &Work::none(),
    )
    .expect("exported");
    assert_eq!(
        (summary.from.as_str(), summary.to.as_str()),
        ("2025-04-01", "2026-03-31"),
        "the last 12 full months"
    );
    assert!(
        summary.rows_exported > 0,
        "the export of April 1st holds last year's outreaches: {summary:?}"
    );
    let read = read_with_python(&files.data);
    assert_eq!(
        read["records"].as_u64(),
        Some(summary.rows_exported as u64),
        "and its file holds them"
    );
}

/// The window's report runs on two connections at once, one making the pass over the
/// outreaches while the other counts the rest. It is the report on one connection, for the
/// whole history, a year and one organization; and both connections read the store as it
/// was when they were opened: outreaches moved out of the period afterwards are still in
/// both halves (in the total and in the issue types), and only a new report leaves them out.
#[test]
fn a_report_on_two_connections_is_the_report_on_one_and_reads_one_snapshot() {
    let (today, _scratch, store) = small_demo_store();
    let organization: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM organizations", [], |r| r.get(0))
        .expect("an organization");
    let history = ReportQuery {
        from: "2000-01-01".into(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let queries = [
        history.clone(),
        ReportQuery::default(),
        ReportQuery {
            organization_id: Some(organization),
            ..history.clone()
        },
    ];
    let source = store.read_source();
    let on_one = |query: &ReportQuery| {
        reports::build(&source.open().expect("connection"), query, today).expect("report")
    };
    let on_two = |(conn, helper): (rusqlite::Connection, rusqlite::Connection),
                  query: &ReportQuery| {
        reports::build_on_two(&conn, helper, query, today).expect("report on two")
    };
    for query in &queries {
        let one = on_one(query);
        assert!(one.outreaches.value > Some(0), "the period has outreaches");
        // Compared whole, but not printed whole: a report is long.
        assert!(
            on_two(source.open_two().expect("two connections"), query) == one,
            "the same report on two connections ({query:?})"
        );
    }

    let before = on_one(&history);
    let opened = source.open_two().expect("two connections");
    let moved = store
        .conn()
        .execute(
            "UPDATE outreaches SET occurred_on = '1999-01-01' WHERE id IN
                (SELECT DISTINCT outreach_id FROM outreach_issue_types ORDER BY outreach_id LIMIT 30)",
            [],
        )
        .expect("outreaches moved out of the period");
    assert_eq!(moved, 30);
    assert!(
        on_two(opened, &history) == before,
        "both halves read the store as it was when they were opened"
    );
    let after = on_one(&history);
    assert_eq!(
        after.outreaches.value,
        before.outreaches.value.map(|n| n - 30),
        "a new report leaves the moved outreaches out"
    );
    let issue_total = |report: &reports::Report| report.tables[0].total.value;
    assert!(
        issue_total(&after) < issue_total(&before),
        "and their issue types too"
    );
}

/// The small demo's store, made up to April 1st 2026, which it returns as today.
fn small_demo_store() -> (NaiveDate, Scratch, peerdesk_core::Store) {
    let (scratch, mut store) = new_store();
    let today = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
    demo::load(
        &mut store,
        DemoSize::Small,
        today.and_hms_opt(9, 0, 0).expect("time"),
        &Work::none(),
    )
    .expect("demo data");
    (today, scratch, store)
}

/// The window's export counts its summary's figures on a second connection from its start:
/// the CSV and the summary are those of the export on one connection.
#[test]
fn an_export_on_two_connections_is_the_export_on_one() {
    let (today, _scratch, store) = small_demo_store();
    let source = store.read_source();
    let query = ReportQuery {
        from: "2000-01-01".into(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    for format in [Format::Csv, Format::Xlsx] {
        let one =
            export::outreach_export(&source.open().expect("connection"), &query, format, today)
                .expect("export");
        let (conn, helper) = source.open_two().expect("two connections");
        let two =
            export::outreach_export_on_two(&conn, helper, &query, format, today, &Work::none())
                .expect("export on two");
        assert!(
            !one.1.figures.is_empty() && one.1.rows_exported > 0,
            "the export has rows and figures"
        );
        assert_eq!(two.1, one.1, "the same summary ({format:?})");
        if format == Format::Csv {
            assert!(two.0 == one.0, "the same CSV, byte for byte");
        }
    }
}
