// Settings → the store's safety: automatic backups (where, how many, how the last went, one
// now), restoring a backup over this computer's data, the idle lock, a new recovery
// passphrase and a new data key.
import { api } from '../api.js';
import { h, replace, localDate, ago } from '../dom.js';
import { toast } from '../components/toast.js';
import { restoreForm } from '../components/restore-form.js';
import { withProgress, wasCancelled } from '../components/progress.js';
import * as router from '../router.js';
import { setAccess } from '../access.js';
import { prefixedField, showPrefixedErrors, showPrefixedSaveError } from './outreach-form.js';

const PREFIX = 'safety-';

/** The cards, drawn from the store's backup status and program settings. */
export async function safetyCards() {
  const [status, program] = await Promise.all([api.backupStatus(), api.programSettings()]);
  return [backupsCard(status, program), lockCard(program), restoreCard()];
}

/** "Last backup 3 hours ago, verified" and, when the last automatic one failed, why. */
function lastBackupLine(status) {
  const last = status.last_at
    ? h('p', { id: 'backup-last' }, h('span', { 'aria-hidden': 'true' }, '✓ '),
      `Last backup ${ago(status.last_at)}, verified`, h('span', { class: 'muted' }, ` (${localDate(status.last_at)})`))
    : h('p', { id: 'backup-last' }, 'No backup yet: the first automatic one is made within a minute of unlocking.');
  const failure = status.failed_at
    ? h('p', { class: 'warning', id: 'backup-failure', role: 'alert' },
      h('strong', {}, '⚠ The automatic backup failed '), `${ago(status.failed_at)}: ${status.failure ?? ''}`,
      ' Check the folder below, then press “Back up now”.')
    : null;
  return [last, failure];
}

function backupsCard(status, program) {
  const lines = h('div', { id: 'backup-lines' }, lastBackupLine(status));
  const backupWork = h('div', { id: 'backup-progress' });
  const folder = h('input', { type: 'text', value: program.backup_folder, autocomplete: 'off', spellcheck: 'false',
    placeholder: status.folder });
  const chooseFolder = h('button', { type: 'button', id: 'safety-backup_folder-choose', onclick: async () => {
    const chosen = await api.pickFolder().catch(() => null);
    if (chosen) folder.value = chosen;
  } }, 'Choose…');
  const keep = h('input', { type: 'number', min: 1, max: 365, step: 1, inputmode: 'numeric', value: String(program.backup_keep) });
  const general = h('p', { class: 'form-error', id: 'safety-backup-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'safety-backup-save' }, 'Save backup settings');
  const now = h('button', { type: 'button', class: 'primary', id: 'backup-now', onclick: async () => {
    now.disabled = true;
    replace(now, 'Backing up…');
    replace(general);
    try {
      const summary = await withProgress(backupWork, 'Backing up', (job) => api.backupNow(job));
      toast(`Backup written and verified in ${summary.seconds.toFixed(1)} s.`);
      replace(lines, lastBackupLine(await api.backupStatus()));
    } catch (error) {
      if (wasCancelled(error)) replace(backupWork, h('p', { class: 'muted', role: 'status' }, error.message));
      else replace(general, error.message);
    } finally {
      now.disabled = false;
      replace(now, 'Back up now');
    }
  } }, 'Back up now');
  const folderField = prefixedField(PREFIX, 'backup_folder', 'Backup folder', folder,
    'Empty for the default, the “backups” folder inside the data folder. A folder on another disk or a network share keeps the backups if this disk fails.',
    { wide: true });
  folderField.insertBefore(h('div', { class: 'path-row' }, folder, chooseFolder), folderField.querySelector('.hint'));
  const form = h('form', { class: 'form-grid', id: 'safety-backup-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      await api.saveProgramSettings([['backup_folder', folder.value.trim()], ['backup_keep', keep.value]]);
      toast('Backup settings saved.');
      replace(lines, lastBackupLine(await api.backupStatus()));
    } catch (error) {
      showPrefixedSaveError(form, PREFIX, error, general);
    } finally {
      save.disabled = false;
    }
  } },
  folderField,
  prefixedField(PREFIX, 'backup_keep', 'Automatic backups kept', keep,
    'The newest this many are kept; older automatic backups in the folder are deleted. From 1 to 365.'),
  h('div', { class: 'actions wide' }, save, now),
  h('div', { class: 'wide' }, backupWork, general));
  return h('section', { class: 'card', id: 'settings-backups', 'aria-labelledby': 'settings-backups-title' },
    h('h2', { id: 'settings-backups-title' }, 'Backups'),
    h('p', { class: 'muted' }, 'Once a day while PeerDesk is in use, it writes an encrypted backup and checks it. A backup restores everything on any computer with the recovery passphrase alone.'),
    lines, form);
}

/** A password field with its label, for the passphrase forms. */
function secret(name, label, hint) {
  const input = h('input', { type: 'password', autocomplete: name === 'current' ? 'current-password' : 'new-password' });
  return { input, field: prefixedField(PREFIX, name, label, input, hint) };
}

