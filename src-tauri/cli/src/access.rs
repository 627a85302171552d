//! `peerdesk reporting` and `peerdesk audit`: who may see what, and the record of what was
//! done. Each subcommand is one call into `peerdesk_core::{reporting, audit}`.

use std::io::Write;

use chrono::NaiveDate;
use clap::Subcommand;
use peerdesk_core::audit::{self, Filter};
use peerdesk_core::{reporting, Passphrase, Store};

use crate::output::{emit, json, Outcome};

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
    /// down elsewhere), exit 1 naming the first entry that was changed or removed
    Verify {
        /// A hash noted down earlier: it must still be in the log (nothing was cut off)
        #[arg(long, value_name = "HASH")]
        expect: Option<String>,
    },
}

pub fn reporting(
    store: &Store,
    command: &ReportingCommand,
    new_passphrase: Option<Passphrase>,
    out: &mut dyn Write,
) -> Outcome {
    let failed = |e: peerdesk_core::CoreError| e.to_string();
    match command {
        ReportingCommand::Issue { .. } => {
            let passphrase = new_passphrase.ok_or(
                "the reporting passphrase is needed: give it with --passphrase-file FILE",
            )?;
            let status = reporting::issue(store, &passphrase).map_err(failed)?;
            emit(
                out,
                &format!(
                    "Reporting passphrase issued: it opens Reports, the de-identified export and the flyer ({} outreaches), never a name.\n",
                    status.outreaches
                ),
            )
        }
        ReportingCommand::Revoke => {
            let was = reporting::revoke(store).map_err(failed)?;
            emit(
                out,
                if was {
                    "Reporting access revoked: the reporting store and its key file are deleted.\n"
                } else {
                    "No reporting passphrase was issued; nothing to revoke.\n"
                },
            )
        }
        ReportingCommand::Refresh => match reporting::refresh(store).map_err(failed)? {
            Some(done) => emit(
                out,
                &format!(
                    "Reporting store refreshed: {} outreaches, {} requests; {} staff action(s) copied into the audit log.\n",
                    done.outreaches, done.requests, done.staff_actions
                ),
            ),
            None => Err("no reporting passphrase is issued: `peerdesk reporting issue --passphrase-file FILE` first".into()),
        },
        ReportingCommand::Status { json: as_json } => {
            let status = reporting::status(store).map_err(failed)?;
            if *as_json {
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
    }
}

pub fn audit(store: &Store, command: &AuditCommand, out: &mut dyn Write) -> Outcome {
    let failed = |e: peerdesk_core::CoreError| e.to_string();
    match command {
        AuditCommand::List {
            json: as_json,
            since,
            action,
        } => {
            let since = since
                .as_deref()
                .map(|text| {
                    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                        format!("--since \"{text}\" is not a date: write it as YYYY-MM-DD")
                    })
                })
                .transpose()?;
            let filter = Filter {
                since,
                until: None,
                action: action.clone(),
            };
            let entries = audit::list(store.conn(), &filter).map_err(failed)?;
            if *as_json {
                return json(out, &entries);
            }
            let mut text = String::new();
            for entry in &entries {
                text.push_str(&format!(
                    "{}  #{:<5} {:<12} {}{}\n",
                    entry.at,
                    entry.id,
                    entry.actor,
                    entry.action,
                    entry
                        .detail
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                ));
            }
            if entries.is_empty() {
                text.push_str("No entries match.\n");
            }
            emit(out, &text)
        }
        AuditCommand::Verify { expect } => {
            let found = audit::verify(store.conn()).map_err(failed)?;
            if let (None, Some(noted)) = (&found.broken, expect) {
                if audit::entry_with_hash(store.conn(), noted)
                    .map_err(failed)?
                    .is_none()
                {
                    return Err(format!(
                        "no entry of the audit log carries the hash {noted}: entries were cut off after it, or it was mistyped"
                    ));
                }
            }
            match found.broken {
                Some(broken) => Err(format!(
                    "the audit log was tampered with: entry #{}: {} ({} entries before it are intact)",
                    broken.id, broken.reason, found.entries
                )),
                None => emit(
                    out,
                    &format!(
                        "The audit log is intact: {} entries, chained. Newest entry's hash: {}\n",
                        found.entries,
                        found.head.as_deref().unwrap_or("(empty log)")
                    ),
                ),
            }
        }
    }
}
