//! Setting up, unlocking and locking the store, and the coordinator's presence.

use peerdesk_core::store::guard::UnlockGuard;
use peerdesk_core::store::passphrase::{self, Strength};
use peerdesk_core::store::session::{Access, Session};
use peerdesk_core::store::StatusReport;
use peerdesk_core::{clock, Passphrase, Store};
use serde::Serialize;
use tauri::State;

use crate::error::{UiError, UiResult};
use crate::AppState;

/// Which screen the window should show.
#[derive(Debug, Serialize)]
pub struct Screen {
    /// `setup`, `unlock` or `app`; `problem` when the store cannot be opened at all.
    pub screen: &'static str,
    /// For `unlock`: `locked`, `recovery_needed`, `stale_stored_key` or `passphrase_needed`;
    /// for `problem`: the error code.
    pub reason: Option<&'static str>,
    pub message: Option<String>,
    pub data_dir: String,
    /// Set when the credential store could not keep the key (setup or recovery went on
    /// with the passphrase alone).
    pub keychain_problem: Option<String>,
    /// The workstation's local time as PeerDesk's clock has it, so the window's "today" is
    /// the same as the store's.
    pub now: String,
    /// For `unlock`: seconds before the next passphrase may be tried, after many wrong ones.
    pub retry_in_seconds: Option<u64>,
    /// For `app`: the coordinator, or reporting staff (reports, export and flyer only).
    pub access: Option<Access>,
    /// For `unlock`: a reporting passphrase was issued, so the screen tells staff they may
    /// type theirs.
    pub reporting_available: bool,
}

fn screen(
    state: &AppState,
    name: &'static str,
    error: Option<UiError>,
    keychain_problem: Option<String>,
) -> UiResult<Screen> {
    let dir = state.dir()?;
    let retry_in_seconds = (name == "unlock")
        .then(|| UnlockGuard::read(dir).wait_seconds(clock::now_utc_time()))
        .flatten();
    Ok(Screen {
        screen: name,
        reason: error.as_ref().map(|e| e.code),
        message: error.map(|e| e.message),
        data_dir: dir.root().display().to_string(),
        keychain_problem,
        now: clock::stamp(clock::now_local()),
        retry_in_seconds,
        access: state.access(),
        reporting_available: peerdesk_core::reporting::access::is_issued_in(dir),
    })
}

/// The app's screen, once a store is open.
pub(crate) fn app_screen(state: &AppState, keychain_problem: Option<String>) -> UiResult<Screen> {
    screen(state, "app", None, keychain_problem)
}

/// Decides the first screen: setup for an empty folder; the app when the credential store
/// opens the store; else the unlock (or recovery) screen, or a problem that needs a person
/// (also the damage the background check of every page found, until a restore).
#[tauri::command(async)]
pub fn app_state(state: State<'_, AppState>) -> UiResult<Screen> {
    if let Err(busy) = state.hold_folder() {
        return screen(&state, "problem", Some(busy), None);
    }
    let dir = state.dir()?;
    if let Some(damage) = state.damage() {
        return screen(&state, "problem", Some(damage), None);
    }
    if state.slot().is_some() {
        return screen(&state, "app", None, None);
    }
    if dir.needs_setup() {
        return screen(&state, "setup", None, None);
    }
    match Store::unlock(dir, state.keychain(), None) {
        Ok(store) => {
            state.open(store);
            screen(&state, "app", None, None)
        }
        Err(e) if e.needs_passphrase() => screen(&state, "unlock", Some(e.into()), None),
        Err(other) => screen(&state, "problem", Some(other.into()), None),
    }
}

#[tauri::command(async)]
pub fn passphrase_strength(passphrase: String) -> Strength {
    passphrase::assess(&Passphrase::new(passphrase))
}

/// First-run setup with the recovery passphrase typed twice.
#[tauri::command(async)]
pub fn setup_store(
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
) -> UiResult<Screen> {
    let passphrase =
        passphrase::confirmed(Passphrase::new(passphrase), &Passphrase::new(confirmation))?;
    state.hold_folder()?;
    let store = Store::create(state.dir()?, &passphrase, state.keychain())?;
    let problem = store.keychain_problem().map(str::to_string);
    state.open(store);
    screen(&state, "app", None, problem)
}

/// Unlocks with the recovery passphrase, which is checked against the key file whatever
/// the credential store holds. A refusal says how long to wait when wrong tries piled up.
#[tauri::command(async)]
pub fn unlock_store(state: State<'_, AppState>, passphrase: String) -> UiResult<Screen> {
    let passphrase = Passphrase::new(passphrase);
    if passphrase.is_empty() {
        return Err(UiError::new("empty", "Type the passphrase first."));
    }
    let dir = state.dir()?;
    match Session::unlock(dir, state.keychain(), Some(&passphrase)) {
        Ok(store) => {
            let problem = match &store {
                Session::Coordinator(store) => store.keychain_problem().map(str::to_string),
                Session::Reporting(_) => None,
            };
            state.open(store);
            screen(&state, "app", None, problem)
        }
        Err(error) => {
            let wait = UnlockGuard::read(dir).wait_seconds(clock::now_utc_time());
            Err(UiError::from(error).retry_in(wait))
        }
    }
}

/// Locks PeerDesk: the store closes, its key is wiped from memory, and until the passphrase
/// is typed — also after a restart — the window shows the unlock screen.
#[tauri::command(async)]
pub fn lock_store(state: State<'_, AppState>) -> UiResult<()> {
    state.lock(false)
}

/// The coordinator is at the keyboard: the idle timer starts again.
#[tauri::command(async)]
pub fn still_here(state: State<'_, AppState>) {
    state.note_activity();
}

/// Presses the Cancel button of a long work the window started (`AppState::tracked`):
/// it stops at its next step, leaving nothing changed. False when it had already ended.
#[tauri::command(async)]
pub fn cancel_work(state: State<'_, AppState>, job: String) -> bool {
    state.cancel(&job)
}

#[tauri::command(async)]
pub fn store_status(state: State<'_, AppState>) -> UiResult<StatusReport> {
    state.with_store(|store| Ok(store.status()?))
}
