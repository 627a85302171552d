use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::*;
use crate::daily::outreach::{self, OutreachForm};
use crate::daily::requests::{self, RequestForm};
use crate::program::organizations::{self, OrganizationInput};
use crate::program::picklists::{self, List};
use crate::roster::supporters::{self, SupporterForm};
use crate::store::migrations;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn generated(count: usize, seed: u64) -> Vec<SourceRow> {
    let departments = [
        "Emergency department",
        "Intensive care",
        "Oncology",
        "Pharmacy",
        "Security",
        "Radiology",
    ];
    let roles = [
        ("Nurse", "clinical"),
        ("Physician", "clinical"),
        ("Pharmacist", "clinical"),
        ("Public safety", "non-clinical"),
        ("Chaplain", "clinical support"),
    ];
    let mut rng = Lcg(seed);
    (0..count)
        .map(|_| {
            // Skewed: most contacts in a few departments and roles, a long tail of rare ones.
            let d = (rng.next(6) * rng.next(6) / 5) as usize;
            let r = (rng.next(5) * rng.next(5) / 4) as usize;
            SourceRow {
                occurred_on: day("2025-01-01") + Duration::days(rng.next(540) as i64),
                kind: "Initial",
                mode: "Phone".into(),
                referral: "Self".into(),
                department: departments[d].into(),
                role: roles[r].0.into(),
                role_family: roles[r].1.into(),
                issue_types: "Burnout".into(),
                resources: String::new(),
            }
        })
        .collect()
}

#[test]
fn every_published_group_of_department_role_and_period_holds_at_least_k_rows() {
    for (count, seed) in [(50, 1), (400, 2), (3_000, 3)] {
        let rows = generated(count, seed);
        let (published, summary) = anonymize(&rows, 11);
        let mut groups: HashMap<(String, String, String), usize> = HashMap::new();
        for cells in published.iter().flatten() {
            *groups
                .entry((
                    cells[0].to_string(),
                    cells[4].to_string(),
                    cells[5].to_string(),
                ))
                .or_default() += 1;
        }
        for (group, size) in &groups {
            assert!(*size >= 11, "{group:?} has {size} rows (of {count})");
        }
        assert_eq!(summary.rows_exported + summary.suppressed, count);
        assert_eq!(published.iter().flatten().count(), summary.rows_exported);
        if count == 3_000 {
            assert!(
                summary.rows_exported > 2_500,
                "a large export keeps most rows: {summary:?}"
            );
            assert!(summary.month_to_quarter > 0);
        }
    }
}

#[test]
fn a_lone_row_climbs_the_ladder_and_is_suppressed_when_nothing_else_helps() {
    let mut rows = generated(0, 0);
    let base = SourceRow {
        occurred_on: day("2026-03-10"),
        kind: "Initial",
        mode: "Phone".into(),
        referral: "Self".into(),
        department: "Intensive care".into(),
        role: "Nurse".into(),
        role_family: "clinical".into(),
        issue_types: "Burnout".into(),
        resources: String::new(),
    };
    rows.extend(std::iter::repeat_n(base.clone(), 11));
    let (published, summary) = anonymize(&rows, 11);
    assert!(published
        .iter()
        .all(|p| p.as_ref().map(|c| c[0].as_ref()) == Some("2026-03")));
    assert_eq!(summary.month_to_quarter, 0);
    rows.push(SourceRow {
        department: "Oncology".into(),
        role: "Chaplain".into(),
        role_family: "clinical support".into(),
        ..base
    });
    let (published, summary) = anonymize(&rows, 11);
    assert!(
        published[11].is_none(),
        "alone even as year, other department and role family"
    );
    assert_eq!((summary.suppressed, summary.rows_exported), (1, 11));
}

#[test]
fn formula_payloads_are_made_inert() {
    for payload in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "@SUM(1)",
        "+1+1",
        "-2",
        "\t=1",
        "\r=1",
        "\0x",
        "  =1+1",
        " \t@SUM(A1)",
        "\n=cmd|' /C calc'!A0",
        "\r\n+1",
        "＝HYPERLINK(\"http://x\")",
        "＋1",
        "－1",
        "＠SUM(1)",
        "|cmd /C calc",
        " |cmd",
        "\u{3000}=1",
    ] {
        assert_eq!(
            inert(payload),
            format!("'{payload}"),
            "{payload:?} is made inert"
        );
    }
    assert_eq!(inert("Nurse"), "Nurse");
    assert_eq!(
        inert("ICU - North"),
        "ICU - North",
        "a dash inside a name is no formula"
    );
    assert_eq!(inert(""), "");
}

