// Settings → Program: how matching works, the reply clock and its holidays, follow-ups,
// retention and the program's own contact details; and the wording of the outreach modes and
// referral sources. The program card saves every key at once, all or nothing.
import { api } from '../api.js';
import { now } from '../clock.js';
import { h, replace, localDate } from '../dom.js';
import { toast } from '../components/toast.js';
import { prefixedField, showPrefixedErrors, showPrefixedSaveError } from './outreach-form.js';

/** The keys save_program_settings takes (program.rs KEYS), in its order. */
const KEYS = ['mode', 'reply_target_days', 'follow_up_days', 'retention_days', 'holidays', 'meeting_interval_months',
  'suppression_threshold', 'program_name', 'program_phone', 'program_email', 'request_form_url',
  'load_warning_contacts', 'training_valid_months', 'training_due_matching',
  'event_outreach_hours'];
const PREFIX = 'program-';

export async function programSettingsCard() {
  const body = h('div');
  const card = h('section', { class: 'card', id: 'program' }, h('h2', {}, 'Program'),
    h('p', { class: 'muted' }, 'How requests are matched and timed, and how the program signs its messages.'), body);

  async function draw(focusSave = false) {
    let program;
    try {
      program = await api.programSettings();
    } catch (error) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `The program settings could not be read: ${error.message}`));
      return;
    }
    replace(body, editor(program, draw));
    if (focusSave) body.querySelector('#program-save')?.focus();
  }
  await draw();
  return card;
}

