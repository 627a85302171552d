//! The PeerDesk window: builds the Tauri app, holds the open store in managed state and
//! lists the commands. No business logic lives here: each command is one core call.
//!
//! Besides the commands, the window keeps three clocks running on a thread of its own
//! (`watch`): the idle timer that locks PeerDesk when nobody has touched it for the
//! minutes Settings names, the daily automatic backup, and the refresh of the reporting
//! store a few seconds after the coordinator's data changed.
//!
//! Long work (imports, demo data, the export, a backup, a restore, a key rotation, printing)
//! runs under a name the window chose (`job`): its steps reach the window as
//! `peerdesk:progress` events, and `cancel_work` with that name stops it (`AppState::tracked`).
//!
//! Who may do what is decided here, from how the store was unlocked: in reporting mode
//! (the reporting passphrase) `with_store` refuses every command but the few that run on
//! `with_session` (reports, the export, the flyer and the committee report).

mod commands;
mod error;
#[cfg(test)]
mod smoke;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use peerdesk_cli::WindowOptions;
use peerdesk_core::files::documents::{self, DocumentKind, Places};
use peerdesk_core::reporting::access as reporting;
use peerdesk_core::store::backup;
use peerdesk_core::store::instance::{FolderLock, Holder};
use peerdesk_core::store::keystore::{KeyStoreError, OsKeyStore};
use peerdesk_core::store::session::{Access, Session};
use peerdesk_core::{clock, program, Cancel, DataDir, Keychain, Step, Store, Work};
use rusqlite::Connection;
use serde::Serialize;
use tauri::{Emitter, Manager};

use crate::error::{UiError, UiResult};

/// The event the window hears when PeerDesk locked itself (idle).
pub const LOCKED_EVENT: &str = "peerdesk:locked";
/// The event the window hears when the check of every page found the open store damaged.
pub const DAMAGED_EVENT: &str = "peerdesk:damaged";

/// The event that carries a long work's steps to the window (`Progress`).
pub const PROGRESS_EVENT: &str = "peerdesk:progress";

/// One step of a long work, for the window: which work (the name the window gave it) and
/// how far it is.
#[derive(Debug, Clone, Serialize)]
struct Progress<'a> {
    job: &'a str,
    #[serde(flatten)]
    step: Step,
}

/// What the window holds: where the data is, the credential store, and the open store
/// (`None` while locked).
pub struct AppState {
    dir: Result<DataDir, String>,
    os_store: Option<Result<OsKeyStore, KeyStoreError>>,
    store: Mutex<Option<Session>>,
    /// The data folder's lock, held from the first screen to the end: one window per
    /// folder, and no command-line write under an open window.
    folder: Mutex<Option<FolderLock>>,
    /// When the coordinator last pressed a key or clicked, and how long may pass before
    /// PeerDesk locks itself.
    last_activity: Mutex<Instant>,
    auto_lock_seconds: AtomicU64,
    /// Held by work that needs the store's files to itself or reads them whole (a backup,
    /// a restore, a key rotation): they never overlap.
    maintenance: Mutex<()>,
    /// Paths chosen in the native Save dialog, and paths PeerDesk wrote, since it opened:
    /// the only existing files a document may replace.
    places: Mutex<Places>,
    /// When the reporting store was last refreshed, and what has changed since.
    reporting: Mutex<ReportingWatch>,
    /// Counts the stores opened, so that each is checked once in the background.
    opened: AtomicU64,
    integrity: Mutex<IntegrityWatch>,
    /// The Cancel button of each long work under way, by the name the window gave it.
    jobs: Mutex<HashMap<String, Cancel>>,
}

/// The check of every page of the open store, which runs in the background after it opens
/// (reading a large file whole is not for the unlock to wait on): which opening was last
/// checked, and the damage found, which closes the store and is shown until a restore.
#[derive(Default)]
struct IntegrityWatch {
    checked: u64,
    damage: Option<UiError>,
}

