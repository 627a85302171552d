//! The `peerdesk` command line. With no subcommand the program opens its window (the
//! caller, `src-tauri/src/main.rs`, does that); with one, it runs headless, never touching
//! a display. Each subcommand reads its arguments, makes one call into the core and prints
//! what happened; a failure is one line on stderr (JSON with `--json`) and an exit code by
//! class (`output::Class`, listed in `--help`).

mod access;
mod calendar;
mod care;
mod daily;
mod group;
mod output;
mod print;
mod progress;
mod reports;
mod requests;
mod roster;
mod safety;
mod session;
mod setup;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use peerdesk_core::Store;

use crate::output::{Failure, Outcome};
use crate::session::Context;

/// PeerDesk: the private workbench of a peer-support program for health-care workers.
///
/// Without a command, opens the PeerDesk window. With one, runs headless.
#[derive(Debug, Parser)]
#[command(name = "peerdesk", version, after_help = output::EXIT_CODES)]
pub struct Cli {
    /// Folder holding the database and its key file [default: the platform's app-data folder]
    #[arg(long, global = true, env = "PEERDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Read the passphrase from FILE (one line). PEERDESK_PASSPHRASE may hold it instead.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Use the passphrase alone; never touch the OS credential store (servers, tests)
    #[arg(long, global = true, env = "PEERDESK_NO_KEYCHAIN", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_keychain: bool,

