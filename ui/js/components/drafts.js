// What was being typed when PeerDesk locked. The values are kept in this page's memory only
// (never written anywhere: the store is closed while locked) and put back once the
// passphrase opened the store again, on the same screen. Passphrases are never kept.
let kept = null;

const SKIPPED = new Set(['password', 'file', 'hidden', 'button', 'submit']);

function fieldsOf(root) {
  return [...root.querySelectorAll('input, textarea, select')]
    .filter((field) => field.id && !SKIPPED.has(field.type));
}

/** Remembers the fields of the screen in `root`, for after the unlock. */
export function keepDraft(root) {
  if (!root) return;
  const values = fieldsOf(root).map((field) => [field.id,
    field.type === 'checkbox' || field.type === 'radio' ? field.checked : field.value]);
  kept = values.length ? { hash: location.hash, values } : null;
}

/** Whether a draft waits to be put back. */
export function hasDraft() {
  return kept !== null;
}

/** Puts the remembered values back into the same screen, as if typed; forgets them. */
export function restoreDraft(root) {
  const draft = kept;
  kept = null;
  if (!draft || draft.hash !== location.hash || !root) return false;
  for (const [id, value] of draft.values) {
    const field = root.querySelector(`#${CSS.escape(id)}`);
    if (!field) continue;
    if (typeof value === 'boolean') field.checked = value;
    else field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return true;
}
