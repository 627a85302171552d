// Boot: ask the store which screen to show (setup, unlock, a problem, or the app).
import { api, AppError } from './api.js';
import { h, replace } from './dom.js';
import { showSetup } from './views/setup.js';
import { showUnlock, showProblem } from './views/unlock.js';
import { showApp } from './views/frame.js';
import { toast } from './components/toast.js';
import { startTheme } from './theme.js';

const root = document.getElementById('root');

export async function boot() {
  try {
    const state = await api.appState();
    enter(state);
  } catch (error) {
    showProblem(root, error instanceof AppError ? error : new AppError('unexpected', String(error)), boot);
  }
}

/** Shows the screen a {screen, reason, message, keychain_problem} answer asks for. */
export function enter(state) {
  if (state.keychain_problem) {
    toast(`The OS credential store could not keep the key (${state.keychain_problem}). PeerDesk will ask for the passphrase when it starts.`, { kind: 'error' });
  }
  switch (state.screen) {
    case 'setup': return showSetup(root, state, enter);
    case 'unlock': return showUnlock(root, state, enter);
    case 'app': return showApp(root, state, lock);
    default: return showProblem(root, new AppError(state.reason ?? 'problem', state.message ?? 'PeerDesk cannot open its store.'), boot);
  }
}

async function lock() {
  try {
    await api.lockStore();
  } finally {
    replace(root, h('p', { class: 'boot' }, 'Locked.'));
    location.hash = '';
    boot();
  }
}

startTheme();

boot();
