//! Printed material: a preview drawn from the very layout that becomes the PDF, and the PDF
//! saved where the coordinator chose. Each command is one core call.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::pdf::{
    self,
    flyer::{self, FlyerText},
    Preview, PrintRequest,
};
use tauri::State;

use crate::error::UiResult;
use crate::AppState;

#[tauri::command(async)]
pub fn print_preview(state: State<'_, AppState>, request: PrintRequest) -> UiResult<Preview> {
    state.with_store(|store| Ok(pdf::build(store.conn(), &request, clock::today())?.preview()))
}

/// Writes the PDF to `path` (an existing file only with `replace`); returns its pages.
#[tauri::command(async)]
pub fn save_print(
    state: State<'_, AppState>,
    request: PrintRequest,
    path: PathBuf,
    replace: Option<bool>,
) -> UiResult<usize> {
    let path = super::lists::save_target(path, replace.unwrap_or(false))?;
    state.with_store(|store| {
        let doc = pdf::build(store.conn(), &request, clock::today())?;
        pdf::save_pdf(store.conn(), &doc, &path)?;
        Ok(doc.pages.len())
    })
}

#[tauri::command(async)]
pub fn flyer_text(state: State<'_, AppState>, partner_id: i64) -> UiResult<FlyerText> {
    state.with_store(|store| Ok(flyer::text_for(store.conn(), partner_id)?))
}

#[tauri::command(async)]
pub fn save_flyer_text(
    state: State<'_, AppState>,
    partner_id: i64,
    text: FlyerText,
) -> UiResult<()> {
    state.with_store(|store| Ok(flyer::save_text(store.conn(), partner_id, &text)?))
}
