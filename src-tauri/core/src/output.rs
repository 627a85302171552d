//! Files PeerDesk writes for the coordinator (exports, PDFs): whole or not at all.

use std::path::Path;

use crate::error::{CoreError, Result};

/// Writes `bytes` under a temporary name beside `path`, then renames it into place, so a
/// reader never meets a half-written file and a failure leaves nothing behind.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: std::io::Error| {
        CoreError::Invalid(format!("{} cannot be written: {e}", path.display()))
    };
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(cannot)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot(e)
    })
}
