// Pieces the views share: a page header, a loading line, an error panel.
import { h } from '../dom.js';

export function pageHeader(title, ...extra) {
  return h('header', { class: 'page-header' }, h('h1', { id: 'page-title' }, title), ...extra);
}

export function loading(what) {
  return h('p', { class: 'muted loading', role: 'status' }, `Loading ${what}…`);
}

export function errorPanel(error) {
  return h('div', { class: 'card error-panel', role: 'alert' }, h('strong', {}, 'Could not load this screen. '), error.message);
}

/** A status word with an icon, so that it never relies on colour alone. */
export function statusBadge(status, detail) {
  const icons = { active: '●', paused: '‖', retired: '–', new: '✚', matched: '⇄', connected: '✓', 'follow-up': '↻',
    closed: '■', declined: '✕', withdrawn: '↶', overdue: '!' };
  return h('span', { class: `badge badge-${status}` }, h('span', { 'aria-hidden': 'true' }, icons[status] ?? '•'), ' ',
    detail ? `${status}${detail}` : status);
}

/** The parts that are there, each once: "Environmental services", the role and the
 * department, reads once. */
export function distinct(parts) {
  return [...new Set(parts.filter(Boolean))];
}

/** Who a row is about, in one cell: the role, then where they work (department ·
 * organization) on a second, quieter line. One column instead of three keeps the lists
 * within the window. */
export function whoColumn(label = 'Role and place') {
  const where = (r) => distinct([r.department === r.role ? null : r.department, r.organization]).join(' · ');
  return {
    key: 'role', label,
    value: (r) => [r.role, where(r)].filter(Boolean).join(' · '),
    render: (r) => stackedCell(r.role ?? '', where(r)),
  };
}

/** A table cell of two lines: what matters, and under it, quieter, what goes with it. */
export function stackedCell(main, under) {
  return h('span', { class: 'cell-stack' }, h('span', {}, main), under ? h('span', { class: 'cell-under' }, under) : null);
}

/** A colour sample and its #RRGGBB. The colour is set through the CSSOM: the window's
 * content-security policy refuses inline style attributes. */
export function colorSwatch(color) {
  const sample = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  sample.style.backgroundColor = color;
  return h('span', { class: 'swatch-wrap' }, sample, color);
}
