//! The lists behind the Reports screen.

use peerdesk_core::reports::{self, YearRow};
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

#[tauri::command(async)]
pub fn report_by_year(state: State<'_, AppState>) -> UiResult<Vec<YearRow>> {
    state.with_store(|store| Ok(reports::by_year(store.conn())?))
}
