//! The committee report: the Reports tables and bar charts for a period, suppressed exactly
//! as on screen without the coordinator view (it leaves the screen). A cover page says whose
//! report it is, for which period and when it was prepared, with the key figures and the
//! contents; then the summary (every hidden figure says why) and the tables. Dates read as
//! in the window ("Dec 1, 2026"); every page has the period and its number at the foot.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::{
    brand, fit, heading_color, line_height, long_date, month_name, program_title, text_width, Doc,
    Sheet, INK, MUTED,
};
use crate::error::Result;
use crate::program;
use crate::reporting::reports::figures::{self, Figure, HIDDEN_VALUE};
use crate::reporting::reports::{self, target_words, Report, ReportQuery, ReportRow, ReportTable};

const RULE: &str = "#C9D3D8";
/// What the growth reads as when the period before had no outreaches at all.
const NOTHING_TO_COMPARE: &str = "not shown";
/// The summary's one figure the cover leaves out (four fit side by side).
const MEDIAN_LABEL: &str = "Median hours to first contact";
const HIDDEN: &str = "#E3E8EB";
/// Where tables start on a page and how far down they may go (above the footer).
const TOP: f32 = 24.0;
const FOOTER: f32 = 20.0;
const ROW: f32 = 6.0;

/// Builds the suppressed report of the query's period and lays it out.
pub fn layout(
    conn: &Connection,
    query: &ReportQuery,
    sheet: impl Into<Sheet>,
    today: NaiveDate,
) -> Result<(Doc, Report)> {
    let sheet = sheet.into();
    let query = ReportQuery {
        coordinator_view: false,
        ..query.clone()
    };
    let report = reports::build(conn, &query, today)?;
    let program = program::load(conn)?;
    let brand = brand(conn)?;
    let program_name = program_title(conn, &program)?;
    let (width, height) = sheet.paper.size();
    let margin = 20.0;
    let inner = width - 2.0 * margin;
    let (from, to) = reports::period(&query, today)?;
    let period = format!("{} – {}", long_date(from), long_date(to));
    let figures = summary(&report);
    let mut doc = Doc::new("Peer support committee report", sheet);

    // The summary and the tables first, so the cover can list the pages they start on; the
    // cover is put in front of them after.
    let mut contents = vec![("Summary".to_string(), 2)];
    let mut y = TOP;
    y = doc.paragraph(margin, y, inner, 18.0, true, INK, "Summary", 1.0) + 2.0;
    y = draw_figures(&mut doc, &figures, margin, y, inner);
    y = doc.paragraph(
        margin,
        y + 4.0,
        inner,
        14.0,
        true,
        INK,
        figures::COMMITTEE_TITLE,
        1.0,
    ) + 2.0;
    y = draw_figures(&mut doc, &figures::committee(&report), margin, y, inner);
    y = draw_shares(&mut doc, &report, margin, y + 2.0, inner, &brand);
    // Group support, apart from the one-to-one outreaches above.
    let group = figures::group(&report);
    if !group.is_empty() {
        // The heading never ends a page alone.
        y = room_for(&mut doc, y + 4.0, 8.0 + FIGURE_ROOM);
        y = doc.paragraph(margin, y, inner, 13.0, true, INK, figures::GROUP_TITLE, 1.0) + 1.5;
        y = draw_figures(&mut doc, &group, margin, y, inner);
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
            "No outreaches, requests, critical events or team sessions in this period.",
            1.2,
        );
    } else {
        let monthly = by_month(&report.monthly, from, to, today);
        let group_tables: &[ReportTable] = if group.is_empty() {
            &[]
        } else {
            &report.group.tables
        };
        for table in report
            .tables
            .iter()
            .chain([&monthly])
            .chain(&report.load)
            .chain(group_tables)
        {
            // A table starts on a new page when it would fit there but not here; a table
            // longer than a page goes on over as many pages as it needs.
            let needed = 20.0 + table.rows.len() as f32 * ROW + 20.0;
            let room = height - FOOTER - y;
            if needed > room && (needed <= height - FOOTER - TOP || room < 40.0) {
                doc.new_page();
                y = TOP;
            }
            // The cover is page 1.
            contents.push((table.title.clone(), doc.pages.len() + 1));
            y = draw_table(&mut doc, table, margin, y, inner, &brand);
        }
    }

    let mut cover = Doc::new(&doc.title, sheet);
    draw_cover(
        &mut cover,
        &Cover {
            program_name: &program_name,
            period: &period,
            organization: report.organization.as_deref(),
            prepared: long_date(today),
            figures: &figures,
            contents: &contents,
            threshold: report.threshold,
            brand: &brand,
        },
    );
    doc.pages.insert(0, cover.pages.remove(0));

    // The program, the period, the day it was prepared and the page number on every page.
    let pages = doc.pages.len();
    for (index, page) in doc.pages.iter_mut().enumerate() {
        // The program's name gives way (with "…") to the period and the page number.
        let rest = format!(
            " · {period} · prepared {} · page {} of {pages}",
            long_date(today),
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
    doc.add_crop_marks();
    Ok((doc, report))
}

/// `y`, or the top of a new page when `needed` millimetres from `y` would reach the footer.
fn room_for(doc: &mut Doc, y: f32, needed: f32) -> f32 {
    if y + needed > doc.paper.size().1 - FOOTER {
        doc.new_page();
        TOP
    } else {
        y
    }
}

/// The room a figure takes: its line and, at most, three lines of note.
const FIGURE_ROOM: f32 = 18.0;

/// The summary's figures under their labels, values to the right, notes below; a figure that
/// would reach the footer goes to the next page. Returns the y after them.
fn draw_figures(doc: &mut Doc, figures: &[Figure], margin: f32, mut y: f32, inner: f32) -> f32 {
    for figure in figures {
        y = room_for(doc, y, FIGURE_ROOM);
        doc.text(margin, y, 11.0, false, INK, figure.label);
        doc.text(
            margin + inner - text_width(&figure.value, 11.0, true),
            y,
            11.0,
            true,
            INK,
            &figure.value,
        );
        y += line_height(11.0);
        if let Some(note) = &figure.note {
            y = doc.paragraph(margin, y, inner, 9.0, false, MUTED, note, 1.1);
        }
        y += 2.0;
    }
    y
}

/// The summary's figures, each hidden one with the reason it is hidden.
fn summary(report: &Report) -> Vec<Figure> {
    let threshold = report.threshold;
    let privacy = "hidden to protect privacy";
    let reply = &report.reply;
    let target = target_words(reply.reply_target_days);
    let nobody_contacted = reply.contacted.value == Some(0);
    let within = match reply.share_within_target {
        Some(share) => Figure {
            label: "First contacts within the reply target",
            value: format!("{share:.1}%"),
            note: Some(format!(
                "{} of {} requests with a first contact were reached within {target}.",
                reply.within_target.text, reply.contacted.text
            )),
        },
        None => Figure {
            label: "First contacts within the reply target",
            value: if nobody_contacted {
                "none yet"
            } else {
                HIDDEN_VALUE
            }
            .into(),
            note: reply.share_not_shown.clone(),
        },
    };
    let median = match reply.median_hours_to_first_contact {
        Some(hours) => Figure {
            label: MEDIAN_LABEL,
            value: format!("{hours:.1}"),
            note: None,
        },
        None if nobody_contacted => Figure {
            label: MEDIAN_LABEL,
            value: "none yet".into(),
            note: None,
        },
        None => Figure {
            label: MEDIAN_LABEL,
            value: HIDDEN_VALUE.into(),
            note: Some(format!(
                "Fewer than {threshold} requests had a first contact: {privacy}."
            )),
        },
    };
    let previous = format!(
        "{} – {}",
        date_words(&report.growth.previous_from),
        date_words(&report.growth.previous_to)
    );
    let growth = match report.growth.percent {
        Some(percent) => Figure {
            label: "Growth against the previous period",
            value: format!("{percent:+.1}%"),
            note: Some(format!(
                "Against {} outreaches in the period before ({previous}).",
                report.growth.previous_total.text
            )),
        },
        None if report.growth.previous_total.value == Some(0) => Figure {
            label: "Growth against the previous period",
            value: NOTHING_TO_COMPARE.into(),
            note: Some(format!(
                "No outreaches in the period before ({previous}) to compare with."
            )),
        },
        None => Figure {
            label: "Growth against the previous period",
            value: HIDDEN_VALUE.into(),
            note: Some(format!(
                "Fewer than {threshold} outreaches in this period or in the one before ({previous}): {privacy}."
            )),
        },
    };
    vec![
        Figure {
            label: "Outreaches in the period",
            value: report.outreaches.text.clone(),
            note: None,
        },
        growth,
        Figure {
            label: "Requests received",
            value: reply.received.text.clone(),
            note: None,
        },
        within,
        median,
    ]
}

/// A YYYY-MM-DD date as the window shows it, or as it is when it is not one.
fn date_words(text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| text.to_string(), long_date)
}

