use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::*;
use crate::daily::matching::{self, Rule};
use crate::daily::outreach::{self, OutreachForm};
use crate::program::organizations::{self, OrganizationInput};
use crate::roster::supporters::{self, SupporterForm};
use crate::store::migrations;

fn at(text: &str) -> NaiveDateTime {
    crate::clock::parse_stamp(text).expect("test time")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// A store with two organizations and a trained nurse at each, holidays as a fresh store in
/// 2026 has them.
fn store() -> Connection {
    let conn = migrations::in_memory().expect("store");
    crate::program::calendar::replace_holidays(&conn, &[]).expect("no holidays");
    crate::program::calendar::add_us_federal_holidays(&conn, 2026).expect("2026");
    crate::program::calendar::add_us_federal_holidays(&conn, 2027).expect("2027");
    for name in ["Host Hospital", "Partner Clinic"] {
        organizations::add(
            &conn,
            &OrganizationInput {
                name: name.into(),
                ..OrganizationInput::default()
            },
        )
        .expect("organization");
    }
    for (name, org) in [
        ("Ana Host", "Host Hospital"),
        ("Pat Partner", "Partner Clinic"),
    ] {
        supporters::add(
            &conn,
            &SupporterForm {
                name: name.into(),
                role: "Nurse".into(),
                department: "Intensive care".into(),
                organization: org.into(),
                trained_on: "2025-01-10".into(),
                max_open_cases: "2".into(),
                ..SupporterForm::default()
            },
            day("2026-11-01"),
        )
        .expect("supporter");
    }
    conn
}

/// A request received on 2026-11-23 at 08:00, matched at 09:00 with the first candidate the
/// ranking offers: the request's id and the supporter's.
fn matched_request(conn: &Connection) -> (i64, i64) {
    let id = add(conn, &form("2026-11-23T08:00"), at("2026-11-23T08:05:00")).expect("add");
    let supporter = matching::rank_request(conn, id, day("2026-11-23"), None)
        .expect("rank")
        .candidates[0]
        .supporter_id;
    matching::assign(conn, id, supporter, None, at("2026-11-23T09:00:00")).expect("assign");
    (id, supporter)
}

/// The id of the supporter called `name` on the roster of `today`.
fn supporter_named(conn: &Connection, name: &str, today: NaiveDate) -> i64 {
    supporters::roster(conn, today)
        .expect("roster")
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name} is on the roster"))
        .id
}

fn form(received: &str) -> RequestForm {
    RequestForm {
        received_at: received.into(),
        channel: "phone".into(),
        requester_name: "Riley Requester".into(),
        requester_contact: "riley@example.org".into(),
        preferred_mode: "Phone".into(),
        role: "nurse".into(),
        department: "Emergency department".into(),
        organization: "Host Hospital".into(),
        referred_by: "self".into(),
        issue_types: vec!["Patient death".into(), "burnout".into()],
        ..RequestForm::default()
    }
}

fn outreach_for(request: i64, supporter: i64, date: &str, kind: &str) -> OutreachForm {
    OutreachForm {
        occurred_on: date.into(),
        kind: kind.into(),
        mode: "phone".into(),
        referred_by: "self".into(),
        department: "Emergency department".into(),
        role: "Nurse".into(),
        supporter_id: Some(supporter),
        issue_types: vec!["Patient death".into()],
        resources: vec!["Chaplaincy".into()],
        request_id: Some(request),
        ..OutreachForm::default()
    }
}

