// Group support, in the Outreach section: critical events (a code, a death, an assault) and the
// team huddles, debriefs and check-ins after them. #/outreach/events lists both with the events
// still waiting for outreach; #/outreach/events/new logs an event; #/outreach/sessions/new (or
// /new/EVENT, after that event) logs a session. No patient's and no attendee's name is ever
// asked for: an event is a kind, a unit and a moment; a session counts people by role.
import { api } from '../api.js';
import { now } from '../clock.js';
import { h, replace, todayIso, localDate, count } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { dataTable } from '../components/table.js';
import { whenPointerReleased } from '../components/form.js';
import { pageHeader, loading, errorPanel, stackedCell } from './common.js';
import { dueNote } from './request-page.js';
import { prefixedField, showPrefixedErrors, showPrefixedSaveError } from './outreach-form.js';

const EVENT_KINDS = [['code', 'Code'], ['death', 'Death of a patient'], ['assault', 'Assault or violence'], ['other', 'Other critical event']];
const SESSION_KINDS = [['huddle', 'Huddle'], ['debrief', 'Debrief'], ['check-in', 'Check-in']];

const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** An event's moment as the window writes dates: "Dec 1, 2026, 2:05 PM", or the day alone. */
export function eventMoment(event) {
  return event.occurred_time ? localDate(`${event.occurred_on}T${event.occurred_time}:00`) : localDate(event.occurred_on);
}

/** Where an event stands with its outreach: words with an icon, never colour alone. */
export function reachBadge(event) {
  switch (event.reach) {
    case 'due': return h('span', { class: 'badge badge-matched' }, h('span', { 'aria-hidden': 'true' }, '◷ '), 'outreach ', dueNote(event.due_on, 0));
    case 'overdue': return h('span', { class: 'badge badge-overdue' }, 'outreach ', dueNote(event.due_on, -(event.days_left ?? 0)));
    case 'in-time': return h('span', { class: 'badge badge-connected', title: `Reached ${localDate(event.reached_on)}` },
      h('span', { 'aria-hidden': 'true' }, '✓ '), 'reached in time');
    case 'late': return h('span', { class: 'badge badge-follow-up', title: `Reached ${localDate(event.reached_on)}` },
      h('span', { 'aria-hidden': 'true' }, '↻ '), 'reached late');
    default: return h('span', { class: 'badge badge-declined' }, h('span', { 'aria-hidden': 'true' }, '✕ '), 'not reached');
  }
}

/** One event waiting for outreach, with the two ways to reach its unit: the dashboard's too. */
export function waitingItem(event) {
  const where = [event.unit, event.organization].filter(Boolean).join(' · ');
  return h('li', { class: `queue-item${event.reach === 'overdue' ? ' late' : ''}`, dataset: { eventId: String(event.id) } },
    h('div', { class: 'queue-main' },
      h('strong', { class: 'queue-request' }, event.kind_label), ' ',
      h('span', { class: 'queue-who' }, where)),
    h('div', { class: 'queue-when' },
      h('span', { class: 'muted' }, eventMoment(event)), ' · outreach ',
      dueNote(event.due_on, event.reach === 'overdue' ? -(event.days_left ?? 0) : 0)),
    h('div', { class: 'queue-actions' },
      h('a', { href: `#/outreach/sessions/new/${event.id}`, class: 'queue-action button-link', id: `event-${event.id}-session`,
        title: `Log a huddle, a debrief or a check-in with the team of ${event.unit}` }, 'Log team session'),
      h('a', { href: '#/outreach/new', class: 'button-link', title: 'A one-to-one outreach to someone of the unit reaches it too' }, 'Log outreach')));
}

