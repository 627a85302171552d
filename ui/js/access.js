// Which passphrase opened the store, as the last Screen from Rust said: "coordinator" (all
// of PeerDesk) or "reporting" (staff of the quality office: Reports and Print only, on
// de-identified data). Kept in one place so that every screen asks the same question. Rust
// refuses the other commands anyway; this only keeps the window from offering them.
let current = null;

/** Takes `access` from a Screen (null when no store is open). */
export function setAccess(value) {
  current = value ?? null;
}

/** "coordinator", "reporting" or null. */
export function access() {
  return current;
}

/** Whether the window is in reporting mode: no names anywhere, Reports and Print only. */
export function isReporting() {
  return current === 'reporting';
}