#[test]
fn the_due_date_counts_business_days_from_the_day_of_receipt() {
    let conn = store();
    let friday = add(&conn, &form("2026-11-20T16:30"), at("2026-11-23T09:00:00")).expect("friday");
    let before_thanksgiving =
        add(&conn, &form("2026-11-25T09:00"), at("2026-11-25T10:00:00")).expect("wednesday");
    let before_new_year = add(
        &conn,
        &form("12/31/2026 11:00 PM"),
        at("2027-01-01T00:00:00"),
    )
    .expect("new year");
    let due = |id| detail(&conn, id, day("2026-11-23")).expect("detail").due_on;
    assert_eq!(due(friday), "2026-11-24");
    // Thanksgiving (Thursday 26th) is a holiday: Wednesday + 2 business days is Monday.
    assert_eq!(due(before_thanksgiving), "2026-11-30");
    // New Year's Day (Friday) is a holiday: Thursday 31st + 2 is Tuesday 5th.
    assert_eq!(due(before_new_year), "2027-01-05");
    crate::program::set(&conn, "reply_target_days", "1").expect("setting");
    let next = add(&conn, &form("2026-11-20T16:30"), at("2026-11-23T09:00:00")).expect("again");
    assert_eq!(due(next), "2026-11-23");
}

#[test]
fn intake_refuses_bad_input_field_by_field_and_writes_nothing() {
    let conn = store();
    let bad = RequestForm {
        received_at: "20/11/2026".into(),
        role: "Astronaut".into(),
        organization: "Nowhere".into(),
        preferred_mode: "carrier pigeon".into(),
        issue_types: vec!["Aliens".into()],
        years_in_role: "many".into(),
        note: "x".repeat(501),
        ..RequestForm::default()
    };
    let CoreError::Fields(errors) = add(&conn, &bad, at("2026-11-23T09:00:00")).expect_err("bad")
    else {
        panic!("field errors expected")
    };
    let fields: Vec<&str> = errors.0.iter().filter_map(|e| e.field.as_deref()).collect();
    for field in [
        "received_at",
        "role",
        "organization",
        "preferred_mode",
        "issue_types",
        "years_in_role",
        "note",
    ] {
        assert!(fields.contains(&field), "{field} not reported: {fields:?}");
    }
    let code_of = |field: &str| {
        errors
            .0
            .iter()
            .find(|e| e.field.as_deref() == Some(field))
            .map(|e| e.code)
    };
    for (field, expected) in [
        ("received_at", Problem::Format),
        ("role", Problem::Unknown),
        ("organization", Problem::Unknown),
        ("preferred_mode", Problem::Unknown),
        ("issue_types", Problem::Unknown),
        ("years_in_role", Problem::Format),
        ("note", Problem::TooLong),
    ] {
        assert_eq!(
            code_of(field),
            Some(expected),
            "{field} is refused as {expected:?}: {errors:?}"
        );
    }
    let future = RequestForm {
        received_at: "2026-12-01T09:00".into(),
        ..form("")
    };
    assert!(add(&conn, &future, at("2026-11-23T09:00:00")).is_err());
    let count: i64 = conn
        .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 0);
    let anonymous = RequestForm {
        requester_name: String::new(),
        requester_contact: String::new(),
        ..form("")
    };
    assert!(
        add(&conn, &anonymous, at("2026-11-23T09:00:00")).is_ok(),
        "a caller may stay anonymous"
    );
}

