//! Group sessions (huddles, debriefs, check-ins): logging one, listing them, removing one
//! logged by mistake, and the form for a session after a given event.
//!
//! Who was there is never recorded: a headcount and, when the facilitator noted them, how
//! many people of each role. The facilitators are the roster's peer supporters.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{named_params, params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock;
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{parse_date, shorten};
use crate::program::group::{EventKind, SessionKind};
use crate::program::picklists::{self, List};

use super::events;

/// The most people one session may count (a whole department's town hall is not a huddle).
pub const MAX_HEADCOUNT: i64 = 500;
/// The longest session, in minutes.
pub const MAX_MINUTES: i64 = 600;

/// How many people of one role were present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct RoleCount {
    pub role: String,
    pub people: i64,
}

/// The session form (window) or flags (command line), as typed. Its field names are the
/// command line's flags: `--date`, `--kind`, `--unit`, `--headcount`, `--role`,
/// `--facilitator`, `--duration`, `--follow-up-offered`, `--event`, `--organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct DebriefForm {
    pub date: String,
    /// huddle, debrief or check-in.
    pub kind: String,
    /// The unit whose team met: a department of the program's list.
    pub unit: String,
    /// An organization's id, name or short name; empty: the event's, else the host program.
    pub organization: String,
    /// How many people took part, the facilitators aside.
    pub headcount: Option<i64>,
    /// Of them, how many of each role (as many roles as were noted).
    pub roles: Vec<RoleCount>,
    /// The peer supporters who led it, by their roster number.
    pub facilitators: Vec<i64>,
    /// How long it took, in minutes.
    pub duration: Option<i64>,
    pub follow_up_offered: bool,
    /// The critical event it followed, if any.
    pub event: Option<i64>,
}

/// A facilitator as the list shows them (the coordinator's own screen, never a report).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Facilitator {
    pub id: i64,
    pub name: String,
}

/// One session as the lists show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DebriefRow {
    pub id: i64,
    pub date: String,
    pub kind: String,
    pub kind_label: String,
    pub unit: String,
    pub organization: Option<String>,
    pub headcount: i64,
    pub roles: Vec<RoleCount>,
    pub facilitators: Vec<Facilitator>,
    pub duration: Option<i64>,
    pub follow_up_offered: bool,
    pub event: Option<i64>,
    /// The event in words ("Code, 2026-12-01"), when there is one.
    pub event_label: Option<String>,
}

/// Which sessions to list. Dates are inclusive; empty: no bound.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DebriefFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only the sessions after this event.
    pub event: Option<i64>,
}

struct Checked {
    date: NaiveDate,
    kind: SessionKind,
    department_id: i64,
    organization_id: Option<i64>,
    headcount: i64,
    roles: Vec<(i64, i64)>,
    facilitators: Vec<i64>,
    duration: Option<i64>,
    follow_up_offered: bool,
    event: Option<i64>,
}

/// Checks a form as the coordinator types it: every problem beside its field.
pub fn check(conn: &Connection, form: &DebriefForm, today: NaiveDate) -> Result<()> {
    checked(conn, form, today).map(|_| ())
}

