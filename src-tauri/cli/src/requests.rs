//! `peerdesk requests add|import|list|show|close|withdraw|decline|reopen|rematch|refer|referral`:
//! the intake, the reply clock and referrals to further help from the command line. Each subcommand is one call into
//! `peerdesk_core::daily::requests`; this file reads the flags and prints what happened.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use peerdesk_core::daily::referrals::{self, ReferralForm};
use peerdesk_core::daily::requests::import as request_import;
use peerdesk_core::daily::requests::{
    self, Ending, Release, RequestDetail, RequestFilter, RequestForm, RequestRow, Status,
};
use peerdesk_core::{clock, Store};
use rusqlite::Connection;

use crate::daily::text;
use crate::output::{emit, json, Outcome};
use crate::progress::with_bar;

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
    /// Refer the requester to further help (EAP, chaplaincy, psychiatry, occupational health,
    /// or any service the program names); tracked until its outcome is set
    Refer {
        id: i64,
        /// The service (a name of a service, never of a person)
        #[arg(long, value_name = "SERVICE")]
        to: String,
        /// The day of the referral, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Set the outcome of the request's latest referral (or of --referral N)
    Referral {
        id: i64,
        /// connected, declined, not-reached (or referred, to undo a mistake)
        #[arg(long, value_parser = referrals::Outcome::NAMES)]
        outcome: String,
        /// Which referral of the request, when it has several (see `peerdesk requests show`)
        #[arg(long, value_name = "N")]
        referral: Option<i64>,
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
    /// Where the request came from: a flyer batch's source code (like icu-2026-12)
    #[arg(long, value_name = "CODE")]
    source: Option<String>,
}

/// `peerdesk requests add|import|list|show|close|withdraw|decline|reopen|rematch|refer|referral`.
pub fn requests(store: &mut Store, command: &RequestsCommand, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    let now = clock::now_local();
    match command {
        RequestsCommand::Add(args) => {
            let id = requests::add(conn, &args.form(), now)?;
            emit(out, &format!("{id}\n"))
        }
        RequestsCommand::Import { file, dry_run } => import(store, file, *dry_run, out),
        RequestsCommand::Refer { id, to, date } => {
            let form = ReferralForm {
                service: to.clone(),
                referred_on: date.clone().unwrap_or_default(),
            };
            let referral = referrals::refer(conn, *id, &form, now)?;
            emit(
                out,
                &format!(
                    "Request #{id} referred (referral #{referral}); set its outcome with: peerdesk requests referral {id} --outcome connected|declined|not-reached\n"
                ),
            )
        }
        RequestsCommand::Referral {
            id,
            outcome,
            referral,
        } => {
            let referral = match referral {
                Some(referral) => {
                    let of_request = referrals::of_request(conn, *id, now.date())?;
                    if !of_request.iter().any(|r| r.id == *referral) {
                        return Err(peerdesk_core::CoreError::refused(
                            peerdesk_core::error::Problem::Unknown,
                            format!("request #{id} has no referral #{referral}"),
                        )
                        .into());
                    }
                    *referral
                }
                None => referrals::latest_of(conn, *id)?,
            };
            let outcome = referrals::Outcome::parse(outcome)?;
            referrals::set_outcome(conn, referral, outcome, now)?;
            emit(
                out,
                &format!(
                    "Referral #{referral} of request #{id}: {}.\n",
                    outcome.words()
                ),
            )
        }
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
            let referrals = referrals::of_request(conn, *id, now.date())?;
            if *as_json {
                /// The request's page with its referrals, as one JSON object.
                #[derive(serde::Serialize)]
                struct Page<'a> {
                    #[serde(flatten)]
                    detail: &'a RequestDetail,
                    referrals: &'a [referrals::Referral],
                }
                return json(
                    out,
                    &Page {
                        detail: &detail,
                        referrals: &referrals,
                    },
                );
            }
            emit(out, &request_page(&detail, &referrals))
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
            source: text(&self.source),
        }
    }
}

/// `peerdesk requests import FILE [--dry-run]`: the rows, each rejection, then what was done.
fn import(store: &Store, file: &Path, dry_run: bool, out: &mut dyn Write) -> Outcome {
    let report = with_bar(|work| {
        request_import::import_file(store.conn(), file, None, clock::now_local(), !dry_run, work)
    })?;
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
fn request_page(detail: &RequestDetail, referrals: &[referrals::Referral]) -> String {
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
    for referral in referrals {
        let _ = writeln!(
            text,
            "  referral #{} to {} on {}: {}{}",
            referral.id,
            referral.service,
            referral.referred_on,
            referral.outcome.words(),
            if referral.due_for_check {
                " (a week on: check how it went)"
            } else {
                ""
            }
        );
    }
    text
}

fn end(conn: &Connection, id: i64, ending: Ending, out: &mut dyn Write) -> Outcome {
    requests::end(conn, id, ending, clock::now_local())?;
    emit(out, &format!("Request #{id} {}.\n", ending.past_tense()))
}
