//! Reports and the de-identified export.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::export::{self, ExportSummary, Format};
use peerdesk_core::reports::{self, Report, ReportQuery};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{UiError, UiResult};
use crate::AppState;

#[tauri::command(async)]
pub fn build_report(state: State<'_, AppState>, query: ReportQuery) -> UiResult<Report> {
    state.with_store(|store| Ok(reports::build(store.conn(), &query, clock::today())?))
}

/// The native "save as" dialog for an export or a document; nothing when cancelled.
#[tauri::command(async)]
pub fn pick_save_path(
    app: tauri::AppHandle,
    suggested: String,
    extension: String,
) -> UiResult<Option<String>> {
    let label = match extension.as_str() {
        "csv" => "CSV (Excel and any spreadsheet)",
        "xlsx" => "Excel workbook",
        "pdf" => "PDF document",
        _ => {
            return Err(UiError::new(
                "invalid",
                "PeerDesk saves CSV, XLSX or PDF files only.",
            ))
        }
    };
    let chosen = app
        .dialog()
        .file()
        .set_title("Save as")
        .set_file_name(&suggested)
        .add_filter(label, &[extension.as_str()])
        .blocking_save_file();
    match chosen {
        None => Ok(None),
        Some(path) => path
            .into_path()
            .map(|p| Some(p.display().to_string()))
            .map_err(|e| UiError::new("invalid", format!("That place cannot be written: {e}."))),
    }
}

/// A place the window writes a file to: a full path, since the window has no working folder a
/// coordinator would know of ("report.pdf" alone would land wherever PeerDesk was started),
/// and an existing file only once the coordinator said to replace it (the native dialog asks
/// itself; a typed path is asked about by the screen when this answers "exists").
pub fn save_target(path: PathBuf, replace: bool) -> UiResult<PathBuf> {
    if !path.is_absolute() {
        return Err(UiError::new(
            "invalid",
            format!(
                "\"{}\" is not a full path (like /home/you/Documents/report.pdf): type the whole path, or press Choose… to pick the place.",
                path.display()
            ),
        ));
    }
    if path.exists() && !replace {
        return Err(UiError::new(
            "exists",
            format!(
                "{} already exists: press the button again to replace it, or change the name.",
                path.display()
            ),
        ));
    }
    Ok(path)
}

/// Writes the de-identified outreach export of the query's period to `path`. The
/// coordinator view never applies: an export is always suppressed and generalized.
#[tauri::command(async)]
pub fn export_outreach(
    state: State<'_, AppState>,
    query: ReportQuery,
    format: Format,
    path: PathBuf,
    replace: Option<bool>,
) -> UiResult<ExportSummary> {
    let query = ReportQuery {
        coordinator_view: false,
        ..query
    };
    let path = save_target(path, replace.unwrap_or(false))?;
    state.with_store(|store| {
        Ok(export::export_outreach_to(
            store.conn(),
            &path,
            &query,
            format,
            clock::today(),
        )?)
    })
}
