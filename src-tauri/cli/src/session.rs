//! Opening the store from the command line: the data folder, the OS credential store, and
//! the passphrase from `--passphrase-file`, `PEERDESK_PASSPHRASE` or (when a person is at
//! the terminal) a prompt. Every subcommand gets its store from here, so they all refuse a
//! reporting passphrase, ask for a missing passphrase and say how to give one the same way.

use std::io::Write;
use std::time::Duration;

use peerdesk_core::reporting::access;
use peerdesk_core::store::instance::{FolderLock, Holder};
use peerdesk_core::store::keystore::{KeyStoreError, OsKeyStore};
use peerdesk_core::store::passphrase;
use peerdesk_core::store::session::Session;
use peerdesk_core::{DataDir, Keychain, Passphrase, Store};

use crate::output::Failure;
use crate::Cli;

/// Why a command is refused with reporting access.
pub(crate) const REPORTING_ONLY: &str = "the reporting passphrase opens `report`, `export` and `print flyer|report` only: the coordinator does the rest";

const GIVE_PASSPHRASE: &str = "give it with --passphrase-file FILE or PEERDESK_PASSPHRASE";

/// What a subcommand runs with: the data folder, the credential store (unless
/// `--no-keychain`), the passphrase given, and whether a person may be asked.
pub struct Context {
    pub dir: DataDir,
    os_store: Option<Result<OsKeyStore, KeyStoreError>>,
    given: Option<Passphrase>,
    /// Whether `given` came from `--passphrase-file` (not from PEERDESK_PASSPHRASE).
    given_in_file: bool,
    may_prompt: bool,
    writes: bool,
    /// Held until the command ends when it changes the store: the window cannot open the
    /// folder meanwhile, nor this command change a store the window has open.
    _folder: Option<FolderLock>,
}

impl Context {
    pub fn new(cli: &Cli, writes: bool, may_prompt: bool) -> Result<Context, Failure> {
        let dir = DataDir::resolve(cli.data_dir.clone())?;
        let folder = if writes {
            Some(FolderLock::acquire(
                &dir,
                Holder::CommandLine,
                Duration::from_secs(cli.wait),
            )?)
        } else {
            None
        };
        Ok(Context {
            os_store: (!cli.no_keychain).then(OsKeyStore::connect),
            given: given_passphrase(cli)?,
            given_in_file: cli.passphrase_file.is_some(),
            dir,
            may_prompt,
            writes,
            _folder: folder,
        })
    }

    /// Whether the command changes the store (it then holds the data folder).
    pub fn writes(&self) -> bool {
        self.writes
    }

    /// The passphrase given with `--passphrase-file` itself (never PEERDESK_PASSPHRASE,
    /// which holds the passphrase that opens the store), if any.
    pub fn given_in_file(&self) -> Option<&Passphrase> {
        self.given.as_ref().filter(|_| self.given_in_file)
    }

