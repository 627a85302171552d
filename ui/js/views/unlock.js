// The unlock screen (passphrase, or recovery when the credential store lost the key) and
// the screen for a store that cannot be opened at all.
import { api } from '../api.js';
import { h, replace } from '../dom.js';

export function showUnlock(root, state, enter) {
  const recovery = state.reason === 'recovery_needed';
  const locked = state.reason === 'locked';
  const input = h('input', { id: 'unlock-passphrase', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'unlock-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { id: 'unlock-submit', class: 'primary', type: 'submit' }, 'Unlock');
  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    replace(submit, 'Unlocking…');
    replace(error, '');
    try {
      const next = await api.unlockStore(input.value);
      input.value = '';
      enter(next);
    } catch (failure) {
      replace(error, failure.message);
      input.select();
      submit.disabled = false;
      replace(submit, 'Unlock');
    }
  } },
    h('h1', {}, recovery ? 'Recover access' : locked ? 'PeerDesk is locked' : 'Unlock PeerDesk'),
    h('p', {}, recovery
      ? 'This computer’s credential store no longer holds the key to your PeerDesk data. Type the recovery passphrase chosen at setup; PeerDesk will store the key again so that it opens by itself next time.'
      : locked
        ? 'You locked PeerDesk. Type the passphrase to open it again.'
        : 'The operating system’s credential store is locked or not available, so PeerDesk needs its passphrase.'),
    state.message && !locked ? h('p', { class: 'muted' }, state.message) : null,
    h('label', { for: 'unlock-passphrase' }, recovery ? 'Recovery passphrase' : 'Passphrase'),
    input, error,
    h('div', { class: 'actions' }, submit),
    h('p', { class: 'muted' }, `Data folder: ${state.data_dir}`));
  replace(root, h('main', { id: 'work', class: 'centered' }, form));
  input.focus();
}

export function showProblem(root, error, retry) {
  const again = h('button', { class: 'primary', type: 'button', onclick: retry }, 'Try again');
  replace(root, h('main', { id: 'work', class: 'centered' }, h('section', { class: 'card narrow', role: 'alert' },
    h('h1', {}, 'PeerDesk cannot open its data'),
    h('p', { id: 'problem-message' }, error.message),
    h('p', { class: 'muted' }, 'Nothing was changed. PeerDesk never replaces an existing database with a new one.'),
    h('div', { class: 'actions' }, again))));
  again.focus();
}
