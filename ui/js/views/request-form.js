// Taking a request in: a short form, done with the keyboard in under a minute. The core checks
// it as you go (on leaving a field) with the same rules as saving; each problem shows beside
// its field. Ctrl+Enter saves, Escape goes back to the list.
import { api } from '../api.js';
import { now as clockNow } from '../clock.js';
import { h, replace, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { formField, select, showFieldErrors, whenPointerReleased } from '../components/form.js';
import { pageHeader, loading, errorPanel } from './common.js';

/** The longest note the core keeps. */
const NOTE_LIMIT = 500;

/** Now on the workstation's clock, as a datetime-local value (YYYY-MM-DDTHH:MM). */
function nowLocal(now = clockNow()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

const offered = (entries) => entries.filter((e) => !e.retired).map((e) => e.value);

let mounts = 0;

export async function mountRequestForm(root) {
  const ticket = ++mounts;
  const hash = location.hash;
  const stale = () => ticket !== mounts || location.hash !== hash;
  const title = 'Take in a request';
  const back = h('a', { href: '#/requests', class: 'back' }, '← Requests');
  replace(root, back, pageHeader(title), loading('the form'));
  let roles, departments, channels, languages, issueTypes, modes, sources, organizations;
  try {
    [roles, departments, channels, languages, issueTypes, modes, sources, organizations] = await Promise.all([
      api.listEntries('roles'), api.listEntries('departments'), api.listEntries('channels'), api.listEntries('languages'),
      api.listEntries('issue_types'), api.listChoices('modes'), api.listChoices('referral_sources'), api.listOrganizations(),
    ]);
  } catch (error) {
    if (!stale()) replace(root, back, pageHeader(title), errorPanel(error));
    return;
  }
  if (stale()) return;
  if (offered(roles).length === 0) {
    replace(root, back, pageHeader(title), h('div', { class: 'card' },
      h('p', {}, 'A request needs the requester’s role, and the program has no roles yet.'),
      h('a', { href: '#/settings', class: 'button-link primary' }, 'Go to Settings → Lists')));
    return;
  }

  const host = organizations.find((o) => o.is_host) ?? organizations[0];
  const channelValues = offered(channels);
  const defaultChannel = channelValues.find((c) => c.toLowerCase() === 'phone') ?? '';
  const text = (attributes = {}) => h('input', { type: 'text', autocomplete: 'off', ...attributes });
  const choice = (list) => list.filter((c) => !c.retired).map((c) => [c.code, c.label]);

  const controls = {
    received_at: h('input', { type: 'datetime-local', value: nowLocal(), step: 60 }),
    channel: select([['', '(not recorded)'], ...channelValues], defaultChannel),
    preferred_mode: select([['', '(no preference given)'], ...choice(modes)], ''),
    referred_by: select([['', '(not recorded)'], ...choice(sources)], ''),
    role: select([['', 'Choose a role…'], ...offered(roles)], '', { required: true, 'aria-required': 'true' }),
    department: select([['', '(not recorded)'], ...offered(departments)], ''),
    organization: select([...organizations.map((o) => [o.name, o.is_host ? `${o.name} (host)` : o.name]), ['', '(not recorded)']], host?.name ?? ''),
    language: select([['', '(not recorded)'], ...offered(languages)], ''),
    specialty: text({ maxlength: 120 }),
    years_in_role: h('input', { type: 'number', min: 0, max: 70, step: 1, inputmode: 'numeric' }),
    note: h('textarea', { rows: 3, maxlength: NOTE_LIMIT }),
    requester_name: text({ maxlength: 120 }),
    requester_contact: text({ maxlength: 200 }),
  };

  // Issue types: a group of checkboxes, their values the entries' names.
  const issueBoxes = offered(issueTypes).map((value, index) =>
    h('input', { type: 'checkbox', value, id: `request-issue-${index}`, name: 'issue_types' }));
  const issueError = h('p', { class: 'field-error', id: 'f-issue_types-error', 'aria-live': 'polite' });
  const issueGroup = h('fieldset', { class: 'field checkbox-group wide', id: 'request-issue_types', dataset: { field: 'issue_types' },
    'aria-describedby': 'f-issue_types-hint f-issue_types-error' },
  h('legend', {}, 'Issue types'),
  issueBoxes.length
    ? h('div', { class: 'checkboxes' }, issueBoxes.map((box) => h('label', { class: 'inline', for: box.id }, box, box.value)))
    : h('p', { class: 'muted' }, 'No issue types on the program’s list (Settings → Lists).'),
  h('p', { class: 'hint', id: 'f-issue_types-hint' }, 'Tick all that apply. Space ticks; Tab moves on.'),
  issueError);

  const values = () => {
    const form = {};
    for (const [name, control] of Object.entries(controls)) form[name] = control.value;
    form.received_at = form.received_at.trim();
    form.issue_types = issueBoxes.filter((box) => box.checked).map((box) => box.value);
    return form;
  };

  const counter = h('p', { class: 'hint note-count', id: 'request-note-count', 'aria-live': 'polite' });
  const countNote = () => replace(counter, `${controls.note.value.length} of ${NOTE_LIMIT} characters`);
  controls.note.addEventListener('input', countNote);
  countNote();

  const general = h('p', { class: 'form-error', role: 'alert', id: 'request-form-error' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'request-save', title: 'Save (Ctrl+Enter)' }, 'Take in the request');
  const cancel = h('a', { href: '#/requests', class: 'button-link', id: 'request-cancel', title: 'Back to the list (Escape)' }, 'Cancel');
  const field = (name, label, hint) => {
    const element = formField(name, label, controls[name], hint);
    // formField names the control f-<name>; the intake form's controls are request-<name>.
    controls[name].id = `request-${name}`;
    element.querySelector('label').htmlFor = controls[name].id;
    return element;
  };

  /** Shows the core's {field, message} errors beside their fields. */
  const showErrors = (pairs, where) => {
    showFieldErrors(form, pairs, where);
    for (const { field: name } of pairs) {
      (name === 'issue_types' ? issueGroup : controls[name])?.setAttribute('aria-invalid', 'true');
    }
  };

  const form = h('form', { class: 'request-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    try {
      const number = await api.addRequest(values());
      let due = '';
      try {
        const detail = await api.requestDetail(number);
        due = ` — first contact due ${localDate(detail.due_on)}`;
      } catch {
        // The request is in; only the due date is missing from the message.
      }
      toast(`Request #${number} taken in${due}`);
      router.go(`requests/${number}`);
    } catch (error) {
      if (error.fields?.length) {
        // From now on the check as you go shows every problem, not only those of touched fields.
        for (const { field: name } of error.fields) touched.add(name);
        showErrors(error.fields, general);
        const first = form.querySelector('[aria-invalid="true"]');
        (first === issueGroup ? issueBoxes[0] : first)?.focus();
      } else {
        showFieldErrors(form, [], general);
        replace(general, error.message);
      }
    } finally {
      save.disabled = false;
    }
  } },
  h('section', { class: 'card form-grid', 'aria-labelledby': 'intake-when' },
    h('h2', { id: 'intake-when', class: 'wide' }, 'When and how it came in'),
    field('received_at', 'Received', 'Now, unless it came in earlier.'),
    field('channel', 'Channel'),
    field('preferred_mode', 'Preferred way to talk'),
    field('referred_by', 'Referred by')),
  h('section', { class: 'card form-grid', 'aria-labelledby': 'intake-who' },
    h('h2', { id: 'intake-who', class: 'wide' }, 'Who is asking (for matching)'),
    field('role', 'Role', 'Required: a supporter in a similar role is matched.'),
    field('department', 'Department'),
    field('organization', 'Organization'),
    field('language', 'Language'),
    field('specialty', 'Specialty'),
    field('years_in_role', 'Years in role', 'A whole number, 0 to 70.')),
  h('section', { class: 'card form-grid', 'aria-labelledby': 'intake-why' },
    h('h2', { id: 'intake-why', class: 'wide' }, 'What it is about'),
    issueGroup,
    h('div', { class: 'wide' }, field('note', 'Note', 'Short: the reason in a sentence. Never a case file.'), counter)),
  h('section', { class: 'card form-grid', 'aria-labelledby': 'intake-requester' },
    h('h2', { id: 'intake-requester', class: 'wide' }, 'The requester (optional)'),
    h('p', { class: 'hint wide' }, 'A caller may stay anonymous until matched. Only the request’s own page shows these.'),
    field('requester_name', 'Name'),
    field('requester_contact', 'Contact', 'Phone, email or extension.')),
  h('div', { class: 'actions' }, save, cancel, h('span', { class: 'muted keys-hint' }, 'Ctrl+Enter saves · Escape cancels')),
  general);

  // Check as you go: when a field is left or changed, the core says what is wrong so far (only
  // for fields already touched, so a fresh form is not covered in red).
  const touched = new Set();
  let checks = 0;
  const check = async () => {
    const mine = ++checks;
    try {
      const problems = await api.checkRequest(values());
      whenPointerReleased(() => {
        if (mine === checks) showErrors(problems.filter(({ field }) => touched.has(field)), null);
      });
    } catch {
      // Saving will say it; the check is only a courtesy.
    }
  };
  for (const [name, control] of Object.entries(controls)) {
    control.addEventListener('blur', () => {
      if (control.value !== '' || touched.has(name)) touched.add(name);
      check();
    });
    control.addEventListener('change', () => {
      touched.add(name);
      check();
    });
  }
  for (const box of issueBoxes) {
    box.addEventListener('change', () => {
      touched.add('issue_types');
      check();
    });
  }

  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(save);
      else save.click();
    } else if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      router.go('requests');
    }
  });
  replace(root, back, pageHeader(title, h('span', { class: 'muted' }, 'Only the role is required.')), form);
  controls.channel.value = defaultChannel;
  controls.organization.value = host?.name ?? '';
  controls.channel.focus();
}
