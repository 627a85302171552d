use chrono::NaiveDate;

use super::*;
use crate::demo::{self, DemoSize};
use crate::reporting::reports::{self, ReportQuery};
use crate::store::session::{unwrap_key, ReportingStore, Session};
use crate::store::Keychain;

const FAST: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

fn recovery() -> Passphrase {
    Passphrase::new("lantern orbit cedar mosaic")
}

fn reporting() -> Passphrase {
    Passphrase::new("quality office harbour tulip")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

/// A store with the small demo and reporting access issued.
fn issued() -> (tempfile::TempDir, DataDir) {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = DataDir::new(temp.path().join("data"));
    let mut store =
        Store::create_with_params(&dir, &recovery(), Keychain::Off, FAST).expect("create");
    let now = today().and_hms_opt(10, 0, 0).expect("time");
    demo::load(&mut store, DemoSize::Small, now, &crate::work::Work::none()).expect("demo");
    issue_with_params(&store, &reporting(), FAST).expect("issue");
    (temp, dir)
}

fn open_reporting(dir: &DataDir) -> ReportingStore {
    match Session::unlock(dir, Keychain::Off, Some(&reporting())).expect("unlock") {
        Session::Reporting(store) => store,
        Session::Coordinator(_) => {
            panic!("the reporting passphrase opened the coordinator's store")
        }
    }
}

/// Column names that would carry who: a name, a way to reach someone, free text, or a
/// link back to a supporter or requester row.
const FORBIDDEN: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "requester",
    "phone",
    "email",
    "comment",
    "note",
    "supporter_id",
    "request_id",
    "nominee",
    "trainer",
    "topic",
];

#[test]
fn the_reporting_store_has_no_column_for_who_and_holds_no_name() {
    let (_temp, dir) = issued();
    let names: Vec<String> = {
        let coordinator =
            Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
        let mut statement = coordinator
            .conn()
            .prepare("SELECT name FROM supporters UNION SELECT requester_name FROM requests WHERE requester_name IS NOT NULL UNION SELECT comments FROM outreaches WHERE comments IS NOT NULL")
            .expect("prepare");
        let rows = statement.query_map([], |r| r.get(0)).expect("names");
        rows.collect::<rusqlite::Result<_>>().expect("names")
    };
    assert!(
        names.len() > 40,
        "the demo has supporters and requesters to look for"
    );
    let store = open_reporting(&dir);
    let columns = schema_columns(store.conn()).expect("schema");
    assert!(
        columns.iter().any(|(t, _)| t == "report_outreaches"),
        "{columns:?}"
    );
    for (table, column) in &columns {
        let lowered = column.to_lowercase();
        assert!(
            !FORBIDDEN.iter().any(|word| lowered.contains(word)),
            "{table}.{column} may carry who someone is"
        );
        // Only organizations and holidays have names.
        assert!(
            lowered != "name" || table == "organizations" || table == "holidays",
            "{table}.{column} is a name column"
        );
    }
    for (table, column) in &columns {
        let mut statement = store
            .conn()
            .prepare(&format!("SELECT DISTINCT CAST(\"{column}\" AS TEXT) FROM \"{table}\" WHERE typeof(\"{column}\") = 'text'"))
            .expect("prepare");
        let values: Vec<String> = statement
            .query_map([], |r| r.get(0))
            .expect("values")
            .collect::<rusqlite::Result<_>>()
            .expect("values");
        for value in values {
            assert!(
                !names.contains(&value),
                "{table}.{column} holds a supporter's or requester's name or a comment"
            );
        }
    }
}

