//! Long work on the command line: a progress bar on stderr when stderr is a terminal, nothing
//! otherwise (scripts and tests read stdout and stderr), and Ctrl-C as the Cancel button.
//!
//! The first Ctrl-C cancels the work under way: it stops at its next step and leaves nothing
//! changed (its transaction rolled back, its temporary file removed), and the command ends
//! with "cancelled: nothing was changed". A second Ctrl-C, or one while no long work runs,
//! ends the program at once as Ctrl-C always does (exit 130): SQLite's journal still keeps
//! the store whole, only a hidden `.partial` file may stay beside an export.

use std::io::IsTerminal;
use std::sync::{Mutex, Once};

use indicatif::{ProgressBar, ProgressStyle};
use peerdesk_core::{Cancel, Step, Work};

/// The Cancel button of the long work under way, for the Ctrl-C handler.
static UNDER_WAY: Mutex<Option<Cancel>> = Mutex::new(None);

/// Runs `work` with a bar on stderr (a terminal only) and Ctrl-C as its Cancel button.
pub fn with_bar<T>(work: impl FnOnce(&Work) -> T) -> T {
    let bar = std::io::stderr().is_terminal().then(new_bar);
    let cancel = Cancel::new();
    listen_for_ctrl_c();
    *under_way() = Some(cancel.clone());
    let report = |step: Step| {
        if let Some(bar) = &bar {
            show(bar, step);
        }
    };
    let outcome = work(&Work::new(&report, cancel));
    *under_way() = None;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    outcome
}

fn new_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    // The template is a constant: it cannot fail to parse, but an odd terminal gets the
    // default look rather than a panic.
    if let Ok(style) = ProgressStyle::with_template("{msg:32} [{bar:30}] {percent:>3}%  {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    // Drawn from the work's own thread only, at each step: no ticking thread, which would
    // wait for stderr while the command holds it (`dispatch` locks it for the whole run).
    bar
}

fn show(bar: &ProgressBar, step: Step) {
    bar.set_message(if step.cancellable {
        step.stage.to_string()
    } else {
        format!("{} (cannot stop now)", step.stage)
    });
    bar.set_length(step.total);
    bar.set_position(step.done);
}

fn under_way() -> std::sync::MutexGuard<'static, Option<Cancel>> {
    UNDER_WAY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the Ctrl-C handler once per process.
fn listen_for_ctrl_c() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // Without a handler Ctrl-C still ends the program, only without cleaning up.
        let _ = ctrlc::set_handler(|| match under_way().take() {
            Some(cancel) => cancel.cancel(),
            None => std::process::exit(130),
        });
    });
}
