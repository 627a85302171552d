// Short messages at the corner of the window; errors stay until dismissed. A toast may carry
// one action (e.g. Undo) that runs once and closes it.
import { h } from '../dom.js';

export function toast(message, { kind = 'info', timeout = 5000, action = null } = {}) {
  const area = document.getElementById('toasts');
  const close = h('button', { class: 'ghost small', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  const act = action ? h('button', { class: 'small toast-action', type: 'button', onclick: () => {
    item.remove();
    action.run();
  } }, action.label) : null;
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-word' }, kind === 'error' ? 'Problem:' : 'Done:'), ' ', h('span', {}, message), act, close);
  area.appendChild(item);
  if (kind !== 'error') setTimeout(() => item.remove(), action ? Math.max(timeout, 10000) : timeout);
}

/** Removes every message (when PeerDesk locks: nothing of the work stays on screen). */
export function clearToasts() {
  document.getElementById('toasts')?.replaceChildren();
}
