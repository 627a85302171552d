// The roster of peer supporters: the list, a supporter's page, and the screens reached from
// the roster's toolbar (add, import, training and meetings, nomination survey).
import { supporterMessages } from './messages.js';
import { api } from '../api.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import { now } from '../clock.js';
import * as router from '../router.js';
import { dataTable } from '../components/table.js';
import { toast } from '../components/toast.js';
import { pageHeader, loading, errorPanel, statusBadge, whoColumn, stackedCell } from './common.js';
import { mountSupporterForm } from './supporter-form.js';
import { mountRosterImport } from './roster-import.js';
import { mountTraining } from './training.js';
import { mountNominations } from './nominations.js';

export function mountSupporters(root, params = []) {
  const [first, second] = params;
  if (first === 'new') return mountSupporterForm(root, null, { name: second ?? '' });
  if (first === 'import') return mountRosterImport(root);
  if (first === 'training') return mountTraining(root);
  if (first === 'nominations') return mountNominations(root);
  if (VIEWS.some((v) => v.key === first)) return mountRoster(root, first);
  if (/^\d+$/.test(first ?? '')) {
    return second === 'edit' ? mountSupporterForm(root, Number(first)) : mountSupporterPage(root, Number(first));
  }
  return mountRoster(root);
}

function toolbar() {
  const link = (path, label, title, primary = false) =>
    h('a', { href: `#/supporters/${path}`, class: `button-link${primary ? ' primary' : ''}`, title }, label);
  return h('div', { class: 'toolbar' },
    link('new', 'Add supporter', 'Add a peer supporter (Alt+N)', true),
    link('training', 'Training & meetings', 'Record a training session or a support-the-supporters meeting'),
    link('import', 'Import spreadsheet', 'Import the roster from CSV or XLSX'),
    link('nominations', 'Nomination survey', 'Import and tally who staff would turn to'));
}

/** The roster's views: everyone, or those the coordinator should look after. */
const VIEWS = [
  { key: 'all', label: 'All', keep: () => true, empty: null },
  { key: 'due', label: 'Due for a refresher', keep: (r) => r.training_due,
    empty: 'No one is due: every trained supporter had a training or meeting within the program’s months.' },
  { key: 'resting', label: 'Resting', keep: (r) => Boolean(r.resting_until), empty: 'No one is resting today.' },
  { key: 'loaded', label: 'Heavy load', keep: (r) => r.load.warning,
    empty: 'No one is above the load warning in the last 30 days.' },
];

/** Badges beside the status: paused until …, resting until …, training due, heavy load,
 * meeting overdue. Each carries a word and an icon, never colour alone. */
function statusCell(row) {
  const flag = (kind, icon, words, title) => h('span', { class: `badge badge-${kind}`, title },
    h('span', { 'aria-hidden': 'true' }, icon), ' ', words);
  return h('span', { class: 'badges' },
    statusBadge(row.status, row.status === 'paused' && row.paused_until ? ` until ${localDate(row.paused_until)}` : null),
    row.resting_until ? flag('resting', '☾', `resting until ${localDate(row.resting_until)}`,
      'Left out of matching through this day') : null,
    row.training_due ? flag('overdue', '!', 'training due',
      'No training or support-the-supporters meeting within the program’s months') : null,
    row.load.warning ? flag('overdue', '!', 'heavy load', 'More contacts in the last 30 days than the program’s load warning') : null,
    row.meeting_overdue ? flag('overdue', '!', 'meeting overdue',
      'No support-the-supporters meeting within the program’s interval') : null);
}

/** Contacts in the last 30 days, and under it the 90 days. */
function loadCell(row) {
  const { contacts_30: recent, contacts_90: longer } = row.load;
  return stackedCell(`${recent} in 30 days`, `${longer} in 90 days`);
}

/** The initial training, and under it the latest meeting. */
function trainingCell(row) {
  return stackedCell(row.trained_on ? localDate(row.trained_on) : 'not trained',
    row.last_meeting ? `meeting ${localDate(row.last_meeting)}` : 'no meeting yet');
}

