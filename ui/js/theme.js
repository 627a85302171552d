// Light or dark: the coordinator's choice, or the system's when they chose "system".
// The root element always carries the resolved theme, so the stylesheet defines the dark
// palette once, under :root[data-theme="dark"].

const KEY = 'peerdesk.theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

/** 'light', 'dark' or 'system'. */
export function themeChoice() {
  const stored = localStorage.getItem(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function resolve() {
  const choice = themeChoice();
  document.documentElement.dataset.theme = choice === 'system' ? (systemDark.matches ? 'dark' : 'light') : choice;
}

export function chooseTheme(choice) {
  if (choice === 'light' || choice === 'dark') localStorage.setItem(KEY, choice);
  else localStorage.removeItem(KEY);
  resolve();
}

/** Applies the theme now and follows the system's changes while the choice is "system". */
export function startTheme() {
  resolve();
  systemDark.addEventListener('change', resolve);
}
