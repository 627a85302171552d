//! Group support's fixed vocabulary and its one rule: the kinds of critical events (a code,
//! a death, an assault, other), the kinds of group sessions (huddle, debrief, check-in), and
//! whether an event's unit was reached within the program's outreach target.
//!
//! The kinds are fixed sets, not pick-lists: a committee compares them across months and
//! programs (as the outreach modes), the command line names them, and an event carries no
//! free text, so its kind must be a word chosen, not typed. An "other" event covers the rest.
//!
//! The rule is here, below the daily loop and the reports, so that the events list, the
//! dashboard and the reports judge an event alike. Which contacts reach a unit is the view
//! `event_reach` (migration 9): a session linked to the event at any time, or a session or
//! an outreach for its unit from the event's day to [`REACH_DAYS`] days after it. Contacts
//! carry a day, not an hour, so the target is judged by day: the unit was reached in time
//! when it was reached on or before the day the target ends.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};

/// How many days after an event a contact with its unit still counts as reaching it (a
/// session linked to the event counts whenever it was held). After that, an event nobody
/// reached is missed: it leaves the dashboard and counts as not reached.
pub const REACH_DAYS: i64 = 14;

/// The outreach target after a critical event, unless Settings says otherwise.
pub const DEFAULT_TARGET_HOURS: u32 = 24;

/// What happened: never who, never a patient detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A code (a resuscitation), whatever its outcome.
    Code,
    /// The death of a patient.
    Death,
    /// An assault or violence against staff.
    Assault,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [
        EventKind::Code,
        EventKind::Death,
        EventKind::Assault,
        EventKind::Other,
    ];
    /// Their codes, as the form and the command line take them, in the same order.
    pub const NAMES: [&'static str; 4] = ["code", "death", "assault", "other"];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Code => "code",
            EventKind::Death => "death",
            EventKind::Assault => "assault",
            EventKind::Other => "other",
        }
    }

    /// The kind in words, as screens and reports show it.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Code => "Code",
            EventKind::Death => "Death of a patient",
            EventKind::Assault => "Assault or violence",
            EventKind::Other => "Other critical event",
        }
    }

    /// A code or a label, in any case ("Death of a patient" or "death").
    pub fn parse(text: &str) -> Result<EventKind> {
        let wanted = text.trim().to_lowercase();
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted || k.label().to_lowercase() == wanted)
            .ok_or_else(|| not_a_kind(&wanted, "event", &EventKind::NAMES))
    }

    /// The label of a stored code; the code itself for one this build does not know.
    pub fn label_of(code: &str) -> String {
        EventKind::parse(code).map_or_else(|_| code.to_string(), |k| k.label().to_string())
    }
}

/// No kind was given (`Required`), or not one of `names` (`Unknown`), about the field `kind`.
fn not_a_kind(wanted: &str, what: &str, names: &[&str]) -> CoreError {
    CoreError::invalid(
        "kind",
        if wanted.is_empty() {
            Problem::Required
        } else {
            Problem::Unknown
        },
        format!("choose the kind of {what}: {}", names.join(", ")),
    )
}

/// How a team met: a short huddle on the unit, a structured debrief, or a later check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKind {
    Huddle,
    Debrief,
    CheckIn,
}

impl SessionKind {
    pub const ALL: [SessionKind; 3] = [
        SessionKind::Huddle,
        SessionKind::Debrief,
        SessionKind::CheckIn,
    ];
    pub const NAMES: [&'static str; 3] = ["huddle", "debrief", "check-in"];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Huddle => "huddle",
            SessionKind::Debrief => "debrief",
            SessionKind::CheckIn => "check-in",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Huddle => "Huddle",
            SessionKind::Debrief => "Debrief",
            SessionKind::CheckIn => "Check-in",
        }
    }

    pub fn parse(text: &str) -> Result<SessionKind> {
        let wanted = text.trim().to_lowercase();
        let wanted = if wanted == "check in" || wanted == "checkin" {
            "check-in".to_string()
        } else {
            wanted
        };
        SessionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted || k.label().to_lowercase() == wanted)
            .ok_or_else(|| not_a_kind(&wanted, "session", &SessionKind::NAMES))
    }

    pub fn label_of(code: &str) -> String {
        SessionKind::parse(code).map_or_else(|_| code.to_string(), |k| k.label().to_string())
    }
}

