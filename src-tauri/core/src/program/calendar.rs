//! Business days: the reply clock counts weekdays that are not one of the program's holidays.
//! The holiday list is the program's own (Settings); it starts with the US federal holidays.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{CoreError, Problem, Result};

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
        let date = crate::fields::parse_date(&holiday.date).map_err(|e| {
            CoreError::invalid(
                "holidays",
                Problem::Format,
                format!("holiday \"{}\": {e}", holiday.date),
            )
        })?;
        if !seen.insert(date) {
            return Err(CoreError::invalid(
                "holidays",
                Problem::Duplicate,
                format!("{date} is in the holiday list twice"),
            ));
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
            .map_err(|e| CoreError::invalid("holidays", Problem::Format, e))?
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

pub use crate::store::holidays::{add_us_federal_holidays, us_federal_holidays};

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
            date("2026-11-24"),
            "two business days from Friday is Tuesday"
        );
    }

    #[test]
    fn a_monday_holiday_pushes_the_due_date_to_wednesday() {
        let holidays = BTreeSet::from([date("2027-01-18")]);
        assert_eq!(
            add_business_days(date("2027-01-15"), 2, &holidays),
            date("2027-01-20"),
            "with the Monday a holiday, two business days from Friday is Wednesday"
        );
    }

    #[test]
    fn the_clock_crosses_the_year_end() {
        let holidays = BTreeSet::from([date("2027-01-01")]);
        assert_eq!(
            add_business_days(date("2026-12-31"), 1, &holidays),
            date("2027-01-04"),
            "one business day from December 31 skips New Year's Day and the weekend to Monday"
        );
        // Christmas Friday 2026 and New Year's Friday 2027 with a weekend between each.
        let holidays = BTreeSet::from([date("2026-12-25"), date("2027-01-01")]);
        assert_eq!(
            add_business_days(date("2026-12-24"), 2, &holidays),
            date("2026-12-29"),
            "two business days from Christmas Eve skip Christmas and the weekend to Tuesday"
        );
        assert_eq!(
            add_business_days(date("2026-12-31"), 2, &holidays),
            date("2027-01-05"),
            "two business days from December 31 skip New Year's Day and the weekend to Tuesday"
        );
    }

    #[test]
    fn a_request_on_a_weekend_counts_from_monday() {
        assert_eq!(
            add_business_days(date("2026-11-21"), 2, &BTreeSet::new()),
            date("2026-11-24"),
            "two business days from a Saturday request is Tuesday"
        );
        assert_eq!(
            add_business_days(date("2026-11-22"), 0, &BTreeSet::new()),
            date("2026-11-22"),
            "zero business days from a Sunday is that Sunday"
        );
    }

    #[test]
    fn consecutive_holidays_and_a_weekend_are_all_skipped() {
        // Thanksgiving Thursday and the Friday after, then the weekend.
        let holidays = BTreeSet::from([date("2026-11-26"), date("2026-11-27")]);
        assert_eq!(
            add_business_days(date("2026-11-25"), 1, &holidays),
            date("2026-11-30"),
            "one business day from the Wednesday before Thanksgiving is the Monday after"
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
            ],
            "the eleven US federal holidays of 2026 on their observed dates"
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
            ],
            "the eleven US federal holidays of 2027 on their observed dates"
        );
    }

    #[test]
    fn a_new_store_lists_this_year_and_next_and_the_list_can_be_replaced() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let year = crate::clock::today().year();
        let listed = holidays(&conn).expect("holidays");
        assert_eq!(
            listed.len(),
            22,
            "a new store lists the federal holidays of this year and next"
        );
        assert!(
            listed[0].date.starts_with(&year.to_string()),
            "the first listed holiday is in this year"
        );
        assert!(
            listed[21].date.starts_with(&(year + 1).to_string()),
            "the last listed holiday is in next year"
        );
        let bad = [Holiday {
            date: "31/12/2026".into(),
            name: String::new(),
        }];
        assert!(
            replace_holidays(&conn, &bad).is_err(),
            "a day/month/year date is refused in the holiday list"
        );
        assert_eq!(
            holidays(&conn).expect("unchanged").len(),
            22,
            "a refused holiday list leaves the 22 holidays as they were"
        );
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
        assert!(
            replace_holidays(&conn, &twice).is_err(),
            "the same date listed twice in two formats is refused"
        );
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
            BTreeSet::from([date("2026-12-24")]),
            "the replaced list holds only Christmas Eve"
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
