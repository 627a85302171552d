// The passphrase strength meter of first-run setup, also used for the reporting passphrase:
// the core's score as a meter and in words, with its advice. Only the answer to the latest
// keystroke is shown.
import { api } from '../api.js';
import { h, replace } from '../dom.js';

const WORDS = ['very weak', 'weak', 'fair', 'strong', 'very strong'];

/**
 * `prefix` keeps ids apart when two meters could be on screen ('' gives #strength-meter,
 * #strength-text, #strength-advice, as setup always had). Returns the elements to place,
 * the ids a passphrase input is described by, and assess(passphrase), which resolves true
 * once this passphrase's answer is shown (false when a newer keystroke overtook it).
 */
export function strengthMeter(prefix = '') {
  const meter = h('meter', { id: `${prefix}strength-meter`, min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0,
    'aria-label': 'Passphrase strength' });
  const text = h('p', { id: `${prefix}strength-text`, class: 'strength-text' }, 'Strength: not set yet');
  const advice = h('ul', { id: `${prefix}strength-advice`, class: 'advice' });
  let acceptable = false;
  let latest = 0;

  return {
    elements: [meter, text, advice],
    describedBy: `${text.id} ${advice.id}`,
    acceptable: () => acceptable,
    async assess(passphrase) {
      const asked = ++latest;
      const strength = await api.passphraseStrength(passphrase);
      if (asked !== latest) return false; // a newer keystroke already asked again
      acceptable = strength.acceptable;
      meter.value = strength.score;
      replace(text, `Strength: ${WORDS[strength.score]}${strength.acceptable ? ' — good enough' : ' — not enough yet'}`);
      text.dataset.ok = String(strength.acceptable);
      replace(advice, [strength.warning, ...strength.suggestions].filter(Boolean).map((line) => h('li', {}, line)));
      return true;
    },
    /** Back to "not set yet" (the passphrase was used and its fields emptied). */
    reset() {
      latest += 1;
      acceptable = false;
      meter.value = 0;
      replace(text, 'Strength: not set yet');
      delete text.dataset.ok;
      replace(advice);
    },
  };
}
