//! `peerdesk print flyer|sign|report`: the printed material, as PDF files. By default for an
//! office printer (nothing closer than 6 mm to the paper's edge); `--print-shop` adds a 3 mm
//! bleed and crop marks for a print shop that trims its sheets. `peerdesk print signs` lists
//! the signs printed so far (each is remembered with who it named), and which to print again.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use peerdesk_core::print::{self, Finish, Paper, PrintRequest};
use peerdesk_core::program::organizations;
use peerdesk_core::store::session::Access;
use peerdesk_core::{clock, CoreError};
use rusqlite::Connection;

use crate::output::{emit, Failure, Outcome};
use crate::progress::with_bar;
use crate::reports::Period;
use crate::session::REPORTING_ONLY;

/// What every document is printed on and where it goes: the paper, the finish, the file.
#[derive(Debug, Args)]
pub struct Output {
    #[arg(long, default_value = "letter", value_parser = Paper::NAMES)]
    paper: String,
    /// For a print shop: colour runs 3 mm past the page's edge (the bleed) and crop marks
    /// show where to cut; the PDF's TrimBox and BleedBox say so. Without it, for an office
    /// printer: nothing comes closer than 6 mm to the paper's edge
    #[arg(long)]
    print_shop: bool,
    /// The PDF to write
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
}

impl Output {
    /// Where the pages go: `--print-shop`, or an office printer.
    fn finish(&self) -> Finish {
        if self.print_shop {
            Finish::PrintShop
        } else {
            Finish::Office
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// The co-branded flyer for a partner organization (one page)
    Flyer {
        /// The partner organization: name, short name or id
        #[arg(long, value_name = "ORG_NAME_OR_ID")]
        partner: String,
        /// The batch's source code in the QR link, so requests from this batch are counted by
        /// source (letters, digits, dashes) [default: the partner's short name and the month,
        /// like riverside-2026-12]
        #[arg(long, value_name = "CODE")]
        source: Option<String>,
        #[command(flatten)]
        output: Output,
    },
    /// The break-room sign: the supporters of a department who consented to be named
    Sign {
        /// The department (from the departments list)
        #[arg(long)]
        department: String,
        /// Only the supporters of this organization: name, short name or id
        #[arg(long, value_name = "O")]
        organization: Option<String>,
        #[command(flatten)]
        output: Output,
    },
    /// The committee report of a period (default: the last 12 full months), suppressed as on
    /// screen
    Report {
        #[command(flatten)]
        period: Period,
        #[command(flatten)]
        output: Output,
    },
    /// The signs printed so far, newest first: area, day, how many named, and whether one on
    /// a wall names a supporter who withdrew consent (with the command that reprints it)
    Signs {
        /// Only the signs that named this supporter (their id)
        #[arg(long, value_name = "SUPPORTER_ID")]
        naming: Option<i64>,
        /// Only the signs on a wall that name someone who withdrew consent
        #[arg(long)]
        to_reprint: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// The blank outreach template (Table 1) for supporters who note a contact on paper: the
    /// program's modes, referral sources, issue types and resources as tick boxes
    OutreachTemplate {
        #[command(flatten)]
        output: Output,
    },
}

impl PrintCommand {
    /// The document's name, as the core's print requests call it.
    fn document(&self) -> &'static str {
        match self {
            PrintCommand::Flyer { .. } => "flyer",
            PrintCommand::Sign { .. } => "sign",
            PrintCommand::Report { .. } => "report",
            // Names supporters: the coordinator's alone, as a sign is.
            PrintCommand::Signs { .. } => "sign",
            PrintCommand::OutreachTemplate { .. } => "outreach-template",
        }
    }

    /// The request the window would send for the same document: names resolved to ids.
    fn request(&self, conn: &Connection) -> Result<(PrintRequest, &Path), CoreError> {
        let (output, request) = match self {
            PrintCommand::Flyer {
                partner,
                source,
                output,
            } => (
                output,
                PrintRequest {
                    partner_id: Some(organizations::resolve(conn, partner)?),
                    source: source.clone().unwrap_or_default(),
                    ..PrintRequest::default()
                },
            ),
            PrintCommand::Sign {
                department,
                organization,
                output,
            } => (
                output,
                PrintRequest {
                    department: department.clone(),
                    organization_id: organization
                        .as_deref()
                        .map(|o| organizations::resolve(conn, o))
                        .transpose()?,
                    ..PrintRequest::default()
                },
            ),
            PrintCommand::Report { period, output } => (
                output,
                PrintRequest {
                    from: period.from.clone().unwrap_or_default(),
                    to: period.to.clone().unwrap_or_default(),
                    ..PrintRequest::default()
                },
            ),
            PrintCommand::Signs { .. } => {
                return Err(CoreError::Internal(
                    "the list of printed signs is not a document".into(),
                ))
            }
            PrintCommand::OutreachTemplate { output } => (output, PrintRequest::default()),
        };
        let request = PrintRequest {
            document: self.document().to_string(),
            paper: Paper::parse(&output.paper)?,
            finish: output.finish(),
            ..request
        };
        Ok((request, &output.out))
    }
}

/// Prints one document. With reporting access, a sign (which names supporters) is refused.
pub fn print(
    conn: &Connection,
    access: Access,
    command: &PrintCommand,
    out: &mut dyn Write,
) -> Outcome {
    if !print::may_print(access, command.document()) {
        return Err(Failure::input("reporting_mode", REPORTING_ONLY));
    }
    if let PrintCommand::Signs {
        naming,
        to_reprint,
        json,
    } = command
    {
        return crate::care::signs(conn, *naming, *to_reprint, *json, out);
    }
    let (request, path) = command.request(conn)?;
    let doc = with_bar(|work| print::write_document(conn, &request, clock::today(), path, work))?;
    print::record_printed(conn, &doc)?;
    let pages = doc.pages.len();
    let for_whom = match doc.finish {
        Finish::Office => "",
        Finish::PrintShop => ", for a print shop: 3 mm bleed and crop marks",
    };
    // Why it runs to several pages, when the layout says (a sign too big for one page).
    let note = doc
        .note
        .as_deref()
        .map(|note| format!("\n{note}"))
        .unwrap_or_default();
    emit(
        out,
        &format!(
            "Wrote {} ({pages} page{}{for_whom}).{note}\n",
            path.display(),
            if pages == 1 { "" } else { "s" }
        ),
    )
}