async function mountRoster(root, viewKey = 'all') {
  const view = VIEWS.find((v) => v.key === viewKey) ?? VIEWS[0];
  replace(root, pageHeader('Supporters', toolbar()), loading('the roster'));
  let everyone;
  try {
    everyone = await api.listSupporters();
  } catch (error) {
    replace(root, pageHeader('Supporters', toolbar()), errorPanel(error));
    return;
  }
  const rows = everyone.filter(view.keep);
  const views = h('nav', { class: 'roster-views', id: 'roster-views', 'aria-label': 'Which supporters' },
    VIEWS.map((v) => h('a', { href: `#/supporters${v.key === 'all' ? '' : `/${v.key}`}`, id: `roster-view-${v.key}`,
      class: 'roster-view', 'aria-current': v === view ? 'page' : null },
    v.label, ' ', h('span', { class: 'count' }, `(${everyone.filter(v.keep).length})`))));
  const table = dataTable({
    caption: view.key === 'all' ? 'Peer supporters' : `Peer supporters: ${view.label.toLowerCase()}`,
    filterLabel: 'Find a supporter by name, role, department, organization or language',
    emptyText: view.empty && everyone.length ? view.empty
      : 'No peer supporters yet. Add the first one, or import the roster you keep in a spreadsheet.',
    rows,
    columns: [
      { key: 'name', label: 'Name', render: (r) => h('a', { href: `#/supporters/${r.id}` }, r.name) },
      whoColumn(),
      { key: 'languages', label: 'Languages' },
      { key: 'status', label: 'Status', render: statusCell,
        value: (r) => [r.status, r.resting_until ? 'resting' : '', r.training_due ? 'training due' : '',
          r.load.warning ? 'heavy load' : '', r.meeting_overdue ? 'meeting overdue' : ''].filter(Boolean).join(' ') },
      { key: 'open_cases', label: 'Open cases', value: (r) => r.open_cases, render: (r) => `${r.open_cases} of ${r.max_open_cases}`, filter: false },
      { key: 'load', label: 'Contacts', value: (r) => r.load.contacts_30, render: loadCell, filter: false },
      { key: 'trained_on', label: 'Training', value: (r) => r.last_refresher ?? '', render: trainingCell, filter: false },
    ],
  });
  replace(root, pageHeader('Supporters', toolbar()), views, table.element);
  table.focusFilter();
}

