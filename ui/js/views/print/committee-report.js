// The committee report: the period it covers, a note on how its counts are suppressed, what
// the core is asked to lay out, the file name, and the dates marked when the core refuses them.
import { now as clockNow } from '../../clock.js';
import { h, todayIso } from '../../dom.js';
import { markRefused } from '../../components/form.js';
import { field, onChange } from './common.js';

/**
 * The report's options, from the first of January to today. `program` gives the suppression
 * threshold (null when the settings could not be read); `schedule()` draws the preview again
 * after a pause and `syncPath()` keeps a suggested file name in step.
 */
export function reportItem({ program, schedule, syncPath }) {
  const now = clockNow();
  const from = h('input', { type: 'date', id: 'print-from', name: 'from', value: `${now.getFullYear()}-01-01` });
  const to = h('input', { type: 'date', id: 'print-to', name: 'to', value: todayIso(now) });
  const threshold = program?.suppression_threshold;
  const section = h('div', { class: 'print-options', id: 'print-report-options', hidden: true },
    h('div', { class: 'print-dates' }, field(from, 'From'), field(to, 'To')),
    h('p', { class: 'callout print-note', id: 'print-report-note' },
      threshold
        ? `Counts are suppressed as on the Reports screen: a count below ${threshold} shows as “<${threshold}”, and a few more are hidden where a total would give them back. `
        : 'Counts are suppressed as on the Reports screen: small counts show as “<” the threshold, and a few more are hidden where a total would give them back. ',
      'The coordinator’s own view of exact counts never goes into the report, for all organizations.'));

  onChange([from, to], syncPath, schedule);

  return {
    section,
    request: () => ({ from: from.value, to: to.value }),
    fileName: () => `committee-report-${from.value || 'start'}-to-${to.value || 'end'}.pdf`,
    /** Every new preview starts with the dates unmarked, whichever document it is for. */
    unmark() {
      for (const control of [from, to]) control.removeAttribute('aria-invalid');
    },
    /** The core refused the period: the dates are what is wrong. */
    failed(error) {
      markRefused(error, { from, to });
    },
  };
}
