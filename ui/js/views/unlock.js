// The unlock screen (after a lock, when the credential store lost the key or holds a stale
// one, or when there is none) and the screen for a store that cannot be opened at all.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { hasDraft } from '../components/drafts.js';
import { restoreForm } from '../components/restore-form.js';
import { aboutDisclosure } from './about.js';

/** What each reason for the unlock screen says: its heading and its explanation. */
function wording(state) {
  if (state.reason === 'locked' && state.locked_by === 'idle') {
    return ['PeerDesk locked itself', 'Nobody used PeerDesk for a while, so it locked itself. Type the recovery passphrase to go on.'];
  }
  switch (state.reason) {
    case 'locked':
      return ['PeerDesk is locked', 'PeerDesk was locked. Type the recovery passphrase to open it again; until then it stays locked, also after a restart.'];
    case 'recovery_needed':
      return ['Recover access', 'This computer’s credential store no longer holds the key to your PeerDesk data. Type the recovery passphrase chosen at setup; PeerDesk will store the key again so that it opens by itself next time.'];
    case 'stale_stored_key':
      return ['Recover access', 'The key in this computer’s credential store no longer opens your PeerDesk data: the data was restored from another computer, or its key was changed. Type the recovery passphrase; PeerDesk will store the right key again.'];
    default:
      return ['Unlock PeerDesk', 'The operating system’s credential store is locked or not available, so PeerDesk needs its passphrase.'];
  }
}

export function showUnlock(root, state, enter) {
  const [title, explanation] = wording(state);
  const input = h('input', { id: 'unlock-passphrase', type: 'password', autocomplete: 'current-password', required: true,
    'aria-describedby': 'unlock-error unlock-wait' });
  const error = h('p', { id: 'unlock-error', class: 'form-error', role: 'alert' });
  const wait = h('p', { id: 'unlock-wait', class: 'muted', 'aria-live': 'polite' });
  const submit = h('button', { id: 'unlock-submit', class: 'primary', type: 'submit' }, 'Unlock');
  let timer = null;

  /** After many wrong passphrases the next try must wait: count down, then allow it. */
  function waitFor(seconds) {
    clearInterval(timer);
    let left = seconds;
    const tick = () => {
      if (left <= 0) {
        clearInterval(timer);
        replace(wait);
        submit.disabled = false;
        return;
      }
      submit.disabled = true;
      replace(wait, `Too many wrong passphrases in a row: the next try is possible in ${left} ${left === 1 ? 'second' : 'seconds'}.`);
      left -= 1;
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    replace(submit, 'Unlocking…');
    replace(error, '');
    try {
      const next = await api.unlockStore(input.value);
      input.value = '';
      clearInterval(timer);
      enter(next);
    } catch (failure) {
      replace(error, failure.message);
      input.select();
      replace(submit, 'Unlock');
      submit.disabled = false;
      if (failure.retryInSeconds) waitFor(failure.retryInSeconds);
    }
  } },
    h('h1', {}, title),
    h('p', {}, explanation),
    hasDraft() ? h('p', { class: 'callout', id: 'unlock-draft' }, 'What you were typing is kept and comes back once PeerDesk is open again.') : null,
    state.message && !['locked', 'recovery_needed', 'stale_stored_key'].includes(state.reason)
      ? h('p', { class: 'muted' }, state.message) : null,
    h('label', { for: 'unlock-passphrase' }, state.reporting_available ? 'Passphrase' : 'Recovery passphrase'),
    state.reporting_available
      ? h('p', { class: 'hint', id: 'unlock-reporting-hint' },
        'The coordinator types the recovery passphrase. Staff of the quality or wellness office type their reporting passphrase: it opens Reports and Print, never a name.')
      : null,
    input, error, wait,
    h('div', { class: 'actions' }, submit),
    h('p', { class: 'muted' }, `Data folder: ${state.data_dir}`));
  replace(root, h('main', { id: 'work', class: 'centered' }, form, aboutDisclosure()));
  if (state.retry_in_seconds) waitFor(state.retry_in_seconds);
  input.focus();
}

/** The problems only a backup mends: there, restoring is the way forward, not trying again. */
const MENDED_BY_A_BACKUP = ['damaged', 'not_peerdesk', 'key_file_missing', 'key_file_damaged'];

/** What the coordinator can do about each problem, in words. */
function nextStep(code) {
  if (MENDED_BY_A_BACKUP.includes(code)) {
    return 'Restore the data from a backup. The newest automatic backup is in the “backups” folder inside the data folder; a backup opens with the recovery passphrase that was in use when it was made (your current one, unless you changed it since). What is here now is moved aside, never deleted.';
  }
  switch (code) {
    case 'folder_in_use':
      return 'Another PeerDesk window or command has this data folder open. Close it, then try again.';
    case 'newer_schema':
      return 'Install the newer PeerDesk that wrote this data, then open it again.';
    default:
      return 'Try again; if it happens again, restore the data from a backup.';
  }
}

export function showProblem(root, error, retry, enter) {
  const canRestore = !['folder_in_use', 'newer_schema', 'no_backend'].includes(error.code) && enter;
  const restoreFirst = canRestore && MENDED_BY_A_BACKUP.includes(error.code);
  const again = h('button', { class: restoreFirst ? '' : 'primary', type: 'button', onclick: () => retry() }, 'Try again');
  const restoreArea = h('div', { id: 'problem-restore', hidden: true },
    canRestore ? restoreForm({ replace: true, onRestored: enter, idPrefix: 'problem-restore' }) : null);
  const openRestore = canRestore
    ? h('button', { type: 'button', id: 'problem-restore-open', class: restoreFirst ? 'primary' : '', onclick: () => {
      restoreArea.hidden = false;
      openRestore.hidden = true;
      restoreArea.querySelector('input')?.focus();
    } }, 'Restore from a backup…')
    : null;
  replace(root, h('main', { id: 'work', class: 'centered' }, h('section', { class: 'card narrow', role: 'alert' },
    h('h1', {}, 'PeerDesk cannot open its data'),
    h('p', { id: 'problem-message' }, error.message),
    h('p', { id: 'problem-next' }, nextStep(error.code)),
    h('p', { class: 'muted' }, 'Nothing was changed. PeerDesk never replaces an existing database with a new one.'),
    h('div', { class: 'actions' }, restoreFirst ? [openRestore, again] : [again, openRestore]),
    restoreArea), aboutDisclosure()));
  (restoreFirst ? openRestore : again).focus();
}
