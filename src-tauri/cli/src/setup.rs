//! `peerdesk init`, `status` and `demo`: a store set up, described, and filled with made-up
//! data to learn on.

use std::io::Write;
use std::time::Instant;

use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::{clock, Store};

use crate::output::{emit, json, Outcome};
use crate::progress::with_bar;
use crate::session::Context;

/// `peerdesk init`: a new store; the passphrase given (or chosen at the terminal) becomes
/// the recovery passphrase.
pub fn init(ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let passphrase = ctx.new_recovery(err)?;
    let store = Store::create(&ctx.dir, &passphrase, ctx.keychain())?;
    emit(
        out,
        &format!(
            "Created a new encrypted PeerDesk store at {}\n\
             Unlocks with: {}; the recovery passphrase always works too.\n",
            ctx.dir.database().display(),
            store.unlocked_by()
        ),
    )?;
    if let Some(problem) = store.keychain_problem() {
        writeln!(err, "note: the OS credential store could not keep the key ({problem}); use the passphrase to unlock")?;
    }
    Ok(())
}

/// `peerdesk status [--json]`: where the store is, its versions, how it was unlocked and
/// its row counts (never a name or a key).
pub fn status(store: &Store, as_json: bool, out: &mut dyn Write) -> Outcome {
    // The one command that reads the whole file: every page's HMAC (the other commands check
    // the pages they read, as they read them).
    store.check_every_page()?;
    let status = store.status()?;
    if as_json {
        return json(out, &status);
    }
    let mut text = format!(
        "Store:           {} ({})\n\
         Key file:        {}\n\
         Schema version:  {}\n\
         SQLCipher:       {}\n\
         Unlocked with:   {}\n\
         Every page:      intact (each page's HMAC checked)\n\
         Rows:\n",
        status.database.display(),
        crate::human_bytes(status.database_bytes),
        status.key_file.display(),
        status.schema_version,
        status.sqlcipher_version,
        status.unlocked_by
    );
    for count in &status.counts {
        text.push_str(&format!("  {:<20} {:>9}\n", count.table, count.rows));
    }
    emit(out, &text)
}

/// `peerdesk demo [--size small|large]`: synthetic data in an empty store, with its
/// progress on a terminal.
pub fn demo(store: &mut Store, size: &str, out: &mut dyn Write) -> Outcome {
    let size: DemoSize = size.parse()?;
    let started = Instant::now();
    let summary = with_bar(|work| demo::load(store, size, clock::now_local(), work))?;
    emit(
        out,
        &format!(
            "Loaded demo data: {} organizations, {} supporters, {} requests, {} outreaches, {} critical events, {} group sessions in {:.1} s\n",
            summary.organizations,
            summary.supporters,
            summary.requests,
            summary.outreaches,
            summary.events,
            summary.sessions,
            started.elapsed().as_secs_f64()
        ),
    )
}
