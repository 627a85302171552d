// Importing the request form's export (CSV or XLSX): choose the file, see every row checked
// exactly as the intake form checks it, then import all of them. All or nothing: one rejected
// row and nothing is written; the same file is never imported twice.
import { api } from '../api.js';
import { h, replace, count, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { filePicker } from '../components/form.js';
import { withProgress, wasCancelled } from '../components/progress.js';
import { pageHeader } from './common.js';

/** At most this many accepted or rejected rows are listed in the preview. */
const LISTED = 200;

const HEADERS = ['Timestamp', 'Name', 'Contact, Email or Phone', 'Preferred way to talk', 'Role', 'Department',
  'Organization', 'Referred by', 'Issue type', 'Message', 'Language'];

export function mountRequestImport(root) {
  const picker = filePicker('request-import-path', 'Web form export', 'spreadsheet', api.pickFile,
    'CSV (UTF-8, comma or semicolon) or XLSX, as the request form exports it.');
  const check = h('button', { type: 'submit', class: 'primary', id: 'preview-request-import' }, 'Preview');
  const result = h('div', { id: 'request-import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: (event) => {
    event.preventDefault();
    preview();
  } }, picker.element, h('div', { class: 'actions' }, check));
  let previews = 0;

  const problem = (message) => h('p', { class: 'form-error', role: 'alert', id: 'request-import-error' }, message);

  async function preview() {
    const path = picker.input.value.trim();
    if (!path) {
      replace(result, problem('Choose a file first.'));
      picker.input.focus();
      return;
    }
    const mine = ++previews;
    check.disabled = true;
    try {
      const p = await withProgress(result, 'Checking the file', (job) => api.previewRequestImport(path, job),
        'Reading and checking every row…');
      if (mine === previews) showPreview(path, p);
    } catch (error) {
      if (mine === previews) replace(result, problem(error.message));
    } finally {
      check.disabled = false;
    }
  }

  function showPreview(path, p) {
    const accepted = p.accepted.length;
    const rejected = p.rejected.length;
    const canImport = rejected === 0 && !p.already_imported_on && accepted > 0;
    const apply = canImport
      ? h('button', { type: 'button', class: 'primary', id: 'apply-request-import', onclick: async () => {
        apply.disabled = true;
        replace(applyError);
        try {
          const done = await withProgress(working, 'Importing the requests', (job) => api.applyRequestImport(path, p.file_sha256, job));
          const n = done.accepted.length;
          toast(`Imported ${count(n)} ${n === 1 ? 'request' : 'requests'} from the web form.`);
          router.go('requests');
        } catch (error) {
          apply.disabled = false;
          if (wasCancelled(error)) replace(working, h('p', { class: 'muted', role: 'status' }, error.message));
          else replace(applyError, error.message);
        }
      } }, `Import ${count(accepted)} ${accepted === 1 ? 'request' : 'requests'}`)
      : null;
    const applyError = h('p', { class: 'form-error', role: 'alert', id: 'request-import-apply-error' });
    const working = h('div', { id: 'request-import-progress' });
    const more = (n) => (n > LISTED ? h('p', { class: 'muted' }, `… and ${count(n - LISTED)} more`) : null);

    replace(result, h('section', { class: 'card', id: 'request-import-preview' },
      h('h2', {}, 'What the import would do'),
      h('dl', { class: 'facts', id: 'request-import-summary' },
        h('dt', {}, 'Rows read'), h('dd', { id: 'request-import-rows' }, count(p.rows)),
        h('dt', {}, 'Accepted'), h('dd', { id: 'request-import-accepted' }, count(accepted)),
        h('dt', {}, 'Rejected'), h('dd', { id: 'request-import-rejected' }, count(rejected))),
      p.already_imported_on
        ? h('div', { class: 'callout danger-callout', role: 'alert', id: 'request-import-already' },
          h('strong', {}, 'This file was already imported'), ` on ${localDate(p.already_imported_on)}. `,
          'Nothing is imported twice. Export only the newer responses from the form and import that file.')
        : null,
      rejected
        ? h('div', { class: 'callout danger-callout', role: 'alert' },
          h('p', {}, h('strong', {}, `${count(rejected)} ${rejected === 1 ? 'row is' : 'rows are'} rejected, so nothing will be imported.`),
            ' Fix them in the spreadsheet (or in the program’s lists, Settings → Lists) and preview the file again.'),
          h('table', { id: 'request-import-rejections' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Why'))),
            h('tbody', {}, p.rejected.slice(0, LISTED).map((r) => h('tr', {},
              h('td', { class: 'num' }, `row ${r.row}`), h('td', {}, r.reason))))),
          more(rejected))
        : null,
      !p.already_imported_on && rejected === 0 && accepted === 0
        ? h('p', { class: 'callout', id: 'request-import-empty' }, 'The file has no responses to import.')
        : null,
      h('div', { class: 'actions' }, apply), working, applyError,
      accepted
        ? [h('h3', {}, rejected ? 'Rows that passed' : 'Requests to import'),
          h('div', { class: 'table-scroll' }, h('table', { id: 'request-import-rows-table' },
            h('thead', {}, h('tr', {}, ['Row', 'Received', 'Role', 'Department', 'Organization']
              .map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, p.accepted.slice(0, LISTED).map((r) => h('tr', {},
              h('td', { class: 'num' }, String(r.row)), h('td', {}, localDate(r.received_at)),
              h('td', {}, r.role || '—'), h('td', {}, r.department || '—'), h('td', {}, r.organization || '—')))))),
          more(accepted)]
        : null));
    (apply ?? result.querySelector('[role="alert"]'))?.focus?.();
  }

  picker.input.addEventListener('change', () => { if (picker.input.value) preview(); });
  replace(root, h('a', { href: '#/requests', class: 'back' }, '← Requests'), pageHeader('Import requests from the web form'),
    h('section', { class: 'card import-rules' },
      h('p', {}, h('strong', {}, 'All or nothing. '),
        'Every row is checked exactly as the intake form checks it. If one row is rejected, nothing is imported: fix the file and preview it again. A file is never imported twice.'),
      h('p', {}, 'PeerDesk finds the columns by their headers:'),
      h('ul', { class: 'header-list' }, HEADERS.map((name) => h('li', {}, name))),
      h('p', { class: 'muted' }, 'Only Role is required. Several issue types in one cell are separated by commas or semicolons. The requests come in with the channel “Web form”; their first contact is due counting from the Timestamp.')),
    form, result);
  picker.input.focus();
}
