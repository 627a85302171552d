//! Reminders where the coordinator lives: the first contacts and follow-ups that open
//! requests still wait for, as an iCalendar file (RFC 5545) for Outlook, Google Calendar,
//! Apple's Calendar, Thunderbird or any other calendar.
//!
//! A reminder says the one thing a calendar may know: "PeerDesk first contact, request
//! #123" or "PeerDesk follow-up, request #123", as an all-day event on its day. Never a
//! name, a contact, a role, a department, an organization, an issue or a note: a calendar is
//! synced to phones, shared with assistants and shown on a projected screen, and the
//! request's number is enough to find it in PeerDesk. The events are also private (a shared
//! calendar shows them as busy time without their words) and free (they block nothing).
//!
//! Which ones: the rule of `requests::due`, late or not. A request waiting for its first
//! contact has it on its due day; a connected request has one event per follow-up not yet
//! done. A late one stays on the day it was due, as the dashboard counts it.
//!
//! Importing a later file updates the events instead of adding copies: each event's UID is
//! fixed by the request and the reminder (its first contact, or its 1st, 2nd… follow-up,
//! counted among all of the request's follow-ups so a rescheduled one keeps its number),
//! and its SEQUENCE grows with the moment of the export, so the later file wins. Left out on
//! purpose: an imported file can add and change events but not delete them, so a reminder
//! done since the last import stays in the calendar until it is deleted there (a
//! subscription to a published feed could remove it, and PeerDesk publishes nothing).
//!
//! The `icalendar` crate writes the text (CRLF line ends, lines folded at 75 octets, text
//! escaped). DTSTAMP is the moment the edges pass in; nothing here reads a clock.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Class, Component, Event, EventLike, Property};
use rusqlite::Connection;
use serde::Serialize;

use crate::daily::requests::due;
use crate::error::{CoreError, Result};

/// What a reminder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The first contact, due within the program's reply target.
    FirstContact,
    /// The request's `number`th follow-up check-in (1 for its first), counted among all of
    /// its follow-ups, done or not.
    FollowUp { number: i64 },
}

/// One event of the calendar: a request's number, what is due and the day. Nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub request_id: i64,
    pub due: Due,
    pub day: NaiveDate,
}

impl Reminder {
    /// The event's title, the only words the calendar shows.
    pub fn summary(&self) -> String {
        let what = match self.due {
            Due::FirstContact => "first contact",
            Due::FollowUp { .. } => "follow-up",
        };
        format!("PeerDesk {what}, request #{}", self.request_id)
    }

    /// The same for every export of this reminder, so that a calendar updates the event.
    pub fn uid(&self) -> String {
        match self.due {
            Due::FirstContact => format!("peerdesk-request-{}-first-contact", self.request_id),
            Due::FollowUp { number } => {
                format!("peerdesk-request-{}-follow-up-{number}", self.request_id)
            }
        }
    }
}

/// What the calendar holds, for the confirmation and the audit log.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CalendarSummary {
    /// Events in the file; 0 means no file was written.
    pub reminders: usize,
    pub first_contacts: usize,
    pub follow_ups: usize,
    /// Reminders whose day is before today (late first contacts, follow-ups past due).
    pub past_due: usize,
    /// The earliest and the latest day in the file.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

impl CalendarSummary {
    fn of(reminders: &[Reminder], today: NaiveDate) -> CalendarSummary {
        let first_contacts = reminders
            .iter()
            .filter(|r| r.due == Due::FirstContact)
            .count();
        CalendarSummary {
            reminders: reminders.len(),
            first_contacts,
            follow_ups: reminders.len() - first_contacts,
            past_due: reminders.iter().filter(|r| r.day < today).count(),
            first_day: reminders.iter().map(|r| r.day).min().map(|d| d.to_string()),
            last_day: reminders.iter().map(|r| r.day).max().map(|d| d.to_string()),
        }
    }
}

