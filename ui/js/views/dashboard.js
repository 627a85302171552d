// Home: the to-do queue in numbers, then item by item, each with the one thing to do next.
// The queue never names a requester.
import { api } from '../api.js';
import { h, replace, count, localDate, relativeDays, ago } from '../dom.js';
import * as router from '../router.js';
import { pageHeader, loading, errorPanel, statusBadge, distinct } from './common.js';
import { dueNote } from './request-page.js';
import { withProgress } from '../components/progress.js';
import { pathControls, saveFileFlow } from '../components/save-file.js';
import { waitingItem } from './group.js';

/** The core lists at most this many items per section (its counts stay exact). */
const SECTION_LIMIT = 50;

let mounts = 0;

export async function mountDashboard(root) {
  const ticket = ++mounts;
  const hash = location.hash;
  const stale = () => ticket !== mounts || location.hash !== hash;
  replace(root, pageHeader('Dashboard'), loading('the queue'));
  let data;
  try {
    data = await api.dashboard();
  } catch (error) {
    if (!stale()) replace(root, pageHeader('Dashboard'), errorPanel(error));
    return;
  }
  if (stale()) return;
  const tile = (id, label, value, href, tone = '') => h('a', { id, href, class: `tile ${tone}`, dataset: { count: String(value) } },
    h('span', { class: 'tile-value' }, count(value)), h('span', { class: 'tile-label' }, label));
  const tiles = h('section', { class: 'tiles', 'aria-label': 'Queue in numbers' },
    tile('tile-waiting', 'waiting for a match', data.waiting_for_match, '#/requests/list/waiting'),
    tile('tile-matched', 'matched, not yet connected', data.matched_not_connected, '#/requests/list/open'),
    tile('tile-overdue', 'overdue first contacts', data.overdue, '#/requests/list/overdue', data.overdue > 0 ? 'alarm' : ''),
    tile('tile-followups-today', 'follow-ups due today', data.follow_ups_due_today, '#/requests/list/open'),
    tile('tile-followups-week', 'follow-ups due this week', data.follow_ups_due_this_week, '#/requests/list/open'),
    tile('tile-returning', 'supporters back from a pause this week', data.supporters_returning_this_week, '#/supporters'));
  const program = h('section', { class: 'card' },
    h('h2', {}, 'The program'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Active supporters'), h('dd', { id: 'fact-active' }, count(data.supporters_active)),
      h('dt', {}, 'Paused supporters'), h('dd', {}, count(data.supporters_paused)),
      h('dt', {}, 'Open requests'), h('dd', { id: 'fact-open' }, count(data.open_requests)),
      h('dt', {}, 'Outreaches this month'), h('dd', {}, count(data.outreaches_this_month)),
      h('dt', {}, 'Outreaches in all'), h('dd', { id: 'fact-outreaches' }, count(data.outreaches_total)),
      data.follow_ups_overdue ? [h('dt', {}, 'Follow-ups past due'), h('dd', {}, count(data.follow_ups_overdue))] : null));
  const isEmpty = data.supporters_active + data.supporters_paused + data.open_requests + data.outreaches_total === 0;
  const queue = data.queue ?? {};

  const backupWarning = data.backup_failure
    ? h('section', { class: 'card warning', id: 'dashboard-backup-warning', role: 'alert' },
      h('strong', {}, '⚠ The automatic backup failed '), `${ago(data.backup_failure.at)}: ${data.backup_failure.reason} `,
      h('a', { href: '#/settings/backups' }, 'Check the backup settings'))
    : null;
  replace(root,
    pageHeader('Dashboard', h('p', { class: 'muted' }, localDate(data.today))),
    backupWarning,
    isEmpty ? demoOffer() : null,
    tiles,
    h('div', { class: 'queue', 'aria-label': 'To do' },
      section('queue-overdue', 'Overdue first contacts', queue.overdue ?? [], 'No first contact is late.', requestItem('overdue'), 'alarm'),
      section('queue-events', 'Critical events waiting for outreach', queue.events ?? [],
        'No critical event is waiting for outreach to its unit.', waitingItem, data.events_overdue > 0 ? 'alarm' : '',
        ['#/outreach/events', 'Critical events and team sessions']),
      section('queue-waiting', 'Waiting for a match', queue.waiting_for_match ?? [], 'No request is waiting for a match.', requestItem('waiting')),
      section('queue-matched', 'Matched, not yet connected', queue.matched_not_connected ?? [],
        'Every matched request has had its first contact.', requestItem('matched')),
      section('queue-follow-ups', 'Follow-ups due this week', queue.follow_ups ?? [], 'No follow-up is due this week.', requestItem('follow-up')),
      section('queue-returning', 'Supporters returning from a pause', queue.supporters_returning ?? [],
        'No supporter is coming back from a pause this week.', returningItem),
      section('queue-referrals', 'Referrals to check on', queue.referrals_to_check ?? [],
        'No referral has waited a week for its outcome.', referralItem)),
    program,
    isEmpty ? null : calendarCard(data.today, stale));
}