#[test]
fn the_whole_life_cycle_is_timestamped_and_follow_ups_are_scheduled() {
    let conn = store();
    let id = add(&conn, &form("2026-11-23T08:00"), at("2026-11-23T08:05:00")).expect("add");
    let ranking = matching::rank_request(&conn, id, day("2026-11-23"), None).expect("rank");
    let names: Vec<&str> = ranking.candidates.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["Pat Partner"],
        "network mode: never the requester's own organization"
    );
    let supporter = ranking.candidates[0].supporter_id;
    assert!(
        outreach::add(
            &conn,
            &outreach_for(id, supporter, "2026-11-23", "initial"),
            at("2026-11-23T09:00:00")
        )
        .is_err(),
        "no first contact before a match"
    );
    matching::assign(&conn, id, supporter, None, at("2026-11-23T10:00:00")).expect("assign");
    assert!(
        matching::assign(&conn, id, supporter, None, at("2026-11-23T10:00:00")).is_err(),
        "matched once"
    );
    outreach::add(
        &conn,
        &outreach_for(id, supporter, "2026-11-24", "initial"),
        at("2026-11-24T15:30:00"),
    )
    .expect("first contact");
    let d = detail(&conn, id, day("2026-11-24")).expect("detail");
    assert_eq!(d.status, "connected");
    assert_eq!(d.hours_to_match, Some(2.0));
    assert_eq!(d.hours_to_first_contact, Some(31.5));
    let due: Vec<&str> = d.follow_ups.iter().map(|f| f.due_on.as_str()).collect();
    assert_eq!(due, ["2026-12-01", "2026-12-24"]);
    outreach::add(
        &conn,
        &outreach_for(id, supporter, "2026-12-01", "follow-up"),
        at("2026-12-01T11:00:00"),
    )
    .expect("follow-up");
    let d = detail(&conn, id, day("2026-12-01")).expect("detail");
    assert_eq!(d.status, "follow-up");
    assert!(d.follow_ups[0].done_at.is_some() && d.follow_ups[1].done_at.is_none());
    end(&conn, id, Ending::Closed, at("2026-12-24T12:00:00")).expect("close");
    let d = detail(&conn, id, day("2026-12-24")).expect("detail");
    let path: Vec<&str> = d.history.iter().map(|e| e.to_status.as_str()).collect();
    assert_eq!(path, ["new", "matched", "connected", "follow-up", "closed"]);
    assert_eq!(d.matches[0].outcome, "completed");
    assert_eq!(d.outreaches.len(), 2);
    reopen(&conn, id, at("2026-12-24T12:01:00")).expect("undo");
    assert_eq!(status_of(&conn, id).expect("status"), Status::FollowUp);
    let open_cases: i64 = conn
        .query_row(
            "SELECT count(*) FROM matches WHERE supporter_id = ?1 AND outcome = 'active'",
            [supporter],
            |r| r.get(0),
        )
        .expect("open");
    assert_eq!(open_cases, 1, "reopening gives the supporter the case back");
}

