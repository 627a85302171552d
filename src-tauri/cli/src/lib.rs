//! The `peerdesk` command line. With no subcommand the program opens its window (the
//! caller, `src-tauri/src/main.rs`, does that); with one, it runs headless, never touching
//! a display: exit 0 on success, 1 with a one-line message on stderr for anything the user
//! can fix. Each subcommand is one call into the core.

mod access;
mod daily;
mod output;
mod print;
mod reports;
mod roster;
mod safety;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::keystore::{KeyStoreError, OsKeyStore};
use peerdesk_core::reporting::{self, Session};
use peerdesk_core::store::instance::{FolderLock, Holder};
use peerdesk_core::{CoreError, DataDir, Keychain, Passphrase, Store};

/// Why a command is refused with reporting access.
pub(crate) const REPORTING_ONLY: &str = "the reporting passphrase opens `report`, `export` and `print flyer|report` only: the coordinator does the rest";

/// PeerDesk: the private workbench of a peer-support program for health-care workers.
///
/// Without a command, opens the PeerDesk window. With one, runs headless.
#[derive(Debug, Parser)]
#[command(name = "peerdesk", version)]
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
    /// Show where the store is, its versions, how it was unlocked and its row counts (never a name or key)
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
    /// The roster of peer supporters: import from a spreadsheet, list
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
    Requests(daily::RequestsCommand),
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
    /// The program's settings: mode, reply target, follow-ups, retention, holidays, contact details
    #[command(subcommand)]
    Settings(daily::SettingsCommand),
    /// The program's pick-lists: roles, departments, issue-types, resources, channels, languages
    #[command(subcommand)]
    Picklist(daily::PicklistCommand),
    /// The aggregate report for a period, small counts suppressed ("<11")
    Report {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// From this date (YYYY-MM-DD) [default: the first of this month]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// De-identified exports (always de-identified: no flag turns that off)
    #[command(subcommand)]
    Export(reports::ExportCommand),
    /// Printed material as PDF: the co-branded flyer, a break-room sign, the committee report
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
        use daily::{OutreachCommand, PicklistCommand, RequestsCommand, SettingsCommand};
        use roster::{NominationsCommand, OrgsCommand, SupportersCommand};
        match self {
            Command::Init
            | Command::Demo { .. }
            | Command::Assign { .. }
            | Command::Restore { .. }
            | Command::Passphrase(_)
            | Command::Rekey
            | Command::Reporting(_) => true,
            Command::Supporters(c) => !matches!(c, SupportersCommand::List { .. }),
            Command::Nominations(c) => !matches!(c, NominationsCommand::Tally { .. }),
            Command::Orgs(c) => !matches!(c, OrgsCommand::List { .. }),
            Command::Requests(c) => !matches!(
                c,
                RequestsCommand::List { .. } | RequestsCommand::Show { .. }
            ),
            Command::Outreach(c) => !matches!(c, OutreachCommand::List { .. }),
            Command::Settings(c) => !matches!(c, SettingsCommand::Show { .. }),
            Command::Picklist(c) => !matches!(c, PicklistCommand::List { .. }),
            Command::Status { .. }
            | Command::Match { .. }
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
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
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
        Ok(cli) => Invocation::Exit(run(
            cli,
            &mut stdout.lock(),
            &mut stderr.lock(),
            at_a_terminal(),
        )),
        Err(error) => Invocation::Exit(report_usage_error(
            error,
            &mut stderr.lock(),
            &mut stdout.lock(),
        )),
    }
}

/// Parses and runs in one go, writing to the given streams (for tests). Never prompts.
pub fn run_args<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => run(cli, out, err, false),
        Err(error) => report_usage_error(error, err, out),
    }
}

fn report_usage_error(error: clap::Error, err: &mut dyn Write, out: &mut dyn Write) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = write!(out, "{error}");
        return 0;
    }
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    let _ = writeln!(err, "peerdesk: {first} (see `peerdesk --help`)");
    1
}

/// Runs one parsed command. Returns the exit code; the message for a failure is one line.
/// `may_prompt`: a person is at the terminal, so a missing passphrase may be asked for.
fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write, may_prompt: bool) -> i32 {
    match execute(&cli, out, err, may_prompt) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "peerdesk: {message}");
            1
        }
    }
}

