//! Keeping the store safe over time, from Settings (and restore also from the first-run and
//! problem screens): backups, restore, a new recovery passphrase, a new data key.

use std::path::PathBuf;

use peerdesk_core::reporting::access as reporting;
use peerdesk_core::store::backup::{self, BackupSummary, Status};
use peerdesk_core::store::passphrase::confirmed;
use peerdesk_core::store::rotation::Rotation;
use peerdesk_core::store::session::Access;
use peerdesk_core::{clock, Passphrase, Store};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::session::{self, Screen};
use crate::error::{UiError, UiResult};
use crate::AppState;

/// Where automatic backups go and how the last ones went.
#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> UiResult<Status> {
    state.with_store(|store| Ok(backup::status(store.conn(), store.dir())?))
}

/// A backup now, into the automatic backups' folder (it counts as the day's backup), with
/// its progress (`job`); cancelled, no backup file is left and nothing recorded. The store
/// is read on a connection of its own: other screens stay usable meanwhile.
#[tauri::command(async)]
pub fn backup_now<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    job: Option<String>,
) -> UiResult<BackupSummary> {
    let _maintenance = state.maintenance();
    let (source, status) = state.with_store(|store| {
        Ok((
            store.backup_source()?,
            backup::status(store.conn(), store.dir())?,
        ))
    })?;
    let summary = state.tracked(&app, job, |work| {
        let now = clock::now_utc_time();
        Ok(backup::run_automatic(
            &source,
            &status,
            now,
            clock::now_local(),
            work,
        )?)
    })?;
    state.with_store(|store| Ok(backup::record_success(store.conn(), &summary, false)?))?;
    Ok(summary)
}

/// The native "choose a folder" dialog (for the backups' folder); nothing when cancelled.
#[tauri::command(async)]
pub fn pick_folder<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> UiResult<Option<String>> {
    match app
        .dialog()
        .file()
        .set_title("Choose the folder for backups")
        .blocking_pick_folder()
    {
        None => Ok(None),
        Some(chosen) => chosen
            .into_path()
            .map(|p| Some(p.display().to_string()))
            .map_err(|e| UiError::new("invalid", format!("That folder cannot be used: {e}."))),
    }
}

/// Restores a backup with its recovery passphrase: into an empty data folder (first run, or
/// a folder whose store cannot be opened) or, with `replace`, over the open store, which is
/// closed and moved aside first. Everything is checked before anything is moved; then the
/// restored store is opened with the same passphrase. Its progress goes to `job`; cancelled
/// while the backup is checked (before anything is moved), the open store stays as it was.
#[tauri::command(async)]
pub fn restore_backup<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    passphrase: String,
    replace: bool,
    job: Option<String>,
) -> UiResult<Screen> {
    let passphrase = Passphrase::new(passphrase);
    if passphrase.is_empty() {
        return Err(UiError::new(
            "empty",
            "Type the recovery passphrase of the backup.",
        ));
    }
    if state.access() == Some(Access::Reporting) {
        return Err(UiError::reporting_mode());
    }
    let _maintenance = state.maintenance();
    state.hold_folder()?;
    let dir = state.dir()?;
    // Replacing a store is for its coordinator (the store is open here) or for a store
    // that cannot be opened at all (the problem screen); never from behind the lock.
    if replace && state.slot().is_none() {
        backup::may_replace_unopened(dir, state.keychain())?;
    }
    let summary = state.tracked(&app, job, |work| {
        let prepared = backup::prepare(&path, dir, &passphrase, replace, work)?;
        // The last moment to cancel: the open store's files are about to be moved aside.
        work.check()?;
        work.past_cancelling();
        state.slot().take();
        prepared
            .finish(clock::now_utc_time(), work)
            .map_err(|error| {
                // The old store was put back in place: open it again if the credential
                // store can.
                if let Ok(store) = Store::unlock(dir, state.keychain(), None) {
                    state.open(store);
                }
                error.into()
            })
    })?;
    let store = backup::open_restored(&summary, state.keychain(), &passphrase)?;
    let problem = store.keychain_problem().map(str::to_string);
    state.open(store);
    session::app_screen(&state, problem)
}

/// A new recovery passphrase, typed twice; the current one must be right.
#[tauri::command(async)]
pub fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
    confirmation: String,
) -> UiResult<()> {
    let current = Passphrase::new(current);
    let new = confirmed(Passphrase::new(new), &Passphrase::new(confirmation))?;
    let _maintenance = state.maintenance();
    state.with_store(|store| Ok(store.change_passphrase(&current, &new)?))
}

/// A new data key for the whole database; the recovery passphrase wraps it. Its progress
/// goes to `job`; Cancel is heard until the pages are re-encrypted, which holds the open
/// store (its own connection rewrites every page) and runs to its end.
#[tauri::command(async)]
pub fn rotate_key<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
    job: Option<String>,
) -> UiResult<Rotation> {
    let passphrase = Passphrase::new(passphrase);
    let _maintenance = state.maintenance();
    let keychain = state.keychain();
    state.tracked(&app, job, |work| {
        state.with_store(|store| Ok(store.rotate_key(&passphrase, keychain, work)?))
    })
}

/// Whether staff have a reporting passphrase, and how fresh their data is.
#[tauri::command(async)]
pub fn reporting_status(state: State<'_, AppState>) -> UiResult<reporting::Status> {
    state.with_store(|store| Ok(reporting::status(store)?))
}

/// Issues a reporting passphrase (typed twice): a new reporting store, filled at once. One
/// issued before stops working.
#[tauri::command(async)]
pub fn issue_reporting(
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
) -> UiResult<reporting::Status> {
    let passphrase = confirmed(Passphrase::new(passphrase), &Passphrase::new(confirmation))?;
    state.with_store(|store| Ok(reporting::issue(store, &passphrase)?))
}

/// Revokes reporting access: the reporting store and its key file are deleted.
#[tauri::command(async)]
pub fn revoke_reporting(state: State<'_, AppState>) -> UiResult<reporting::Status> {
    state.with_store(|store| {
        reporting::revoke(store)?;
        Ok(reporting::status(store)?)
    })
}

/// Refreshes the reporting store now.
#[tauri::command(async)]
pub fn refresh_reporting(state: State<'_, AppState>) -> UiResult<reporting::Status> {
    state.with_store(|store| {
        reporting::refresh(store)?;
        Ok(reporting::status(store)?)
    })
}
