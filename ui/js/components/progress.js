// Long work shown where it was started: the stage in words, a progress bar and a Cancel
// button, while the work runs off the window's thread (other screens stay usable). The
// steps come from the core as `peerdesk:progress` events for this work's own name (`job`).
// A cancelled work ends with the core's "Cancelled: nothing was changed." (code
// `cancelled`), which the screen shows as it shows any outcome.
import { api, newJob, onProgress } from '../api.js';
import { h, replace } from '../dom.js';

/**
 * Runs `start(job)` (which calls the command with that job) with a progress panel in
 * `place` (its contents are replaced, and emptied again at the end); `label` names the work
 * for the bar ("Importing the roster"), `first` is the stage shown until the first step
 * arrives. Resolves or rejects as `start` does. The Cancel button takes the focus, so the
 * keyboard can reach it at once; the focus goes back where it was when the work ends.
 */
export async function withProgress(place, label, start, first = 'Starting…') {
  const job = newJob();
  const returnFocus = document.activeElement;
  const fill = h('div', { class: 'progress-fill' });
  const bar = h('div', { class: 'progress-bar indeterminate', role: 'progressbar', 'aria-label': label,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuetext': first }, fill);
  const stage = h('span', { class: 'progress-stage' }, first);
  const cancel = h('button', { type: 'button', class: 'small progress-cancel', 'aria-label': `Cancel: ${label}`, onclick: async () => {
    cancel.disabled = true;
    replace(stage, 'Cancelling…');
    await api.cancelWork(job).catch(() => false);
  } }, 'Cancel');
  // Not read out at each step inside a live region (the bar's values are there to be asked).
  const panel = h('div', { class: 'progress', 'aria-live': 'off', dataset: { job } },
    h('div', { class: 'progress-line' }, stage, cancel), bar);

  function show(step) {
    if (step.job !== job) return;
    const percent = step.total > 0 ? Math.min(100, Math.round((step.done * 100) / step.total)) : null;
    const words = percent === null ? step.stage : `${step.stage}: ${percent}%`;
    if (!cancel.disabled) replace(stage, words);
    bar.classList.toggle('indeterminate', percent === null);
    if (percent === null) bar.removeAttribute('aria-valuenow');
    else bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', words);
    fill.style.width = percent === null ? '' : `${percent}%`;
    // Past the point of stopping (a key being rotated), the button says so instead.
    if (!step.cancellable && !cancel.disabled) {
      cancel.disabled = true;
      cancel.textContent = 'Cannot stop now';
    }
  }

  const stopListening = await onProgress(show);
  replace(place, panel);
  cancel.focus();
  try {
    return await start(job);
  } finally {
    stopListening();
    panel.remove();
    if (returnFocus instanceof HTMLElement && returnFocus.isConnected && !returnFocus.disabled) returnFocus.focus();
  }
}

/** Whether a failure is the person's own Cancel (shown as news, not as a problem). */
export function wasCancelled(error) {
  return error?.code === 'cancelled';
}
