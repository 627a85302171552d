//! The roster: supporters, organizations, pick-lists, training and meetings, the roster
//! import and the nomination survey. Each command is one call into the core.

use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::error::FieldError;
use peerdesk_core::program::organizations::{self, OrganizationInput, OrganizationRow};
use peerdesk_core::program::picklists::{self, Entry, List};
use peerdesk_core::roster::care;
use peerdesk_core::roster::nominations::{self, SurveyImport, Tally};
use peerdesk_core::roster::supporters::import::{self, ImportOptions, ImportPreview};
use peerdesk_core::roster::supporters::{self, RosterRow, SupporterDetail, SupporterForm};
use peerdesk_core::roster::training::{self, SessionInput, SessionKind, SessionRow};
use serde::Deserialize;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{problems, UiError, UiResult};
use crate::AppState;

#[tauri::command(async)]
pub fn list_supporters(state: State<'_, AppState>) -> UiResult<Vec<RosterRow>> {
    state.with_store(|store| Ok(supporters::roster(store.conn(), clock::today())?))
}

#[tauri::command(async)]
pub fn supporter_detail(state: State<'_, AppState>, id: i64) -> UiResult<SupporterDetail> {
    state.with_store(|store| Ok(supporters::detail(store.conn(), id, clock::today())?))
}

#[tauri::command(async)]
pub fn add_supporter(state: State<'_, AppState>, form: SupporterForm) -> UiResult<i64> {
    state.with_store(|store| Ok(supporters::add(store.conn(), &form, clock::today())?))
}

#[tauri::command(async)]
pub fn update_supporter(state: State<'_, AppState>, id: i64, form: SupporterForm) -> UiResult<()> {
    state.with_store(|store| Ok(supporters::update(store.conn(), id, &form, clock::today())?))
}

/// The form's problems so far, field by field, without saving: the form checks as you go
/// with the very rules that saving applies.
#[tauri::command(async)]
pub fn check_supporter(
    state: State<'_, AppState>,
    id: Option<i64>,
    form: SupporterForm,
) -> UiResult<Vec<FieldError>> {
    let refuse_new = supporters::NewEntries::Refuse;
    state.with_store(|store| {
        problems(supporters::check(
            store.conn(),
            &form,
            clock::today(),
            refuse_new,
            id,
        ))
    })
}

#[tauri::command(async)]
pub fn pause_supporter(state: State<'_, AppState>, id: i64, until: String) -> UiResult<()> {
    state.with_store(|store| Ok(supporters::pause(store.conn(), id, &until, clock::today())?))
}

/// Sets a supporter resting through `until`: matching leaves them out until then.
#[tauri::command(async)]
pub fn rest_supporter(state: State<'_, AppState>, id: i64, until: String) -> UiResult<()> {
    state.with_store(|store| Ok(care::rest(store.conn(), id, &until, clock::today())?))
}

#[tauri::command(async)]
pub fn end_supporter_rest(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(care::end_rest(store.conn(), id)?))
}

#[tauri::command(async)]
pub fn reactivate_supporter(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(supporters::reactivate(store.conn(), id)?))
}

#[tauri::command(async)]
pub fn retire_supporter(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(supporters::retire(store.conn(), id)?))
}

#[tauri::command(async)]
pub fn list_organizations(state: State<'_, AppState>) -> UiResult<Vec<OrganizationRow>> {
    state.with_session(|session| Ok(organizations::list(session.conn())?))
}

/// Adds an organization, with the logo at `logo_path` if one was chosen.
#[tauri::command(async)]
pub fn add_organization(
    state: State<'_, AppState>,
    input: OrganizationInput,
    logo_path: Option<PathBuf>,
) -> UiResult<i64> {
    save_organization(&state, None, &input, logo_path)
}

/// Saves an organization's fields, and its logo when a new one was chosen.
#[tauri::command(async)]
pub fn update_organization(
    state: State<'_, AppState>,
    id: i64,
    input: OrganizationInput,
    logo_path: Option<PathBuf>,
) -> UiResult<i64> {
    save_organization(&state, Some(id), &input, logo_path)
}

fn save_organization(
    state: &AppState,
    id: Option<i64>,
    input: &OrganizationInput,
    logo_path: Option<PathBuf>,
) -> UiResult<i64> {
    let logo_path = logo_path
        .map(|path| state.import_source(&path))
        .transpose()?;
    let logo = logo_path
        .as_deref()
        .map(organizations::read_logo_file)
        .transpose()?;
    state.with_store(|store| {
        Ok(organizations::save(
            store.conn_mut(),
            id,
            input,
            logo.as_deref(),
        )?)
    })
}

#[tauri::command(async)]
pub fn remove_organization_logo(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(organizations::set_logo(store.conn(), id, None)?))
}

#[tauri::command(async)]
pub fn organization_logo(state: State<'_, AppState>, id: i64) -> UiResult<Option<String>> {
    state.with_session(|session| Ok(organizations::logo_data_url(session.conn(), id)?))
}

