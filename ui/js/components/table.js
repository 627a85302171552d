// A table that filters as you type and sorts by any column (click or Enter on a header).
//
// It draws at most PAGE rows at a time, with "Show more" below: a roster of 2,000 drawn whole
// takes WebKit about 100 ms per keystroke, the first PAGE rows a few. Each row's <tr> is built
// once and reused by every later draw. A page is a little more than a screenful: a keystroke
// that brings a whole page of new rows costs about a quarter of a millisecond a row, layout
// included, and 40 rows took 11 ms of the 10 ms budget (docs/performance.md).
import { h, replace } from '../dom.js';

export const PAGE = 25;

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
  // How many of the matching rows are drawn; back to one page whenever the filter changes.
  let limit = PAGE;
  const more = h('button', { type: 'button', class: 'show-more', hidden: true,
    onclick: () => { limit += PAGE; draw(); } });
  const everything = h('button', { type: 'button', class: 'show-more', hidden: true,
    onclick: () => { limit = Infinity; draw(); } });
  const paging = h('p', { class: 'table-paging' }, more, everything);
  const drawn = new Map();
  let drawnIndices = [];
  const rowOf = (index) => {
    if (!drawn.has(index)) {
      const row = rows[index];
      drawn.set(index, h('tr', {}, columns.map((column) =>
        h('td', { dataset: { label: column.label } }, column.render ? column.render(row) : String(valueOf(column, row))))));
    }
    return drawn.get(index);
  };
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
    const visible = shown.slice(0, limit);
    // The same rows as before (the first letters typed often keep them): the table is left
    // as it is, so the page is not laid out again.
    const indices = visible.map(({ index }) => index);
    if (indices.length !== drawnIndices.length || indices.some((index, at) => index !== drawnIndices[at])) {
      replace(body, indices.map(rowOf));
      drawnIndices = indices;
    }
    const hidden = shown.length - visible.length;
    more.hidden = hidden <= PAGE;
    everything.hidden = hidden === 0;
    replace(more, `Show ${PAGE} more`);
    replace(everything, `Show all ${shown.length}`);
    const matching = shown.length === rows.length ? `${rows.length}` : `${shown.length} of ${rows.length}`;
    if (rows.length === 0) {
      replace(summary, emptyText);
    } else if (shown.length === 0) {
      replace(summary, `Nothing matches “${filter.value}”. Clear the filter to see all ${rows.length}.`);
    } else if (hidden > 0) {
      replace(summary, `${matching} match: the first ${visible.length} shown. Type to narrow, or show more below.`);
    } else {
      replace(summary, `${matching} shown`);
    }
  }

  filter.addEventListener('input', () => { limit = PAGE; draw(); });
  draw();
  const element = h('div', { class: 'data-table' },
    rows.length ? h('label', { for: filterId, class: 'filter-label' }, filterLabel) : null,
    rows.length ? filter : null, summary, rows.length ? h('div', { class: 'table-scroll' }, table) : null,
    rows.length ? paging : null);
  return { element, focusFilter: () => filter.focus() };
}
