// Settings → Audit log (#/settings/audit): who did what and when, newest first, by action
// and period, saved as CSV. Each entry carries a hash over the one before it (core/src/audit.rs),
// so "Verify the chain" finds an entry changed, removed or slipped in afterwards.
import { api } from '../api.js';
import { h, replace, localDate, count, todayIso } from '../dom.js';
import { pathControls, saveFileFlow } from '../components/save-file.js';
import { markRefused } from '../components/form.js';
import { pageHeader, loading, errorPanel } from './common.js';

/** Who, in words, for the core's actor names; any other name shows as it is. */
const ACTORS = {
  coordinator: 'Coordinator',
  reporting: 'Reporting staff',
  setup: 'Setup',
  retention: 'Retention (automatic)',
  automatic: 'PeerDesk (automatic)',
};

/** How much of the newest hash is shown in the sentence; the whole of it follows. */
const HASH_SHOWN = 12;

export async function mountAudit(root) {
  let alive = true;
  let sequence = 0;
  const back = () => h('a', { href: '#/settings', class: 'back' }, '← Settings');
  const title = 'Audit log';
  const placeholder = loading('the audit log');
  replace(root, back(), pageHeader(title), placeholder);

  // The filters: what the list, and the CSV, hold.
  const action = h('select', { id: 'audit-action', name: 'action' });
  const since = h('input', { type: 'date', id: 'audit-since', name: 'since' });
  const until = h('input', { type: 'date', id: 'audit-until', name: 'until' });
  /** The filter as audit_list and save_audit_csv take it: an empty control is no limit. */
  const currentFilter = () => ({ since: since.value || null, until: until.value || null, action: action.value || null });

  let listed;
  try {
    listed = await api.auditList(currentFilter());
  } catch (error) {
    if (placeholder.isConnected) replace(root, back(), pageHeader(title), errorPanel(error));
    return undefined;
  }
  // Another screen was chosen while this one was loading.
  if (!placeholder.isConnected) return undefined;

  const field = (control, label) => h('div', { class: 'filter-field' }, h('label', { for: control.id }, label), control);
  const filters = h('form', { class: 'card filter-bar', id: 'audit-filters', 'aria-label': 'Which entries',
    onsubmit: (event) => { event.preventDefault(); load(); } },
  field(action, 'Action'), field(since, 'From'), field(until, 'To'));
  for (const control of [action, since, until]) control.addEventListener('change', () => load());

  const entries = h('div', { id: 'audit-entries', 'aria-busy': 'false' });

  /** The actions on offer, keeping the one chosen even if the log no longer has it. */
  function fillActions(actions) {
    const chosen = action.value;
    const names = chosen && !actions.includes(chosen) ? [...actions, chosen] : actions;
    replace(action, h('option', { value: '' }, 'All actions'),
      names.map((name) => h('option', { value: name, selected: name === chosen }, name)));
  }

  function show(answer) {
    fillActions(answer.actions);
    entries.setAttribute('aria-busy', 'false');
    replace(entries, entriesTable(answer.entries));
  }

  async function load() {
    const mine = ++sequence;
    entries.setAttribute('aria-busy', 'true');
    for (const control of [since, until]) control.removeAttribute('aria-invalid');
    let answer;
    try {
      answer = await api.auditList(currentFilter());
    } catch (error) {
      if (!alive || mine !== sequence) return;
      entries.setAttribute('aria-busy', 'false');
      markRefused(error, { since, until });
      const panel = errorPanel(error);
      panel.id = 'audit-error';
      replace(entries, panel);
      return;
    }
    if (!alive || mine !== sequence) return;
    show(answer);
  }

  // Checking the chain.
  const verifyResult = h('div', { id: 'audit-verify-result', 'aria-live': 'polite' });
  const verify = h('button', { type: 'button', class: 'primary', id: 'audit-verify', onclick: async () => {
    verify.disabled = true;
    replace(verify, 'Verifying…');
    replace(verifyResult, h('p', { class: 'muted' }, 'Checking every entry against the one before it…'));
    try {
      const verdict = await api.auditVerify();
      if (alive) replace(verifyResult, verdictNode(verdict));
    } catch (error) {
      if (alive) replace(verifyResult, h('p', { class: 'form-error', role: 'alert' }, error.message));
    } finally {
      verify.disabled = false;
      replace(verify, 'Verify the chain');
    }
  } }, 'Verify the chain');
  const checkCard = h('section', { class: 'card', id: 'audit-check', 'aria-labelledby': 'audit-check-title' },
    h('h2', { id: 'audit-check-title' }, 'Check the chain'),
    h('p', { class: 'muted' }, 'Each entry holds a hash of the one before it, so an entry changed, removed or slipped in afterwards breaks the chain there.'),
    h('div', { class: 'actions' }, verify),
    verifyResult);

  const exporter = exportCard(currentFilter);

  replace(root, h('div', { id: 'audit-page' },
    back(), pageHeader(title),
    h('p', { class: 'muted intro' }, 'Who did what and when: unlocks, backups and restores, imports, exports, changes to the roster and the organizations, the reporting passphrase, what retention removed. Never a name, and never what a document or an export held.'),
    checkCard, filters, exporter, entries));
  show(listed);

  return () => {
    alive = false;
  };
}

