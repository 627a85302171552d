//! The dashboard: the coordinator's to-do queue in numbers, straight from the store.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{named_params, Connection};
use serde::Serialize;

use crate::daily::group::events::{self, EventRow};
use crate::daily::requests::due;
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
    /// Critical events whose unit still waits for outreach within the target.
    pub events_awaiting_outreach: i64,
    /// Of them, those past their target (late).
    pub events_overdue: i64,
    /// The items behind the counts, each one click from its action.
    pub queue: Queue,
    /// When the last automatic backup failed (after the last good one): when and why.
    pub backup_failure: Option<BackupFailure>,
}

/// An automatic backup that failed, for the dashboard's warning.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BackupFailure {
    pub at: String,
    pub reason: String,
}

/// The to-do queue. A request late for its first contact is listed under `overdue` only.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Queue {
    pub overdue: Vec<QueueItem>,
    pub waiting_for_match: Vec<QueueItem>,
    pub matched_not_connected: Vec<QueueItem>,
    /// Follow-ups due up to a week from now (late ones first), with their request.
    pub follow_ups: Vec<QueueItem>,
    pub supporters_returning: Vec<ReturningSupporter>,
    /// Referrals to further help still waiting for their outcome a week after they were made.
    pub referrals_to_check: Vec<crate::daily::referrals::Referral>,
    /// Critical events waiting for outreach to their unit, the most urgent first.
    pub events: Vec<EventRow>,
}

/// One request in the queue: never the requester's name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QueueItem {
    pub request_id: i64,
    pub status: String,
    pub received_at: String,
    pub due_on: String,
    pub days_late: Option<i64>,
    pub role: Option<String>,
    pub department: Option<String>,
    pub organization: Option<String>,
    pub supporter_id: Option<i64>,
    pub supporter: Option<String>,
    /// For a follow-up item: the day the check-in is due.
    pub follow_up_due: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReturningSupporter {
    pub supporter_id: i64,
    pub name: String,
    pub paused_until: String,
}

/// At most this many items per queue section; the counts above stay exact.
const SECTION_LIMIT: i64 = 50;

/// One section of the queue: the requests (with their follow-up's day when `$due` is
/// `f.due_on`) that `$filter` keeps, in `$order`. A macro, so that each section's statement
/// is one string fixed at compile time.
macro_rules! queue_section {
    ($due:literal, $from:literal, $filter:expr, $order:literal) => {
        concat!(
            "SELECT q.id, q.status, q.received_at, q.due_on, r.value, d.value, o.name, m.supporter_id, s.name, ",
            $due,
            ", q.first_contact_at IS NOT NULL FROM ",
            $from,
            " LEFT JOIN picklist_entries r ON r.id = q.role_id
             LEFT JOIN picklist_entries d ON d.id = q.department_id
             LEFT JOIN organizations o ON o.id = q.organization_id
             LEFT JOIN matches m ON m.request_id = q.id AND m.outcome = 'active'
             LEFT JOIN supporters s ON s.id = m.supporter_id
             WHERE ",
            $filter,
            " ORDER BY ",
            $order,
            " LIMIT :limit"
        )
    };
}

const OVERDUE: &str = queue_section!(
    "NULL",
    "requests q",
    due::first_contact_late!(),
    "q.due_on, q.id"
);
const WAITING_FOR_MATCH: &str = queue_section!(
    "NULL",
    "requests q",
    concat!("q.status = 'new' AND ", due::first_contact_in_time!()),
    "q.due_on, q.received_at, q.id"
);
const MATCHED_NOT_CONNECTED: &str = queue_section!(
    "NULL",
    "requests q",
    concat!("q.status = 'matched' AND ", due::first_contact_in_time!()),
    "q.due_on, q.received_at, q.id"
);
const FOLLOW_UPS: &str = queue_section!(
    "f.due_on",
    "follow_ups f JOIN requests q ON q.id = f.request_id",
    concat!(due::follow_up_open!(), " AND f.due_on <= :week_end"),
    "f.due_on, q.id"
);

