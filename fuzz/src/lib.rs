//! What the fuzz targets share: one fixed day, a small store like the core's own tests use,
//! and a snapshot of everything in it (to prove that a refused import wrote nothing).
//!
//! libFuzzer runs a target on one thread, so each target keeps its store in a
//! `thread_local!` and only builds a new one after an input changed it: every input then
//! meets the same store, and a crashing input replays exactly.

use std::cell::RefCell;
use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};
use peerdesk_core::program::calendar;
use peerdesk_core::program::organizations::{self, OrganizationInput};
use peerdesk_core::store::migrations;
use peerdesk_core::roster::supporters::{self, SupporterForm};
use rusqlite::types::Value;
use rusqlite::Connection;

/// The day every target works on (a Monday), whatever the machine's clock says.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// Nine in the morning on [`today`].
pub fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 0, 0).expect("a valid time")
}

/// A migrated store in memory (plain SQLite) with the holidays of 2026 and 2027, two
/// organizations and a trained nurse at each: an import can then match, update and
/// refer to what is already there.
pub fn store() -> Connection {
    let conn = migrations::in_memory().expect("a migrated store in memory");
    // The migration adds this year's holidays by the machine's clock: fixed ones instead.
    calendar::replace_holidays(&conn, &[]).expect("no holidays");
    calendar::add_us_federal_holidays(&conn, 2026).expect("2026 holidays");
    calendar::add_us_federal_holidays(&conn, 2027).expect("2027 holidays");
    for name in ["Host Hospital", "Partner Clinic"] {
        organizations::add(
            &conn,
            &OrganizationInput {
                name: name.into(),
                ..OrganizationInput::default()
            },
        )
        .expect("an organization");
    }
    for (name, organization, email) in [
        ("Ana Host", "Host Hospital", ""),
        (
            "Pat Partner",
            "Partner Clinic",
            "pat.partner@partner.example",
        ),
    ] {
        supporters::add(
            &conn,
            &SupporterForm {
                name: name.into(),
                role: "Nurse".into(),
                department: "Intensive care".into(),
                organization: organization.into(),
                email: email.into(),
                trained_on: "2025-01-10".into(),
                max_open_cases: "2".into(),
                ..SupporterForm::default()
            },
            today(),
        )
        .expect("a supporter");
    }
    conn
}

/// A store kept between inputs: `None` until first used, and again after an input wrote
/// to it.
pub type Slot = RefCell<Option<Connection>>;

/// Runs `body` on the target's store, building it first when needed. `body` returns
/// whether it changed the store; if so the next input gets a fresh one.
pub fn with_store(
    slot: &'static std::thread::LocalKey<Slot>,
    body: impl FnOnce(&mut Connection) -> bool,
) {
    slot.with(|cell| {
        let mut slot = cell.borrow_mut();
        let conn = slot.get_or_insert_with(store);
        if body(conn) {
            *slot = None;
        }
    });
}

/// Every row of every table, as text: equal snapshots mean nothing was written.
pub fn snapshot(conn: &Connection) -> String {
    let mut out = String::new();
    let mut names = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("the table names");
    let tables = names
        .query_map([], |r| r.get::<_, String>(0))
        .expect("the table names")
        .collect::<rusqlite::Result<Vec<String>>>()
        .expect("the table names");
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .expect("a table reads");
        let columns = statement.column_count();
        let _ = writeln!(out, "[{table}]");
        let mut rows = statement.query([]).expect("a table reads");
        while let Some(row) = rows.next().expect("a row reads") {
            for index in 0..columns {
                let value: Value = row.get(index).expect("a value reads");
                let _ = write!(out, "{value:?}|");
            }
            out.push('\n');
        }
    }
    out
}

/// The number of rows in `table`.
pub fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("a count")
}
