// The preview card: the chosen document drawn page by page from the very layout the core
// turns into the PDF (components/page-preview.js draws it), redrawn as the choices change;
// only the latest request is shown. A zoom bar shows the pages as wide as the preview
// ("Fit width") or at a share of their printed size (100% is the paper's own size on a
// 96-dpi screen); the keys + and − and 0 do the same while the pages have focus.
import { api } from '../../api.js';
import { h, replace } from '../../dom.js';
import { pagePreviews, pageFontsReady } from '../../components/page-preview.js';
import { pagesText } from './common.js';

/** How long typing pauses before the preview is drawn again. */
const DEBOUNCE_MS = 300;
/** CSS pixels per millimetre: 96 per inch. */
const PX_PER_MM = 96 / 25.4;
/** The zoom steps of − and +, as shares of the printed size. */
const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/**
 * The preview of `items[kind()]` (the printed items by document kind: print.js). `request()`
 * is what the core is asked for; `paperName()` names the paper in the status line; `alive()`
 * is false once the screen was left. An item may have `prepare()` (a promise to wait for
 * before asking, or null), `failed(error)` (the core refused it) and `unmark()` (called on
 * every item as each new preview starts).
 */
export function previewCard({ items, kind, request, paperName, alive }) {
  let sequence = 0;
  let timer = null;

  // The fonts the pages are drawn in start loading now, while the core lays the pages out.
  pageFontsReady();

  const status = h('p', { class: 'print-status muted', id: 'print-status', role: 'status' });
  // Why the document runs to several pages, when the core says (a sign too big for one).
  const note = h('p', { class: 'print-note-line', id: 'print-layout-note', role: 'note', hidden: true });
  const previewArea = h('div', { class: 'print-preview zoom-fit', id: 'print-preview', 'aria-busy': 'true',
    'aria-describedby': `${status.id} ${note.id}`, tabindex: '0', 'aria-label': 'Pages (scroll; + and − zoom)' });

  // ---- Zoom ---------------------------------------------------------------------------------
  /** 'fit', or a share of the printed size. */
  let zoom = 'fit';
  const zoomLevel = h('span', { class: 'zoom-level', id: 'print-zoom-level', 'aria-live': 'polite' });
  const zoomButton = (id, label, text, onclick, title = label) =>
    h('button', { type: 'button', class: 'zoom-button', id, 'aria-label': label, title, onclick }, text);
  const fitButton = zoomButton('print-zoom-fit', 'Fit width: the pages as wide as the preview', 'Fit width', () => setZoom('fit'));
  const actualButton = zoomButton('print-zoom-100', '100%: the printed size', '100%', () => setZoom(1));
  const outButton = zoomButton('print-zoom-out', 'Zoom out', '−', () => step(-1));
  const inButton = zoomButton('print-zoom-in', 'Zoom in', '+', () => step(1));
  const zoomBar = h('div', { class: 'zoom-bar', id: 'print-zoom', role: 'toolbar', 'aria-label': 'Zoom', 'aria-controls': previewArea.id },
    fitButton, actualButton, outButton, zoomLevel, inButton);

  /** The share of printed size the pages are shown at now (fit: as the area's width allows). */
  function currentShare() {
    if (zoom !== 'fit') return zoom;
    const page = previewArea.querySelector('svg.page-preview');
    const widthMm = Number(page?.dataset.widthMm) || 0;
    return widthMm > 0 ? page.getBoundingClientRect().width / (widthMm * PX_PER_MM) : 1;
  }

  function step(direction) {
    const share = currentShare();
    const next = direction > 0
      ? ZOOM_STEPS.find((s) => s > share + 0.01) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]
      : [...ZOOM_STEPS].reverse().find((s) => s < share - 0.01) ?? ZOOM_STEPS[0];
    setZoom(next);
  }

  function setZoom(next) {
    zoom = next;
    applyZoom();
  }

  /** Sizes the pages drawn now to the zoom, and says it. */
  function applyZoom() {
    const fit = zoom === 'fit';
    previewArea.classList.toggle('zoom-fit', fit);
    previewArea.classList.toggle('zoom-fixed', !fit);
    for (const page of previewArea.querySelectorAll('svg.page-preview')) {
      // CSSOM, not a style attribute (the content-security policy refuses those).
      page.style.width = fit ? '' : `${Math.round(Number(page.dataset.widthMm) * PX_PER_MM * zoom)}px`;
    }
    fitButton.setAttribute('aria-pressed', String(fit));
    actualButton.setAttribute('aria-pressed', String(zoom === 1));
    outButton.disabled = !fit && zoom <= ZOOM_STEPS[0];
    inButton.disabled = !fit && zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1];
    replace(zoomLevel, fit ? 'Fit width' : `${Math.round(zoom * 100)}%`);
  }

  previewArea.addEventListener('keydown', (event) => {
    if (event.target !== previewArea || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = { '+': () => step(1), '=': () => step(1), '-': () => step(-1), '0': () => setZoom(1), f: () => setZoom('fit') };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
  applyZoom();

  const card = h('section', { class: 'card print-preview-card', id: 'print-preview-card', 'aria-labelledby': 'print-preview-title' },
    h('div', { class: 'print-preview-head' }, h('h2', { id: 'print-preview-title' }, 'Preview'), status, zoomBar),
    note,
    previewArea,
    h('p', { class: 'hint print-preview-foot' },
      'Drawn from the same layout as the PDF, page by page; what is saved is the PDF.'));

  function busy(text) {
    previewArea.setAttribute('aria-busy', 'true');
    card.classList.add('is-busy');
    replace(status, text);
  }

  function idle(text) {
    previewArea.setAttribute('aria-busy', 'false');
    card.classList.remove('is-busy');
    replace(status, text);
  }

  /** Draws the preview again after a pause in typing. */
  function schedule() {
    clearTimeout(timer);
    busy('Updating the preview…');
    timer = setTimeout(() => { refresh(); }, DEBOUNCE_MS);
  }

  /**
   * Asks the core for the document's layout and draws it. `clear` empties the preview at
   * once (another document, another partner); otherwise the pages stay, dimmed, until the
   * new ones arrive. Only the latest request is shown.
   */
  async function refresh({ clear = false } = {}) {
    clearTimeout(timer);
    timer = null;
    const mine = ++sequence;
    const shown = kind();
    const item = items[shown];
    if (clear || !previewArea.querySelector('svg.page-preview')) {
      delete previewArea.dataset.pages;
      replace(previewArea, h('p', { class: 'muted print-loading', id: 'print-loading' }, 'Drawing the preview…'));
    }
    busy('Drawing the preview…');
    for (const each of Object.values(items)) each.unmark?.();
    const waiting = item.prepare?.();
    if (waiting) {
      await waiting;
      if (!alive() || mine !== sequence) return;
    }
    let preview;
    try {
      preview = await api.printPreview(request());
    } catch (error) {
      if (!alive() || mine !== sequence) return;
      delete previewArea.dataset.pages;
      replace(previewArea, h('div', { class: 'print-error', id: 'print-error', role: 'alert' },
        h('strong', {}, 'Nothing to preview: '), error.message));
      showNote(null);
      item.failed?.(error);
      idle('No preview');
      return;
    }
    if (!alive() || mine !== sequence) return;
    const pages = preview.pages?.length ?? 0;
    previewArea.dataset.pages = String(pages);
    previewArea.dataset.document = shown;
    replace(previewArea, pagePreviews(preview, { idPrefix: 'print-page' }));
    applyZoom();
    showNote(preview.note);
    const finish = preview.finish === 'print_shop' ? ' · for a print shop (3 mm bleed, crop marks)' : '';
    idle(`${preview.title} · ${paperName()}${finish} · ${pagesText(pages)}${preview.note ? ' (see the note)' : ''}`);
  }

  function showNote(text) {
    note.hidden = !text;
    replace(note, text ? [h('span', { 'aria-hidden': 'true' }, 'ⓘ '), text] : []);
  }

  /** Stops a preview that is waiting for typing to pause (the screen is left). */
  function stop() {
    clearTimeout(timer);
  }

  return { card, refresh, schedule, stop };
}
