// The flyer's wording, kept per partner organization: the headline and body fields with their
// counters, loading a partner's stored wording into them, and saving or undoing it. The
// preview and the PDF use what the fields hold, saved or not.
import { api } from '../../api.js';
import { h, replace, count } from '../../dom.js';
import { toast } from '../../components/toast.js';
import { field, errorLine } from './common.js';

/** The limits save_flyer_text enforces (print/flyer.rs), shown as counters. */
const HEADLINE_MAX = 90;
const BODY_MAX = 700;

/**
 * The wording part of the flyer's options, for the partner `partnerId()` names. `nodes` go in
 * the flyer's options after the partner; `refresh()` and `schedule()` draw the preview again
 * (at once, or after a pause in typing). `showing()` is the partner whose wording is in the
 * fields, `text()` what they hold, `load(id)` puts a partner's wording in them.
 */
export function flyerWording({ partnerId, partnerName, reporting, alive, refresh, schedule }) {
  const headline = h('input', { type: 'text', id: 'flyer-headline', name: 'headline', autocomplete: 'off', disabled: true });
  const body = h('textarea', { id: 'flyer-body', name: 'body', rows: 7, disabled: true });
  const headlineCount = h('span', { class: 'char-count', id: 'flyer-headline-count' });
  const bodyCount = h('span', { class: 'char-count', id: 'flyer-body-count' });
  const textState = h('p', { class: 'hint text-state', id: 'flyer-text-state', 'aria-live': 'polite' });
  const textError = h('p', { class: 'form-error', id: 'flyer-text-error', role: 'alert' });
  // Reporting staff may try wording out for the preview and the PDF; keeping it is the
  // coordinator's (Rust refuses the save in reporting mode).
  const saveText = h('button', { type: 'button', id: 'flyer-save-text', disabled: true, hidden: reporting, onclick: () => { saveWording(); } },
    'Save wording for this partner');
  const resetText = h('button', { type: 'button', id: 'flyer-reset-text', hidden: true, onclick: () => { undoWording(); } },
    'Undo changes');

  const nodes = [
    h('h3', { class: 'print-subhead' }, 'Wording for this partner'),
    field(headline, 'Headline', ['Printed in large type. ', headlineCount]),
    field(body, 'Body', ['A few sentences on what peer support is; blank lines start a new paragraph. ', bodyCount]),
    textState,
    h('div', { class: 'actions print-text-actions' }, saveText, resetText),
    textError,
  ];

  /** partner id -> {saved, current}: the stored wording and what the fields hold. */
  const texts = new Map();
  const pendingTexts = new Map();
  /** The partner whose wording is in the fields (null while loading or when none). */
  let textFor = null;
  let savingText = false;

  function setTextDisabled(disabled) {
    headline.disabled = disabled;
    body.disabled = disabled;
    saveText.disabled = disabled;
    resetText.disabled = disabled;
  }

  function clearTextErrors() {
    replace(textError);
    for (const control of [headline, body]) {
      control.removeAttribute('aria-invalid');
      const line = errorLine(control);
      if (line) replace(line);
    }
  }

  function fetchText(id) {
    if (!pendingTexts.has(id)) {
      pendingTexts.set(id, api.flyerText(id).then((saved) => {
        const entry = { saved: { ...saved }, current: { ...saved } };
        texts.set(id, entry);
        return entry;
      }).finally(() => pendingTexts.delete(id)));
    }
    return pendingTexts.get(id);
  }

  /** Puts the partner's wording (unsaved edits included) in the fields. */
  async function loadText(id) {
    textFor = null;
    setTextDisabled(true);
    clearTextErrors();
    if (id === null) {
      headline.value = '';
      body.value = '';
      updateTextState();
      return;
    }
    let entry = texts.get(id);
    if (!entry) {
      replace(textState, 'Loading the wording…');
      try {
        entry = await fetchText(id);
      } catch (error) {
        if (alive() && id === partnerId()) {
          replace(textState);
          replace(textError, `The wording for this partner could not be read: ${error.message}`);
        }
        return;
      }
    }
    if (!alive() || id !== partnerId()) return;
    headline.value = entry.current.headline;
    body.value = entry.current.body;
    textFor = id;
    setTextDisabled(false);
    updateTextState();
  }

  function updateTextState() {
    const entry = textFor === null ? null : texts.get(textFor);
    counter(headlineCount, headline.value, HEADLINE_MAX);
    counter(bodyCount, body.value, BODY_MAX);
    if (!entry) {
      resetText.hidden = true;
      return;
    }
    const dirty = entry.current.headline !== entry.saved.headline || entry.current.body !== entry.saved.body;
    resetText.hidden = !dirty;
    textState.classList.toggle('dirty', dirty);
    replace(textState, dirty
      ? (reporting
        ? 'Changed wording: the preview and the PDF use it; the coordinator keeps wording for good.'
        : `Unsaved changes: the preview and the PDF use this wording; save it to keep it for ${partnerName(textFor)}.`)
      : `The wording kept for ${partnerName(textFor)}.`);
  }

  function onTextInput(event) {
    const entry = textFor === null ? null : texts.get(textFor);
    if (!entry) return;
    // A problem shown beside the field goes once the field is being fixed.
    if (event?.target?.getAttribute('aria-invalid')) {
      event.target.removeAttribute('aria-invalid');
      const line = errorLine(event.target);
      if (line) replace(line);
    }
    entry.current = { headline: headline.value, body: body.value };
    updateTextState();
    schedule();
  }

  function undoWording() {
    const entry = textFor === null ? null : texts.get(textFor);
    if (!entry) return;
    entry.current = { ...entry.saved };
    headline.value = entry.current.headline;
    body.value = entry.current.body;
    clearTextErrors();
    updateTextState();
    headline.focus();
    refresh();
  }

  async function saveWording() {
    const id = textFor;
    if (id === null || savingText) return;
    const text = { headline: headline.value, body: body.value };
    clearTextErrors();
    // The button keeps its focus (a disabled button would drop it); a second press waits.
    savingText = true;
    saveText.setAttribute('aria-disabled', 'true');
    replace(textState, 'Saving the wording…');
    try {
      await api.saveFlyerText(id, text);
    } catch (error) {
      if (!alive()) return;
      if (textFor === id) {
        updateTextState();
        showTextErrors(error);
      } else {
        toast(`The wording for ${partnerName(id)} was not saved: ${error.message}`, { kind: 'error' });
      }
      return;
    } finally {
      savingText = false;
      saveText.removeAttribute('aria-disabled');
    }
    if (!alive()) return;
    // On this partner's wording the line under the fields says it is kept; a save that ends
    // after a switch to another partner is confirmed here, once.
    if (textFor !== id) toast(`Wording saved for ${partnerName(id)}`);
    // What was stored (trimmed) becomes the saved wording; the fields follow it unless they
    // were edited again meanwhile.
    const entry = texts.get(id);
    let stored = text;
    try {
      stored = await api.flyerText(id);
    } catch {
      // Keep what was sent: it was accepted.
    }
    if (!alive() || !entry) return;
    const untouched = entry.current.headline === text.headline && entry.current.body === text.body;
    entry.saved = { ...stored };
    if (untouched) entry.current = { ...stored };
    if (textFor !== id) return;
    const changed = headline.value !== entry.current.headline || body.value !== entry.current.body;
    if (untouched && changed) {
      headline.value = entry.current.headline;
      body.value = entry.current.body;
    }
    updateTextState();
    if (untouched && changed) refresh();
  }

  function showTextErrors(error) {
    const pairs = error.fields?.length ? error.fields : [];
    const unplaced = [];
    let first = null;
    for (const { field: name, message } of pairs) {
      const control = name === 'headline' ? headline : name === 'body' ? body : null;
      if (!control) {
        unplaced.push(message);
        continue;
      }
      control.setAttribute('aria-invalid', 'true');
      const line = errorLine(control);
      if (line) replace(line, message);
      else unplaced.push(message);
      first ??= control;
    }
    if (!pairs.length) unplaced.push(error.message);
    replace(textError, unplaced.join(' '));
    first?.focus();
  }

  headline.addEventListener('input', onTextInput);
  body.addEventListener('input', onTextInput);

  return {
    nodes,
    showing: () => textFor,
    text: () => ({ headline: headline.value, body: body.value }),
    load: loadText,
  };
}

/** "42 of 90 characters", marked when over the limit. */
function counter(element, text, max) {
  const length = [...text.trim()].length;
  element.classList.toggle('over', length > max);
  replace(element, length > max ? `${count(length)} of ${count(max)} characters: too long to save.` : `${count(length)} of ${count(max)} characters.`);
}
