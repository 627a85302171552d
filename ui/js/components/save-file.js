// Saving one file where the coordinator says: a typed path, or one chosen with the native
// dialog, then a single write. The Reports export, the Print PDF and the audit CSV share it,
// so that all three ask the same way before replacing a file and behave alike while writing.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { replaceAgreement } from './form.js';
import { withProgress, wasCancelled } from './progress.js';

/**
 * The path field and its "Choose…" button of a save form: `prefix` gives their ids
 * (`<prefix>-path`, `<prefix>-choose`), `errorId` the line that describes the path. The
 * field says what to do in it, not a made-up path that looks like a real one.
 */
export function pathControls(prefix, errorId) {
  const path = h('input', { type: 'text', id: `${prefix}-path`, name: 'path', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Press “Choose…” to pick where to save', 'aria-describedby': errorId });
  const choose = h('button', { type: 'button', id: `${prefix}-choose` }, 'Choose…');
  return { path, choose };
}

/**
 * Wires a save form the screen built (its ids and texts stay the screen's): `path` the typed
 * path, `choose` its "Choose…" button, `run` the form's submit button, `problem` the error
 * line, `result` where the progress and then the outcome show. The screen's form calls
 * `save()` on submit.
 *
 * - `suggested()`: the file name the dialog proposes; `extension`: the dialog's filter, or a
 *   function giving it when a format is chosen on the screen.
 * - `writing`: what `result` says while the file is written.
 * - `write(target, replaceExisting, job)`: writes the file; resolves to the core's answer.
 * - `progress`: for long work (an export, a PDF), the work's name: `result` shows its
 *   progress bar and Cancel button (`components/progress.js`), and `write` gets the `job`.
 * - `written(target, answer)`: `{ callout }`, what `result` then shows (the one confirmation:
 *   no toast repeats it).
 * - `askToReplace(target)`: the question when the file is already there; without it, the
 *   core's own message is shown. Either way the next press replaces the file.
 * - `onChosen(target, name)`: the dialog returned `target` when proposing `name`.
 * - `alive()`: false once the screen was left; nothing more is shown then.
 * - `keepFocus`: `run` is marked aria-disabled rather than disabled while writing, so that
 *   the pressed button keeps the focus.
 * - `markPath`: a failed write marks the path aria-invalid.
 */
export function saveFileFlow({ path, choose, run, problem, result, suggested, extension, writing, write, written,
  askToReplace = null, onChosen = null, alive = () => true, keepFocus = false, markPath = true, progress = null }) {
  const replacing = replaceAgreement(path);
  let busy = false;

  /** The dialog's path (also put in the field), or null when cancelled or failed. */
  async function chooser() {
    replace(problem);
    try {
      const name = suggested();
      const chosen = await api.pickSavePath(name, typeof extension === 'function' ? extension() : extension);
      if (chosen) {
        path.value = chosen;
        path.removeAttribute('aria-invalid');
        onChosen?.(chosen, name);
        replacing.chosenInDialog(chosen);
      }
      return chosen || null;
    } catch (error) {
      replace(problem, error.message);
      return null;
    }
  }

  function setBusy(on) {
    busy = on;
    if (!keepFocus) run.disabled = on;
    else if (on) run.setAttribute('aria-disabled', 'true');
    else run.removeAttribute('aria-disabled');
    choose.disabled = on;
  }

  async function save() {
    // An aria-disabled button still submits: one write at a time.
    if (busy) return;
    replace(problem);
    path.removeAttribute('aria-invalid');
    let target = path.value.trim();
    if (!target) {
      target = await chooser();
      if (!target || !alive()) return;
    }
    setBusy(true);
    const allowed = replacing.allows(target);
    if (!progress) replace(result, h('p', { class: 'muted', role: 'status' }, writing));
    try {
      const answer = progress
        ? await withProgress(result, progress, (job) => write(target, allowed, job), writing)
        : await write(target, allowed);
      if (!alive()) return;
      const shown = written(target, answer);
      replace(result, shown.callout);
      replacing.written();
    } catch (error) {
      if (!alive()) return;
      if (wasCancelled(error)) {
        // Not a problem with the path: nothing was written, and the same press may come again.
        replace(result, h('p', { class: 'muted', role: 'status' }, error.message));
        return;
      }
      replace(result);
      replace(problem, askToReplace && error.code === 'exists' ? askToReplace(target) : error.message);
      if (markPath) path.setAttribute('aria-invalid', 'true');
      replacing.refused(error, target);
    } finally {
      setBusy(false);
    }
  }

  choose.addEventListener('click', () => { chooser(); });
  return { save };
}