/** #/outreach/events: the events waiting, every event, every session. */
export async function mountGroup(root) {
  const back = () => h('a', { href: '#/outreach', class: 'back' }, '← Outreach log');
  const toolbar = () => h('div', { class: 'toolbar' },
    h('a', { href: '#/outreach/events/new', id: 'new-event', class: 'button-link primary' }, 'Log a critical event'),
    h('a', { href: '#/outreach/sessions/new', id: 'new-session', class: 'button-link' }, 'Log a team session'));
  const header = () => pageHeader('Critical events and team sessions', toolbar());
  replace(root, back(), header(), loading('the events and sessions'));
  let events, sessions, program;
  try {
    [events, sessions, program] = await Promise.all([api.listEvents({}), api.listDebriefs({}), api.programSettings()]);
  } catch (error) {
    replace(root, back(), header(), errorPanel(error));
    return undefined;
  }
  const hours = program.event_outreach_hours;
  const waiting = events.filter((e) => e.reach === 'due' || e.reach === 'overdue')
    .sort((a, b) => a.due_at.localeCompare(b.due_at));

  // One confirmation for removing a mistake, in the work area.
  const problem = h('p', { class: 'form-error', role: 'alert', id: 'group-error' });
  const confirmText = h('p', { id: 'group-confirm-text' });
  const confirmButton = h('button', { type: 'button', class: 'danger', id: 'group-confirm' }, 'Remove');
  const keep = h('button', { type: 'button', id: 'group-keep', onclick: () => closeConfirm() }, 'Keep it');
  const confirmPanel = h('div', { class: 'inline-panel', id: 'group-confirm-panel', hidden: true, role: 'group',
    'aria-labelledby': 'group-confirm-text' }, confirmText, confirmButton, keep);
  let pending = null;
  let returnFocus = null;
  confirmPanel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeConfirm();
    }
  });
  confirmButton.addEventListener('click', async () => {
    if (!pending) return;
    confirmButton.disabled = true;
    try {
      await pending();
    } catch (error) {
      replace(problem, error.message);
      confirmButton.disabled = false;
    }
  });
  function ask(trigger, message, run) {
    returnFocus = trigger;
    pending = run;
    replace(confirmText, message);
    replace(problem);
    confirmButton.disabled = false;
    confirmPanel.hidden = false;
    confirmPanel.scrollIntoView({ block: 'nearest' });
    confirmButton.focus();
  }
  function closeConfirm() {
    confirmPanel.hidden = true;
    pending = null;
    returnFocus?.focus();
  }

  const removeButton = (id, label, message, run) => h('button', { type: 'button', class: 'small', id, 'aria-label': label,
    onclick: (event) => ask(event.currentTarget, message, run) }, 'Remove…');

  const eventColumns = [
    { key: 'occurred_on', label: 'When', value: (e) => `${e.occurred_on} ${e.occurred_time ?? ''}`, render: (e) => eventMoment(e) },
    { key: 'kind_label', label: 'Event' },
    { key: 'unit', label: 'Unit', value: (e) => [e.unit, e.organization].filter(Boolean).join(' · '),
      render: (e) => stackedCell(e.unit, e.organization) },
    { key: 'reach', label: 'Outreach', value: (e) => `${e.reach} ${e.due_on}`, render: (e) => reachBadge(e) },
    { key: 'sessions', label: 'Sessions', value: (e) => e.sessions, render: (e) => (e.sessions ? String(e.sessions) : h('span', { class: 'muted' }, '—')) },
    { key: 'actions', label: 'Actions', filter: false, value: () => '',
      render: (e) => h('span', { class: 'row-actions' },
        h('a', { href: `#/outreach/sessions/new/${e.id}`, class: 'button-link small', 'aria-label': `Log session after event #${e.id}` }, 'Log session'),
        removeButton(`remove-event-${e.id}`, `Remove event #${e.id}`,
          `Remove event #${e.id} (${e.kind_label}, ${e.unit}, ${eventMoment(e)})? Only for an event logged by mistake.`,
          async () => {
            await api.removeEvent(e.id);
            toast(`Event #${e.id} removed.`);
            router.go('outreach/events');
          })) },
  ];
  const sessionColumns = [
    { key: 'date', label: 'Date', render: (s) => localDate(s.date) },
    { key: 'kind_label', label: 'Session' },
    { key: 'unit', label: 'Unit', value: (s) => [s.unit, s.organization].filter(Boolean).join(' · '),
      render: (s) => stackedCell(s.unit, s.organization) },
    { key: 'headcount', label: 'People', value: (s) => s.headcount,
      render: (s) => stackedCell(plural(s.headcount, 'person', 'people'),
        s.roles.map((r) => `${r.people} ${r.role}`).join(', ')) },
    { key: 'facilitators', label: 'Led by', value: (s) => s.facilitators.map((f) => f.name).join(', ') },
    { key: 'event_label', label: 'After', value: (s) => s.event_label ?? '',
      render: (s) => (s.event ? `#${s.event} ${s.event_label ?? ''}` : h('span', { class: 'muted' }, '—')) },
    { key: 'follow_up_offered', label: 'Follow-up', value: (s) => (s.follow_up_offered ? 'offered' : ''),
      render: (s) => (s.follow_up_offered ? 'offered' : h('span', { class: 'muted' }, '—')) },
    { key: 'actions', label: 'Actions', filter: false, value: () => '',
      render: (s) => removeButton(`remove-session-${s.id}`, `Remove session #${s.id}`,
        `Remove the ${s.kind_label.toLowerCase()} of ${localDate(s.date)} in ${s.unit}? Only for a session logged by mistake.`,
        async () => {
          await api.removeDebrief(s.id);
          toast(`Session #${s.id} removed.`);
          router.go('outreach/events');
        }) },
  ];

  const waitingSection = h('section', { class: `card queue-section${waiting.some((e) => e.reach === 'overdue') ? ' alarm' : ''}`,
    id: 'group-waiting', 'aria-labelledby': 'group-waiting-title', dataset: { count: String(waiting.length) } },
  h('h2', { id: 'group-waiting-title' }, 'Waiting for outreach ', h('span', { class: 'count-pill' }, count(waiting.length))),
  waiting.length
    ? h('ul', { class: 'queue-list' }, waiting.map(waitingItem))
    : h('p', { class: 'empty-state' }, 'No critical event is waiting for outreach.'));

  const eventsCard = h('section', { class: 'card', id: 'group-events', 'aria-labelledby': 'group-events-title' },
    h('h2', { id: 'group-events-title' }, 'Critical events'),
    events.length
      ? dataTable({ caption: 'Critical events, newest first', filterLabel: 'Find an event (kind, unit, organization)',
        emptyText: '', rows: events, columns: eventColumns }).element
      : h('div', { class: 'empty-state', id: 'group-events-empty' },
        h('p', {}, 'No critical event logged yet. After a code, the death of a patient or an assault on a unit, log it here: PeerDesk then expects a huddle, a debrief or an outreach with that unit’s team within the target, and keeps it on the dashboard until then.')));
  const sessionsCard = h('section', { class: 'card', id: 'group-sessions', 'aria-labelledby': 'group-sessions-title' },
    h('h2', { id: 'group-sessions-title' }, 'Team sessions'),
    sessions.length
      ? dataTable({ caption: 'Huddles, debriefs and check-ins, newest first', filterLabel: 'Find a session (kind, unit, supporter)',
        emptyText: '', rows: sessions, columns: sessionColumns }).element
      : h('div', { class: 'empty-state', id: 'group-sessions-empty' },
        h('p', {}, 'No team session logged yet. A huddle, a debrief or a check-in with a unit’s team is logged with a headcount and the people present by role, never their names.')));

  replace(root, back(), header(),
    h('p', { class: 'muted intro', id: 'group-intro' },
      `After a critical event, reach the unit’s team within ${plural(hours, 'hour')} (Settings → Program): a huddle, a debrief or a one-to-one outreach with someone of the unit. `,
      'No patient’s name and no attendee’s name is ever recorded.'),
    waitingSection, problem, confirmPanel, eventsCard, sessionsCard);
  return undefined;
}