/// The reporting store follows the coordinator's: refreshed once changes have rested and the
/// coordinator has been away from the keyboard for `REPORTING_QUIET`, at once on lock, and
/// after a failure not again for `REPORTING_BACKOFF`.
#[derive(Default)]
struct ReportingWatch {
    /// The coordinator's store as the last refresh saw it (`reporting::change_mark`).
    mark: Option<(u64, i64)>,
    /// Since when the store differs from `mark`.
    changed_since: Option<Instant>,
    retry_after: Option<Instant>,
}

/// A refresh rewrites the whole reporting store: it waits until the coordinator has paused.
const REPORTING_QUIET: Duration = Duration::from_secs(30);
const REPORTING_BACKOFF: Duration = Duration::from_secs(300);

impl AppState {
    pub fn new(options: &WindowOptions) -> Self {
        AppState {
            dir: DataDir::resolve(options.data_dir.clone()).map_err(|e| e.to_string()),
            os_store: (!options.no_keychain).then(OsKeyStore::connect),
            store: Mutex::new(None),
            folder: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            auto_lock_seconds: AtomicU64::new(u64::from(program::DEFAULT_AUTO_LOCK_MINUTES) * 60),
            maintenance: Mutex::new(()),
            places: Mutex::new(Places::default()),
            reporting: Mutex::new(ReportingWatch::default()),
            opened: AtomicU64::new(0),
            integrity: Mutex::new(IntegrityWatch::default()),
            jobs: Mutex::new(HashMap::new()),
        }
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

    fn slot(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while holding the lock cannot leave the store half-written (SQLite's
        // transactions see to that), so a poisoned lock is safe to take over.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn maintenance(&self) -> MutexGuard<'_, ()> {
        self.maintenance
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the data folder's lock if this window does not hold it yet; waits a few seconds
    /// for a command-line write to finish.
    fn hold_folder(&self) -> UiResult<()> {
        let mut folder = self
            .folder
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if folder.is_none() {
            *folder = Some(FolderLock::acquire(
                self.dir()?,
                Holder::Window,
                Duration::from_secs(5),
            )?);
        }
        Ok(())
    }

    /// Runs `work` on the coordinator's open store, or says that PeerDesk is locked, or
    /// that reporting mode cannot do this. Counts as activity.
    fn with_store<T>(&self, work: impl FnOnce(&mut Store) -> UiResult<T>) -> UiResult<T> {
        self.note_activity();
        self.with_store_quietly(work)
    }

    /// Runs `work` on the coordinator's open store without counting as activity (the
    /// window's own timers).
    fn with_store_quietly<T>(&self, work: impl FnOnce(&mut Store) -> UiResult<T>) -> UiResult<T> {
        let mut slot = self.slot();
        match slot.as_mut() {
            Some(Session::Coordinator(store)) => work(store),
            Some(Session::Reporting(_)) => Err(UiError::reporting_mode()),
            None => Err(UiError::locked()),
        }
    }

    /// Runs `work` on whichever store is open, for the commands reporting mode may use:
    /// reports, the de-identified export, the flyer and the committee report.
    fn with_session<T>(&self, work: impl FnOnce(&Session) -> UiResult<T>) -> UiResult<T> {
        self.note_activity();
        let slot = self.slot();
        work(slot.as_ref().ok_or_else(UiError::locked)?)
    }

    /// Long work (a report, an export, a PDF): `read` works on a connection of its own, one
    /// snapshot of the store, so the open store's lock is held only for a moment and every
    /// other screen answers meanwhile; `finish` then writes what the work leaves in the open
    /// store (its audit entry). The maintenance guard is held throughout: a lock, a restore
    /// or a key rotation waits for the work to end, so the key's copy is never used after a
    /// lock and the entry lands in the very store that was read.
    fn long_work<T>(
        &self,
        read: impl FnOnce(&Connection, Access) -> UiResult<T>,
        finish: impl FnOnce(&Session, &T) -> UiResult<()>,
    ) -> UiResult<T> {
        let _maintenance = self.maintenance();
        let (source, access) =
            self.with_session(|session| Ok((session.read_source(), session.access())))?;
        let done = read(&source.open()?, access)?;
        drop(source);
        self.with_session(|session| finish(session, &done))?;
        Ok(done)
    }

    /// Runs long work named `job` by the window: each step reaches the window as a
    /// `peerdesk:progress` event, and `cancel_work(job)` presses its Cancel button. Without
    /// a name (a script calling the command), the work runs unwatched. What the work holds
    /// meanwhile is its own affair (`long_work` for reading, `with_store` for writing): the
    /// Cancel button never waits for the store.
    fn tracked<R: tauri::Runtime, T>(
        &self,
        app: &tauri::AppHandle<R>,
        job: Option<String>,
        work: impl FnOnce(&Work) -> UiResult<T>,
    ) -> UiResult<T> {
        let Some(job) = job else {
            return work(&Work::none());
        };
        let cancel = Cancel::new();
        self.jobs().insert(job.clone(), cancel.clone());
        let report = |step: Step| {
            // A window that went away cannot hear it; the work goes on all the same.
            let _ = app.emit(PROGRESS_EVENT, Progress { job: &job, step });
        };
        let outcome = work(&Work::new(&report, cancel));
        self.jobs().remove(&job);
        outcome
    }

    /// Presses the Cancel button of the work named `job`; false when no such work runs
    /// (it has just ended).
    fn cancel(&self, job: &str) -> bool {
        self.jobs().get(job).map(Cancel::cancel).is_some()
    }

    fn jobs(&self) -> MutexGuard<'_, HashMap<String, Cancel>> {
        self.jobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reading work split over two cores (a report): see `long_work_on_two`.
    fn read_on_two_then<T>(
        &self,
        read: impl FnOnce(&Connection, Connection, Access) -> UiResult<T>,
    ) -> UiResult<T> {
        self.long_work_on_two(read, |_, _| Ok(()))
    }

    /// `long_work` split over two cores (a report, an export): `read` gets two connections
    /// on one snapshot of the store. Both take their snapshot while the open store is held,
    /// so nothing the window saves can fall between them.
    fn long_work_on_two<T>(
        &self,
        read: impl FnOnce(&Connection, Connection, Access) -> UiResult<T>,
        finish: impl FnOnce(&Session, &T) -> UiResult<()>,
    ) -> UiResult<T> {
        let _maintenance = self.maintenance();
        let (first, second, access) = self.with_session(|session| {
            let (first, second) = session.read_source().open_two()?;
            Ok((first, second, session.access()))
        })?;
        let done = read(&first, second, access)?;
        drop(first);
        self.with_session(|session| finish(session, &done))?;
        Ok(done)
    }

    /// Long work that only reads (a report, a preview): see `long_work`.
    fn read_then<T>(&self, read: impl FnOnce(&Connection, Access) -> UiResult<T>) -> UiResult<T> {
        self.long_work(read, |_, _| Ok(()))
    }

    /// Who is at the keyboard, as the open store was unlocked.
    fn access(&self) -> Option<Access> {
        self.slot().as_ref().map(Session::access)
    }

    fn places(&self) -> MutexGuard<'_, Places> {
        self.places
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where a document of `kind` may be written, decided here whatever the window sent
    /// (see `documents`): never in the data or backups folder, never through a link, never
    /// over a file PeerDesk did not write unless it was chosen in the Save dialog.
    fn save_target(&self, path: &Path, kind: DocumentKind, replace: bool) -> UiResult<PathBuf> {
        let places = self.save_places()?;
        Ok(documents::check_save_target(path, kind, replace, &places)?)
    }

    /// Where a file that goes with a document may be written (the summary beside a CSV
    /// export): as a document of its own, vouched for also through its `document`.
    fn companion_target(
        &self,
        document: &Path,
        companion: &Path,
        kind: DocumentKind,
        replace: bool,
    ) -> UiResult<PathBuf> {
        let places = self.save_places()?;
        Ok(documents::check_companion_target(
            document, companion, kind, replace, &places,
        )?)
    }

    /// The places a document must never go (the data and backups folders), with the paths
    /// vouched for so far.
    fn save_places(&self) -> UiResult<MutexGuard<'_, Places>> {
        let mut forbidden = vec![self.dir()?.root().to_path_buf()];
        let backups = self.with_session(|session| match session {
            Session::Coordinator(store) => {
                Ok(Some(backup::status(store.conn(), store.dir())?.folder))
            }
            // The reporting store keeps the backups folder's setting for just this.
            Session::Reporting(store) => Ok(Some(program::load(store.conn())?.backup_folder)
                .filter(|folder| !folder.trim().is_empty())
                .map(PathBuf::from)),
        })?;
        forbidden.extend(backups);
        let mut places = self.places();
        places.forbidden = forbidden;
        Ok(places)
    }

    /// A path the native Save dialog gave: the coordinator confirmed it.
    fn confirm_path(&self, path: &Path) {
        self.places().confirmed.insert(path.to_path_buf());
    }

    /// A path PeerDesk just wrote: it may replace it again.
    fn produced(&self, path: &Path) {
        self.places().produced.insert(path.to_path_buf());
    }

    /// A file to import from: outside the data folder (and a regular file, checked as it is
    /// read). Returns the path to read, every link resolved.
    fn import_source(&self, path: &Path) -> UiResult<PathBuf> {
        Ok(documents::check_import_source(path, self.dir()?.root())?)
    }

    fn note_activity(&self) {
        *self
            .last_activity
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        self.last_activity
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .elapsed()
    }

    /// Puts a freshly opened store in place: the idle timer starts again with the store's
    /// own setting.
    fn open(&self, store: impl Into<Session>) {
        let store = store.into();
        let minutes = program::load(store.conn())
            .map(|p| p.auto_lock_minutes)
            .unwrap_or(program::DEFAULT_AUTO_LOCK_MINUTES);
        self.set_auto_lock_minutes(minutes);
        // The idle time counts from now before the store is there, or the watch could find it
        // open with an old time and lock it again at once.
        self.note_activity();
        *self.slot() = Some(store);
        *self.reporting_watch() = ReportingWatch::default();
        self.integrity_watch().damage = None;
        self.opened.fetch_add(1, Ordering::SeqCst);
    }

    fn integrity_watch(&self) -> MutexGuard<'_, IntegrityWatch> {
        self.integrity
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The damage the background check found, until a store is opened again.
    fn damage(&self) -> Option<UiError> {
        let watch = self.integrity_watch();
        let damage = watch.damage.as_ref()?;
        Some(UiError::new(damage.code, damage.message.clone()))
    }

    /// Whether the store opened last still waits for its check of every page (and marks it
    /// as under way).
    fn take_integrity_check(&self) -> bool {
        let opened = self.opened.load(Ordering::SeqCst);
        let mut watch = self.integrity_watch();
        let due = watch.checked != opened;
        watch.checked = opened;
        due
    }

    fn reporting_watch(&self) -> MutexGuard<'_, ReportingWatch> {
        self.reporting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// When the window closes while staff may use this workstation (a reporting passphrase
    /// is issued), PeerDesk locks: the next start asks for a passphrase instead of opening
    /// the coordinator's store with the credential store's key.
    fn lock_on_exit(&self) {
        let shared = self.dir().is_ok_and(reporting::is_issued_in);
        if shared && self.slot().is_some() {
            if let Err(problem) = self.lock(false) {
                eprintln!("peerdesk: could not lock on closing: {}", problem.message);
            }
        }
    }

    /// The idle time before the window locks itself. A debug build may be given seconds
    /// instead (`PEERDESK_AUTO_LOCK_SECONDS`), so the tests need not wait minutes.
    fn set_auto_lock_minutes(&self, minutes: u32) {
        let seconds = test_auto_lock_seconds().unwrap_or(u64::from(minutes) * 60);
        self.auto_lock_seconds.store(seconds, Ordering::SeqCst);
    }

    /// Locks: the store closes (its key is wiped as it drops) and PeerDesk stays locked, on
    /// disk, until the passphrase is typed. Also when no store is open (Lock pressed twice,
    /// a store still to be unlocked): the lock is noted all the same.
    fn lock(&self, idle: bool) -> UiResult<()> {
        // Long work under way ends first (`long_work`): nothing reads with the key after.
        let _maintenance = self.maintenance();
        // Staff see the coordinator's last changes once the coordinator has gone.
        self.refresh_reporting(true);
        let open = self.slot().take();
        match open {
            Some(store) => Ok(store.lock(idle)?),
            None => {
                let dir = self.dir()?;
                if !dir.needs_setup() {
                    peerdesk_core::store::guard::UnlockGuard::lock(dir)?;
                }
                Ok(())
            }
        }
    }
}

impl AppState {
    /// Refreshes the reporting store when the coordinator's store changed (here or in
    /// another process) and the changes have rested, or at once with `now`; nothing in
    /// reporting mode or when reporting access was never issued. A failure never gets in the
    /// coordinator's way: it is reported, and tried again later.
    fn refresh_reporting(&self, now: bool) {
        let outcome = self.with_store_quietly(|store| {
            let current = reporting::change_mark(store)?;
            let mut watch = self.reporting_watch();
            if watch.mark == Some(current) {
                watch.changed_since = None;
                return Ok(());
            }
            let since = *watch.changed_since.get_or_insert_with(Instant::now);
            let backing_off = watch.retry_after.is_some_and(|at| Instant::now() < at);
            // A refresh of a large store takes seconds and holds the store: it waits until
            // the coordinator has left the keyboard too, not only stopped changing data.
            let busy = self.idle_for() < REPORTING_QUIET;
            if !now && (since.elapsed() < REPORTING_QUIET || busy || backing_off) {
                return Ok(());
            }
            if let Err(problem) = reporting::refresh(store) {
                watch.retry_after = Some(Instant::now() + REPORTING_BACKOFF);
                return Err(problem.into());
            }
            *watch = ReportingWatch {
                mark: Some(reporting::change_mark(store)?),
                ..ReportingWatch::default()
            };
            Ok(())
        });
        if let Err(problem) = outcome {
            if problem.code != "locked" && problem.code != "reporting_mode" {
                eprintln!(
                    "peerdesk: the reporting store could not be refreshed: {}",
                    problem.message
                );
            }
        }
    }
}

fn test_auto_lock_seconds() -> Option<u64> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var("PEERDESK_AUTO_LOCK_SECONDS")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .filter(|seconds| *seconds > 0)
}

/// Every second: lock when idle too long; every few seconds, the reporting store's refresh
/// after changes; once a minute, the day's automatic backup (not at once: opening the
/// window comes first).
fn watch(app: tauri::AppHandle) {
    let mut last_backup_check = Instant::now();
    let mut last_refresh_check = Instant::now();
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let state = app.state::<AppState>();
        let limit = Duration::from_secs(state.auto_lock_seconds.load(Ordering::SeqCst));
        let open = state.slot().is_some();
        if open && state.idle_for() >= limit {
            // The screen is cleared even if the lock could not be noted on disk: the store
            // is closed either way.
            let noted = state.lock(true);
            let _ = app.emit(LOCKED_EVENT, "idle");
            if let Err(problem) = noted {
                eprintln!(
                    "peerdesk: the idle lock could not be noted: {}",
                    problem.message
                );
            }
            continue;
        }
        if open && state.take_integrity_check() {
            let app = app.clone();
            std::thread::spawn(move || check_every_page(&app));
        }
        if open && last_refresh_check.elapsed() >= Duration::from_secs(3) {
            last_refresh_check = Instant::now();
            state.refresh_reporting(false);
        }
        if open && last_backup_check.elapsed() >= Duration::from_secs(60) {
            last_backup_check = Instant::now();
            let app = app.clone();
            std::thread::spawn(move || automatic_backup(&app.state::<AppState>()));
        }
    }
}

