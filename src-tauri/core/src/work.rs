//! Long work (an import, demo data, an export, a backup, a restore, a key rotation, the
//! committee report) says how far it is and can be stopped.
//!
//! The work is handed a [`Work`]: it reports steps (the stage in words, done, total) and asks
//! at the same time whether the person pressed Cancel. A cancelled work returns
//! [`CoreError::Cancelled`] and leaves nothing behind: its transaction rolled back, its
//! half-written file (always a temporary one beside the target, see `files::disk`) removed,
//! no audit entry. Each work decides where it may still stop; past the point where stopping
//! would leave something half done (a key rotation re-encrypting its pages) it says so
//! ([`Work::past_cancelling`]) and runs to its end, and the window greys out its button.
//!
//! Cheap enough to call once a row: one relaxed atomic load and one compare; the clock is
//! read only when another 1% is done, and a step is reported at most every 50 ms, besides
//! the first and the last of each stage. Who listens (the window's events, the command
//! line's bar) is the caller's business: the core knows no terminal and no Tauri.
//!
//! Deliberately absent: stopping inside one SQL statement (SQLCipher's export of a whole
//! database, its integrity check, `PRAGMA rekey`). Those run to their end and the work stops
//! at the next step.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{CoreError, Result};

/// How far a long work is: `done` of `total` in `stage` (`total` 0: not known ahead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What is being done, in a coordinator's words ("Checking the rows").
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
    /// False once the work is past the point where it may stop (see `Work::past_cancelling`).
    pub cancellable: bool,
}

/// The Cancel button: shared between the work and whoever may press it (the window's
/// `cancel_work`, Ctrl-C on the command line, a test).
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The least time between two reported steps of one stage.
const REPORT_EVERY: Duration = Duration::from_millis(50);

/// What was last reported, to report again only when it is worth it.
#[derive(Clone, Copy)]
struct Reported {
    stage: &'static str,
    /// The `done` from which another step is worth reporting (1% further).
    next_done: u64,
    at: Instant,
}

/// A long work's handle: where its steps go and whether it was cancelled.
pub struct Work<'a> {
    report: &'a dyn Fn(Step),
    cancel: Cancel,
    cancellable: Cell<bool>,
    last: Cell<Option<Reported>>,
}

impl<'a> Work<'a> {
    /// Reports each step to `report`; stops when `cancel` is pressed.
    pub fn new(report: &'a dyn Fn(Step), cancel: Cancel) -> Work<'a> {
        Work {
            report,
            cancel,
            cancellable: Cell::new(true),
            last: Cell::new(None),
        }
    }

    /// For callers that neither show progress nor cancel (tests, benchmarks, the daily
    /// automatic backup).
    pub fn none() -> Work<'static> {
        Work::new(&|_| {}, Cancel::new())
    }

    /// Notes that `done` of `total` of `stage` are done; reports it when another 1% is done
    /// and 50 ms have passed, or when the stage starts or ends. `Err(Cancelled)` when Cancel
    /// was pressed (by then) and the work may still stop: return it at once, undoing nothing
    /// by hand (what was begun is dropped: a transaction, a temporary file).
    pub fn step(&self, stage: &'static str, done: u64, total: u64) -> Result<()> {
        self.report(stage, done, total);
        self.check()
    }

    fn report(&self, stage: &'static str, done: u64, total: u64) {
        let last = self.last.get();
        let new_stage = last.is_none_or(|last| last.stage != stage);
        let ends = total > 0 && done >= total;
        let due = last.is_some_and(|last| done >= last.next_done);
        if !(new_stage || ends || due) {
            return;
        }
        let now = Instant::now();
        if !(new_stage || ends) && last.is_some_and(|last| now - last.at < REPORT_EVERY) {
            return;
        }
        let percent = (total / 100).max(1);
        self.last.set(Some(Reported {
            stage,
            next_done: done.saturating_add(percent),
            at: now,
        }));
        (self.report)(Step {
            stage,
            done,
            total,
            cancellable: self.cancellable.get(),
        });
    }

    /// `Err(Cancelled)` when Cancel was pressed and the work may still stop.
    pub fn check(&self) -> Result<()> {
        if self.cancellable.get() && self.cancel.is_cancelled() {
            return Err(CoreError::Cancelled);
        }
        Ok(())
    }

    /// From here the work runs to its end: stopping would leave it half done. Steps say so,
    /// and Cancel is no longer heard.
    pub fn past_cancelling(&self) {
        self.cancellable.set(false);
    }

    /// Whether Cancel was pressed (also past the point of cancelling: a work that must still
    /// clean up after itself may skip what is optional).
    pub fn cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// A count as the steps carry it.
pub fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    fn recorded(steps: &[(&'static str, u64, u64)]) -> Vec<(&'static str, u64, u64)> {
        let seen = RefCell::new(Vec::new());
        let report = |step: Step| seen.borrow_mut().push((step.stage, step.done, step.total));
        let work = Work::new(&report, Cancel::new());
        for (stage, done, total) in steps {
            work.step(stage, *done, *total).expect("not cancelled");
        }
        seen.into_inner()
    }

    #[test]
    fn the_first_and_last_step_of_each_stage_are_reported() {
        let steps: Vec<_> = (0..=1000).map(|done| ("rows", done, 1000)).collect();
        let seen = recorded(&steps);
        assert_eq!(seen.first(), Some(&("rows", 0, 1000)), "the stage's start");
        assert_eq!(seen.last(), Some(&("rows", 1000, 1000)), "the stage's end");
        let next = recorded(&[("rows", 0, 10), ("writing", 0, 10)]);
        assert_eq!(next.len(), 2, "a new stage is reported at once: {next:?}");
    }

    #[test]
    fn fast_steps_are_not_reported_each_time() {
        let steps: Vec<_> = (0..=100_000).map(|done| ("rows", done, 100_000)).collect();
        let seen = recorded(&steps);
        assert!(
            seen.len() <= 102,
            "at most one step per 1% ({} reported)",
            seen.len()
        );
    }

    #[test]
    fn a_cancelled_work_stops_at_its_next_step() {
        let cancel = Cancel::new();
        let work = Work::new(&|_| {}, cancel.clone());
        assert!(work.step("rows", 1, 10).is_ok(), "not cancelled yet");
        cancel.cancel();
        assert!(
            matches!(work.step("rows", 2, 10), Err(CoreError::Cancelled)),
            "cancelled at the next step"
        );
        assert_eq!(
            CoreError::Cancelled.to_string(),
            "cancelled: nothing was changed",
            "the words a coordinator reads"
        );
    }

    #[test]
    fn past_cancelling_the_work_runs_to_its_end_and_says_so() {
        let cancel = Cancel::new();
        let last = Cell::new(None);
        let report = |step: Step| last.set(Some(step.cancellable));
        let work = Work::new(&report, cancel.clone());
        work.past_cancelling();
        cancel.cancel();
        assert!(work.step("re-encrypting", 0, 1).is_ok(), "no longer stops");
        assert_eq!(
            last.get(),
            Some(false),
            "the step says it cannot be cancelled"
        );
        assert!(work.cancelled(), "the press is still known");
    }
}