/**
 * A form's submit: the button held while `work` runs, its problems beside their fields. `work`
 * saves and says what to confirm, how to undo it and what the undo says; then the list shows.
 */
function onSave(save, general, prefix, live, work) {
  return async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (save.disabled) return;
    save.disabled = true;
    replace(general);
    try {
      const { done, undo, undone } = await work();
      toast(done, {
        action: { label: 'Undo', run: async () => {
          try {
            await undo();
            toast(undone);
          } catch (error) {
            toast(error.message, { kind: 'error' });
          }
          router.go('outreach/events');
        } },
      });
      router.go('outreach/events');
    } catch (error) {
      live()?.refused(error);
      showPrefixedSaveError(form, prefix, error, general);
    } finally {
      save.disabled = false;
    }
  };
}

/** Options of a <select>: [value, label] pairs with an optional first blank one. */
function options(pairs, selected, blank) {
  return [blank ? h('option', { value: '' }, blank) : null,
    ...pairs.map(([value, label]) => h('option', { value, selected: value === selected }, label))];
}

/** A whole number typed in `input`; none when empty. Anything else (1.5, a huge number) is
 * sent as -1, which the core refuses with the words for that field. */
function whole(input) {
  const text = input.value.trim();
  if (text === '') return input.validity?.badInput ? -1 : null;
  const value = Number(text);
  return Number.isInteger(value) && Math.abs(value) < 1e9 ? value : -1;
}

