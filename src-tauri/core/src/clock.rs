//! Time as the store writes it: UTC timestamps in RFC 3339 with seconds, dates in ISO 8601.

use chrono::{SecondsFormat, Utc};

pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The workstation's local calendar date, which is what "today" means to a coordinator.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