fn queue(conn: &Connection, today: NaiveDate) -> Result<Queue> {
    let today_text = today.to_string();
    let week_end = (today + Duration::days(7)).to_string();
    let items = |sql: &str| -> Result<Vec<QueueItem>> {
        let mut statement = conn.prepare_cached(sql)?;
        let mut wanted =
            named_params! { ":today": today_text, ":week_end": week_end, ":limit": SECTION_LIMIT }
                .to_vec();
        // SQLite refuses named parameters a statement does not use.
        wanted.retain(|(name, _)| sql.contains(name));
        let rows = statement.query_map(wanted.as_slice(), |r| {
            let status: String = r.get(1)?;
            let due_on: String = r.get(3)?;
            Ok(QueueItem {
                request_id: r.get(0)?,
                days_late: due::days_late(&status, &due_on, r.get(10)?, today),
                status,
                received_at: r.get(2)?,
                due_on,
                role: r.get(4)?,
                department: r.get(5)?,
                organization: r.get(6)?,
                supporter_id: r.get(7)?,
                supporter: r.get(8)?,
                follow_up_due: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let returning = conn
        .prepare_cached(
            "SELECT id, name, paused_until FROM supporters
             WHERE status = 'paused' AND paused_until >= :today AND paused_until <= :week_end
             ORDER BY paused_until, name LIMIT :limit",
        )?
        .query_map(
            named_params! { ":today": today_text, ":week_end": week_end, ":limit": SECTION_LIMIT },
            |r| {
                Ok(ReturningSupporter {
                    supporter_id: r.get(0)?,
                    name: r.get(1)?,
                    paused_until: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Queue {
        overdue: items(OVERDUE)?,
        waiting_for_match: items(WAITING_FOR_MATCH)?,
        matched_not_connected: items(MATCHED_NOT_CONNECTED)?,
        follow_ups: items(FOLLOW_UPS)?,
        supporters_returning: returning,
        referrals_to_check: {
            let mut due = crate::daily::referrals::due_for_check(conn, today)?;
            due.truncate(SECTION_LIMIT as usize);
            due
        },
        events: Vec::new(),
    })
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
    let mut statement = conn.prepare_cached(concat!(
        "SELECT
            (SELECT count(*) FROM requests q WHERE q.status = 'new'),
            (SELECT count(*) FROM requests q WHERE q.status = 'matched'),
            (SELECT count(*) FROM requests q WHERE ",
        due::first_contact_late!(),
        "),
            (SELECT count(*) FROM follow_ups f JOIN requests q ON q.id = f.request_id
              WHERE ",
        due::follow_up_open!(),
        " AND f.due_on = :today),
            (SELECT count(*) FROM follow_ups f JOIN requests q ON q.id = f.request_id
              WHERE ",
        due::follow_up_open!(),
        " AND f.due_on > :today AND f.due_on <= :week_end),
            (SELECT count(*) FROM follow_ups f JOIN requests q ON q.id = f.request_id
              WHERE ",
        due::follow_up_open!(),
        " AND f.due_on < :today),
            (SELECT count(*) FROM supporters WHERE status = 'paused' AND paused_until >= :today AND paused_until <= :week_end),
            (SELECT count(*) FROM supporters WHERE status = 'active'),
            (SELECT count(*) FROM supporters WHERE status = 'paused'),
            (SELECT count(*) FROM requests q WHERE ",
        due::request_open!(),
        "),
            (SELECT count(*) FROM outreaches WHERE occurred_on >= :month_start AND occurred_on <= :today),
            (SELECT count(*) FROM outreaches)"
    ))?;
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
                events_awaiting_outreach: 0,
                events_overdue: 0,
                queue: Queue::default(),
                backup_failure: None,
            })
        },
    )?;
    let mut dashboard = dashboard;
    dashboard.queue = queue(conn, today)?;
    let waiting = events::waiting(conn, today)?;
    dashboard.events_awaiting_outreach = waiting.len() as i64;
    dashboard.events_overdue = waiting
        .iter()
        .filter(|e| e.reach == crate::program::group::Reach::Overdue)
        .count() as i64;
    dashboard.queue.events = waiting.into_iter().take(SECTION_LIMIT as usize).collect();
    dashboard.backup_failure =
        crate::store::backup::last_failure(conn)?.map(|(at, reason)| BackupFailure {
            at: at.to_rfc3339(),
            reason,
        });
    Ok(dashboard)
}