    pub fn keychain(&self) -> Keychain<'_> {
        match &self.os_store {
            None => Keychain::Off,
            Some(Ok(store)) => Keychain::On(store),
            Some(Err(e)) => Keychain::Unreachable(e),
        }
    }

    /// Opens the coordinator's store; the reporting passphrase is refused here.
    pub fn open(&self) -> Result<Store, Failure> {
        coordinator_only(self.open_session()?)
    }

    /// Opens whichever store the passphrase given opens (the coordinator's, or with the
    /// reporting passphrase the reporting store).
    pub fn open_session(&self) -> Result<Session, Failure> {
        self.open_with(self.given.clone())
    }

    /// Opens the existing store with `given`, turning "which screen would the window show"
    /// into advice. When the passphrase is needed, none was given and a person is at the
    /// terminal, asks once.
    pub fn open_with(&self, given: Option<Passphrase>) -> Result<Session, Failure> {
        match Session::unlock(&self.dir, self.keychain(), given.as_ref()) {
            Ok(session) => Ok(session),
            Err(e) if e.needs_passphrase() && given.is_none() && self.may_prompt => {
                let typed = prompt("PeerDesk passphrase: ")?;
                Ok(Session::unlock(&self.dir, self.keychain(), Some(&typed))?)
            }
            Err(e) if e.needs_passphrase() => {
                Err(Failure::input(e.code(), format!("{e}: {GIVE_PASSPHRASE}")))
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Opens the coordinator's store with the recovery passphrase itself (never the
    /// credential store's key): changing the passphrase or the key asks for it.
    pub fn open_with_recovery(&self, what: &str) -> Result<(Store, Passphrase), Failure> {
        let passphrase = self.required(what)?;
        let store = Store::unlock(&self.dir, self.keychain(), Some(&passphrase))?;
        Ok((store, passphrase))
    }

    /// A passphrase that a command cannot do without: the one given, else asked for at the
    /// terminal, else an error that says how to give it.
    pub fn required(&self, what: &str) -> Result<Passphrase, Failure> {
        match &self.given {
            Some(given) => Ok(given.clone()),
            None if self.may_prompt => prompt(&format!("{}: ", capitalized(what))),
            None => Err(Failure::input(
                "passphrase_needed",
                format!("{what} is needed: {GIVE_PASSPHRASE}"),
            )),
        }
    }

    /// A new recovery passphrase for `init`: the one given, else chosen at the terminal.
    pub fn new_recovery(&self, err: &mut dyn Write) -> Result<Passphrase, Failure> {
        match &self.given {
            Some(given) => Ok(given.clone()),
            None if self.may_prompt => prompt_new_passphrase(err),
            None => Err(Failure::input(
                "passphrase_needed",
                format!("a recovery passphrase is needed: {GIVE_PASSPHRASE}"),
            )),
        }
    }
}

/// The coordinator's store out of a session; the reporting store is refused.
pub fn coordinator_only(session: Session) -> Result<Store, Failure> {
    match session {
        Session::Coordinator(store) => Ok(store),
        Session::Reporting(_) => Err(Failure::input("reporting_mode", REPORTING_ONLY)),
    }
}

/// After a change from the command line, the reporting store (when one is issued) is
/// refreshed, as the window does: staff never read yesterday's data. A failure is a note,
/// not a failed command: the change itself was made.
pub fn refresh_reporting(store: &Store, err: &mut dyn Write) {
    if !access::is_issued_in(store.dir()) {
        return;
    }
    if let Err(problem) = access::refresh(store) {
        let _ = writeln!(
            err,
            "note: the reporting store could not be refreshed ({problem}); run `peerdesk reporting refresh`"
        );
    }
}

/// Reads a passphrase from the terminal without echoing it.
fn prompt(question: &str) -> Result<Passphrase, Failure> {
    let typed = rpassword::prompt_password(question).map_err(|e| {
        Failure::input(
            "passphrase_needed",
            format!("could not read the passphrase: {e}"),
        )
    })?;
    let passphrase = Passphrase::new(typed);
    if passphrase.is_empty() {
        return Err(Failure::input("passphrase_needed", "no passphrase typed"));
    }
    Ok(passphrase)
}

/// Asks for a new recovery passphrase at the terminal: judged as the setup screen judges
/// it, then typed a second time.
fn prompt_new_passphrase(err: &mut dyn Write) -> Result<Passphrase, Failure> {
    let _ = writeln!(
        err,
        "Choose the recovery passphrase: at least {} characters, hard to guess. Write it down \
         and keep it safe: it unlocks the data when the credential store cannot.",
        passphrase::MIN_CHARS
    );
    let first = prompt("Recovery passphrase: ")?;
    passphrase::require_acceptable(&first)?;
    let again = prompt("Type it again: ")?;
    Ok(passphrase::confirmed(first, &again)?)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Reads a passphrase file: one line, not empty.
pub(crate) fn read_passphrase_file(path: &std::path::Path) -> Result<Passphrase, Failure> {
    let field = "passphrase_file";
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::field(
            field,
            peerdesk_core::error::Problem::Unreadable,
            format!("cannot read the passphrase file {}: {e}", path.display()),
        )
    })?;
    let passphrase = Passphrase::from_file_contents(text);
    if passphrase.is_empty() {
        return Err(Failure::field(
            field,
            peerdesk_core::error::Problem::Required,
            format!("the passphrase file {} is empty", path.display()),
        ));
    }
    Ok(passphrase)
}

/// The passphrase from `--passphrase-file`, else from `PEERDESK_PASSPHRASE`, else none.
fn given_passphrase(cli: &Cli) -> Result<Option<Passphrase>, Failure> {
    if let Some(path) = &cli.passphrase_file {
        return read_passphrase_file(path).map(Some);
    }
    Ok(passphrase_from_env())
}

pub(crate) fn passphrase_from_env() -> Option<Passphrase> {
    std::env::var("PEERDESK_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(Passphrase::new)
}