#[test]
fn reports_and_the_export_read_the_same_from_either_store() {
    let (_temp, dir) = issued();
    let coordinator = Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    let store = open_reporting(&dir);
    let from = NaiveDate::from_ymd_opt(2025, 12, 1).expect("date");
    let mut query = ReportQuery {
        from: from.to_string(),
        to: today().to_string(),
        ..ReportQuery::default()
    };
    let whole = reports::build(coordinator.conn(), &query, today()).expect("coordinator report");
    assert!(!whole.empty, "the demo has outreaches in the last year");
    assert!(
        whole.group.people_reached.value.is_some_and(|n| n > 0),
        "the demo's team sessions reached people in the last year: {:?}",
        whole.group.people_reached
    );
    assert_eq!(
        whole,
        reports::build(store.conn(), &query, today()).expect("reporting report"),
        "the whole report reads the same from the reporting store as from the coordinator's"
    );
    query.organization_id = Some(
        coordinator
            .conn()
            .query_row(
                "SELECT id FROM organizations ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("an organization"),
    );
    assert_eq!(
        reports::build(coordinator.conn(), &query, today()).expect("coordinator report"),
        reports::build(store.conn(), &query, today()).expect("reporting report"),
        "one organization's report"
    );
    // The reporting store renumbers outreaches: the same rows, in another order within a day.
    let rows = |conn: &Connection| {
        let mut rows = crate::reporting::export::source_rows(conn, from, today())
            .expect("rows")
            .into_iter()
            .map(|r| format!("{r:?}"))
            .collect::<Vec<_>>();
        rows.sort();
        rows
    };
    assert_eq!(
        rows(coordinator.conn()),
        rows(store.conn()),
        "the export rows are the same from either store"
    );
}

#[test]
fn the_reporting_passphrase_opens_the_reporting_store_and_nothing_else() {
    let (_temp, dir) = issued();
    assert!(
        matches!(
            Store::unlock(&dir, Keychain::Off, Some(&reporting())),
            Err(CoreError::WrongPassphrase)
        ),
        "the reporting passphrase does not open the coordinator's store"
    );
    // Nor does the reporting key itself open the coordinator's database.
    let key = unwrap_key(&dir, &reporting())
        .expect("read")
        .expect("the key");
    assert!(
        matches!(
            crate::store::open_read_only_for_test(&dir, &key),
            Err(CoreError::NotAPeerDeskDatabase(_))
        ),
        "the reporting key does not open the coordinator's database"
    );
    let wrong = Session::unlock(
        &dir,
        Keychain::Off,
        Some(&Passphrase::new("not the one at all")),
    );
    assert!(
        matches!(wrong, Err(CoreError::WrongPassphrase)),
        "an unknown passphrase is a wrong passphrase"
    );
    assert_eq!(
        crate::store::guard::UnlockGuard::read(&dir).failures,
        2,
        "both wrong tries are counted"
    );

    // Locked by the coordinator: the reporting passphrase opens reporting mode; the lock
    // stays, and so does the count of wrong tries (no free guesses between staff unlocks).
    crate::store::guard::UnlockGuard::lock(&dir).expect("lock");
    let store = open_reporting(&dir);
    let guard = crate::store::guard::UnlockGuard::read(&dir);
    assert!(guard.locked, "staff do not unlock the coordinator's store");
    assert_eq!(
        guard.failures, 2,
        "the reporting passphrase forgives no wrong try"
    );
    let entries = crate::store::audit::list(store.conn(), &crate::store::audit::Filter::default())
        .expect("log");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["unlock"],
        "the reporting store's log holds only the staff unlock"
    );
    assert!(
        entries.iter().all(|e| e.actor == "reporting"),
        "every entry of the reporting store's log is by reporting staff"
    );
    let Session::Coordinator(coordinator) =
        Session::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator")
    else {
        panic!("the recovery passphrase opens the coordinator's store");
    };
    let failed = crate::store::audit::list(
        coordinator.conn(),
        &crate::store::audit::Filter {
            action: Some("failed unlock".into()),
            ..Default::default()
        },
    )
    .expect("log");
    assert_eq!(
        failed.len(),
        1,
        "the wrong tries reach the coordinator's log"
    );
    assert!(
        !crate::store::guard::UnlockGuard::read(&dir).locked,
        "the coordinator's unlock lifts the lock"
    );
}

#[test]
fn a_revoked_passphrase_opens_nothing_and_a_new_one_replaces_the_old() {
    let (_temp, dir) = issued();
    let coordinator = Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    let other = Passphrase::new("second office pelican marble");
    issue_with_params(&coordinator, &other, FAST).expect("issue again");
    assert!(
        matches!(
            Session::unlock(&dir, Keychain::Off, Some(&reporting())),
            Err(CoreError::WrongPassphrase)
        ),
        "the replaced reporting passphrase no longer opens anything"
    );
    assert!(
        matches!(
            Session::unlock(&dir, Keychain::Off, Some(&other)).expect("new one"),
            Session::Reporting(_)
        ),
        "the new reporting passphrase opens reporting mode"
    );
    assert!(
        revoke(&coordinator).expect("revoke"),
        "revoking issued reporting access says it revoked something"
    );
    assert!(
        !dir.reporting_database().exists() && !dir.reporting_key_file().exists(),
        "revoking removes the reporting database and its key file"
    );
    assert!(
        matches!(
            Session::unlock(&dir, Keychain::Off, Some(&other)),
            Err(CoreError::WrongPassphrase)
        ),
        "the revoked reporting passphrase opens nothing"
    );
    assert_eq!(
        refresh(&coordinator).expect("refresh"),
        None,
        "nothing to refresh"
    );
    assert!(
        !status(&coordinator).expect("status").issued,
        "reporting access shows as not issued after revoking"
    );
}