function editor(program, reload) {
  const number = (value, min, max) => h('input', { type: 'number', min, max, step: 1, value: String(value), inputmode: 'numeric' });
  const text = (value, attributes = {}) => h('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...attributes });

  const radio = (value, label, explanation) => {
    const id = `program-mode-${value}`;
    return h('div', { class: 'radio-choice' },
      h('label', { class: 'inline', for: id },
        h('input', { type: 'radio', name: 'program-mode', id, value, checked: program.mode === value, 'aria-describedby': `${id}-hint` }),
        h('strong', {}, label)),
      h('p', { class: 'hint', id: `${id}-hint` }, explanation));
  };
  const mode = h('fieldset', { class: 'choice-group' }, h('legend', {}, 'Matching mode'),
    radio('network', 'Network', 'A supporter is matched from a different organization than the requester’s.'),
    radio('in-house', 'In-house', 'A supporter is matched from the requester’s own organization, never from their own department.'));

  const controls = {
    reply_target_days: number(program.reply_target_days, 0, 30),
    follow_up_days: text(program.follow_up_days.join(', '), { placeholder: '7, 30', inputmode: 'numeric' }),
    retention_days: number(program.retention_days, 0, 3650),
    meeting_interval_months: number(program.meeting_interval_months, 1, 36),
    suppression_threshold: number(program.suppression_threshold, 2, 100),
    event_outreach_hours: number(program.event_outreach_hours, 1, 168),
    program_name: text(program.program_name, { maxlength: 120 }),
    program_phone: text(program.program_phone, { inputmode: 'tel' }),
    program_email: text(program.program_email, { inputmode: 'email', spellcheck: 'false' }),
    request_form_url: text(program.request_form_url, { inputmode: 'url', spellcheck: 'false', placeholder: 'https://' }),
    load_warning_contacts: number(program.load_warning_contacts, 1, 100),
    training_valid_months: number(program.training_valid_months, 1, 120),
    training_due_matching: h('select', {},
      h('option', { value: 'flag', selected: program.training_due_matching === 'flag' }, 'Offer them, flagged “training due”'),
      h('option', { value: 'exclude', selected: program.training_due_matching === 'exclude' }, 'Leave them out of matching')),
  };

  const holidays = holidayEditor(program.holidays);

  const valueOf = (key) => {
    if (key === 'mode') return mode.querySelector('input[name="program-mode"]:checked')?.value ?? '';
    // "DATE Name" per holiday: the key takes dates, each optionally followed by its name.
    if (key === 'holidays') return holidays.rows().map((x) => `${x.date} ${x.name.replace(/[,;\n]/g, ' ')}`.trim()).join(',');
    return controls[key].value;
  };

  const general = h('p', { class: 'form-error', id: 'program-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'program-save' }, 'Save program settings');
  const form = h('form', { class: 'form-grid program-form', id: 'program-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    const unfinished = holidays.unfinished();
    if (unfinished) {
      showPrefixedErrors(form, PREFIX, [['holidays', unfinished]], general);
      holidays.focusUnfinished();
      return;
    }
    save.disabled = true;
    try {
      await api.saveProgramSettings(KEYS.map((key) => [key, valueOf(key)]));
      toast('Program settings saved.');
      await reload(true);
    } catch (error) {
      showPrefixedSaveError(form, PREFIX, error, general);
    } finally {
      save.disabled = false;
    }
  } },
  prefixedField(PREFIX, 'mode', 'Matching mode', mode, null, { wide: true, group: true }),
  prefixedField(PREFIX, 'reply_target_days', 'Reply target (business days)', controls.reply_target_days,
    'How long a request may wait for its first contact. Weekends and the holidays below do not count. From 0 to 30.'),
  prefixedField(PREFIX, 'follow_up_days', 'Follow-up check-ins (days after the first contact)', controls.follow_up_days,
    'Like “7, 30”: a check-in is due that many days after the first contact. At most five; empty for none.'),
  prefixedField(PREFIX, 'retention_days', 'Retention (days)', controls.retention_days,
    'The requester’s name, contact and intake note are erased this many days after a request closes. The rest stays, unnamed, for the reports. From 0 to 3650.'),
  prefixedField(PREFIX, 'meeting_interval_months', 'Meeting interval (months)', controls.meeting_interval_months,
    'A supporter with no support-the-supporters meeting for this long is flagged as overdue. From 1 to 36.'),
  prefixedField(PREFIX, 'load_warning_contacts', 'Load warning (contacts in 30 days)', controls.load_warning_contacts,
    'A supporter with more contacts than this in the last 30 days is flagged on the roster and in matching. From 1 to 100.'),
  prefixedField(PREFIX, 'training_valid_months', 'Training lasts (months)', controls.training_valid_months,
    'A supporter whose latest training or support-the-supporters meeting is older than this is due for a refresher. From 1 to 120.'),
  prefixedField(PREFIX, 'training_due_matching', 'Supporters due for a refresher', controls.training_due_matching,
    'In matching: offered with a “training due” flag, or left out until a training or meeting is recorded.'),
  prefixedField(PREFIX, 'event_outreach_hours', 'Outreach after a critical event (hours)', controls.event_outreach_hours,
    'How soon a unit’s team should be reached after a code, a death or an assault: a huddle, a debrief or an outreach. From 1 to 168; each event keeps the target of the day it was logged.'),
  prefixedField(PREFIX, 'suppression_threshold', 'Small-number threshold', controls.suppression_threshold,
    'In reports, a count from 1 up to this shows as “<N”, so that nobody can be singled out. From 2 to 100.'),
  prefixedField(PREFIX, 'program_name', 'Program name', controls.program_name, 'Signs the messages and the printed materials.'),
  prefixedField(PREFIX, 'program_phone', 'Program phone', controls.program_phone, 'Optional. For example 555-0100.'),
  prefixedField(PREFIX, 'program_email', 'Program email', controls.program_email, 'Optional.'),
  prefixedField(PREFIX, 'request_form_url', 'Request form web address', controls.request_form_url,
    'Optional. Where colleagues ask for support, like https://example.org/peer-support.'),
  prefixedField(PREFIX, 'holidays', 'Holidays', holidays.element, null, { wide: true, group: true }),
  h('div', { class: 'actions wide' }, save),
  h('div', { class: 'wide' }, general));
  return form;
}

/** Rows of date + name; add a row, remove a row, add the US federal holidays of a year. */
function holidayEditor(initial) {
  let serial = 0;
  const body = h('tbody');
  const count = h('p', { class: 'hint', id: 'program-holidays-count', 'aria-live': 'polite' });
  const message = h('p', { class: 'hint', 'aria-live': 'polite' });

  const recount = () => {
    const n = body.rows.length;
    replace(count, n === 0 ? 'No holidays: only weekends are skipped.' : `${n} holiday${n === 1 ? '' : 's'}.`);
  };

  function row(holiday = { date: '', name: '' }) {
    const n = ++serial;
    const date = h('input', { type: 'date', id: `program-holiday-${n}-date`, value: holiday.date, class: 'holiday-date' });
    const name = h('input', { type: 'text', id: `program-holiday-${n}-name`, value: holiday.name, class: 'holiday-name',
      autocomplete: 'off', maxlength: 80 });
    const label = () => (date.value ? localDate(date.value) : `row ${[...body.rows].indexOf(tr) + 1}`);
    date.setAttribute('aria-label', 'Holiday date');
    name.setAttribute('aria-label', 'Holiday name');
    const remove = h('button', { type: 'button', class: 'small', id: `program-holiday-${n}-remove`, onclick: () => {
      const next = tr.nextElementSibling ?? tr.previousElementSibling;
      tr.remove();
      recount();
      (next?.querySelector('button') ?? add).focus();
    } }, 'Remove');
    const describe = () => remove.setAttribute('aria-label', `Remove the holiday ${label()}`);
    date.addEventListener('change', describe);
    const tr = h('tr', { dataset: { row: String(n) } }, h('td', {}, date), h('td', {}, name), h('td', { class: 'row-actions' }, remove));
    describe();
    return tr;
  }

  const sortByDate = (holidays) => [...holidays].sort((a, b) => a.date.localeCompare(b.date));
  const current = () => [...body.rows].map((tr) => ({
    date: tr.querySelector('.holiday-date').value, name: tr.querySelector('.holiday-name').value,
  }));

  const add = h('button', { type: 'button', id: 'program-holiday-add', onclick: () => {
    const tr = row();
    body.append(tr);
    recount();
    tr.querySelector('input').focus();
  } }, 'Add a holiday');

  const year = now().getFullYear();
  const federal = (y) => h('button', { type: 'button', id: `program-holidays-us-${y}`, onclick: async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    replace(message);
    try {
      const added = await api.addUsHolidays(y);
      const stored = (await api.programSettings()).holidays;
      // Keep what is being edited; bring in the stored ones it does not have yet.
      const have = new Set(current().map((x) => x.date));
      const merged = sortByDate([...current().filter((x) => x.date || x.name), ...stored.filter((x) => !have.has(x.date))]);
      replace(body, merged.map((x) => row(x)));
      recount();
      const words = added === 0 ? `All the US federal holidays of ${y} were already listed.`
        : `${added} US federal holiday${added === 1 ? '' : 's'} of ${y} added.`;
      replace(message, words);
    } catch (error) {
      replace(message, h('span', { class: 'form-error' }, error.message));
    } finally {
      button.disabled = false;
      button.focus();
    }
  } }, `Add US federal holidays for ${y}`);

  replace(body, sortByDate(initial).map((x) => row(x)));
  recount();

  const element = h('fieldset', { class: 'holiday-group' }, h('legend', {}, 'Holidays'),
    h('p', { class: 'hint' }, 'Days the reply clock does not count, besides weekends.'),
    h('div', { class: 'holiday-scroll' },
      h('table', { class: 'holidays' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))), body)),
    count,
    h('div', { class: 'toolbar holiday-actions' }, add, federal(year), federal(year + 1)),
    message);

  return {
    element,
    /** The dates to save, blank rows left out. */
    dates: () => current().map((x) => x.date).filter(Boolean),
    rows: () => current().filter((x) => x.date),
    /** A message when a row has a name but no date (it would be lost silently). */
    unfinished: () => {
      const bad = current().find((x) => !x.date && x.name.trim());
      return bad ? `Give a date for “${bad.name.trim()}”, or remove that row.` : null;
    },
    focusUnfinished: () => {
      const tr = [...body.rows].find((r) => !r.querySelector('.holiday-date').value && r.querySelector('.holiday-name').value.trim());
      tr?.querySelector('.holiday-date').focus();
    },
  };
}