const MARKERS: usize = 200;

fn marker(kind: &str, i: usize) -> String {
    format!("Qz{kind}{i:03}marker")
}

/// 200 marker names, emails and phones spread over supporters, requests, notes and comments,
/// with every outreach joined to its request and that request matched to the outreach's
/// supporter (so a leak through the request, the match or the supporter would show): none of
/// them may appear in either export, and no column could join a row back to a request or a
/// supporter.
/// A store with `MARKERS` outreaches in March 2026, each joined to a request and its match,
/// with marker names, emails, phones, notes and comments everywhere and formula payloads as
/// resources.
fn store_with_markers() -> Connection {
    let conn = migrations::in_memory().expect("store");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Host".into(),
            ..OrganizationInput::default()
        },
    )
    .expect("org");
    let now = crate::clock::parse_stamp("2026-04-01T09:00:00").expect("now");
    for payload in ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1+1", "-2"] {
        picklists::add(&conn, List::Resources, payload, None).expect("payload resource");
    }
    let mut supporter_ids = Vec::new();
    for i in 0..MARKERS / 4 {
        supporter_ids.push(
            supporters::add(
                &conn,
                &SupporterForm {
                    name: marker("Name", i),
                    role: "Nurse".into(),
                    organization: "Host".into(),
                    email: format!("{}@example.org", marker("Mail", i)),
                    phone: format!("555-01{i:02} ext {}", 100 + i),
                    notes: marker("Note", i),
                    trained_on: "2025-01-01".into(),
                    max_open_cases: "10".into(),
                    ..SupporterForm::default()
                },
                day("2026-01-01"),
            )
            .expect("supporter"),
        );
    }
    for i in 0..MARKERS {
        let request = requests::add(
            &conn,
            &RequestForm {
                received_at: "2026-03-02T09:00".into(),
                role: "Nurse".into(),
                department: "Intensive care".into(),
                organization: "Host".into(),
                requester_name: marker("Requester", i),
                requester_contact: format!("{}@example.org", marker("Contact", i)),
                note: marker("Why", i),
                ..RequestForm::default()
            },
            now,
        )
        .expect("request");
        let supporter = supporter_ids[i % supporter_ids.len()];
        // Everyone works at the host here: the rule that wants another organization is set aside.
        let relax = Some(crate::daily::matching::Rule::OwnOrganization);
        crate::daily::matching::assign(&conn, request, supporter, relax, now)
            .expect("the request is matched with the outreach's supporter");
        outreach::add(
            &conn,
            &OutreachForm {
                occurred_on: format!("2026-03-{:02}", i % 28 + 1),
                kind: "initial".into(),
                mode: "video".into(),
                referred_by: "peer".into(),
                department: "Intensive care".into(),
                role: "Nurse".into(),
                supporter_id: Some(supporter),
                issue_types: vec!["Burnout".into()],
                resources: vec![
                    ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1+1", "-2"][i % 4].into(),
                ],
                comments: marker("Comment", i),
                request_id: Some(request),
                ..OutreachForm::default()
            },
            now,
        )
        .expect("outreach");
    }
    let joined: i64 = conn
        .query_row(
            "SELECT count(*) FROM outreaches x JOIN requests q ON q.id = x.request_id
               JOIN matches m ON m.request_id = q.id AND m.supporter_id = x.supporter_id",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        joined, MARKERS as i64,
        "every outreach is joined to its request and that request's match"
    );
    conn
}

/// March 2026, the month of the markers' outreaches.
fn march() -> ReportQuery {
    ReportQuery {
        from: "2026-03-01".into(),
        to: "2026-03-31".into(),
        ..ReportQuery::default()
    }
}

