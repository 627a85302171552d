//! The commands the window may call, one file per area. Each is one call into the core.

pub mod about;
pub mod audit;
pub mod daily;
pub mod dashboard;
pub mod group;
pub mod lists;
pub mod print;
pub mod roster;
pub mod safety;
pub mod session;
