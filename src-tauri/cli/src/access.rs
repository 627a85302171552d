//! `peerdesk reporting` and `peerdesk audit`: who may see what, and the record of what was
//! done. Each subcommand is one call into `peerdesk_core::{reporting::access, store::audit}`.

use std::io::Write;

use std::path::Path;

use clap::Subcommand;
use peerdesk_core::error::Problem;
use peerdesk_core::fields::parse_date;
use peerdesk_core::reporting::access as reporting;
use peerdesk_core::store::audit::{self, Filter};
use peerdesk_core::Store;

use crate::output::{emit, json, Failure, Outcome};
use crate::session::{coordinator_only, passphrase_from_env, read_passphrase_file, Context};

#[derive(Debug, Subcommand)]
pub enum ReportingCommand {
    /// Issue the reporting passphrase, read from --passphrase-file FILE (one line). Staff
    /// who type it see Reports, the export and the flyer, never a name. A passphrase issued
    /// before stops working. The store itself opens with the OS credential store, else with
    /// --recovery-passphrase-file or PEERDESK_PASSPHRASE.
    Issue {
        /// The recovery passphrase, in a file, when the credential store cannot open the store
        #[arg(long, value_name = "FILE")]
        recovery_passphrase_file: Option<std::path::PathBuf>,
    },
    /// Revoke reporting access: the reporting store and its key file are deleted
    Revoke,
    /// Refresh the reporting store from the coordinator's now (the window does it by itself)
    Refresh,
    /// Whether a reporting passphrase is issued, and how fresh the reporting data is
    Status {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// The audit log, newest first: when, who, what, counts (never a name)
    List {
        /// Print JSON (objects with id, at, actor, action, detail)
        #[arg(long)]
        json: bool,
        /// Only entries on or after this day (YYYY-MM-DD, the workstation's calendar)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only this action (as listed, e.g. "unlock" or "de-identified outreach export")
        #[arg(long, value_name = "A")]
        action: Option<String>,
    },
    /// Check the log's hash chain: exit 0 when intact (and print its newest hash, to note
    /// down elsewhere), exit 2 naming the first entry that was changed or removed
    Verify {
        /// A hash noted down earlier: it must still be in the log (nothing was cut off)
        #[arg(long, value_name = "HASH")]
        expect: Option<String>,
    },
}

/// `peerdesk reporting issue|revoke|refresh|status`, always on the coordinator's store.
pub fn reporting(ctx: &Context, command: &ReportingCommand, out: &mut dyn Write) -> Outcome {
    match command {
        ReportingCommand::Issue {
            recovery_passphrase_file,
        } => issue(ctx, recovery_passphrase_file.as_deref(), out),
        ReportingCommand::Revoke => revoke(&ctx.open()?, out),
        ReportingCommand::Refresh => refresh(&ctx.open()?, out),
        ReportingCommand::Status { json: as_json } => status(&ctx.open()?, *as_json, out),
    }
}

/// Here --passphrase-file holds the reporting passphrase being issued; the store itself
/// opens with the credential store, the recovery passphrase's own file or
/// PEERDESK_PASSPHRASE.
fn issue(ctx: &Context, recovery_file: Option<&Path>, out: &mut dyn Write) -> Outcome {
    let passphrase = ctx.given_in_file().ok_or_else(|| {
        Failure::field(
            "passphrase_file",
            Problem::Required,
            "the reporting passphrase is needed: give it with --passphrase-file FILE",
        )
    })?;
    let recovery = match recovery_file {
        Some(path) => Some(read_passphrase_file(path)?),
        None => passphrase_from_env(),
    };
    let store = coordinator_only(ctx.open_with(recovery)?)?;
    let status = reporting::issue(&store, passphrase)?;
    emit(
        out,
        &format!(
            "Reporting passphrase issued: it opens Reports, the de-identified export and the flyer ({} outreaches), never a name.\n",
            status.outreaches
        ),
    )
}

fn revoke(store: &Store, out: &mut dyn Write) -> Outcome {
    let was = reporting::revoke(store)?;
    emit(
        out,
        if was {
            "Reporting access revoked: the reporting store and its key file are deleted.\n"
        } else {
            "No reporting passphrase was issued; nothing to revoke.\n"
        },
    )
}

fn refresh(store: &Store, out: &mut dyn Write) -> Outcome {
    let done = reporting::refresh(store)?.ok_or_else(|| {
        Failure::input(
            "not_issued",
            "no reporting passphrase is issued: `peerdesk reporting issue --passphrase-file FILE` first",
        )
    })?;
    emit(
        out,
        &format!(
            "Reporting store refreshed: {} outreaches, {} requests; {} staff action(s) copied into the audit log.\n",
            done.outreaches, done.requests, done.staff_actions
        ),
    )
}

fn status(store: &Store, as_json: bool, out: &mut dyn Write) -> Outcome {
    let status = reporting::status(store)?;
    if as_json {
        return json(out, &status);
    }
    emit(
        out,
        &if status.issued {
            format!(
                "Reporting passphrase issued; reporting data refreshed {} ({} outreaches).\n",
                status.refreshed_at.as_deref().unwrap_or("never"),
                status.outreaches
            )
        } else {
            "No reporting passphrase is issued.\n".to_string()
        },
    )
}

/// `peerdesk audit list|verify`.
pub fn audit(store: &Store, command: &AuditCommand, out: &mut dyn Write) -> Outcome {
    match command {
        AuditCommand::List {
            json: as_json,
            since,
            action,
        } => list(store, since.as_deref(), action, *as_json, out),
        AuditCommand::Verify { expect } => verify(store, expect.as_deref(), out),
    }
}

fn list(
    store: &Store,
    since: Option<&str>,
    action: &Option<String>,
    as_json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let since = since
        .map(|text| {
            parse_date(text)
                .map_err(|e| Failure::field("since", Problem::Format, format!("--since: {e}")))
        })
        .transpose()?;
    let filter = Filter {
        since,
        until: None,
        action: action.clone(),
    };
    let entries = audit::list(store.conn(), &filter)?;
    if as_json {
        return json(out, &entries);
    }
    let mut text = String::new();
    for entry in &entries {
        let detail = entry.detail.as_deref().map(|d| format!(": {d}"));
        text.push_str(&format!(
            "{}  #{:<5} {:<12} {}{}\n",
            entry.at,
            entry.id,
            entry.actor,
            entry.action,
            detail.unwrap_or_default()
        ));
    }
    if entries.is_empty() {
        text.push_str("No entries match.\n");
    }
    emit(out, &text)
}

/// A broken chain, or a hash noted earlier that is no longer there, is the store's
/// problem (exit 2), not a mistake of the person typing.
fn verify(store: &Store, expect: Option<&str>, out: &mut dyn Write) -> Outcome {
    let found = audit::verify(store.conn())?;
    if let Some(broken) = found.broken {
        return Err(Failure::store(
            "audit_tampered",
            format!(
                "the audit log was tampered with: entry #{}: {} ({} entries before it are intact)",
                broken.id, broken.reason, found.entries
            ),
        ));
    }
    if let Some(noted) = expect {
        if audit::entry_with_hash(store.conn(), noted)?.is_none() {
            return Err(Failure::store(
                "audit_cut_off",
                format!("no entry of the audit log carries the hash {noted}: entries were cut off after it, or it was mistyped"),
            ));
        }
    }
    emit(
        out,
        &format!(
            "The audit log is intact: {} entries, chained. Newest entry's hash: {}\n",
            found.entries,
            found.head.as_deref().unwrap_or("(empty log)")
        ),
    )
}
