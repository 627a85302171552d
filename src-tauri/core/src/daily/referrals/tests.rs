use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::*;
use crate::daily::requests::{self, RequestForm};
use crate::program::organizations::{self, OrganizationInput};
use crate::store::migrations;

fn at(text: &str) -> NaiveDateTime {
    crate::clock::parse_stamp(text).expect("test time")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// A store with one request, received on 2026-11-02.
fn store() -> (Connection, i64) {
    let conn = migrations::in_memory().expect("store");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Host Hospital".into(),
            ..OrganizationInput::default()
        },
    )
    .expect("organization");
    let request = requests::add(
        &conn,
        &RequestForm {
            received_at: "2026-11-02T09:00".into(),
            channel: "phone".into(),
            requester_name: "Riley Requester".into(),
            preferred_mode: "Phone".into(),
            role: "nurse".into(),
            department: "Emergency department".into(),
            organization: "Host Hospital".into(),
            referred_by: "self".into(),
            ..RequestForm::default()
        },
        at("2026-11-02T09:30:00"),
    )
    .expect("request");
    (conn, request)
}

fn referral(service: &str, on: &str) -> ReferralForm {
    ReferralForm {
        service: service.into(),
        referred_on: on.into(),
    }
}

#[test]
fn a_referral_is_followed_from_referred_to_its_outcome() {
    let (conn, request) = store();
    let id = refer(
        &conn,
        request,
        &referral("Chaplaincy", ""),
        at("2026-11-03T10:00:00"),
    )
    .expect("refer");
    let made = of_request(&conn, request, day("2026-11-03")).expect("list");
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].service, "Chaplaincy");
    assert_eq!(
        made[0].referred_on, "2026-11-03",
        "today, when no day is given"
    );
    assert_eq!(made[0].outcome, Outcome::Referred);
    set_outcome(&conn, id, Outcome::Connected, at("2026-11-12T08:00:00")).expect("outcome");
    let after = of_request(&conn, request, day("2026-11-12")).expect("list");
    assert_eq!(after[0].outcome, Outcome::Connected);
    assert_eq!(after[0].outcome_on.as_deref(), Some("2026-11-12"));
    assert_eq!(latest_of(&conn, request).expect("latest"), id);
}

#[test]
fn a_referral_still_open_a_week_later_is_due_for_a_check_and_leaves_the_list_with_its_outcome() {
    let (conn, request) = store();
    let id = refer(
        &conn,
        request,
        &referral("EAP", "2026-11-03"),
        at("2026-11-03T10:00:00"),
    )
    .expect("refer");
    assert!(
        due_for_check(&conn, day("2026-11-09"))
            .expect("due")
            .is_empty(),
        "six days: not yet"
    );
    let due = due_for_check(&conn, day("2026-11-10")).expect("due");
    assert_eq!(due.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    assert!(due[0].due_for_check);
    set_outcome(&conn, id, Outcome::Declined, at("2026-11-10T12:00:00")).expect("outcome");
    assert!(due_for_check(&conn, day("2026-11-30"))
        .expect("due")
        .is_empty());
}

#[test]
fn bad_referrals_are_refused_and_change_nothing() {
    let (conn, request) = store();
    let now = at("2026-11-03T10:00:00");
    for (form, field) in [
        (referral("   ", ""), "service"),
        (referral(&"x".repeat(81), ""), "service"),
        (referral("EAP", "03/11/2026x"), "referred_on"),
        (referral("EAP", "2026-11-04"), "referred_on"),
    ] {
        let error = refer(&conn, request, &form, now).expect_err("refused");
        let fields: Vec<Option<String>> =
            error.field_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Some(field.to_string())], "{error}");
    }
    assert!(
        refer(&conn, 999, &referral("EAP", ""), now).is_err(),
        "no such request"
    );
    assert!(
        set_outcome(&conn, 999, Outcome::Connected, now).is_err(),
        "no such referral"
    );
    assert!(Outcome::parse("maybe").is_err());
    assert!(latest_of(&conn, request).is_err(), "nothing to set yet");
    let count: i64 = conn
        .query_row("SELECT count(*) FROM referrals", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 0, "nothing was written");
}

#[test]
fn a_service_used_before_is_offered_and_kept_in_its_first_spelling() {
    let (conn, request) = store();
    let now = at("2026-11-03T10:00:00");
    refer(&conn, request, &referral("Wellness coaching", ""), now).expect("refer");
    refer(&conn, request, &referral("wellness COACHING", ""), now).expect("refer");
    let services = services(&conn).expect("services");
    assert_eq!(services.len(), USUAL_SERVICES.len() + 1);
    assert_eq!(
        services.last().map(String::as_str),
        Some("Wellness coaching")
    );
    let both = of_request(&conn, request, day("2026-11-03")).expect("list");
    assert!(both.iter().all(|r| r.service == "Wellness coaching"));
}
