//! Critical events: logging one (kind, unit, day and time), listing them with where each
//! stands with its outreach, the ones still waiting (the dashboard's), and removing one
//! logged by mistake.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::clock::{self, stamp};
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{parse_date, parse_date_time};
use crate::program::group::{self, EventKind, Reach, REACH_DAYS};

/// The event form (window) or flags (command line), as typed. Its field names are the
/// command line's flags: `--kind`, `--unit`, `--date`, `--organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct EventForm {
    /// code, death, assault or other (or their labels).
    pub kind: String,
    /// The unit: a department of the program's list.
    pub unit: String,
    /// The day, with the time when it is known: `2026-12-01T14:05`, `2026-12-01 14:05`,
    /// `12/01/2026 2:05 PM`, or `2026-12-01` alone (counted from the start of that day).
    pub date: String,
    /// An organization's id, name or short name; empty for the host program.
    pub organization: String,
}

/// One event as the lists show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub unit: String,
    pub organization: Option<String>,
    pub occurred_on: String,
    /// "HH:MM", when the time is known.
    pub occurred_time: Option<String>,
    /// The outreach target when it was logged.
    pub target_hours: u32,
    /// The moment the target ends (local time), and its day, by which the unit counts as
    /// reached in time.
    pub due_at: String,
    pub due_on: String,
    /// The first day a session or an outreach reached the unit.
    pub reached_on: Option<String>,
    pub reach: Reach,
    /// For an event still waiting: days until its due day (0: today), negative when late.
    pub days_left: Option<i64>,
    /// The group sessions logged for this event.
    pub sessions: i64,
}

/// Which events to list. Dates are inclusive; empty: no bound.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only those still waiting for their outreach (due or late).
    pub open: bool,
}

struct Checked {
    kind: EventKind,
    department_id: i64,
    organization_id: Option<i64>,
    occurred_on: NaiveDate,
    occurred_time: Option<NaiveTime>,
}

/// Checks a form as the coordinator types it: every problem beside its field.
pub fn check(conn: &Connection, form: &EventForm, now: NaiveDateTime) -> Result<()> {
    checked(conn, form, now).map(|_| ())
}

fn checked(conn: &Connection, form: &EventForm, now: NaiveDateTime) -> Result<Checked> {
    let mut errors = FieldErrors::default();
    let kind = super::kind(EventKind::parse(&form.kind), &mut errors)?;
    let department_id = super::unit(
        conn,
        &form.unit,
        &mut errors,
        "choose the unit where it happened",
    )?;
    let when = when(&form.date, now);
    if let Err((code, message)) = &when {
        errors.add("date", *code, message.clone());
    }
    let organization_id = match super::organization(conn, &form.organization, None)? {
        Ok(id) => id,
        Err((code, message)) => {
            errors.add("organization", code, message);
            None
        }
    };
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    match (kind, department_id, when) {
        (Some(kind), Some(department_id), Ok((occurred_on, occurred_time))) => Ok(Checked {
            kind,
            department_id,
            organization_id,
            occurred_on,
            occurred_time,
        }),
        _ => Err(CoreError::refused(
            Problem::Required,
            "the event is incomplete",
        )),
    }
}

/// The day and, when given, the time of an event, which must not lie after `now`.
fn when(
    text: &str,
    now: NaiveDateTime,
) -> std::result::Result<(NaiveDate, Option<NaiveTime>), (Problem, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Err((
            Problem::Required,
            "give the day of the event, and its time if known (like 2026-12-01T14:05)".into(),
        ));
    }
    let (day, time) = if text.len() <= 10 {
        (parse_date(text).map_err(|m| (Problem::Format, m))?, None)
    } else {
        let at = parse_date_time(text).map_err(|m| (Problem::Format, m))?;
        (at.date(), Some(at.time()))
    };
    let at = day.and_time(time.unwrap_or(NaiveTime::MIN));
    if day > now.date() || at > now {
        return Err((
            Problem::OutOfRange,
            "a critical event is logged once it has happened: give a moment before now".into(),
        ));
    }
    Ok((day, time))
}

/// Logs a critical event with the program's present outreach target; returns its number.
pub fn add(conn: &Connection, form: &EventForm, now: NaiveDateTime) -> Result<i64> {
    let checked = checked(conn, form, now)?;
    let hours =
        crate::store::settings::get_u32(conn, "event_outreach_hours", group::DEFAULT_TARGET_HOURS)?
            .clamp(1, 168);
    let start = checked
        .occurred_on
        .and_time(checked.occurred_time.unwrap_or(NaiveTime::MIN));
    let due_at = start + Duration::hours(i64::from(hours));
    conn.execute(
        "INSERT INTO critical_events (kind, department_id, organization_id, occurred_on, occurred_time,
            target_hours, due_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            checked.kind.as_str(),
            checked.department_id,
            checked.organization_id,
            checked.occurred_on.to_string(),
            checked
                .occurred_time
                .map(|t| t.format("%H:%M").to_string()),
            hours,
            stamp(due_at),
            clock::now_utc(),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes an event logged by mistake. One that a session names stays: its sessions would
/// lose what they followed.
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    let sessions: Option<i64> = conn
        .query_row(
            "SELECT (SELECT count(*) FROM debriefs b WHERE b.event_id = e.id) FROM critical_events e WHERE e.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match sessions {
        None => Err(super::no_such("id", "event", id)),
        Some(0) => {
            conn.execute("DELETE FROM critical_events WHERE id = ?1", [id])?;
            Ok(())
        }
        Some(n) => Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "event #{id} is kept: {n} group session{} {} logged for it (remove {} first)",
                if n == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" },
                if n == 1 { "it" } else { "them" }
            ),
        )),
    }
}

