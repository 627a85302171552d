use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::daily::outreach::{self, OutreachForm};
use crate::program::organizations::{self, OrganizationInput};
use crate::roster::supporters::{self, SupporterForm};
use crate::store::migrations;

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
    assert_eq!(
        row(issues, "Burnout").count.text,
        "30",
        "a count of 30 is shown as it is"
    );
    assert_eq!(
        row(issues, "Medical error").count.text,
        "<11",
        "a count of 4 is shown as <11"
    );
    assert_eq!(
        row(issues, "Assault").count.text,
        "<11",
        "complementary: 60 − 30 − 26 would reveal 4"
    );
    assert_eq!(
        row(issues, "Assault").count.value,
        None,
        "the complementary hidden count carries no value"
    );
    assert_eq!(
        row(issues, "Assault").share,
        None,
        "the complementary hidden count has no share"
    );
    assert_eq!(
        row(issues, "Burnout").share,
        Some(50.0),
        "30 of 60 outreaches is a 50 percent share"
    );
    assert_eq!(
        issues.total.text, "60",
        "the total of 60 outreaches is shown"
    );
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
        (Some(4), "4", true),
        "the coordinator sees the exact small count, still marked hidden"
    );
    assert_eq!(
        row(&report.tables[0], "Medical error").share,
        None,
        "a hidden count has no share even in the coordinator view"
    );
}

#[test]
fn months_growth_and_an_empty_period() {
    let conn = store_with(&[("Burnout", 40)]);
    let report = build(&conn, &march(false), day("2026-04-01")).expect("report");
    assert_eq!(report.monthly.rows.len(), 1, "March alone is one month row");
    assert_eq!(
        report.monthly.rows[0].label, "2026-03",
        "the month row is labelled 2026-03"
    );
    assert_eq!(
        report.outreaches.text, "40",
        "all 40 outreaches are counted"
    );
    assert_eq!(
        report.growth.previous_from, "2026-01-29",
        "the previous period is the 31 days before March"
    );
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
    assert!(
        later.empty,
        "April has no outreaches, so the report is empty"
    );
    assert_eq!(
        later.growth.percent,
        Some(-100.0),
        "from 40 outreaches in March to none in April is a drop of 100 percent"
    );
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
        ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
        "a half-year report has a row for each of its six months, empty ones too"
    );
    let backwards = ReportQuery {
        from: "2026-04-01".into(),
        to: "2026-03-01".into(),
        ..march(false)
    };
    assert!(
        build(&conn, &backwards, day("2026-05-01")).is_err(),
        "a period that ends before it starts is refused"
    );
    let bad = ReportQuery {
        from: "03/40/2026".into(),
        ..march(false)
    };
    assert!(
        build(&conn, &bad, day("2026-05-01")).is_err(),
        "a start date that is not a date is refused"
    );
}

#[test]
fn a_bad_period_names_the_date_field_and_what_is_wrong() {
    let today = day("2026-03-20");
    let query = |from: &str, to: &str| ReportQuery {
        from: from.into(),
        to: to.into(),
        ..ReportQuery::default()
    };
    let about = |error: CoreError| match error {
        CoreError::Invalid(e) => (e.field, e.code, e.message),
        other => panic!("a refused value expected, got {other:?}"),
    };
    let (field, code, message) =
        about(period(&query("31/03/2026", ""), today).expect_err("day-first"));
    assert_eq!(
        (field.as_deref(), code),
        (Some("from"), Problem::Format),
        "a malformed start date is a Format problem of `from`"
    );
    assert!(
        message.starts_with("from: "),
        "the words stay as they were: {message}"
    );
    let (field, code, _) = about(period(&query("", "March"), today).expect_err("a word"));
    assert_eq!(
        (field.as_deref(), code),
        (Some("to"), Problem::Format),
        "a malformed end date is a Format problem of `to`"
    );
    let (field, code, _) =
        about(period(&query("2026-03-10", "2026-03-01"), today).expect_err("backwards"));
    assert_eq!(
        (field.as_deref(), code),
        (Some("from"), Problem::OutOfRange),
        "a period that starts after it ends is out of range, about its start"
    );
}

/// The plan SQLite makes for `sql` (with the report's named parameters), one line per step.
fn plan(conn: &Connection, sql: &str) -> String {
    let mut statement = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain");
    let org: Option<i64> = None;
    let steps = statement
        .query_map(
            rusqlite::named_params! { ":from": "2000-01-01", ":to": "2026-12-01", ":org": org },
            |r| r.get::<_, String>(3),
        )
        .expect("plan")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("steps");
    steps.join("\n")
}

