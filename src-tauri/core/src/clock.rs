//! Time as the store writes it: UTC timestamps in RFC 3339 with seconds, dates in ISO 8601.

use chrono::{SecondsFormat, Timelike, Utc};

pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The workstation's local time to the second: when a request arrived or changed, as the
/// coordinator's calendar has it (the reply clock counts local business days).
pub fn now_local() -> chrono::NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// How the store writes a local time: `2026-11-23T09:05:00`.
pub fn stamp(at: chrono::NaiveDateTime) -> String {
    at.format(STAMP).to_string()
}

/// Reads a local time written by `stamp`.
pub fn parse_stamp(text: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(text, STAMP).ok()
}

const STAMP: &str = "%Y-%m-%dT%H:%M:%S";

/// The workstation's local calendar date, which is what "today" means to a coordinator.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
