// Requests for support: the list (open ones by default), and the screens reached from it —
// intake, a request's page, matching, and the web-form import. Lists never name a requester.
import { api } from '../api.js';
import { h, replace, localDate } from '../dom.js';
import * as router from '../router.js';
import { dataTable } from '../components/table.js';
import { pageHeader, loading, errorPanel, statusBadge, whoColumn } from './common.js';
import { mountRequestForm } from './request-form.js';
import { mountRequestPage, firstContactDue } from './request-page.js';
import { mountMatch } from './match.js';
import { mountRequestImport } from './request-import.js';

export function mountRequests(root, params = []) {
  const [first, second] = params;
  if (first === 'new') return mountRequestForm(root);
  if (first === 'import') return mountRequestImport(root);
  if (/^\d+$/.test(first ?? '')) {
    return second === 'match' ? mountMatch(root, Number(first)) : mountRequestPage(root, Number(first));
  }
  return mountList(root, first === 'list' ? second : null);
}

/** The list's views: what each asks the core for, and what an empty one says. */
const FILTERS = [
  { key: 'open', label: 'Open', filter: { open: true },
    empty: 'No open requests. New ones appear here as they are taken in or imported from the web form.' },
  { key: 'waiting', label: 'Waiting for a match', filter: { status: 'new' },
    empty: 'No request is waiting for a match.' },
  { key: 'overdue', label: 'Overdue', filter: { overdue: true },
    empty: 'No first contact is late.' },
  { key: 'all', label: 'All', filter: {},
    empty: 'No requests yet: take in the first one, or import the web form’s responses.' },
  { key: 'closed', label: 'Closed', filter: { status: 'closed' }, empty: 'No closed requests.' },
  { key: 'declined', label: 'Declined', filter: { status: 'declined' }, empty: 'No request was declined.' },
  { key: 'withdrawn', label: 'Withdrawn', filter: { status: 'withdrawn' }, empty: 'No request was withdrawn.' },
];

/** At most this many requests are listed. */
const LIMIT = 500;

function toolbar() {
  return h('div', { class: 'toolbar' },
    h('a', { href: '#/requests/new', class: 'button-link primary', id: 'new-request', title: 'New request (Alt+R)' }, 'New request'),
    h('a', { href: '#/requests/import', class: 'button-link', id: 'import-requests', title: 'Import the request form’s CSV or XLSX export' },
      'Import web form'));
}

let mounts = 0;

function mountList(root, wanted) {
  const ticket = ++mounts;
  let current = FILTERS.find((f) => f.key === wanted) ?? FILTERS[0];
  let loads = 0;
  const stale = () => ticket !== mounts || !/^#\/requests(\/list(\/[a-z-]*)?)?\/?$/.test(location.hash || '#/requests');

  const radios = FILTERS.map((f) => {
    const input = h('input', { type: 'radio', name: 'request-filter', id: `request-filter-${f.key}`, value: f.key, checked: f === current });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      current = f;
      history.replaceState(null, '', `#/requests/list/${f.key}`);
      load(false);
    });
    return h('label', { for: input.id, class: 'filter-tab' }, input, h('span', {}, f.label));
  });
  const tabs = h('fieldset', { class: 'filter-tabs', id: 'request-filters' },
    h('legend', { class: 'visually-hidden' }, 'Show'), radios);
  const summary = h('p', { class: 'muted', id: 'request-count', 'aria-live': 'polite' });
  const list = h('div', { id: 'request-list' }, loading('the requests'));
  replace(root, pageHeader('Requests', toolbar()), tabs, summary, list);

  load(true);

  async function load(focusFilter) {
    const mine = ++loads;
    const shown = current;
    replace(list, loading('the requests'));
    replace(summary);
    let rows;
    try {
      rows = await api.listRequests({ ...shown.filter, limit: LIMIT });
    } catch (error) {
      if (mine === loads && !stale()) replace(list, errorPanel(error));
      return;
    }
    if (mine !== loads || stale()) return;
    replace(summary, rows.length >= LIMIT
      ? `${shown.label}: the ${LIMIT} most recent, newest first. Choose a narrower view to see older ones.`
      : `${shown.label}, newest first.`);
    const table = dataTable({
      caption: `Requests for support — ${shown.label.toLowerCase()}`,
      filterLabel: 'Filter by number, status, role, department, organization, issue type or supporter',
      emptyText: shown.empty,
      rows,
      columns: [
        { key: 'id', label: 'No.', value: (r) => r.id,
          render: (r) => h('a', { href: `#/requests/${r.id}`, class: 'request-link', title: `Open request #${r.id}` }, `#${r.id}`) },
        { key: 'received_at', label: 'Received', filter: false,
          render: (r) => h('span', { title: localDate(r.received_at) }, localDate(r.received_at, { dayOnly: true })) },
        { key: 'status', label: 'Status', value: (r) => `${r.status}${r.days_late ? ' late overdue' : ''}`, render: (r) => statusBadge(r.status) },
        { key: 'due_on', label: 'First contact due', value: (r) => r.due_on, filter: false,
          render: (r) => firstContactDue(r.status, r.due_on, r.days_late) },
        whoColumn(),
        { key: 'issue_types', label: 'Issue types', value: (r) => r.issue_types.join(', ') },
        { key: 'supporter', label: 'Supporter',
          render: (r) => (r.supporter_id ? h('a', { href: `#/supporters/${r.supporter_id}` }, r.supporter) : h('span', { class: 'muted' }, '—')) },
      ],
    });
    table.element.classList.add('requests-table');
    // A click anywhere on a row opens the request (its number is the link Enter follows).
    table.element.addEventListener('click', (event) => {
      if (event.target.closest('a, button, input, select, textarea')) return;
      if (String(window.getSelection?.() ?? '') !== '') return;
      const link = event.target.closest('tbody tr')?.querySelector('a.request-link');
      if (link) router.go(link.getAttribute('href').replace(/^#\//, ''));
    });
    replace(list, table.element,
      rows.length === 0 && shown.key === 'all'
        ? h('p', {}, h('a', { href: '#/requests/new' }, 'Take in the first request'), ' or ',
          h('a', { href: '#/requests/import' }, 'import the web form’s responses'), '.')
        : null);
    if (focusFilter) table.focusFilter();
  }
}