/// The outreaches per month with months named as in the window ("Dec 2026"), and a month the
/// period covers only in part marked so ("month so far"): a low count there is not a fall.
fn by_month(table: &ReportTable, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> ReportTable {
    let month_of = |date: NaiveDate| date.format("%Y-%m").to_string();
    let month_end = |date: NaiveDate| {
        date.with_day(1)
            .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            .and_then(|next| next.pred_opt())
            .unwrap_or(date)
    };
    let starts_late = from.day() != 1;
    // A period that runs past today (to the end of this month, say) has counts up to today.
    let last_day = to.min(today);
    let ends_early = last_day < month_end(last_day);
    let mut partial = false;
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let first = row.label == month_of(from) && starts_late;
            let last = row.label == month_of(last_day) && ends_early;
            let mark = match (first, last) {
                (true, true) => format!(" ({} – {})", short_date(from), short_date(last_day)),
                (true, false) => format!(" (from {})", short_date(from)),
                (false, true) if last_day == today => " (month so far)".to_string(),
                (false, true) => format!(" (to {})", short_date(last_day)),
                (false, false) => String::new(),
            };
            partial |= !mark.is_empty();
            ReportRow {
                label: format!("{}{mark}", month_name(&row.label)),
                ..row.clone()
            }
        })
        .collect();
    let caption = if partial {
        format!(
            "{} A month the period covers only in part is marked: its count is of those days alone, not a fall.",
            table.caption
        )
    } else {
        table.caption.clone()
    };
    ReportTable {
        rows,
        caption,
        ..table.clone()
    }
}

