//! The daily loop: program settings, requests, matching, the outreach log and message
//! templates. Each command is one call into the core.

use std::collections::BTreeMap;
use std::path::PathBuf;

use peerdesk_core::clock;
use peerdesk_core::daily::matching::{self, Ranking, Rule};
use peerdesk_core::daily::outreach::import::{self as outreach_import, OutreachImport};
use peerdesk_core::daily::outreach::{self, OutreachForm, Revision};
use peerdesk_core::daily::outreach_log::{self, OutreachFilter, OutreachRow};
use peerdesk_core::daily::referrals::{self, ReferralForm};
use peerdesk_core::daily::requests::import::{self as request_import, RequestImport};
use peerdesk_core::daily::requests::{
    self, Ending, Release, RequestDetail, RequestFilter, RequestForm, RequestRow,
};
use peerdesk_core::daily::templates::{self, Rendered, Template};
use peerdesk_core::error::FieldError;
use peerdesk_core::program::calendar;
use peerdesk_core::program::outreach_choices::{self, Choice, ChoiceList};
use peerdesk_core::program::{self, Program};
use serde::Deserialize;
use tauri::State;

use crate::error::{problems, UiResult};
use crate::AppState;

#[tauri::command(async)]
pub fn program_settings(state: State<'_, AppState>) -> UiResult<Program> {
    // Reporting mode reads the settings the reporting store holds (no backup folder).
    state.with_session(|session| Ok(program::load(session.conn())?))
}

/// Saves the Settings screen's program card: every pair checked, all written or none.
#[tauri::command(async)]
pub fn save_program_settings(
    state: State<'_, AppState>,
    values: Vec<(String, String)>,
) -> UiResult<()> {
    let minutes = state.with_store(|store| {
        program::save(store.conn(), &values)?;
        Ok(program::load(store.conn())?.auto_lock_minutes)
    })?;
    // A new idle time counts from now on.
    state.set_auto_lock_minutes(minutes);
    Ok(())
}

/// Adds the US federal holidays of `year` to the list; returns how many were new.
#[tauri::command(async)]
pub fn add_us_holidays(state: State<'_, AppState>, year: i32) -> UiResult<usize> {
    state.with_store(|store| Ok(calendar::add_us_federal_holidays(store.conn(), year)?))
}

#[tauri::command(async)]
pub fn list_choices(state: State<'_, AppState>, list: ChoiceList) -> UiResult<Vec<Choice>> {
    state.with_store(|store| Ok(outreach_choices::choices(store.conn(), list)?))
}

/// One change to a mode or referral source: a new label, retire/restore, or a move.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum ChoiceChange {
    Relabel { label: String },
    Retire { retired: bool },
    Move { up: bool },
}

#[tauri::command(async)]
pub fn change_choice(
    state: State<'_, AppState>,
    list: ChoiceList,
    code: String,
    change: ChoiceChange,
) -> UiResult<()> {
    state.with_store(|store| {
        let conn = store.conn();
        match change {
            ChoiceChange::Relabel { label } => {
                outreach_choices::relabel(conn, list, &code, &label)?
            }
            ChoiceChange::Retire { retired } => {
                outreach_choices::set_retired(conn, list, &code, retired)?
            }
            ChoiceChange::Move { up } => outreach_choices::shift(conn, list, &code, up)?,
        }
        Ok(())
    })
}

#[tauri::command(async)]
pub fn list_requests(
    state: State<'_, AppState>,
    filter: RequestFilter,
) -> UiResult<Vec<RequestRow>> {
    state.with_store(|store| Ok(requests::list(store.conn(), &filter, clock::today())?))
}

#[tauri::command(async)]
pub fn request_detail(state: State<'_, AppState>, id: i64) -> UiResult<RequestDetail> {
    state.with_store(|store| Ok(requests::detail(store.conn(), id, clock::today())?))
}

/// The intake form's problems so far, field by field, without saving.
#[tauri::command(async)]
pub fn check_request(state: State<'_, AppState>, form: RequestForm) -> UiResult<Vec<FieldError>> {
    state.with_store(|store| problems(requests::check(store.conn(), &form, clock::now_local())))
}

#[tauri::command(async)]
pub fn add_request(state: State<'_, AppState>, form: RequestForm) -> UiResult<i64> {
    state.with_store(|store| Ok(requests::add(store.conn(), &form, clock::now_local())?))
}

#[tauri::command(async)]
pub fn end_request(state: State<'_, AppState>, id: i64, ending: Ending) -> UiResult<()> {
    state.with_store(|store| Ok(requests::end(store.conn(), id, ending, clock::now_local())?))
}

