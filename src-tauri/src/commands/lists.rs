//! Reports and the de-identified export.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::files::documents::DocumentKind;
use peerdesk_core::files::output;
use peerdesk_core::reporting::export::{self, ExportSummary, Format};
use peerdesk_core::reporting::reports::{self, Report, ReportQuery};
use peerdesk_core::store::session::Access;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{UiError, UiResult};
use crate::AppState;

/// The report of a period. Exact small counts (the coordinator view) only for the
/// coordinator: in reporting mode the wish is set aside here, whatever the window asked.
#[tauri::command(async)]
pub fn build_report(state: State<'_, AppState>, query: ReportQuery) -> UiResult<Report> {
    state.read_then(|conn, access| {
        let query = ReportQuery {
            coordinator_view: query.coordinator_view && access == Access::Coordinator,
            ..query
        };
        Ok(reports::build(conn, &query, clock::today())?)
    })
}

/// The native "save as" dialog for an export or a document; nothing when cancelled.
#[tauri::command(async)]
pub fn pick_save_path<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    suggested: String,
    extension: DocumentKind,
) -> UiResult<Option<String>> {
    let chosen = app
        .dialog()
        .file()
        .set_title("Save as")
        .set_file_name(&suggested)
        .add_filter(extension.label(), &[extension.extension()])
        .blocking_save_file();
    match chosen {
        None => Ok(None),
        Some(path) => {
            let path = path.into_path().map_err(|e| {
                UiError::new("invalid", format!("That place cannot be written: {e}."))
            })?;
            // The dialog asked about replacing an existing file itself.
            state.confirm_path(&path);
            Ok(Some(path.display().to_string()))
        }
    }
}

/// Writes the de-identified outreach export of the query's period to `path`, with its
/// progress (`job`); cancelled, no file is written and nothing recorded. The coordinator
/// view never applies: an export is always suppressed and generalized.
#[tauri::command(async)]
pub fn export_outreach<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    query: ReportQuery,
    format: Format,
    path: PathBuf,
    replace: Option<bool>,
    job: Option<String>,
) -> UiResult<ExportSummary> {
    let query = ReportQuery {
        coordinator_view: false,
        ..query
    };
    let path = state.save_target(&path, format.document_kind(), replace.unwrap_or(false))?;
    let summary = state.tracked(&app, job, |work| {
        state.long_work(
            |conn, _| {
                let (bytes, summary) =
                    export::outreach_export_on(conn, &query, format, clock::today(), work)?;
                output::write_whole(&path, &bytes)?;
                Ok(summary)
            },
            |session, summary| Ok(export::record_export(session.conn(), summary, format)?),
        )
    })?;
    state.produced(&path);
    Ok(summary)
}