/// Where an event stands with its outreach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Not reached yet, and the target has not passed: on the dashboard.
    Due,
    /// Not reached, the target has passed, and a contact would still count: on the
    /// dashboard, marked late.
    Overdue,
    /// Reached on or before the day the target ended.
    InTime,
    /// Reached, after the target.
    Late,
    /// Nobody reached the unit within the days a contact counts.
    Missed,
}

impl Reach {
    pub fn as_str(self) -> &'static str {
        match self {
            Reach::Due => "due",
            Reach::Overdue => "overdue",
            Reach::InTime => "in-time",
            Reach::Late => "late",
            Reach::Missed => "missed",
        }
    }

    /// Still waiting for an outreach that would count: the dashboard's.
    pub fn is_open(self) -> bool {
        matches!(self, Reach::Due | Reach::Overdue)
    }
}

/// The one rule: where an event that happened on `occurred_on`, whose target ends on
/// `due_on`, stands on `today`, its unit first reached on `reached_on`.
pub fn reach(
    occurred_on: NaiveDate,
    due_on: NaiveDate,
    reached_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Reach {
    match reached_on {
        Some(day) if day <= due_on => Reach::InTime,
        Some(_) => Reach::Late,
        None if today <= due_on => Reach::Due,
        None if today <= occurred_on + Duration::days(REACH_DAYS) => Reach::Overdue,
        None => Reach::Missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn a_unit_reached_by_the_day_the_target_ends_was_reached_in_time() {
        let (occurred, due) = (day("2026-12-01"), day("2026-12-02"));
        assert_eq!(
            reach(occurred, due, Some(day("2026-12-01")), day("2026-12-20")),
            Reach::InTime,
            "a huddle the same day is in time"
        );
        assert_eq!(
            reach(occurred, due, Some(day("2026-12-02")), day("2026-12-20")),
            Reach::InTime,
            "a contact on the day the target ends is in time (contacts carry no hour)"
        );
        assert_eq!(
            reach(occurred, due, Some(day("2026-12-03")), day("2026-12-20")),
            Reach::Late,
            "a day after the target is late"
        );
    }

    #[test]
    fn an_unreached_event_is_due_then_overdue_then_missed() {
        let (occurred, due) = (day("2026-12-01"), day("2026-12-02"));
        assert_eq!(
            reach(occurred, due, None, day("2026-12-02")),
            Reach::Due,
            "due until its last day"
        );
        assert_eq!(
            reach(occurred, due, None, day("2026-12-03")),
            Reach::Overdue,
            "late the day after"
        );
        assert_eq!(
            reach(occurred, due, None, day("2026-12-15")),
            Reach::Overdue,
            "a contact 14 days after the event still counts"
        );
        assert_eq!(
            reach(occurred, due, None, day("2026-12-16")),
            Reach::Missed,
            "after that the event is missed"
        );
        assert!(
            Reach::Due.is_open() && Reach::Overdue.is_open() && !Reach::Missed.is_open(),
            "only due and overdue events wait on the dashboard"
        );
    }

    #[test]
    fn kinds_are_read_by_code_or_label_and_nothing_else() {
        assert_eq!(EventKind::parse(" Death ").ok(), Some(EventKind::Death));
        assert_eq!(
            EventKind::parse("assault or violence").ok(),
            Some(EventKind::Assault),
            "a label is read as its kind"
        );
        assert_eq!(
            SessionKind::parse("Check in").ok(),
            Some(SessionKind::CheckIn),
            "check in, with a space, is a check-in"
        );
        for (text, expected) in [("", Problem::Required), ("fire", Problem::Unknown)] {
            match EventKind::parse(text) {
                Err(CoreError::Invalid(error)) => assert_eq!(
                    (error.field.as_deref(), error.code),
                    (Some("kind"), expected),
                    "{text:?} is refused as {expected:?}: {}",
                    error.message
                ),
                other => panic!("{text:?} is refused, got {other:?}"),
            }
        }
        assert_eq!(
            EventKind::NAMES.to_vec(),
            EventKind::ALL.map(EventKind::as_str).to_vec(),
            "the names list the kinds in order"
        );
        assert_eq!(
            SessionKind::NAMES.to_vec(),
            SessionKind::ALL.map(SessionKind::as_str).to_vec(),
            "the names list the session kinds in order"
        );
    }

    #[test]
    fn the_view_counts_contacts_for_as_many_days_as_the_rule_says() {
        let migration = include_str!("../store/migrations/0011_group_support.sql");
        assert!(
            migration.contains(&format!("'+{REACH_DAYS} days'")),
            "event_reach counts contacts up to {REACH_DAYS} days after the event"
        );
    }
}
