//! The PeerDesk window: builds the Tauri app, holds the open store in managed state and
//! lists the commands. No business logic lives here: each command is one core call.

mod commands;
mod error;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use peerdesk_cli::WindowOptions;
use peerdesk_core::keystore::{KeyStoreError, OsKeyStore};
use peerdesk_core::{DataDir, Keychain, Store};

use crate::error::{UiError, UiResult};

/// What the window holds: where the data is, the credential store, and the open store
/// (`None` while locked).
pub struct AppState {
    dir: Result<DataDir, String>,
    os_store: Option<Result<OsKeyStore, KeyStoreError>>,
    store: Mutex<Option<Store>>,
    /// The coordinator pressed Lock: until the passphrase is typed, the credential store's
    /// key is not used, or Lock would be undone by the next screen.
    locked_by_hand: AtomicBool,
}

impl AppState {
    pub fn new(options: &WindowOptions) -> Self {
        AppState {
            dir: DataDir::resolve(options.data_dir.clone()).map_err(|e| e.to_string()),
            os_store: (!options.no_keychain).then(OsKeyStore::connect),
            store: Mutex::new(None),
            locked_by_hand: AtomicBool::new(false),
        }
    }

    fn locked_by_hand(&self) -> bool {
        self.locked_by_hand.load(Ordering::SeqCst)
    }

    fn set_locked_by_hand(&self, locked: bool) {
        self.locked_by_hand.store(locked, Ordering::SeqCst);
    }

    fn dir(&self) -> UiResult<&DataDir> {
        self.dir
            .as_ref()
            .map_err(|message| UiError::new("io", message.clone()))
    }

    fn keychain(&self) -> Keychain<'_> {
        match &self.os_store {
            None => Keychain::Off,
            Some(Ok(store)) => Keychain::On(store),
            Some(Err(e)) => Keychain::Unreachable(e),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic while holding the lock cannot leave the store half-written (SQLite's
        // transactions see to that), so a poisoned lock is safe to take over.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on the open store, or says that PeerDesk is locked.
    fn with_store<T>(&self, work: impl FnOnce(&mut Store) -> UiResult<T>) -> UiResult<T> {
        let mut slot = self.slot();
        let store = slot.as_mut().ok_or_else(UiError::locked)?;
        work(store)
    }
}

/// Opens the window. Returns when it is closed.
pub fn run(options: WindowOptions) {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(&options))
        .invoke_handler(tauri::generate_handler![
            commands::session::app_state,
            commands::session::passphrase_strength,
            commands::session::setup_store,
            commands::session::unlock_store,
            commands::session::lock_store,
            commands::session::store_status,
            commands::dashboard::load_demo,
            commands::dashboard::dashboard,
            commands::roster::list_supporters,
            commands::daily::list_requests,
            commands::daily::list_outreaches,
            commands::roster::list_organizations,
            commands::lists::build_report,
            commands::lists::pick_save_path,
            commands::lists::export_outreach,
            commands::roster::supporter_detail,
            commands::roster::check_supporter,
            commands::roster::add_supporter,
            commands::roster::update_supporter,
            commands::roster::pause_supporter,
            commands::roster::reactivate_supporter,
            commands::roster::retire_supporter,
            commands::roster::add_organization,
            commands::roster::update_organization,
            commands::roster::remove_organization_logo,
            commands::roster::organization_logo,
            commands::roster::list_entries,
            commands::roster::add_entry,
            commands::roster::change_entry,
            commands::roster::record_session,
            commands::roster::recent_sessions,
            commands::roster::preview_roster_import,
            commands::roster::apply_roster_import,
            commands::roster::import_nominations,
            commands::roster::nomination_tally,
            commands::roster::pick_file,
            commands::daily::program_settings,
            commands::daily::save_program_settings,
            commands::daily::add_us_holidays,
            commands::daily::list_choices,
            commands::daily::change_choice,
            commands::daily::request_detail,
            commands::daily::check_request,
            commands::daily::add_request,
            commands::daily::end_request,
            commands::daily::reopen_request,
            commands::daily::rematch_request,
            commands::daily::rank_request,
            commands::daily::assign_request,
            commands::daily::outreach_form,
            commands::daily::outreach_revisions,
            commands::daily::add_outreach,
            commands::daily::update_outreach,
            commands::daily::list_templates,
            commands::daily::template_placeholders,
            commands::daily::save_template,
            commands::daily::render_template,
            commands::daily::preview_request_import,
            commands::daily::apply_request_import,
            commands::daily::copy_text,
            commands::daily::open_mail_draft,
            commands::print::print_preview,
            commands::print::save_print,
            commands::print::flyer_text,
            commands::print::save_flyer_text,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("peerdesk: the window could not start: {error}");
        std::process::exit(1);
    }
}