    /// A command that changes the store waits up to SECONDS for the PeerDesk window (or
    /// another command) to let go of the data folder, instead of stopping at once
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 0)]
    pub wait: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set up a new encrypted store; the passphrase given becomes the recovery passphrase
    Init,
    /// Show where the store is, its versions, how it was unlocked and its row counts (never a name or key), after checking every page of the file against its HMAC
    Status {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Fill an empty store with synthetic demo data (no real people)
    Demo {
        /// small: about 40 supporters, 300 requests, 500 outreaches; large: 2,000 / 50,000 / 200,000
        #[arg(long, default_value = "small", value_parser = ["small", "large"])]
        size: String,
    },
    /// The roster of peer supporters: import from a spreadsheet, list, show, rest, consent
    #[command(subcommand)]
    Supporters(roster::SupportersCommand),
    /// The nomination survey: import its CSV, tally who staff would turn to
    #[command(subcommand)]
    Nominations(roster::NominationsCommand),
    /// Organizations: the host program and its partners
    #[command(subcommand)]
    Orgs(roster::OrgsCommand),
    /// Requests for support: take in, import the web form, list, show, close, rematch
    #[command(subcommand)]
    Requests(requests::RequestsCommand),
    /// Rank the supporters who may take request ID, with the reasons
    Match {
        /// The request's number
        id: i64,
        /// Print JSON (supporter_id, name, score, reasons, …) instead of text
        #[arg(long)]
        json: bool,
        /// Set one rule aside for this request: case-limit, own-organization, other-organization, own-department
        #[arg(long, value_name = "RULE")]
        relax: Option<String>,
    },
    /// Confirm a match: supporter SUPPORTER_ID takes request ID
    Assign {
        /// The request's number
        id: i64,
        /// The supporter's id (see `peerdesk match ID`)
        supporter_id: i64,
        /// Set one rule aside, as `match --relax` showed
        #[arg(long, value_name = "RULE")]
        relax: Option<String>,
    },
    /// The outreach log: one entry per contact, never a name
    #[command(subcommand)]
    Outreach(daily::OutreachCommand),
    /// Critical events (a code, a death, an assault): log one for a unit, list them with
    /// whether the unit was reached within the outreach target
    #[command(subcommand)]
    Events(group::EventsCommand),
    /// Team huddles, debriefs and check-ins after critical events: headcounts, never names
    #[command(subcommand)]
    Debriefs(group::DebriefsCommand),
    /// Due first contacts and follow-ups of open requests as an .ics calendar file for Outlook
    /// or any calendar: one all-day event each, "PeerDesk follow-up, request #123", never a name
    Calendar {
        /// Where to write it (a .ics file; importing a later one updates the same events)
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        /// Replace FILE.ics if it exists (without this an existing file is left untouched)
        #[arg(long)]
        replace: bool,
    },
    /// The program's settings: mode, reply target, follow-ups, retention, holidays, contact
    /// details, the outreach target after a critical event
    #[command(subcommand)]
    Settings(daily::SettingsCommand),
    /// The program's pick-lists: roles, departments, issue-types, resources, channels, languages
    #[command(subcommand)]
    Picklist(daily::PicklistCommand),
    /// The aggregate report for a period (default: the last 12 full months), small counts
    /// suppressed ("<11")
    Report {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        period: reports::Period,
    },
    /// De-identified exports (always de-identified: no flag turns that off)
    #[command(subcommand)]
    Export(reports::ExportCommand),
    /// Printed material as PDF: the co-branded flyer, a break-room sign, the committee report;
    /// and the signs printed so far
    #[command(subcommand)]
    Print(print::PrintCommand),
    /// Write a verified backup: one file that restores everything with the recovery passphrase
    Backup {
        /// Where to write it (an existing file is never replaced)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into the data folder, with the recovery passphrase of the backup
    Restore {
        /// The backup file
        file: PathBuf,
        /// Replace the store in the data folder; it is kept as <folder>.before-restore-<time>
        #[arg(long)]
        replace: bool,
    },
    /// The recovery passphrase
    #[command(subcommand)]
    Passphrase(safety::PassphraseCommand),
    /// Rotate the data key: every page re-encrypted under a new key (needs the passphrase)
    Rekey,
    /// Reporting access for the quality or wellness office: a passphrase that opens reports,
    /// the de-identified export and the flyer only, on a store that holds no name
    #[command(subcommand)]
    Reporting(access::ReportingCommand),
    /// The audit log: list it, check that no entry was changed or removed
    #[command(subcommand)]
    Audit(access::AuditCommand),
}

impl Command {
    /// Whether the command changes the store, and so must not run while the window (or
    /// another such command) has the data folder.
    fn writes(&self) -> bool {
        use daily::{OutreachCommand, PicklistCommand, SettingsCommand};
        use requests::RequestsCommand;
        use roster::{NominationsCommand, OrgsCommand, SupportersCommand};
        match self {
            Command::Init
            | Command::Demo { .. }
            | Command::Assign { .. }
            | Command::Restore { .. }
            | Command::Passphrase(_)
            | Command::Rekey
            | Command::Reporting(_) => true,
            Command::Supporters(c) => !matches!(
                c,
                SupportersCommand::List { .. } | SupportersCommand::Show { .. }
            ),
            Command::Nominations(c) => !matches!(c, NominationsCommand::Tally { .. }),
            Command::Orgs(c) => !matches!(c, OrgsCommand::List { .. }),
            Command::Requests(c) => !matches!(
                c,
                RequestsCommand::List { .. } | RequestsCommand::Show { .. }
            ),
            Command::Outreach(c) => !matches!(c, OutreachCommand::List { .. }),
            Command::Events(c) => !matches!(c, group::EventsCommand::List { .. }),
            Command::Debriefs(c) => !matches!(c, group::DebriefsCommand::List { .. }),
            Command::Settings(c) => !matches!(c, SettingsCommand::Show { .. }),
            Command::Picklist(c) => !matches!(c, PicklistCommand::List { .. }),
            Command::Status { .. }
            | Command::Match { .. }
            | Command::Calendar { .. }
            | Command::Report { .. }
            | Command::Export(_)
            | Command::Print(_)
            | Command::Backup { .. }
            | Command::Audit(_) => false,
        }
    }
}

/// What the window needs from the command line when no subcommand was given.
#[derive(Debug, Clone, Default)]
pub struct WindowOptions {
    pub data_dir: Option<PathBuf>,
    pub no_keychain: bool,
}

/// What `main` should do after the arguments were read.
pub enum Invocation {
    Window(WindowOptions),
    Exit(i32),
}

/// Parses the arguments; runs a subcommand if one was given.
pub fn dispatch(args: impl IntoIterator<Item = OsString>) -> Invocation {
    let args: Vec<OsString> = args.into_iter().collect();
    let as_json = wants_json(&args);
    // The streams are locked per write, not for the whole command: a worker thread (an
    // export's grouping, a report's second half) that panics must be able to say so on
    // stderr, or the command would wait for it forever.
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    match Cli::try_parse_from(args) {
        Ok(Cli {
            data_dir,
            no_keychain,
            command: None,
            ..
        }) => Invocation::Window(WindowOptions {
            data_dir,
            no_keychain,
        }),
        Ok(cli) => Invocation::Exit(run(cli, as_json, &mut stdout, &mut stderr, at_a_terminal())),
        Err(error) => {
            Invocation::Exit(report_usage_error(error, as_json, &mut stderr, &mut stdout))
        }
    }
}

/// Parses and runs in one go, writing to the given streams (for tests). Never prompts.
pub fn run_args<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let as_json = wants_json(&args);
    match Cli::try_parse_from(args) {
        Ok(cli) => run(cli, as_json, out, err, false),
        Err(error) => report_usage_error(error, as_json, err, out),
    }
}