/** Departments on offer (retired ones only when already chosen). */
const units = (entries, chosen) => entries.filter((e) => !e.retired || e.value === chosen).map((e) => [e.value, e.value]);

/** Check as you go (only the fields already touched), and Ctrl+Enter / Escape on the form. */
function liveForm(form, prefix, controls, values, check, save, backRoute) {
  const touched = new Set();
  let checks = 0;
  const run = async () => {
    const mine = ++checks;
    try {
      const problems = await check(values());
      whenPointerReleased(() => {
        if (mine === checks) showPrefixedErrors(form, prefix, problems.filter(({ field }) => touched.has(field)), null);
      });
    } catch {
      // Saving will say it; the check is only a courtesy.
    }
  };
  for (const [name, control] of Object.entries(controls)) {
    control.addEventListener('change', () => { touched.add(name); run(); });
    control.addEventListener('focusout', () => {
      if (control.value !== '' || touched.has(name)) touched.add(name);
      run();
    });
  }
  const keys = (event) => {
    if (event.defaultPrevented) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save.click();
    } else if (event.key === 'Escape' && form.contains(document.activeElement)) {
      event.preventDefault();
      router.go(backRoute);
    }
  };
  document.addEventListener('keydown', keys);
  return {
    /** After a refused save every problem shows, touched or not. */
    refused(error) { for (const { field } of error.fields ?? []) touched.add(field); },
    cleanup() { document.removeEventListener('keydown', keys); },
  };
}

const EVENT_PREFIX = 'event-';