#[tauri::command(async)]
pub fn list_entries(state: State<'_, AppState>, list: List) -> UiResult<Vec<Entry>> {
    state.with_store(|store| Ok(picklists::entries(store.conn(), list)?))
}

#[tauri::command(async)]
pub fn add_entry(
    state: State<'_, AppState>,
    list: List,
    value: String,
    family: Option<String>,
) -> UiResult<i64> {
    state.with_store(|store| {
        Ok(picklists::add(
            store.conn(),
            list,
            &value,
            family.as_deref(),
        )?)
    })
}

/// One change to a pick-list entry.
#[derive(Debug, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum EntryChange {
    Rename { value: String },
    Family { family: Option<String> },
    Retire,
    Restore,
    Up,
    Down,
}

#[tauri::command(async)]
pub fn change_entry(state: State<'_, AppState>, id: i64, change: EntryChange) -> UiResult<()> {
    state.with_store(|store| {
        match change {
            EntryChange::Rename { value } => picklists::rename(store.conn(), id, &value)?,
            EntryChange::Family { family } => {
                picklists::set_family(store.conn(), id, family.as_deref())?
            }
            EntryChange::Retire => picklists::set_retired(store.conn(), id, true)?,
            EntryChange::Restore => picklists::set_retired(store.conn(), id, false)?,
            EntryChange::Up => picklists::shift(store.conn_mut(), id, true)?,
            EntryChange::Down => picklists::shift(store.conn_mut(), id, false)?,
        }
        Ok(())
    })
}

#[tauri::command(async)]
pub fn record_session(
    state: State<'_, AppState>,
    kind: SessionKind,
    input: SessionInput,
) -> UiResult<i64> {
    state.with_store(|store| {
        Ok(training::record(
            store.conn_mut(),
            kind,
            &input,
            clock::today(),
        )?)
    })
}

#[tauri::command(async)]
pub fn recent_sessions(state: State<'_, AppState>) -> UiResult<Vec<SessionRow>> {
    state.with_store(|store| Ok(training::recent(store.conn(), 20)?))
}

/// What the file at `path` would do to the roster; nothing is written. A long file shows
/// its progress (`job`) and may be cancelled.
#[tauri::command(async)]
pub fn preview_roster_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    job: Option<String>,
) -> UiResult<ImportPreview> {
    let options = ImportOptions {
        dry_run: true,
        valid_rows_only: false,
    };
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            Ok(import::import_file(
                store.conn_mut(),
                &path,
                None,
                clock::today(),
                options,
                work,
            )?)
        })
    })
}

/// Imports the file that was previewed (refused if it changed since), with its progress
/// (`job`); cancelled, nothing is imported. The import's transaction holds the open store
/// until it ends.
#[tauri::command(async)]
pub fn apply_roster_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    sha256: String,
    valid_rows_only: bool,
    job: Option<String>,
) -> UiResult<ImportPreview> {
    let options = ImportOptions {
        dry_run: false,
        valid_rows_only,
    };
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            let result = import::import_file(
                store.conn_mut(),
                &path,
                Some(&sha256),
                clock::today(),
                options,
                work,
            )?;
            result.refusal("import the valid rows only")?;
            Ok(result)
        })
    })
}

#[tauri::command(async)]
pub fn import_nominations(state: State<'_, AppState>, path: PathBuf) -> UiResult<SurveyImport> {
    let path = state.import_source(&path)?;
    state.with_store(|store| Ok(nominations::import_file(store.conn_mut(), &path)?))
}

#[tauri::command(async)]
pub fn nomination_tally(state: State<'_, AppState>) -> UiResult<Tally> {
    state.with_store(|store| Ok(nominations::tally(store.conn())?))
}

/// Which files a dialog offers.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Spreadsheet,
    Picture,
    Backup,
}

/// The native "open file" dialog. Returns the chosen path, or nothing when cancelled.
/// Runs off the main thread (async command), so blocking here does not freeze the window.
#[tauri::command(async)]
pub fn pick_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    kind: FileKind,
) -> UiResult<Option<String>> {
    let dialog = app.dialog().file();
    let dialog = match kind {
        FileKind::Spreadsheet => dialog
            .set_title("Choose a spreadsheet")
            .add_filter("Spreadsheets (CSV, XLSX)", &["csv", "xlsx", "CSV", "XLSX"]),
        FileKind::Picture => dialog.set_title("Choose a logo").add_filter(
            "Pictures (PNG, JPEG)",
            &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"],
        ),
        FileKind::Backup => dialog.set_title("Choose a PeerDesk backup").add_filter(
            "PeerDesk backups",
            &[peerdesk_core::store::backup::EXTENSION],
        ),
    };
    match dialog.blocking_pick_file() {
        None => Ok(None),
        Some(chosen) => chosen
            .into_path()
            .map(|p| Some(p.display().to_string()))
            .map_err(|e| UiError::new("invalid", format!("That file cannot be opened: {e}."))),
    }
}
