// Adding or editing a supporter. The core checks the form as you go (on leaving a field)
// with the same rules as saving, and each problem shows beside its field.
import { api } from '../api.js';
import { h, replace, todayIso } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { formField, select, showFieldErrors, showSaveError, whenPointerReleased } from '../components/form.js';
import { pageHeader, loading, errorPanel } from './common.js';

const EMPTY = {
  name: '', role: '', specialty: '', department: '', organization: '', phone: '', email: '', languages: '',
  years_in_role: '', trained_on: '', max_open_cases: '3', consent_to_list: false, notes: '', status: '', paused_until: '',
  resting_until: '',
};

/** Offered entries, plus the current value when it has since been retired. */
function choices(entries, current) {
  const offered = entries.filter((e) => !e.retired || e.value === current).map((e) => e.value);
  return offered.includes(current) || !current ? offered : [current, ...offered];
}

export async function mountSupporterForm(root, id, preset = {}) {
  const title = id ? 'Edit supporter' : 'Add a supporter';
  replace(root, pageHeader(title), loading('the form'));
  let roles, departments, languages, organizations, current;
  try {
    [roles, departments, languages, organizations, current] = await Promise.all([
      api.listEntries('roles'), api.listEntries('departments'), api.listEntries('languages'), api.listOrganizations(),
      id ? api.supporterDetail(id).then((d) => d.form) : Promise.resolve({ ...EMPTY, ...preset }),
    ]);
  } catch (error) {
    replace(root, pageHeader(title), errorPanel(error));
    return;
  }
  if (organizations.length === 0) {
    replace(root, pageHeader(title), h('div', { class: 'card' },
      h('p', {}, 'Before adding supporters, add your program’s own organization (the host).'),
      h('a', { href: '#/settings', class: 'button-link primary' }, 'Go to Settings → Organizations')));
    return;
  }
  const host = organizations.find((o) => o.is_host) ?? organizations[0];
  const text = (value, attributes = {}) => h('input', { type: 'text', value, autocomplete: 'off', ...attributes });
  const controls = {
    name: text(current.name, { required: true, maxlength: 120 }),
    role: select([['', 'Choose a role…'], ...choices(roles, current.role)], current.role),
    specialty: text(current.specialty),
    department: select([['', '(none)'], ...choices(departments, current.department)], current.department),
    organization: select(organizations.map((o) => o.name), current.organization || host.name),
    phone: text(current.phone, { inputmode: 'tel' }),
    email: text(current.email, { inputmode: 'email' }),
    languages: text(current.languages, { list: 'language-list' }),
    years_in_role: h('input', { type: 'number', min: 0, max: 70, step: 1, value: current.years_in_role }),
    trained_on: h('input', { type: 'date', max: todayIso(), value: current.trained_on }),
    max_open_cases: h('input', { type: 'number', min: 1, max: 10, step: 1, value: current.max_open_cases || '3' }),
    consent_to_list: h('input', { type: 'checkbox', checked: current.consent_to_list }),
    // A rest that ended shows as none: saving the form clears it.
    resting_until: h('input', { type: 'date', min: todayIso(),
      value: current.resting_until && current.resting_until >= todayIso() ? current.resting_until : '' }),
    notes: h('textarea', { rows: 3, maxlength: 2000 }, current.notes),
  };
  const values = () => {
    const form = { ...current };
    for (const [name, control] of Object.entries(controls)) {
      form[name] = control.type === 'checkbox' ? control.checked : control.value;
    }
    return form;
  };
  const general = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'save-supporter' }, id ? 'Save changes' : 'Add supporter');
  const cancel = h('a', { href: id ? `#/supporters/${id}` : '#/supporters', class: 'button-link' }, 'Cancel');
  const form = h('form', { class: 'card form-grid', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const saved = id ? (await api.updateSupporter(id, values()), id) : await api.addSupporter(values());
      const withdrawn = id && current.consent_to_list && !controls.consent_to_list.checked;
      const onWalls = withdrawn ? (await api.printedSigns(id).catch(() => [])).filter((s) => s.reprint).length : 0;
      toast(!id ? `${values().name.trim()} is on the roster.`
        : onWalls ? `Changes saved. ${onWalls === 1 ? 'A printed sign still names them' : `${onWalls} printed signs still name them`}: reprint below.`
          : 'Changes saved.');
      router.go(`supporters/${saved}`);
    } catch (error) {
      showSaveError(form, error, general);
    } finally {
      save.disabled = false;
    }
  } },
  h('datalist', { id: 'language-list' }, languages.filter((l) => !l.retired).map((l) => h('option', { value: l.value }))),
  formField('name', 'Name', controls.name),
  formField('role', 'Role', controls.role, 'Roles and their families are edited in Settings → Lists.'),
  formField('specialty', 'Specialty', controls.specialty),
  formField('department', 'Department', controls.department),
  formField('organization', 'Organization', controls.organization),
  formField('phone', 'Phone or extension', controls.phone, 'For example 555-0123 x4412.'),
  formField('email', 'Email', controls.email),
  formField('languages', 'Languages', controls.languages, 'Separate them with commas.'),
  formField('years_in_role', 'Years in role', controls.years_in_role),
  formField('trained_on', 'Initial training', controls.trained_on, 'The date of their peer-support training (not in the future).'),
  formField('max_open_cases', 'Most open cases at once', controls.max_open_cases, 'From 1 to 10.'),
  formField('resting_until', 'Resting until', controls.resting_until,
    'After a heavy stretch: not offered for new requests through this day. Empty when they are not resting.'),
  h('div', { class: 'field wide' }, h('label', { class: 'inline', for: 'f-consent_to_list' }, controls.consent_to_list,
    'They consent to be named on break-room signs and the intranet'), h('p', { class: 'field-error', id: 'f-consent_to_list-error' })),
  h('div', { class: 'field wide' }, formField('notes', 'Notes', controls.notes, 'Only what helps the program; never a requester’s story.')),
  h('div', { class: 'actions wide' }, save, cancel),
  general);
  controls.consent_to_list.id = 'f-consent_to_list';

  // Check as you go: when a field is left, the core says what is wrong so far (only for
  // fields already touched, so an empty new form is not covered in red).
  const touched = new Set();
  for (const [name, control] of Object.entries(controls)) {
    control.addEventListener('blur', async () => {
      if (control.value !== '' || touched.has(name)) touched.add(name);
      try {
        const problems = await api.checkSupporter(id, values());
        whenPointerReleased(() => showFieldErrors(form, problems.filter(({ field }) => touched.has(field)), null));
      } catch {
        // Saving will say it; the check is only a courtesy.
      }
    });
  }
  const keys = (event) => {
    if (event.key === 'Escape') cancel.click();
  };
  form.addEventListener('keydown', keys);
  replace(root, h('a', { href: cancel.getAttribute('href'), class: 'back' }, '← Back'), pageHeader(title), form);
  controls.name.focus();
}
