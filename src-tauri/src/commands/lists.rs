//! Reports and the de-identified export.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::files::documents::DocumentKind;
use peerdesk_core::reporting::export::{self, ExportFiles, ExportSummary, Format};
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
    state.read_on_two_then(|conn, helper, access| {
        let query = ReportQuery {
            coordinator_view: query.coordinator_view && access == Access::Coordinator,
            ..query
        };
        Ok(reports::build_on_two(conn, helper, &query, clock::today())?)
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

/// What an export wrote: its summary's counts, and where a CSV's summary file went.
#[derive(Debug, serde::Serialize)]
pub struct ExportWritten {
    #[serde(flatten)]
    summary: ExportSummary,
    /// `NAME.summary.txt` beside a CSV; none for an XLSX (its "Summary" sheet).
    summary_file: Option<String>,
}

/// Writes the de-identified outreach export of the query's period to `path` (and, for a CSV,
/// its summary to `NAME.summary.txt` beside it, under the same rules), with its progress
/// (`job`); cancelled, no file is written and nothing recorded. The coordinator view never
/// applies: an export is always suppressed and generalized.
#[tauri::command(async)]
pub fn export_outreach<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    query: ReportQuery,
    format: Format,
    path: PathBuf,
    replace: Option<bool>,
    job: Option<String>,
) -> UiResult<ExportWritten> {
    let query = ReportQuery {
        coordinator_view: false,
        ..query
    };
    let replace = replace.unwrap_or(false);
    let target = state.save_target(&path, format.document_kind(), replace)?;
    let mut files = ExportFiles::new(&target, format, None)?;
    files.summary = files
        .summary
        .map(|beside| state.companion_target(&path, &beside, DocumentKind::Txt, replace))
        .transpose()?;
    let summary = state.tracked(&app, job, |work| {
        state.long_work_on_two(
            |conn, helper, _| {
                let (bytes, summary) = export::outreach_export_on_two(
                    conn,
                    helper,
                    &query,
                    format,
                    clock::today(),
                    work,
                )?;
                files.write(&bytes, &summary)?;
                Ok(summary)
            },
            |session, summary| Ok(export::record_export(session.conn(), summary, format)?),
        )
    })?;
    state.produced(&files.data);
    if let Some(beside) = &files.summary {
        state.produced(beside);
    }
    Ok(ExportWritten {
        summary,
        summary_file: files.summary.map(|s| s.display().to_string()),
    })
}
