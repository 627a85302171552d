import { now } from './clock.js';

// Element builders. Every value is set as text (textContent / attributes), never parsed
// as HTML: a supporter named "<img src=x onerror=alert(1)>" shows as those characters.

/**
 * h('button', {class: 'primary', onclick: fn}, 'Save') -> <button class="primary">Save</button>
 * Children may be strings, numbers, nodes, arrays of those, or null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  if (tag === 'input' && element.type === 'date') markEmptyDate(element);
  return element;
}

const INPUT_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

/**
 * An empty date field must look empty: WebKit draws today's date in grey in it, which reads
 * as a saved date. `data-empty` (which the CSS uses to hide those grey digits) follows the
 * value however it changes: typing, the picker, or code setting `.value`.
 */
function markEmptyDate(input) {
  const mark = () => input.toggleAttribute('data-empty', INPUT_VALUE.get.call(input) === '');
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { return INPUT_VALUE.get.call(this); },
    set(value) { INPUT_VALUE.set.call(this, value); mark(); },
  });
  input.addEventListener('input', mark);
  input.addEventListener('change', mark);
  // A date half typed has no value yet, but its parts must stay in sight.
  input.addEventListener('keydown', () => input.removeAttribute('data-empty'));
  mark();
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** A number with the workstation's thousands separators. */
export function count(n) {
  return Number(n).toLocaleString();
}

/** An ISO date (YYYY-MM-DD) or timestamp in the workstation's locale; `dayOnly` leaves a
 * timestamp's time out (its day is the workstation's, not UTC's). */
export function localDate(iso, { dayOnly = false } = {}) {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (iso.length === 10 || dayOnly ? DAY : DAY_AND_TIME).format(date);
}

// Made once: toLocaleDateString builds a formatter at every call, which a table of a few
// hundred dates pays for in milliseconds.
const DAY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Today's date on the workstation's calendar, as YYYY-MM-DD. */
export function todayIso(today = now()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

/** "today", "tomorrow", "in 3 days", "2 days ago" for an ISO date relative to today. */
export function relativeDays(iso, today = now()) {
  const day = new Date(`${iso}T12:00:00`);
  const base = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 12);
  const days = Math.round((day - base) / 86400000);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element, as h() does for HTML: attributes set, children appended as nodes or text. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" for a moment in the past. */
export function ago(iso, at = now()) {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const minutes = Math.max(0, Math.round((at - then) / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}
