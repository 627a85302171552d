//! Demo data: sizes, determinism, realism, and that it never mixes with real data.

use chrono::{NaiveDate, NaiveDateTime};
use peerdesk_core::daily::dashboard;
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::Store;

use crate::fixture::new_store;

fn now() -> NaiveDateTime {
    at("2026-11-23T10:00:00")
}

fn today() -> NaiveDate {
    now().date()
}

fn at(text: &str) -> NaiveDateTime {
    peerdesk_core::clock::parse_stamp(text).expect("a moment")
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn loaded() -> (crate::fixture::Scratch, Store) {
    let (scratch, mut store) = new_store();
    demo::load(
        &mut store,
        DemoSize::Small,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data loads");
    (scratch, store)
}

#[test]
fn the_small_demo_has_the_promised_sizes() {
    let (_scratch, store) = loaded();
    assert_eq!(
        count(&store, "SELECT count(*) FROM supporters"),
        40,
        "supporters"
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM requests"),
        300,
        "requests"
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM outreaches"),
        500,
        "outreaches"
    );
    assert!(
        count(&store, "SELECT count(*) FROM critical_events") >= 36,
        "critical events over the years"
    );
    let sessions = count(&store, "SELECT count(*) FROM debriefs");
    assert!(
        sessions > 30,
        "team huddles, debriefs and check-ins, got {sessions}"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(DISTINCT kind) FROM debriefs WHERE id IN (SELECT debrief_id FROM debrief_roles)"
        ),
        3,
        "every kind of session, with people counted by role"
    );
    let organizations = count(&store, "SELECT count(*) FROM organizations");
    assert!(
        (3..=8).contains(&organizations),
        "3-8 organizations, got {organizations}"
    );
}

#[test]
fn the_demo_is_deterministic_for_the_same_day() {
    let (_a, first) = loaded();
    let (_b, second) = loaded();
    let fingerprint = |store: &Store| -> Vec<String> {
        store
            .conn()
            .prepare(
                "SELECT name || '|' || status || '|' || coalesce(trained_on, '') FROM supporters
                 UNION ALL SELECT received_at || '|' || status || '|' || due_on FROM requests
                 UNION ALL SELECT occurred_on || '|' || kind || '|' || mode FROM outreaches
                 UNION ALL SELECT occurred_on || '|' || kind || '|' || due_at FROM critical_events
                 UNION ALL SELECT held_on || '|' || kind || '|' || headcount FROM debriefs",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("fingerprint")
    };
    assert_eq!(
        fingerprint(&first),
        fingerprint(&second),
        "same size and day give the same data"
    );
}

#[test]
fn the_demo_looks_like_a_real_program() {
    let (_scratch, store) = loaded();
    let nurses = count(&store, "SELECT count(*) FROM supporters s JOIN picklist_entries r ON r.id = s.role_id WHERE r.value = 'Nurse'");
    let pharmacists = count(&store, "SELECT count(*) FROM supporters s JOIN picklist_entries r ON r.id = s.role_id WHERE r.value = 'Pharmacist'");
    assert!(
        nurses > pharmacists,
        "nurses outnumber pharmacists ({nurses} vs {pharmacists})"
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM supporters WHERE status = 'paused'"
        ) > 0,
        "some supporters are paused"
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM supporters WHERE status = 'retired'"
        ) > 0,
        "some have retired"
    );
    let years = count(
        &store,
        "SELECT count(DISTINCT substr(received_at, 1, 4)) FROM requests",
    );
    assert!(years >= 3, "requests span several years, got {years}");
    assert!(
        count(&store, "SELECT count(*) FROM requests WHERE status = 'new'") > 0,
        "some requests wait for a match"
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM requests WHERE purged_at IS NOT NULL AND requester_name IS NULL"
        ) > 0,
        "old closed requests have had their names erased"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM requests WHERE purged_at IS NOT NULL AND requester_name IS NOT NULL"), 0,
        "no purged request keeps a name");
    let winter = count(
        &store,
        "SELECT count(*) FROM requests WHERE substr(received_at, 6, 2) IN ('12', '01', '02')",
    );
    let summer = count(
        &store,
        "SELECT count(*) FROM requests WHERE substr(received_at, 6, 2) IN ('06', '07', '08')",
    );
    assert!(
        winter > summer,
        "winter is busier than summer ({winter} vs {summer})"
    );
    let fk: i64 = count(&store, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(fk, 0, "the demo respects every foreign key");
}

