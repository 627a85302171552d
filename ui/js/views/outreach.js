// The outreach log: one row per contact. Who was supported is never named here, only their
// role and department. #/outreach lists, #/outreach/new logs, #/outreach/ID corrects.
import { api } from '../api.js';
import { h, replace, localDate } from '../dom.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel, whoColumn, stackedCell } from './common.js';
import { mountOutreachForm } from './outreach-form.js';
import { mountGroup, mountEventForm, mountSessionForm } from './group.js';
import { mountOutreachImport } from './outreach-import.js';

const LIMIT = 500;

/** The filters last used, so that coming back from an outreach shows the same list. */
let remembered = { from: '', to: '', kind: '', mode: '', issue_type: '', department: '' };

export function mountOutreach(root, params = []) {
  const [first, second, third] = params;
  // Group support: critical events and the team sessions after them.
  if (first === 'events') return second === 'new' ? mountEventForm(root) : mountGroup(root);
  if (first === 'sessions') return mountSessionForm(root, /^\d+$/.test(third ?? '') ? Number(third) : null);
  if (first === 'import') return mountOutreachImport(root);
  if (first === 'new') return mountOutreachForm(root, null, /^\d+$/.test(second ?? '') ? Number(second) : null);
  if (/^\d+$/.test(first ?? '')) return mountOutreachForm(root, Number(first), null);
  return mountLog(root);
}

function toolbar() {
  return h('div', { class: 'toolbar' },
    h('a', { href: '#/outreach/new', id: 'new-outreach', class: 'button-link primary',
      title: 'Log a contact that belongs to no request (a request’s contacts are logged from the request)' }, 'Log outreach'),
    h('a', { href: '#/outreach/events', id: 'open-group', class: 'button-link',
      title: 'Critical events (a code, a death, an assault) and the team huddles, debriefs and check-ins after them' },
    'Critical events and team sessions'),
    h('a', { href: '#/outreach/import', id: 'import-outreach', class: 'button-link',
      title: 'Import the outreach reports supporters filled in on the web form (CSV or XLSX export)' }, 'Import supporters’ reports'));
}

