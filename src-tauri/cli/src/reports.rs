//! `peerdesk report` and `peerdesk export outreach`: what leaves the program, always
//! suppressed and de-identified; no flag turns that off.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use peerdesk_core::clock;
use peerdesk_core::reporting::export::{self, ExportFiles, Format};
use peerdesk_core::reporting::reports::{self, ReportQuery, ReportTable};
use rusqlite::Connection;

use crate::output::{emit, json, Outcome};
use crate::progress::with_bar;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The de-identified outreach export (CSV with a BOM, or XLSX), k-anonymous: one table,
    /// a header row and one row per outreach. What was generalized and suppressed, and the
    /// report's aggregates for the period (the committee's questions, group support), go to
    /// NAME.summary.txt beside a CSV, and to the "Summary" sheet of an XLSX.
    Outreach {
        /// Where to write it
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// csv or xlsx [default: from the file's extension, else csv]
        #[arg(long, value_parser = Format::NAMES)]
        format: Option<String>,
        /// Where to write the summary (text) [default: a CSV's NAME.summary.txt beside it; an
        /// XLSX only in its "Summary" sheet]
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
        #[command(flatten)]
        period: Period,
    },
}

/// The period of a report or an export. Without dates: the last 12 full months (from the 1st
/// of the month a year ago to the end of last month), as the Reports screen opens.
#[derive(Debug, clap::Args)]
pub struct Period {
    /// From this date (YYYY-MM-DD) [default: the 1st of this month a year ago; with --to,
    /// the start of the 12 calendar months ending with its month]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to this date (YYYY-MM-DD) [default: the last day of last month; with --from, today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

fn query(period: &Period) -> ReportQuery {
    ReportQuery {
        from: period.from.clone().unwrap_or_default(),
        to: period.to.clone().unwrap_or_default(),
        organization_id: None,
        coordinator_view: false,
    }
}

pub fn export(conn: &Connection, command: &ExportCommand, out: &mut dyn Write) -> Outcome {
    let ExportCommand::Outreach {
        out: path,
        format,
        summary: summary_path,
        period,
    } = command;
    let format = Format::for_file(format.as_deref(), path)?;
    let files = ExportFiles::new(path, format, summary_path.as_deref())?;
    let summary = with_bar(|work| {
        export::export_outreach_to(conn, &files, &query(period), format, clock::today(), work)
    })?;
    let mut text = format!(
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
    );
    match &files.summary {
        Some(written) => {
            let _ = writeln!(text, "The summary is in {}.", written.display());
        }
        None => {
            let _ = writeln!(text, "The summary is on the workbook's \"Summary\" sheet.");
        }
    }
    if summary.outreaches == 0 {
        let _ = writeln!(
            text,
            "No outreaches in this period.{}",
            default_note(period)
        );
    }
    emit(out, &text)
}

/// What an empty period without dates is told: which months the default covers, and how to
/// choose others.
fn default_note(period: &Period) -> &'static str {
    if period.from.is_none() && period.to.is_none() {
        " Without dates it is the last 12 full months, this month left out: --from and --to choose another."
    } else {
        ""
    }
}

/// `peerdesk report [--json] [--from DATE] [--to DATE]`
pub fn report(conn: &Connection, as_json: bool, period: &Period, out: &mut dyn Write) -> Outcome {
    let report = reports::build(conn, &query(period), clock::today())?;
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
        let _ = writeln!(
            text,
            "No outreaches, requests, critical events or team sessions in this period.{}",
            default_note(period)
        );
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
    let indicators = &report.indicators;
    let _ =
        writeln!(
            text,
            "\nThe committee's questions\n  Business days to first contact: {}",
            indicators.first_contact_business_days.as_ref().map_or(
                "hidden".to_string(),
                |d| format!("median {:.1}, 90th percentile {:.0}", d.median, d.p90)
            )
        );
    for share in &indicators.shares {
        let _ = writeln!(
            text,
            "  {}: {} ({} of {} {})",
            share.label,
            share
                .percent
                .map_or("not shown".to_string(), |p| format!("{p:.1}%")),
            share.part.text,
            share.whole.text,
            share.of_what.split(", of ").next().unwrap_or(share.of_what),
        );
    }
    for table in report
        .tables
        .iter()
        .chain([&report.monthly])
        .chain(&report.load)
    {
        write_table(&mut text, table);
    }
    let group = &report.group;
    let _ = writeln!(
        text,
        "\nGroup support: critical events: {}; units reached within {} hours: {}; group sessions: {}; people reached: {}",
        group.events.text,
        group.target_hours,
        group
            .share_in_time
            .map_or("not shown".to_string(), |s| format!("{s:.1}%")),
        group.sessions.text,
        group.people_reached.text
    );
    if group.events.value != Some(0) || group.sessions.value != Some(0) {
        for table in &group.tables {
            write_table(&mut text, table);
        }
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