/**
 * The first contacts and follow-ups due, saved as an .ics file for Outlook or any calendar
 * (the core decides what goes in: a request's number and a day, never a name).
 */
function calendarCard(today, stale) {
  const { path, choose } = pathControls('calendar', 'calendar-error');
  const run = h('button', { type: 'submit', id: 'calendar-save' }, 'Add to calendar (.ics)');
  const problem = h('p', { class: 'form-error', id: 'calendar-error', role: 'alert' });
  const result = h('div', { id: 'calendar-result-area', 'aria-live': 'polite' });
  const plural = (n, one, many) => `${count(n)} ${n === 1 ? one : many}`;

  const saving = saveFileFlow({
    path, choose, run, problem, result,
    suggested: () => `peerdesk-reminders-${today}.ics`,
    extension: 'ics',
    writing: 'Writing the calendar file…',
    write: (target, replaceExisting) => api.saveCalendar(target, replaceExisting),
    written: (target, summary) => ({
      callout: summary.reminders === 0
        ? h('p', { class: 'callout', id: 'calendar-result', role: 'status' },
          'Nothing is due: no open request waits for a first contact or a follow-up, so no file was written.')
        : h('p', { class: 'callout export-result', id: 'calendar-result' },
          h('span', { 'aria-hidden': 'true' }, '✓ '),
          `Saved ${plural(summary.reminders, 'reminder', 'reminders')} `,
          `(${plural(summary.first_contacts, 'first contact', 'first contacts')}, ${plural(summary.follow_ups, 'follow-up', 'follow-ups')}) to `,
          h('code', { class: 'path' }, target),
          '. Open the file with Outlook or your calendar to add them.'),
    }),
    askToReplace: (target) => `${target} already exists. Press “Add to calendar (.ics)” again to replace it, or choose another name.`,
    alive: () => !stale(),
  });

  return h('section', { class: 'card', id: 'calendar-card', 'aria-labelledby': 'calendar-title' },
    h('h2', { id: 'calendar-title' }, 'Reminders in your calendar'),
    h('p', { class: 'muted' },
      'The first contacts and follow-ups due, as all-day events for Outlook or any calendar: “PeerDesk follow-up, request #123” on its day, never a name. ',
      'Importing a newer file updates the same events.'),
    h('form', { class: 'export-form', id: 'calendar-form', 'aria-label': 'Save the reminders as a calendar file',
      onsubmit: (event) => { event.preventDefault(); saving.save(); } },
    h('div', { class: 'filter-field export-path-field' }, h('label', { for: path.id }, 'Save to'),
      h('div', { class: 'path-row' }, path, choose)),
    h('div', { class: 'filter-field export-run-field' }, run)),
    problem, result);
}

function section(id, title, items, emptyText, render, tone = '', more = ['#/requests', 'The Requests list has them all.']) {
  const titleId = `${id}-title`;
  const late = tone === 'alarm' && items.length > 0;
  return h('section', { class: `card queue-section${late ? ' alarm' : ''}${items.length ? '' : ' empty'}`, id, 'aria-labelledby': titleId, dataset: { count: String(items.length) } },
    h('h2', { id: titleId }, title, ' ', h('span', { class: 'count-pill', id: `${id}-count` },
      count(items.length), h('span', { class: 'visually-hidden' }, items.length === 1 ? ' item' : ' items'))),
    items.length
      ? h('ul', { class: 'queue-list' }, items.map(render))
      : h('p', { class: 'empty-state' }, emptyText),
    items.length >= SECTION_LIMIT
      ? h('p', { class: 'muted' }, `The first ${SECTION_LIMIT} are shown. `, h('a', { href: more[0] }, more[1]))
      : null);
}