/// Every column an `EventRow` is read from; `{where}` narrows it.
macro_rules! events_select {
    ($where:literal) => {
        concat!(
            "SELECT e.id, e.kind, d.value, o.name, e.occurred_on, e.occurred_time, e.target_hours,
                    e.due_at, r.reached_on, (SELECT count(*) FROM debriefs b WHERE b.event_id = e.id)
             FROM critical_events e
             JOIN event_reach r ON r.event_id = e.id
             LEFT JOIN picklist_entries d ON d.id = e.department_id
             LEFT JOIN organizations o ON o.id = e.organization_id
             WHERE ",
            $where,
            " ORDER BY e.occurred_on DESC, coalesce(e.occurred_time, '') DESC, e.id DESC"
        )
    };
}

fn row(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<EventRow> {
    let kind: String = r.get(1)?;
    let occurred_on: String = r.get(4)?;
    let due_at: String = r.get(7)?;
    let due_on = clock::day_of(&due_at).to_string();
    let reached_on: Option<String> = r.get(8)?;
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let (reach, days_left) = match (day(&occurred_on), day(&due_on)) {
        (Some(occurred), Some(due)) => {
            let reach = group::reach(occurred, due, reached_on.as_deref().and_then(day), today);
            (reach, reach.is_open().then(|| (due - today).num_days()))
        }
        // A day this build cannot read is shown as it is, never as late.
        _ => (Reach::Due, None),
    };
    Ok(EventRow {
        id: r.get(0)?,
        kind_label: EventKind::label_of(&kind),
        kind,
        unit: r
            .get::<_, Option<String>>(2)?
            .unwrap_or_else(|| "(unit not recorded)".into()),
        organization: r.get(3)?,
        occurred_on,
        occurred_time: r.get(5)?,
        target_hours: r.get(6)?,
        due_at,
        due_on,
        reached_on,
        reach,
        days_left,
        sessions: r.get(9)?,
    })
}

/// The events of a period, newest first, each with where it stands on `today`.
pub fn list(conn: &Connection, filter: &EventFilter, today: NaiveDate) -> Result<Vec<EventRow>> {
    let (from, to) = (
        super::bound(&filter.from, "from")?,
        super::bound(&filter.to, "to")?,
    );
    let mut statement = conn.prepare_cached(events_select!(
        "(:from IS NULL OR e.occurred_on >= :from) AND (:to IS NULL OR e.occurred_on <= :to)"
    ))?;
    let rows = statement.query_map(named_params! { ":from": from, ":to": to }, |r| {
        row(r, today)
    })?;
    let rows: Vec<EventRow> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(if filter.open {
        rows.into_iter().filter(|e| e.reach.is_open()).collect()
    } else {
        rows
    })
}

/// The events still waiting for their outreach on `today` (due or late), the most urgent
/// first: the dashboard's.
pub fn waiting(conn: &Connection, today: NaiveDate) -> Result<Vec<EventRow>> {
    let since = (today - Duration::days(REACH_DAYS)).to_string();
    let mut statement = conn.prepare_cached(events_select!(
        "e.occurred_on >= :since AND r.reached_on IS NULL"
    ))?;
    let rows = statement.query_map(named_params! { ":since": since }, |r| row(r, today))?;
    let mut rows: Vec<EventRow> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|e| e.reach.is_open())
        .collect();
    rows.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.id.cmp(&b.id)));
    Ok(rows)
}

/// One event.
pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<EventRow> {
    conn.prepare_cached(events_select!("e.id = :id"))?
        .query_row(named_params! { ":id": id }, |r| row(r, today))
        .optional()?
        .ok_or_else(|| super::no_such("event", "event", id))
}

/// The ids of the unit and organization an event was logged for, and its day: what a
/// session for it starts from.
pub(super) fn place(conn: &Connection, id: i64) -> Result<Option<(i64, Option<i64>, NaiveDate)>> {
    let found: Option<(i64, Option<i64>, String)> = conn
        .prepare_cached(
            "SELECT department_id, organization_id, occurred_on FROM critical_events WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(found.and_then(|(unit, organization, day)| {
        NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .ok()
            .map(|day| (unit, organization, day))
    }))
}
