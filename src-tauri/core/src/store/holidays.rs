//! The holidays every new store starts with: the US federal holidays (5 U.S.C. 6103) of this
//! year and the next, on their observed dates. A migration seeds them, so they live below the
//! program; the program's calendar (`program::calendar`) owns the list from then on.

use chrono::{Datelike, NaiveDate, Weekday};
use rusqlite::{params, Connection};

use crate::error::Result;

/// Adds the US federal holidays of `year` (as observed: a Saturday holiday on the Friday
/// before, a Sunday one on the Monday after), keeping any date already listed.
pub fn add_us_federal_holidays(conn: &Connection, year: i32) -> Result<usize> {
    let mut added = 0;
    for (date, name) in us_federal_holidays(year) {
        added += conn.execute(
            "INSERT INTO holidays (on_date, name) VALUES (?1, ?2) ON CONFLICT (on_date) DO NOTHING",
            params![date.to_string(), name],
        )?;
    }
    Ok(added)
}

/// The eleven US federal holidays of `year` (5 U.S.C. 6103), on their observed dates.
pub fn us_federal_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day).map(observed);
    let nth = |month, weekday, n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n);
    let last_monday_of_may = (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, n));
    [
        (fixed(1, 1), "New Year's Day"),
        (
            nth(1, Weekday::Mon, 3),
            "Birthday of Martin Luther King, Jr.",
        ),
        (nth(2, Weekday::Mon, 3), "Washington's Birthday"),
        (last_monday_of_may, "Memorial Day"),
        (fixed(6, 19), "Juneteenth National Independence Day"),
        (fixed(7, 4), "Independence Day"),
        (nth(9, Weekday::Mon, 1), "Labor Day"),
        (nth(10, Weekday::Mon, 2), "Columbus Day"),
        (fixed(11, 11), "Veterans Day"),
        (nth(11, Weekday::Thu, 4), "Thanksgiving Day"),
        (fixed(12, 25), "Christmas Day"),
    ]
    .into_iter()
    .filter_map(|(date, name)| date.map(|d| (d, name)))
    .collect()
}

/// A holiday on a Saturday is observed the Friday before; on a Sunday, the Monday after.
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date.pred_opt().unwrap_or(date),
        Weekday::Sun => date.succ_opt().unwrap_or(date),
        _ => date,
    }
}
