// A table that filters as you type and sorts by any column (click or Enter on a header).
import { h, replace } from '../dom.js';

/**
 * columns: [{key, label, value?: row => sortable value, render?: row => node|string, filter?: bool}]
 * Returns {element, focusFilter}.
 */
export function dataTable({ columns, rows, caption, emptyText, filterLabel = 'Filter' }) {
  let sortKey = null;
  let ascending = true;
  const filterId = `filter-${Math.random().toString(36).slice(2)}`;
  const filter = h('input', { id: filterId, type: 'search', class: 'filter', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Type to filter…', title: 'Filter the list (shortcut: /)' });
  const summary = h('p', { class: 'muted table-summary', 'aria-live': 'polite' });
  const body = h('tbody');
  const headers = columns.map((column) => {
    const button = h('button', { class: 'sort', type: 'button', onclick: () => sortBy(column.key) }, column.label);
    return h('th', { scope: 'col', 'aria-sort': 'none', dataset: { key: column.key } }, button);
  });
  const table = h('table', {}, h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers)), body);

  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]) ?? '';
  const haystack = rows.map((row) => columns.filter((c) => c.filter !== false)
    .map((c) => String(valueOf(c, row))).join(' ').toLowerCase());

  function sortBy(key) {
    ascending = sortKey === key ? !ascending : true;
    sortKey = key;
    for (const th of headers) {
      th.setAttribute('aria-sort', th.dataset.key === key ? (ascending ? 'ascending' : 'descending') : 'none');
    }
    draw();
  }

  function draw() {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = rows.map((row, index) => ({ row, index }))
      .filter(({ index }) => words.every((word) => haystack[index].includes(word)));
    if (sortKey) {
      const column = columns.find((c) => c.key === sortKey);
      shown.sort((a, b) => {
        const x = valueOf(column, a.row);
        const y = valueOf(column, b.row);
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return ascending ? order : -order;
      });
    }
    replace(body, shown.map(({ row }) => h('tr', {}, columns.map((column) =>
      h('td', { dataset: { label: column.label } }, column.render ? column.render(row) : String(valueOf(column, row)))))));
    if (rows.length === 0) {
      replace(summary, emptyText);
    } else if (shown.length === 0) {
      replace(summary, `Nothing matches “${filter.value}”. Clear the filter to see all ${rows.length}.`);
    } else {
      replace(summary, shown.length === rows.length ? `${rows.length} shown` : `${shown.length} of ${rows.length} shown`);
    }
  }

  filter.addEventListener('input', draw);
  draw();
  const element = h('div', { class: 'data-table' },
    rows.length ? h('label', { for: filterId, class: 'filter-label' }, filterLabel) : null,
    rows.length ? filter : null, summary, rows.length ? h('div', { class: 'table-scroll' }, table) : null);
  return { element, focusFilter: () => filter.focus() };
}
