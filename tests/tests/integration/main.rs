//! Integration tests of the core and the CLI, on real SQLCipher files in temp folders with
//! the real Argon2id parameters. One binary; a module per area; fixtures in `fixture`.

// Fixtures (a roster, a damaged file, a passphrase file) are written in place on purpose.
#![allow(clippy::disallowed_methods)]

mod access;
mod backup;
mod calendar;
mod cancel;
mod care;
mod cli;
mod crash;
mod daily_loop;
mod demo;
mod depth;
mod fixture;
mod group;
mod lock;
mod outreach_import;
mod print;
mod reports;
mod rotation;
mod store;
