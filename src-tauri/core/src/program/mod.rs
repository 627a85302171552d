//! The program itself, as its coordinator sets it up: its settings (reply target, follow-up
//! offsets, retention, contact details), the organizations it serves, its pick-lists, the
//! outreach template's fixed categories, and its business-day calendar; and group support's
//! fixed kinds (critical events, team sessions) with the rule of when an event was reached in
//! time (`group`).
//!
//! May use: `store`, `files` and the crate's vocabulary. It knows no supporter and no
//! request: the roster and the daily loop read the program, never the other way round.

pub mod calendar;
pub mod group;
pub mod organizations;
pub mod outreach_choices;
pub mod picklists;
mod settings;

pub use settings::*;