#[test]
fn no_name_email_phone_note_or_comment_ever_reaches_an_export() {
    let conn = store_with_markers();
    let query = march();
    let (csv, summary) =
        outreach_export(&conn, &query, Format::Csv, day("2026-04-01")).expect("csv");
    assert_eq!(
        summary.rows_exported, MARKERS,
        "every joined outreach is exported"
    );
    assert!(
        csv.starts_with(b"\xEF\xBB\xBFPeriod,"),
        "the CSV starts with its BOM and header"
    );
    for column in HEADERS {
        let lower = column.to_lowercase();
        assert!(
            ![
                "id",
                "request",
                "supporter",
                "name",
                "contact",
                "comment",
                "note"
            ]
            .iter()
            .any(|word| lower.split_whitespace().any(|w| w == *word)),
            "no column could join a row back to a person: {column}"
        );
    }
    let (xlsx, _) = outreach_export(&conn, &query, Format::Xlsx, day("2026-04-01")).expect("xlsx");
    let mut sheet_text = String::new();
    {
        use calamine::{Reader, Xlsx};
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.clone()))
                .expect("xlsx opens");
        for name in workbook.sheet_names().to_vec() {
            let range = workbook.worksheet_range(&name).expect("sheet");
            for row in range.rows() {
                for cell in row {
                    sheet_text.push_str(&cell.to_string());
                    sheet_text.push('\n');
                }
            }
        }
    }
    let csv_text = String::from_utf8(csv.clone()).expect("utf-8");
    for i in 0..MARKERS {
        for kind in [
            "Name",
            "Mail",
            "Note",
            "Requester",
            "Contact",
            "Why",
            "Comment",
        ] {
            let m = marker(kind, i);
            assert!(!csv_text.contains(&m), "{m} in the CSV");
            assert!(!sheet_text.contains(&m), "{m} in the XLSX");
            assert!(
                !xlsx.windows(m.len()).any(|w| w == m.as_bytes()),
                "{m} in the XLSX bytes"
            );
        }
    }
    assert!(!csv_text.contains("555-01"), "no phone");
    for line in csv_text.lines().skip(1) {
        let period = line.split(',').next().unwrap_or_default();
        assert!(
            period == "2026-03" || period == "2026-Q1" || period == "2026",
            "no exact date: {line}"
        );
    }
    for payload in ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1+1", "-2"] {
        let mut reader = csv::ReaderBuilder::new()
            .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
        let inert_cells = reader
            .records()
            .filter_map(|r| r.ok())
            .filter(|r| r.get(7) == Some(&format!("'{payload}")))
            .count();
        assert_eq!(
            inert_cells,
            MARKERS / 4,
            "{payload} comes back inert in the CSV"
        );
        assert!(
            sheet_text.contains(&format!("'{payload}\n")),
            "{payload} inert in the XLSX"
        );
        assert!(
            !sheet_text.lines().any(|l| l == payload),
            "{payload} never bare in the XLSX"
        );
    }
}