/// Checks every page of the open store against its HMAC on a connection of its own. Damage
/// closes the store (nothing more is written to a damaged file) and the window shows the
/// problem screen, which offers the restore. Held against a key rotation, whose half-written
/// pages a reader with the old key would take for damage.
fn check_every_page(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    let _maintenance = state.maintenance();
    let Some(source) = state.slot().as_ref().map(Session::read_source) else {
        return; // locked meanwhile
    };
    match source.check_every_page() {
        Ok(()) => {}
        Err(damage @ peerdesk_core::CoreError::Damaged { .. }) => {
            drop(state.slot().take());
            state.integrity_watch().damage = Some(damage.into());
            let _ = app.emit(DAMAGED_EVENT, ());
        }
        Err(other) => eprintln!("peerdesk: the check of every page could not run: {other}"),
    }
}

/// The day's backup, when due: the store is read on a connection of its own, so the
/// coordinator's work goes on meanwhile; a failure is noted for the dashboard.
fn automatic_backup(state: &AppState) {
    let Ok(_maintenance) = state.maintenance.try_lock() else {
        return; // a backup, restore or rotation is already under way
    };
    let now = clock::now_utc_time();
    let plan = state.with_store_quietly(|store| {
        let status = backup::status(store.conn(), store.dir())?;
        Ok(status
            .is_due(now)
            .then(|| store.backup_source().map(|source| (source, status))))
    });
    let (source, status) = match plan {
        Ok(Some(Ok(plan))) => plan,
        _ => return,
    };
    let outcome = backup::run_automatic(&source, &status, now, clock::now_local(), &Work::none());
    drop(source);
    let _ = state.with_store_quietly(|store| {
        match &outcome {
            Ok(summary) => backup::record_success(store.conn(), summary, true)?,
            Err(error) => backup::record_failure(store.conn(), now, error)?,
        }
        Ok(())
    });
}

