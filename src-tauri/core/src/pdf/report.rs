//! The committee report: the Reports tables and bar charts for a period, suppressed exactly
//! as on screen without the coordinator view (it leaves the screen), with a title page, the
//! period, the program's name, page numbers and the date it was generated.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{line_height, text_width, wrap, Doc, Paper};
use crate::error::Result;
use crate::program;
use crate::reports::{self, Report, ReportQuery, ReportTable};

const INK: &str = "#1B2A33";
const MUTED: &str = "#4A5A63";
const RULE: &str = "#C9D3D8";
const HIDDEN: &str = "#E3E8EB";
const DEFAULT_BRAND: &str = "#2F6F8F";

/// Builds the suppressed report of the query's period and lays it out.
pub fn layout(
    conn: &Connection,
    query: &ReportQuery,
    paper: Paper,
    today: NaiveDate,
) -> Result<(Doc, Report)> {
    let query = ReportQuery {
        coordinator_view: false,
        ..query.clone()
    };
    let report = reports::build(conn, &query, today)?;
    let program = program::load(conn)?;
    let brand = crate::organizations::host(conn)?
        .map(|id| crate::organizations::get(conn, id))
        .transpose()?
        .and_then(|h| h.brand_color)
        .unwrap_or_else(|| DEFAULT_BRAND.to_string());
    let program_name = if program.program_name.is_empty() {
        "Peer Support Program".to_string()
    } else {
        program.program_name.clone()
    };
    let (width, height) = paper.size();
    let margin = 20.0;
    let inner = width - 2.0 * margin;
    let mut doc = Doc::new("Peer support committee report", paper);

    // Title page.
    doc.rect(0.0, 0.0, width, 14.0, &brand);
    let mut y = 90.0;
    y = doc.paragraph(margin, y, inner, 14.0, true, &brand, &program_name, 1.0);
    y += 4.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        30.0,
        true,
        INK,
        "Peer support report",
        1.0,
    );
    y += 2.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        16.0,
        false,
        INK,
        &format!("{} to {}", report.from, report.to),
        1.0,
    );
    if let Some(organization) = &report.organization {
        y = doc.paragraph(margin, y, inner, 14.0, false, MUTED, organization, 1.0);
    }
    y += 10.0;
    let notice = format!(
        "Counts from 1 to {} are shown as <{}, and some larger counts are hidden too where a total would reveal a small one, so that no colleague can be recognised. Generated on {today}.",
        report.threshold - 1,
        report.threshold
    );
    doc.paragraph(margin, y, inner, 11.0, false, MUTED, &notice, 1.2);

    // Summary and tables, as many per page as fit.
    doc.new_page();
    let mut y = 24.0;
    y = doc.paragraph(margin, y, inner, 18.0, true, INK, "Summary", 1.0) + 2.0;
    let summary = [
        ("Outreaches in the period", report.outreaches.text.clone()),
        (
            "Growth against the previous period",
            report
                .growth
                .percent
                .map_or("not shown".to_string(), |p| format!("{p:+.1}%")),
        ),
        ("Requests received", report.reply.received.text.clone()),
        (
            "First contacts within the reply target",
            report
                .reply
                .share_within_target
                .map_or("hidden".to_string(), |s| format!("{s:.1}%")),
        ),
        (
            "Median hours to first contact",
            report
                .reply
                .median_hours_to_first_contact
                .map_or("hidden".to_string(), |h| format!("{h:.1}")),
        ),
    ];
    for (label, value) in summary {
        doc.text(margin, y, 11.0, false, INK, label);
        doc.text(
            margin + inner - text_width(&value, 11.0, true),
            y,
            11.0,
            true,
            INK,
            &value,
        );
        y += line_height(11.0) + 1.5;
    }
    y += 6.0;
    if report.empty {
        doc.paragraph(
            margin,
            y,
            inner,
            12.0,
            false,
            INK,
            "No outreaches or requests in this period.",
            1.2,
        );
    } else {
        for table in report
            .tables
            .iter()
            .chain([&report.monthly])
            .chain(&report.load)
        {
            let needed = 20.0 + table.rows.len() as f32 * 7.0 + 14.0;
            if y + needed > height - 20.0 {
                doc.new_page();
                y = 24.0;
            }
            y = draw_table(&mut doc, table, margin, y, inner, &brand);
        }
    }

    // Page numbers and the generated date on every page.
    let pages = doc.pages.len();
    for (index, page) in doc.pages.iter_mut().enumerate() {
        let footer = format!(
            "{program_name} · {} to {} · generated {today} · page {} of {pages}",
            report.from,
            report.to,
            index + 1
        );
        page.items.push(super::Item::Text {
            x: margin,
            y: height - 10.0,
            size: 8.0,
            bold: false,
            color: MUTED.into(),
            text: footer,
        });
    }
    Ok((doc, report))
}

/// One table with its bar chart: label, bar, count and share; hidden counts as a grey box
/// labelled "<11", never drawn to scale. Returns the y after it.
fn draw_table(doc: &mut Doc, table: &ReportTable, x: f32, y: f32, width: f32, brand: &str) -> f32 {
    let mut y = doc.paragraph(x, y, width, 13.0, true, INK, &table.title, 1.0) + 1.0;
    let label_width = width * 0.36;
    let bar_left = x + label_width + 2.0;
    let bar_space = width * 0.40;
    let max = table
        .rows
        .iter()
        .filter_map(|r| r.count.value.filter(|_| !r.count.hidden))
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    for row in &table.rows {
        let label = wrap(&row.label, label_width, 9.5, false)
            .into_iter()
            .next()
            .unwrap_or_default();
        doc.text(x, y, 9.5, false, INK, &label);
        match row.count.value.filter(|_| !row.count.hidden) {
            Some(value) => {
                let w = bar_space * value as f32 / max;
                if w > 0.0 {
                    doc.rect(bar_left, y - 3.2, w, 3.8, brand);
                }
            }
            None => doc.rect(bar_left, y - 3.2, 8.0, 3.8, HIDDEN),
        }
        let count_x = bar_left + bar_space + 4.0;
        doc.text(count_x, y, 9.5, true, INK, &row.count.text);
        let share = row.share.map_or("—".to_string(), |s| format!("{s:.1}%"));
        doc.text(
            x + width - text_width(&share, 9.5, false),
            y,
            9.5,
            false,
            MUTED,
            &share,
        );
        y += 6.0;
    }
    doc.rect(x, y - 3.5, width, 0.3, RULE);
    y += 1.5;
    doc.text(x, y, 9.5, true, INK, "Total");
    doc.text(
        bar_left + bar_space + 4.0,
        y,
        9.5,
        true,
        INK,
        &table.total.text,
    );
    y += 5.0;
    y = doc.paragraph(x, y, width, 8.5, false, MUTED, &table.caption, 1.1);
    y + 6.0
}
