//! Group support from the command line: `events add|list|remove` (critical events and the
//! outreach they call for) and `debriefs add|list|remove` (team huddles, debriefs and
//! check-ins). Each subcommand reads its flags, makes one core call and prints the answer.

use std::fmt::Write as _;
use std::io::Write;

use clap::Subcommand;
use peerdesk_core::daily::group::debriefs::{self, DebriefFilter, DebriefForm, RoleCount};
use peerdesk_core::daily::group::events::{self, EventFilter, EventForm};
use peerdesk_core::error::Problem;
use peerdesk_core::program::group::{EventKind, Reach, SessionKind};
use peerdesk_core::{clock, Store};

use crate::output::{emit, json, Failure, Outcome};

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Log a critical event (a code, the death of a patient, an assault): its kind, unit and
    /// moment, never a patient detail. Outreach to the unit is then due within the program's
    /// target (`settings set event_outreach_hours`, 24 by default); prints the event's number
    Add {
        /// What happened
        #[arg(long, value_parser = EventKind::NAMES)]
        kind: String,
        /// Where: a department of the program's list (`peerdesk picklist list departments`)
        #[arg(long)]
        unit: String,
        /// When: YYYY-MM-DDTHH:MM (e.g. 2026-12-01T14:05), or the day alone (counted from its start)
        #[arg(long, value_name = "DATE")]
        date: String,
        /// The organization where it happened (name, short name or id) [default: the host program]
        #[arg(long, value_name = "ORG")]
        organization: Option<String>,
    },
    /// List critical events, newest first, with whether their unit was reached within the
    /// target (due, overdue, in-time, late, missed)
    List {
        /// Print JSON (id, kind, unit, occurred_on, due_at, reached_on, reach, sessions, …)
        #[arg(long)]
        json: bool,
        /// Only the events still waiting for outreach (due or overdue)
        #[arg(long)]
        open: bool,
        /// From this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Remove an event logged by mistake (one that a group session names stays)
    Remove {
        /// The event's number
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DebriefsCommand {
    /// Log a team huddle, debrief or check-in: a headcount and people by role, never a name;
    /// prints the session's number
    Add(DebriefArgs),
    /// List group sessions, newest first
    List {
        /// Print JSON (id, date, kind, unit, headcount, roles, facilitators, event, …)
        #[arg(long)]
        json: bool,
        /// From this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only the sessions after this event
        #[arg(long, value_name = "ID")]
        event: Option<i64>,
    },
    /// Remove a session logged by mistake
    Remove {
        /// The session's number
        id: i64,
    },
}

#[derive(Debug, clap::Args)]
pub struct DebriefArgs {
    /// The day it was held (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    date: String,
    /// The unit whose team met: a department of the program's list
    #[arg(long)]
    unit: String,
    /// How the team met
    #[arg(long, value_parser = SessionKind::NAMES)]
    kind: String,
    /// How many people took part, the facilitators aside (1 to 500)
    #[arg(long, value_name = "N")]
    headcount: i64,
    /// The critical event it followed (see `peerdesk events list`)
    #[arg(long, value_name = "ID")]
    event: Option<i64>,
    /// A peer supporter who led it (repeat for several; see `peerdesk supporters list`)
    #[arg(long = "facilitator", value_name = "SUPPORTER_ID")]
    facilitators: Vec<i64>,
    /// How many of one role were there, like Nurse=6 (repeat for each role noted)
    #[arg(long = "role", value_name = "ROLE=COUNT")]
    roles: Vec<String>,
    /// How long it took, in minutes
    #[arg(long, value_name = "MINUTES")]
    duration: Option<i64>,
    /// Further support was offered to the team
    #[arg(long)]
    follow_up_offered: bool,
    /// The organization (name, short name or id) [default: the event's, else the host program]
    #[arg(long, value_name = "ORG")]
    organization: Option<String>,
}

/// "Nurse=6" as a role and its count.
fn role_count(text: &str) -> Result<RoleCount, Failure> {
    let refused = || {
        Failure::field(
            "roles",
            Problem::Format,
            format!("\"{text}\" is not a role and a count: write it like --role Nurse=6"),
        )
    };
    let (role, count) = text.rsplit_once('=').ok_or_else(refused)?;
    let people = count.trim().parse::<i64>().map_err(|_| refused())?;
    Ok(RoleCount {
        role: role.trim().to_string(),
        people,
    })
}

/// How an event stands, in words for the list.
fn reach_words(reach: Reach, days_left: Option<i64>) -> String {
    match (reach, days_left) {
        (Reach::Due, Some(0)) => "due today".into(),
        (Reach::Due, Some(1)) => "due tomorrow".into(),
        (Reach::Due, Some(n)) => format!("due in {n} days"),
        (Reach::Overdue, Some(-1)) => "1 day late".into(),
        (Reach::Overdue, Some(n)) => format!("{} days late", -n),
        (Reach::InTime, _) => "reached in time".into(),
        (Reach::Late, _) => "reached late".into(),
        (Reach::Missed, _) => "not reached".into(),
        (reach, None) => reach.as_str().into(),
    }
}

pub fn events(store: &mut Store, command: &EventsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        EventsCommand::Add {
            kind,
            unit,
            date,
            organization,
        } => {
            let form = EventForm {
                kind: kind.clone(),
                unit: unit.clone(),
                date: date.clone(),
                organization: organization.clone().unwrap_or_default(),
            };
            let id = events::add(conn, &form, clock::now_local())?;
            emit(out, &format!("{id}\n"))
        }
        EventsCommand::List {
            json: as_json,
            open,
            from,
            to,
        } => {
            let filter = EventFilter {
                from: from.clone(),
                to: to.clone(),
                open: *open,
            };
            let rows = events::list(conn, &filter, clock::today())?;
            if *as_json {
                return json(out, &rows);
            }
            let mut text = String::new();
            for e in &rows {
                let when = match &e.occurred_time {
                    Some(time) => format!("{} {time}", e.occurred_on),
                    None => e.occurred_on.clone(),
                };
                let _ = writeln!(
                    text,
                    "#{:<5} {:<16} {:<22} {:<24} {}{}{}",
                    e.id,
                    when,
                    e.kind_label,
                    e.unit,
                    reach_words(e.reach, e.days_left),
                    e.reached_on
                        .as_ref()
                        .map(|d| format!(" (on {d})"))
                        .unwrap_or_default(),
                    match e.sessions {
                        0 => String::new(),
                        1 => ", 1 session".into(),
                        n => format!(", {n} sessions"),
                    }
                );
            }
            let _ = writeln!(
                text,
                "{} critical event{}",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            );
            emit(out, &text)
        }
        EventsCommand::Remove { id } => {
            events::remove(conn, *id)?;
            emit(out, &format!("Removed event #{id}.\n"))
        }
    }
}

pub fn debriefs(store: &mut Store, command: &DebriefsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        DebriefsCommand::Add(args) => {
            let form = DebriefForm {
                date: args.date.clone(),
                kind: args.kind.clone(),
                unit: args.unit.clone(),
                organization: args.organization.clone().unwrap_or_default(),
                headcount: Some(args.headcount),
                roles: args
                    .roles
                    .iter()
                    .map(|r| role_count(r))
                    .collect::<Result<_, _>>()?,
                facilitators: args.facilitators.clone(),
                duration: args.duration,
                follow_up_offered: args.follow_up_offered,
                event: args.event,
            };
            let id = debriefs::add(conn, &form, clock::today())?;
            emit(out, &format!("{id}\n"))
        }
        DebriefsCommand::List {
            json: as_json,
            from,
            to,
            event,
        } => {
            let filter = DebriefFilter {
                from: from.clone(),
                to: to.clone(),
                event: *event,
            };
            let rows = debriefs::list(conn, &filter)?;
            if *as_json {
                return json(out, &rows);
            }
            let mut text = String::new();
            for d in &rows {
                let roles: Vec<String> = d
                    .roles
                    .iter()
                    .map(|r| format!("{} {}", r.people, r.role))
                    .collect();
                let leaders: Vec<String> = d
                    .facilitators
                    .iter()
                    .map(|f| format!("{} (#{})", f.name, f.id))
                    .collect();
                let _ = writeln!(
                    text,
                    "#{:<5} {}  {:<9} {:<24} {:>3} people{}{}{}{}{}",
                    d.id,
                    d.date,
                    d.kind_label,
                    d.unit,
                    d.headcount,
                    if roles.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", roles.join(", "))
                    },
                    d.duration.map(|m| format!(", {m} min")).unwrap_or_default(),
                    if d.follow_up_offered {
                        ", follow-up offered"
                    } else {
                        ""
                    },
                    if leaders.is_empty() {
                        String::new()
                    } else {
                        format!(", led by {}", leaders.join(", "))
                    },
                    d.event.map(|e| format!("  event #{e}")).unwrap_or_default()
                );
            }
            let _ = writeln!(
                text,
                "{} group session{}",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            );
            emit(out, &text)
        }
        DebriefsCommand::Remove { id } => {
            debriefs::remove(conn, *id)?;
            emit(out, &format!("Removed session #{id}.\n"))
        }
    }
}
