// A hash router: #/dashboard, #/supporters, … Each view is mount(root, params) -> cleanup.
const routes = new Map();
let cleanup = null;
let mounted = null;

export function route(name, view) {
  routes.set(name, view);
}

export function currentRoute() {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  return routes.has(name) ? name : 'dashboard';
}

export function go(name) {
  if (location.hash === `#/${name}`) render();
  else location.hash = `#/${name}`;
}

export function start(root, onChange) {
  mounted = { root, onChange };
  window.addEventListener('hashchange', render);
  render();
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
  mounted.onChange(name);
  mounted.root.replaceChildren();
  const result = await routes.get(name)(mounted.root);
  cleanup = typeof result === 'function' ? result : null;
}