async function mountLog(root) {
  const header = () => pageHeader('Outreach', toolbar());
  replace(root, header(), loading('the outreach log'));
  let modes, referrals, issueTypes, departments;
  try {
    [modes, referrals, issueTypes, departments] = await Promise.all([
      api.listChoices('modes'), api.listChoices('referral_sources'), api.listEntries('issue_types'), api.listEntries('departments'),
    ]);
  } catch (error) {
    replace(root, header(), errorPanel(error));
    return;
  }
  const labelOf = (choices) => {
    const labels = new Map(choices.map((c) => [c.code, c.label]));
    return (code) => labels.get(code) ?? code;
  };
  const modeLabel = labelOf(modes);
  const referralLabel = labelOf(referrals);

  const pick = (name, label, pairs, blank) => {
    const control = h('select', { id: `outreach-filter-${name}`, name },
      h('option', { value: '' }, blank),
      pairs.map(([value, text]) => h('option', { value, selected: value === remembered[name] }, text)));
    return { control, element: h('div', { class: 'filter-field' }, h('label', { for: control.id }, label), control) };
  };
  const date = (name, label) => {
    const control = h('input', { type: 'date', id: `outreach-filter-${name}`, name, value: remembered[name] });
    return { control, element: h('div', { class: 'filter-field' }, h('label', { for: control.id }, label), control) };
  };
  const filters = {
    from: date('from', 'From'),
    to: date('to', 'To'),
    kind: pick('kind', 'Kind', [['initial', 'Initial'], ['follow-up', 'Follow-up']], 'Any kind'),
    mode: pick('mode', 'Mode', modes.map((c) => [c.code, c.retired ? `${c.label} (retired)` : c.label]), 'Any mode'),
    issue_type: pick('issue_type', 'Issue type', issueTypes.map((e) => [e.value, e.value]), 'Any issue'),
    department: pick('department', 'Department', departments.map((e) => [e.value, e.value]), 'Any department'),
  };
  const clear = h('button', { type: 'button', id: 'outreach-filter-clear', onclick: () => {
    for (const { control } of Object.values(filters)) control.value = '';
    load();
    filters.from.control.focus();
  } }, 'Clear filters');
  const filterBar = h('form', { class: 'outreach-filters', id: 'outreach-filters', 'aria-label': 'Which outreaches to show',
    onsubmit: (event) => { event.preventDefault(); load(); } },
  Object.values(filters).map((f) => f.element), h('div', { class: 'filter-field filter-actions' }, clear));
  const results = h('div', { id: 'outreach-results', 'aria-busy': 'false' });
  const problem = h('p', { class: 'form-error', id: 'outreach-filter-error', role: 'alert' });
  const summary = h('p', { class: 'muted', id: 'outreach-summary' });
  for (const { control } of Object.values(filters)) control.addEventListener('change', () => load());

  const columns = [
    { key: 'occurred_on', label: 'Date', render: (r) => h('a', { href: `#/outreach/${r.id}`, class: 'row-link', id: `outreach-row-${r.id}`,
      title: 'Open this outreach' }, localDate(r.occurred_on)) },
    { key: 'kind', label: 'Contact', value: (r) => `${r.kind === 'follow-up' ? 'Follow-up' : 'Initial'} · ${modeLabel(r.mode)}`,
      render: (r) => stackedCell(r.kind === 'follow-up' ? 'Follow-up' : 'Initial', modeLabel(r.mode)) },
    { key: 'referred_by', label: 'Referred by', value: (r) => referralLabel(r.referred_by) },
    whoColumn(),
    { key: 'supporter', label: 'Supporter', value: (r) => r.supporter ?? (r.supporter_id ? `#${r.supporter_id}` : '') },
    { key: 'issue_types', label: 'Issue types', value: (r) => r.issue_types.join(', ') },
    { key: 'resources', label: 'Resources', value: (r) => r.resources.join(', ') },
    { key: 'request_id', label: 'Request', value: (r) => r.request_id ?? '',
      render: (r) => (r.request_id ? h('a', { href: `#/requests/${r.request_id}` }, `#${r.request_id}`) : h('span', { class: 'muted' }, '—')) },
    { key: 'edited', label: 'Edited', filter: false, value: (r) => (r.edited ? 'edited' : ''),
      render: (r) => (r.edited ? h('span', { class: 'badge badge-edited', title: 'Changed after it was logged: its page shows what changed' },
        h('span', { 'aria-hidden': 'true' }, '✎'), ' edited') : '') },
  ];

  let sequence = 0;
  async function load() {
    const mine = ++sequence;
    for (const [name, { control }] of Object.entries(filters)) remembered[name] = control.value;
    const narrowed = Object.values(remembered).some(Boolean);
    results.setAttribute('aria-busy', 'true');
    replace(problem);
    let rows;
    try {
      rows = await api.listOutreaches({
        from: remembered.from || null, to: remembered.to || null, kind: remembered.kind || null, mode: remembered.mode || null,
        issue_type: remembered.issue_type || null, department: remembered.department || null, limit: LIMIT,
      });
    } catch (error) {
      if (mine !== sequence) return;
      results.setAttribute('aria-busy', 'false');
      replace(problem, error.message);
      return;
    }
    if (mine !== sequence) return;
    results.setAttribute('aria-busy', 'false');
    replace(summary, rows.length >= LIMIT
      ? `The ${LIMIT} most recent${narrowed ? ' that match' : ''}: narrow the dates to see older ones.`
      : narrowed ? `${rows.length} outreach${rows.length === 1 ? '' : 'es'} match.` : `${rows.length} outreach${rows.length === 1 ? '' : 'es'} logged.`);
    if (rows.length === 0) {
      replace(results, narrowed
        ? h('div', { class: 'card empty-state', id: 'outreach-empty' },
          h('p', {}, 'No outreach matches these filters.'), h('p', {}, 'Clear the filters to see the whole log.'))
        : h('div', { class: 'card empty-state', id: 'outreach-empty' },
          h('h2', {}, 'No outreach logged yet'),
          h('p', {}, 'An outreach is one contact between a peer supporter and a colleague: a call, a visit, a message, a check-in. Log each one here, whether it belongs to a request or happened in the moment.'),
          h('p', {}, 'Names are never recorded here: the log keeps only the role and department of the person supported, never who they are.')));
      return;
    }
    const table = dataTable({
      caption: 'Outreach log (who was supported is never recorded)',
      filterLabel: 'Find in these rows (kind, mode, referral, department, role, supporter, issue, resource)',
      emptyText: '',
      rows,
      columns,
    });
    replace(results, table.element);
  }

  // A row opens its outreach: a click anywhere on it, or Enter on its date link.
  results.addEventListener('click', (event) => {
    if (event.target.closest('a, button, input, select, label, th')) return;
    const link = event.target.closest('tr')?.querySelector('a.row-link');
    if (link) location.hash = link.getAttribute('href');
  });

  replace(root, header(),
    h('p', { class: 'muted intro' }, 'One row per contact. The person supported is never named, only their role and department.'),
    filterBar, problem, summary, results);
  await load();
}
