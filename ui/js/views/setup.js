// First run: choose the recovery passphrase (with strength feedback), then offer demo data;
// or restore a backup made on another computer.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { restoreForm } from '../components/restore-form.js';
import { strengthMeter } from '../components/strength.js';
import { withProgress } from '../components/progress.js';
import { aboutDisclosure } from './about.js';

export function showSetup(root, state, enter) {
  const strength = strengthMeter();
  const passphrase = h('input', { id: 'setup-passphrase', type: 'password', autocomplete: 'new-password', required: true,
    'aria-describedby': strength.describedBy, minlength: 12 });
  const confirmation = h('input', { id: 'setup-confirmation', type: 'password', autocomplete: 'new-password', required: true });
  const error = h('p', { id: 'setup-error', class: 'form-error', role: 'alert' });
  // Read out as it changes: a disabled button cannot take the focus to be asked.
  const why = h('p', { id: 'setup-why', class: 'hint', 'aria-live': 'polite' });
  const submit = h('button', { id: 'setup-submit', class: 'primary', type: 'submit', disabled: true, 'aria-describedby': 'setup-why' },
    'Create the encrypted store');
  const show = h('input', { id: 'setup-show', type: 'checkbox', onchange: () => {
    const type = show.checked ? 'text' : 'password';
    passphrase.type = type;
    confirmation.type = type;
  } });

  async function assess() {
    if (await strength.assess(passphrase.value)) update();
  }

  function update() {
    const same = passphrase.value === confirmation.value;
    submit.disabled = !(strength.acceptable() && same && confirmation.value.length > 0);
    // A button that cannot be pressed says what it waits for.
    // (Two different passphrases: the error line above says so already.)
    replace(why, !strength.acceptable() ? 'To continue, choose a passphrase the meter above accepts.'
      : !confirmation.value ? 'To continue, type the passphrase again.' : '');
    replace(error, confirmation.value && !same ? 'The two passphrases differ yet.' : '');
  }

  passphrase.addEventListener('input', assess);
  confirmation.addEventListener('input', update);

  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    replace(submit, 'Creating… (this takes a few seconds)');
    try {
      const next = await api.setupStore(passphrase.value, confirmation.value);
      passphrase.value = '';
      confirmation.value = '';
      showDemoOffer(root, next, enter);
    } catch (failure) {
      replace(error, failure.message);
      replace(submit, 'Create the encrypted store');
      update();
    }
  } },
    h('h1', {}, 'Welcome to PeerDesk'),
    h('p', {}, 'PeerDesk keeps everything in one encrypted database on this computer. Its key is kept in the operating system’s credential store, and a recovery passphrase that you choose now can always unlock it — for example on a new computer.'),
    h('p', { class: 'muted' }, `Data folder: ${state.data_dir}`),
    h('p', {}, 'Moving from another computer? ', h('button', { type: 'button', class: 'link', id: 'setup-restore-jump',
      onclick: () => openRestore.click() }, 'Restore a backup instead.')),
    h('label', { for: 'setup-passphrase' }, 'Recovery passphrase'),
    passphrase,
    strength.elements,
    h('label', { for: 'setup-confirmation' }, 'Type it again'),
    confirmation,
    h('label', { class: 'inline', for: 'setup-show' }, show, ' Show the passphrases'),
    h('p', { class: 'callout' }, 'Write the passphrase down and keep it somewhere safe, away from this computer. Without it, and without this computer’s credential store, nobody — not even us — can open the data.'),
    error,
    h('div', { class: 'actions' }, submit),
    why);
  const restoreArea = h('div', { id: 'setup-restore', hidden: true },
    restoreForm({ replace: false, onRestored: enter, idPrefix: 'setup-restore' }));
  const openRestore = h('button', { type: 'button', id: 'setup-restore-open', onclick: () => {
    restoreArea.hidden = false;
    openRestore.hidden = true;
    restoreArea.scrollIntoView({ block: 'center' });
    restoreArea.querySelector('input')?.focus();
  } }, 'Restore from a backup…');
  const moving = h('section', { class: 'card narrow', 'aria-labelledby': 'setup-restore-title' },
    h('h2', { id: 'setup-restore-title' }, 'Moving from another computer?'),
    h('p', {}, 'Restore a PeerDesk backup instead of starting empty: everything in it comes back, with its recovery passphrase.'),
    h('div', { class: 'actions' }, openRestore),
    restoreArea);
  replace(root, h('main', { id: 'work', class: 'centered' }, form, moving, aboutDisclosure()));
  update();
  passphrase.focus();
}

function showDemoOffer(root, next, enter) {
  const status = h('p', { id: 'demo-status', class: 'muted', role: 'status' });
  // A real coordinator starts with their own program: that is the primary choice. Demo data
  // is for looking around (a trainer, an evaluation) and says so.
  const load = h('button', { id: 'demo-load', type: 'button', onclick: async () => {
    load.disabled = true;
    skip.disabled = true;
    try {
      const summary = await withProgress(status, 'Creating demo data', (job) => api.loadDemo('small', job),
        'Creating demo data…');
      replace(status, `Added ${summary.supporters} supporters, ${summary.requests} requests and ${summary.outreaches} outreaches.`);
      enter(next);
    } catch (failure) {
      replace(status, failure.message);
      load.disabled = false;
      skip.disabled = false;
    }
  } }, 'Explore with demo data');
  const skip = h('button', { id: 'demo-skip', class: 'primary', type: 'button', onclick: () => enter(next) }, 'Start with my program');
  replace(root, h('main', { id: 'work', class: 'centered' }, h('section', { class: 'card narrow' },
    h('h1', {}, 'Your store is ready'),
    h('p', {}, 'Start with your own program: add your supporters and take in your first request. The store is empty and waits for them.'),
    h('p', { class: 'muted' }, 'Only looking around, or training someone? Demo data is made up: about 40 supporters, 300 requests and 500 outreaches with generated names — no real people. It goes only into an empty store; to start for real afterwards, set up a new data folder.'),
    status,
    h('div', { class: 'actions' }, skip, load))));
  skip.focus();
}
