//! The home screen, its demo-data offer and the reminders for the coordinator's calendar.

use std::path::PathBuf;

use peerdesk_core::daily::dashboard::{self, Dashboard};
use peerdesk_core::daily::reminders::{self, CalendarSummary};
use peerdesk_core::demo::{self, DemoSize, DemoSummary};
use peerdesk_core::files::documents::DocumentKind;
use peerdesk_core::{clock, store::retention};
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> UiResult<Dashboard> {
    state.with_store(|store| {
        // A window left unlocked for days still erases requester details on time.
        retention::purge_due(store.conn(), clock::now_local())?;
        Ok(dashboard::load(store.conn(), clock::today())?)
    })
}

/// Demo data in an empty store, with its progress; cancelled, the store stays empty. It
/// writes through the open store, which it holds until it ends (one transaction).
#[tauri::command(async)]
pub fn load_demo<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    size: DemoSize,
    job: Option<String>,
) -> UiResult<DemoSummary> {
    state.tracked(&app, job, |work| {
        state.with_store(|store| Ok(demo::load(store, size, clock::now_local(), work)?))
    })
}

/// Writes the due first contacts and follow-ups as an .ics calendar to `path`; when nothing
/// is due, writes nothing (the answer says so with 0 reminders).
#[tauri::command(async)]
pub fn save_calendar(
    state: State<'_, AppState>,
    path: PathBuf,
    replace: Option<bool>,
) -> UiResult<CalendarSummary> {
    let path = state.save_target(&path, DocumentKind::Ics, replace.unwrap_or(false))?;
    let summary = state.with_store(|store| {
        Ok(reminders::write_calendar(
            store.conn(),
            &path,
            clock::now_utc_time(),
            clock::today(),
        )?)
    })?;
    if summary.reminders > 0 {
        state.produced(&path);
    }
    Ok(summary)
}
