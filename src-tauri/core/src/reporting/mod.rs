//! What leaves the coordinator's screen: the reports with small-number suppression
//! (`reports`, `suppression`), the de-identified export (`export`), and the reporting store
//! that reporting staff open with their own passphrase (`access`).
//!
//! May use: `program`, `store`, `files` and the crate's vocabulary, and it only reads the
//! program's data, through the de-identified views of migration 6. The one thing it writes
//! is the reporting store itself (and the audit entries that say so).

pub mod access;
pub mod export;
pub mod reports;
pub mod suppression;
