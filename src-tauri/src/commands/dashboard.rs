//! The home screen and its demo-data offer.

use peerdesk_core::daily::dashboard::{self, Dashboard};
use peerdesk_core::demo::{self, DemoSize, DemoSummary};
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
