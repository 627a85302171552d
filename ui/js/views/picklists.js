// Settings → Lists: the program's own pick-lists. Entries are renamed, reordered and retired,
// never deleted, so history keeps its meaning; a role also has its family.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { toast } from '../components/toast.js';
import { select } from '../components/form.js';

const LISTS = [['roles', 'Roles'], ['departments', 'Departments'], ['languages', 'Languages'],
  ['issue_types', 'Issue types'], ['resources', 'Resources offered'], ['channels', 'Channels']];
const FAMILIES = [['', '(no family)'], ['clinical', 'Clinical'], ['clinical support', 'Clinical support'], ['non-clinical', 'Non-clinical']];

export async function picklistsCard() {
  const chooser = select(LISTS, 'roles', { id: 'list-choice', onchange: () => draw() });
  const body = h('div');
  const message = h('p', { class: 'form-error', role: 'alert' });
  const card = h('section', { class: 'card', id: 'lists' }, h('h2', {}, 'Lists'),
    h('p', { class: 'muted' }, 'What the forms offer. A retired entry is no longer offered, but the records that use it keep it.'),
    h('label', { for: 'list-choice' }, 'List'), chooser, body, message);

  const change = async (id, what, focusSelector) => {
    replace(message);
    try {
      await api.changeEntry(id, what);
      await draw();
      if (focusSelector) body.querySelector(focusSelector)?.focus();
    } catch (error) {
      replace(message, error.message);
    }
  };

  async function draw() {
    const list = chooser.value;
    let entries;
    try {
      entries = await api.listEntries(list);
    } catch (error) {
      replace(body, h('p', { class: 'form-error' }, error.message));
      return;
    }
    const rows = entries.map((e, i) => {
      const name = h('input', { type: 'text', value: e.value, 'aria-label': `Name of ${e.value}`,
        onchange: () => change(e.id, { change: 'rename', value: name.value }) });
      return h('tr', { class: e.retired ? 'retired' : '' },
        h('td', {}, name, e.retired ? h('span', { class: 'badge' }, 'retired') : null),
        list === 'roles' ? h('td', {}, select(FAMILIES, e.family ?? '', { 'aria-label': `Family of ${e.value}`,
          onchange: (ev) => change(e.id, { change: 'family', family: ev.target.value || null }) })) : null,
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', id: `up-${e.id}`, disabled: i === 0 || e.retired, 'aria-label': `Move ${e.value} up`,
            onclick: () => change(e.id, { change: 'up' }, `#up-${e.id}`) }, '↑'),
          h('button', { type: 'button', class: 'small', id: `down-${e.id}`, disabled: e.retired || entries[i + 1]?.retired !== false, 'aria-label': `Move ${e.value} down`,
            onclick: () => change(e.id, { change: 'down' }, `#down-${e.id}`) }, '↓'),
          h('button', { type: 'button', class: 'small', onclick: () => change(e.id, { change: e.retired ? 'restore' : 'retire' }) },
            e.retired ? 'Restore' : 'Retire')));
    });
    const value = h('input', { type: 'text', id: 'new-entry', autocomplete: 'off' });
    const family = select(FAMILIES, 'clinical', { 'aria-label': 'Family' });
    const add = h('form', { class: 'inline-panel', onsubmit: async (event) => {
      event.preventDefault();
      replace(message);
      try {
        await api.addEntry(list, value.value, list === 'roles' ? family.value || null : null);
        toast(`${value.value.trim()} added.`);
        await draw();
        body.querySelector('#new-entry')?.focus();
      } catch (error) {
        replace(message, error.message);
      }
    } }, h('label', { for: 'new-entry' }, 'Add'), value, list === 'roles' ? family : null, h('button', { type: 'submit' }, 'Add'));
    replace(body, h('table', { class: 'picklist' }, h('tbody', {}, rows)), add);
  }

  await draw();
  return card;
}