#[tauri::command(async)]
pub fn reopen_request(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    state.with_store(|store| Ok(requests::reopen(store.conn(), id, clock::now_local())?))
}

#[tauri::command(async)]
pub fn rematch_request(state: State<'_, AppState>, id: i64, why: Release) -> UiResult<()> {
    state.with_store(|store| {
        Ok(requests::rematch(
            store.conn(),
            id,
            why,
            clock::now_local(),
        )?)
    })
}

/// A request's referrals to further help, and the services the form offers.
#[derive(serde::Serialize)]
pub struct RequestReferrals {
    referrals: Vec<referrals::Referral>,
    services: Vec<String>,
}

#[tauri::command(async)]
pub fn request_referrals(state: State<'_, AppState>, id: i64) -> UiResult<RequestReferrals> {
    state.with_store(|store| {
        Ok(RequestReferrals {
            referrals: referrals::of_request(store.conn(), id, clock::today())?,
            services: referrals::services(store.conn())?,
        })
    })
}

#[tauri::command(async)]
pub fn refer_request(state: State<'_, AppState>, id: i64, form: ReferralForm) -> UiResult<i64> {
    state.with_store(|store| {
        Ok(referrals::refer(
            store.conn(),
            id,
            &form,
            clock::now_local(),
        )?)
    })
}

#[tauri::command(async)]
pub fn set_referral_outcome(
    state: State<'_, AppState>,
    id: i64,
    outcome: referrals::Outcome,
) -> UiResult<()> {
    state.with_store(|store| {
        Ok(referrals::set_outcome(
            store.conn(),
            id,
            outcome,
            clock::now_local(),
        )?)
    })
}

fn relaxed(relax: Option<String>) -> UiResult<Option<Rule>> {
    Ok(relax
        .filter(|r| !r.is_empty())
        .map(|r| Rule::parse_relaxable(&r))
        .transpose()?)
}

#[tauri::command(async)]
pub fn rank_request(
    state: State<'_, AppState>,
    id: i64,
    relax: Option<String>,
) -> UiResult<Ranking> {
    let relax = relaxed(relax)?;
    state.with_store(|store| {
        Ok(matching::rank_request(
            store.conn(),
            id,
            clock::today(),
            relax,
        )?)
    })
}

#[tauri::command(async)]
pub fn assign_request(
    state: State<'_, AppState>,
    id: i64,
    supporter_id: i64,
    relax: Option<String>,
) -> UiResult<()> {
    let relax = relaxed(relax)?;
    state.with_store(|store| {
        Ok(matching::assign(
            store.conn(),
            id,
            supporter_id,
            relax,
            clock::now_local(),
        )?)
    })
}

#[tauri::command(async)]
pub fn list_outreaches(
    state: State<'_, AppState>,
    filter: OutreachFilter,
) -> UiResult<Vec<OutreachRow>> {
    state.with_store(|store| Ok(outreach_log::list(store.conn(), &filter)?))
}

/// The outreach form to fill: an existing outreach (`id`), one for a request, or a blank
/// stand-alone contact dated today.
#[tauri::command(async)]
pub fn outreach_form(
    state: State<'_, AppState>,
    id: Option<i64>,
    request_id: Option<i64>,
) -> UiResult<OutreachForm> {
    state.with_store(|store| {
        Ok(outreach::form(
            store.conn(),
            id,
            request_id,
            clock::today(),
        )?)
    })
}

#[tauri::command(async)]
pub fn outreach_revisions(state: State<'_, AppState>, id: i64) -> UiResult<Vec<Revision>> {
    state.with_store(|store| Ok(outreach::revisions(store.conn(), id)?))
}

#[tauri::command(async)]
pub fn add_outreach(state: State<'_, AppState>, form: OutreachForm) -> UiResult<i64> {
    state.with_store(|store| Ok(outreach::add(store.conn(), &form, clock::now_local())?))
}

#[tauri::command(async)]
pub fn update_outreach(state: State<'_, AppState>, id: i64, form: OutreachForm) -> UiResult<()> {
    state.with_store(|store| {
        Ok(outreach::update(
            store.conn(),
            id,
            &form,
            clock::now_local(),
        )?)
    })
}

#[tauri::command(async)]
pub fn list_templates(state: State<'_, AppState>) -> UiResult<Vec<Template>> {
    state.with_store(|store| Ok(templates::list(store.conn())?))
}

/// The placeholders a template may use, with what each stands for.
#[tauri::command]
pub fn template_placeholders() -> Vec<(&'static str, &'static str)> {
    templates::PLACEHOLDERS.to_vec()
}

