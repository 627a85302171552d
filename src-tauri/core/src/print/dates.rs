//! Dates as the window shows them ("Dec 1, 2026", months "Dec 2026"), so a printed page
//! reads like the screen it came from. Printed in English, as every printed word is.

use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(number: u32) -> &'static str {
    MONTHS
        .get(number.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// "Dec 1, 2026".
pub fn long_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}, {}", month(date.month()), date.day(), date.year())
}

/// A "YYYY-MM" month as "Dec 2026"; anything else as it is.
pub fn month_name(year_month: &str) -> String {
    let parsed = year_month.split_once('-').and_then(|(year, number)| {
        let number: u32 = number.parse().ok()?;
        (1..=12)
            .contains(&number)
            .then(|| format!("{} {year}", month(number)))
    });
    parsed.unwrap_or_else(|| year_month.to_string())
}
