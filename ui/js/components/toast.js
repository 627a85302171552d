// Short messages at the corner of the window; errors stay until dismissed.
import { h } from '../dom.js';

export function toast(message, { kind = 'info', timeout = 5000 } = {}) {
  const area = document.getElementById('toasts');
  const close = h('button', { class: 'ghost small', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-word' }, kind === 'error' ? 'Problem:' : 'Done:'), ' ', message, close);
  area.appendChild(item);
  if (kind !== 'error') setTimeout(() => item.remove(), timeout);
}
