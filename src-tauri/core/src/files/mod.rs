//! Files the coordinator hands PeerDesk or asks it to write: reading a picked file within a
//! limit (`input`), reading a spreadsheet's rows (`spreadsheet`), deciding where a document
//! may be written or an import read (`documents`), and writing a file whole or not at all
//! (`disk`, `output`).
//!
//! May use: the crate's vocabulary (`error`, `clock`, `fields`) only. Nothing here opens the
//! store: it knows paths and bytes, never what they mean to the program.

pub mod disk;
pub mod documents;
pub mod input;
pub mod output;
pub mod spreadsheet;
