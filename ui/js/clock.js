// "Now" as PeerDesk's store sees it. The window asks Rust for the time when it starts and
// keeps the difference, so every "today" on screen is the store's today — also when a test
// runs the whole program on a chosen day (a debug build's PEERDESK_NOW).
let offsetMs = 0;

/** Takes the store's local time ("2026-12-01T10:00:00") as the window's now. */
export function setNow(localStamp) {
  const told = new Date(localStamp);
  if (!Number.isNaN(told.getTime())) offsetMs = told.getTime() - Date.now();
}

/** The current moment on PeerDesk's clock. */
export function now() {
  return new Date(Date.now() + offsetMs);
}
