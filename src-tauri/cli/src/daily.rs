//! The daily loop from the command line: `requests …`, `match`, `assign`, `outreach …`,
//! `settings …` and `picklist …`. Each function prints its report to `out` and returns the
//! one-line failure, if any, for `lib.rs` to print on stderr.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use peerdesk_core::daily::matching::{self, Rule};
use peerdesk_core::daily::outreach::{self, Kind, OutreachForm};
use peerdesk_core::daily::outreach_log::{self, OutreachFilter};
use peerdesk_core::daily::requests::import as request_import;
use peerdesk_core::daily::requests::{
    self, Ending, Release, RequestDetail, RequestFilter, RequestForm, RequestRow, Status,
};
use peerdesk_core::error::Problem;
use peerdesk_core::program;
use peerdesk_core::program::picklists::{self, List};
use peerdesk_core::{clock, CoreError, Store};
use rusqlite::Connection;

use crate::output::{emit, json, Failure, Outcome};

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// Take in a request; prints its number
    Add(Box<RequestArgs>),
    /// Import the request form's CSV or XLSX export (all or nothing; the same file only once)
    Import {
        /// The web form's export
        file: PathBuf,
        /// Check the file and print what would be imported, without changing anything
        #[arg(long)]
        dry_run: bool,
    },
    /// List requests, newest first (never a requester's name)
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Only requests past their first-contact due date (new or matched)
        #[arg(long)]
        overdue: bool,
        /// Only open requests (new, matched, connected, follow-up)
        #[arg(long)]
        open: bool,
        /// Only this status
        #[arg(long, value_parser = Status::NAMES)]
        status: Option<String>,
    },
    /// Show one request with its history, matches, follow-ups and outreaches
    Show {
        id: i64,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Close a request whose support ran its course
    Close { id: i64 },
    /// The requester withdrew the request
    Withdraw { id: i64 },
    /// The requester declined the program's support
    Decline { id: i64 },
    /// Undo a close, withdraw or decline (before the retention purge)
    Reopen { id: i64 },
    /// End the current match so the request is matched again (that supporter is excluded)
    Rematch {
        id: i64,
        /// declined: the requester declined the supporter; unable: the supporter cannot take it
        #[arg(long, value_parser = Release::NAMES)]
        why: String,
    },
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The requester's role (from the roles list)
    #[arg(long)]
    role: String,
    /// The requester's organization (name, short name or id)
    #[arg(long)]
    organization: String,
    /// The requester's department (from the departments list)
    #[arg(long)]
    department: String,
    /// When it arrived: ISO 8601 like 2026-11-20T14:05 [default: now]
    #[arg(long, value_name = "ISO8601")]
    received: Option<String>,
    /// How it arrived (from the channels list: Phone, Web form, Email, Manager, In the moment)
    #[arg(long)]
    channel: Option<String>,
    /// Who referred the requester (a referral source of the program: self, peer, manager, …)
    #[arg(long)]
    referred_by: Option<String>,
    /// The requester's name (optional: a caller may stay anonymous until matched)
    #[arg(long)]
    name: Option<String>,
    /// How to reach the requester
    #[arg(long)]
    contact: Option<String>,
    /// How the requester prefers to talk (a mode of the program: phone, video, in-person, text, …)
    #[arg(long)]
    preferred_mode: Option<String>,
    /// An issue type (repeat for several)
    #[arg(long = "issue", value_name = "ISSUE")]
    issues: Vec<String>,
    /// The requester's language (from the languages list)
    #[arg(long)]
    language: Option<String>,
    /// The requester's specialty
    #[arg(long)]
    specialty: Option<String>,
    /// The requester's years in role
    #[arg(long, value_name = "YEARS")]
    years_in_role: Option<String>,
    /// A short note: the reason in a sentence
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OutreachCommand {
    /// Log one contact (there is no name field: the log never records who was supported)
    Add(OutreachArgs),
    /// List the outreach log, newest first
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// From this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct OutreachArgs {
    /// The day of the contact (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    date: String,
    /// The first contact of a request, or a later one
    #[arg(long, value_parser = Kind::NAMES)]
    kind: String,
    /// How the contact was made (a mode of the program: phone, video, in-person, text, …)
    #[arg(long)]
    mode: String,
    /// Who referred the person (a referral source of the program: self, peer, manager, …)
    #[arg(long)]
    referred_by: String,
    /// The department of the person supported
    #[arg(long)]
    department: String,
    /// The role of the person supported
    #[arg(long)]
    role: String,
    /// The supporter's id (see `peerdesk supporters list`); required, as the core says
    #[arg(long, value_name = "ID")]
    supporter: Option<i64>,
    /// An issue type (repeat for several); at least one
    #[arg(long = "issue", value_name = "ISSUE")]
    issues: Vec<String>,
    /// A resource offered (repeat for several)
    #[arg(long = "resource", value_name = "RESOURCE")]
    resources: Vec<String>,
    /// The request this contact belongs to (none: a stand-alone contact)
    #[arg(long, value_name = "ID")]
    request: Option<i64>,
    /// Comments (no names)
    #[arg(long)]
    comments: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Set one setting (see `settings show` for the keys)
    Set { key: String, value: String },
    /// Show every setting
    Show {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PicklistCommand {
    /// List a pick-list's entries in order (retired ones marked)
    List {
        #[arg(value_parser = List::NAMES)]
        list: String,
    },
    /// Add an entry at the end of a pick-list
    Add {
        #[arg(value_parser = List::NAMES)]
        list: String,
        value: String,
    },
    /// Retire an entry: no longer offered, still valid in the history that uses it
    Retire {
        #[arg(value_parser = List::NAMES)]
        list: String,
        value: String,
    },
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// `peerdesk requests add|import|list|show|close|withdraw|decline|reopen|rematch`.
pub fn requests(store: &mut Store, command: &RequestsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    let now = clock::now_local();
    match command {
        RequestsCommand::Add(args) => {
            let id = requests::add(conn, &args.form(), now)?;
            emit(out, &format!("{id}\n"))
        }
        RequestsCommand::Import { file, dry_run } => import(store, file, *dry_run, out),
        RequestsCommand::List {
            json: as_json,
            overdue,
            open,
            status,
        } => {
            let filter = RequestFilter {
                status: status.clone(),
                open: *open,
                overdue: *overdue,
                limit: 0,
            };
            let rows = requests::list(conn, &filter, now.date())?;
            if *as_json {
                return json(out, &rows);
            }
            emit(out, &request_table(&rows))
        }
        RequestsCommand::Show { id, json: as_json } => {
            let detail = requests::detail(conn, *id, now.date())?;
            if *as_json {
                return json(out, &detail);
            }
            emit(out, &request_page(&detail))
        }
        RequestsCommand::Close { id } => end(conn, *id, Ending::Closed, out),
        RequestsCommand::Withdraw { id } => end(conn, *id, Ending::Withdrawn, out),
        RequestsCommand::Decline { id } => end(conn, *id, Ending::Declined, out),
        RequestsCommand::Reopen { id } => {
            requests::reopen(conn, *id, now)?;
            emit(out, &format!("Request #{id} is open again.\n"))
        }
        RequestsCommand::Rematch { id, why } => {
            requests::rematch(conn, *id, Release::parse(why)?, now)?;
            emit(out, &format!("Request #{id} waits for a new match; the earlier supporter will not be proposed again.\n"))
        }
    }
}

impl RequestArgs {
    /// The intake form as the window would send it: what was not given stays empty, and
    /// the core decides what is missing.
    fn form(&self) -> RequestForm {
        RequestForm {
            received_at: text(&self.received),
            channel: text(&self.channel),
            requester_name: text(&self.name),
            requester_contact: text(&self.contact),
            preferred_mode: text(&self.preferred_mode),
            role: self.role.clone(),
            department: self.department.clone(),
            organization: self.organization.clone(),
            referred_by: text(&self.referred_by),
            issue_types: self.issues.clone(),
            note: text(&self.note),
            language: text(&self.language),
            specialty: text(&self.specialty),
            years_in_role: text(&self.years_in_role),
        }
    }
}

/// `peerdesk requests import FILE [--dry-run]`: the rows, each rejection, then what was done.
fn import(store: &Store, file: &Path, dry_run: bool, out: &mut dyn Write) -> Outcome {
    let report =
        request_import::import_file(store.conn(), file, None, clock::now_local(), !dry_run)?;
    let mut text = format!("{}: {} rows\n", file.display(), report.rows);
    for rejection in &report.rejected {
        let _ = writeln!(
            text,
            "  rejected row {}: {}",
            rejection.row, rejection.reason
        );
    }
    emit(out, &text)?;
    report.refusal()?;
    emit(
        out,
        &if report.applied {
            format!("Imported {} requests.\n", report.accepted.len())
        } else {
            format!(
                "Dry run: {} requests would be imported; nothing changed.\n",
                report.accepted.len()
            )
        },
    )
}

/// One line per request (never a requester's name), then the count.
fn request_table(rows: &[RequestRow]) -> String {
    let mut text = String::new();
    for r in rows {
        let late = r.days_late.map(late_words).unwrap_or_default();
        let supporter = r.supporter.as_deref().map(|s| format!("→ {s}"));
        let _ = writeln!(
            text,
            "#{:<6} {}  {:<10} due {}{late}  {} / {} / {}  {}",
            r.id,
            clock::minute_of(&r.received_at),
            r.status,
            r.due_on,
            r.role.as_deref().unwrap_or("-"),
            r.department.as_deref().unwrap_or("-"),
            r.organization.as_deref().unwrap_or("-"),
            supporter.unwrap_or_default(),
        );
    }
    let _ = writeln!(text, "{} requests", rows.len());
    text
}

/// " (1 day late)", " (3 days late)".
fn late_words(days: i64) -> String {
    format!(" ({days} day{} late)", if days == 1 { "" } else { "s" })
}

/// A request's page: status and clock, who and what, its history and follow-ups.
fn request_page(detail: &RequestDetail) -> String {
    let mut text = format!(
        "Request #{} — {}; received {}; first contact due {}\n",
        detail.id, detail.status, detail.received_at, detail.due_on
    );
    let _ = writeln!(
        text,
        "{} / {} / {}; issues: {}",
        detail.role.as_deref().unwrap_or("-"),
        detail.department.as_deref().unwrap_or("-"),
        detail.organization.as_deref().unwrap_or("-"),
        detail.issue_types.join(", ")
    );
    if let Some(supporter) = &detail.supporter {
        let _ = writeln!(text, "Supporter: {supporter}");
    }
    for event in &detail.history {
        let note = event.detail.as_deref().map(|d| format!(" ({d})"));
        let _ = writeln!(
            text,
            "  {}  {} → {}{}",
            event.at,
            event.from_status.as_deref().unwrap_or("-"),
            event.to_status,
            note.unwrap_or_default()
        );
    }
    for follow_up in &detail.follow_ups {
        let done = follow_up.done_at.as_deref().map(|d| format!(", done {d}"));
        let _ = writeln!(
            text,
            "  follow-up due {}{}",
            follow_up.due_on,
            done.unwrap_or_default()
        );
    }
    text
}

fn end(conn: &Connection, id: i64, ending: Ending, out: &mut dyn Write) -> Outcome {
    requests::end(conn, id, ending, clock::now_local())?;
    emit(out, &format!("Request #{id} {}.\n", ending.past_tense()))
}

fn relaxed(relax: &Option<String>) -> Result<Option<Rule>, CoreError> {
    relax.as_deref().map(Rule::parse_relaxable).transpose()
}

/// `peerdesk match ID [--json] [--relax RULE]`
pub fn rank(
    store: &Store,
    id: i64,
    as_json: bool,
    relax: &Option<String>,
    out: &mut dyn Write,
) -> Outcome {
    let ranking = matching::rank_request(store.conn(), id, clock::today(), relaxed(relax)?)?;
    if as_json {
        return json(out, &ranking.candidates);
    }
    let mut text = String::new();
    if let Some(rule) = ranking.relaxed {
        let _ = writeln!(text, "Rule set aside: {}", rule.describe());
    }
    for (rank, c) in ranking.candidates.iter().enumerate() {
        let _ = writeln!(
            text,
            "{:>3}. #{:<5} {:<28} score {:>4}  {}",
            rank + 1,
            c.supporter_id,
            c.name,
            c.score,
            c.reasons
        );
    }
    if !ranking.excluded.is_empty() {
        let sentences: Vec<&str> = ranking
            .excluded
            .iter()
            .map(|e| e.sentence.as_str())
            .collect();
        let _ = writeln!(text, "Not eligible: {}", sentences.join("; "));
    }
    if ranking.candidates.is_empty() {
        let _ = writeln!(text, "No supporter qualifies for request #{id}.");
        for relaxation in &ranking.relaxations {
            let _ = writeln!(
                text,
                "Nearest: {} (peerdesk match {id} --relax {})",
                relaxation.sentence,
                serde_json::to_value(relaxation.rule)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            );
        }
    }
    emit(out, &text)
}

/// `peerdesk assign ID SUPPORTER_ID [--relax RULE]`
pub fn assign(
    store: &Store,
    id: i64,
    supporter: i64,
    relax: &Option<String>,
    out: &mut dyn Write,
) -> Outcome {
    matching::assign(
        store.conn(),
        id,
        supporter,
        relaxed(relax)?,
        clock::now_local(),
    )?;
    emit(
        out,
        &format!("Request #{id} matched with supporter #{supporter}.\n"),
    )
}

pub fn outreach(store: &mut Store, command: &OutreachCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        OutreachCommand::Add(args) => {
            let form = OutreachForm {
                occurred_on: args.date.clone(),
                kind: args.kind.clone(),
                mode: args.mode.clone(),
                referred_by: args.referred_by.clone(),
                department: args.department.clone(),
                role: args.role.clone(),
                supporter_id: args.supporter,
                issue_types: args.issues.clone(),
                resources: args.resources.clone(),
                comments: text(&args.comments),
                request_id: args.request,
            };
            let id = outreach::add(conn, &form, clock::now_local())?;
            emit(out, &format!("{id}\n"))
        }
        OutreachCommand::List {
            json: as_json,
            from,
            to,
        } => {
            let filter = OutreachFilter {
                from: from.clone(),
                to: to.clone(),
                ..OutreachFilter::default()
            };
            let rows = outreach_log::list(conn, &filter)?;
            if *as_json {
                return json(out, &rows);
            }
            let mut text = String::new();
            for r in &rows {
                let _ = writeln!(
                    text,
                    "#{:<6} {}  {:<9} {:<9} {:<7} {} / {}  {}  [{}]{}",
                    r.id,
                    r.occurred_on,
                    r.kind,
                    r.mode,
                    r.referred_by,
                    r.role.as_deref().unwrap_or("-"),
                    r.department.as_deref().unwrap_or("-"),
                    r.supporter.as_deref().unwrap_or("-"),
                    r.issue_types.join(", "),
                    r.request_id
                        .map(|q| format!("  request #{q}"))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(text, "{} outreaches", rows.len());
            emit(out, &text)
        }
    }
}

pub fn settings(store: &mut Store, command: &SettingsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        SettingsCommand::Set { key, value } => {
            // The key leads the message, as the settings screen shows it beside the key.
            program::set(conn, key, value).map_err(|e| Failure::from(e).about(key))?;
            let now = program::load(conn)?;
            emit(
                out,
                &format!("{key} = {}\n", now.value_of(key).unwrap_or_default()),
            )
        }
        SettingsCommand::Show { json: as_json } => {
            let program = program::load(conn)?;
            if *as_json {
                let map: serde_json::Map<String, serde_json::Value> = program::KEYS
                    .iter()
                    .map(|k| {
                        (
                            k.to_string(),
                            serde_json::Value::String(program.value_of(k).unwrap_or_default()),
                        )
                    })
                    .collect();
                return json(out, &map);
            }
            let mut text = String::new();
            for key in program::KEYS {
                let _ = writeln!(
                    text,
                    "{key:<24} {}",
                    program.value_of(key).unwrap_or_default()
                );
            }
            emit(out, &text)
        }
    }
}

pub fn picklist(store: &mut Store, command: &PicklistCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    match command {
        PicklistCommand::List { list } => {
            let mut text = String::new();
            for entry in picklists::entries(conn, List::from_name(list)?)? {
                let family = entry.family.map(|f| format!(" ({f})")).unwrap_or_default();
                let retired = if entry.retired { "  [retired]" } else { "" };
                let _ = writeln!(text, "{}{family}{retired}", entry.value);
            }
            emit(out, &text)
        }
        PicklistCommand::Add { list, value } => {
            let list = List::from_name(list)?;
            picklists::add(conn, list, value, None)?;
            emit(
                out,
                &format!("Added the {} \"{}\".\n", list.noun(), value.trim()),
            )
        }
        PicklistCommand::Retire { list, value } => {
            let list = List::from_name(list)?;
            let id = picklists::find(conn, list, value)?.ok_or_else(|| {
                Failure::field(
                    "value",
                    Problem::Unknown,
                    format!(
                        "there is no {} \"{}\" (see `peerdesk picklist list`)",
                        list.noun(),
                        value.trim()
                    ),
                )
            })?;
            picklists::set_retired(conn, id, true)?;
            emit(
                out,
                &format!(
                    "Retired the {} \"{}\": no longer offered, still valid in history.\n",
                    list.noun(),
                    value.trim()
                ),
            )
        }
    }
}