/// A report reads the outreaches of its period from the `outreaches_report` index alone,
/// never the outreaches' rows (which hold comments and make a report of the whole history
/// read the whole table): the speed of every report rests on this plan.
#[test]
fn a_report_reads_the_period_from_the_covering_index_alone() {
    let conn = migrations::in_memory().expect("store");
    for by_organization in [false, true] {
        let sql = format!(
            "SELECT o.occurred_on, o.kind, o.mode, o.referred_by, o.department_id, o.role_id, o.supporter_ref
             FROM ({}) o",
            outreaches_sql(by_organization)
        );
        let plan = plan(&conn, &sql);
        assert!(
            plan.contains("USING COVERING INDEX outreaches_report"),
            "by organization: {by_organization}\n{plan}"
        );
    }
    // The total of the period before: the same index, and no look-up of each outreach's
    // request and supporter without an organization (count(*) would make them).
    let previous = plan(&conn, &each_outreach_sql(false));
    assert_eq!(
        previous.trim(),
        "SEARCH x USING COVERING INDEX outreaches_report (occurred_on>? AND occurred_on<?)",
        "{previous}"
    );
}

/// An outreach's issue types and resources carry its day (kept by triggers when they are
/// added and when the outreach moves to another day), so a report counts them by index range.
#[test]
fn issue_types_and_resources_follow_their_outreach_s_day() {
    let conn = store_with(&[("Burnout", 2)]);
    let days = |table: &str| -> Vec<Option<String>> {
        conn.prepare(&format!(
            "SELECT occurred_on FROM {table} ORDER BY outreach_id"
        ))
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("days")
    };
    let outreach_days: Vec<Option<String>> = conn
        .prepare("SELECT occurred_on FROM outreaches ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("outreaches");
    assert_eq!(days("outreach_issue_types"), outreach_days);
    conn.execute("UPDATE outreaches SET occurred_on = '2026-04-02' WHERE id = (SELECT min(id) FROM outreaches)", [])
        .expect("move one");
    assert_eq!(
        days("outreach_issue_types")[0].as_deref(),
        Some("2026-04-02"),
        "the issue type moved with its outreach"
    );
    let sql = "SELECT count(*) FROM outreach_issue_types t WHERE t.entry_id = 1 AND t.occurred_on BETWEEN :from AND :to AND :org IS NULL";
    let plan = plan(&conn, sql);
    assert!(
        plan.contains("USING COVERING INDEX outreach_issue_types_entry (entry_id=? AND occurred_on>? AND occurred_on<?)"),
        "{plan}"
    );
}

#[test]
fn without_dates_the_period_is_the_last_twelve_full_months_even_on_the_first() {
    let query = |from: &str, to: &str| ReportQuery {
        from: from.into(),
        to: to.into(),
        ..ReportQuery::default()
    };
    for (today, expected) in [
        ("2026-04-01", ("2025-04-01", "2026-03-31")),
        ("2026-04-30", ("2025-04-01", "2026-03-31")),
        ("2026-01-01", ("2025-01-01", "2025-12-31")),
        ("2024-03-31", ("2023-03-01", "2024-02-29")),
    ] {
        assert_eq!(
            period(&query("", ""), day(today)).expect("a period"),
            (day(expected.0), day(expected.1)),
            "the default period on {today}: whole months, none of them this one"
        );
    }
    assert_eq!(
        period(&query("", "2026-06-15"), day("2026-04-01")).expect("to only"),
        (day("2025-07-01"), day("2026-06-15")),
        "with only an end: the 12 calendar months ending with its month"
    );
    assert_eq!(
        period(&query("2026-04-01", ""), day("2026-04-01")).expect("from only"),
        (day("2026-04-01"), day("2026-04-01")),
        "with only a start: up to today"
    );
}

/// March 2026 with `sessions` huddles of `people` each in the ICU (8 nurses noted per huddle
/// when `people` allows), and `events` codes there: half reached by a huddle the next day.
fn store_with_group_support(sessions: usize, people: i64, events: usize) -> Connection {
    use crate::daily::group::debriefs::{self, DebriefForm, RoleCount};
    use crate::daily::group::events::{self, EventForm};
    let conn = store_with(&[]);
    let now = crate::clock::parse_stamp("2026-04-01T09:00:00").expect("now");
    for n in 0..events {
        let id = events::add(
            &conn,
            &EventForm {
                kind: "code".into(),
                unit: if n % 2 == 0 {
                    "Intensive care"
                } else {
                    "Oncology"
                }
                .into(),
                date: format!("2026-03-{:02}T14:00", n % 14 + 1),
                organization: String::new(),
            },
            now,
        )
        .expect("event");
        if n % 2 == 0 {
            debriefs::add(
                &conn,
                &DebriefForm {
                    date: format!("2026-03-{:02}", n % 14 + 2),
                    kind: "debrief".into(),
                    unit: "Intensive care".into(),
                    headcount: Some(people),
                    event: Some(id),
                    ..DebriefForm::default()
                },
                now.date(),
            )
            .expect("debrief after the event");
        }
    }
    for n in 0..sessions {
        debriefs::add(
            &conn,
            &DebriefForm {
                date: format!("2026-03-{:02}", n % 28 + 1),
                kind: "huddle".into(),
                unit: "Intensive care".into(),
                headcount: Some(people),
                roles: vec![RoleCount {
                    role: "Nurse".into(),
                    people: people.min(8),
                }],
                ..DebriefForm::default()
            },
            now.date(),
        )
        .expect("huddle");
    }
    conn
}

#[test]
fn group_sessions_and_the_people_they_reached_are_counted_apart_from_outreaches() {
    let conn = store_with_group_support(12, 10, 0);
    let report = build(&conn, &march(false), day("2026-04-01")).expect("report");
    assert!(!report.empty, "a month of huddles alone is no empty report");
    assert_eq!(
        report.outreaches.value,
        Some(0),
        "huddles are no one-to-one outreaches"
    );
    let group = &report.group;
    assert_eq!(group.sessions.text, "12", "twelve huddles");
    assert_eq!(
        group.people_reached.text, "120",
        "the people reached are the headcounts added up"
    );
    let roles = group
        .tables
        .iter()
        .find(|t| t.id == "people-roles")
        .expect("people by role");
    assert_eq!(
        (
            row(roles, "Nurse").count.text.as_str(),
            row(roles, "(role not noted)").count.text.as_str()
        ),
        ("96", "24"),
        "8 nurses noted in each, the other 2 of each not noted by role"
    );
}

#[test]
fn group_support_counts_are_suppressed_like_every_count() {
    let conn = store_with_group_support(3, 4, 0);
    let suppressed = build(&conn, &march(false), day("2026-04-01")).expect("report");
    assert_eq!(
        (
            suppressed.group.sessions.text.as_str(),
            suppressed.group.people_reached.text.as_str(),
            suppressed.group.people_reached.value,
        ),
        ("<11", "12", Some(12)),
        "3 sessions are hidden; 12 people are not a small count"
    );
    let own = build(&conn, &march(true), day("2026-04-01")).expect("report");
    assert_eq!(
        (own.group.sessions.value, own.group.sessions.hidden),
        (Some(3), true),
        "the coordinator's view shows the exact count, still marked"
    );
}

#[test]
fn events_reached_within_the_target_are_a_share_of_those_whose_target_passed() {
    let conn = store_with_group_support(0, 6, 28);
    let report = build(&conn, &march(false), day("2026-04-01")).expect("report");
    let group = &report.group;
    assert_eq!(group.events.text, "28", "28 codes in March");
    assert_eq!(
        (group.reached_in_time.text.as_str(), group.share_in_time),
        ("14", Some(50.0)),
        "the ICU's codes had a debrief the next day; oncology's none"
    );
    assert_eq!(group.target_hours, 24, "the program's target");
    let reach = group
        .tables
        .iter()
        .find(|t| t.id == "events-reach")
        .expect("reach table");
    assert_eq!(
        row(reach, "Not reached").count.text,
        "14",
        "oncology's codes were never reached"
    );
    let few = store_with_group_support(0, 6, 4);
    let small = build(&few, &march(false), day("2026-04-01")).expect("report");
    assert_eq!(
        (small.group.events.text.as_str(), small.group.share_in_time),
        ("<11", None),
        "four events: the count and the share are hidden"
    );
    assert!(
        small
            .group
            .share_not_shown
            .as_deref()
            .is_some_and(|why| why.contains("privacy")),
        "and the report says why: {:?}",
        small.group.share_not_shown
    );
}