/// "Dec 5".
fn short_date(date: NaiveDate) -> String {
    let words = long_date(date);
    words
        .split_once(',')
        .map_or(words.clone(), |(day, _)| day.to_string())
}

/// What the cover shows.
struct Cover<'a> {
    program_name: &'a str,
    period: &'a str,
    organization: Option<&'a str>,
    prepared: String,
    figures: &'a [Figure],
    /// Each section's title and the page it starts on.
    contents: &'a [(String, usize)],
    threshold: i64,
    brand: &'a str,
}

/// A key figure's label on the cover; a hidden one says why in a few words (the summary
/// says it in full), so the committee never reads "hidden" as a missing number.
fn cover_label(figure: &Figure) -> String {
    match figure.value.as_str() {
        HIDDEN_VALUE => format!(
            "{}: too few to show without singling someone out",
            figure.label
        ),
        NOTHING_TO_COMPARE => format!("{}: no outreaches before to compare with", figure.label),
        _ => figure.label.to_string(),
    }
}

/// The cover: whose report, the period, when it was prepared, the key figures, the contents
/// and how counts are suppressed.
fn draw_cover(doc: &mut Doc, cover: &Cover) {
    let (width, _) = doc.paper.size();
    let margin = 20.0;
    let inner = width - 2.0 * margin;
    doc.top_band(16.0, cover.brand);
    let mut y = 48.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        16.0,
        true,
        &heading_color(cover.brand),
        cover.program_name,
        1.0,
    );
    y += 3.0;
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
    y += 1.0;
    y = doc.paragraph(margin, y, inner, 16.0, false, INK, cover.period, 1.0);
    if let Some(organization) = cover.organization {
        y = doc.paragraph(margin, y, inner, 14.0, false, MUTED, organization, 1.0);
    }
    y = doc.paragraph(
        margin,
        y + 1.0,
        inner,
        11.0,
        false,
        MUTED,
        &format!("Prepared {} for the peer support committee", cover.prepared),
        1.0,
    );

    // The key figures, side by side: the value large, its label under it.
    y += 10.0;
    doc.rect(margin, y - 6.0, inner, 0.3, RULE);
    y += 6.0;
    let key: Vec<&Figure> = cover
        .figures
        .iter()
        .filter(|f| f.label != MEDIAN_LABEL)
        .collect();
    let column = inner / key.len().max(1) as f32;
    let mut lowest = y;
    for (index, figure) in key.iter().enumerate() {
        let x = margin + index as f32 * column;
        let size = if text_width(&figure.value, 22.0, true) <= column - 4.0 {
            22.0
        } else {
            14.0
        };
        doc.text(x, y, size, true, INK, &figure.value);
        let below = doc.paragraph(
            x,
            y + line_height(9.0) + 1.0,
            column - 4.0,
            9.0,
            false,
            MUTED,
            &cover_label(figure),
            1.1,
        );
        lowest = lowest.max(below);
    }
    y = lowest + 2.0;
    doc.rect(margin, y - 3.0, inner, 0.3, RULE);
    y += 10.0;

    // What is in it, and on which page.
    y = doc.paragraph(margin, y, inner, 13.0, true, INK, "Contents", 1.0) + 1.0;
    for (title, page) in cover.contents {
        let number = page.to_string();
        let number_x = margin + inner - text_width(&number, 10.0, false);
        doc.text(
            margin,
            y,
            10.0,
            false,
            INK,
            &fit(title, number_x - margin - 6.0, 10.0, false),
        );
        doc.text(number_x, y, 10.0, false, MUTED, &number);
        y += line_height(10.0) + 0.8;
    }
    y += 8.0;
    let notice = format!(
        "Counts from 1 to {} are shown as <{}, and some larger counts are hidden too where a total would reveal a small one, so that no colleague can be recognised.",
        cover.threshold - 1,
        cover.threshold
    );
    doc.paragraph(margin, y, inner, 10.0, false, MUTED, &notice, 1.2);
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
    if y + 26.0 > bottom {
        y = continue_on_new_page(doc);
    }
    doc.rect(x, y - 3.5, width, 0.3, RULE);
    y += 1.5;
    if table.several_per_outreach {
        // The rows count mentions and the total counts outreaches: said in words, or the
        // total reads as a sum gone wrong.
        doc.text(x, y, 9.5, true, INK, "Outreaches");
        doc.text(count_x, y, 9.5, true, INK, &table.total.text);
        y += 5.0;
        y = doc.paragraph(
            x,
            y,
            width,
            8.5,
            false,
            MUTED,
            &mentions_sentence(table),
            1.1,
        );
        y += 1.0;
    } else {
        doc.text(x, y, 9.5, true, INK, "Total");
        doc.text(count_x, y, 9.5, true, INK, &table.total.text);
        y += 5.0;
    }
    y = doc.paragraph(x, y, width, 8.5, false, MUTED, &table.caption, 1.1);
    y + 6.0
}