/** #/outreach/events/new: a critical event, its kind, unit and moment. */
export async function mountEventForm(root) {
  const back = () => h('a', { href: '#/outreach/events', class: 'back' }, '← Events and team sessions');
  const title = 'Log a critical event';
  replace(root, back(), pageHeader(title), loading('the form'));
  let departments, organizations, program;
  try {
    [departments, organizations, program] = await Promise.all([api.listEntries('departments'), api.listOrganizations(), api.programSettings()]);
  } catch (error) {
    replace(root, back(), pageHeader(title), errorPanel(error));
    return undefined;
  }
  const controls = {
    kind: h('select', {}, options(EVENT_KINDS, '', 'Choose what happened…')),
    unit: h('select', {}, options(units(departments, ''), '', 'Choose the unit…')),
    date: h('input', { type: 'date', value: todayIso(), max: todayIso(), required: true }),
    time: h('input', { type: 'time', step: 60 }),
    organization: h('select', {}, options(organizations.map((o) => [String(o.id), o.name]), organizations[0] ? String(organizations[0].id) : '')),
  };
  const values = () => ({
    kind: controls.kind.value,
    unit: controls.unit.value,
    date: controls.date.value && controls.time.value ? `${controls.date.value}T${controls.time.value}` : controls.date.value,
    organization: controls.organization.value,
  });
  const general = h('p', { class: 'form-error', id: 'event-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'event-save', title: 'Save (Ctrl+Enter)' }, 'Log event');
  const cancel = h('a', { href: '#/outreach/events', class: 'button-link', id: 'event-cancel', title: 'Cancel (Escape)' }, 'Cancel');
  let live = null;
  const form = h('form', { class: 'card form-grid', id: 'event-form', novalidate: true,
    onsubmit: onSave(save, general, EVENT_PREFIX, () => live, async () => {
      const entered = values();
      const id = await api.addEvent(entered);
      const day = entered.date.slice(0, 10);
      const saved = (await api.listEvents({ from: day, to: day })).find((e) => e.id === id);
      return {
        done: `Critical event #${id} logged: outreach to ${saved?.unit ?? 'the unit'} ${saved ? `is due by ${localDate(saved.due_at)}` : 'is due'}.`,
        undo: () => api.removeEvent(id),
        undone: `Event #${id} removed.`,
      };
    }) },
  h('div', { class: 'wide' },
    h('p', { class: 'callout no-names', id: 'event-no-names' },
      h('strong', {}, 'Never a patient’s name or details. '),
      `An event is what happened, where and when. PeerDesk then expects outreach to the unit within ${plural(program.event_outreach_hours, 'hour')}.`)),
  prefixedField(EVENT_PREFIX, 'kind', 'What happened', controls.kind),
  prefixedField(EVENT_PREFIX, 'unit', 'Unit', controls.unit, 'The department where it happened.'),
  prefixedField(EVENT_PREFIX, 'date', 'Day', controls.date, 'Not in the future.'),
  prefixedField(EVENT_PREFIX, 'time', 'Time (if known)', controls.time, 'Without a time, the target counts from the start of the day.'),
  organizations.length > 1 ? prefixedField(EVENT_PREFIX, 'organization', 'Organization', controls.organization) : null,
  h('div', { class: 'actions wide' }, save, cancel),
  h('div', { class: 'wide' }, general));
  live = liveForm(form, EVENT_PREFIX, { kind: controls.kind, unit: controls.unit, date: controls.date, organization: controls.organization },
    values, (v) => api.checkEvent(v), save, 'outreach/events');
  controls.time.addEventListener('change', () => controls.date.dispatchEvent(new Event('change')));
  replace(root, back(), pageHeader(title), form);
  controls.kind.focus();
  return () => live.cleanup();
}

const SESSION_PREFIX = 'session-';

/** #/outreach/sessions/new[/EVENT]: a team huddle, debrief or check-in. */
export async function mountSessionForm(root, eventId) {
  const back = () => h('a', { href: '#/outreach/events', class: 'back' }, '← Events and team sessions');
  const title = eventId ? `Log a team session after event #${eventId}` : 'Log a team session';
  replace(root, back(), pageHeader(title), loading('the form'));
  let current, departments, roles, organizations, supporters, recent;
  try {
    [current, departments, roles, organizations, supporters, recent] = await Promise.all([
      api.debriefForm(eventId), api.listEntries('departments'), api.listEntries('roles'), api.listOrganizations(),
      api.listSupporters(), api.listEvents({ from: todayIso(new Date(now().getTime() - 60 * 86400000)) }),
    ]);
  } catch (error) {
    replace(root, back(), pageHeader(title), errorPanel(error));
    return undefined;
  }
  const eventChoices = recent.map((e) => [String(e.id), `#${e.id} ${e.kind_label}, ${e.unit}, ${eventMoment(e)}`]);
  if (current.event && !eventChoices.some(([value]) => value === String(current.event))) {
    eventChoices.unshift([String(current.event), `Event #${current.event}`]);
  }
  const organizationValue = current.organization || (organizations[0] ? String(organizations[0].id) : '');
  const controls = {
    event: h('select', {}, options(eventChoices, current.event ? String(current.event) : '', 'No particular event')),
    date: h('input', { type: 'date', value: current.date, max: todayIso(), required: true }),
    kind: h('select', {}, options(SESSION_KINDS, current.kind)),
    unit: h('select', {}, options(units(departments, current.unit), current.unit, 'Choose the unit…')),
    organization: h('select', {}, options(organizations.map((o) => [String(o.id), o.name]), organizationValue)),
    headcount: h('input', { type: 'number', min: 1, max: 500, step: 1, inputmode: 'numeric' }),
    duration: h('input', { type: 'number', min: 1, max: 600, step: 1, inputmode: 'numeric' }),
  };
  // An event chosen brings its unit and organization along.
  controls.event.addEventListener('change', () => {
    const chosen = recent.find((e) => String(e.id) === controls.event.value);
    if (!chosen) return;
    controls.unit.value = chosen.unit;
    const organization = organizations.find((o) => o.name === chosen.organization);
    if (organization) controls.organization.value = String(organization.id);
  });

  // People by role: a count per role, never a name.
  const roleInputs = roles.filter((r) => !r.retired).map((role, index) => {
    const input = h('input', { type: 'number', min: 0, max: 500, step: 1, inputmode: 'numeric', id: `${SESSION_PREFIX}role-${index}`,
      dataset: { role: role.value }, class: 'role-count' });
    return { role: role.value, input, element: h('label', { class: 'role-count-field', for: input.id }, h('span', {}, role.value), input) };
  });
  const noted = h('p', { class: 'hint', id: `${SESSION_PREFIX}roles-noted`, 'aria-live': 'polite' });
  const roleGroup = h('fieldset', { class: 'check-group role-counts' }, h('legend', {}, 'People present by role (counts, never names)'),
    h('div', { class: 'role-grid' }, roleInputs.map((r) => r.element)), noted);
  const roleCounts = () => roleInputs.map(({ role, input }) => ({ role, people: whole(input) ?? 0 }))
    .filter((r) => r.people !== 0);
  const recount = () => {
    const sum = roleCounts().reduce((total, r) => total + Math.max(r.people, 0), 0);
    const headcount = Number(controls.headcount.value || 0);
    replace(noted, sum === 0 ? 'Optional: as many roles as were noted.' : headcount
      ? `${plural(sum, 'person', 'people')} of ${count(headcount)} noted by role.` : `${plural(sum, 'person', 'people')} noted by role.`);
  };
  for (const { input } of roleInputs) input.addEventListener('input', recount);
  controls.headcount.addEventListener('input', recount);
  recount();

  // The facilitators: peer supporters of the roster, added one by one.
  const active = supporters.filter((s) => s.status !== 'retired');
  const chosen = new Set(current.facilitators ?? []);
  const picker = h('select', { id: `${SESSION_PREFIX}facilitator-pick`, 'aria-label': 'A peer supporter who led it' },
    options(active.map((s) => [String(s.id), `${s.name}${s.role ? ` — ${s.role}` : ''}`]), '', 'Choose a supporter…'));
  const chips = h('ul', { class: 'chips', id: `${SESSION_PREFIX}facilitator-list`, 'aria-live': 'polite' });
  const drawChips = () => replace(chips, [...chosen].map((id) => {
    const supporter = active.find((s) => s.id === id);
    const name = supporter?.name ?? `Supporter #${id}`;
    return h('li', { class: 'chip' }, h('span', {}, name),
      h('button', { type: 'button', class: 'ghost small', 'aria-label': `Remove ${name}`, onclick: () => {
        chosen.delete(id);
        drawChips();
        picker.focus();
      } }, '×'));
  }));
  const add = h('button', { type: 'button', id: `${SESSION_PREFIX}facilitator-add`, onclick: () => {
    if (picker.value) chosen.add(Number(picker.value));
    picker.value = '';
    drawChips();
  } }, 'Add');
  picker.addEventListener('change', () => add.click());
  drawChips();
  const facilitatorGroup = h('fieldset', { class: 'check-group' }, h('legend', {}, 'Led by'),
    h('div', { class: 'path-row' }, picker, add), chips);
  const followUp = h('input', { type: 'checkbox', id: `${SESSION_PREFIX}follow_up_offered` });

  const values = () => ({
    date: controls.date.value,
    kind: controls.kind.value,
    unit: controls.unit.value,
    organization: controls.organization.value,
    headcount: whole(controls.headcount),
    roles: roleCounts(),
    facilitators: [...chosen],
    duration: whole(controls.duration),
    follow_up_offered: followUp.checked,
    event: controls.event.value ? Number(controls.event.value) : null,
  });

  const general = h('p', { class: 'form-error', id: 'session-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'session-save', title: 'Save (Ctrl+Enter)' }, 'Log session');
  const cancel = h('a', { href: '#/outreach/events', class: 'button-link', id: 'session-cancel', title: 'Cancel (Escape)' }, 'Cancel');
  let live = null;
  const form = h('form', { class: 'card form-grid', id: 'session-form', novalidate: true,
    onsubmit: onSave(save, general, SESSION_PREFIX, () => live, async () => {
      const entered = values();
      const id = await api.addDebrief(entered);
      const kind = SESSION_KINDS.find(([value]) => value === entered.kind)?.[1] ?? 'Session';
      return {
        done: `${kind} #${id} logged for ${entered.unit}: ${plural(entered.headcount, 'person', 'people')}.`,
        undo: () => api.removeDebrief(id),
        undone: `Session #${id} removed.`,
      };
    }) },
  h('div', { class: 'wide' },
    h('p', { class: 'callout no-names', id: 'session-no-names' },
      h('strong', {}, 'Never an attendee’s name. '),
      'A session is a headcount and, if noted, how many of each role were there.')),
  prefixedField(SESSION_PREFIX, 'event', 'After which critical event', controls.event, 'Events of the last 60 days.'),
  prefixedField(SESSION_PREFIX, 'date', 'Day', controls.date, 'Not in the future.'),
  prefixedField(SESSION_PREFIX, 'kind', 'Kind', controls.kind),
  prefixedField(SESSION_PREFIX, 'unit', 'Unit', controls.unit, 'The department whose team met.'),
  organizations.length > 1 ? prefixedField(SESSION_PREFIX, 'organization', 'Organization', controls.organization) : null,
  prefixedField(SESSION_PREFIX, 'headcount', 'Headcount', controls.headcount, 'How many took part, the facilitators aside.'),
  prefixedField(SESSION_PREFIX, 'duration', 'Duration (minutes)', controls.duration, 'Optional.'),
  prefixedField(SESSION_PREFIX, 'roles', 'People present by role', roleGroup, null, { wide: true, group: true }),
  prefixedField(SESSION_PREFIX, 'facilitators', 'Led by', facilitatorGroup, 'The peer supporters who led it.', { wide: true, group: true }),
  h('div', { class: 'wide' }, h('label', { class: 'inline check', for: followUp.id }, followUp,
    h('span', {}, 'Follow-up support was offered to the team'))),
  h('div', { class: 'actions wide' }, save, cancel),
  h('div', { class: 'wide' }, general));
  live = liveForm(form, SESSION_PREFIX,
    { event: controls.event, date: controls.date, kind: controls.kind, unit: controls.unit, headcount: controls.headcount, duration: controls.duration },
    values, (v) => api.checkDebrief(v), save, 'outreach/events');
  replace(root, back(), pageHeader(title), form);
  (current.event ? controls.headcount : controls.date).focus();
  return () => live.cleanup();
}
