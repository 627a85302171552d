//! The roster: the trained supporters (who they are, what they can offer, whether they may be
//! named on a sign), their training and meetings, nominations of new supporters, and the
//! roster's import from a spreadsheet.
//!
//! May use: `program`, `store`, `files` and the crate's vocabulary. Requests and outreaches
//! are the daily loop's: the roster never writes them, and reads only how many a supporter
//! carries (open cases, contacts lately: `care`).

pub mod care;
pub mod nominations;
pub mod supporters;
pub mod training;
