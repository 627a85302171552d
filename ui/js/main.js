// Boot: ask the store which screen to show (setup, unlock, a problem, or the app); lock it
// by hand (button, Ctrl/⌘+L) or when PeerDesk locked itself after a while without use.
import { api, AppError, onDamaged, onLocked } from './api.js';
import { h, replace } from './dom.js';
import { setNow } from './clock.js';
import { setAccess } from './access.js';
import { showSetup } from './views/setup.js';
import { showUnlock, showProblem } from './views/unlock.js';
import { showApp, closeApp } from './views/frame.js';
import { toast, clearToasts } from './components/toast.js';
import { keepDraft } from './components/drafts.js';
import { startTheme } from './theme.js';

const root = document.getElementById('root');
let appShown = false;

export async function boot(lockedBy = null) {
  try {
    const state = await api.appState();
    enter({ ...state, locked_by: lockedBy });
  } catch (error) {
    showProblem(root, error instanceof AppError ? error : new AppError('unexpected', String(error)), boot, enter);
  }
}

/** Shows the screen a {screen, reason, message, keychain_problem, now, access} answer asks for. */
export function enter(state) {
  if (state.now) setNow(state.now);
  setAccess(state.access);
  appShown = state.screen === 'app';
  switch (state.screen) {
    case 'setup': showSetup(root, state, enter); break;
    case 'unlock': showUnlock(root, state, enter); break;
    case 'app': showApp(root, state, () => lock('hand')); break;
    default: showProblem(root, new AppError(state.reason ?? 'problem', state.message ?? 'PeerDesk cannot open its store.'), boot, enter);
  }
  // Once the screen is drawn: in the app, the message then goes to the sidebar, not over it.
  if (state.keychain_problem) {
    toast(`The OS credential store could not keep the key (${state.keychain_problem}). PeerDesk will ask for the passphrase when it starts.`, { kind: 'error' });
  }
}

/** Leaves the app's screens: what was being typed is kept in memory, the screens and
 * messages go. */
function leaveApp(notice) {
  appShown = false;
  keepDraft(document.getElementById('work'));
  closeApp();
  clearToasts();
  replace(root, h('p', { class: 'boot' }, notice));
}

/** Locks: the app's screens go and the store closes. `by` is 'hand' or 'idle' (PeerDesk
 * already closed the store itself). */
async function lock(by) {
  if (!appShown) return;
  leaveApp('Locked.');
  try {
    await api.lockStore();
  } finally {
    // The address stays: after the unlock the same screen comes back, with its draft.
    boot(by);
  }
}

// The idle timer runs in Rust (it closes the store even if this page hangs); this page only
// tells it that someone is at the keyboard, at most every five seconds.
let lastSign = 0;
function stillHere() {
  if (!appShown || Date.now() - lastSign < 5000) return;
  lastSign = Date.now();
  api.stillHere().catch(() => {});
}
for (const type of ['keydown', 'pointerdown', 'wheel']) {
  document.addEventListener(type, stillHere, { capture: true, passive: true });
}
onLocked(() => lock('idle'));
// PeerDesk closed a store found damaged: the problem screen says so and offers the restore.
onDamaged(() => {
  if (appShown) leaveApp('Checking the store…');
  boot();
});

startTheme();

boot();
