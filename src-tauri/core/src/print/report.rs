//! The committee report: the Reports tables and bar charts for a period, suppressed exactly
//! as on screen without the coordinator view (it leaves the screen), with a title page, the
//! period, the program's name, page numbers and the date it was generated.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{
    brand, fit, heading_color, line_height, program_title, text_width, Doc, Paper, INK, MUTED,
};
use crate::error::Result;
use crate::program;
use crate::reporting::reports::{self, Report, ReportQuery, ReportTable};

const RULE: &str = "#C9D3D8";
const HIDDEN: &str = "#E3E8EB";
/// Where tables start on a page and how far down they may go (above the footer).
const TOP: f32 = 24.0;
const FOOTER: f32 = 20.0;
const ROW: f32 = 6.0;

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
    let brand = brand(conn)?;
    let program_name = program_title(&program);
    let (width, height) = paper.size();
    let margin = 20.0;
    let inner = width - 2.0 * margin;
    let mut doc = Doc::new("Peer support committee report", paper);

    // Title page.
    doc.rect(0.0, 0.0, width, 14.0, &brand);
    let mut y = 90.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        14.0,
        true,
        &heading_color(&brand),
        &program_name,
        1.0,
    );
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
    let mut y = TOP;
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
            // A table starts on a new page when it would fit there but not here; a table
            // longer than a page goes on over as many pages as it needs.
            let needed = 20.0 + table.rows.len() as f32 * ROW + 14.0;
            let room = height - FOOTER - y;
            if needed > room && (needed <= height - FOOTER - TOP || room < 40.0) {
                doc.new_page();
                y = TOP;
            }
            y = draw_table(&mut doc, table, margin, y, inner, &brand);
        }
    }

    // Page numbers and the generated date on every page.
    let pages = doc.pages.len();
    for (index, page) in doc.pages.iter_mut().enumerate() {
        // The program's name gives way (with "…") to the period and the page number.
        let rest = format!(
            " · {} to {} · generated {today} · page {} of {pages}",
            report.from,
            report.to,
            index + 1
        );
        let name_room = inner - text_width(&rest, 8.0, false);
        let footer = format!("{}{rest}", fit(&program_name, name_room, 8.0, false));
        page.items.push(super::Item::text(
            margin,
            height - 10.0,
            8.0,
            false,
            MUTED,
            &footer,
        ));
    }
    Ok((doc, report))
}

/// One table with its bar chart: label, bar, count and share; hidden counts as a grey box
/// labelled "<11", never drawn to scale. Rows that reach the footer go on to a new page under
/// the title marked "(continued)". Returns the y after it.
pub(super) fn draw_table(
    doc: &mut Doc,
    table: &ReportTable,
    x: f32,
    y: f32,
    width: f32,
    brand: &str,
) -> f32 {
    let bottom = doc.paper.size().1 - FOOTER;
    let title = |doc: &mut Doc, y: f32, text: &str| {
        doc.paragraph(x, y, width, 13.0, true, INK, text, 1.0) + 1.0
    };
    let continue_on_new_page = |doc: &mut Doc| {
        doc.new_page();
        title(doc, TOP, &format!("{} (continued)", table.title))
    };
    let mut y = title(doc, y, &table.title);
    let label_width = width * 0.36;
    let bar_left = x + label_width + 2.0;
    let bar_space = width * 0.40;
    let count_x = bar_left + bar_space + 4.0;
    let max = table
        .rows
        .iter()
        .filter_map(|r| r.count.value.filter(|_| !r.count.hidden))
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    for row in &table.rows {
        if y + ROW > bottom {
            y = continue_on_new_page(doc);
        }
        doc.text(
            x,
            y,
            9.5,
            false,
            INK,
            &fit(&row.label, label_width, 9.5, false),
        );
        match row.count.value.filter(|_| !row.count.hidden) {
            Some(value) => {
                let w = bar_space * value as f32 / max;
                if w > 0.0 {
                    doc.rect(bar_left, y - 3.2, w, 3.8, brand);
                }
            }
            None => doc.rect(bar_left, y - 3.2, 8.0, 3.8, HIDDEN),
        }
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
        y += ROW;
    }
    if y + 20.0 > bottom {
        y = continue_on_new_page(doc);
    }
    doc.rect(x, y - 3.5, width, 0.3, RULE);
    y += 1.5;
    doc.text(x, y, 9.5, true, INK, "Total");
    doc.text(count_x, y, 9.5, true, INK, &table.total.text);
    y += 5.0;
    y = doc.paragraph(x, y, width, 8.5, false, MUTED, &table.caption, 1.1);
    y + 6.0
}
