// Form fields with a label, an optional hint and a message line beside each, so that a
// problem is shown where it is fixed. Errors come from the core as {field, code, message}.
import { h, replace } from '../dom.js';

/**
 * One labelled control. `control` is an input/select/textarea; it gets the id f-<name>
 * and is described by its hint and its message.
 */
export function formField(name, label, control, hint) {
  control.id = `f-${name}`;
  control.name = name;
  const message = h('p', { class: 'field-error', id: `f-${name}-error`, 'aria-live': 'polite' });
  const hintLine = hint ? h('p', { class: 'hint', id: `f-${name}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintLine ? hintLine.id : null, message.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: control.id }, label), control, hintLine, message);
}

/** Shows each {field, message} beside its field; the rest in `general`. Returns true if any. */
export function showFieldErrors(form, pairs, general) {
  for (const line of form.querySelectorAll('.field-error')) line.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const unplaced = [];
  for (const { field, message } of pairs) {
    const line = form.querySelector(`#f-${field}-error`);
    if (line) {
      line.textContent = message;
      form.querySelector(`#f-${field}`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(message);
    }
  }
  if (general) replace(general, unplaced.join(' '));
  return pairs.length > 0;
}

// A message that appears or vanishes moves everything below it. When a field is left by
// pressing Save, its check answers while the button is held down; applying the answer then
// would slide the button from under the pointer and the click would be lost. So answers wait
// until no button is held.
let pointerHeld = false;
let waiting = [];
document.addEventListener('pointerdown', () => { pointerHeld = true; }, true);
// A right-click's menu can swallow the release, and the window can lose the pointer: either
// ends the press too, so answers never wait for a click that is not coming.
for (const [target, type] of [[document, 'pointerup'], [document, 'pointercancel'], [document, 'contextmenu'], [window, 'blur']]) {
  target.addEventListener(type, () => {
    pointerHeld = false;
    // After the click that this release completes has been dispatched.
    setTimeout(() => {
      const due = waiting;
      waiting = [];
      for (const apply of due) apply();
    }, 0);
  }, true);
}

/** Runs `apply` now, or once the pointer is released if a button is held. */
export function whenPointerReleased(apply) {
  if (pointerHeld) waiting.push(apply);
  else apply();
}

/**
 * Marks the controls the core named as refused (`controls` maps a field name to its control,
 * e.g. {from, to}). Returns true if any.
 */
export function markRefused(error, controls) {
  const named = (error.fields ?? []).map((problem) => problem.field).filter((name) => name in controls);
  for (const name of named) controls[name].setAttribute('aria-invalid', 'true');
  return named.length > 0;
}

/** After a failed save: fields to their places, focus on the first one to fix. */
export function showSaveError(form, error, general) {
  if (error.fields?.length) {
    showFieldErrors(form, error.fields, general);
    form.querySelector('[aria-invalid="true"]')?.focus();
  } else {
    showFieldErrors(form, [], general);
    replace(general, error.message);
  }
}

/** A <select> of `values` ([value, label] or strings), with `selected` chosen. */
export function select(values, selected, attributes = {}) {
  return h('select', attributes, values.map((v) => {
    const [value, label] = Array.isArray(v) ? v : [v, v];
    return h('option', { value, selected: value === selected }, label);
  }));
}

/**
 * Whether the coordinator agreed to replace an existing file at the save path `input`. The
 * native dialog asks before it returns an existing file; a typed one is refused by the core
 * (code "exists") and pressing the button again means yes. Typing in the field, or one
 * finished write, takes the agreement back, so the next save asks again.
 */
export function replaceAgreement(input) {
  let agreed = null;
  input.addEventListener('input', () => { agreed = null; });
  return {
    chosenInDialog(target) { agreed = target; },
    allows(target) { return target === agreed; },
    written() { agreed = null; },
    refused(error, target) { if (error.code === 'exists') agreed = target; },
  };
}

/** A path typed or chosen with the native dialog (tests type it; people usually choose). */
export function filePicker(name, label, kind, pickFile, hint) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'Press “Choose…” to pick the file' });
  const choose = h('button', { type: 'button', id: `f-${name}-choose`, onclick: async () => {
    const chosen = await pickFile(kind);
    if (chosen) {
      input.value = chosen;
      input.dispatchEvent(new Event('change'));
    }
  } }, 'Choose…');
  const field = formField(name, label, input, hint);
  field.insertBefore(h('div', { class: 'path-row' }, input, choose), field.querySelector('.hint, .field-error'));
  return { element: field, input };
}
