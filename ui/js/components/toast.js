// Short messages that confirm what was just done. One at a time (a new one replaces the one
// before: they never stack), in the sidebar above the Lock button when the app's frame is on
// screen, so a message never covers the work area, and gone once the coordinator moves on to
// another screen. A problem stays until dismissed or until the screen changes: a confirmation
// that comes after it does not hide it (so at most one problem and one confirmation show). A
// toast may carry one action (e.g. Undo) that runs once and closes it.
import { h } from '../dom.js';

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
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
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

/** On a change of screen: the messages of the screen left behind go with it. A change that
 * is the last step of an action (`byCode`: "Request #12 taken in", then its page) keeps that
 * action's message, the one just shown (each new message replaces the one before). */
export function clearToastsOfLeftScreen(byCode) {
  if (!byCode) clearToasts();
}
