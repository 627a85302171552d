//! Printed material: a preview drawn from the very layout that becomes the PDF, and the PDF
//! saved where the coordinator chose. Each command is one core call.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::files::documents::DocumentKind;
use peerdesk_core::print::{
    self,
    flyer::{self, FlyerText},
    printed_signs::{self, PrintedSign},
    Doc, Preview, PrintRequest,
};
use peerdesk_core::store::session::Access;
use rusqlite::Connection;
use tauri::State;

use crate::error::{UiError, UiResult};
use crate::AppState;

/// Reporting mode prints the flyer and the committee report, nothing else (a sign names
/// supporters).
fn allowed(access: Access, request: &PrintRequest) -> UiResult<()> {
    if !print::may_print(access, &request.document) {
        return Err(UiError::reporting_mode());
    }
    Ok(())
}

/// The document laid out, when `access` may print it.
fn laid_out(conn: &Connection, access: Access, request: &PrintRequest) -> UiResult<Doc> {
    allowed(access, request)?;
    Ok(print::build(conn, request, clock::today())?)
}

/// Laid out on a connection of its own (see `AppState::long_work`).
#[tauri::command(async)]
pub fn print_preview(state: State<'_, AppState>, request: PrintRequest) -> UiResult<Preview> {
    state.read_then(|conn, access| Ok(laid_out(conn, access, &request)?.preview()))
}

/// Writes the PDF to `path` (an existing file only with `replace`), with its progress
/// (`job`); returns its pages. Cancelled, no file is written and nothing recorded.
#[tauri::command(async)]
pub fn save_print<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    request: PrintRequest,
    path: PathBuf,
    replace: Option<bool>,
    job: Option<String>,
) -> UiResult<usize> {
    let path = state.save_target(&path, DocumentKind::Pdf, replace.unwrap_or(false))?;
    let doc = state.tracked(&app, job, |work| {
        state.long_work(
            |conn, access| {
                allowed(access, &request)?;
                Ok(print::write_document(
                    conn,
                    &request,
                    clock::today(),
                    &path,
                    work,
                )?)
            },
            |session, doc| Ok(print::record_printed(session.conn(), doc)?),
        )
    })?;
    state.produced(&path);
    Ok(doc.pages.len())
}

/// The signs printed so far, newest first, or only those that named supporter `naming`
/// (the coordinator's alone: they name supporters).
#[tauri::command(async)]
pub fn printed_signs(
    state: State<'_, AppState>,
    naming: Option<i64>,
) -> UiResult<Vec<PrintedSign>> {
    state.with_store(|store| {
        Ok(match naming {
            Some(id) => printed_signs::naming(store.conn(), id)?,
            None => printed_signs::list(store.conn())?,
        })
    })
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
