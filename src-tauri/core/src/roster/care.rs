//! Care of the supporters: how much each one has carried lately (contacts in the last 30 and
//! 90 days, the last contact), the load warning, and resting.
//!
//! A rest is the program's care after a heavy stretch: "resting until DATE" leaves the
//! supporter out of matching through that day, with the reason shown, and changes nothing
//! else (their status, their open cases, the signs that name them). It is apart from a pause,
//! which is the supporter's own absence, so that ending the one never ends the other.
//!
//! Counting reads the outreaches' date index (`outreaches_report` begins with the day and
//! holds the supporter): one grouped query for the whole roster, never a query per supporter,
//! so that ranking 2,000 supporters stays within its few milliseconds.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{CoreError, Problem, Result};
use crate::fields::parse_date;

/// "The last 30 days": the load warning and the ranking's preference count these.
pub const RECENT_DAYS: i64 = 30;
/// "The last 90 days": the longer view the roster shows beside it.
pub const LONGER_DAYS: i64 = 90;

/// The first day of the `days` days that end with `today` (today and the `days - 1` before).
pub fn window_start(today: NaiveDate, days: i64) -> NaiveDate {
    today - Duration::days(days.max(1) - 1)
}

/// Contacts per supporter from `since` (inclusive) on, for every supporter who had one.
///
/// One query over one range of the date index; the rows are counted here, by supporter, as
/// they come. Asked to GROUP BY, SQLite sorts the range in a temporary B-tree first: on the
/// large store (6,500 contacts in 30 days) that sort took 1.4 ms of a ranking's 5 ms budget,
/// the scan itself 0.05 ms.
pub fn contacts_since(conn: &Connection, since: NaiveDate) -> Result<HashMap<i64, i64>> {
    let mut statement = conn.prepare_cached(CONTACTS_SINCE)?;
    let mut rows = statement.query([since.to_string()])?;
    let mut counts: HashMap<i64, i64> = HashMap::new();
    while let Some(row) = rows.next()? {
        *counts.entry(row.get(0)?).or_default() += 1;
    }
    Ok(counts)
}

/// One range of the date index, never the rows themselves (a test reads its query plan). The
/// index is named: without statistics SQLite would rather walk the whole (supporter, day)
/// index, all 200,000 entries of the large store.
pub(crate) const CONTACTS_SINCE: &str = "SELECT supporter_id FROM outreaches
     INDEXED BY outreaches_report
     WHERE occurred_on >= ?1 AND supporter_id IS NOT NULL";

/// How much a supporter has carried lately.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Load {
    /// Contacts in the last 30 days (today included).
    pub contacts_30: i64,
    /// Contacts in the last 90 days.
    pub contacts_90: i64,
    /// The day of their latest contact, if any.
    pub last_contact: Option<String>,
    /// More contacts in the last 30 days than the program's warning allows.
    pub warning: bool,
}

/// Whether `contacts_30` is above the program's load warning.
pub fn over_warning(contacts_30: i64, warning_contacts: u32) -> bool {
    contacts_30 > i64::from(warning_contacts)
}

/// Whether a rest through `until` still holds on `today` (the day itself included).
pub fn is_resting(until: Option<NaiveDate>, today: NaiveDate) -> bool {
    until.is_some_and(|until| until >= today)
}

/// Sets supporter `id` resting through `until` (a date after today): matching leaves them
/// out until then and says why.
pub fn rest(conn: &Connection, id: i64, until: &str, today: NaiveDate) -> Result<()> {
    let until = check_rest_until(until, today)?;
    set_rest(conn, id, Some(until), "supporter resting")
}

/// Ends a rest at once (the supporter may be matched again today).
pub fn end_rest(conn: &Connection, id: i64) -> Result<()> {
    set_rest(conn, id, None, "supporter rest ended")
}

/// A rest's last day as typed: a date, after today. The field is the form's `resting_until`.
pub fn check_rest_until(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    if text.trim().is_empty() {
        return Err(CoreError::invalid(
            "resting_until",
            Problem::Required,
            "give the last day of the rest, e.g. two weeks from today",
        ));
    }
    let until =
        parse_date(text).map_err(|e| CoreError::invalid("resting_until", Problem::Format, e))?;
    if until <= today {
        return Err(CoreError::invalid(
            "resting_until",
            Problem::OutOfRange,
            format!("rest until a date after today ({until} is not); to end a rest, end it"),
        ));
    }
    Ok(until)
}

fn set_rest(conn: &Connection, id: i64, until: Option<NaiveDate>, action: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE supporters SET resting_until = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, until.map(|d| d.to_string()), crate::clock::now_utc()],
    )?;
    if changed == 0 {
        return Err(CoreError::invalid(
            "id",
            Problem::Unknown,
            format!("there is no supporter {id}"),
        ));
    }
    let detail = match until {
        Some(until) => format!("supporter {id}, until {until}"),
        None => format!("supporter {id}"),
    };
    crate::store::audit::record(conn, "coordinator", action, Some(&detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn the_last_30_days_are_today_and_the_29_before() {
        assert_eq!(
            window_start(day("2026-12-01"), RECENT_DAYS),
            day("2026-11-02"),
            "30 days ending on Dec 1 begin on Nov 2"
        );
        assert_eq!(
            window_start(day("2026-12-01"), 1),
            day("2026-12-01"),
            "the last day is today alone"
        );
    }

    #[test]
    fn the_load_warns_only_above_the_setting() {
        assert!(!over_warning(6, 6), "6 contacts do not pass a warning at 6");
        assert!(over_warning(7, 6), "7 contacts pass a warning at 6");
    }

    #[test]
    fn a_rest_holds_through_its_last_day() {
        let until = Some(day("2026-12-10"));
        assert!(
            is_resting(until, day("2026-12-10")),
            "resting on the last day"
        );
        assert!(!is_resting(until, day("2026-12-11")), "back the day after");
        assert!(!is_resting(None, day("2026-12-01")), "no rest, not resting");
    }

    #[test]
    fn a_rest_must_end_after_today_and_names_its_field() {
        for (text, code) in [
            ("", Problem::Required),
            ("next week", Problem::Format),
            ("2026-12-01", Problem::OutOfRange),
        ] {
            match check_rest_until(text, day("2026-12-01")) {
                Err(CoreError::Invalid(e)) => assert_eq!(
                    (e.field.as_deref(), e.code),
                    (Some("resting_until"), code),
                    "{text:?} is refused as {code:?}: {}",
                    e.message
                ),
                other => panic!("{text:?}: a refusal expected, got {other:?}"),
            }
        }
        assert_eq!(
            check_rest_until("12/15/2026", day("2026-12-01")).expect("a later date"),
            day("2026-12-15"),
            "US dates are read too"
        );
    }

    #[test]
    fn counting_contacts_reads_one_range_of_the_date_index() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {CONTACTS_SINCE}"))
            .expect("plan")
            .query_map(["2026-11-02"], |r| r.get::<_, String>(3))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("plan rows");
        let plan = plan.join(" | ");
        assert!(
            plan.contains("USING COVERING INDEX outreaches_report (occurred_on>?)"),
            "the count reads a range of the date index, never the rows: {plan}"
        );
        assert!(
            !plan.contains("CORRELATED") && !plan.contains("TEMP B-TREE"),
            "no query per supporter, no sort: {plan}"
        );
    }
}
