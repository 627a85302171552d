//! Integration tests of the core and the CLI, on real SQLCipher files in temp folders with
//! the real Argon2id parameters. One binary; a module per area; fixtures in `fixture`.

mod access;
mod backup;
mod cli;
mod crash;
mod daily_loop;
mod demo;
mod fixture;
mod lock;
mod print;
mod reports;
mod rotation;
mod store;
