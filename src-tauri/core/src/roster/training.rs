//! Training sessions and "support the supporters" meetings, with who attended. Recording a
//! training sets the trained-on date of attendees who had none (or a later one); a meeting
//! is what keeps a supporter off the roster's "meeting overdue" list.
//!
//! Training expires: a trained supporter whose latest training or meeting (their trained-on
//! date counts as a training) is older than the program's `training_valid_months` is *due*.
//! The roster flags them and filters by it; matching flags them or, when the program says
//! so, leaves them out (`program::DueMatching`). The latest session each supporter attended is
//! kept on their row (`last_session_on`, by triggers of migration 9), so that ranking reads
//! it with the row.

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{clean_text, parse_past_date};

/// The day before which a supporter's latest training or meeting makes them due.
pub fn due_cutoff(today: NaiveDate, valid_months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(valid_months))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether a supporter is due: trained (the untrained are "not trained yet", another matter),
/// and their latest training or meeting, `latest` (YYYY-MM-DD), lies before `cutoff`. With no
/// date known there is nothing to say.
pub fn is_due(trained: bool, latest: Option<&str>, cutoff: NaiveDate) -> bool {
    trained && latest.is_some_and(|day| day.get(..10).unwrap_or(day) < cutoff.to_string().as_str())
}

/// The latest of a supporter's dates (trained on, a training, a meeting), as YYYY-MM-DD.
pub fn latest_of<'a>(dates: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    dates
        .into_iter()
        .flatten()
        .map(|d| d.get(..10).unwrap_or(d))
        .max()
        .map(str::to_string)
}

/// A session as the training-and-meetings screen sends it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct SessionInput {
    pub held_on: String,
    /// Trainings only: how long it was.
    pub hours: String,
    /// Trainings only: who taught it.
    pub trainer: String,
    /// A training's title or a meeting's topic.
    pub topic: String,
    pub attendees: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Training,
    Meeting,
}

/// Records a training or a meeting with its attendees. Returns the session's id.
pub fn record(
    conn: &mut Connection,
    kind: SessionKind,
    input: &SessionInput,
    today: NaiveDate,
) -> Result<i64> {
    let mut errors = FieldErrors::default();
    let held_on = match parse_past_date(&input.held_on, today) {
        Ok(date) => Some(date),
        Err((code, message)) => {
            let code = if input.held_on.trim().is_empty() {
                Problem::Required
            } else {
                code
            };
            errors.add("held_on", code, message);
            None
        }
    };
    let hours = match kind {
        SessionKind::Meeting => None,
        SessionKind::Training => match input.hours.trim().parse::<f64>() {
            Ok(h) if h > 0.0 && h <= 80.0 => Some(h),
            parsed => {
                let code = if input.hours.trim().is_empty() {
                    Problem::Required
                } else if parsed.is_ok() {
                    Problem::OutOfRange
                } else {
                    Problem::Format
                };
                errors.add(
                    "hours",
                    code,
                    "give the length in hours, e.g. 4 or 7.5 (at most 80)",
                );
                None
            }
        },
    };
    if input.attendees.is_empty() {
        errors.add(
            "attendees",
            Problem::Required,
            "tick at least one supporter who attended",
        );
    }
    let topic = clean_text(&input.topic);
    if topic.as_ref().is_some_and(|t| t.chars().count() > 200) {
        errors.add("topic", Problem::TooLong, "at most 200 characters");
    }
    let trainer = clean_text(&input.trainer);
    if trainer.as_ref().is_some_and(|t| t.chars().count() > 120) {
        errors.add("trainer", Problem::TooLong, "at most 120 characters");
    }
    let Some(held_on) = held_on.filter(|_| errors.is_empty()) else {
        return Err(CoreError::Fields(errors));
    };
    let held_on = held_on.to_string();
    let tx = conn.transaction()?;
    let id = match kind {
        SessionKind::Training => {
            tx.execute(
                "INSERT INTO trainings (held_on, hours, trainer, topic) VALUES (?1, ?2, ?3, ?4)",
                params![held_on, hours, trainer, topic],
            )?;
            tx.last_insert_rowid()
        }
        SessionKind::Meeting => {
            tx.execute(
                "INSERT INTO meetings (held_on, topic) VALUES (?1, ?2)",
                params![held_on, topic],
            )?;
            tx.last_insert_rowid()
        }
    };
    for supporter in &input.attendees {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM supporters WHERE id = ?1)",
            [supporter],
            |r| r.get(0),
        )?;
        if !known {
            return Err(CoreError::invalid(
                "attendees",
                Problem::Unknown,
                format!("there is no supporter {supporter}"),
            ));
        }
        match kind {
            SessionKind::Training => {
                tx.execute(
                    "INSERT OR IGNORE INTO training_attendance (training_id, supporter_id) VALUES (?1, ?2)",
                    params![id, supporter],
                )?;
                tx.execute(
                    "UPDATE supporters SET trained_on = ?2, updated_at = ?3
                     WHERE id = ?1 AND (trained_on IS NULL OR trained_on > ?2)",
                    params![supporter, held_on, crate::clock::now_utc()],
                )?;
            }
            SessionKind::Meeting => {
                tx.execute(
                    "INSERT OR IGNORE INTO meeting_attendance (meeting_id, supporter_id) VALUES (?1, ?2)",
                    params![id, supporter],
                )?;
            }
        }
    }
    let what = match kind {
        SessionKind::Training => "training recorded",
        SessionKind::Meeting => "meeting recorded",
    };
    crate::store::audit::record(
        &tx,
        "coordinator",
        what,
        Some(&format!("{} attendees", input.attendees.len())),
    )?;
    tx.commit()?;
    Ok(id)
}

/// One past session for the screen's list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SessionRow {
    pub id: i64,
    pub kind: SessionKind,
    pub held_on: String,
    pub hours: Option<f64>,
    pub trainer: Option<String>,
    pub topic: Option<String>,
    pub attendees: i64,
}

/// The most recent trainings and meetings, newest first.
pub fn recent(conn: &Connection, limit: u32) -> Result<Vec<SessionRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT * FROM (
            SELECT t.id, 'training', t.held_on, t.hours, t.trainer, t.topic,
                   (SELECT count(*) FROM training_attendance a WHERE a.training_id = t.id)
            FROM trainings t
            UNION ALL
            SELECT m.id, 'meeting', m.held_on, NULL, NULL, m.topic,
                   (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id)
            FROM meetings m)
         ORDER BY 3 DESC, 2, 1 DESC LIMIT ?1",
    )?;
    let rows = statement.query_map([limit], |r| {
        let kind: String = r.get(1)?;
        Ok(SessionRow {
            id: r.get(0)?,
            kind: if kind == "training" {
                SessionKind::Training
            } else {
                SessionKind::Meeting
            },
            held_on: r.get(2)?,
            hours: r.get(3)?,
            trainer: r.get(4)?,
            topic: r.get(5)?,
            attendees: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