/// Department, role and pick-list names a hostile roster could carry, in every column of
/// both files: each cell reads back as text behind an apostrophe, never as a formula.
#[test]
fn hostile_department_role_and_list_names_leave_as_text_in_csv_and_xlsx() {
    let payloads = [
        " =HYPERLINK(\"http://x\",\"y\")",
        "\t@SUM(A1)",
        "\r\n+1+1",
        "＝1+1",
        "－2",
        "|cmd /C calc",
        "＋cmd",
        "＠x",
    ];
    let row: [Cow<str>; 8] = std::array::from_fn(|i| Cow::Borrowed(payloads[i]));
    let rows = vec![Some(row)];
    let summary = ExportSummary::default();
    let csv = to_csv(&rows).expect("csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(&csv[3..]);
    let written = reader.records().next().expect("a row").expect("readable");
    for (cell, payload) in written.iter().zip(payloads) {
        assert_eq!(cell, format!("'{payload}"), "CSV cell {payload:?}");
    }

    let xlsx = to_xlsx(&rows, &summary).expect("xlsx");
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("an XLSX");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    let cells: Vec<String> = range
        .rows()
        .nth(1)
        .expect("the data row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    for (cell, payload) in cells.iter().zip(payloads) {
        assert_eq!(cell, &format!("'{payload}"), "XLSX cell {payload:?}");
    }
}

/// The CSV's records as a strict reader sees them: one table, every record as wide as the
/// header (the reader refuses a record of another width).
fn csv_records(csv: &[u8]) -> Vec<Vec<String>> {
    let body = csv.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| {
            r.expect("every record as wide as the header")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn the_csv_is_one_table_a_header_and_one_row_per_outreach_and_nothing_else() {
    let conn = store_with_markers();
    let query = march();
    let (csv, summary) =
        outreach_export(&conn, &query, Format::Csv, day("2026-04-01")).expect("csv");
    let records = csv_records(&csv);
    assert_eq!(records[0], HEADERS, "the first record is the header");
    assert_eq!(
        records.len(),
        1 + summary.rows_exported,
        "a header and one record per exported outreach: no blank line, no summary block"
    );
    for record in &records[1..] {
        assert!(
            record[0].starts_with("2026"),
            "every record below the header is an outreach of the period: {record:?}"
        );
    }
    let text = String::from_utf8(csv).expect("utf-8");
    assert!(
        !text.contains("Summary") && !text.contains("Rows suppressed"),
        "the summary is not in the CSV"
    );
}

#[test]
fn the_summary_of_a_csv_goes_beside_it_as_text_with_the_counts() {
    let conn = store_with_markers();
    let folder = tempfile::tempdir().expect("temp");
    let data = folder.path().join("committee.csv");
    let files = ExportFiles::new(&data, Format::Csv, None).expect("files");
    assert_eq!(
        files.summary.as_deref(),
        Some(folder.path().join("committee.summary.txt").as_path()),
        "NAME.summary.txt beside NAME.csv"
    );
    let query = march();
    let summary = export_outreach_to(
        &conn,
        &files,
        &query,
        Format::Csv,
        day("2026-04-01"),
        &Work::none(),
    )
    .expect("written");
    let text = std::fs::read_to_string(folder.path().join("committee.summary.txt"))
        .expect("the summary file is there");
    for line in [
        "Data file: committee.csv".to_string(),
        "Period: 2026-03-01 to 2026-03-31".to_string(),
        format!("Outreaches in the period: {}", summary.outreaches),
        format!("Rows exported: {}", summary.rows_exported),
        format!(
            "Rows suppressed (their group stayed smaller than k): {}",
            summary.suppressed
        ),
    ] {
        assert!(text.contains(&line), "the summary says {line:?}: {text}");
    }
    // The committee's questions, as the committee report words them, for the same period.
    let report = reports::build(&conn, &query, day("2026-04-01")).expect("report");
    let committee = figures::committee(&report);
    assert_eq!(
        summary.figures, committee,
        "the summary holds the committee's figures (no critical event, no group figures)"
    );
    for figure in &committee {
        let line = format!("{}: {}", figure.label, figure.value);
        assert!(text.contains(&line), "the summary says {line:?}: {text}");
    }
    assert!(
        text.contains("First contacts in time: 16.0% (32 of 200) (Requests contacted within"),
        "a share with its part and whole, and what it is of: {text}"
    );
    assert!(
        text.contains("Referrals connected: none (Referrals to further help"),
        "a share of nothing says so, not hidden: {text}"
    );
    assert_eq!(
        csv_records(&std::fs::read(&data).expect("the CSV is there")).len(),
        1 + summary.rows_exported,
        "the CSV beside it holds only the header and the rows"
    );
}

#[test]
fn the_xlsx_has_the_rows_on_its_first_sheet_and_the_summary_on_a_second_named_summary() {
    use calamine::{Data, Reader, Xlsx};
    let conn = store_with_markers();
    for kind in ["code", "death"] {
        crate::daily::group::events::add(
            &conn,
            &crate::daily::group::events::EventForm {
                kind: kind.into(),
                unit: "Intensive care".into(),
                date: "2026-03-10".into(),
                organization: String::new(),
            },
            crate::clock::parse_stamp("2026-03-10T12:00:00").expect("now"),
        )
        .expect("a critical event");
    }
    let query = march();
    let (xlsx, summary) =
        outreach_export(&conn, &query, Format::Xlsx, day("2026-04-01")).expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("an XLSX");
    assert_eq!(
        book.sheet_names(),
        ["Outreaches", SUMMARY_SHEET],
        "two sheets: the rows, then the summary"
    );
    let rows = book.worksheet_range("Outreaches").expect("rows");
    assert_eq!(
        rows.get_size(),
        (1 + summary.rows_exported, HEADERS.len()),
        "the first sheet is the header and the rows, nothing below them"
    );
    let facts = book.worksheet_range(SUMMARY_SHEET).expect("summary");
    let value = |label: &str| {
        facts
            .rows()
            .find(|row| row[0] == Data::String(label.into()))
            .map(|row| row[1].clone())
    };
    assert_eq!(
        value("Rows exported"),
        Some(Data::Float(summary.rows_exported as f64)),
        "the count of rows, as a number"
    );
    assert_eq!(
        value("Period"),
        Some(Data::String("2026-03-01 to 2026-03-31".into()))
    );
    assert_eq!(
        value("Critical events logged"),
        Some(Data::String("<11".into())),
        "two events: a group figure, suppressed as it is on paper"
    );
    let note = facts
        .rows()
        .find(|row| row[0] == Data::String("Critical events logged".into()))
        .map(|row| row[2].clone());
    assert_eq!(
        note,
        Some(Data::String(
            "Fewer than 11: hidden to protect privacy.".into()
        )),
        "its note says why, in the third column"
    );
    assert!(
        value("Rated helpful").is_some(),
        "the committee's questions are on the sheet too"
    );
}

#[test]
fn on_the_first_of_a_month_the_default_period_is_the_last_twelve_full_months_with_their_data() {
    let conn = store_with_markers();
    let (csv, summary) = outreach_export(
        &conn,
        &ReportQuery::default(),
        Format::Csv,
        day("2026-04-01"),
    )
    .expect("csv");
    assert_eq!(
        (summary.from.as_str(), summary.to.as_str()),
        ("2025-04-01", "2026-03-31"),
        "April 1st: April of last year to March"
    );
    assert_eq!(
        summary.rows_exported, MARKERS,
        "March's outreaches are in the default export of April 1st"
    );
    assert_eq!(
        csv_records(&csv).len(),
        1 + MARKERS,
        "the file is not empty"
    );
}

#[test]
fn the_summary_is_inert_and_never_takes_the_data_files_place() {
    let text = String::from_utf8(summary_text(
        &ExportSummary::default(),
        Path::new("/tmp/=HYPERLINK(1).csv"),
    ))
    .expect("utf-8");
    assert!(
        text.contains("Data file: '=HYPERLINK(1).csv"),
        "a file name that looks like a formula is made inert: {text}"
    );
    assert!(
        text.lines().all(|line| inert(line) == line),
        "no line reads as a formula"
    );
    let data = Path::new("/tmp/out.csv");
    let error = ExportFiles::new(data, Format::Csv, Some(data)).expect_err("the same file");
    assert!(
        matches!(&error, CoreError::Invalid(e) if e.field.as_deref() == Some("summary")),
        "refused, about the summary: {error:?}"
    );
    assert_eq!(
        ExportFiles::new(Path::new("/tmp/out.xlsx"), Format::Xlsx, None)
            .expect("xlsx")
            .summary,
        None,
        "an XLSX keeps its summary in its own sheet"
    );
    assert_eq!(
        ExportFiles::new(data, Format::Csv, Some(Path::new("/tmp/notes/s.txt")))
            .expect("asked")
            .summary
            .as_deref(),
        Some(Path::new("/tmp/notes/s.txt")),
        "the summary goes where it was asked to"
    );
}

#[test]
fn a_summary_that_cannot_be_written_leaves_no_export_either() {
    let folder = tempfile::tempdir().expect("temp");
    let data = folder.path().join("out.csv");
    let files = ExportFiles::new(
        &data,
        Format::Csv,
        Some(&folder.path().join("no/such/folder/s.txt")),
    )
    .expect("files");
    assert!(files
        .write(b"Period\r\n", &ExportSummary::default())
        .is_err());
    assert_eq!(
        std::fs::read_dir(folder.path()).expect("list").count(),
        0,
        "no data file, and no temporary file left behind"
    );
}
