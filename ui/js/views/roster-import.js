// Importing the roster from a spreadsheet: choose the file, see what would be added, updated
// and rejected (row by row), then import all of it, or only the valid rows when asked.
import { api } from '../api.js';
import { h, replace, count } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { filePicker } from '../components/form.js';
import { withProgress, wasCancelled } from '../components/progress.js';
import { pageHeader } from './common.js';

/** At most this many added/updated names are listed in the preview. */
const LISTED = 200;

export function mountRosterImport(root) {
  const picker = filePicker('import-path', 'Spreadsheet', 'spreadsheet', api.pickFile,
    'CSV (UTF-8, comma or semicolon) or XLSX, up to 20 MB. Columns are found by their header: Name or Full name, Role or Job title, Dept or Department, Organization or Hospital, Email, Phone, Languages, Trained or Training date, Status, Max open cases, Consent, Notes.');
  const check = h('button', { type: 'submit', class: 'primary', id: 'import-check' }, 'Check the file');
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: (event) => {
    event.preventDefault();
    preview();
  } }, picker.element, h('div', { class: 'actions' }, check));

  async function preview() {
    const path = picker.input.value.trim();
    if (!path) {
      replace(result, h('p', { class: 'form-error', role: 'alert' }, 'Choose a file first.'));
      return;
    }
    check.disabled = true;
    try {
      showPreview(path, await withProgress(result, 'Checking the file', (job) => api.previewRosterImport(path, job),
        'Reading and checking every row…'));
    } catch (error) {
      replace(result, h('p', { class: 'form-error', role: 'alert', id: 'import-error' }, error.message));
    } finally {
      check.disabled = false;
    }
  }

  function showPreview(path, p) {
    const rejected = p.rejected.length;
    const changes = p.added.length + p.updated.length;
    const apply = async (validRowsOnly, button) => {
      button.disabled = true;
      try {
        const done = await withProgress(working, 'Importing the roster',
          (job) => api.applyRosterImport(path, p.file_sha256, validRowsOnly, job));
        toast(`Imported: ${done.added.length} added, ${done.updated.length} updated.`);
        router.go('supporters');
      } catch (error) {
        button.disabled = false;
        if (wasCancelled(error)) {
          // The preview stays: the same file may be imported when the time suits.
          replace(working, h('p', { class: 'muted', role: 'status', id: 'import-cancelled' }, error.message));
        } else {
          replace(result, h('p', { class: 'form-error', role: 'alert', id: 'import-error' }, error.message));
        }
      }
    };
    const working = h('div', { id: 'import-progress' });
    const importAll = h('button', { type: 'button', class: 'primary', id: 'import-apply', disabled: rejected > 0 || changes === 0,
      onclick: () => apply(false, importAll) }, `Import ${count(changes)} ${changes === 1 ? 'change' : 'changes'}`);
    const importValid = rejected > 0 && changes > 0
      ? h('button', { type: 'button', id: 'import-valid-only', onclick: () => apply(true, importValid) },
        `Import the ${count(changes)} valid ${changes === 1 ? 'row' : 'rows'} only`)
      : null;
    const names = (lines, withChanges) => h('ul', { class: 'plain compact' },
      lines.slice(0, LISTED).map((l) => h('li', {}, `Row ${l.row}: ${l.name}`, withChanges ? h('span', { class: 'muted' }, ` (${l.changes.join(', ')})`) : null)),
      lines.length > LISTED ? h('li', { class: 'muted' }, `… and ${count(lines.length - LISTED)} more`) : null);
    const newEntries = [['organizations', p.new_organizations], ['roles', p.new_roles], ['departments', p.new_departments]]
      .filter(([, list]) => list.length)
      .map(([what, list]) => h('li', {}, `New ${what} will be added: `, h('strong', {}, list.join(', '))));
    replace(result,
      h('section', { class: 'card' },
        h('h2', {}, 'What the import would do'),
        h('dl', { class: 'facts', id: 'import-summary' },
          h('dt', {}, 'Rows read'), h('dd', {}, count(p.rows)),
          h('dt', {}, 'To add'), h('dd', { id: 'import-added' }, count(p.added.length)),
          h('dt', {}, 'To update (matched by email)'), h('dd', { id: 'import-updated' }, count(p.updated.length)),
          h('dt', {}, 'Unchanged'), h('dd', {}, count(p.unchanged)),
          h('dt', {}, 'Rejected'), h('dd', { id: 'import-rejected' }, count(rejected))),
        newEntries.length ? h('ul', { class: 'callout plain' }, newEntries) : null,
        p.ignored_columns.length ? h('p', { class: 'muted' }, `Columns not used: ${p.ignored_columns.join(', ')}.`) : null,
        rejected ? h('div', { class: 'callout danger-callout', role: 'alert' },
          h('p', {}, h('strong', {}, `${count(rejected)} ${rejected === 1 ? 'row is' : 'rows are'} rejected, so nothing will be imported`),
            ' unless you choose to import the valid rows only. Fix the rows in the spreadsheet and check the file again.'),
          h('table', { id: 'import-rejections' }, h('thead', {}, h('tr', {}, h('th', {}, 'Row'), h('th', {}, 'Why'))),
            h('tbody', {}, p.rejected.slice(0, LISTED).map((r) => h('tr', {}, h('td', { class: 'num' }, String(r.row)), h('td', {}, r.reason)))))) : null,
        changes === 0 && rejected === 0 ? h('p', { class: 'callout' }, 'Nothing to change: the roster already matches this file.') : null,
        h('div', { class: 'actions' }, importAll, importValid), working,
        p.added.length ? [h('h3', {}, 'To add'), names(p.added, false)] : null,
        p.updated.length ? [h('h3', {}, 'To update'), names(p.updated, true)] : null));
  }

  picker.input.addEventListener('change', () => { if (picker.input.value) preview(); });
  replace(root, h('a', { href: '#/supporters', class: 'back' }, '← Roster'), pageHeader('Import the roster'),
    h('p', { class: 'muted' }, 'Nothing is written until you press Import. A supporter whose email is already on the roster is updated; empty cells never erase what PeerDesk knows.'),
    form, result);
  picker.input.focus();
}
