//! Time as PeerDesk sees it: the workstation's clock, which a test may set.
//!
//! Every "now" and "today" the edges (window, command line) hand to the core comes from here,
//! so that one setting moves the whole program to another day. Core functions take `today` or
//! `now` as a parameter and never read a clock themselves; their tests pass fixed dates.
//!
//! `PEERDESK_NOW` (`2026-12-01T10:00:00` or `2026-12-01`, local time) starts the clock at that
//! moment and lets it run on from there. It is honoured by debug builds only, for the tests of
//! the whole program on chosen days (the 1st of a month, a Monday after a holiday, a 31st); a
//! release build always tells the real time, whatever its environment says.
//!
//! The store writes UTC timestamps in RFC 3339 with seconds and dates in ISO 8601.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};

/// The environment variable that sets the clock of a debug build.
pub const NOW_VARIABLE: &str = "PEERDESK_NOW";

/// How far the test clock is from the real one (zero unless a debug build was given one).
fn offset() -> Duration {
    static OFFSET: OnceLock<Duration> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        if !cfg!(debug_assertions) {
            return Duration::zero();
        }
        std::env::var(NOW_VARIABLE)
            .ok()
            .and_then(|text| parse_setting(&text))
            .map(|wanted| wanted - chrono::Local::now().naive_local())
            .unwrap_or_else(Duration::zero)
    })
}

/// `2026-12-01T10:00:00` as given, or a bare date at ten in the morning.
fn parse_setting(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    parse_stamp(text).or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(10, 0, 0))
    })
}

/// Whether this process runs on a test clock (`peerdesk status` says so).
pub fn is_set() -> bool {
    !offset().is_zero()
}

/// The moment in UTC, as the store writes it: `2026-12-01T15:04:05Z`.
pub fn now_utc() -> String {
    now_utc_time().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The moment in UTC, to compute with (waits, ages of backups).
pub fn now_utc_time() -> DateTime<Utc> {
    Utc::now() + offset()
}

/// The workstation's local time to the second: when a request arrived or changed, as the
/// coordinator's calendar has it (the reply clock counts local business days).
pub fn now_local() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local() + offset();
    now.with_nanosecond(0).unwrap_or(now)
}

/// The workstation's local calendar date, which is what "today" means to a coordinator.
pub fn today() -> NaiveDate {
    now_local().date()
}

/// How the store writes a local time: `2026-11-23T09:05:00`.
pub fn stamp(at: NaiveDateTime) -> String {
    at.format(STAMP).to_string()
}

/// The day of a stored stamp ("2026-11-20T14:05:00" gives "2026-11-20"); the text itself
/// when it is shorter (or not cut on a character).
pub fn day_of(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

/// A stored stamp to the minute ("2026-11-20T14:05").
pub fn minute_of(stamp: &str) -> &str {
    stamp.get(..16).unwrap_or(stamp)
}

/// Reads a local time written by `stamp`.
pub fn parse_stamp(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, STAMP).ok()
}

const STAMP: &str = "%Y-%m-%dT%H:%M:%S";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_clock_takes_a_moment_or_a_day() {
        assert_eq!(
            parse_setting("2026-12-31T23:59:00").map(stamp).as_deref(),
            Some("2026-12-31T23:59:00"),
            "a full moment is taken as given"
        );
        assert_eq!(
            parse_setting(" 2027-03-01 ").map(stamp).as_deref(),
            Some("2027-03-01T10:00:00"),
            "a bare date means ten in the morning"
        );
        assert_eq!(
            parse_setting("01/03/2027"),
            None,
            "anything else is ignored"
        );
    }
}
