//! The roster (one line per supporter, with open cases, meetings, load, rest and whether their
//! training is due) and a supporter's page: what is read to show supporters. Nothing here
//! writes.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::roster::care::{self, Load};
use crate::roster::training;

use super::{form_of, no_such_supporter, SupporterForm};

/// One line of the roster.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub specialty: Option<String>,
    pub department: Option<String>,
    pub organization: String,
    pub languages: String,
    pub status: String,
    pub paused_until: Option<String>,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub trained_on: Option<String>,
    pub last_meeting: Option<String>,
    /// No meeting attended (nor training) within the program's interval.
    pub meeting_overdue: bool,
    pub consent_to_list: bool,
    /// The last day of a rest that still holds today (a rest that ended shows nothing).
    pub resting_until: Option<String>,
    /// Contacts in the last 30 and 90 days, the latest one, and the load warning.
    pub load: Load,
    /// Their latest training or meeting (their trained-on date counts as a training).
    pub last_refresher: Option<String>,
    /// Trained, and that latest training or meeting is older than the program's
    /// `training_valid_months`: due for a refresher.
    pub training_due: bool,
}

/// The whole roster, by name. Open cases are the supporter's active matches.
pub fn roster(conn: &Connection, today: NaiveDate) -> Result<Vec<RosterRow>> {
    roster_rows(conn, today, None)
}

/// The roster, or only supporter `only` (a supporter's page needs one row, not 2,000).
fn roster_rows(conn: &Connection, today: NaiveDate, only: Option<i64>) -> Result<Vec<RosterRow>> {
    let since = meeting_cutoff(conn, today)?;
    let care_settings = crate::program::care(conn)?;
    let due_before = training::due_cutoff(today, care_settings.training_valid_months);
    // Each count is one range of the (supporter, day) index of the outreaches.
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.name, r.value, s.specialty, d.value, o.name, s.languages, s.status, s.paused_until,
                (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active'),
                s.max_open_cases, s.trained_on,
                (SELECT max(mt.held_on) FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id
                  WHERE a.supporter_id = s.id) AS last_meeting,
                s.consent_to_list, substr(s.created_at, 1, 10), s.resting_until,
                (SELECT count(*) FROM outreaches x WHERE x.supporter_id = s.id AND x.occurred_on >= ?2),
                (SELECT count(*) FROM outreaches x WHERE x.supporter_id = s.id AND x.occurred_on >= ?3),
                (SELECT max(x.occurred_on) FROM outreaches x WHERE x.supporter_id = s.id),
                s.last_session_on
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE ?1 IS NULL OR s.id = ?1
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let windows = rusqlite::params![
        only,
        care::window_start(today, care::RECENT_DAYS).to_string(),
        care::window_start(today, care::LONGER_DAYS).to_string(),
    ];
    let rows = statement.query_map(windows, |r| {
        let status: String = r.get(7)?;
        let trained_on: Option<String> = r.get(11)?;
        let last_meeting: Option<String> = r.get(12)?;
        let created_on: String = r.get(14)?;
        let resting_until: Option<String> = r.get(15)?;
        let contacts_30: i64 = r.get(16)?;
        let last_session: Option<String> = r.get(19)?;
        let last_refresher = training::latest_of([trained_on.as_deref(), last_session.as_deref()]);
        let training_due = status != "retired"
            && training::is_due(trained_on.is_some(), last_refresher.as_deref(), due_before);
        let latest = [&last_meeting, &trained_on]
            .into_iter()
            .flatten()
            .max()
            .cloned()
            .unwrap_or(created_on);
        Ok(RosterRow {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            specialty: r.get(3)?,
            department: r.get(4)?,
            organization: r.get(5)?,
            languages: r.get(6)?,
            meeting_overdue: status != "retired" && latest < since,
            status,
            paused_until: r.get(8)?,
            open_cases: r.get(9)?,
            max_open_cases: r.get(10)?,
            trained_on,
            last_meeting,
            consent_to_list: r.get(13)?,
            resting_until: resting_until
                .filter(|until| care::is_resting(crate::fields::parse_date(until).ok(), today)),
            load: Load {
                contacts_30,
                contacts_90: r.get(17)?,
                last_contact: r.get(18)?,
                warning: care::over_warning(contacts_30, care_settings.load_warning_contacts),
            },
            training_due,
            last_refresher,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The date before which a last meeting counts as overdue, as YYYY-MM-DD.
fn meeting_cutoff(conn: &Connection, today: NaiveDate) -> Result<String> {
    let months = crate::store::settings::meeting_interval_months(conn)?;
    Ok(today
        .checked_sub_months(Months::new(months))
        .unwrap_or(today)
        .to_string())
}

/// A supporter's page: their details and what they have done, never a requester's name.
#[derive(Debug, Clone, Serialize)]
pub struct SupporterDetail {
    pub id: i64,
    pub form: SupporterForm,
    pub roster: RosterRow,
    /// How many of the requests they were matched to are in each status.
    pub requests_by_status: Vec<(String, i64)>,
    pub matches: Vec<MatchLine>,
    pub outreaches: i64,
    pub last_outreach: Option<String>,
    pub trainings: Vec<AttendedSession>,
    pub meetings: Vec<AttendedSession>,
}

/// One request the supporter was matched to, by number (the requester is not named).
#[derive(Debug, Clone, Serialize)]
pub struct MatchLine {
    pub request_id: i64,
    pub matched_at: String,
    pub outcome: String,
    pub request_status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendedSession {
    pub held_on: String,
    pub what: Option<String>,
}

pub fn detail(conn: &Connection, id: i64, today: NaiveDate) -> Result<SupporterDetail> {
    let form = form_of(conn, id)?;
    let roster = roster_rows(conn, today, Some(id))?
        .pop()
        .ok_or_else(|| no_such_supporter(id))?;
    let requests_by_status = conn
        .prepare_cached(
            "SELECT q.status, count(DISTINCT q.id) FROM matches m JOIN requests q ON q.id = m.request_id
             WHERE m.supporter_id = ?1 GROUP BY q.status ORDER BY count(DISTINCT q.id) DESC",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let matches = conn
        .prepare_cached(
            "SELECT m.request_id, m.matched_at, m.outcome, q.status FROM matches m
             JOIN requests q ON q.id = m.request_id
             WHERE m.supporter_id = ?1 ORDER BY m.matched_at DESC LIMIT 50",
        )?
        .query_map([id], |r| {
            Ok(MatchLine {
                request_id: r.get(0)?,
                matched_at: r.get(1)?,
                outcome: r.get(2)?,
                request_status: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (outreaches, last_outreach) = conn.query_row(
        "SELECT count(*), max(occurred_on) FROM outreaches WHERE supporter_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let sessions = |sql: &str| -> Result<Vec<AttendedSession>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([id], |r| {
                Ok(AttendedSession {
                    held_on: r.get(0)?,
                    what: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(SupporterDetail {
        id,
        form,
        roster,
        requests_by_status,
        matches,
        outreaches,
        last_outreach,
        trainings: sessions(
            "SELECT t.held_on, coalesce(t.topic, '') || CASE WHEN t.trainer IS NULL THEN '' ELSE ' (' || t.trainer || ')' END
             FROM training_attendance a JOIN trainings t ON t.id = a.training_id
             WHERE a.supporter_id = ?1 ORDER BY t.held_on DESC",
        )?,
        meetings: sessions(
            "SELECT m.held_on, m.topic FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.supporter_id = ?1 ORDER BY m.held_on DESC",
        )?,
    })
}
