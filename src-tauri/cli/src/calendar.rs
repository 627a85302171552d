//! `peerdesk calendar --out FILE.ics [--replace]`: the first contacts and follow-ups that open
//! requests wait for, as reminders for Outlook or any calendar (`daily::reminders`): a
//! request's number and a day, never a name.

use std::io::Write;
use std::path::{Path, PathBuf};

use peerdesk_core::daily::reminders::{self, CalendarSummary};
use peerdesk_core::files::documents::{self, DocumentKind, Places};
use peerdesk_core::store::backup;
use peerdesk_core::{clock, CoreError, Store};

use crate::output::{emit, Failure, Outcome};

/// Writes the calendar to `path` and says how many reminders it holds.
pub fn calendar(store: &Store, path: &Path, replace: bool, out: &mut dyn Write) -> Outcome {
    let target = place(store, path, replace)?;
    let summary =
        reminders::write_calendar(store.conn(), &target, clock::now_utc_time(), clock::today())?;
    emit(out, &said(&summary, &target))
}

/// Where the calendar may go, by the rules every document PeerDesk writes follows
/// (`files::documents`): a `.ics` name, outside the data and backups folders, never through
/// a link, and over an existing file only with `--replace` (the command line's answer to
/// the window's "replace it?").
fn place(store: &Store, path: &Path, replace: bool) -> Result<PathBuf, Failure> {
    let path = std::path::absolute(path).map_err(|e| {
        Failure::field(
            "out",
            peerdesk_core::error::Problem::Format,
            format!("{} is not a place to write: {e}", path.display()),
        )
    })?;
    let places = Places {
        forbidden: vec![
            store.dir().root().to_path_buf(),
            backup::status(store.conn(), store.dir())?.folder,
        ],
        confirmed: if replace {
            [path.clone()].into()
        } else {
            Default::default()
        },
        produced: Default::default(),
    };
    match documents::check_save_target(&path, DocumentKind::Ics, replace, &places) {
        Ok(target) => Ok(target),
        Err(CoreError::FileExists(existing)) => Err(Failure::input(
            "exists",
            format!(
                "{} already exists; it was left untouched: choose another name, or add --replace to replace it",
                existing.display()
            ),
        )),
        Err(other) => Err(other.into()),
    }
}

/// "3 reminders" or "1 reminder".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary line(s) of an export.
fn said(summary: &CalendarSummary, target: &Path) -> String {
    if summary.reminders == 0 {
        return "Nothing is due: no open request waits for a first contact or a follow-up, \
                so no file was written.\n"
            .to_string();
    }
    let past_due = match summary.past_due {
        0 => String::new(),
        n => format!(" ({n} already past due)"),
    };
    format!(
        "Wrote {} to {}: {} and {}, from {} to {}{past_due}.\n\
         Import it into Outlook or any calendar; importing a later file updates the same events.\n",
        count(summary.reminders, "reminder", "reminders"),
        target.display(),
        count(summary.first_contacts, "first contact", "first contacts"),
        count(summary.follow_ups, "follow-up", "follow-ups"),
        summary.first_day.as_deref().unwrap_or("-"),
        summary.last_day.as_deref().unwrap_or("-"),
    )
}