/// Whether the command asked for JSON: then its failure is JSON too, even one that clap
/// finds before the command is known.
fn wants_json(args: &[OsString]) -> bool {
    args.iter().any(|a| a == "--json")
}

/// A usage error in one line that names what is wrong (every missing argument, the value
/// refused and the values allowed), not only clap's first line.
fn report_usage_error(
    error: clap::Error,
    as_json: bool,
    err: &mut dyn Write,
    out: &mut dyn Write,
) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = write!(out, "{error}");
        return 0;
    }
    let rendered = error.render().to_string();
    let what = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("Usage:"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let what = what.trim_start_matches("error: ");
    let what = if what.is_empty() {
        "invalid arguments"
    } else {
        what
    };
    Failure::input("usage", format!("{what} (see `peerdesk --help`)")).report(err, as_json)
}

/// Runs one parsed command. Returns the exit code; a failure is one line on stderr, or with
/// `--json` one JSON object. `may_prompt`: a person is at the terminal, so a missing
/// passphrase may be asked for.
fn run(cli: Cli, as_json: bool, out: &mut dyn Write, err: &mut dyn Write, may_prompt: bool) -> i32 {
    match execute(&cli, out, err, may_prompt) {
        Ok(()) => 0,
        Err(failure) => failure.report(err, as_json),
    }
}

/// One subcommand: its store opened by `session::Context`, then one function of the
/// subcommand's module.
fn execute(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write, may_prompt: bool) -> Outcome {
    let Some(command) = &cli.command else {
        return Err(Failure::input(
            "usage",
            "no command given (run `peerdesk` without arguments for the window)",
        ));
    };
    let ctx = Context::new(cli, command.writes(), may_prompt)?;
    match command {
        Command::Init => setup::init(&ctx, out, err),
        Command::Status { json } => setup::status(&ctx.open()?, *json, out),
        Command::Demo { size } => setup::demo(&mut ctx.open()?, size, out),
        Command::Supporters(command) => changed(&ctx, err, |s| roster::supporters(s, command, out)),
        Command::Nominations(command) => roster::nominations(&mut ctx.open()?, command, out),
        Command::Orgs(command) => changed(&ctx, err, |s| roster::orgs(s, command, out)),
        Command::Requests(command) => changed(&ctx, err, |s| requests::requests(s, command, out)),
        Command::Match { id, json, relax } => daily::rank(&ctx.open()?, *id, *json, relax, out),
        Command::Assign {
            id,
            supporter_id,
            relax,
        } => changed(&ctx, err, |s| {
            daily::assign(s, *id, *supporter_id, relax, out)
        }),
        Command::Outreach(command) => changed(&ctx, err, |s| daily::outreach(s, command, out)),
        Command::Events(command) => changed(&ctx, err, |s| group::events(s, command, out)),
        Command::Debriefs(command) => changed(&ctx, err, |s| group::debriefs(s, command, out)),
        Command::Calendar { out: path, replace } => {
            calendar::calendar(&ctx.open()?, path, *replace, out)
        }
        Command::Settings(command) => changed(&ctx, err, |s| daily::settings(s, command, out)),
        Command::Picklist(command) => changed(&ctx, err, |s| daily::picklist(s, command, out)),
        // The three commands reporting access may run: on whichever store the key opens.
        Command::Report { json, period } => {
            reports::report(ctx.open_session()?.conn(), *json, period, out)
        }
        Command::Export(command) => reports::export(ctx.open_session()?.conn(), command, out),
        Command::Print(command) => {
            let session = ctx.open_session()?;
            print::print(session.conn(), session.access(), command, out)
        }
        Command::Reporting(command) => access::reporting(&ctx, command, out),
        Command::Audit(command) => access::audit(&ctx.open()?, command, out),
        Command::Backup { out: path } => safety::backup(&ctx.open()?, path, out),
        Command::Restore { file, replace } => safety::restore(&ctx, file, *replace, out),
        Command::Passphrase(command) => safety::change_passphrase(&ctx, command, out),
        Command::Rekey => safety::rekey(&ctx, out),
    }
}

/// Runs a command on the coordinator's store; when the command changes data, refreshes the
/// reporting store (when one is issued) after it, as the window does. A listing does not.
fn changed(ctx: &Context, err: &mut dyn Write, run: impl FnOnce(&mut Store) -> Outcome) -> Outcome {
    let mut store = ctx.open()?;
    run(&mut store)?;
    if ctx.writes() {
        session::refresh_reporting(&store, err);
    }
    Ok(())
}

fn at_a_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

pub(crate) fn human_bytes(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
