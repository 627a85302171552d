//! The daily loop: requests for support and their reply clock (`requests`, with when one is
//! due and late in `requests::due`), finding the
//! right supporter (`matching`), logging contacts (`outreach` writes them, `outreach_log`
//! lists them), the coordinator's message templates (`templates`), the dashboard's queue and
//! the same first contacts and follow-ups as reminders for the coordinator's calendar
//! (`reminders`, an iCalendar file), referrals to further help (`referrals`), and group
//! support: critical events and the team sessions after them (`group`).
//!
//! May use: `roster`, `program`, `store`, `files` and the crate's vocabulary. Within the area,
//! `outreach` uses `requests` (a contact moves the request's clock) and `requests` reads the
//! `outreach_log`; nothing uses `outreach` back.

pub mod dashboard;
pub mod group;
pub mod matching;
pub mod outreach;
pub mod outreach_log;
pub mod referrals;
pub mod reminders;
pub mod requests;
pub mod templates;
