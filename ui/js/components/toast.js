// Short messages that confirm what was just done. One at a time (a new one replaces the one
// before: they never stack), in the sidebar above the Lock button when the app's frame is on
// screen, so a message never covers the work area, and gone once the coordinator moves on to
// another screen. A problem stays until dismissed or until the screen changes: a confirmation
// that comes after it does not hide it (so at most one problem and one confirmation show). A
// toast may carry one action (e.g. Undo) that runs once and closes it.
import { h } from '../dom.js';

/** A toast shown this shortly before the screen changes by code belongs to the action that
 * changed it ("Request #12 taken in", then the request's page): it stays for the new screen. */
const CARRIED_MS = 1500;

function area() {
  return document.getElementById('sidebar-toasts') ?? document.getElementById('toasts');
}

export function toast(message, { kind = 'info', timeout = 6000, action = null } = {}) {
  for (const old of document.querySelectorAll(kind === 'error' ? '.toast' : '.toast:not(.toast-error)')) old.remove();
  const close = h('button', { class: 'ghost small', type: 'button', 'aria-label': 'Dismiss this message', onclick: () => item.remove() }, '×');
  const act = action ? h('button', { class: 'small toast-action', type: 'button', onclick: () => {
    item.remove();
    action.run();
  } }, action.label) : null;
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-shown': String(Date.now()) },
    h('p', { class: 'toast-text' }, h('span', { class: 'toast-word' }, kind === 'error' ? 'Problem:' : 'Done:'), ' ', message),
    close,
    act ? h('div', { class: 'toast-buttons' }, act) : null);
  area()?.appendChild(item);
  if (kind !== 'error') setTimeout(() => item.remove(), action ? Math.max(timeout, 10000) : timeout);
}

/** Removes every message (a new one comes, or PeerDesk locks: nothing of the work stays). */
export function clearToasts() {
  for (const id of ['sidebar-toasts', 'toasts']) document.getElementById(id)?.replaceChildren();
}

/** On a change of screen: the messages of the screen left behind go with it. When the
 * change is the last step of an action (`byCode`), that action's own message stays. */
export function clearToastsOfLeftScreen(byCode) {
  const now = Date.now();
  for (const item of document.querySelectorAll('.toast')) {
    if (!byCode || now - Number(item.dataset.shown) > CARRIED_MS) item.remove();
  }
}