function lockCard(program) {
  // The idle lock.
  const minutes = h('input', { type: 'number', min: 1, max: 60, step: 1, inputmode: 'numeric', value: String(program.auto_lock_minutes) });
  const lockError = h('p', { class: 'form-error', id: 'safety-lock-error', role: 'alert' });
  const lockForm = h('form', { class: 'form-grid', id: 'safety-lock-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api.saveProgramSettings([['auto_lock_minutes', minutes.value]]);
      toast(`PeerDesk now locks itself after ${minutes.value} ${minutes.value === '1' ? 'minute' : 'minutes'} without use.`);
      showPrefixedErrors(lockForm, PREFIX, [], lockError);
    } catch (error) {
      showPrefixedSaveError(lockForm, PREFIX, error, lockError);
    }
  } },
  prefixedField(PREFIX, 'auto_lock_minutes', 'Lock after this many minutes without use', minutes,
    'From 1 to 60. The Lock button (Ctrl+L, ⌘L on a Mac) locks at once. A form being typed is kept until the passphrase is typed again.'),
  h('div', { class: 'actions wide' }, h('button', { type: 'submit', id: 'safety-lock-save' }, 'Save')),
  h('div', { class: 'wide' }, lockError));

  // A new recovery passphrase.
  const current = secret('current', 'Current recovery passphrase');
  const next = secret('new', 'New recovery passphrase', 'At least 12 characters and hard to guess: four or five unrelated words work well.');
  const again = secret('confirmation', 'New passphrase again');
  const passError = h('p', { class: 'form-error', id: 'safety-passphrase-error', role: 'alert' });
  const change = h('button', { type: 'submit', id: 'safety-passphrase-save' }, 'Change the passphrase');
  const passForm = h('form', { class: 'form-grid', id: 'safety-passphrase-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    change.disabled = true;
    replace(passError);
    try {
      await api.changePassphrase(current.input.value, next.input.value, again.input.value);
      for (const field of [current, next, again]) field.input.value = '';
      toast('The recovery passphrase was changed. The old one no longer opens PeerDesk.');
    } catch (error) {
      replace(passError, error.message);
    } finally {
      change.disabled = false;
    }
  } },
  current.field, next.field, again.field,
  h('p', { class: 'hint wide' }, 'Backups made before the change still open with the passphrase of their day.'),
  h('div', { class: 'actions wide' }, change),
  h('div', { class: 'wide' }, passError));

  // A new data key.
  const rotation = secret('rotate', 'Recovery passphrase');
  const rotateError = h('p', { class: 'form-error', id: 'safety-rotate-error', role: 'alert' });
  const rotateWork = h('div', { id: 'rotate-progress' });
  const rotate = h('button', { type: 'submit', id: 'safety-rotate-save' }, 'Rotate the data key');
  const rotateForm = h('form', { class: 'form-grid', id: 'safety-rotate-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    rotate.disabled = true;
    replace(rotate, 'Re-encrypting…');
    replace(rotateError);
    try {
      const done = await withProgress(rotateWork, 'Rotating the data key', (job) => api.rotateKey(rotation.input.value, job));
      rotation.input.value = '';
      toast(`The data key was rotated (${done.seconds.toFixed(1)} s).`);
      if (done.keychain_problem) replace(rotateError, `The credential store could not take the new key (${done.keychain_problem}); PeerDesk will ask for the passphrase next time.`);
    } catch (error) {
      if (wasCancelled(error)) replace(rotateWork, h('p', { class: 'muted', role: 'status' }, error.message));
      else replace(rotateError, error.message);
    } finally {
      rotate.disabled = false;
      replace(rotate, 'Rotate the data key');
    }
  } },
  rotation.field,
  h('p', { class: 'hint wide' }, 'Every page of the database is encrypted again under a new key; if the computer stops halfway, the next unlock finishes or undoes it. Your passphrase does not change.'),
  h('div', { class: 'actions wide' }, rotate),
  h('div', { class: 'wide' }, rotateWork, rotateError));

  return h('section', { class: 'card', id: 'settings-lock', 'aria-labelledby': 'settings-lock-title' },
    h('h2', { id: 'settings-lock-title' }, 'Lock and keys'),
    h('h3', {}, 'Locking'), lockForm,
    h('h3', {}, 'Recovery passphrase'), passForm,
    h('h3', {}, 'Data key'), rotateForm);
}

function restoreCard() {
  return h('section', { class: 'card', id: 'settings-restore', 'aria-labelledby': 'settings-restore-title' },
    h('h2', { id: 'settings-restore-title' }, 'Restore from a backup'),
    h('p', { class: 'muted' }, 'Replaces the data on this computer with a backup. The data here now is first moved aside into a folder next to the data folder, never deleted.'),
    restoreForm({ replace: true, idPrefix: 'settings-restore', onRestored: (screen) => {
      // The restored store opened as its Screen says (with the recovery passphrase: coordinator).
      setAccess(screen?.access);
      toast('The backup was restored; the data that was here is kept aside.');
      router.go('dashboard');
    } }));
}