/** The entries as a table, newest first; times in the workstation's local time. */
function entriesTable(rows) {
  const summary = h('p', { class: 'muted table-summary', id: 'audit-count' },
    rows.length ? `${count(rows.length)} ${rows.length === 1 ? 'entry' : 'entries'}, newest first.` : 'No entry matches these filters.');
  return [summary, h('div', { class: 'table-scroll' },
    h('table', { id: 'audit-table' },
      h('caption', { class: 'visually-hidden' }, 'Audit log entries, newest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, h('abbr', { title: 'Entry number' }, '#')),
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Who'),
        h('th', { scope: 'col' }, 'What'),
        h('th', { scope: 'col' }, 'Detail'))),
      h('tbody', {}, rows.map((entry) => h('tr', { dataset: { id: String(entry.id) } },
        h('td', { class: 'num' }, String(entry.id)),
        h('td', {}, h('time', { datetime: entry.at, title: entry.at }, localDate(entry.at))),
        h('td', {}, ACTORS[entry.actor] ?? entry.actor),
        h('td', {}, entry.action),
        h('td', {}, entry.detail ?? '—'))))))];
}

/** What audit_verify found, in words. */
function verdictNode(verdict) {
  const entries = `${count(verdict.entries)} ${verdict.entries === 1 ? 'entry' : 'entries'}`;
  if (verdict.broken) {
    return h('div', { class: 'callout danger-callout', id: 'audit-verify-broken', role: 'alert' },
      h('p', {}, h('strong', {}, h('span', { 'aria-hidden': 'true' }, '⚠ '), 'The log was changed: '),
        `entry #${verdict.broken.id} — ${verdict.broken.reason}`),
      verdict.entries > 0
        ? h('p', {}, verdict.entries === 1 ? 'The entry before it is intact.' : `The ${entries} before it are intact.`)
        : null);
  }
  if (!verdict.head) {
    return h('p', { class: 'callout', id: 'audit-verify-ok' }, `The log is intact: ${entries}.`);
  }
  return h('div', { class: 'callout', id: 'audit-verify-ok' },
    h('p', {}, h('span', { 'aria-hidden': 'true' }, '✓ '), `The log is intact: ${entries}, newest hash `,
      h('code', { title: verdict.head }, `${verdict.head.slice(0, HASH_SHOWN)}…`)),
    // The chain cannot show entries cut off its end; a hash kept elsewhere can.
    h('p', { class: 'hint' }, 'The whole newest hash, to note down somewhere else: ', h('code', { class: 'audit-hash', id: 'audit-head' }, verdict.head)));
}

/** Saving the filtered entries as CSV, as the Reports export saves its file. */
function exportCard(currentFilter) {
  const { path, choose } = pathControls('audit-export', 'audit-export-error');
  const run = h('button', { type: 'submit', id: 'audit-export' }, 'Export CSV');
  const problem = h('p', { class: 'form-error', id: 'audit-export-error', role: 'alert' });
  const result = h('div', { id: 'audit-export-result-area', 'aria-live': 'polite' });
  const rowsText = (rows) => `${count(rows)} ${rows === 1 ? 'row' : 'rows'}`;

  const saving = saveFileFlow({
    path, choose, run, problem, result,
    suggested: () => `peerdesk-audit-log-${todayIso()}.csv`,
    extension: 'csv',
    writing: 'Writing the CSV…',
    write: (target, replaceExisting) => api.saveAuditCsv(currentFilter(), target, replaceExisting),
    written: (target, rows) => ({
      callout: h('p', { class: 'callout', id: 'audit-export-result' },
        'Saved ', h('code', { class: 'path' }, target), ` (${rowsText(rows)}).`),
    }),
    askToReplace: (target) => `${target} already exists. Press “Export CSV” again to replace it, or choose another name.`,
  });

  return h('section', { class: 'card', id: 'audit-export-card', 'aria-labelledby': 'audit-export-title' },
    h('h2', { id: 'audit-export-title' }, 'Export as CSV'),
    h('p', { class: 'muted' }, 'The entries the filters above select, as a CSV file for a spreadsheet.'),
    h('form', { class: 'export-form', id: 'audit-export-form', 'aria-label': 'Export the audit log',
      onsubmit: (event) => { event.preventDefault(); saving.save(); } },
    h('div', { class: 'filter-field export-path-field' }, h('label', { for: path.id }, 'Save to'),
      h('div', { class: 'path-row' }, path, choose)),
    h('div', { class: 'filter-field export-run-field' }, run)),
    problem, result);
}
