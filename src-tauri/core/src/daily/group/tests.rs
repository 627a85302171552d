use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::debriefs::{self, DebriefFilter, DebriefForm, RoleCount};
use super::events::{self, EventFilter, EventForm};
use crate::daily::outreach::{self, OutreachForm};
use crate::error::{CoreError, Problem};
use crate::program::group::Reach;
use crate::program::organizations::{self, OrganizationInput};
use crate::roster::supporters::{self, SupporterForm};
use crate::store::migrations;

fn at(text: &str) -> NaiveDateTime {
    crate::clock::parse_stamp(text).expect("test time")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// The moment the tests are run at: a Tuesday morning.
fn now() -> NaiveDateTime {
    at("2026-12-01T10:00:00")
}

/// A store with the host hospital, a partner and one trained supporter.
fn store() -> Connection {
    let conn = migrations::in_memory().expect("store");
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
    supporters::add(
        &conn,
        &SupporterForm {
            name: "Ana Host".into(),
            role: "Chaplain".into(),
            department: "Medicine".into(),
            organization: "Host Hospital".into(),
            trained_on: "2025-01-10".into(),
            ..SupporterForm::default()
        },
        day("2026-11-01"),
    )
    .expect("supporter");
    conn
}

fn event(kind: &str, unit: &str, date: &str) -> EventForm {
    EventForm {
        kind: kind.into(),
        unit: unit.into(),
        date: date.into(),
        ..EventForm::default()
    }
}

fn session(date: &str, unit: &str, headcount: i64) -> DebriefForm {
    DebriefForm {
        date: date.into(),
        kind: "huddle".into(),
        unit: unit.into(),
        headcount: Some(headcount),
        ..DebriefForm::default()
    }
}

fn outreach_on(date: &str, unit: &str) -> OutreachForm {
    OutreachForm {
        occurred_on: date.into(),
        kind: "initial".into(),
        mode: "in-person".into(),
        referred_by: "peer".into(),
        department: unit.into(),
        role: "Nurse".into(),
        supporter_id: Some(1),
        issue_types: vec!["Patient death".into()],
        ..OutreachForm::default()
    }
}

/// The fields a refused form names, with their codes, in the form's order.
fn refused(error: CoreError) -> Vec<(String, Problem)> {
    match error {
        CoreError::Fields(errors) => errors
            .0
            .into_iter()
            .map(|e| (e.field.unwrap_or_default(), e.code))
            .collect(),
        CoreError::Invalid(error) => vec![(error.field.unwrap_or_default(), error.code)],
        other => panic!("a refused form expected, got {other:?}"),
    }
}

fn only(conn: &Connection, id: i64, today: NaiveDate) -> events::EventRow {
    events::get(conn, id, today).expect("the event")
}

#[test]
fn an_event_is_due_the_target_after_it_happened_and_keeps_the_target_of_its_day() {
    let conn = store();
    let id = events::add(
        &conn,
        &event("code", "Intensive care", "2026-11-30T20:30"),
        now(),
    )
    .expect("logged");
    let row = only(&conn, id, now().date());
    assert_eq!(
        (row.due_at.as_str(), row.due_on.as_str(), row.target_hours),
        ("2026-12-01T20:30:00", "2026-12-01", 24),
        "due 24 hours after the code"
    );
    assert_eq!(
        row.organization.as_deref(),
        Some("Host Hospital"),
        "an event names the host program unless told otherwise"
    );
    assert_eq!(
        (row.reach, row.days_left),
        (Reach::Due, Some(0)),
        "due today"
    );
    crate::program::set(&conn, "event_outreach_hours", "72").expect("a longer target");
    assert_eq!(
        only(&conn, id, now().date()).due_on,
        "2026-12-01",
        "a later change of the setting never moves an event logged before"
    );
    let later = events::add(
        &conn,
        &event("death", "Intensive care", "2026-11-30"),
        now(),
    )
    .expect("logged with a day alone");
    let row = only(&conn, later, now().date());
    assert_eq!(
        (row.occurred_time, row.due_at.as_str()),
        (None, "2026-12-03T00:00:00"),
        "a day alone counts from its start, with the target of the day it was logged"
    );
}

#[test]
fn an_event_form_says_what_to_fix_beside_each_field() {
    let conn = store();
    let problems = refused(
        events::add(
            &conn,
            &EventForm {
                kind: "fire".into(),
                unit: "Bakery".into(),
                date: "tomorrow".into(),
                organization: "Nowhere General".into(),
            },
            now(),
        )
        .expect_err("every field is wrong"),
    );
    assert_eq!(
        problems,
        [
            ("kind".to_string(), Problem::Unknown),
            ("unit".to_string(), Problem::Unknown),
            ("date".to_string(), Problem::Format),
            ("organization".to_string(), Problem::Unknown),
        ],
        "one message per field, named as the command line's flags"
    );
    let ahead = refused(
        events::add(
            &conn,
            &event("code", "Intensive care", "2026-12-01T11:00"),
            now(),
        )
        .expect_err("an hour ahead"),
    );
    assert_eq!(
        ahead,
        [("date".to_string(), Problem::OutOfRange)],
        "an event is logged once it has happened"
    );
    let missing = refused(events::add(&conn, &EventForm::default(), now()).expect_err("blank"));
    assert_eq!(
        missing,
        [
            ("kind".to_string(), Problem::Required),
            ("unit".to_string(), Problem::Required),
            ("date".to_string(), Problem::Required),
        ],
        "a blank form asks for the kind, the unit and the day"
    );
    let count: i64 = conn
        .query_row("SELECT count(*) FROM critical_events", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 0, "a refused event writes nothing");
}

#[test]
fn a_session_or_an_outreach_for_the_unit_reaches_the_event_and_says_whether_in_time() {
    let conn = store();
    let early = events::add(
        &conn,
        &event("code", "Intensive care", "2026-11-20T14:00"),
        now(),
    )
    .expect("event");
    let late = events::add(
        &conn,
        &event("assault", "Emergency department", "2026-11-20T09:00"),
        now(),
    )
    .expect("event");
    let missed =
        events::add(&conn, &event("death", "Oncology", "2026-11-10"), now()).expect("event");
    let waiting =
        events::add(&conn, &event("death", "Pediatrics", "2026-11-28"), now()).expect("event");
    // A huddle in the ICU the next day (not linked: the unit and the day are enough).
    debriefs::add(
        &conn,
        &session("2026-11-21", "Intensive care", 9),
        now().date(),
    )
    .expect("huddle");
    // An outreach to an ED nurse three days after the assault.
    outreach::add(
        &conn,
        &outreach_on("2026-11-23", "Emergency department"),
        now(),
    )
    .expect("outreach");
    // An outreach in oncology, but after the days a contact counts for.
    outreach::add(&conn, &outreach_on("2026-11-30", "Oncology"), now()).expect("outreach");
    let reach = |id| only(&conn, id, now().date()).reach;
    assert_eq!(reach(early), Reach::InTime, "a huddle the next day");
    assert_eq!(
        only(&conn, early, now().date()).reached_on.as_deref(),
        Some("2026-11-21"),
        "the first contact's day"
    );
    assert_eq!(reach(late), Reach::Late, "an outreach three days after");
    assert_eq!(
        reach(missed),
        Reach::Missed,
        "an outreach 20 days later does not count for the event"
    );
    assert_eq!(
        reach(waiting),
        Reach::Overdue,
        "nobody reached pediatrics: late, still on the dashboard"
    );
    let open = events::waiting(&conn, now().date()).expect("waiting");
    assert_eq!(
        open.iter().map(|e| e.id).collect::<Vec<_>>(),
        [waiting],
        "only the unreached event within its days waits"
    );
    assert_eq!(
        open[0].days_left,
        Some(-2),
        "two days past its due day (Nov 29)"
    );
    // A session linked to the missed event counts whenever it was held.
    debriefs::add(
        &conn,
        &DebriefForm {
            event: Some(missed),
            ..session("2026-11-30", "Oncology", 4)
        },
        now().date(),
    )
    .expect("a late debrief");
    assert_eq!(reach(missed), Reach::Late, "linked: reached, late");
}

#[test]
fn a_contact_elsewhere_does_not_reach_the_unit() {
    let conn = store();
    let id = events::add(
        &conn,
        &EventForm {
            organization: "Partner Clinic".into(),
            ..event("code", "Intensive care", "2026-11-30T08:00")
        },
        now(),
    )
    .expect("event");
    debriefs::add(&conn, &session("2026-11-30", "Surgery", 5), now().date()).expect("another unit");
    debriefs::add(
        &conn,
        &DebriefForm {
            organization: "Host Hospital".into(),
            ..session("2026-11-30", "Intensive care", 5)
        },
        now().date(),
    )
    .expect("the same unit at another hospital");
    let row = only(&conn, id, now().date());
    assert_eq!(
        (row.reached_on, row.reach),
        (None, Reach::Due),
        "neither another unit nor the same unit of another organization reaches it"
    );
}

#[test]
fn a_session_counts_people_never_names_and_its_roles_add_up() {
    let conn = store();
    let event = events::add(
        &conn,
        &event("death", "Intensive care", "2026-11-30T22:10"),
        now(),
    )
    .expect("event");
    let form = debriefs::form(&conn, Some(event), now().date()).expect("a form for the event");
    assert_eq!(
        (form.unit.as_str(), form.event, form.date.as_str()),
        ("Intensive care", Some(event), "2026-12-01"),
        "the form starts from the event's unit, today"
    );
    let id = debriefs::add(
        &conn,
        &DebriefForm {
            kind: "debrief".into(),
            headcount: Some(12),
            roles: vec![
                RoleCount {
                    role: "nurse".into(),
                    people: 8,
                },
                RoleCount {
                    role: "Physician".into(),
                    people: 2,
                },
                RoleCount {
                    role: "Chaplain".into(),
                    people: 0,
                },
            ],
            facilitators: vec![1, 1],
            duration: Some(45),
            follow_up_offered: true,
            ..form
        },
        now().date(),
    )
    .expect("debrief");
    let row = debriefs::get(&conn, id).expect("the session");
    assert_eq!(
        row.roles,
        [
            RoleCount {
                role: "Nurse".into(),
                people: 8
            },
            RoleCount {
                role: "Physician".into(),
                people: 2
            }
        ],
        "the roles noted, largest first; a zero count is no row"
    );
    assert_eq!(
        row.facilitators.iter().map(|f| f.id).collect::<Vec<_>>(),
        [1],
        "a facilitator named twice counts once"
    );
    assert_eq!(
        (
            row.kind_label.as_str(),
            row.headcount,
            row.duration,
            row.follow_up_offered
        ),
        ("Debrief", 12, Some(45), true),
        "what the session was"
    );
    assert_eq!(
        row.event_label.as_deref(),
        Some("Death of a patient, 2026-11-30"),
        "the event it followed, in words"
    );
    assert_eq!(
        row.organization.as_deref(),
        Some("Host Hospital"),
        "a session takes its event's organization"
    );
    assert_eq!(
        only(&conn, event, now().date()).sessions,
        1,
        "the event counts its session"
    );

    let problems = refused(
        debriefs::add(
            &conn,
            &DebriefForm {
                date: "2026-11-29".into(),
                kind: "party".into(),
                unit: "Intensive care".into(),
                headcount: Some(5),
                roles: vec![RoleCount {
                    role: "Nurse".into(),
                    people: 6,
                }],
                facilitators: vec![99],
                duration: Some(0),
                event: Some(event),
                ..DebriefForm::default()
            },
            now().date(),
        )
        .expect_err("refused"),
    );
    assert_eq!(
        problems,
        [
            ("date".to_string(), Problem::OutOfRange),
            ("kind".to_string(), Problem::Unknown),
            ("roles".to_string(), Problem::OutOfRange),
            ("facilitators".to_string(), Problem::Unknown),
            ("duration".to_string(), Problem::OutOfRange),
        ],
        "before its event, an unknown kind, more people by role than in all, an unknown supporter, no minutes"
    );
    let blank =
        refused(debriefs::add(&conn, &DebriefForm::default(), now().date()).expect_err("blank"));
    assert_eq!(
        blank,
        [
            ("date".to_string(), Problem::Required),
            ("kind".to_string(), Problem::Required),
            ("unit".to_string(), Problem::Required),
            ("headcount".to_string(), Problem::Required),
        ],
        "a blank session asks for the day, the kind, the unit and the headcount"
    );
    let twice = refused(
        debriefs::add(
            &conn,
            &DebriefForm {
                roles: vec![
                    RoleCount {
                        role: "Nurse".into(),
                        people: 2,
                    },
                    RoleCount {
                        role: "NURSE".into(),
                        people: 1,
                    },
                ],
                ..session("2026-12-01", "Medicine", 5)
            },
            now().date(),
        )
        .expect_err("a role twice"),
    );
    assert_eq!(
        twice,
        [("roles".to_string(), Problem::Duplicate)],
        "one count per role"
    );
    let columns: Vec<String> = conn
        .prepare(
            "SELECT p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.name IN ('critical_events', 'debriefs', 'debrief_roles', 'debrief_facilitators')",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("columns");
    assert!(
        !columns
            .iter()
            .any(|c| c.contains("name") || c.contains("note") || c.contains("comment")),
        "no column could hold an attendee's or a patient's name: {columns:?}"
    );
}

#[test]
fn a_mistake_is_removed_but_an_event_with_its_sessions_stays() {
    let conn = store();
    let event =
        events::add(&conn, &event("code", "Surgery", "2026-12-01T07:00"), now()).expect("event");
    let session = debriefs::add(
        &conn,
        &DebriefForm {
            event: Some(event),
            ..session("2026-12-01", "Surgery", 6)
        },
        now().date(),
    )
    .expect("session");
    let kept = refused(events::remove(&conn, event).expect_err("a session names it"));
    assert_eq!(
        kept,
        [(String::new(), Problem::NotAllowed)],
        "an event with its sessions stays"
    );
    debriefs::remove(&conn, session).expect("the session goes");
    assert!(
        debriefs::list(&conn, &DebriefFilter::default())
            .expect("list")
            .is_empty(),
        "no session left"
    );
    let leftovers: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM debrief_roles) + (SELECT count(*) FROM debrief_facilitators)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(leftovers, 0, "its counts and facilitators went with it");
    events::remove(&conn, event).expect("now the event goes");
    assert!(
        events::list(&conn, &EventFilter::default(), now().date())
            .expect("list")
            .is_empty(),
        "no event left"
    );
    assert_eq!(
        refused(events::remove(&conn, event).expect_err("gone")),
        [("id".to_string(), Problem::Unknown)],
        "removing it again says there is no such event"
    );
}