#[test]
fn demo_data_never_goes_into_a_store_that_holds_data() {
    let (_scratch, mut store) = loaded();
    let error = demo::load(
        &mut store,
        DemoSize::Small,
        now(),
        &peerdesk_core::Work::none(),
    )
    .expect_err("second load refused");
    assert!(
        error.to_string().contains("empty store"),
        "message: {error}"
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM supporters"),
        40,
        "nothing was added"
    );
}

#[test]
fn the_dashboard_counts_match_the_store() {
    let (_scratch, store) = loaded();
    let board = dashboard::load(store.conn(), today()).expect("dashboard");
    assert_eq!(
        board.waiting_for_match,
        count(&store, "SELECT count(*) FROM requests WHERE status = 'new'"),
        "the dashboard's waiting-for-match count is the number of new requests"
    );
    assert_eq!(
        board.supporters_active,
        count(
            &store,
            "SELECT count(*) FROM supporters WHERE status = 'active'"
        ),
        "the dashboard's active count is the number of active supporters"
    );
    assert_eq!(
        board.outreaches_total, 500,
        "the dashboard counts the demo's 500 outreaches"
    );
    assert!(!board.is_empty(), "a demo store is not empty");
    assert!(
        board.events_awaiting_outreach > 0 && board.events_overdue > 0,
        "a newcomer sees critical events waiting for outreach, one of them late: {} waiting, {} late",
        board.events_awaiting_outreach,
        board.events_overdue
    );
    assert_eq!(
        board.queue.events.len() as i64,
        board.events_awaiting_outreach,
        "each waiting event is in the queue"
    );
    let (_other, empty) = new_store();
    assert!(
        dashboard::load(empty.conn(), today())
            .expect("dashboard")
            .is_empty(),
        "a new store is empty"
    );
}

/// Every moment the demo writes, as text that sorts like time (dates and local stamps).
const EVERY_MOMENT: &str = "
    SELECT max(m) FROM (
        SELECT received_at AS m FROM requests
        UNION ALL SELECT matched_at FROM requests UNION ALL SELECT first_contact_at FROM requests
        UNION ALL SELECT closed_at FROM requests UNION ALL SELECT at FROM request_events
        UNION ALL SELECT matched_at FROM matches UNION ALL SELECT ended_at FROM matches
        UNION ALL SELECT occurred_on FROM outreaches UNION ALL SELECT done_at FROM follow_ups
        UNION ALL SELECT held_on FROM meetings UNION ALL SELECT held_on FROM trainings
        UNION ALL SELECT trained_on FROM supporters
        UNION ALL SELECT occurred_on || 'T' || coalesce(occurred_time, '00:00') FROM critical_events
        UNION ALL SELECT held_on FROM debriefs)";

#[test]
fn demo_data_never_lies_after_the_moment_it_was_made() {
    // The 1st of a month in the morning (the day the bug was seen), a Monday after a
    // holiday before opening hours, and the last minute of a 31st.
    for made in [
        "2026-12-01T10:00:00",
        "2026-07-06T06:30:00",
        "2026-12-31T23:59:00",
    ] {
        let (_scratch, mut store) = new_store();
        demo::load(
            &mut store,
            DemoSize::Small,
            at(made),
            &peerdesk_core::Work::none(),
        )
        .expect("demo data loads");
        let latest: String = store
            .conn()
            .query_row(EVERY_MOMENT, [], |r| r.get(0))
            .expect("the latest moment");
        assert!(
            latest.as_str() <= made,
            "demo made at {made} holds a moment after it: {latest}"
        );
        assert_eq!(
            count(&store, "SELECT count(*) FROM outreaches"),
            500,
            "the demo made at {made} still has all its outreaches"
        );
    }
}
