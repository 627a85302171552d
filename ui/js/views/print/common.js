// Pieces the Print screen's parts share: a labelled field with its hint and error line, what a
// change of a choice sets going, the page count as words, and a name made fit for a file name.
import { h, count } from '../../dom.js';

/** A labelled control with its hint and an error line beside it (ids derive from the control's). */
export function field(control, label, hint = null) {
  const hintLine = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', [hintLine?.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field print-field' }, h('label', { for: control.id }, label), control, hintLine, error);
}

/** The error line `field` placed beside a control. */
export function errorLine(control) {
  return control.closest('.field')?.querySelector('.field-error') ?? null;
}

/** Runs `steps` in order (each without arguments) whenever one of `controls` changes. */
export function onChange(controls, ...steps) {
  for (const control of controls) {
    control.addEventListener('change', () => {
      for (const step of steps) step();
    });
  }
}

export function pagesText(pages) {
  const n = Number(pages) || 0;
  return `${count(n)} ${n === 1 ? 'page' : 'pages'}`;
}

/** A name as a file-name part: "Mercy General — ICU" -> "mercy-general-icu". */
export function slug(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}