#[test]
fn a_rematch_excludes_the_earlier_supporter_and_keeps_both_in_history() {
    let conn = store();
    let (id, pat) = matched_request(&conn);
    rematch(&conn, id, Release::Declined, at("2026-11-23T11:00:00")).expect("rematch");
    let ranking = matching::rank_request(&conn, id, day("2026-11-23"), None).expect("rank again");
    assert!(
        ranking.candidates.is_empty(),
        "the only other supporter is at the requester's organization"
    );
    assert_eq!(
        ranking
            .excluded
            .iter()
            .find(|e| e.rule == Rule::HadThisRequest)
            .map(|e| e.count),
        Some(1)
    );
    assert_eq!(
        ranking.relaxations[0].sentence,
        "1 nurse at the requester's own organization"
    );
    let ana = supporter_named(&conn, "Ana Host", day("2026-11-23"));
    assert!(
        matching::assign(
            &conn,
            id,
            pat,
            Some(Rule::OwnOrganization),
            at("2026-11-23T12:00:00")
        )
        .is_err(),
        "a declined supporter is never matched again"
    );
    assert!(
        matching::assign(&conn, id, ana, None, at("2026-11-23T12:00:00")).is_err(),
        "the rule holds unless set aside"
    );
    matching::assign(
        &conn,
        id,
        ana,
        Some(Rule::OwnOrganization),
        at("2026-11-23T12:00:00"),
    )
    .expect("relaxed");
    let d = detail(&conn, id, day("2026-11-23")).expect("detail");
    let outcomes: Vec<(&str, &str)> = d
        .matches
        .iter()
        .map(|m| (m.supporter.as_str(), m.outcome.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [("Pat Partner", "declined"), ("Ana Host", "active")]
    );
    assert_eq!(d.supporter.as_deref(), Some("Ana Host"));
    assert!(d.history.iter().any(|e| e
        .detail
        .as_deref()
        .is_some_and(|t| t.contains("rule set aside"))));
}

#[test]
fn lists_never_carry_the_requesters_name_and_the_overdue_filter_counts_lateness() {
    let conn = store();
    let late = add(&conn, &form("2026-11-16T09:00"), at("2026-11-23T09:00:00")).expect("late");
    add(&conn, &form("2026-11-23T08:00"), at("2026-11-23T09:00:00")).expect("on time");
    let overdue = list(
        &conn,
        &RequestFilter {
            overdue: true,
            ..RequestFilter::default()
        },
        day("2026-11-23"),
    )
    .expect("list");
    assert_eq!(overdue.len(), 1);
    assert_eq!((overdue[0].id, overdue[0].days_late), (late, Some(5)));
    let json = serde_json::to_string(
        &list(&conn, &RequestFilter::default(), day("2026-11-23")).expect("all"),
    )
    .expect("json");
    assert!(!json.contains("Riley") && !json.contains("riley@"));
    let dashboard = crate::daily::dashboard::load(&conn, day("2026-11-23")).expect("dashboard");
    assert_eq!(dashboard.queue.overdue.len(), 1);
    assert_eq!(dashboard.queue.waiting_for_match.len(), 1);
    assert!(!serde_json::to_string(&dashboard)
        .expect("json")
        .contains("Riley"));
}

#[test]
fn the_web_form_export_imports_all_or_nothing_and_only_once() {
    let conn = store();
    let good = "Timestamp,Your name,Email,Role,Department,Organization,Preferred way to talk,Issue type,Message\n\
        11/20/2026 14:05:33,Sam,sam@example.org,Nurse,Intensive care,Host Hospital,Video,Burnout; Patient death,Rough week\n\
        2026-11-21 09:10,,,Physician,Surgery,Partner Clinic,phone,Medical error,\n";
    let report = import::import_bytes(&conn, good.as_bytes(), at("2026-11-23T09:00:00"), true)
        .expect("import");
    assert!(report.applied && report.rejected.is_empty());
    assert_eq!(report.accepted.len(), 2);
    let again = import::import_bytes(&conn, good.as_bytes(), at("2026-11-23T09:00:00"), true)
        .expect("again");
    assert!(!again.applied && again.already_imported_on.is_some());
    let bad = "Timestamp,Role,Department,Organization\n\
        2026-11-22 10:00,Nurse,Intensive care,Host Hospital\n\
        22/11/2026,Astronaut,Intensive care,Host Hospital\n\
        2026-11-22 11:00,=HYPERLINK(\"http://x\",\"y\"),Intensive care,Host Hospital\n";
    let report = import::import_bytes(&conn, bad.as_bytes(), at("2026-11-23T09:00:00"), true)
        .expect("checked");
    assert!(!report.applied);
    let rows: Vec<usize> = report.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, [3, 4]);
    assert!(
        report.rejected[0].reason.contains("not a date"),
        "{:?}",
        report.rejected
    );
    let count: i64 = conn
        .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 2, "nothing from the bad file");
    let channel: String = conn
        .query_row(
            "SELECT e.value FROM requests q JOIN picklist_entries e ON e.id = q.channel_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("channel");
    assert_eq!(channel, "Web form");
    assert!(
        import::import_bytes(
            &conn,
            b"Name,Email\nSam,sam@example.org\n",
            at("2026-11-23T09:00:00"),
            true
        )
        .is_err(),
        "no role column: refused in words"
    );
}

#[test]
fn an_outreach_edit_keeps_its_history_and_a_stand_alone_contact_needs_no_request() {
    let conn = store();
    let supporter = supporters::roster(&conn, day("2026-11-23")).expect("roster")[0].id;
    let mut form = outreach_for(0, supporter, "2026-11-20", "initial");
    form.request_id = None;
    form.comments = "talked in the break room".into();
    let id = outreach::add(&conn, &form, at("2026-11-23T09:00:00")).expect("stand-alone");
    let mut edited = form.clone();
    edited.mode = "in-person".into();
    edited.resources = vec![];
    outreach::update(&conn, id, &edited, at("2026-11-23T10:00:00")).expect("edit");
    outreach::update(&conn, id, &edited, at("2026-11-23T11:00:00")).expect("no change");
    let revisions = outreach::revisions(&conn, id).expect("revisions");
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        revisions[0].changes,
        ["Mode: phone → in-person", "Resources: Chaplaincy → "]
    );
    let mut future = form.clone();
    future.occurred_on = "2026-12-24".into();
    assert!(outreach::add(&conn, &future, at("2026-11-23T09:00:00")).is_err());
    let row = &crate::daily::outreach_log::recent(&conn, 10).expect("log")[0];
    assert!(row.edited && row.request_id.is_none());
}

