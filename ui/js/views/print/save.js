// The "Save as PDF" card: where to save the chosen document (typed, or picked with the
// native dialog through components/save-file.js), a file name that follows the choices, and
// what was written.
import { api } from '../../api.js';
import { h, replace } from '../../dom.js';
import { pathControls, saveFileFlow } from '../../components/save-file.js';
import { pagesText } from './common.js';

/**
 * The save card for `request()`, the document the preview shows; `suggested()` is the file
 * name the choices suggest and `alive()` is false once the screen was left. `syncPath()`
 * follows a change of choices; `documentChanged()` another document.
 */
export function saveCard({ request, suggested, alive }) {
  const { path, choose } = pathControls('print', 'print-save-error');
  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'print-save' }, 'Save PDF');
  const saveError = h('p', { class: 'form-error', id: 'print-save-error', role: 'alert' });
  const resultArea = h('div', { id: 'print-result-area', 'aria-live': 'polite' });
  const card = h('section', { class: 'card print-save-card', id: 'print-save-card', 'aria-labelledby': 'print-save-title' },
    h('h2', { id: 'print-save-title' }, 'Save as PDF'),
    h('form', { class: 'print-save-form', id: 'print-save-form', 'aria-label': 'Save the PDF', novalidate: true,
      onsubmit: (event) => { event.preventDefault(); saving.save(); } },
    h('div', { class: 'filter-field print-path-field' }, h('label', { for: path.id }, 'Save to'),
      h('div', { class: 'path-row' }, path, choose)),
    h('div', { class: 'print-save-run' }, saveButton)),
    saveError, resultArea);

  /** The suggested file name when the current path follows the suggestions, else null. */
  let autoName = null;

  /** Keeps a suggested file name in step with the choices; forgets a path made for another document. */
  function syncPath({ documentChanged = false } = {}) {
    const value = path.value.trim();
    const base = value.split(/[\\/]/).pop();
    if (value && autoName && base === autoName) {
      const next = suggested();
      path.value = value.slice(0, value.length - base.length) + next;
      autoName = next;
    } else if (documentChanged && value) {
      path.value = '';
      autoName = null;
    }
  }

  const saving = saveFileFlow({
    path, choose, run: saveButton, problem: saveError, result: resultArea,
    suggested,
    extension: 'pdf',
    writing: 'Writing the PDF…',
    progress: 'Saving the PDF',
    write: (target, replaceExisting, job) => api.savePrint(request(), target, replaceExisting, job),
    written: (target, pages) => ({
      callout: h('p', { class: 'callout print-result', id: 'print-result' },
        'Saved ', h('code', { class: 'path' }, target), ` (${pagesText(pages)})`),
    }),
    // A name the dialog kept as suggested goes on following the choices (syncPath).
    onChosen: (chosen, name) => { autoName = String(chosen).split(/[\\/]/).pop() === name ? name : null; },
    alive,
    keepFocus: true,
    // The core also refuses the document itself (dates, partner), so the path is not blamed.
    markPath: false,
  });

  return {
    card,
    syncPath: () => syncPath(),
    /** Another document: a path made for the last one goes, and so does what was written. */
    documentChanged() {
      syncPath({ documentChanged: true });
      replace(resultArea);
      replace(saveError);
    },
  };
}
