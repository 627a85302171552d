//! Group support: critical events and the team sessions after them (the Outreach section's
//! "Events and team sessions" screen). Each command is one call into the core.

use peerdesk_core::clock;
use peerdesk_core::daily::group::debriefs::{self, DebriefFilter, DebriefForm, DebriefRow};
use peerdesk_core::daily::group::events::{self, EventFilter, EventForm, EventRow};
use peerdesk_core::error::FieldError;
use tauri::State;

use crate::error::{problems, UiResult};
use crate::AppState;

#[tauri::command(async)]
pub fn list_events(state: State<'_, AppState>, filter: EventFilter) -> UiResult<Vec<EventRow>> {
    state.with_store(|store| Ok(events::list(store.conn(), &filter, clock::today())?))
}

/// The event form's problems so far, field by field, without saving.
#[tauri::command(async)]
pub fn check_event(state: State<'_, AppState>, form: EventForm) -> UiResult<Vec<FieldError>> {
    state.with_store(|store| problems(events::check(store.conn(), &form, clock::now_local())))
}

#[tauri::command(async)]
pub fn add_event(state: State<'_, AppState>, form: EventForm) -> UiResult<i64> {
    state.with_store(|store| Ok(events::add(store.conn(), &form, clock::now_local())?))
}

#[tauri::command(async)]
pub fn remove_event(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(events::remove(store.conn(), id)?))
}

#[tauri::command(async)]
pub fn list_debriefs(
    state: State<'_, AppState>,
    filter: DebriefFilter,
) -> UiResult<Vec<DebriefRow>> {
    state.with_store(|store| Ok(debriefs::list(store.conn(), &filter)?))
}

/// A blank session form: after `event` (its unit and organization), or a huddle today.
#[tauri::command(async)]
pub fn debrief_form(state: State<'_, AppState>, event: Option<i64>) -> UiResult<DebriefForm> {
    state.with_store(|store| Ok(debriefs::form(store.conn(), event, clock::today())?))
}

/// The session form's problems so far, field by field, without saving.
#[tauri::command(async)]
pub fn check_debrief(state: State<'_, AppState>, form: DebriefForm) -> UiResult<Vec<FieldError>> {
    state.with_store(|store| problems(debriefs::check(store.conn(), &form, clock::today())))
}

#[tauri::command(async)]
pub fn add_debrief(state: State<'_, AppState>, form: DebriefForm) -> UiResult<i64> {
    state.with_store(|store| Ok(debriefs::add(store.conn(), &form, clock::today())?))
}

#[tauri::command(async)]
pub fn remove_debrief(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(debriefs::remove(store.conn(), id)?))
}
