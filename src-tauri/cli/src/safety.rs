//! `peerdesk backup`, `restore`, `passphrase change` and `rekey`: keeping the store safe over
//! time. Each is one call into `peerdesk_core::store`; this file reads the arguments and says
//! what happened.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use peerdesk_core::store::backup;
use peerdesk_core::{clock, Store};

use crate::output::{emit, Outcome};
use crate::progress::with_bar;
use crate::session::{read_passphrase_file, Context};

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Replace the recovery passphrase (the current one comes from --passphrase-file,
    /// PEERDESK_PASSPHRASE or the terminal); the old one stops working at once
    Change {
        /// The new recovery passphrase, in a file (one line)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: PathBuf,
    },
}

/// `peerdesk backup --out FILE`: a verified backup of the open store.
pub fn backup(store: &Store, path: &Path, out: &mut dyn Write) -> Outcome {
    let source = store.backup_source()?;
    let summary = with_bar(|work| backup::write(&source, path, clock::now_utc_time(), work))?;
    backup::record_success(store.conn(), &summary, false)?;
    emit(
        out,
        &format!(
            "Backup written to {} ({}, {} rows) and verified in {:.1} s.\n\
             It restores anywhere with the recovery passphrase: peerdesk restore {}\n",
            summary.path.display(),
            crate::human_bytes(summary.bytes),
            summary.rows,
            summary.seconds,
            summary.path.display()
        ),
    )
}

/// `peerdesk restore FILE [--replace]` into the data folder, with the backup's passphrase.
pub fn restore(ctx: &Context, file: &Path, replace: bool, out: &mut dyn Write) -> Outcome {
    let passphrase = ctx.required("the backup's recovery passphrase")?;
    let summary = with_bar(|work| {
        backup::restore(
            file,
            &ctx.dir,
            &passphrase,
            replace,
            clock::now_utc_time(),
            work,
        )
    })?;
    backup::open_restored(&summary, ctx.keychain(), &passphrase)?;
    let mut text = format!(
        "Restored the backup of {} ({} rows) into {}.\n",
        summary.created_at.format("%Y-%m-%d %H:%M UTC"),
        summary.rows,
        summary.data_dir.display()
    );
    if let Some(aside) = &summary.set_aside {
        text.push_str(&format!(
            "The store that was there is kept in {}.\n",
            aside.display()
        ));
    }
    emit(out, &text)
}

/// `peerdesk passphrase change --new-passphrase-file FILE`.
pub fn change_passphrase(
    ctx: &Context,
    command: &PassphraseCommand,
    out: &mut dyn Write,
) -> Outcome {
    let PassphraseCommand::Change {
        new_passphrase_file,
    } = command;
    let (mut store, current) = ctx.open_with_recovery("the current recovery passphrase")?;
    let new = read_passphrase_file(new_passphrase_file)?;
    store.change_passphrase(&current, &new)?;
    emit(
        out,
        "The recovery passphrase was changed; the old one no longer opens this store \
         (backups made before keep the passphrase of their day).\n",
    )
}

/// `peerdesk rekey`: a new data key, every page re-encrypted.
pub fn rekey(ctx: &Context, out: &mut dyn Write) -> Outcome {
    let (mut store, passphrase) = ctx.open_with_recovery("the recovery passphrase")?;
    let rotation = with_bar(|work| store.rotate_key(&passphrase, ctx.keychain(), work))?;
    let mut text = format!(
        "The data key was rotated: every page is encrypted under a new key ({:.1} s).\n",
        rotation.seconds
    );
    if let Some(problem) = rotation.keychain_problem {
        text.push_str(&format!(
            "note: the OS credential store could not take the new key ({problem}); the recovery passphrase opens the store\n"
        ));
    }
    emit(out, &text)
}
