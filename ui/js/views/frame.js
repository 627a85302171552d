// The app's frame: the sidebar (always with the lock button) and the work area. In reporting
// mode (the quality office's passphrase) the sidebar offers Reports and Print only, says so,
// and the router shows no other screen.
import { h, replace } from '../dom.js';
import * as router from '../router.js';
import { isReporting } from '../access.js';
import { restoreDraft } from '../components/drafts.js';
import { clearToastsOfLeftScreen } from '../components/toast.js';
import { mountDashboard } from './dashboard.js';
import { mountSupporters } from './supporters.js';
import { mountRequests } from './requests.js';
import { mountOutreach } from './outreach.js';
import { mountReports } from './reports.js';
import { mountPrint } from './print.js';
import { mountSettings } from './settings.js';
import { mountAbout } from './about.js';

const SECTIONS = [
  ['dashboard', 'Dashboard', mountDashboard],
  ['requests', 'Requests', mountRequests],
  ['supporters', 'Supporters', mountSupporters],
  ['outreach', 'Outreach', mountOutreach],
  ['reports', 'Reports', mountReports],
  ['print', 'Print', mountPrint],
  ['settings', 'Settings', mountSettings],
];

for (const [name, , mount] of SECTIONS) router.route(name, mount);
// About is no section of the work: a quiet link at the sidebar's foot, for everyone.
router.route('about', mountAbout);

/** The sections reporting staff may open: nothing there ever shows a name. */
const REPORTING_SECTIONS = ['reports', 'print'];
/** Every screen reporting staff may open: their sections and About. */
const REPORTING_SCREENS = [...REPORTING_SECTIONS, 'about'];

let keyHandler = null;

export function showApp(root, state, lock) {
  const reporting = isReporting();
  const sections = reporting ? SECTIONS.filter(([name]) => REPORTING_SECTIONS.includes(name)) : SECTIONS;
  const links = sections.map(([name, label], index) => h('a', {
    href: `#/${name}`, id: `nav-${name}`, class: 'nav-link',
    title: `${label} (Alt+${index + 1})${name === 'requests' ? ' · New request (Alt+R)' : ''}`,
  }, label));
  const lockButton = h('button', { id: 'lock', class: 'lock', type: 'button', title: 'Lock PeerDesk (Ctrl+L, ⌘L on a Mac)',
    onclick: () => lock() }, 'Lock');
  const aboutLink = h('a', { href: '#/about', id: 'nav-about', class: 'nav-about' }, 'About PeerDesk');
  const work = h('main', { id: 'work', tabindex: '-1' });
  replace(root, h('div', { class: 'frame' },
    h('nav', { class: 'sidebar', 'aria-label': 'Sections' },
      h('div', { class: 'brand' }, h('img', { src: 'img/logo.svg', alt: '', width: 28, height: 28 }), h('span', {}, 'PeerDesk')),
      reporting
        ? h('p', { class: 'access-badge', id: 'reporting-banner', role: 'note' },
          h('strong', {}, 'Reporting mode'), ' — de-identified data only, no names')
        : null,
      h('ul', {}, links.map((link) => h('li', {}, link))),
      h('div', { class: 'sidebar-foot' },
        h('div', { id: 'sidebar-toasts', class: 'sidebar-toasts', role: 'status', 'aria-live': 'polite' }),
        aboutLink,
        lockButton)),
    work));

  keyHandler = (event) => {
    if (event.altKey && /^[1-9]$/.test(event.key) && sections[Number(event.key) - 1]) {
      event.preventDefault();
      router.go(sections[Number(event.key) - 1][0]);
    } else if (!reporting && event.altKey && event.key.toLowerCase() === 'n') {
      event.preventDefault();
      router.go('supporters/new');
    } else if (!reporting && event.altKey && event.key.toLowerCase() === 'r') {
      event.preventDefault();
      router.go('requests/new');
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l') {
      event.preventDefault();
      lockButton.click();
    } else if (event.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) {
      const filter = work.querySelector('input.filter');
      if (filter) {
        event.preventDefault();
        filter.focus();
      }
    }
  };
  document.addEventListener('keydown', keyHandler);
  router.start(work, (name, { byCode }) => {
    clearToastsOfLeftScreen(byCode);
    for (const link of [...links, aboutLink]) {
      if (link.id === `nav-${name}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }, reporting ? { only: REPORTING_SCREENS, home: 'reports' } : {}).then(() => restoreDraft(work));
}

/** Leaves the app's screens (on lock): no view listens or redraws any more. */
export function closeApp() {
  if (keyHandler) document.removeEventListener('keydown', keyHandler);
  keyHandler = null;
  router.stop();
}
