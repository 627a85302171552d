//! Files PeerDesk writes for the coordinator (exports, PDFs): whole or not at all, flushed to
//! the disk before they take their name, over an existing file only when the coordinator
//! asked for that file (the edges check that before calling here). Every cell of a CSV or an
//! XLSX goes through `inert` first.

use std::borrow::Cow;
use std::path::Path;

use crate::error::Result;
use crate::files::disk::{self, Publish};

/// Writes a document to `path`, replacing what is there (see `files::disk`).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    disk::write_whole(path, bytes, Publish::Replace)
}

/// A cell a spreadsheet cannot take for a formula gets a leading apostrophe (OWASP's advice
/// for CSV injection): one whose first character, after any spaces, tabs and line breaks
/// (which Excel and LibreOffice skip), is `=`, `+`, `-`, `@`, their full-width forms
/// (`＝ ＋ － ＠`, which some spreadsheets fold to the ASCII ones), `|` (a DDE payload) or a
/// NUL; and one that begins with a tab, CR or LF itself.
/// A cell that needs no apostrophe is borrowed, not copied: an export passes 1.6 million
/// cells through here.
pub fn inert(text: &str) -> Cow<'_, str> {
    let first_visible = text
        .chars()
        .find(|c| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{a0}'));
    let leading_control = matches!(text.chars().next(), Some('\t' | '\r' | '\n'));
    let formula = matches!(
        first_visible,
        Some('=' | '+' | '-' | '@' | '|' | '\0' | '＝' | '＋' | '－' | '＠')
    );
    if formula || leading_control {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}
