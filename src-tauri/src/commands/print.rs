//! Printed material: a preview drawn from the very layout that becomes the PDF, and the PDF
//! saved where the coordinator chose. Each command is one core call.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::documents::DocumentKind;
use peerdesk_core::pdf::{
    self,
    flyer::{self, FlyerText},
    Preview, PrintRequest,
};
use peerdesk_core::reporting::{Access, Session};
use tauri::State;

use crate::error::{UiError, UiResult};
use crate::AppState;

/// Reporting mode prints the flyer and the committee report, nothing else (a sign names
/// supporters).
fn may_print(session: &Session, request: &PrintRequest) -> UiResult<()> {
    let allowed = matches!(request.document.as_str(), "flyer" | "report");
    if session.access() == Access::Reporting && !allowed {
        return Err(UiError::reporting_mode());
    }
    Ok(())
}

#[tauri::command(async)]
pub fn print_preview(state: State<'_, AppState>, request: PrintRequest) -> UiResult<Preview> {
    state.with_session(|session| {
        may_print(session, &request)?;
        Ok(pdf::build(session.conn(), &request, clock::today())?.preview())
    })
}

/// Writes the PDF to `path` (an existing file only with `replace`); returns its pages.
#[tauri::command(async)]
pub fn save_print(
    state: State<'_, AppState>,
    request: PrintRequest,
    path: PathBuf,
    replace: Option<bool>,
) -> UiResult<usize> {
    let path = state.save_target(&path, DocumentKind::Pdf, replace.unwrap_or(false))?;
    let pages = state.with_session(|session| {
        may_print(session, &request)?;
        let doc = pdf::build(session.conn(), &request, clock::today())?;
        pdf::save_pdf(session.conn(), &doc, &path)?;
        Ok(doc.pages.len())
    })?;
    state.produced(&path);
    Ok(pages)
}

#[tauri::command(async)]
pub fn flyer_text(state: State<'_, AppState>, partner_id: i64) -> UiResult<FlyerText> {
    state.with_session(|session| Ok(flyer::text_for(session.conn(), partner_id)?))
}

#[tauri::command(async)]
pub fn save_flyer_text(
    state: State<'_, AppState>,
    partner_id: i64,
    text: FlyerText,
) -> UiResult<()> {
    state.with_store(|store| Ok(flyer::save_text(store.conn(), partner_id, &text)?))
}
