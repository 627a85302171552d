//! Files PeerDesk writes for the coordinator (exports, PDFs): whole or not at all, flushed to
//! the disk before they take their name, over an existing file only when the coordinator
//! asked for that file (the edges check that before calling here).

use std::path::Path;

use crate::error::Result;
use crate::store::files::{self, Publish};

/// Writes a document to `path`, replacing what is there (see `store::files`).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    files::write_whole(path, bytes, Publish::Replace)
}
