//! Business days: the reply clock counts weekdays that are not one of the program's holidays.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub fn is_business_day(date: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The `days`-th business day after `start` (received Friday, 2 days: due Tuesday).
pub fn add_business_days(start: NaiveDate, days: u32, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    let mut date = start;
    let mut left = days;
    while left > 0 {
        date = date
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX);
        if date == NaiveDate::MAX {
            break;
        }
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    date
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
    }
}
