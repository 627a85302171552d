// About PeerDesk: the version, the SQLCipher it is built with, where the data lives and the
// license. A screen of the app (#/about, from the sidebar), and a disclosure on the setup and
// unlock screens: none of it needs the store, so it can be read before the passphrase.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { pageHeader, loading, errorPanel } from './common.js';

/** The facts, as a list of terms; `idPrefix` keeps ids unique where two could show. */
function aboutFacts(about, idPrefix) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Version'), h('dd', { id: `${idPrefix}-version` }, about.version),
    h('dt', {}, 'SQLCipher'), h('dd', { id: `${idPrefix}-sqlcipher` }, about.sqlcipher_version),
    h('dt', {}, 'Data folder'), h('dd', { id: `${idPrefix}-data-dir` }, about.data_dir),
    h('dt', {}, 'License'), h('dd', { id: `${idPrefix}-license` }, about.license));
}

const PURPOSE = 'A private, offline workbench for the coordinators of peer-support programs for health-care workers. '
  + 'Everything lives in one encrypted database on this computer; nothing is sent anywhere.';

export async function mountAbout(root) {
  replace(root, pageHeader('About PeerDesk'), loading('the version'));
  let about;
  try {
    about = await api.about();
  } catch (error) {
    replace(root, pageHeader('About PeerDesk'), errorPanel(error));
    return undefined;
  }
  replace(root, pageHeader('About PeerDesk'),
    h('section', { class: 'card about', id: 'about' },
      h('p', {}, PURPOSE),
      aboutFacts(about, 'about'),
      h('p', { class: 'muted' }, 'Backups, keys and the reporting passphrase: Settings. The data folder holds the encrypted database and its key file; a backup copies both in one file.')));
  return undefined;
}

/** For the screens before unlock: a button that shows the same facts below it. */
export function aboutDisclosure() {
  const details = h('div', { id: 'about-details', hidden: true });
  const toggle = h('button', { type: 'button', class: 'link', id: 'about-open', 'aria-expanded': 'false',
    'aria-controls': 'about-details', onclick: async () => {
      const opening = details.hidden;
      details.hidden = !opening;
      toggle.setAttribute('aria-expanded', String(opening));
      if (!opening || details.childElementCount) return;
      try {
        replace(details, aboutFacts(await api.about(), 'about'));
      } catch (error) {
        replace(details, h('p', { class: 'form-error' }, error.message));
      }
    } }, 'About PeerDesk');
  return h('section', { class: 'about-disclosure', 'aria-label': 'About PeerDesk' }, toggle, details);
}
