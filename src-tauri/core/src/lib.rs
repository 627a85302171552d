//! PeerDesk's domain core: the encrypted store and everything a peer-support coordinator
//! keeps in it. It knows nothing of Tauri or a webview, so it builds and tests headless;
//! the window (`src-tauri`) and the command line (`src-tauri/cli`) are thin layers on it.

pub mod audit;
pub mod calendar;
pub mod clock;
pub mod dashboard;
pub mod demo;
pub mod documents;
pub mod error;
pub mod export;
pub mod fields;
pub mod input;
pub mod keyfile;
pub mod keystore;
pub mod matching;
pub mod nominations;
pub mod organizations;
pub mod output;
pub mod outreach;
pub mod outreach_choices;
pub mod passphrase;
pub mod pdf;
pub mod picklists;
pub mod program;
pub mod reporting;
pub mod reports;
pub mod requests;
pub mod retention;
pub mod secret;
pub mod settings;
pub mod spreadsheet;
pub mod store;
pub mod supporters;
pub mod suppression;
pub mod templates;
pub mod training;

pub use error::{CoreError, Result};
pub use secret::{DataKey, Passphrase};
pub use store::{DataDir, Keychain, Store};
