// One request's page: the only screen that shows the requester's name and contact. Its facts,
// its history, its matches, follow-ups and outreaches, the actions its status allows, and the
// messages ready to send. Also the due-date words the other request screens share.
import { api } from '../api.js';
import { now } from '../clock.js';
import { h, replace, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { moreMenu, focusTarget } from '../components/more-menu.js';
import { pageHeader, loading, errorPanel, statusBadge } from './common.js';
import { messagesPanel } from './messages.js';
import { referralsPanel } from './referrals.js';

/** Whole days from today to an ISO date (negative: in the past), on the workstation's calendar. */
export function daysFromToday(iso, today = now()) {
  const day = new Date(`${String(iso).slice(0, 10)}T12:00:00`);
  const base = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 12);
  return Math.round((day - base) / 86400000);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "due today", "due tomorrow", "due in 3 days", "1 day late". */
export function dueWords(iso) {
  const days = daysFromToday(iso);
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  if (days > 1) return `due in ${days} days`;
  return `${plural(-days, 'day')} late`;
}

/** The words with their look: a late one is red, with a warning sign and the word "late". */
export function dueNote(iso, daysLate = null) {
  const late = daysLate ?? Math.max(0, -daysFromToday(iso));
  if (late > 0) {
    return h('span', { class: 'due due-late', title: `Was due ${localDate(iso)}` },
      h('span', { 'aria-hidden': 'true' }, '⚠ '), `${plural(late, 'day')} late`);
  }
  return h('span', { class: 'due', title: localDate(iso) }, dueWords(iso));
}

/** The first-contact due date of a request, as a list or page shows it. */
export function firstContactDue(status, dueOn, daysLate) {
  if (status === 'new' || status === 'matched') return dueNote(dueOn, daysLate ?? 0);
  return h('span', { class: 'muted' }, localDate(dueOn));
}

const hours = (value) => (value === null || value === undefined ? '—' : `${value} ${value === 1 ? 'hour' : 'hours'}`);

const OUTCOMES = {
  active: 'current supporter',
  completed: 'completed',
  declined: 'the requester declined this supporter',
  unable: 'the supporter could not take it',
};

let mounts = 0;

export async function mountRequestPage(root, id) {
  const ticket = ++mounts;
  const hash = location.hash;
  const stale = () => ticket !== mounts || location.hash !== hash;
  const title = `Request #${id}`;
  const back = h('a', { href: '#/requests', class: 'back' }, '← Requests');
  replace(root, back, pageHeader(title), loading('the request'));
  let detail, modes, sources;
  try {
    [detail, modes, sources] = await Promise.all([
      api.requestDetail(id),
      api.listChoices('modes').catch(() => []),
      api.listChoices('referral_sources').catch(() => []),
    ]);
  } catch (error) {
    if (!stale()) replace(root, back, pageHeader(title), errorPanel(error));
    return;
  }
  if (stale()) return;
  const label = (choices, code) => (code ? choices.find((c) => c.code === code)?.label ?? code : null);
  const d = detail;
  const status = d.status;
  const supporterName = d.supporter ?? 'the supporter';

  // One confirmation panel for every action that changes the request.
  const actionLine = h('p', { class: 'form-error', role: 'alert', id: 'request-action-error' });
  const confirmText = h('p', { id: 'confirm-text' });
  const confirmButton = h('button', { type: 'button', class: 'danger', id: 'confirm-action' }, 'Confirm');
  const cancelButton = h('button', { type: 'button', id: 'cancel-action', onclick: () => closeConfirm() }, 'Cancel');
  const confirmPanel = h('div', { class: 'inline-panel', id: 'confirm-panel', hidden: true, role: 'group', 'aria-labelledby': 'confirm-text' },
    confirmText, confirmButton, cancelButton);
  let confirmRun = null;
  let returnFocus = null;
  confirmButton.addEventListener('click', async () => {
    if (!confirmRun) return;
    confirmButton.disabled = true;
    try {
      await confirmRun();
    } catch (error) {
      replace(actionLine, error.message);
      confirmButton.disabled = false;
    }
  });
  confirmPanel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeConfirm();
    }
  });
  function ask(trigger, message, confirmLabel, run) {
    returnFocus = trigger;
    replace(confirmText, message);
    replace(confirmButton, confirmLabel);
    confirmButton.disabled = false;
    confirmRun = run;
    replace(actionLine);
    confirmPanel.hidden = false;
    confirmButton.focus();
  }
  function closeConfirm() {
    confirmPanel.hidden = true;
    confirmRun = null;
    focusTarget(returnFocus)?.focus();
  }

  const reopen = async () => {
    try {
      await api.reopenRequest(id);
      toast(`Request #${id} is open again.`);
      router.go(`requests/${id}`);
    } catch (error) {
      toast(error.message, { kind: 'error' });
    }
  };
  const end = (ending, done) => async () => {
    await api.endRequest(id, ending);
    toast(done, { action: { label: 'Undo', run: reopen } });
    router.go(`requests/${id}`);
  };
  const release = (why, done) => async () => {
    await api.rematchRequest(id, why);
    toast(done);
    router.go(`requests/${id}/match`);
  };

  const button = (buttonId, text, attributes, onclick) => h('button', { type: 'button', id: buttonId, ...attributes, onclick }, text);
  // The next step of the request in view; the rare turns (a supporter released, the request
  // ended by the requester) under "More", grouped by what they change.
  const actions = [];
  const supporterActions = [];
  const endActions = [];
  if (status === 'new') {
    actions.push(h('a', { href: `#/requests/${id}/match`, class: 'button-link primary', id: 'find-match', title: 'Find a match (M)' }, 'Find a match'));
  }
  if (status === 'matched') {
    actions.push(h('a', { href: `#/outreach/new/${id}`, class: 'button-link primary', id: 'log-outreach', title: 'Log the first contact (L)' }, 'Log first contact'));
  }
  if (status === 'matched' || status === 'connected') {
    supporterActions.push(button('release-declined', 'Release: the requester declined them…', {}, (event) => ask(event.currentTarget,
      `The requester declined ${supporterName}? The match ends, ${supporterName} is not proposed for this request again, and the request goes back to the queue to be matched.`,
      'Release and match again', release('declined', `${supporterName} is released from request #${id}. Choose another supporter.`))));
    supporterActions.push(button('release-unable', 'Release: they cannot take it…', {}, (event) => ask(event.currentTarget,
      `${supporterName} cannot take request #${id}? The match ends and the request goes back to the queue to be matched with someone else.`,
      'Release and match again', release('unable', `${supporterName} is released from request #${id}. Choose another supporter.`))));
  }
  if (status === 'connected' || status === 'follow-up') {
    actions.push(h('a', { href: `#/outreach/new/${id}`, class: 'button-link primary', id: 'log-outreach', title: 'Log a follow-up (L)' }, 'Log follow-up'));
    actions.push(button('close-request', 'Close request…', {}, (event) => ask(event.currentTarget,
      `Close request #${id}? The support happened; the check-ins still open are no longer due. You can undo this.`,
      'Close request', end('closed', `Request #${id} is closed.`))));
  }
  if (['new', 'matched', 'connected', 'follow-up'].includes(status)) {
    endActions.push(button('withdraw-request', 'Mark withdrawn by the requester…', {}, (event) => ask(event.currentTarget,
      `Mark request #${id} as withdrawn by the requester? ${d.supporter ? `${d.supporter}’s match ends. ` : ''}You can undo this.`,
      'Mark withdrawn', end('withdrawn', `Request #${id} is marked withdrawn.`))));
  }
  if (['new', 'matched', 'connected'].includes(status)) {
    endActions.push(button('decline-request', 'Mark support declined by the requester…', {}, (event) => ask(event.currentTarget,
      `Mark that the requester declined support for request #${id}? ${d.supporter ? `${d.supporter}’s match ends. ` : ''}You can undo this.`,
      'Mark declined', end('declined', `Request #${id} is marked declined.`))));
  }
  if (['closed', 'declined', 'withdrawn'].includes(status) && !d.purged_at) {
    actions.push(button('reopen-request', 'Reopen request', { title: 'Back to the status it had before' }, reopen));
  }
  if (supporterActions.length || endActions.length) actions.push(moreMenu([[`Supporter: ${supporterName}`, supporterActions], ['End the request', endActions]]));

  const fact = (name, value) => [h('dt', {}, name), h('dd', {}, value === null || value === undefined || value === '' ? '—' : value)];
  const due = status === 'new' || status === 'matched'
    ? h('span', { id: 'request-due' }, 'First contact ', firstContactDue(status, d.due_on, d.days_late), h('span', { class: 'muted' }, ` (${localDate(d.due_on)})`))
    : h('span', { id: 'request-due', class: 'muted' }, `First contact was due ${localDate(d.due_on)}`);

  const requester = d.purged_at
    ? h('p', { class: 'callout', id: 'requester-erased' }, `Requester details erased on ${localDate(d.purged_at.slice(0, 10))} (retention).`)
    : h('dl', { class: 'facts' },
      fact('Name', d.requester_name ?? h('span', { class: 'muted' }, 'not given (anonymous)')),
      fact('Contact', d.requester_contact ?? h('span', { class: 'muted' }, 'not given')));

  const history = d.history.length
    ? h('ol', { class: 'timeline', id: 'request-history' }, d.history.map((e) => h('li', {},
      h('time', { datetime: e.at }, localDate(e.at)), ' ',
      h('span', { class: 'transition' }, e.from_status ? [statusBadge(e.from_status), ' → '] : null, statusBadge(e.to_status)),
      e.detail ? h('span', { class: 'event-detail' }, ` — ${e.detail}`) : null)))
    : h('p', { class: 'empty-state' }, 'No history yet.');

  const matches = d.matches.length
    ? h('table', { id: 'request-matches' },
      h('caption', {}, 'Every supporter this request had, earlier ones included'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Supporter'), h('th', { scope: 'col' }, 'Matched'),
        h('th', { scope: 'col' }, 'Ended'), h('th', { scope: 'col' }, 'Outcome'))),
      h('tbody', {}, d.matches.map((m) => h('tr', { class: `match-${m.outcome}` },
        h('td', {}, h('a', { href: `#/supporters/${m.supporter_id}` }, m.supporter)),
        h('td', {}, localDate(m.matched_at)), h('td', {}, localDate(m.ended_at)),
        h('td', {}, h('span', { class: `outcome outcome-${m.outcome}` }, OUTCOMES[m.outcome] ?? m.outcome))))))
    : h('p', { class: 'empty-state' }, status === 'new' ? 'No supporter yet: find a match.' : 'No supporter was matched.');

  const followUps = d.follow_ups.length
    ? h('ul', { class: 'plain compact', id: 'request-follow-ups' }, d.follow_ups.map((f) => h('li', {},
      `Check-in due ${localDate(f.due_on)}: `,
      f.done_at ? h('span', { class: 'done' }, h('span', { 'aria-hidden': 'true' }, '✓ '), `done ${localDate(f.done_at)}`)
        : ['connected', 'follow-up'].includes(status) ? dueNote(f.due_on) : h('span', { class: 'muted' }, 'not done'))))
    : h('p', { class: 'empty-state' }, 'No follow-up check-ins scheduled.');

  const outreaches = d.outreaches.length
    ? h('ul', { class: 'plain compact', id: 'request-outreaches' }, d.outreaches.map((o) => h('li', {},
      h('a', { href: `#/outreach/${o.id}` }, `${localDate(o.occurred_on)} — ${o.kind}`), ` · ${o.mode}`,
      o.supporter ? ` · ${o.supporter}` : '', o.edited ? h('span', { class: 'muted' }, ' (edited)') : null)))
    : h('p', { class: 'empty-state' }, 'No outreach logged for this request yet.');

  replace(root,
    back,
    pageHeader(title, statusBadge(status), due),
    actions.length ? h('div', { class: 'toolbar', id: 'request-actions' }, actions) : null,
    confirmPanel, actionLine,
    h('div', { class: 'columns' },
      h('section', { class: 'card', 'aria-labelledby': 'request-facts-title' }, h('h2', { id: 'request-facts-title' }, 'The request'),
        h('dl', { class: 'facts', id: 'request-facts' },
          fact('Received', localDate(d.received_at)), fact('Channel', d.channel),
          fact('Preferred mode', label(modes, d.preferred_mode)), fact('Referred by', label(sources, d.referred_by)),
          fact('Role', d.role), fact('Role family', d.role_family), fact('Department', d.department),
          fact('Organization', d.organization), fact('Language', d.language), fact('Specialty', d.specialty),
          fact('Years in role', d.years_in_role ?? null),
          fact('Issue types', d.issue_types.join(', ')), fact('Note', d.note),
          fact('Source', d.source))),
      h('div', {},
        h('section', { class: 'card', id: 'requester-block', 'aria-labelledby': 'requester-title' },
          h('h2', { id: 'requester-title' }, 'Requester'), requester,
          h('p', { class: 'hint' }, 'Only this page shows who asked. Lists, reports and the dashboard never do.')),
        h('section', { class: 'card', 'aria-labelledby': 'request-times-title' }, h('h2', { id: 'request-times-title' }, 'Times'),
          h('dl', { class: 'facts' },
            fact('Supporter', d.supporter_id ? h('a', { href: `#/supporters/${d.supporter_id}` }, d.supporter) : null),
            fact('Matched', localDate(d.matched_at)), fact('Time to match', h('span', { id: 'hours-to-match' }, hours(d.hours_to_match))),
            fact('First contact', localDate(d.first_contact_at)),
            fact('Time to first contact', h('span', { id: 'hours-to-first-contact' }, hours(d.hours_to_first_contact))),
            d.closed_at ? fact('Ended', localDate(d.closed_at)) : null)))),
    h('section', { class: 'card', id: 'messages', 'aria-labelledby': 'messages-title' },
      h('h2', { id: 'messages-title' }, 'Messages'),
      messagesPanel(id, d.supporter_id, { status })),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', {}, 'History'), history),
      h('section', { class: 'card' }, h('h2', {}, 'Matches'), matches)),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('h2', {}, 'Follow-ups'), followUps),
      h('section', { class: 'card' }, h('h2', {}, 'Outreaches'), outreaches)),
    referralsPanel(id, { open: !d.purged_at }));
  root.querySelector('#request-actions a, #request-actions button')?.focus();

  // M: find a match (new); L: log the outreach (matched, connected, follow-up).
  const keys = (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '') || document.activeElement?.isContentEditable) return;
    const key = event.key.toLowerCase();
    if (key === 'm' && status === 'new') {
      event.preventDefault();
      router.go(`requests/${id}/match`);
    } else if (key === 'l' && ['matched', 'connected', 'follow-up'].includes(status)) {
      event.preventDefault();
      router.go(`outreach/new/${id}`);
    }
  };
  document.addEventListener('keydown', keys);
  return () => document.removeEventListener('keydown', keys);
}
