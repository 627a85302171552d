//! Setting up, unlocking and locking the store.

use peerdesk_core::passphrase::{self, Strength};
use peerdesk_core::store::StatusReport;
use peerdesk_core::{CoreError, Passphrase, Store};
use serde::Serialize;
use tauri::State;

use crate::error::{UiError, UiResult};
use crate::AppState;

/// Which screen the window should show.
#[derive(Debug, Serialize)]
pub struct Screen {
    /// `setup`, `unlock` or `app`; `problem` when the store cannot be opened at all.
    pub screen: &'static str,
    /// For `unlock`: `recovery_needed`, `passphrase_needed` or `locked`; for `problem`: the
    /// error code.
    pub reason: Option<&'static str>,
    pub message: Option<String>,
    pub data_dir: String,
    /// Set when the credential store could not keep the key (setup or recovery went on
    /// with the passphrase alone).
    pub keychain_problem: Option<String>,
}

fn screen(
    state: &AppState,
    name: &'static str,
    error: Option<UiError>,
    keychain_problem: Option<String>,
) -> UiResult<Screen> {
    Ok(Screen {
        screen: name,
        reason: error.as_ref().map(|e| e.code),
        message: error.map(|e| e.message),
        data_dir: state.dir()?.root().display().to_string(),
        keychain_problem,
    })
}

/// Decides the first screen: setup for an empty folder; the app when the credential store
/// opens the store; else the unlock (or recovery) screen, or a problem that needs a person.
#[tauri::command(async)]
pub fn app_state(state: State<'_, AppState>) -> UiResult<Screen> {
    let dir = state.dir()?;
    let mut slot = state.slot();
    if slot.is_some() {
        return screen(&state, "app", None, None);
    }
    if dir.needs_setup() {
        return screen(&state, "setup", None, None);
    }
    if state.locked_by_hand() {
        let locked = UiError::new(
            "locked",
            "PeerDesk was locked. Type the passphrase to open it again.",
        );
        return screen(&state, "unlock", Some(locked), None);
    }
    match Store::unlock(dir, state.keychain(), None) {
        Ok(store) => {
            *slot = Some(store);
            screen(&state, "app", None, None)
        }
        Err(e @ (CoreError::RecoveryNeeded | CoreError::PassphraseNeeded(_))) => {
            screen(&state, "unlock", Some(e.into()), None)
        }
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
    let passphrase = Passphrase::new(passphrase);
    let confirmation = Passphrase::new(confirmation);
    if passphrase.expose() != confirmation.expose() {
        return Err(UiError::new(
            "mismatch",
            "The two passphrases differ: type the same passphrase twice.",
        ));
    }
    let store = Store::create(state.dir()?, &passphrase, state.keychain())?;
    let problem = store.keychain_problem().map(str::to_string);
    *state.slot() = Some(store);
    screen(&state, "app", None, problem)
}

#[tauri::command(async)]
pub fn unlock_store(state: State<'_, AppState>, passphrase: String) -> UiResult<Screen> {
    let passphrase = Passphrase::new(passphrase);
    if passphrase.is_empty() {
        return Err(UiError::new("empty", "Type the passphrase first."));
    }
    let store = Store::unlock(state.dir()?, state.keychain(), Some(&passphrase))?;
    let problem = store.keychain_problem().map(str::to_string);
    *state.slot() = Some(store);
    state.set_locked_by_hand(false);
    screen(&state, "app", None, problem)
}

/// Closes the store; until the passphrase is typed (or PeerDesk restarts), the window
/// shows the unlock screen.
#[tauri::command(async)]
pub fn lock_store(state: State<'_, AppState>) -> UiResult<()> {
    state.set_locked_by_hand(true);
    state.slot().take();
    Ok(())
}

#[tauri::command(async)]
pub fn store_status(state: State<'_, AppState>) -> UiResult<StatusReport> {
    state.with_store(|store| Ok(store.status()?))
}
