// Reports: yearly totals, with every count below the program's threshold shown as "<11".
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';

export async function mountReports(root) {
  replace(root, pageHeader('Reports'), loading('the totals'));
  let rows;
  try {
    rows = await api.reportByYear();
  } catch (error) {
    replace(root, pageHeader('Reports'), errorPanel(error));
    return;
  }
  const body = rows.length === 0
    ? h('p', { class: 'empty-state' }, 'No requests or outreaches yet, so there is nothing to report.')
    : h('table', { id: 'report-years' },
      h('caption', {}, 'Requests received and outreaches logged per year. Counts from 1 to 10 show as “<11” so that no one can be recognised.'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'), h('th', { scope: 'col', class: 'num' }, 'Requests'),
        h('th', { scope: 'col', class: 'num' }, 'Outreaches'))),
      h('tbody', {}, rows.map((row) => h('tr', {}, h('th', { scope: 'row' }, row.year),
        h('td', { class: 'num' }, row.requests), h('td', { class: 'num' }, row.outreaches)))));
  replace(root, pageHeader('Reports'), h('section', { class: 'card' }, h('h2', {}, 'Year by year'), body));
}
