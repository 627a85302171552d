//! The dashboard: the coordinator's to-do queue in numbers, straight from the store.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{named_params, Connection};
use serde::Serialize;

use crate::error::Result;

/// Live counts for the home screen. `today` is the workstation's date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Dashboard {
    pub today: String,
    /// New requests nobody has been matched with yet.
    pub waiting_for_match: i64,
    /// Matched, but the first contact has not happened yet.
    pub matched_not_connected: i64,
    /// Waiting or matched past the reply target's due date.
    pub overdue: i64,
    pub follow_ups_due_today: i64,
    /// Follow-ups due after today and up to a week from now.
    pub follow_ups_due_this_week: i64,
    pub follow_ups_overdue: i64,
    /// Paused supporters whose pause ends within the coming week.
    pub supporters_returning_this_week: i64,
    pub supporters_active: i64,
    pub supporters_paused: i64,
    pub open_requests: i64,
    pub outreaches_this_month: i64,
    pub outreaches_total: i64,
}

impl Dashboard {
    /// True for a store with no supporters, requests or outreaches yet (offer demo data).
    pub fn is_empty(&self) -> bool {
        self.supporters_active == 0
            && self.supporters_paused == 0
            && self.open_requests == 0
            && self.outreaches_total == 0
    }
}

pub fn load(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let week_end = (today + Duration::days(7)).to_string();
    let month_start = today.with_day(1).unwrap_or(today).to_string();
    let today_text = today.to_string();
    let mut statement = conn.prepare_cached(
        "SELECT
            (SELECT count(*) FROM requests WHERE status = 'new'),
            (SELECT count(*) FROM requests WHERE status = 'matched'),
            (SELECT count(*) FROM requests WHERE status IN ('new', 'matched') AND due_on < :today),
            (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_on = :today),
            (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_on > :today AND due_on <= :week_end),
            (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_on < :today),
            (SELECT count(*) FROM supporters WHERE status = 'paused' AND paused_until <= :week_end),
            (SELECT count(*) FROM supporters WHERE status = 'active'),
            (SELECT count(*) FROM supporters WHERE status = 'paused'),
            (SELECT count(*) FROM requests WHERE status IN ('new', 'matched', 'connected', 'follow-up')),
            (SELECT count(*) FROM outreaches WHERE occurred_on >= :month_start AND occurred_on <= :today),
            (SELECT count(*) FROM outreaches)",
    )?;
    let dashboard = statement.query_row(
        named_params! { ":today": today_text, ":week_end": week_end, ":month_start": month_start },
        |r| {
            Ok(Dashboard {
                today: today_text.clone(),
                waiting_for_match: r.get(0)?,
                matched_not_connected: r.get(1)?,
                overdue: r.get(2)?,
                follow_ups_due_today: r.get(3)?,
                follow_ups_due_this_week: r.get(4)?,
                follow_ups_overdue: r.get(5)?,
                supporters_returning_this_week: r.get(6)?,
                supporters_active: r.get(7)?,
                supporters_paused: r.get(8)?,
                open_requests: r.get(9)?,
                outreaches_this_month: r.get(10)?,
                outreaches_total: r.get(11)?,
            })
        },
    )?;
    Ok(dashboard)
}
