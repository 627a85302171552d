// The nomination survey: import its CSV and see, per department, who staff would turn to,
// marking who is already a supporter so the coordinator can invite the others.
import { api } from '../api.js';
import { h, replace, localDate, count } from '../dom.js';
import { toast } from '../components/toast.js';
import { filePicker } from '../components/form.js';
import { pageHeader, loading, errorPanel } from './common.js';

export async function mountNominations(root) {
  const title = 'Nomination survey';
  const picker = filePicker('survey-path', 'Survey export', 'spreadsheet', api.pickFile,
    'A CSV or XLSX with the respondent’s department (“Department”), the person they named (“Nominee”) and, if asked, that person’s department (“Nominee department”).');
  const message = h('p', { class: 'form-error', role: 'alert' });
  const tallyArea = h('div', { id: 'tally' }, loading('the tally'));
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    replace(message);
    try {
      const done = await api.importNominations(picker.input.value.trim());
      toast(`Imported ${count(done.answers)} answers from ${done.departments} departments.`);
      picker.input.value = '';
      await drawTally();
    } catch (error) {
      replace(message, error.message);
    }
  } }, picker.element, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'survey-import' }, 'Import the survey')), message);

  async function drawTally() {
    let tally;
    try {
      tally = await api.nominationTally();
    } catch (error) {
      replace(tallyArea, errorPanel(error));
      return;
    }
    if (!tally.imported_at) {
      replace(tallyArea, h('p', { class: 'empty-state card' }, 'No survey imported yet. Ask staff “After a stressful event, who in your department would you turn to?” and import the answers here.'));
      return;
    }
    replace(tallyArea,
      h('p', { class: 'muted' }, `Survey ${tally.file_name ?? ''} imported ${localDate(tally.imported_at)}: ${count(tally.answers)} answers.`),
      tally.departments.map((d) => h('section', { class: 'card' },
        h('h2', {}, `${d.department} `, h('span', { class: 'muted' }, `(${count(d.answers)} answers)`)),
        h('table', {}, h('thead', {}, h('tr', {}, ['Named', 'Times named', 'Their department', 'On the roster'].map((t) => h('th', {}, t)))),
          h('tbody', {}, d.nominees.map((n) => h('tr', {},
            h('td', {}, n.name), h('td', { class: 'num' }, String(n.votes)), h('td', {}, n.department ?? '—'),
            h('td', {}, n.supporter_id
              ? h('a', { href: `#/supporters/${n.supporter_id}` }, n.supporter_status === 'retired' ? '✓ Retired supporter' : '✓ Supporter')
              : h('a', { href: `#/supporters/new/${encodeURIComponent(n.name)}`, class: 'invite' }, 'Not yet: add as supporter')))))))));
  }

  replace(root, h('a', { href: '#/supporters', class: 'back' }, '← Roster'), pageHeader(title), form, tallyArea);
  await drawTally();
}
