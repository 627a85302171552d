//! Integration tests of the core and the CLI, on real SQLCipher files in temp folders with
//! the real Argon2id parameters. One binary; a module per area; fixtures in `fixture`.

mod cli;
mod daily_loop;
mod demo;
mod fixture;
mod print;
mod reports;
mod store;
