//! `peerdesk report` and `peerdesk export outreach`: what leaves the program, always
//! suppressed and de-identified; no flag turns that off.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use peerdesk_core::clock;
use peerdesk_core::reporting::export::{self, Format};
use peerdesk_core::reporting::reports::{self, ReportQuery, ReportTable};
use rusqlite::Connection;

use crate::output::{emit, json, Outcome};
use crate::progress::with_bar;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The de-identified outreach export (CSV with a BOM, or XLSX), k-anonymous
    Outreach {
        /// Where to write it
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// csv or xlsx [default: from the file's extension, else csv]
        #[arg(long, value_parser = Format::NAMES)]
        format: Option<String>,
        /// From this date (YYYY-MM-DD) [default: the first of this month]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

fn query(from: &Option<String>, to: &Option<String>) -> ReportQuery {
    ReportQuery {
        from: from.clone().unwrap_or_default(),
        to: to.clone().unwrap_or_default(),
        organization_id: None,
        coordinator_view: false,
    }
}

pub fn export(conn: &Connection, command: &ExportCommand, out: &mut dyn Write) -> Outcome {
    let ExportCommand::Outreach {
        out: path,
        format,
        from,
        to,
    } = command;
    let format = Format::for_file(format.as_deref(), path)?;
    let summary = with_bar(|work| {
        export::export_outreach_to(conn, path, &query(from, to), format, clock::today(), work)
    })?;
    emit(
        out,
        &format!(
            "Wrote {}: {} of {} outreaches from {} to {} (k = {}; month → quarter {}, quarter → year {}, department → other {}, role → family {}, suppressed {}).\n",
            path.display(),
            summary.rows_exported,
            summary.outreaches,
            summary.from,
            summary.to,
            summary.k,
            summary.month_to_quarter,
            summary.quarter_to_year,
            summary.department_generalized,
            summary.role_generalized,
            summary.suppressed
        ),
    )
}

/// `peerdesk report [--json] [--from DATE] [--to DATE]`
pub fn report(
    conn: &Connection,
    as_json: bool,
    from: &Option<String>,
    to: &Option<String>,
    out: &mut dyn Write,
) -> Outcome {
    let report = reports::build(conn, &query(from, to), clock::today())?;
    if as_json {
        return json(out, &report);
    }
    let mut text = format!(
        "Report {} to {} (counts from 1 to {} shown as <{})\n",
        report.from,
        report.to,
        report.threshold - 1,
        report.threshold
    );
    if report.empty {
        let _ = writeln!(text, "No outreaches or requests in this period.");
        return emit(out, &text);
    }
    let _ = writeln!(
        text,
        "Outreaches: {}; growth against {} to {}: {}",
        report.outreaches.text,
        report.growth.previous_from,
        report.growth.previous_to,
        report
            .growth
            .percent
            .map_or("not shown".to_string(), |p| format!("{p:+.1}%"))
    );
    let _ = writeln!(
        text,
        "Requests received: {}; first contact within {} business days: {}; median hours to first contact: {}",
        report.reply.received.text,
        report.reply.reply_target_days,
        report.reply.share_within_target.map_or("hidden".to_string(), |s| format!("{s:.1}%")),
        report.reply.median_hours_to_first_contact.map_or("hidden".to_string(), |h| format!("{h:.1}"))
    );
    for table in report
        .tables
        .iter()
        .chain([&report.monthly])
        .chain(&report.load)
    {
        write_table(&mut text, table);
    }
    emit(out, &text)
}

fn write_table(text: &mut String, table: &ReportTable) {
    let _ = writeln!(text, "\n{}", table.title);
    for row in &table.rows {
        let share = row
            .share
            .map(|s| format!("{s:>5.1}%"))
            .unwrap_or_else(|| "     —".into());
        let _ = writeln!(text, "  {:<40} {:>6} {share}", row.label, row.count.text);
    }
    let _ = writeln!(text, "  {:<40} {:>6}", "Total", table.total.text);
    let _ = writeln!(text, "  {}", table.caption);
}
