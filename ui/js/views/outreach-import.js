// Importing the supporters' own outreach reports: the export of the web form on which each
// supporter fills in the outreach template (Microsoft Forms, REDCap, Google Forms). Choose the
// file, see what each column fills (and map the rest: a choice per column, remembered for the
// next file of the form), the values new to the program's lists, every row checked as the
// outreach form checks it; then import all of them. All or nothing; a file only once.
import { api } from '../api.js';
import { h, replace, count, localDate } from '../dom.js';
import * as router from '../router.js';
import { toast } from '../components/toast.js';
import { filePicker } from '../components/form.js';
import { withProgress, wasCancelled } from '../components/progress.js';
import { pageHeader } from './common.js';

/** At most this many accepted or rejected rows are listed in the preview. */
const LISTED = 200;

const plural = (n, one, many) => `${count(n)} ${n === 1 ? one : many}`;

export function mountOutreachImport(root) {
  const picker = filePicker('outreach-import-path', 'The web form’s export', 'spreadsheet', api.pickFile,
    'CSV (UTF-8, comma or semicolon) or XLSX, as Microsoft Forms, REDCap or Google Forms export it.');
  const check = h('button', { type: 'submit', class: 'primary', id: 'preview-outreach-import' }, 'Preview');
  const result = h('div', { id: 'outreach-import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', onsubmit: (event) => {
    event.preventDefault();
    columns = {};
    preview();
  } }, picker.element, h('div', { class: 'actions' }, check));
  /** The coordinator's choices for this file: header → field name ('' leaves it out). */
  let columns = {};
  let previews = 0;

  const problem = (message) => h('p', { class: 'form-error', role: 'alert', id: 'outreach-import-error' }, message);

  async function preview(focusColumn = null) {
    const path = picker.input.value.trim();
    if (!path) {
      replace(result, problem('Choose a file first.'));
      picker.input.focus();
      return;
    }
    const mine = ++previews;
    check.disabled = true;
    try {
      const p = await withProgress(result, 'Checking the file', (job) => api.previewOutreachImport(path, columns, job),
        'Reading and checking every row…');
      if (mine === previews) showPreview(path, p, focusColumn);
    } catch (error) {
      if (mine === previews) replace(result, problem(error.message));
    } finally {
      check.disabled = false;
    }
  }

  function mappingTable(p) {
    const how = { chosen: 'your choice', remembered: 'remembered', guessed: 'from its header', unused: '' };
    return h('div', { class: 'table-scroll' }, h('table', { id: 'outreach-import-columns' },
      h('caption', { class: 'muted' }, 'What each column fills. Change a choice and the preview follows; your choices are remembered for the next file of this form.'),
      h('thead', {}, h('tr', {}, ['Column', 'Fills', 'Note'].map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, p.columns.map((c) => {
        const select = h('select', { id: `outreach-import-column-${c.column}`, 'aria-label': `What “${c.header}” fills`,
          onchange: () => {
            columns = { ...columns, [c.header]: select.value };
            preview(c.column);
          } },
        h('option', { value: '' }, '— not imported —'),
        p.fields.map((f) => h('option', { value: f.name, selected: f.name === c.field }, f.words)));
        const note = c.note ?? [how[c.how], c.choice ? `ticked means “${c.choice}”` : ''].filter(Boolean).join(' · ');
        return h('tr', { class: c.note ? 'name-column' : null },
          h('th', { scope: 'row' }, c.header || `(column ${c.column + 1}, no header)`), h('td', {}, select),
          h('td', { class: c.note ? 'note-left-out' : 'muted' }, note));
      }))));
  }

  function showPreview(path, p, focusColumn) {
    const accepted = p.accepted.length;
    const rejected = p.rejected.length;
    const added = p.new_values.length;
    const canImport = rejected === 0 && !p.already_imported_on && p.unmapped.length === 0 && accepted > 0;
    const label = `Import ${plural(accepted, 'outreach', 'outreaches')}${added ? ` and add ${plural(added, 'new value', 'new values')} to the lists` : ''}`;
    const apply = canImport
      ? h('button', { type: 'button', class: 'primary', id: 'apply-outreach-import', onclick: async () => {
        apply.disabled = true;
        replace(applyError);
        try {
          const done = await withProgress(working, 'Importing the outreaches',
            (job) => api.applyOutreachImport(path, p.file_sha256, columns, added > 0, job));
          const n = done.accepted.length;
          toast(`Imported ${plural(n, 'outreach', 'outreaches')} from the supporters’ reports.`);
          router.go('outreach');
        } catch (error) {
          apply.disabled = false;
          if (wasCancelled(error)) replace(working, h('p', { class: 'muted', role: 'status' }, error.message));
          else replace(applyError, error.message);
        }
      } }, label)
      : null;
    const applyError = h('p', { class: 'form-error', role: 'alert', id: 'outreach-import-apply-error' });
    const working = h('div', { id: 'outreach-import-progress' });
    const more = (n) => (n > LISTED ? h('p', { class: 'muted' }, `… and ${count(n - LISTED)} more`) : null);
    const leftOut = p.columns.filter((c) => c.note);

    replace(result, h('section', { class: 'card', id: 'outreach-import-preview' },
      h('h2', {}, 'What the import would do'),
      h('dl', { class: 'facts', id: 'outreach-import-summary' },
        h('dt', {}, 'Rows read'), h('dd', { id: 'outreach-import-rows' }, count(p.rows)),
        h('dt', {}, 'Accepted'), h('dd', { id: 'outreach-import-accepted' }, count(accepted)),
        h('dt', {}, 'Rejected'), h('dd', { id: 'outreach-import-rejected' }, count(rejected)),
        h('dt', {}, 'New list values'), h('dd', { id: 'outreach-import-new-count' }, count(added))),
      p.already_imported_on
        ? h('div', { class: 'callout danger-callout', role: 'alert', id: 'outreach-import-already' },
          h('strong', {}, 'This file was already imported'), ` on ${localDate(p.already_imported_on)}. `,
          'Nothing is imported twice. Export only the newer responses from the form and import that file.')
        : null,
      p.unmapped.length
        ? h('div', { class: 'callout danger-callout', role: 'alert', id: 'outreach-import-unmapped' },
          h('strong', {}, `No column holds ${p.unmapped.join(', ')}. `),
          'Choose the column that does in the table below; PeerDesk remembers it for the next file.')
        : null,
      leftOut.length
        ? h('p', { class: 'callout', id: 'outreach-import-names' },
          h('strong', {}, `Left out: ${leftOut.map((c) => `“${c.header}”`).join(', ')}. `),
          'It looks like a person’s name, and the outreach log holds no names.')
        : null,
      mappingTable(p),
      added
        ? h('div', { class: 'callout', id: 'outreach-import-new' },
          h('p', {}, h('strong', {}, `${plural(added, 'value is', 'values are')} new to the program’s lists.`),
            ' Importing adds them (Settings → Lists can rename or retire them later). A typo? Correct the file and preview it again.'),
          h('ul', { id: 'outreach-import-new-values' }, p.new_values.map((v) =>
            h('li', {}, h('span', { class: 'badge' }, 'new'), ` ${v.noun}: `, h('strong', {}, v.value),
              ` (${plural(v.rows, 'row', 'rows')})`))))
        : null,
      rejected
        ? h('div', { class: 'callout danger-callout', role: 'alert' },
          h('p', {}, h('strong', {}, `${plural(rejected, 'row is', 'rows are')} rejected, so nothing will be imported.`),
            ' Fix them in the spreadsheet (or in the program’s lists, Settings → Lists) and preview the file again.'),
          h('table', { id: 'outreach-import-rejections' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Why'))),
            h('tbody', {}, p.rejected.slice(0, LISTED).map((r) => h('tr', {},
              h('td', { class: 'num' }, `row ${r.row}`), h('td', {}, r.reason))))),
          more(rejected))
        : null,
      !p.already_imported_on && !p.unmapped.length && rejected === 0 && accepted === 0
        ? h('p', { class: 'callout', id: 'outreach-import-empty' }, 'The file has no reports to import.')
        : null,
      h('div', { class: 'actions' }, apply), working, applyError,
      accepted
        ? [h('h3', {}, rejected ? 'Rows that passed' : 'Outreaches to import'),
          h('div', { class: 'table-scroll' }, h('table', { id: 'outreach-import-rows-table' },
            h('thead', {}, h('tr', {}, ['Row', 'Date', 'Kind', 'Supporter', 'Role', 'Department', 'Issues']
              .map((name) => h('th', { scope: 'col' }, name)))),
            h('tbody', {}, p.accepted.slice(0, LISTED).map((r) => h('tr', {},
              h('td', { class: 'num' }, String(r.row)), h('td', {}, localDate(r.occurred_on)),
              h('td', {}, r.kind === 'follow-up' ? 'Follow-up' : 'Initial'), h('td', {}, r.supporter),
              h('td', {}, r.role), h('td', {}, r.department), h('td', {}, r.issue_types.join(', '))))))),
          more(accepted)]
        : null));
    const focus = focusColumn !== null ? document.getElementById(`outreach-import-column-${focusColumn}`) : null;
    (focus ?? apply ?? result.querySelector('[role="alert"]'))?.focus?.();
  }

  picker.input.addEventListener('change', () => {
    if (picker.input.value) {
      columns = {};
      preview();
    }
  });
  replace(root, h('a', { href: '#/outreach', class: 'back' }, '← Outreach'), pageHeader('Import supporters’ reports'),
    h('section', { class: 'card import-rules' },
      h('p', {}, h('strong', {}, 'All or nothing. '),
        'Each row is one contact, checked exactly as the outreach form checks it. If one row is rejected, nothing is imported: fix the file and preview it again. A file is never imported twice.'),
      h('p', {}, 'Columns are found by the outreach template’s questions (Date of Outreach, Initial Outreach or a Follow-up, In Person or by Phone, Referred by, Department, Role, Peer Supporter, Type of Issue, Resources Offered, Comments, Outcome); you choose the others once. ',
        'A column that looks like a person’s name is never read.'),
      h('p', { class: 'muted' }, 'The supporter is found on the roster by name or id. The reports come in as stand-alone contacts: log a request’s contacts on its page.')),
    form, result);
  picker.input.focus();
}
