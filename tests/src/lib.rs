//! What the test targets in `tests/` share; the tests themselves live there.

use std::path::PathBuf;

/// Where screenshots and rendered pages go: PEERDESK_ARTIFACTS, or target/e2e-artifacts.
pub fn artifacts() -> PathBuf {
    let dir = std::env::var_os("PEERDESK_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-artifacts")
        });
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}
