//! The lists behind the Requests, Outreach and Reports screens.

use peerdesk_core::outreach::{self, OutreachRow};
use peerdesk_core::reports::{self, YearRow};
use peerdesk_core::requests::{self, RequestRow};
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

/// How many of the most recent requests and outreaches a list shows.
const RECENT: u32 = 500;

#[tauri::command(async)]
pub fn list_requests(state: State<'_, AppState>) -> UiResult<Vec<RequestRow>> {
    state.with_store(|store| Ok(requests::recent(store.conn(), RECENT)?))
}

#[tauri::command(async)]
pub fn list_outreaches(state: State<'_, AppState>) -> UiResult<Vec<OutreachRow>> {
    state.with_store(|store| Ok(outreach::recent(store.conn(), RECENT)?))
}

#[tauri::command(async)]
pub fn report_by_year(state: State<'_, AppState>) -> UiResult<Vec<YearRow>> {
    state.with_store(|store| Ok(reports::by_year(store.conn())?))
}