// ——— Outreach choices ———

const CHOICE_LISTS = [['modes', 'Modes', 'How a contact happened.'], ['referral_sources', 'Referral sources', 'Who pointed the person to the program.']];

export async function outreachChoicesCard() {
  const message = h('p', { class: 'form-error', id: 'choices-error', role: 'alert' });
  const sections = CHOICE_LISTS.map(([list, title, about]) => {
    const body = h('div', { id: `choices-${list}` });
    return { list, body, element: h('div', { class: 'choice-list' }, h('h3', {}, title), h('p', { class: 'hint' }, about), body) };
  });
  const card = h('section', { class: 'card', id: 'outreach-choices' }, h('h2', {}, 'Outreach choices'),
    h('p', { class: 'muted' }, 'The modes and referral sources the outreach form offers. Rename, reorder or retire them as the program words them; the codes behind them never change, so the history and the reports stay comparable from year to year.'),
    h('div', { class: 'columns' }, sections.map((s) => s.element)), message);

  async function draw(section, focusId = null) {
    let choices;
    try {
      choices = await api.listChoices(section.list);
    } catch (error) {
      replace(section.body, h('p', { class: 'form-error' }, error.message));
      return;
    }
    const change = async (code, what, focus) => {
      replace(message);
      try {
        await api.changeChoice(section.list, code, what);
        await draw(section, focus);
        return true;
      } catch (error) {
        replace(message, error.message);
        return false;
      }
    };
    const lastOffered = choices.reduce((last, x, index) => (x.retired ? last : index), -1);
    const rows = choices.map((c, i) => {
      const base = `choice-${section.list}-${c.code}`;
      let committed = c.label;
      const label = h('input', { type: 'text', id: `${base}-label`, value: c.label, autocomplete: 'off', maxlength: 60,
        'aria-label': `Label of ${c.code}` });
      const commit = async () => {
        const wanted = label.value.trim();
        if (wanted === committed) return;
        committed = wanted;
        if (!(await change(c.code, { action: 'relabel', label: wanted }, `${base}-label`))) {
          committed = c.label;
          label.value = c.label;
        } else {
          toast(`“${c.code}” now reads “${wanted}”.`);
        }
      };
      label.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        } else if (event.key === 'Escape') {
          label.value = committed;
        }
      });
      label.addEventListener('blur', commit);
      return h('tr', { class: c.retired ? 'retired' : '' },
        h('td', {}, label),
        h('td', {}, h('code', { class: 'choice-code', title: 'The code stays the same whatever the label' }, c.code),
          c.retired ? [' ', h('span', { class: 'badge' }, 'retired')] : null),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', id: `${base}-up`, disabled: i === 0 || c.retired,
            'aria-label': `Move ${c.label} up`, onclick: () => change(c.code, { action: 'move', up: true }, `${base}-up`) }, '↑'),
          h('button', { type: 'button', class: 'small', id: `${base}-down`, disabled: c.retired || i >= lastOffered,
            'aria-label': `Move ${c.label} down`, onclick: () => change(c.code, { action: 'move', up: false }, `${base}-down`) }, '↓'),
          h('button', { type: 'button', class: 'small', id: `${base}-retire`,
            'aria-label': `${c.retired ? 'Restore' : 'Retire'} ${c.label}`,
            onclick: () => change(c.code, { action: 'retire', retired: !c.retired }, `${base}-retire`) }, c.retired ? 'Restore' : 'Retire')));
    });
    replace(section.body, choices.length
      ? h('table', { class: 'picklist choices' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Code'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Order and offer')))),
        h('tbody', {}, rows))
      : h('p', { class: 'empty-state' }, 'None.'));
    if (focusId) {
      const target = section.body.querySelector(`#${CSS.escape(focusId)}`);
      // A button that became disabled (moved to the top) hands the focus to its row's label.
      if (target && !target.disabled) target.focus();
      else target?.closest('tr')?.querySelector('input')?.focus();
    }
  }

  await Promise.all(sections.map((section) => draw(section)));
  return card;
}