/// The title of the committee's shares drawn as bars.
pub(super) const SHARES_TITLE: &str = "The committee's questions as shares";

/// The committee's shares as bars on one scale, 0 to 100 % (the chart beside the figures
/// above, as the window draws it): each bar on a grey scale of 100 %; a hidden share has its
/// scale alone, marked "hidden", and a share of nothing reads "none". Returns the y after.
fn draw_shares(doc: &mut Doc, report: &Report, x: f32, y: f32, width: f32, brand: &str) -> f32 {
    let shares = &report.indicators.shares;
    let y = room_for(doc, y, 8.0 + shares.len() as f32 * ROW + 10.0);
    let mut y = doc.paragraph(x, y, width, 11.0, true, INK, SHARES_TITLE, 1.0) + 1.0;
    let label_width = width * 0.36;
    let bar_left = x + label_width + 2.0;
    let bar_space = width * 0.46;
    let value_x = bar_left + bar_space + 4.0;
    for share in shares {
        doc.text(
            x,
            y,
            9.5,
            false,
            INK,
            &fit(share.label, label_width, 9.5, false),
        );
        // The scale's whole length, so that every bar reads against 100 %.
        doc.rect(bar_left, y - 3.2, bar_space, 3.8, HIDDEN);
        let value = match share.percent {
            Some(percent) => {
                let w = bar_space * (percent as f32 / 100.0).clamp(0.0, 1.0);
                if w > 0.0 {
                    doc.rect(bar_left, y - 3.2, w, 3.8, brand);
                }
                format!("{percent:.1}%")
            }
            None => figures::missing_share(share).to_string(),
        };
        doc.text(value_x, y, 9.5, true, INK, &value);
        y += ROW;
    }
    doc.paragraph(
        x,
        y - 1.0,
        width,
        8.5,
        false,
        MUTED,
        "Each bar against 100 %. A hidden share is left empty: its counts are too small to show without singling someone out.",
        1.1,
    ) + 4.0
}

/// "120 outreaches, 164 mentions (one outreach can name several)": the mentions added up
/// only when no row is hidden, since their sum beside the shown rows would give a hidden one
/// back.
fn mentions_sentence(table: &ReportTable) -> String {
    let outreaches = match table.total.value {
        Some(1) => "1 outreach".to_string(),
        _ => format!("{} outreaches", table.total.text),
    };
    let shown: Option<Vec<i64>> = table
        .rows
        .iter()
        .map(|r| r.count.value.filter(|_| !r.count.hidden))
        .collect();
    match shown {
        Some(counts) if !table.total.hidden => {
            let mentions: i64 = counts.iter().sum();
            format!(
                "{outreaches}, {mentions} mention{} (one outreach can name several, so the rows add up to more than the outreaches).",
                if mentions == 1 { "" } else { "s" }
            )
        }
        _ => format!(
            "{outreaches}; one outreach can name several, so the rows add up to more than the outreaches (their sum is not shown, as some rows are hidden)."
        ),
    }
}