#[test]
fn retiring_an_entry_never_blocks_editing_an_outreach_that_holds_it() {
    let conn = store();
    let supporter = supporters::roster(&conn, day("2026-11-23")).expect("roster")[0].id;
    let mut form = outreach_for(0, supporter, "2026-11-20", "initial");
    form.request_id = None;
    form.referred_by = "manager".into();
    let id = outreach::add(&conn, &form, at("2026-11-23T09:00:00")).expect("logged");
    let chaplaincy = crate::program::picklists::find(
        &conn,
        crate::program::picklists::List::Resources,
        "Chaplaincy",
    )
    .expect("find")
    .expect("entry");
    crate::program::picklists::set_retired(&conn, chaplaincy, true).expect("retire");
    crate::program::outreach_choices::set_retired(
        &conn,
        crate::program::outreach_choices::ChoiceList::ReferralSources,
        "manager",
        true,
    )
    .expect("retire");
    let mut edited = outreach::form_of(&conn, id).expect("form");
    edited.comments = "a word more".into();
    outreach::update(&conn, id, &edited, at("2026-11-23T10:00:00"))
        .expect("the edit keeps what was retired");
    assert_eq!(
        refusals(outreach::add(&conn, &form, at("2026-11-23T11:00:00"))),
        [
            ("referred_by".to_string(), Problem::Retired),
            ("resources".to_string(), Problem::Retired)
        ],
        "a new outreach may not use them: each is refused as retired, beside its field"
    );
}

#[test]
fn the_first_contact_is_the_matched_supporters_and_a_later_rematch_is_not_late() {
    let conn = store();
    let id = add(&conn, &form("2026-11-16T08:00"), at("2026-11-16T08:05:00")).expect("add");
    let pat = matching::rank_request(&conn, id, day("2026-11-16"), None)
        .expect("rank")
        .candidates[0]
        .supporter_id;
    matching::assign(&conn, id, pat, None, at("2026-11-16T09:00:00")).expect("assign");
    let ana = supporter_named(&conn, "Ana Host", day("2026-11-16"));
    let error = outreach::add(
        &conn,
        &outreach_for(id, ana, "2026-11-17", "initial"),
        at("2026-11-17T09:00:00"),
    )
    .expect_err("not hers");
    assert!(
        error.to_string().contains("is matched with Pat Partner"),
        "{error}"
    );
    assert_eq!(
        refusal(Err::<(), _>(error)),
        (Some("supporter_id".to_string()), Problem::NotAllowed),
        "the first contact under another supporter is refused about supporter_id"
    );
    outreach::add(
        &conn,
        &outreach_for(id, pat, "2026-11-17", "initial"),
        at("2026-11-17T09:00:00"),
    )
    .expect("first contact");
    rematch(&conn, id, Release::Unable, at("2026-11-23T09:00:00")).expect("rematch after contact");
    let row = &list(&conn, &RequestFilter::default(), day("2026-11-23")).expect("list")[0];
    assert_eq!(
        (row.status.as_str(), row.days_late),
        ("new", None),
        "the program did reply on time"
    );
    let dashboard = crate::daily::dashboard::load(&conn, day("2026-11-23")).expect("dashboard");
    assert_eq!(
        (dashboard.overdue, dashboard.queue.waiting_for_match.len()),
        (0, 1)
    );
}

