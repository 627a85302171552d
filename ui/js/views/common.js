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

/** A colour sample and its #RRGGBB. The colour is set through the CSSOM: the window's
 * content-security policy refuses inline style attributes. */
export function colorSwatch(color) {
  const sample = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  sample.style.backgroundColor = color;
  return h('span', { class: 'swatch-wrap' }, sample, color);
}
