// Restoring a backup: the file, its recovery passphrase, and — when data is already here —
// the coordinator's explicit consent to set that data aside. Used by first-run setup, the
// problem screen and Settings.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { filePicker } from './form.js';
import { withProgress, wasCancelled } from './progress.js';

/**
 * `replace`: data is here and will be moved aside (asks for consent first).
 * `onRestored(screen)`: called with the app's screen once the restored store is open.
 */
export function restoreForm({ replace: replacing, onRestored, idPrefix = 'restore' }) {
  const file = filePicker(`${idPrefix}-file`, 'Backup file', 'backup', api.pickFile,
    'A .peerdesk-backup file: an automatic backup from the backups folder, or one you saved.');
  const passphrase = h('input', { type: 'password', id: `${idPrefix}-passphrase`, autocomplete: 'off', required: true });
  const error = h('p', { class: 'form-error', id: `${idPrefix}-error`, role: 'alert' });
  const working = h('div', { id: `${idPrefix}-progress` });
  const consent = replacing
    ? h('input', { type: 'checkbox', id: `${idPrefix}-consent`, onchange: () => replace(error) })
    : null;
  const submit = h('button', { type: 'submit', class: replacing ? 'danger' : 'primary', id: `${idPrefix}-submit` },
    replacing ? 'Replace with the backup' : 'Restore');
  const form = h('form', { class: 'restore-form', id: `${idPrefix}-form`, onsubmit: async (event) => {
    event.preventDefault();
    replace(error);
    if (!file.input.value.trim()) {
      replace(error, 'Choose the backup file first.');
      file.input.focus();
      return;
    }
    if (consent && !consent.checked) {
      replace(error, 'Tick the box to agree that the data on this computer is set aside.');
      consent.focus();
      return;
    }
    submit.disabled = true;
    replace(submit, 'Checking and restoring…');
    try {
      const screen = await withProgress(working, 'Restoring the backup',
        (job) => api.restoreBackup(file.input.value.trim(), passphrase.value, Boolean(replacing), job));
      passphrase.value = '';
      onRestored(screen);
    } catch (failure) {
      if (wasCancelled(failure)) replace(working, h('p', { class: 'muted', role: 'status' }, failure.message));
      else replace(error, failure.message);
      submit.disabled = false;
      replace(submit, replacing ? 'Replace with the backup' : 'Restore');
      if (failure.code === 'wrong_passphrase') passphrase.select();
    }
  } },
  file.element,
  h('div', { class: 'field' },
    h('label', { for: passphrase.id }, 'Recovery passphrase of the backup'),
    passphrase,
    h('p', { class: 'hint' }, 'The passphrase that was in use when the backup was made.')),
  consent
    ? h('label', { class: 'inline', for: consent.id }, consent,
      ' Replace the data on this computer with the backup. It is moved aside into a folder named “… before-restore …”, not deleted.')
    : null,
  error,
  h('div', { class: 'actions' }, submit),
  working);
  return form;
}