/// Every command the window may call, in one list for the app and its smoke test
/// (`build.rs` `COMMANDS`, the capability and `ui/js/api.js` are checked against it by
/// `tests/tests/config.rs`).
fn handlers<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::session::app_state,
        commands::about::about,
        commands::session::passphrase_strength,
        commands::session::setup_store,
        commands::session::unlock_store,
        commands::session::lock_store,
        commands::session::still_here,
        commands::session::store_status,
        commands::session::cancel_work,
        commands::safety::backup_status,
        commands::safety::backup_now,
        commands::safety::pick_folder,
        commands::safety::restore_backup,
        commands::safety::change_passphrase,
        commands::safety::rotate_key,
        commands::safety::reporting_status,
        commands::safety::issue_reporting,
        commands::safety::revoke_reporting,
        commands::safety::refresh_reporting,
        commands::audit::audit_list,
        commands::audit::audit_verify,
        commands::audit::save_audit_csv,
        commands::dashboard::load_demo,
        commands::dashboard::dashboard,
        commands::dashboard::save_calendar,
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
        commands::roster::rest_supporter,
        commands::roster::end_supporter_rest,
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
        commands::daily::request_referrals,
        commands::daily::refer_request,
        commands::daily::set_referral_outcome,
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
        commands::daily::preview_outreach_import,
        commands::daily::apply_outreach_import,
        commands::daily::copy_text,
        commands::daily::open_mail_draft,
        commands::print::print_preview,
        commands::print::save_print,
        commands::print::printed_signs,
        commands::print::flyer_text,
        commands::print::save_flyer_text,
        commands::group::list_events,
        commands::group::check_event,
        commands::group::add_event,
        commands::group::remove_event,
        commands::group::list_debriefs,
        commands::group::debrief_form,
        commands::group::check_debrief,
        commands::group::add_debrief,
        commands::group::remove_debrief,
    ]
}

/// Opens the window. Returns when it is closed.
pub fn run(options: WindowOptions) {
    let state = AppState::new(&options);
    // One window per data folder: a second start on the same folder hands over to the first.
    let instance_name = match &state.dir {
        Ok(dir) => format!("org.peerdesk.app.folder{}", dir.fingerprint()),
        Err(_) => "org.peerdesk.app".to_string(),
    };
    let result = tauri::Builder::default()
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_name)
                .callback(|app, _args, _cwd| {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || watch(handle));
            Ok(())
        })
        .invoke_handler(handlers())
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(error) => {
            eprintln!("peerdesk: the window could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<AppState>().lock_on_exit();
        }
    });
}