fn checked(conn: &Connection, form: &DebriefForm, today: NaiveDate) -> Result<Checked> {
    let mut errors = FieldErrors::default();
    let event = match form.event {
        None => None,
        Some(id) => match events::place(conn, id)? {
            Some(place) => Some((id, place)),
            None => {
                errors.add(
                    "event",
                    Problem::Unknown,
                    format!("there is no event #{id}"),
                );
                None
            }
        },
    };
    let date = match parse_date(&form.date) {
        _ if form.date.trim().is_empty() => {
            errors.add("date", Problem::Required, "give the day of the session");
            None
        }
        Err(message) => {
            errors.add("date", Problem::Format, message);
            None
        }
        Ok(date) if date > today => {
            errors.add(
                "date",
                Problem::OutOfRange,
                "a session is logged once it was held: give a day up to today",
            );
            None
        }
        Ok(date) => match event {
            Some((id, (_, _, day))) if date < day => {
                errors.add(
                    "date",
                    Problem::OutOfRange,
                    format!("event #{id} happened on {day}: a session after it is held on or after that day"),
                );
                None
            }
            _ => Some(date),
        },
    };
    let kind = super::kind(SessionKind::parse(&form.kind), &mut errors)?;
    let department_id = super::unit(
        conn,
        &form.unit,
        &mut errors,
        "choose the unit whose team met",
    )?;
    let organization_id = match super::organization(
        conn,
        &form.organization,
        event.and_then(|(_, (_, organization, _))| organization),
    )? {
        Ok(id) => id,
        Err((code, message)) => {
            errors.add("organization", code, message);
            None
        }
    };
    let headcount = match form.headcount {
        None => {
            errors.add(
                "headcount",
                Problem::Required,
                "give how many people took part (a number, never names)",
            );
            None
        }
        Some(n) if !(1..=MAX_HEADCOUNT).contains(&n) => {
            errors.add(
                "headcount",
                Problem::OutOfRange,
                format!("the headcount is a number from 1 to {MAX_HEADCOUNT}"),
            );
            None
        }
        Some(n) => Some(n),
    };
    let mut roles: BTreeMap<i64, i64> = BTreeMap::new();
    let mut counted = 0_i64;
    for entry in form.roles.iter().filter(|r| !r.role.trim().is_empty()) {
        if entry.people == 0 {
            continue;
        }
        if !(1..=MAX_HEADCOUNT).contains(&entry.people) {
            errors.add(
                "roles",
                Problem::OutOfRange,
                format!(
                    "the count of {} is a number from 1 to {MAX_HEADCOUNT}",
                    shorten(entry.role.trim())
                ),
            );
            continue;
        }
        match picklists::choose(conn, List::Roles, &entry.role)? {
            Ok(id) if roles.contains_key(&id) => errors.add(
                "roles",
                Problem::Duplicate,
                format!(
                    "{} is counted twice: give one count per role",
                    shorten(entry.role.trim())
                ),
            ),
            Ok(id) => {
                roles.insert(id, entry.people);
                counted += entry.people;
            }
            Err((code, message)) => errors.add("roles", code, message),
        }
    }
    if let Some(headcount) = headcount {
        if counted > headcount && !errors.has("roles") {
            errors.add(
                "roles",
                Problem::OutOfRange,
                format!(
                    "the roles add up to {counted} people, more than the headcount of {headcount}: correct one or the other"
                ),
            );
        }
    }
    let mut facilitators = Vec::new();
    for id in &form.facilitators {
        if facilitators.contains(id) {
            continue;
        }
        let known: bool = conn
            .prepare_cached("SELECT count(*) FROM supporters WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, i64>(0))?
            > 0;
        if known {
            facilitators.push(*id);
        } else {
            errors.add(
                "facilitators",
                Problem::Unknown,
                format!("there is no supporter #{id} (see `peerdesk supporters list`)"),
            );
        }
    }
    let duration = match form.duration {
        Some(n) if !(1..=MAX_MINUTES).contains(&n) => {
            errors.add(
                "duration",
                Problem::OutOfRange,
                format!("the duration is a number of minutes from 1 to {MAX_MINUTES}"),
            );
            None
        }
        other => other,
    };
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    match (date, kind, department_id, headcount) {
        (Some(date), Some(kind), Some(department_id), Some(headcount)) => Ok(Checked {
            date,
            kind,
            department_id,
            organization_id,
            headcount,
            roles: roles.into_iter().collect(),
            facilitators,
            duration,
            follow_up_offered: form.follow_up_offered,
            event: event.map(|(id, _)| id),
        }),
        _ => Err(CoreError::refused(
            Problem::Required,
            "the session is incomplete",
        )),
    }
}

/// Logs a group session with its roles and facilitators, all or nothing; returns its number.
pub fn add(conn: &Connection, form: &DebriefForm, today: NaiveDate) -> Result<i64> {
    let checked = checked(conn, form, today)?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO debriefs (held_on, kind, department_id, organization_id, event_id, headcount,
            duration_minutes, follow_up_offered, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            checked.date.to_string(),
            checked.kind.as_str(),
            checked.department_id,
            checked.organization_id,
            checked.event,
            checked.headcount,
            checked.duration,
            checked.follow_up_offered,
            clock::now_utc(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (role, people) in &checked.roles {
        tx.execute(
            "INSERT INTO debrief_roles (debrief_id, role_id, people) VALUES (?1, ?2, ?3)",
            params![id, role, people],
        )?;
    }
    for supporter in &checked.facilitators {
        tx.execute(
            "INSERT INTO debrief_facilitators (debrief_id, supporter_id) VALUES (?1, ?2)",
            params![id, supporter],
        )?;
    }
    tx.commit()?;
    Ok(id)
}

/// Removes a session logged by mistake, with its counts and facilitators.
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM debriefs WHERE id = ?1", [id])? == 0 {
        return Err(super::no_such("id", "session", id));
    }
    Ok(())
}

/// A blank form for a session after `event` (its unit and organization, today), or a blank
/// huddle today.
pub fn form(conn: &Connection, event: Option<i64>, today: NaiveDate) -> Result<DebriefForm> {
    let mut form = DebriefForm {
        date: today.to_string(),
        kind: SessionKind::Huddle.as_str().into(),
        ..DebriefForm::default()
    };
    if let Some(id) = event {
        let row = events::get(conn, id, today)?;
        let organization: Option<i64> = conn.query_row(
            "SELECT organization_id FROM critical_events WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        form.unit = row.unit;
        form.organization = organization.map(|o| o.to_string()).unwrap_or_default();
        form.event = Some(id);
    }
    Ok(form)
}

/// The sessions of a period (or after one event), newest first.
pub fn list(conn: &Connection, filter: &DebriefFilter) -> Result<Vec<DebriefRow>> {
    let (from, to) = (
        super::bound(&filter.from, "from")?,
        super::bound(&filter.to, "to")?,
    );
    let mut statement = conn.prepare_cached(
        "SELECT b.id, b.held_on, b.kind, d.value, o.name, b.headcount, b.duration_minutes,
                b.follow_up_offered, b.event_id, e.kind, e.occurred_on
         FROM debriefs b
         LEFT JOIN picklist_entries d ON d.id = b.department_id
         LEFT JOIN organizations o ON o.id = b.organization_id
         LEFT JOIN critical_events e ON e.id = b.event_id
         WHERE (:from IS NULL OR b.held_on >= :from) AND (:to IS NULL OR b.held_on <= :to)
           AND (:event IS NULL OR b.event_id = :event)
         ORDER BY b.held_on DESC, b.id DESC",
    )?;
    let rows = statement.query_map(
        named_params! { ":from": from, ":to": to, ":event": filter.event },
        |r| {
            let kind: String = r.get(2)?;
            let event_kind: Option<String> = r.get(9)?;
            let event_day: Option<String> = r.get(10)?;
            Ok(DebriefRow {
                id: r.get(0)?,
                date: r.get(1)?,
                kind_label: SessionKind::label_of(&kind),
                kind,
                unit: r
                    .get::<_, Option<String>>(3)?
                    .unwrap_or_else(|| "(unit not recorded)".into()),
                organization: r.get(4)?,
                headcount: r.get(5)?,
                roles: Vec::new(),
                facilitators: Vec::new(),
                duration: r.get(6)?,
                follow_up_offered: r.get(7)?,
                event: r.get(8)?,
                event_label: event_kind
                    .zip(event_day)
                    .map(|(kind, day)| format!("{}, {day}", EventKind::label_of(&kind))),
            })
        },
    )?;
    let mut rows: Vec<DebriefRow> = rows.collect::<rusqlite::Result<_>>()?;
    let mut roles = conn.prepare_cached(
        "SELECT r.value, x.people FROM debrief_roles x JOIN picklist_entries r ON r.id = x.role_id
         WHERE x.debrief_id = ?1 ORDER BY x.people DESC, r.position, r.value",
    )?;
    let mut facilitators = conn.prepare_cached(
        "SELECT s.id, s.name FROM debrief_facilitators f JOIN supporters s ON s.id = f.supporter_id
         WHERE f.debrief_id = ?1 ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    for row in &mut rows {
        row.roles = roles
            .query_map([row.id], |r| {
                Ok(RoleCount {
                    role: r.get(0)?,
                    people: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        row.facilitators = facilitators
            .query_map([row.id], |r| {
                Ok(Facilitator {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(rows)
}

/// One session.
pub fn get(conn: &Connection, id: i64) -> Result<DebriefRow> {
    let day: Option<String> = conn
        .query_row("SELECT held_on FROM debriefs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let day = day.ok_or_else(|| super::no_such("id", "session", id))?;
    let filter = DebriefFilter {
        from: Some(day.clone()),
        to: Some(day),
        event: None,
    };
    list(conn, &filter)?
        .into_iter()
        .find(|row| row.id == id)
        .ok_or_else(|| super::no_such("id", "session", id))
}