/// The field and the code of a refused value (`Invalid`), or a panic saying what came instead.
fn refusal(result: Result<impl std::fmt::Debug>) -> (Option<String>, Problem) {
    match result {
        Err(CoreError::Invalid(error)) => (error.field, error.code),
        other => panic!("a refused value expected, got {other:?}"),
    }
}

/// The fields and codes of a refused form (`Fields`).
fn refusals(result: Result<impl std::fmt::Debug>) -> Vec<(String, Problem)> {
    match result {
        Err(CoreError::Fields(errors)) => errors
            .0
            .into_iter()
            .map(|e| (e.field.unwrap_or_default(), e.code))
            .collect(),
        other => panic!("field errors expected, got {other:?}"),
    }
}

#[test]
fn an_outreach_refusal_names_its_field_and_what_is_wrong() {
    let conn = store();
    let supporter = supporters::roster(&conn, day("2026-11-23")).expect("roster")[0].id;
    let now = at("2026-11-23T09:00:00");
    let mut base = outreach_for(0, supporter, "2026-11-20", "initial");
    base.request_id = None;

    let mut nobody = base.clone();
    nobody.supporter_id = None;
    assert_eq!(
        refusals(outreach::add(&conn, &nobody, now)),
        [("supporter_id".to_string(), Problem::Required)],
        "an outreach without a supporter is missing its supporter_id"
    );

    let mut ghost = base.clone();
    ghost.supporter_id = Some(9999);
    assert_eq!(
        refusals(outreach::add(&conn, &ghost, now)),
        [("supporter_id".to_string(), Problem::Unknown)],
        "an outreach by a supporter who does not exist names an unknown supporter_id"
    );

    let mut malformed = base.clone();
    malformed.occurred_on = "20/11/2026".into();
    assert_eq!(
        refusals(outreach::add(&conn, &malformed, now)),
        [("occurred_on".to_string(), Problem::Format)],
        "a day-first date is a Format problem of occurred_on"
    );

    let mut ahead = base.clone();
    ahead.occurred_on = "2026-12-24".into();
    assert_eq!(
        refusals(outreach::add(&conn, &ahead, now)),
        [("occurred_on".to_string(), Problem::OutOfRange)],
        "a contact logged ahead of time is out of range"
    );

    let mut undated = base.clone();
    undated.occurred_on = " ".into();
    assert_eq!(
        refusals(outreach::add(&conn, &undated, now)),
        [("occurred_on".to_string(), Problem::Required)],
        "a contact without a date is missing its occurred_on"
    );

    let mut alien = base.clone();
    alien.issue_types = vec!["Aliens".into()];
    assert_eq!(
        refusals(outreach::add(&conn, &alien, now)),
        [("issue_types".to_string(), Problem::Unknown)],
        "an issue type not on the program's list is unknown"
    );

    let mut unrequested = base.clone();
    unrequested.request_id = Some(9999);
    assert_eq!(
        refusal(outreach::add(&conn, &unrequested, now)),
        (Some("request_id".to_string()), Problem::Unknown),
        "an outreach for a request that does not exist names an unknown request_id"
    );
}

#[test]
fn a_request_refused_for_its_state_names_no_field() {
    let conn = store();
    let now = at("2026-11-23T09:00:00");
    let id = add(&conn, &form("2026-11-23T08:00"), now).expect("add");
    assert_eq!(
        refusal(end(&conn, id, Ending::Closed, now)),
        (None, Problem::NotAllowed),
        "a new request cannot be closed: the request as a whole is refused"
    );
    assert_eq!(
        refusal(reopen(&conn, id, now)),
        (None, Problem::NotAllowed),
        "an open request cannot be reopened"
    );
    let supporter = supporters::roster(&conn, day("2026-11-23")).expect("roster")[0].id;
    assert_eq!(
        refusal(outreach::add(
            &conn,
            &outreach_for(id, supporter, "2026-11-23", "initial"),
            now
        )),
        (None, Problem::NotAllowed),
        "a first contact before any match is refused for the request's state"
    );
    assert_eq!(
        refusal(end(&conn, 9999, Ending::Withdrawn, now)),
        (Some("id".to_string()), Problem::Unknown),
        "a request that does not exist is an unknown id"
    );
    assert_eq!(
        refusal(list(
            &conn,
            &RequestFilter {
                status: Some("lost".into()),
                ..RequestFilter::default()
            },
            day("2026-11-23")
        )),
        (Some("status".to_string()), Problem::Unknown),
        "a status filter that is no status is unknown"
    );
}

