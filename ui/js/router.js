// A hash router: #/dashboard, #/supporters/12/edit, … The first segment picks the view; the
// rest are its params. Each view is mount(root, params) -> cleanup.
const routes = new Map();
let cleanup = null;
let mounted = null;
/** Whether the next screen change comes from code (`go`) rather than a link or the address. */
let byCode = false;

export function route(name, view) {
  routes.set(name, view);
}

function segments() {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function currentRoute() {
  const name = segments()[0];
  const allowed = routes.has(name) && (!mounted?.only || mounted.only.includes(name));
  return allowed ? name : mounted?.home ?? 'dashboard';
}

/** Shows `path` ("supporters/12"); shows it again when it is already showing. */
export function go(path) {
  byCode = true;
  if (location.hash === `#/${path}`) render();
  else location.hash = `#/${path}`;
}

/** Starts routing into `root`; resolves once the first screen is drawn. `only` (reporting
 * mode) lists the screens that may be shown; any other address goes to `home`.
 * `onChange(name, { byCode })` hears of each change, and whether code asked for it. */
export function start(root, onChange, { only = null, home = 'dashboard' } = {}) {
  mounted = { root, onChange, only, home };
  window.addEventListener('hashchange', render);
  return render();
}

export function stop() {
  window.removeEventListener('hashchange', render);
  if (cleanup) cleanup();
  cleanup = null;
  mounted = null;
}

async function render() {
  if (!mounted) return;
  if (cleanup) cleanup();
  cleanup = null;
  const name = currentRoute();
  // A screen this window may not show (reporting mode): the address becomes the home
  // screen's too, so that it always says what is shown.
  if (mounted.only && name !== segments()[0]) history.replaceState(null, '', `#/${name}`);
  const asked = byCode;
  byCode = false;
  mounted.onChange(name, { byCode: asked });
  mounted.root.replaceChildren();
  const params = currentRoute() === segments()[0] ? segments().slice(1) : [];
  const result = await routes.get(name)(mounted.root, params);
  cleanup = typeof result === 'function' ? result : null;
}