#[tauri::command(async)]
pub fn save_template(
    state: State<'_, AppState>,
    kind: templates::Kind,
    subject: String,
    body: String,
) -> UiResult<()> {
    state.with_store(|store| Ok(templates::save(store.conn(), kind, &subject, &body)?))
}

/// Renders a template for a request (and/or a supporter): the saved text, or the editor's
/// unsaved `subject` and `body` for its live preview.
#[tauri::command(async)]
pub fn render_template(
    state: State<'_, AppState>,
    kind: templates::Kind,
    subject: Option<String>,
    body: Option<String>,
    request_id: Option<i64>,
    supporter_id: Option<i64>,
) -> UiResult<Rendered> {
    state.with_store(|store| {
        let conn = store.conn();
        let today = clock::today();
        Ok(match (subject, body) {
            (Some(subject), Some(body)) => templates::render_text(
                conn,
                kind,
                &subject,
                &body,
                request_id,
                supporter_id,
                today,
            )?,
            _ => templates::render(conn, kind, request_id, supporter_id, today)?,
        })
    })
}

/// What the web form's file would add; nothing is written. A long file shows its progress
/// (`job`) and may be cancelled.
#[tauri::command(async)]
pub fn preview_request_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    job: Option<String>,
) -> UiResult<RequestImport> {
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            Ok(request_import::import_file(
                store.conn(),
                &path,
                None,
                clock::now_local(),
                false,
                work,
            )?)
        })
    })
}

/// Imports the previewed file (refused if it changed since), with its progress (`job`);
/// cancelled, nothing is imported. The import's transaction holds the open store until it
/// ends.
#[tauri::command(async)]
pub fn apply_request_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    sha256: String,
    job: Option<String>,
) -> UiResult<RequestImport> {
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            Ok(request_import::import_file(
                store.conn(),
                &path,
                Some(&sha256),
                clock::now_local(),
                true,
                work,
            )?)
        })
    })
}

/// What the supporters' reports (their web form's export) would add, with the columns as
/// `columns` maps them (header → field name, "" to leave one out) or as remembered;
/// nothing is written. A long file shows its progress (`job`) and may be cancelled.
#[tauri::command(async)]
pub fn preview_outreach_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    columns: BTreeMap<String, String>,
    job: Option<String>,
) -> UiResult<OutreachImport> {
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            Ok(outreach_import::import_file(
                store.conn(),
                &path,
                None,
                &columns,
                clock::now_local(),
                false,
                false,
                work,
            )?)
        })
    })
}

/// Imports the previewed reports (refused if the file changed since), adding the new list
/// values when the coordinator confirmed them (`add_new`), and remembers the mapping; any
/// refusal comes back as the error it is, and nothing is written.
#[tauri::command(async)]
pub fn apply_outreach_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: PathBuf,
    sha256: String,
    columns: BTreeMap<String, String>,
    add_new: bool,
    job: Option<String>,
) -> UiResult<OutreachImport> {
    let path = state.import_source(&path)?;
    state.tracked(&app, job, |work| {
        state.with_store(|store| {
            let report = outreach_import::import_file(
                store.conn(),
                &path,
                Some(&sha256),
                &columns,
                clock::now_local(),
                true,
                add_new,
                work,
            )?;
            report.refusal(add_new)?;
            Ok(report)
        })
    })
}

/// How long a copied message stays on the clipboard: it may carry a requester's contact.
const CLIPBOARD_LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

/// Copies a message to the clipboard, and clears it after a minute if it is still there
/// (a coordinator who copied something else since keeps that).
#[tauri::command(async)]
pub fn copy_text<R: tauri::Runtime>(app: tauri::AppHandle<R>, text: String) -> UiResult<()> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    app.clipboard().write_text(text.clone()).map_err(|e| {
        crate::error::UiError::new(
            "clipboard",
            format!("The clipboard could not be written: {e}."),
        )
    })?;
    std::thread::spawn(move || {
        std::thread::sleep(CLIPBOARD_LIFETIME);
        if app.clipboard().read_text().is_ok_and(|now| now == text) {
            let _ = app.clipboard().clear();
        }
    });
    Ok(())
}

/// Opens a `mailto:` draft in the coordinator's mail program. Nothing else is opened.
#[tauri::command(async)]
pub fn open_mail_draft<R: tauri::Runtime>(app: tauri::AppHandle<R>, url: String) -> UiResult<()> {
    use tauri_plugin_opener::OpenerExt;
    if !url.starts_with("mailto:") {
        return Err(crate::error::UiError::new(
            "invalid",
            "Only a mail draft can be opened.",
        ));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        crate::error::UiError::new(
            "mail",
            format!("No mail program could open the draft ({e}). Copy the message instead."),
        )
    })
}
