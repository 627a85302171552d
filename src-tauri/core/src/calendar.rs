//! Business days: the reply clock counts weekdays that are not one of the program's holidays.
//! The holiday list is the program's own (Settings); it starts with the US federal holidays.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{CoreError, Result};

pub fn is_business_day(date: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The `days`-th business day after `start` (received Friday, 2 days: due Tuesday).
pub fn add_business_days(start: NaiveDate, days: u32, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    let mut date = start;
    let mut left = days;
    while left > 0 {
        match date.checked_add_days(Days::new(1)) {
            Some(next) => date = next,
            None => break,
        }
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    date
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Holiday {
    pub date: String,
    pub name: String,
}

/// The program's holidays, in date order.
pub fn holidays(conn: &Connection) -> Result<Vec<Holiday>> {
    let mut statement =
        conn.prepare_cached("SELECT on_date, name FROM holidays ORDER BY on_date")?;
    let rows = statement.query_map([], |r| {
        Ok(Holiday {
            date: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The holiday dates, for the reply clock.
pub fn holiday_dates(conn: &Connection) -> Result<BTreeSet<NaiveDate>> {
    Ok(holidays(conn)?
        .iter()
        .filter_map(|h| NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok())
        .collect())
}

/// Replaces the whole list (the Settings screen and `settings set holidays` edit it whole).
pub fn replace_holidays(conn: &Connection, list: &[Holiday]) -> Result<()> {
    let mut seen = BTreeSet::new();
    for holiday in list {
        let date = crate::fields::parse_date(&holiday.date)
            .map_err(|e| CoreError::Invalid(format!("holiday \"{}\": {e}", holiday.date)))?;
        if !seen.insert(date) {
            return Err(CoreError::Invalid(format!(
                "{date} is in the holiday list twice"
            )));
        }
    }
    let tx = conn.unchecked_transaction()?;
    write_holidays(&tx, list)?;
    tx.commit()?;
    Ok(())
}

/// Replaces the list inside the caller's transaction (dates already checked). A date given
/// without a name keeps the name it had (`settings set holidays` lists dates only).
pub(crate) fn write_holidays(conn: &Connection, list: &[Holiday]) -> Result<()> {
    let known: std::collections::BTreeMap<String, String> = holidays(conn)?
        .into_iter()
        .map(|h| (h.date, h.name))
        .collect();
    conn.execute("DELETE FROM holidays", [])?;
    for holiday in list {
        let date = crate::fields::parse_date(&holiday.date)
            .map_err(CoreError::Invalid)?
            .to_string();
        let name = match holiday.name.trim() {
            "" => known.get(&date).map_or("", String::as_str),
            name => name,
        };
        conn.execute(
            "INSERT INTO holidays (on_date, name) VALUES (?1, ?2)",
            params![date, name],
        )?;
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn two_business_days_from_friday_is_tuesday() {
        assert_eq!(
            add_business_days(date("2026-11-20"), 2, &BTreeSet::new()),
            date("2026-11-24")
        );
    }

    #[test]
    fn a_monday_holiday_pushes_the_due_date_to_wednesday() {
        let holidays = BTreeSet::from([date("2027-01-18")]);
        assert_eq!(
            add_business_days(date("2027-01-15"), 2, &holidays),
            date("2027-01-20")
        );
    }

    #[test]
    fn the_clock_crosses_the_year_end() {
        let holidays = BTreeSet::from([date("2027-01-01")]);
        assert_eq!(
            add_business_days(date("2026-12-31"), 1, &holidays),
            date("2027-01-04")
        );
        // Christmas Friday 2026 and New Year's Friday 2027 with a weekend between each.
        let holidays = BTreeSet::from([date("2026-12-25"), date("2027-01-01")]);
        assert_eq!(
            add_business_days(date("2026-12-24"), 2, &holidays),
            date("2026-12-29")
        );
        assert_eq!(
            add_business_days(date("2026-12-31"), 2, &holidays),
            date("2027-01-05")
        );
    }

    #[test]
    fn a_request_on_a_weekend_counts_from_monday() {
        assert_eq!(
            add_business_days(date("2026-11-21"), 2, &BTreeSet::new()),
            date("2026-11-24")
        );
        assert_eq!(
            add_business_days(date("2026-11-22"), 0, &BTreeSet::new()),
            date("2026-11-22")
        );
    }

    #[test]
    fn consecutive_holidays_and_a_weekend_are_all_skipped() {
        // Thanksgiving Thursday and the Friday after, then the weekend.
        let holidays = BTreeSet::from([date("2026-11-26"), date("2026-11-27")]);
        assert_eq!(
            add_business_days(date("2026-11-25"), 1, &holidays),
            date("2026-11-30")
        );
    }

    #[test]
    fn us_federal_holidays_fall_on_their_observed_dates() {
        let of = |year| -> Vec<String> {
            us_federal_holidays(year)
                .iter()
                .map(|(d, _)| d.to_string())
                .collect()
        };
        assert_eq!(
            of(2026),
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25"
            ]
        );
        assert_eq!(
            of(2027),
            [
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-05-31",
                "2027-06-18",
                "2027-07-05",
                "2027-09-06",
                "2027-10-11",
                "2027-11-11",
                "2027-11-25",
                "2027-12-24"
            ]
        );
    }

    #[test]
    fn a_new_store_lists_this_year_and_next_and_the_list_can_be_replaced() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let year = crate::clock::today().year();
        let listed = holidays(&conn).expect("holidays");
        assert_eq!(listed.len(), 22);
        assert!(listed[0].date.starts_with(&year.to_string()));
        assert!(listed[21].date.starts_with(&(year + 1).to_string()));
        let bad = [Holiday {
            date: "31/12/2026".into(),
            name: String::new(),
        }];
        assert!(replace_holidays(&conn, &bad).is_err());
        assert_eq!(holidays(&conn).expect("unchanged").len(), 22);
        let twice = [
            Holiday {
                date: "2026-12-24".into(),
                name: "Eve".into(),
            },
            Holiday {
                date: "12/24/2026".into(),
                name: String::new(),
            },
        ];
        assert!(replace_holidays(&conn, &twice).is_err());
        replace_holidays(
            &conn,
            &[Holiday {
                date: "12/24/2026".into(),
                name: "Christmas Eve".into(),
            }],
        )
        .expect("replace");
        assert_eq!(
            holiday_dates(&conn).expect("dates"),
            BTreeSet::from([date("2026-12-24")])
        );
        crate::program::set(&conn, "holidays", "2026-12-24,2026-12-31").expect("dates only");
        let names: Vec<String> = holidays(&conn)
            .expect("list")
            .into_iter()
            .map(|h| h.name)
            .collect();
        assert_eq!(names, ["Christmas Eve", ""], "a listed date keeps its name");
    }
}