#[test]
fn the_dashboard_lists_the_supporters_returning_this_week_as_its_card_counts_them() {
    let conn = store();
    let today = day("2026-11-23");
    let ids: Vec<i64> = supporters::roster(&conn, today)
        .expect("roster")
        .iter()
        .map(|s| s.id)
        .collect();
    supporters::pause(&conn, ids[0], "2026-11-26", today).expect("back on Thursday");
    supporters::pause(&conn, ids[1], "2027-01-15", today).expect("back next year");
    let dashboard = crate::daily::dashboard::load(&conn, today).expect("dashboard");
    assert_eq!(
        dashboard.supporters_returning_this_week, 1,
        "one supporter returns within the week"
    );
    let returning: Vec<(i64, &str)> = dashboard
        .queue
        .supporters_returning
        .iter()
        .map(|s| (s.supporter_id, s.paused_until.as_str()))
        .collect();
    assert_eq!(
        returning,
        [(ids[0], "2026-11-26")],
        "the queue lists the supporter the card counts, and not the one back next year"
    );
}

/// Ranking reads each supporter's open cases and latest assignment from their row, where
/// triggers keep them (migration 13): after every kind of change to a match, they are what
/// the matches say.
#[test]
fn open_cases_and_the_latest_assignment_kept_on_the_supporter_follow_every_match() {
    /// Open cases and the latest assignment of a supporter.
    type Load = (i64, Option<String>);
    let conn = store();
    // Each supporter's load as kept on the row, checked against the load the matches give.
    let kept = |when: &str| -> Vec<Load> {
        let mut statement = conn
            .prepare(
                "SELECT s.id, s.open_cases, s.last_matched_at, m.open_cases, m.last_matched_at
                 FROM supporters s JOIN supporter_matches m ON m.supporter_id = s.id
                 ORDER BY s.id",
            )
            .expect("query");
        let rows: Vec<(i64, Load, Load)> = statement
            .query_map([], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?), (r.get(3)?, r.get(4)?)))
            })
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("read");
        for (id, kept, counted) in &rows {
            assert_eq!(
                kept, counted,
                "{when}: supporter #{id} keeps what the matches say"
            );
        }
        rows.into_iter().map(|(_, kept, _)| kept).collect()
    };
    let (id, pat) = matched_request(&conn);
    assert!(
        kept("matched").contains(&(1, Some("2026-11-23T09:00:00".into()))),
        "the match counts as an open case"
    );
    end(&conn, id, Ending::Withdrawn, at("2026-11-23T10:00:00")).expect("withdrawn");
    kept("withdrawn");
    reopen(&conn, id, at("2026-11-23T10:01:00")).expect("reopened");
    kept("reopened");
    rematch(&conn, id, Release::Declined, at("2026-11-23T11:00:00")).expect("rematch");
    let ana = supporter_named(&conn, "Ana Host", day("2026-11-23"));
    matching::assign(
        &conn,
        id,
        ana,
        Some(Rule::OwnOrganization),
        at("2026-11-23T12:00:00"),
    )
    .expect("matched again");
    kept("declined, then matched with another");
    conn.execute("UPDATE matches SET supporter_id = ?1", [pat])
        .expect("moved");
    kept("moved to one supporter");
    conn.execute("DELETE FROM matches", []).expect("removed");
    assert!(
        kept("removed")
            .iter()
            .all(|(open, last)| *open == 0 && last.is_none()),
        "no match left, no open case"
    );
}
