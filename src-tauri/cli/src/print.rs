//! `peerdesk print flyer|sign|report`: the printed material, as PDF files.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use peerdesk_core::pdf::{self, flyer, report, sign, Paper};
use peerdesk_core::reporting::Access;
use peerdesk_core::reports::ReportQuery;
use peerdesk_core::{clock, organizations};
use rusqlite::Connection;

use crate::output::{emit, Outcome};

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// The co-branded flyer for a partner organization (one page)
    Flyer {
        /// The partner organization: name, short name or id
        #[arg(long, value_name = "ORG_NAME_OR_ID")]
        partner: String,
        #[arg(long, default_value = "letter", value_parser = ["letter", "a4"])]
        paper: String,
        /// The PDF to write
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// The break-room sign: the supporters of a department who consented to be named
    Sign {
        /// The department (from the departments list)
        #[arg(long)]
        department: String,
        /// Only the supporters of this organization: name, short name or id
        #[arg(long, value_name = "O")]
        organization: Option<String>,
        #[arg(long, default_value = "letter", value_parser = ["letter", "a4"])]
        paper: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// The committee report of a period, suppressed as on screen
    Report {
        /// From this date (YYYY-MM-DD) [default: the first of this month]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, default_value = "letter", value_parser = ["letter", "a4"])]
        paper: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

/// Prints one document. With reporting access, a sign (which names supporters) is refused.
pub fn print(
    conn: &Connection,
    access: Access,
    command: &PrintCommand,
    out: &mut dyn Write,
) -> Outcome {
    if access == Access::Reporting && matches!(command, PrintCommand::Sign { .. }) {
        return Err(crate::REPORTING_ONLY.into());
    }
    let failed = |e: peerdesk_core::CoreError| e.to_string();
    let (doc, path) = match command {
        PrintCommand::Flyer {
            partner,
            paper,
            out: path,
        } => {
            let partner = organizations::resolve(conn, partner).map_err(failed)?;
            (
                flyer::layout(conn, partner, Paper::parse(paper).map_err(failed)?, None)
                    .map_err(failed)?,
                path,
            )
        }
        PrintCommand::Sign {
            department,
            organization,
            paper,
            out: path,
        } => {
            let organization = organization
                .as_deref()
                .map(|o| organizations::resolve(conn, o))
                .transpose()
                .map_err(failed)?;
            (
                sign::layout(
                    conn,
                    department,
                    organization,
                    Paper::parse(paper).map_err(failed)?,
                )
                .map_err(failed)?,
                path,
            )
        }
        PrintCommand::Report {
            from,
            to,
            paper,
            out: path,
        } => {
            let query = ReportQuery {
                from: from.clone().unwrap_or_default(),
                to: to.clone().unwrap_or_default(),
                ..ReportQuery::default()
            };
            let (doc, _) = report::layout(
                conn,
                &query,
                Paper::parse(paper).map_err(failed)?,
                clock::today(),
            )
            .map_err(failed)?;
            (doc, path)
        }
    };
    pdf::save_pdf(conn, &doc, path).map_err(failed)?;
    emit(
        out,
        &format!(
            "Wrote {} ({} page{}).\n",
            path.display(),
            doc.pages.len(),
            if doc.pages.len() == 1 { "" } else { "s" }
        ),
    )
}
