// Logging one contact (an outreach), or correcting one. There is no field for who was
// supported, by design: only their role and department. Saving the first contact of a
// request connects it and schedules its follow-ups; a follow-up ticks the next check-in off.
//
// The field helpers at the top are shared with the program settings and the template editor:
// their controls carry ids of their own (outreach-kind, program-mode, …) rather than f-NAME.
import { api } from '../api.js';
import { h, replace, todayIso, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { pageHeader, loading, errorPanel } from './common.js';

/**
 * One labelled control with the id `${prefix}${name}`, its hint and its message line
 * (`${prefix}${name}-error`). For a group (a fieldset), pass `group: true`: it brings its
 * own legend, so no label is added.
 */
export function prefixedField(prefix, name, label, control, hint, { wide = false, group = false } = {}) {
  control.id = `${prefix}${name}`;
  if (!group && !control.name) control.name = name;
  const message = h('p', { class: 'field-error', id: `${prefix}${name}-error`, 'aria-live': 'polite' });
  const hintLine = hint ? h('p', { class: 'hint', id: `${prefix}${name}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintLine ? hintLine.id : null, message.id].filter(Boolean).join(' '));
  return h('div', { class: `field${wide ? ' wide' : ''}`, dataset: { field: name } },
    group ? null : h('label', { for: control.id }, label), control, hintLine, message);
}

/** Shows {field, message} errors beside their fields (several per field are joined); the
 * rest in `general`. */
export function showPrefixedErrors(container, prefix, pairs, general) {
  for (const line of container.querySelectorAll('.field-error')) line.textContent = '';
  for (const control of container.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const byField = new Map();
  for (const { field, message } of pairs) byField.set(field, [...(byField.get(field) ?? []), message]);
  const unplaced = [];
  for (const [field, messages] of byField) {
    const id = `${prefix}${field}`;
    const line = container.querySelector(`#${CSS.escape(`${id}-error`)}`);
    if (line) {
      line.textContent = messages.map(sentence).join(' ');
      container.querySelector(`#${CSS.escape(id)}`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(...messages.map(sentence));
    }
  }
  if (general) replace(general, unplaced.join(' '));
  return pairs.length > 0;
}

/** After a failed save: each field's message beside it, the focus on the first to fix. */
export function showPrefixedSaveError(container, prefix, error, general) {
  if (error.fields?.length) {
    showPrefixedErrors(container, prefix, error.fields, general);
    const first = container.querySelector('[aria-invalid="true"]');
    if (first) {
      const target = /^(INPUT|SELECT|TEXTAREA)$/.test(first.tagName) ? first : first.querySelector('input, select, textarea, button');
      target?.focus();
    }
  } else {
    showPrefixedErrors(container, prefix, [], general);
    if (general) replace(general, error.message);
  }
}

/** "choose the role" -> "Choose the role." (the core words messages to fit after a label). */
function sentence(text) {
  const trimmed = String(text).trim();
  if (!trimmed) return '';
  const first = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** A <select> of [value, label] pairs with a first blank option; `selected` chosen. */
function options(pairs, selected, blank) {
  return [blank ? h('option', { value: '' }, blank) : null,
    ...pairs.map(([value, label]) => h('option', { value, selected: value === selected }, label))];
}

/** Picklist names on offer, plus the current ones even when since retired. */
function offered(entries, current = []) {
  const wanted = new Set(current.map((c) => c.toLowerCase()));
  return entries.filter((e) => !e.retired || wanted.has(e.value.toLowerCase()));
}

/** The choice (mode, referral source) a stored or pre-filled text stands for: code or label. */
function choiceCode(choices, text) {
  const wanted = (text ?? '').trim().toLowerCase();
  if (!wanted) return '';
  return choices.find((c) => c.code === wanted || c.label.toLowerCase() === wanted)?.code ?? text;
}

/** A group of checkboxes, one per entry; the values are the entries' names. */
function checkGroup(prefix, name, legend, entries, checked) {
  const wanted = new Set(checked.map((c) => c.toLowerCase()));
  const known = new Set(entries.map((e) => e.value.toLowerCase()));
  // A stored value no longer in the list at all still shows, so an edit keeps it.
  const extra = checked.filter((c) => !known.has(c.toLowerCase())).map((value) => ({ value, retired: true }));
  const boxes = [...entries, ...extra].map((e, index) => {
    const id = `${prefix}${name}-${index}`;
    return h('label', { class: 'inline check', for: id },
      h('input', { type: 'checkbox', id, value: e.value, name, checked: wanted.has(e.value.toLowerCase()) }),
      h('span', {}, e.value), e.retired ? h('span', { class: 'muted' }, ' (retired)') : null);
  });
  return h('fieldset', { class: 'check-group' }, h('legend', {}, legend),
    boxes.length ? h('div', { class: 'check-list' }, boxes) : h('p', { class: 'muted' }, 'The list is empty: add entries in Settings → Lists.'));
}

const checkedValues = (group) => [...group.querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value);

const PREFIX = 'outreach-';

/** #/outreach/new (stand-alone), #/outreach/new/REQUEST (pre-filled), #/outreach/ID (edit). */
export async function mountOutreachForm(root, id, requestId) {
  const title = id ? `Outreach #${id}` : requestId ? `Log a contact for request #${requestId}` : 'Log an outreach';
  const backHref = id ? '#/outreach' : requestId ? `#/requests/${requestId}` : '#/outreach';
  const back = () => h('a', { href: backHref, class: 'back' }, id || !requestId ? '← Outreach log' : `← Request #${requestId}`);
  replace(root, back(), pageHeader(title), loading('the outreach form'));
  let current, modes, referrals, departments, roles, issueTypes, resources, supporters, revisions;
  try {
    [current, modes, referrals, departments, roles, issueTypes, resources, supporters, revisions] = await Promise.all([
      api.outreachForm(id, requestId),
      api.listChoices('modes'), api.listChoices('referral_sources'),
      api.listEntries('departments'), api.listEntries('roles'), api.listEntries('issue_types'), api.listEntries('resources'),
      api.listSupporters(),
      id ? api.outreachRevisions(id) : Promise.resolve([]),
    ]);
  } catch (error) {
    replace(root, back(), pageHeader(title), errorPanel(error));
    return undefined;
  }
  const request = current.request_id ?? null;
  const done = request ? `requests/${request}` : 'outreach';

  const mode = choiceCode(modes, current.mode);
  const referredBy = choiceCode(referrals, current.referred_by);
  const choiceOptions = (choices, selected) => choices
    .filter((c) => !c.retired || c.code === selected)
    .map((c) => [c.code, c.retired ? `${c.label} (retired)` : c.label]);
  const entryOptions = (entries, selected) => {
    const list = offered(entries, selected ? [selected] : []).map((e) => [e.value, e.retired ? `${e.value} (retired)` : e.value]);
    const match = list.find(([value]) => value.toLowerCase() === (selected ?? '').toLowerCase());
    return { list: match || !selected ? list : [[selected, selected], ...list], chosen: match ? match[0] : selected };
  };
  const department = entryOptions(departments, current.department);
  const role = entryOptions(roles, current.role);
  const people = supporters
    .filter((s) => s.status === 'active' || s.id === current.supporter_id)
    .map((s) => [String(s.id), `${s.name}${s.role ? ` — ${s.role}` : ''}${s.status !== 'active' ? ` (${s.status})` : ''}`]);
  if (current.supporter_id && !people.some(([value]) => value === String(current.supporter_id))) {
    people.unshift([String(current.supporter_id), `Supporter #${current.supporter_id}`]);
  }

  const controls = {
    occurred_on: h('input', { type: 'date', value: current.occurred_on, max: todayIso(), required: true }),
    kind: h('select', {}, options([['initial', 'Initial (first contact)'], ['follow-up', 'Follow-up']], current.kind)),
    mode: h('select', {}, options(choiceOptions(modes, mode), mode, 'Choose how…')),
    referred_by: h('select', {}, options(choiceOptions(referrals, referredBy), referredBy, 'Choose who referred them…')),
    department: h('select', {}, options(department.list, department.chosen, 'Choose a department…')),
    role: h('select', {}, options(role.list, role.chosen, 'Choose a role…')),
    supporter_id: h('select', {}, options(people, current.supporter_id ? String(current.supporter_id) : '', 'Choose the supporter…')),
    issue_types: checkGroup(PREFIX, 'issue_types', 'Issue types', offered(issueTypes, current.issue_types), current.issue_types),
    resources: checkGroup(PREFIX, 'resources', 'Resources offered', offered(resources, current.resources), current.resources),
    comments: h('textarea', { rows: 4, maxlength: 1000 }, current.comments),
    outcome: h('select', {}, options([['helpful', 'Helpful'], ['neutral', 'Neutral'], ['not-helpful', 'Not helpful'],
      ['not-reached', 'Could not reach the person']], current.outcome ?? '', 'Not rated')),
  };
  const counter = h('p', { class: 'hint counter', 'aria-live': 'off' });
  const countComments = () => replace(counter, `${controls.comments.value.length} of 1000 characters`);
  controls.comments.addEventListener('input', countComments);
  countComments();

  // What saving does to the request, in words that follow the kind chosen.
  const effect = h('span', { id: 'outreach-effect' });
  const explain = () => {
    if (!request) return;
    if (id) {
      replace(effect, 'Saving keeps the request where it is: editing a contact never moves it along.');
    } else if (controls.kind.value === 'initial') {
      replace(effect, 'Saving this first contact connects the request and schedules the follow-ups.');
    } else {
      replace(effect, 'Saving this follow-up ticks off the request’s next check-in.');
    }
  };
  controls.kind.addEventListener('change', explain);
  explain();

  const values = () => ({
    occurred_on: controls.occurred_on.value,
    kind: controls.kind.value,
    mode: controls.mode.value,
    referred_by: controls.referred_by.value,
    department: controls.department.value,
    role: controls.role.value,
    supporter_id: controls.supporter_id.value ? Number(controls.supporter_id.value) : null,
    issue_types: checkedValues(controls.issue_types),
    resources: checkedValues(controls.resources),
    comments: controls.comments.value,
    outcome: controls.outcome.value,
    request_id: request,
  });

  const general = h('p', { class: 'form-error', id: 'outreach-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'outreach-save', title: 'Save (Ctrl+Enter)' },
    id ? 'Save changes' : 'Log outreach');
  const cancel = h('a', { href: backHref, class: 'button-link', id: 'outreach-cancel', title: 'Cancel (Escape)' }, 'Cancel');
  const form = h('form', { class: 'card form-grid outreach-form', id: 'outreach-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    replace(general);
    try {
      if (id) await api.updateOutreach(id, values());
      else await api.addOutreach(values());
      toast(id ? 'Changes saved.' : request ? `Contact logged for request #${request}.` : 'Outreach logged.');
      router.go(done);
    } catch (error) {
      showPrefixedSaveError(form, PREFIX, error, general);
    } finally {
      save.disabled = false;
    }
  } },
  h('div', { class: 'wide outreach-notes' },
    request ? h('p', { class: 'for-request' }, 'For ', h('a', { href: `#/requests/${request}`, id: 'outreach-request-link' }, `request #${request}`),
      '. ', effect) : null,
    h('p', { class: 'callout no-names', id: 'outreach-no-names' },
      h('strong', {}, 'The outreach log never records who was supported. '),
      'Only their role and department, so the log can be counted and reported without naming anyone.')),
  prefixedField(PREFIX, 'occurred_on', 'Date of the contact', controls.occurred_on, 'Not in the future.'),
  prefixedField(PREFIX, 'kind', 'Kind', controls.kind, 'The first contact of a request, or a later check-in.'),
  prefixedField(PREFIX, 'mode', 'Mode', controls.mode),
  prefixedField(PREFIX, 'referred_by', 'Referred by', controls.referred_by),
  prefixedField(PREFIX, 'department', 'Department of the person supported', controls.department),
  prefixedField(PREFIX, 'role', 'Role of the person supported', controls.role),
  prefixedField(PREFIX, 'supporter_id', 'Peer supporter', controls.supporter_id, 'Who made the contact.'),
  prefixedField(PREFIX, 'outcome', 'Outcome, as the supporter rates it', controls.outcome, 'Optional. Reports show the share rated helpful.'),
  prefixedField(PREFIX, 'issue_types', 'Issue types', controls.issue_types, 'At least one.', { wide: true, group: true }),
  prefixedField(PREFIX, 'resources', 'Resources offered', controls.resources, null, { wide: true, group: true }),
  h('div', { class: 'wide' }, prefixedField(PREFIX, 'comments', 'Comments', controls.comments, 'No names — describe, don’t identify.')),
  h('div', { class: 'wide' }, counter),
  h('div', { class: 'actions wide' }, save, cancel),
  h('div', { class: 'wide' }, general));

  const history = id ? revisionsCard(revisions) : null;
  replace(root, back(), pageHeader(title), form, history);
  controls.occurred_on.focus();

  const keys = (event) => {
    if (event.defaultPrevented) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save.click();
    } else if (event.key === 'Escape' && root.contains(document.activeElement)) {
      event.preventDefault();
      router.go(backHref.slice(2));
    }
  };
  document.addEventListener('keydown', keys);
  return () => document.removeEventListener('keydown', keys);
}

/** The edits an outreach went through, oldest first: when, and each change on its line. */
function revisionsCard(revisions) {
  return h('section', { class: 'card', id: 'outreach-history' }, h('h2', {}, 'Edit history'),
    revisions.length
      ? h('ol', { class: 'revisions' }, revisions.map((revision) => h('li', {},
        h('time', { datetime: revision.at }, localDate(revision.at)),
        h('ul', { class: 'plain' }, revision.changes.map((line) => h('li', {}, line))))))
      : h('p', { class: 'empty-state' }, 'Not edited since it was logged.'));
}
