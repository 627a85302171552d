use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::organizations::{self, OrganizationInput};
use crate::outreach::{self, OutreachForm};
use crate::store::migrations;
use crate::supporters::{self, SupporterForm};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// A store with one supporter and `issues` outreaches per issue type, all in March 2026.
fn store_with(issues: &[(&str, usize)]) -> Connection {
    let conn = migrations::in_memory().expect("store");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Host".into(),
            ..OrganizationInput::default()
        },
    )
    .expect("org");
    let supporter = supporters::add(
        &conn,
        &SupporterForm {
            name: "Ana Lima".into(),
            role: "Nurse".into(),
            organization: "Host".into(),
            trained_on: "2025-01-01".into(),
            ..SupporterForm::default()
        },
        day("2026-01-01"),
    )
    .expect("supporter");
    let mut n = 0;
    for (issue, count) in issues {
        for _ in 0..*count {
            n += 1;
            outreach::add(
                &conn,
                &OutreachForm {
                    occurred_on: format!("2026-03-{:02}", n % 28 + 1),
                    kind: "initial".into(),
                    mode: "phone".into(),
                    referred_by: "self".into(),
                    department: "Intensive care".into(),
                    role: "Nurse".into(),
                    supporter_id: Some(supporter),
                    issue_types: vec![(*issue).into()],
                    ..OutreachForm::default()
                },
                crate::clock::parse_stamp("2026-04-01T09:00:00").expect("now"),
            )
            .expect("outreach");
        }
    }
    conn
}

fn march(view: bool) -> ReportQuery {
    ReportQuery {
        from: "2026-03-01".into(),
        to: "2026-03-31".into(),
        organization_id: None,
        coordinator_view: view,
    }
}

fn row<'a>(table: &'a ReportTable, label: &str) -> &'a ReportRow {
    table.rows.iter().find(|r| r.label == label).expect("row")
}

#[test]
fn a_small_issue_count_is_hidden_with_a_partner_so_the_total_cannot_give_it_back() {
    let conn = store_with(&[("Burnout", 30), ("Assault", 26), ("Medical error", 4)]);
    let report = build(&conn, &march(false), day("2026-04-01")).expect("report");
    let issues = &report.tables[0];
    assert_eq!(row(issues, "Burnout").count.text, "30");
    assert_eq!(row(issues, "Medical error").count.text, "<11");
    assert_eq!(
        row(issues, "Assault").count.text,
        "<11",
        "complementary: 60 − 30 − 26 would reveal 4"
    );
    assert_eq!(row(issues, "Assault").count.value, None);
    assert_eq!(row(issues, "Assault").share, None);
    assert_eq!(row(issues, "Burnout").share, Some(50.0));
    assert_eq!(issues.total.text, "60");
    assert!(
        issues
            .caption
            .contains("1 count from 1 to 10 shown as <11, and 1 more hidden"),
        "{}",
        issues.caption
    );
    let json = serde_json::to_string(&report).expect("json");
    assert!(
        !json.contains("\"value\":4") && !json.contains("\"value\":26"),
        "hidden counts never leave"
    );
    assert!(!json.contains("Ana Lima"), "no supporter is named");
    let load = &report.load[0];
    assert_eq!(
        row(load, "More than 10").count.text,
        "<11",
        "one supporter: a small count"
    );
}

#[test]
fn the_coordinator_view_shows_exact_counts_still_marked_hidden() {
    let conn = store_with(&[("Burnout", 30), ("Medical error", 4)]);
    let report = build(&conn, &march(true), day("2026-04-01")).expect("report");
    let cell = &row(&report.tables[0], "Medical error").count;
    assert_eq!(
        (cell.value, cell.text.as_str(), cell.hidden),
        (Some(4), "4", true)
    );
    assert_eq!(row(&report.tables[0], "Medical error").share, None);
}

#[test]
fn months_growth_and_an_empty_period() {
    let conn = store_with(&[("Burnout", 40)]);
    let report = build(&conn, &march(false), day("2026-04-01")).expect("report");
    assert_eq!(report.monthly.rows.len(), 1);
    assert_eq!(report.monthly.rows[0].label, "2026-03");
    assert_eq!(report.outreaches.text, "40");
    assert_eq!(report.growth.previous_from, "2026-01-29");
    assert_eq!(
        report.growth.percent, None,
        "nothing before: no growth to show"
    );
    let april = ReportQuery {
        from: "2026-04-01".into(),
        to: "2026-04-30".into(),
        ..march(false)
    };
    let later = build(&conn, &april, day("2026-05-01")).expect("april");
    assert!(later.empty);
    assert_eq!(later.growth.percent, Some(-100.0));
    let quarter = ReportQuery {
        from: "2026-01-01".into(),
        to: "2026-06-30".into(),
        ..march(false)
    };
    let months: Vec<String> = build(&conn, &quarter, day("2026-07-01"))
        .expect("half")
        .monthly
        .rows
        .iter()
        .map(|r| r.label.clone())
        .collect();
    assert_eq!(
        months,
        ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    );
    let backwards = ReportQuery {
        from: "2026-04-01".into(),
        to: "2026-03-01".into(),
        ..march(false)
    };
    assert!(build(&conn, &backwards, day("2026-05-01")).is_err());
    let bad = ReportQuery {
        from: "03/40/2026".into(),
        ..march(false)
    };
    assert!(build(&conn, &bad, day("2026-05-01")).is_err());
}
