// The preview card: the chosen document drawn page by page from the very layout the core
// turns into the PDF (components/page-preview.js draws it), redrawn as the choices change;
// only the latest request is shown.
import { api } from '../../api.js';
import { h, replace } from '../../dom.js';
import { pagePreviews } from '../../components/page-preview.js';
import { pagesText } from './common.js';

/** How long typing pauses before the preview is drawn again. */
const DEBOUNCE_MS = 300;

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

  const status = h('p', { class: 'print-status muted', id: 'print-status', role: 'status' });
  const previewArea = h('div', { class: 'print-preview', id: 'print-preview', 'aria-busy': 'true', 'aria-describedby': status.id });
  const card = h('section', { class: 'card print-preview-card', id: 'print-preview-card', 'aria-labelledby': 'print-preview-title' },
    h('div', { class: 'print-preview-head' }, h('h2', { id: 'print-preview-title' }, 'Preview'), status),
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
      item.failed?.(error);
      idle('No preview');
      return;
    }
    if (!alive() || mine !== sequence) return;
    const pages = preview.pages?.length ?? 0;
    previewArea.dataset.pages = String(pages);
    previewArea.dataset.document = shown;
    replace(previewArea, pagePreviews(preview, { idPrefix: 'print-page' }));
    idle(`${preview.title} · ${paperName()} · ${pagesText(pages)}`);
  }

  /** Stops a preview that is waiting for typing to pause (the screen is left). */
  function stop() {
    clearTimeout(timer);
  }

  return { card, refresh, schedule, stop };
}