async function mountSupporterPage(root, id) {
  replace(root, pageHeader('Supporter'), loading('the supporter'));
  let detail, signs;
  try {
    [detail, signs] = await Promise.all([api.supporterDetail(id), api.printedSigns(id)]);
  } catch (error) {
    replace(root, pageHeader('Supporter'), errorPanel(error));
    return;
  }
  const { form, roster } = detail;
  const back = h('a', { href: '#/supporters', class: 'back' }, '← Roster');
  const actionLine = h('p', { class: 'form-error', role: 'alert' });
  const act = async (work, done, undo) => {
    try {
      await work();
      toast(done, undo ? { action: { label: 'Undo', run: async () => { await undo(); router.go(`supporters/${id}`); } } } : {});
      router.go(`supporters/${id}`);
    } catch (error) {
      replace(actionLine, error.message);
    }
  };

  // Pausing asks for the return date; retiring asks once and can be undone.
  const pauseDate = h('input', { type: 'date', id: 'pause-until', min: todayIso(), 'aria-label': 'Paused until' });
  const pausePanel = h('form', { class: 'inline-panel', hidden: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => api.pauseSupporter(id, pauseDate.value), `${form.name} is paused until ${localDate(pauseDate.value)}.`,
      () => api.reactivateSupporter(id));
  } }, h('label', { for: 'pause-until' }, 'Back on'), pauseDate,
  h('button', { type: 'submit', class: 'primary', id: 'pause-confirm' }, 'Pause'),
  h('button', { type: 'button', onclick: () => { pausePanel.hidden = true; } }, 'Cancel'));
  const retirePanel = h('div', { class: 'inline-panel', hidden: true, role: 'group', 'aria-label': 'Confirm retiring' },
    h('p', {}, `Retire ${form.name}? They will not be offered for new requests. Their history stays, and you can reactivate them later.`),
    h('button', { type: 'button', class: 'danger', id: 'retire-confirm', onclick: () =>
      act(() => api.retireSupporter(id), `${form.name} is retired.`, () => api.reactivateSupporter(id)) }, 'Retire'),
    h('button', { type: 'button', onclick: () => { retirePanel.hidden = true; } }, 'Keep them'));

  // A rest asks for its last day; it can be ended early, and undone.
  const restDate = h('input', { type: 'date', id: 'rest-until', min: tomorrowIso(), 'aria-label': 'Resting until',
    'aria-describedby': 'rest-hint' });
  const restPanel = h('form', { class: 'inline-panel', id: 'rest-panel', hidden: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => api.restSupporter(id, restDate.value),
      `${form.name} is resting until ${localDate(restDate.value)}: matching leaves them out through that day.`,
      () => api.endSupporterRest(id));
  } }, h('label', { for: 'rest-until' }, 'Resting until'), restDate,
  h('button', { type: 'submit', class: 'primary', id: 'rest-confirm' }, 'Rest'),
  h('button', { type: 'button', onclick: () => { restPanel.hidden = true; } }, 'Cancel'),
  h('p', { class: 'hint', id: 'rest-hint' }, 'After a heavy stretch: they are not offered for new requests through this day. Nothing else changes.'));
  const resting = roster.resting_until;

  const actions = h('div', { class: 'toolbar' },
    h('a', { href: `#/supporters/${id}/edit`, class: 'button-link primary', id: 'edit-supporter', title: 'Edit (E)' }, 'Edit'),
    roster.status === 'retired' ? null : resting
      ? h('button', { type: 'button', id: 'end-rest', onclick: () =>
        act(() => api.endSupporterRest(id), `${form.name} is no longer resting.`,
          resting > todayIso() ? () => api.restSupporter(id, resting) : null) }, 'End rest')
      : h('button', { type: 'button', id: 'rest-supporter', onclick: () => { restPanel.hidden = false; restDate.focus(); } }, 'Rest…'),
    roster.status === 'active'
      ? h('button', { type: 'button', id: 'pause-supporter', onclick: () => { pausePanel.hidden = false; pauseDate.focus(); } }, 'Pause…')
      : h('button', { type: 'button', id: 'reactivate-supporter', onclick: () =>
        act(() => api.reactivateSupporter(id), `${form.name} is active again.`) }, roster.status === 'paused' ? 'Resume now' : 'Reactivate'),
    roster.status !== 'retired'
      ? h('button', { type: 'button', id: 'retire-supporter', onclick: () => { retirePanel.hidden = false; retirePanel.querySelector('button').focus(); } }, 'Retire…')
      : null);

  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value || '—')];
  const history = detail.matches.length
    ? h('table', {}, h('caption', {}, 'Requests they were matched to (requesters are never named here)'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Request'), h('th', {}, 'Matched'), h('th', {}, 'Match'), h('th', {}, 'Request status'))),
      h('tbody', {}, detail.matches.map((m) => h('tr', {}, h('td', {}, `#${m.request_id}`), h('td', {}, localDate(m.matched_at)),
        h('td', {}, m.outcome), h('td', {}, statusBadge(m.request_status))))))
    : h('p', { class: 'empty-state' }, 'No requests yet.');
  const sessions = (list, none) => list.length
    ? h('ul', { class: 'plain' }, list.map((s) => h('li', {}, localDate(s.held_on), s.what ? ` — ${s.what}` : '')))
    : h('p', { class: 'empty-state' }, none);

  const { load } = roster;
  const care = h('section', { class: 'card', id: 'supporter-care' }, h('h2', {}, 'Care'),
    h('dl', { class: 'facts' },
      fact('Contacts, last 30 days', [String(load.contacts_30), load.warning
        ? h('span', { class: 'badge badge-overdue', id: 'load-warning' }, h('span', { 'aria-hidden': 'true' }, '!'), ' above the load warning')
        : null]),
      fact('Contacts, last 90 days', String(load.contacts_90)),
      fact('Last contact', localDate(load.last_contact)),
      fact('Resting', resting ? `until ${localDate(resting)}` : 'No'),
      fact('Latest training or meeting', [localDate(roster.last_refresher), roster.training_due
        ? h('span', { class: 'badge badge-overdue', id: 'training-due' }, h('span', { 'aria-hidden': 'true' }, '!'), ' due for a refresher')
        : null])));

  replace(root,
    back,
    pageHeader(form.name, statusCell(roster)),
    actions, pausePanel, retirePanel, restPanel, actionLine,
    reprintCard(form, signs),
    care,
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', {}, 'Details'),
        h('dl', { class: 'facts' },
          fact('Role', form.role), fact('Specialty', form.specialty), fact('Department', form.department),
          fact('Organization', form.organization), fact('Phone', form.phone), fact('Email', form.email),
          fact('Languages', form.languages), fact('Years in role', form.years_in_role),
          fact('Trained on', localDate(form.trained_on)), fact('Open cases', `${roster.open_cases} of at most ${form.max_open_cases}`),
          fact('Named on signs', form.consent_to_list ? 'Yes, they consented' : 'No'),
          fact('Notes', form.notes))),
      h('section', { class: 'card' }, h('h2', {}, 'History'),
        h('dl', { class: 'facts' },
          fact('Outreaches logged', String(detail.outreaches)),
          fact('Last outreach', localDate(detail.last_outreach)),
          ...detail.requests_by_status.map(([status, n]) => fact(`Requests ${status}`, String(n)))),
        h('h3', {}, 'Trainings'), sessions(detail.trainings, 'No training recorded.'),
        h('h3', {}, 'Support-the-supporters meetings'), sessions(detail.meetings, 'No meeting attended yet.'))),
    h('section', { class: 'card' }, h('h2', {}, 'Matches'), history),
    signsCard(signs),
    h('section', { class: 'card', id: 'supporter-messages' }, h('h2', {}, 'Messages'), supporterMessages(id)));

  root.querySelector('#reprint-signs a')?.focus();
  const keys = (event) => {
    if (event.key.toLowerCase() === 'e' && !event.ctrlKey && !event.altKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) {
      event.preventDefault();
      router.go(`supporters/${id}/edit`);
    }
  };
  document.addEventListener('keydown', keys);
  return () => document.removeEventListener('keydown', keys);
}