/// Every first contact and follow-up still due, earliest day first. A follow-up's number
/// counts the request's follow-ups in the order they fall due, done ones included.
const DUE: &str = concat!(
    "SELECT q.id, 0, q.due_on FROM requests q WHERE ",
    due::first_contact_awaited!(),
    " UNION ALL
     SELECT q.id, f.number, f.due_on
       FROM (SELECT request_id, due_on, done_at,
                    row_number() OVER (PARTITION BY request_id ORDER BY due_on, id) AS number
               FROM follow_ups) f
       JOIN requests q ON q.id = f.request_id
      WHERE ",
    due::follow_up_open!(),
    " ORDER BY 3, 1, 2"
);

/// The reminders of the open requests (see the module's doc for which).
pub fn due(conn: &Connection) -> Result<Vec<Reminder>> {
    let mut statement = conn.prepare_cached(DUE)?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut reminders = Vec::new();
    for row in rows {
        let (request_id, number, day) = row?;
        let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
            CoreError::Internal(format!(
                "request #{request_id} has a due day that is not a date ({day:?})"
            ))
        })?;
        let due = if number == 0 {
            Due::FirstContact
        } else {
            Due::FollowUp { number }
        };
        reminders.push(Reminder {
            request_id,
            due,
            day,
        });
    }
    Ok(reminders)
}

/// What the calendar calls the program that wrote it.
const PRODUCT: &str = "-//PeerDesk//Reminders//EN";

/// An event's revision: the minutes from 2026-01-01 UTC to the export, so that the file
/// exported later carries the higher SEQUENCE and a calendar takes its events as the newer.
fn revision(now: DateTime<Utc>) -> u32 {
    const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
    u32::try_from((now.timestamp() - START) / 60).unwrap_or(0)
}

/// The calendar of `reminders`, exported at `now`, as RFC 5545 text.
pub fn to_ics(reminders: &[Reminder], now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODUCT),
        ("CALSCALE", "GREGORIAN"),
        // A published calendar, not an invitation: clients import it without replying.
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", "PeerDesk reminders"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    let sequence = revision(now);
    for reminder in reminders {
        calendar.push(
            Event::new()
                .uid(&reminder.uid())
                .timestamp(now)
                .sequence(sequence)
                .summary(&reminder.summary())
                .description(&format!(
                    "Open request #{} in PeerDesk.",
                    reminder.request_id
                ))
                .starts(reminder.day)
                // An all-day event ends (exclusively) the next day.
                .ends(reminder.day.succ_opt().unwrap_or(reminder.day))
                .class(Class::Private)
                .add_property("TRANSP", "TRANSPARENT")
                .add_property("X-MICROSOFT-CDO-BUSYSTATUS", "FREE")
                .done(),
        );
    }
    calendar.to_string()
}

/// The calendar file of what is due, exported at `now` (`today` tells what is past due),
/// and what it holds; no bytes when nothing is due (a calendar needs at least one event).
fn calendar_on(
    conn: &Connection,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(Option<Vec<u8>>, CalendarSummary)> {
    let reminders = due(conn)?;
    let summary = CalendarSummary::of(&reminders, today);
    let bytes = (!reminders.is_empty()).then(|| to_ics(&reminders, now).into_bytes());
    Ok((bytes, summary))
}

/// Writes the calendar of what is due to `path` (a place the edges checked) and notes it in
/// the audit log. When nothing is due, writes nothing and says so (`reminders` is 0).
pub fn write_calendar(
    conn: &Connection,
    path: &Path,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<CalendarSummary> {
    let (bytes, summary) = calendar_on(conn, now, today)?;
    if let Some(bytes) = bytes {
        crate::files::output::write_whole(path, &bytes)?;
        record_export(conn, &summary)?;
    }
    Ok(summary)
}

/// Notes in the audit log that the reminders were exported: how many, of which days.
fn record_export(conn: &Connection, summary: &CalendarSummary) -> Result<()> {
    crate::store::audit::record(
        conn,
        "coordinator",
        "calendar reminders exported",
        Some(&format!(
            "{} reminders ({} first contacts, {} follow-ups), {} to {}",
            summary.reminders,
            summary.first_contacts,
            summary.follow_ups,
            summary.first_day.as_deref().unwrap_or("-"),
            summary.last_day.as_deref().unwrap_or("-")
        )),
    )
}

#[cfg(test)]
mod tests;
