// The only file that touches window.__TAURI__: one function per command. Errors arrive as
// {code, message}; callers branch on `code`, never on the message text.

export class AppError extends Error {
  constructor(code, message, fields = [], retryInSeconds = null) {
    super(message);
    this.code = code;
    /** For a refused value: {field, code, message} each (field absent when the request as a whole is refused). */
    this.fields = fields;
    /** After many wrong passphrases: seconds before the next try is taken. */
    this.retryInSeconds = retryInSeconds;
  }
}

async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri?.core?.invoke) {
    throw new AppError('no_backend', 'PeerDesk must run inside its own window.');
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) {
      throw new AppError(error.code, error.message, error.fields ?? [], error.retry_in_seconds ?? null);
    }
    throw new AppError('unexpected', String(error));
  }
}

export const api = {
  appState: () => call('app_state'),
  about: () => call('about'),
  passphraseStrength: (passphrase) => call('passphrase_strength', { passphrase }),
  setupStore: (passphrase, confirmation) => call('setup_store', { passphrase, confirmation }),
  unlockStore: (passphrase) => call('unlock_store', { passphrase }),
  lockStore: () => call('lock_store'),
  stillHere: () => call('still_here'),
  // Keeping the store safe (src-tauri/src/commands/safety.rs).
  backupStatus: () => call('backup_status'),
  // Long work takes a `job` (newJob()): its steps arrive through onProgress, cancelWork stops it.
  backupNow: (job) => call('backup_now', { job }),
  pickFolder: () => call('pick_folder'),
  restoreBackup: (path, passphrase, replace, job) => call('restore_backup', { path, passphrase, replace, job }),
  changePassphrase: (current, next, confirmation) => call('change_passphrase', { current, new: next, confirmation }),
  rotateKey: (passphrase, job) => call('rotate_key', { passphrase, job }),
  storeStatus: () => call('store_status'),
  cancelWork: (job) => call('cancel_work', { job }),
  loadDemo: (size, job) => call('load_demo', { size, job }),
  dashboard: () => call('dashboard'),
  saveCalendar: (path, replace = false) => call('save_calendar', { path, replace }),
  listSupporters: () => call('list_supporters'),
  listRequests: (filter = {}) => call('list_requests', { filter }),
  listOutreaches: (filter = {}) => call('list_outreaches', { filter }),
  listOrganizations: () => call('list_organizations'),
  buildReport: (query) => call('build_report', { query }),
  pickSavePath: (suggested, extension) => call('pick_save_path', { suggested, extension }),
  exportOutreach: (query, format, path, replace, job) => call('export_outreach', { query, format, path, replace, job }),
  printPreview: (request) => call('print_preview', { request }),
  savePrint: (request, path, replace, job) => call('save_print', { request, path, replace, job }),
  printedSigns: (naming = null) => call('printed_signs', { naming }),
  flyerText: (partnerId) => call('flyer_text', { partnerId }),
  saveFlyerText: (partnerId, text) => call('save_flyer_text', { partnerId, text }),
  supporterDetail: (id) => call('supporter_detail', { id }),
  addSupporter: (form) => call('add_supporter', { form }),
  checkSupporter: (id, form) => call('check_supporter', { id, form }),
  updateSupporter: (id, form) => call('update_supporter', { id, form }),
  pauseSupporter: (id, until) => call('pause_supporter', { id, until }),
  reactivateSupporter: (id) => call('reactivate_supporter', { id }),
  retireSupporter: (id) => call('retire_supporter', { id }),
  restSupporter: (id, until) => call('rest_supporter', { id, until }),
  endSupporterRest: (id) => call('end_supporter_rest', { id }),
  addOrganization: (input, logoPath) => call('add_organization', { input, logoPath }),
  updateOrganization: (id, input, logoPath) => call('update_organization', { id, input, logoPath }),
  removeOrganizationLogo: (id) => call('remove_organization_logo', { id }),
  organizationLogo: (id) => call('organization_logo', { id }),
  listEntries: (list) => call('list_entries', { list }),
  addEntry: (list, value, family) => call('add_entry', { list, value, family }),
  changeEntry: (id, change) => call('change_entry', { id, change }),
  recordSession: (kind, input) => call('record_session', { kind, input }),
  recentSessions: () => call('recent_sessions'),
  previewRosterImport: (path, job) => call('preview_roster_import', { path, job }),
  applyRosterImport: (path, sha256, validRowsOnly, job) => call('apply_roster_import', { path, sha256, validRowsOnly, job }),
  importNominations: (path) => call('import_nominations', { path }),
  nominationTally: () => call('nomination_tally'),
  pickFile: (kind) => call('pick_file', { kind }),
  // The daily loop (src-tauri/src/commands/daily.rs).
  programSettings: () => call('program_settings'),
  saveProgramSettings: (values) => call('save_program_settings', { values }),
  addUsHolidays: (year) => call('add_us_holidays', { year }),
  listChoices: (list) => call('list_choices', { list }),
  changeChoice: (list, code, change) => call('change_choice', { list, code, change }),
  requestDetail: (id) => call('request_detail', { id }),
  checkRequest: (form) => call('check_request', { form }),
  addRequest: (form) => call('add_request', { form }),
  endRequest: (id, ending) => call('end_request', { id, ending }),
  reopenRequest: (id) => call('reopen_request', { id }),
  rematchRequest: (id, why) => call('rematch_request', { id, why }),
  requestReferrals: (id) => call('request_referrals', { id }),
  referRequest: (id, form) => call('refer_request', { id, form }),
  setReferralOutcome: (id, outcome) => call('set_referral_outcome', { id, outcome }),
  rankRequest: (id, relax = null) => call('rank_request', { id, relax }),
  assignRequest: (id, supporterId, relax = null) => call('assign_request', { id, supporterId, relax }),
  outreachForm: (id = null, requestId = null) => call('outreach_form', { id, requestId }),
  outreachRevisions: (id) => call('outreach_revisions', { id }),
  addOutreach: (form) => call('add_outreach', { form }),
  updateOutreach: (id, form) => call('update_outreach', { id, form }),
  listTemplates: () => call('list_templates'),
  templatePlaceholders: () => call('template_placeholders'),
  saveTemplate: (kind, subject, body) => call('save_template', { kind, subject, body }),
  renderTemplate: (kind, { subject = null, body = null, requestId = null, supporterId = null } = {}) =>
    call('render_template', { kind, subject, body, requestId, supporterId }),
  previewRequestImport: (path, job) => call('preview_request_import', { path, job }),
  applyRequestImport: (path, sha256, job) => call('apply_request_import', { path, sha256, job }),
  previewOutreachImport: (path, columns, job) => call('preview_outreach_import', { path, columns, job }),
  applyOutreachImport: (path, sha256, columns, addNew, job) =>
    call('apply_outreach_import', { path, sha256, columns, addNew, job }),
  copyText: (text) => call('copy_text', { text }),
  openMailDraft: (url) => call('open_mail_draft', { url }),
  // Group support: critical events and team sessions (src-tauri/src/commands/group.rs).
  listEvents: (filter = {}) => call('list_events', { filter }),
  checkEvent: (form) => call('check_event', { form }),
  addEvent: (form) => call('add_event', { form }),
  removeEvent: (id) => call('remove_event', { id }),
  listDebriefs: (filter = {}) => call('list_debriefs', { filter }),
  debriefForm: (event = null) => call('debrief_form', { event }),
  checkDebrief: (form) => call('check_debrief', { form }),
  addDebrief: (form) => call('add_debrief', { form }),
  removeDebrief: (id) => call('remove_debrief', { id }),
  // Reporting access and the audit log (Settings; the coordinator only).
  reportingStatus: () => call('reporting_status'),
  issueReporting: (passphrase, confirmation) => call('issue_reporting', { passphrase, confirmation }),
  revokeReporting: () => call('revoke_reporting'),
  refreshReporting: () => call('refresh_reporting'),
  auditList: (filter) => call('audit_list', { filter }),
  auditVerify: () => call('audit_verify'),
  saveAuditCsv: (filter, path, replace = false) => call('save_audit_csv', { filter, path, replace }),
};

let jobsStarted = 0;

/** A name for one long work, unique in this window: its progress events and Cancel find it by it. */
export function newJob() {
  jobsStarted += 1;
  return `job-${Date.now()}-${jobsStarted}`;
}

/** Calls `handler(payload)` whenever the Rust side emits `name`; returns (a promise of) a
 * function that stops listening. */
async function onEvent(name, handler) {
  const events = window.__TAURI__?.event;
  if (!events?.listen) return () => {};
  return events.listen(name, (event) => handler(event.payload));
}

/** Calls `handler({job, stage, done, total, cancellable})` for each step of long work under way. */
export const onProgress = (handler) => onEvent('peerdesk:progress', handler);

/** Calls `handler` when PeerDesk locks itself (the idle timer). */
export const onLocked = (handler) => onEvent('peerdesk:locked', () => handler());

/** Calls `handler` when the background check of every page found the open store damaged
 * (PeerDesk has closed it). */
export const onDamaged = (handler) => onEvent('peerdesk:damaged', () => handler());