fn execute(
    cli: &Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
    may_prompt: bool,
) -> Result<(), String> {
    let Some(command) = &cli.command else {
        return Err("no command given (run `peerdesk` without arguments for the window)".into());
    };
    let dir = DataDir::resolve(cli.data_dir.clone()).map_err(|e| e.to_string())?;
    let os_store = if cli.no_keychain {
        None
    } else {
        Some(OsKeyStore::connect())
    };
    let keychain = keychain(&os_store);
    let write_failed = |e: std::io::Error| format!("could not write the output: {e}");
    // Held until the command ends: the window cannot open the folder meanwhile, nor this
    // command change a store the window has open.
    let writes = command.writes();
    let _folder = if writes {
        Some(
            FolderLock::acquire(&dir, Holder::CommandLine, Duration::from_secs(cli.wait))
                .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    match command {
        Command::Init => {
            let passphrase = match passphrase(cli)? {
                Some(given) => given,
                None if may_prompt => prompt_new_passphrase(err)?,
                None => {
                    return Err(format!(
                        "a recovery passphrase is needed: {GIVE_PASSPHRASE}"
                    ))
                }
            };
            let store = Store::create(&dir, &passphrase, keychain).map_err(|e| e.to_string())?;
            writeln!(
                out,
                "Created a new encrypted PeerDesk store at {}",
                dir.database().display()
            )
            .map_err(write_failed)?;
            writeln!(
                out,
                "Unlocks with: {}; the recovery passphrase always works too.",
                store.unlocked_by()
            )
            .map_err(write_failed)?;
            if let Some(problem) = store.keychain_problem() {
                writeln!(err, "note: the OS credential store could not keep the key ({problem}); use the passphrase to unlock")
                    .map_err(write_failed)?;
            }
        }
        Command::Status { json } => {
            let store = open(cli, &dir, keychain, may_prompt)?;
            let status = store.status().map_err(|e| e.to_string())?;
            if *json {
                let text = serde_json::to_string_pretty(&status).map_err(|e| e.to_string())?;
                writeln!(out, "{text}").map_err(write_failed)?;
            } else {
                writeln!(
                    out,
                    "Store:           {} ({})",
                    status.database.display(),
                    human_bytes(status.database_bytes)
                )
                .map_err(write_failed)?;
                writeln!(out, "Key file:        {}", status.key_file.display())
                    .map_err(write_failed)?;
                writeln!(out, "Schema version:  {}", status.schema_version)
                    .map_err(write_failed)?;
                writeln!(out, "SQLCipher:       {}", status.sqlcipher_version)
                    .map_err(write_failed)?;
                writeln!(out, "Unlocked with:   {}", status.unlocked_by).map_err(write_failed)?;
                writeln!(out, "Rows:").map_err(write_failed)?;
                for count in &status.counts {
                    writeln!(out, "  {:<20} {:>9}", count.table, count.rows)
                        .map_err(write_failed)?;
                }
            }
        }
        Command::Demo { size } => {
            let size: DemoSize = size.parse().map_err(|e: CoreError| e.to_string())?;
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            let started = Instant::now();
            let show_progress = std::io::stderr().is_terminal();
            let summary = demo::load(
                &mut store,
                size,
                peerdesk_core::clock::now_local(),
                &mut |p| {
                    if show_progress {
                        let _ = write!(err, "\r{}: {} of {}   ", p.stage, p.done, p.total);
                    }
                },
            )
            .map_err(|e| e.to_string())?;
            if show_progress {
                let _ = writeln!(err);
            }
            writeln!(
                out,
                "Loaded demo data: {} organizations, {} supporters, {} requests, {} outreaches in {:.1} s",
                summary.organizations,
                summary.supporters,
                summary.requests,
                summary.outreaches,
                started.elapsed().as_secs_f64()
            )
            .map_err(write_failed)?;
        }
        Command::Supporters(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            roster::supporters(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        Command::Nominations(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            roster::nominations(&mut store, command, out)?;
        }
        Command::Orgs(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            roster::orgs(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        Command::Requests(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            daily::requests(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        Command::Match { id, json, relax } => {
            let store = open(cli, &dir, keychain, may_prompt)?;
            daily::rank(&store, *id, *json, relax, out)?;
        }
        Command::Assign {
            id,
            supporter_id,
            relax,
        } => {
            let store = open(cli, &dir, keychain, may_prompt)?;
            daily::assign(&store, *id, *supporter_id, relax, out)?;
            refresh_reporting(&store, true, err);
        }
        Command::Outreach(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            daily::outreach(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        Command::Settings(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            daily::settings(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        Command::Picklist(command) => {
            let mut store = open(cli, &dir, keychain, may_prompt)?;
            daily::picklist(&mut store, command, out)?;
            refresh_reporting(&store, writes, err);
        }
        // The three commands reporting access may run: on whichever store the key opens.
        Command::Report { json, from, to } => {
            let session = open_session(cli, &dir, keychain, may_prompt)?;
            reports::report(session.conn(), *json, from, to, out)?;
        }
        Command::Export(command) => {
            let session = open_session(cli, &dir, keychain, may_prompt)?;
            reports::export(session.conn(), command, out)?;
        }
        Command::Print(command) => {
            let session = open_session(cli, &dir, keychain, may_prompt)?;
            print::print(session.conn(), session.access(), command, out)?;
        }
        Command::Reporting(
            command @ access::ReportingCommand::Issue {
                recovery_passphrase_file,
            },
        ) => {
            // Here --passphrase-file holds the reporting passphrase being issued; the store
            // itself opens with the credential store, the recovery passphrase's own file or
            // PEERDESK_PASSPHRASE.
            let new_passphrase = cli
                .passphrase_file
                .as_deref()
                .map(read_passphrase_file)
                .transpose()?;
            let recovery = match recovery_passphrase_file {
                Some(path) => Some(read_passphrase_file(path)?),
                None => passphrase_from_env(),
            };
            let store = match open_session_with(&dir, keychain, recovery, may_prompt)? {
                Session::Coordinator(store) => store,
                Session::Reporting(_) => return Err(REPORTING_ONLY.into()),
            };
            access::reporting(&store, command, new_passphrase, out)?;
        }
        Command::Reporting(command) => {
            let store = match open_session(cli, &dir, keychain, may_prompt)? {
                Session::Coordinator(store) => store,
                Session::Reporting(_) => return Err(REPORTING_ONLY.into()),
            };
            access::reporting(&store, command, None, out)?;
        }
        Command::Audit(command) => {
            let store = open(cli, &dir, keychain, may_prompt)?;
            access::audit(&store, command, out)?;
        }
        Command::Backup { out: path } => {
            let store = open(cli, &dir, keychain, may_prompt)?;
            safety::backup(&store, path, out)?;
        }
        Command::Restore { file, replace } => {
            let passphrase =
                required_passphrase(cli, may_prompt, "the backup's recovery passphrase")?;
            safety::restore(&dir, file, &passphrase, *replace, keychain, out)?;
        }
        Command::Passphrase(command) => {
            let current = required_passphrase(cli, may_prompt, "the current recovery passphrase")?;
            let mut store =
                Store::unlock(&dir, keychain, Some(&current)).map_err(|e| e.to_string())?;
            safety::change_passphrase(&mut store, &current, command, out)?;
        }
        Command::Rekey => {
            let passphrase = required_passphrase(cli, may_prompt, "the recovery passphrase")?;
            let mut store =
                Store::unlock(&dir, keychain, Some(&passphrase)).map_err(|e| e.to_string())?;
            safety::rekey(&mut store, &passphrase, keychain, out)?;
        }
    }
    Ok(())
}

fn keychain(os_store: &Option<Result<OsKeyStore, KeyStoreError>>) -> Keychain<'_> {
    match os_store {
        None => Keychain::Off,
        Some(Ok(store)) => Keychain::On(store),
        Some(Err(e)) => Keychain::Unreachable(e),
    }
}

const GIVE_PASSPHRASE: &str = "give it with --passphrase-file FILE or PEERDESK_PASSPHRASE";

/// Opens the coordinator's store; the reporting passphrase is refused here.
fn open(
    cli: &Cli,
    dir: &DataDir,
    keychain: Keychain<'_>,
    may_prompt: bool,
) -> Result<Store, String> {
    match open_session(cli, dir, keychain, may_prompt)? {
        Session::Coordinator(store) => Ok(store),
        Session::Reporting(_) => Err(REPORTING_ONLY.into()),
    }
}

/// Opens whichever store the passphrase given opens (the coordinator's, or with the
/// reporting passphrase the reporting store).
fn open_session(
    cli: &Cli,
    dir: &DataDir,
    keychain: Keychain<'_>,
    may_prompt: bool,
) -> Result<Session, String> {
    open_session_with(dir, keychain, passphrase(cli)?, may_prompt)
}

/// After a change from the command line, the reporting store (when one is issued) is
/// refreshed, as the window does: staff never read yesterday's data. A failure is a note,
/// not a failed command: the change itself was made.
fn refresh_reporting(store: &Store, changed: bool, err: &mut dyn Write) {
    if !changed || !reporting::is_issued_in(store.dir()) {
        return;
    }
    if let Err(problem) = reporting::refresh(store) {
        let _ = writeln!(
            err,
            "note: the reporting store could not be refreshed ({problem}); run `peerdesk reporting refresh`"
        );
    }
}

/// Opens the existing store, turning "which screen would the window show" into advice.
/// When the passphrase is needed, none was given and a person is at the terminal, asks once.
fn open_session_with(
    dir: &DataDir,
    keychain: Keychain<'_>,
    given: Option<Passphrase>,
    may_prompt: bool,
) -> Result<Session, String> {
    let needs_passphrase = |e: &CoreError| {
        matches!(
            e,
            CoreError::RecoveryNeeded
                | CoreError::PassphraseNeeded(_)
                | CoreError::Locked
                | CoreError::StaleStoredKey
        )
    };
    match Session::unlock(dir, keychain, given.as_ref()) {
        Ok(store) => Ok(store),
        Err(e) if needs_passphrase(&e) && given.is_none() && may_prompt => {
            let typed = prompt("PeerDesk passphrase: ")?;
            Session::unlock(dir, keychain, Some(&typed)).map_err(|e| e.to_string())
        }
        Err(e) if needs_passphrase(&e) => Err(format!("{e}: {GIVE_PASSPHRASE}")),
        Err(other) => Err(other.to_string()),
    }
}

fn at_a_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Reads a passphrase from the terminal without echoing it.
fn prompt(question: &str) -> Result<Passphrase, String> {
    let typed = rpassword::prompt_password(question)
        .map_err(|e| format!("could not read the passphrase: {e}"))?;
    let passphrase = Passphrase::new(typed);
    if passphrase.is_empty() {
        return Err("no passphrase typed".into());
    }
    Ok(passphrase)
}

/// Asks for a new recovery passphrase at the terminal: judged as the setup screen judges
/// it, then typed a second time.
fn prompt_new_passphrase(err: &mut dyn Write) -> Result<Passphrase, String> {
    let _ = writeln!(
        err,
        "Choose the recovery passphrase: at least {} characters, hard to guess. Write it down \
         and keep it safe: it unlocks the data when the credential store cannot.",
        peerdesk_core::passphrase::MIN_CHARS
    );
    let first = prompt("Recovery passphrase: ")?;
    peerdesk_core::passphrase::require_acceptable(&first).map_err(|e| e.to_string())?;
    let again = prompt("Type it again: ")?;
    if first.expose() != again.expose() {
        return Err("the two passphrases differ; nothing was created".into());
    }
    Ok(first)
}

/// A passphrase that a command cannot do without: from the usual sources, else asked for
/// at the terminal, else an error that says how to give it.
fn required_passphrase(cli: &Cli, may_prompt: bool, what: &str) -> Result<Passphrase, String> {
    match passphrase(cli)? {
        Some(given) => Ok(given),
        None if may_prompt => prompt(&format!("{}: ", capitalized(what))),
        None => Err(format!("{what} is needed: {GIVE_PASSPHRASE}")),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Reads a passphrase file: one line, not empty.
pub(crate) fn read_passphrase_file(path: &std::path::Path) -> Result<Passphrase, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the passphrase file {}: {e}", path.display()))?;
    let passphrase = Passphrase::from_file_contents(text);
    if passphrase.is_empty() {
        return Err(format!("the passphrase file {} is empty", path.display()));
    }
    Ok(passphrase)
}

/// The passphrase from `--passphrase-file`, else from `PEERDESK_PASSPHRASE`, else none.
fn passphrase(cli: &Cli) -> Result<Option<Passphrase>, String> {
    if let Some(path) = &cli.passphrase_file {
        return read_passphrase_file(path).map(Some);
    }
    Ok(passphrase_from_env())
}

fn passphrase_from_env() -> Option<Passphrase> {
    std::env::var("PEERDESK_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(Passphrase::new)
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
