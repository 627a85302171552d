//! PeerDesk's domain core: the encrypted store and everything a peer-support coordinator
//! keeps in it. It knows nothing of Tauri or a webview, so it builds and tests headless;
//! the window (`src-tauri`) and the command line (`src-tauri/cli`) are thin layers on it.
//!
//! The core is grouped in areas a coordinator would name, each a folder whose `mod.rs` says
//! what it holds and what it may use. Dependencies run one way, bottom to top:
//!
//! ```text
//!   demo                      (fills a store with made-up data; may use everything)
//!   print  ->  reporting      (read the program's data; write only their own)
//!   daily  ->  roster  ->  program  ->  store  ->  files
//!   error, clock, fields, work (the vocabulary every area speaks)
//! ```
//!
//! `tests/architecture.rs` fails when a `use` goes against these arrows or two modules use
//! each other; `docs/ARCHITECTURE.md` has the picture and where a new feature goes.

// The unit tests build their fixtures in place (a damaged key file, a plain SQLite file whose
// pages they read): clippy.toml's bans are for the code that runs.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod clock;
pub mod error;
pub mod fields;
pub mod work;

pub mod files;
pub mod store;

pub mod program;
pub mod roster;

pub mod daily;

pub mod print;
pub mod reporting;

pub mod demo;

pub use error::{CoreError, Result};
pub use store::secret::{DataKey, Passphrase};
pub use store::{DataDir, Keychain, Store};
pub use work::{Cancel, Step, Work};
