// The roster of peer supporters: the list, a supporter's page, and the screens reached from
// the roster's toolbar (add, import, training and meetings, nomination survey).
import { supporterMessages } from './messages.js';
import { api } from '../api.js';
import { h, replace, localDate, todayIso } from '../dom.js';
import * as router from '../router.js';
import { dataTable } from '../components/table.js';
import { toast } from '../components/toast.js';
import { pageHeader, loading, errorPanel, statusBadge, whoColumn } from './common.js';
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

/** Badges beside the status: paused until …, meeting overdue. */
function statusCell(row) {
  return h('span', { class: 'badges' },
    statusBadge(row.status, row.status === 'paused' && row.paused_until ? ` until ${localDate(row.paused_until)}` : null),
    row.meeting_overdue ? h('span', { class: 'badge badge-overdue', title: 'No support-the-supporters meeting within the program’s interval' },
      h('span', { 'aria-hidden': 'true' }, '!'), ' meeting overdue') : null);
}

async function mountRoster(root) {
  replace(root, pageHeader('Supporters', toolbar()), loading('the roster'));
  let rows;
  try {
    rows = await api.listSupporters();
  } catch (error) {
    replace(root, pageHeader('Supporters', toolbar()), errorPanel(error));
    return;
  }
  const table = dataTable({
    caption: 'Peer supporters',
    filterLabel: 'Find a supporter by name, role, department, organization or language',
    emptyText: 'No peer supporters yet. Add the first one, or import the roster you keep in a spreadsheet.',
    rows,
    columns: [
      { key: 'name', label: 'Name', render: (r) => h('a', { href: `#/supporters/${r.id}` }, r.name) },
      whoColumn(),
      { key: 'languages', label: 'Languages' },
      { key: 'status', label: 'Status', value: (r) => `${r.status}${r.meeting_overdue ? ' meeting overdue' : ''}`, render: statusCell },
      { key: 'open_cases', label: 'Open cases', value: (r) => r.open_cases, render: (r) => `${r.open_cases} of ${r.max_open_cases}`, filter: false },
      { key: 'trained_on', label: 'Trained on', render: (r) => localDate(r.trained_on), filter: false },
      { key: 'last_meeting', label: 'Last meeting', render: (r) => localDate(r.last_meeting), filter: false },
    ],
  });
  replace(root, pageHeader('Supporters', toolbar()), table.element);
  table.focusFilter();
}

async function mountSupporterPage(root, id) {
  replace(root, pageHeader('Supporter'), loading('the supporter'));
  let detail;
  try {
    detail = await api.supporterDetail(id);
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

  const actions = h('div', { class: 'toolbar' },
    h('a', { href: `#/supporters/${id}/edit`, class: 'button-link primary', id: 'edit-supporter', title: 'Edit (E)' }, 'Edit'),
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

  replace(root,
    back,
    pageHeader(form.name, statusCell(roster)),
    actions, pausePanel, retirePanel, actionLine,
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
    h('section', { class: 'card', id: 'supporter-messages' }, h('h2', {}, 'Messages'), supporterMessages(id)));

  const keys = (event) => {
    if (event.key.toLowerCase() === 'e' && !event.ctrlKey && !event.altKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) {
      event.preventDefault();
      router.go(`supporters/${id}/edit`);
    }
  };
  document.addEventListener('keydown', keys);
  return () => document.removeEventListener('keydown', keys);
}