/** One request of the queue: what it is, how urgent, and the one thing to do next. */
function requestItem(kind) {
  return (item) => {
    const id = item.request_id;
    let action;
    if (kind === 'follow-up') action = ['Log follow-up', `#/outreach/new/${id}`];
    else if (item.status === 'matched') action = ['Log first contact', `#/outreach/new/${id}`];
    else action = ['Find a match', `#/requests/${id}/match`];
    const when = kind === 'follow-up'
      ? h('span', {}, 'check-in ', dueNote(item.follow_up_due ?? item.due_on))
      : item.days_late
        ? h('span', {}, 'first contact ', dueNote(item.due_on, item.days_late))
        : h('span', {}, 'first contact ', dueNote(item.due_on, 0));
    const who = distinct([item.role ?? 'role not recorded', item.department, item.organization]).join(' · ');
    return h('li', { class: `queue-item${item.days_late ? ' late' : ''}`, dataset: { requestId: String(id) } },
      h('div', { class: 'queue-main' },
        h('a', { href: `#/requests/${id}`, class: 'queue-request' }, `Request #${id}`), ' ',
        kind === 'overdue' ? statusBadge(item.status) : null,
        h('span', { class: 'queue-who' }, who)),
      h('div', { class: 'queue-when' },
        h('span', { class: 'muted', title: localDate(item.received_at) }, `received ${relativeDays(item.received_at.slice(0, 10))}`),
        ' · ', when,
        item.supporter ? [' · ', h('span', { class: 'muted' }, `with ${item.supporter}`)] : null),
      h('a', { href: action[1], class: 'queue-action button-link' }, action[0]));
  };
}

function returningItem(item) {
  const days = relativeDays(item.paused_until);
  return h('li', { class: 'queue-item', dataset: { supporterId: String(item.supporter_id) } },
    h('div', { class: 'queue-main' }, h('strong', {}, item.name)),
    h('div', { class: 'queue-when' }, `paused until ${localDate(item.paused_until)} (${days})`),
    h('a', { href: `#/supporters/${item.supporter_id}`, class: 'queue-action button-link' }, 'Open'));
}

/** A referral still "referred" a week after it was made: never a name, the request's number. */
function referralItem(item) {
  return h('li', { class: 'queue-item', dataset: { requestId: String(item.request_id) } },
    h('div', { class: 'queue-main' }, h('strong', {}, `Request #${item.request_id}`), ` referred to ${item.service}`),
    h('div', { class: 'queue-when' }, `on ${localDate(item.referred_on)}: did they connect?`),
    h('a', { href: `#/requests/${item.request_id}`, class: 'queue-action button-link' }, 'Set the outcome'));
}

/** An empty store: offer the made-up demo data, or the first real step. */
function demoOffer() {
  const status = h('p', { class: 'muted', role: 'status', id: 'dashboard-demo-status' });
  const load = h('button', { type: 'button', id: 'dashboard-demo-load', onclick: async () => {
    load.disabled = true;
    try {
      const summary = await withProgress(status, 'Creating demo data', (job) => api.loadDemo('small', job),
        'Creating demo data…');
      replace(status, `Added ${summary.supporters} supporters, ${summary.requests} requests and ${summary.outreaches} outreaches.`);
      router.go('dashboard');
    } catch (failure) {
      replace(status, failure.message);
      load.disabled = false;
    }
  } }, 'Explore with demo data');
  return h('section', { class: 'card empty-state', id: 'dashboard-empty' }, h('h2', {}, 'Nothing here yet'),
    h('p', {}, 'The queue fills as requests arrive. Start by adding your peer supporters, or explore PeerDesk with made-up demo data first (about 40 supporters, 300 requests and 500 outreaches; no real people).'),
    h('div', { class: 'actions' },
      h('a', { href: '#/supporters/new', class: 'button-link primary' }, 'Add the first supporter'),
      load),
    status);
}