/** Tomorrow on the workstation's calendar: the first day a rest may end. */
function tomorrowIso() {
  const tomorrow = now();
  tomorrow.setDate(tomorrow.getDate() + 1);
  return todayIso(tomorrow);
}

/** Where the Print screen opens on a sign of this area (department, maybe organization). */
export function signPrintPath(sign) {
  return `print/sign/${encodeURIComponent(sign.department)}${sign.organization_id ? `/${sign.organization_id}` : ''}`;
}

const signArea = (s) => (s.organization ? `${s.department} · ${s.organization}` : s.department);

/** When the supporter withdrew consent and a sign on a wall still names them: first on their
 * page, with the reprint one click away (a link: Print opens on that sign). */
function reprintCard(form, signs) {
  const toReprint = signs.filter((s) => s.reprint);
  if (!toReprint.length || form.consent_to_list) return null;
  const one = toReprint.length === 1;
  return h('section', { class: 'card callout reprint-signs', id: 'reprint-signs', role: 'region', 'aria-labelledby': 'reprint-title' },
    h('h2', { id: 'reprint-title' }, h('span', { 'aria-hidden': 'true' }, '⚠ '),
      one ? 'A printed sign still names them' : `${toReprint.length} printed signs still name them`),
    h('p', {}, `${form.name} no longer consents to be named. ${one
      ? 'Print this sign again (a new sign names only those who consent) and replace the one on the wall.'
      : 'Print these signs again (a new sign names only those who consent) and replace the ones on the walls.'}`),
    h('ul', { class: 'plain sign-list' }, toReprint.map((s) => h('li', {},
      h('span', {}, `${signArea(s)}, printed ${localDate(s.printed_at, { dayOnly: true })}, ${s.named} named `),
      h('a', { href: `#/${signPrintPath(s)}`, class: 'button-link primary', id: `reprint-sign-${s.id}` },
        `Reprint the ${signArea(s)} sign`)))));
}

/** Every printed sign that named the supporter, at the foot of their page. */
function signsCard(signs) {
  if (!signs.length) return null;
  const area = signArea;
  return h('section', { class: 'card', id: 'supporter-signs' }, h('h2', {}, 'Printed signs that named them'),
    h('ul', { class: 'plain sign-list' }, signs.map((s) => h('li', {},
      `${area(s)}, printed ${localDate(s.printed_at, { dayOnly: true })}, ${s.named} named`,
      h('span', { class: 'muted' }, s.replaced ? ' — replaced by a later sign' : ' — on the wall')))));
}
