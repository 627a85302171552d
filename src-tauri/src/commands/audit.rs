//! The audit log, under Settings: listed with filters, checked, exported as CSV.

use std::path::PathBuf;

use peerdesk_core::files::documents::DocumentKind;
use peerdesk_core::store::audit::{self, Entry, Filter, Verification};
use serde::Serialize;
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

#[derive(Debug, Serialize)]
pub struct AuditPage {
    pub entries: Vec<Entry>,
    /// Every action the log holds, for the filter.
    pub actions: Vec<String>,
}

#[tauri::command(async)]
pub fn audit_list(state: State<'_, AppState>, filter: Filter) -> UiResult<AuditPage> {
    state.with_store(|store| {
        Ok(AuditPage {
            entries: audit::list(store.conn(), &filter)?,
            actions: audit::actions(store.conn())?,
        })
    })
}

/// Walks the hash chain; says where it first breaks.
#[tauri::command(async)]
pub fn audit_verify(state: State<'_, AppState>) -> UiResult<Verification> {
    state.with_store(|store| Ok(audit::verify(store.conn())?))
}

/// Writes the entries the filter selects as CSV to `path`; returns how many.
#[tauri::command(async)]
pub fn save_audit_csv(
    state: State<'_, AppState>,
    filter: Filter,
    path: PathBuf,
    replace: Option<bool>,
) -> UiResult<usize> {
    let path = state.save_target(&path, DocumentKind::Csv, replace.unwrap_or(false))?;
    let count = state.with_store(|store| Ok(audit::save_csv(store.conn(), &filter, &path)?))?;
    state.produced(&path);
    Ok(count)
}