#[test]
fn the_recovery_passphrase_or_a_weak_one_is_refused_as_reporting_passphrase() {
    let (_temp, dir) = issued();
    let coordinator = Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    let before = std::fs::read(dir.reporting_key_file()).expect("key file");
    for refused in [recovery(), Passphrase::new("short")] {
        let error = issue_with_params(&coordinator, &refused, FAST).expect_err("refused");
        assert!(
            matches!(error, CoreError::Invalid(_) | CoreError::WeakPassphrase(_)),
            "{error}"
        );
    }
    assert_eq!(
        std::fs::read(dir.reporting_key_file()).expect("key file"),
        before,
        "a refused passphrase changes nothing"
    );
}

#[test]
fn a_refresh_takes_new_outreaches_and_copies_staff_actions_into_the_coordinators_log() {
    let (_temp, dir) = issued();
    let coordinator = Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    let before = status(&coordinator).expect("status").outreaches;
    {
        let store = open_reporting(&dir);
        crate::store::audit::record(
            store.conn(),
            "coordinator",
            "de-identified outreach export",
            Some("12 rows"),
        )
        .expect("staff export");
    }
    coordinator
        .conn()
        .execute(
            "INSERT INTO outreaches (occurred_on, kind, mode, referred_by, created_at, updated_at)
             VALUES ('2026-11-30', 'initial', 'phone', 'self', '2026-11-30', '2026-11-30')",
            [],
        )
        .expect("outreach");
    let refreshed = refresh(&coordinator).expect("refresh").expect("issued");
    assert_eq!(
        refreshed.outreaches,
        before + 1,
        "the refresh takes the one new outreach"
    );
    assert_eq!(refreshed.staff_actions, 2, "staff's unlock and export");
    let copied = crate::store::audit::list(
        coordinator.conn(),
        &crate::store::audit::Filter {
            action: Some("reporting staff action".into()),
            ..Default::default()
        },
    )
    .expect("log");
    assert!(
        copied
            .iter()
            .any(|e| e.detail.as_deref().unwrap_or("").contains("export")),
        "the staff export is copied into the coordinator's log"
    );
    assert_eq!(
        refresh(&coordinator)
            .expect("again")
            .expect("issued")
            .staff_actions,
        0,
        "each staff action is copied once"
    );
    assert!(
        crate::store::audit::verify(coordinator.conn())
            .expect("verify")
            .broken
            .is_none(),
        "the coordinator's log chain is unbroken after copying staff actions"
    );
}

#[test]
fn the_recovery_passphrase_cannot_become_the_reporting_passphrase() {
    let (_temp, dir) = issued();
    let mut coordinator =
        Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    let before = std::fs::read(dir.key_file()).expect("key file");
    let error = coordinator
        .change_passphrase(&recovery(), &reporting())
        .expect_err("refused");
    assert!(
        error.to_string().contains("reporting passphrase"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(dir.key_file()).expect("key file"),
        before,
        "the refused passphrase change leaves the key file unchanged"
    );
}

#[test]
fn a_damaged_reporting_store_is_made_anew_and_a_tampered_staff_log_is_on_record() {
    let (_temp, dir) = issued();
    let coordinator = Store::unlock(&dir, Keychain::Off, Some(&recovery())).expect("coordinator");
    {
        let store = open_reporting(&dir);
        crate::store::audit::record(
            store.conn(),
            "reporting",
            "de-identified outreach export",
            Some("3 rows"),
        )
        .expect("export");
        store
            .conn()
            .execute("DELETE FROM audit_log WHERE id = 1", [])
            .expect("staff hide their unlock");
    }
    refresh(&coordinator).expect("refresh").expect("issued");
    let broken = crate::store::audit::list(
        coordinator.conn(),
        &crate::store::audit::Filter {
            action: Some("reporting log broken".into()),
            ..Default::default()
        },
    )
    .expect("log");
    assert_eq!(broken.len(), 1, "the break is on the coordinator's record");

    std::fs::write(dir.reporting_database(), b"not a database at all").expect("damage");
    let done = refresh(&coordinator).expect("made anew").expect("issued");
    assert!(
        done.outreaches > 0,
        "the reporting store made anew holds the outreaches"
    );
    assert!(
        matches!(
            Session::unlock(&dir, Keychain::Off, Some(&reporting())).expect("opens"),
            Session::Reporting(_)
        ),
        "the reporting passphrase opens the store made anew"
    );
}
