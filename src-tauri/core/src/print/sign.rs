//! The break-room sign: "Your peer supporters" for a department (optionally one
//! organization), listing only the supporters who consented to be named, in large type for a
//! laminated sheet. A sign is one sheet on a wall: the names are set in the largest type and
//! fewest columns that fit them on one page without a name running past two lines, down to a
//! floor that still reads from across a room. Names never get cut: a list that does not fit
//! even at the floor goes on to the next page, every page says so, and the document's note
//! says how many pages and why.

use rusqlite::Connection;
use serde::Serialize;

use super::{brand, line_height, program_title, wrap, Doc, Sheet, INK, MUTED};
use crate::error::{CoreError, Problem, Result};
use crate::program;
use crate::program::organizations;
use crate::program::picklists::{self, List};

/// One supporter as the sign names them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Listed {
    /// Who it is: remembered with the printed sign, never printed.
    pub id: i64,
    pub name: String,
    pub role: String,
    /// Their work phone or extension, or none (the program line is printed instead).
    pub phone: Option<String>,
}

/// The supporters of `department` (and `organization`) who consented to be named, are trained
/// and are not retired, by name. A pause is a few weeks and a sign hangs for months, so the
/// paused stay on it; the program line reaches someone either way.
pub fn listed(
    conn: &Connection,
    department: i64,
    organization: Option<i64>,
) -> Result<Vec<Listed>> {
    let mut statement = conn.prepare(
        "SELECT s.id, s.name, r.value, s.phone FROM supporters s JOIN picklist_entries r ON r.id = s.role_id
         WHERE s.consent_to_list = 1 AND s.status <> 'retired' AND s.trained_on IS NOT NULL
           AND s.department_id = ?1
           AND (?2 IS NULL OR s.organization_id = ?2)
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let rows = statement.query_map(rusqlite::params![department, organization], |r| {
        Ok(Listed {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            phone: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One way of setting the names: how many columns, and the names' and roles' type sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    columns: usize,
    name: f32,
    reach: f32,
}

/// The styles tried, largest first. The last is the floor: 10-point names in four columns
/// still read at arm's length from a wall; smaller would be a list nobody reads.
const STYLES: [Style; 7] = [
    Style {
        columns: 1,
        name: 26.0,
        reach: 16.0,
    },
    Style {
        columns: 2,
        name: 20.0,
        reach: 13.0,
    },
    Style {
        columns: 2,
        name: 16.0,
        reach: 11.5,
    },
    Style {
        columns: 3,
        name: 14.0,
        reach: 10.5,
    },
    Style {
        columns: 3,
        name: 12.5,
        reach: 9.5,
    },
    Style {
        columns: 3,
        name: 11.0,
        reach: 9.0,
    },
    Style {
        columns: 4,
        name: 10.0,
        reach: 8.5,
    },
];

/// A name may take two lines in a column; a third makes the list hard to scan.
const NAME_LINES: usize = 2;

/// What the sign says besides the names, read once and set in every style tried.
struct Words {
    place: String,
    program_name: String,
    program_line: String,
    brand: String,
    /// Some supporter has no number of their own: the header says how to reach them.
    someone_without_phone: bool,
}

/// Lays out the sign; refuses a department or organization that does not exist.
pub fn layout(
    conn: &Connection,
    department: &str,
    organization: Option<i64>,
    sheet: impl Into<Sheet>,
) -> Result<Doc> {
    let sheet = sheet.into();
    let department_id = picklists::find(conn, List::Departments, department)?.ok_or_else(|| {
        CoreError::invalid(
            "department",
            Problem::Unknown,
            format!(
                "there is no department \"{}\" (see `peerdesk picklist list departments`)",
                crate::fields::shorten(department.trim())
            ),
        )
    })?;
    let department_name = picklists::entries(conn, List::Departments)?
        .into_iter()
        .find(|e| e.id == department_id)
        .map(|e| e.value)
        .unwrap_or_else(|| department.to_string());
    let people = listed(conn, department_id, organization)?;
    let program = program::load(conn)?;
    let words = Words {
        place: match organization {
            Some(id) => format!("{department_name} · {}", organizations::name_of(conn, id)?),
            None => department_name,
        },
        program_line: if program.program_phone.is_empty() {
            "the peer support line".to_string()
        } else {
            format!("the peer support line, {}", program.program_phone)
        },
        program_name: program_title(conn, &program)?,
        brand: brand(conn)?,
        someone_without_phone: people.iter().any(|p| p.phone.is_none()),
    };

    let mut chosen = None;
    for style in STYLES {
        let (doc, longest_name) = draw(&words, &people, sheet, style);
        if doc.pages.len() == 1 && longest_name <= NAME_LINES {
            chosen = Some(doc);
            break;
        }
    }
    let mut doc = match chosen {
        Some(doc) => doc,
        // The floor, over as many pages as it needs; a name may take a third line there.
        None => {
            let floor = STYLES[STYLES.len() - 1];
            let mut doc = draw(&words, &people, sheet, floor).0;
            if doc.pages.len() > 1 {
                doc.note = Some(format!(
                    "{} supporters do not fit on one page even in {} columns of {}-point names, the smallest type that reads from across a room, so the sign runs to {} pages; each page says so at its foot.",
                    people.len(),
                    floor.columns,
                    floor.name,
                    doc.pages.len()
                ));
            }
            doc
        }
    };
    doc.add_crop_marks();
    doc.names = Some(super::Names {
        department_id,
        organization_id: organization,
        supporters: people.iter().map(|p| p.id).collect(),
    });
    Ok(doc)
}

/// The sign with the names in `style`, over as many pages as they need, and the most lines
/// any name took.
fn draw(words: &Words, people: &[Listed], sheet: Sheet, style: Style) -> (Doc, usize) {
    let brand = words.brand.as_str();
    let (width, height) = sheet.paper.size();
    let margin = 18.0;
    let inner = width - 2.0 * margin;
    // The footer's words on page `index` of `pages`; room is kept for the longest of them.
    let footer_words = |index: usize, pages: usize| {
        let mut text = format!(
            "{} · confidential, free, colleague to colleague · {}",
            words.program_name, words.program_line
        );
        if pages > 1 {
            text.push_str(&format!(" · page {} of {pages}", index + 1));
            if index + 1 < pages {
                text.push_str(", more names overleaf");
            }
        }
        wrap(&text, inner, 9.0, false)
    };
    // "page 99 of 999, more names overleaf" is longer than any footer a real sign gets.
    let footer_lines = footer_words(98, 999).len();
    let footer = 12.0 + footer_lines as f32 * line_height(9.0);
    let mut doc = Doc::new("Peer supporters sign", sheet);
    let header = |doc: &mut Doc, continued: bool| -> f32 {
        doc.top_band(14.0, brand);
        let (title, size) = if continued {
            ("Your peer supporters (continued)", 26.0)
        } else {
            ("Your peer supporters", 34.0)
        };
        let mut y = 34.0;
        y = doc.paragraph(margin, y, inner, size, true, INK, title, 1.0);
        y = doc.paragraph(margin, y, inner, 18.0, false, MUTED, &words.place, 1.0);
        if words.someone_without_phone && !continued {
            y += 1.0;
            y = doc.paragraph(
                margin,
                y,
                inner,
                12.0,
                false,
                MUTED,
                &format!(
                    "No number beside a name? Reach them through {}.",
                    words.program_line
                ),
                1.1,
            );
        }
        y + 8.0
    };
    let top = header(&mut doc, false);
    if people.is_empty() {
        doc.paragraph(
            margin,
            top + 4.0,
            inner,
            18.0,
            false,
            INK,
            &format!(
                "No supporter here has agreed to be named yet. You can still reach {}.",
                words.program_line
            ),
            1.2,
        );
    }
    let gap = if style.columns > 3 { 6.0 } else { 8.0 };
    let column_width = (inner - gap * (style.columns - 1) as f32) / style.columns as f32;
    let text_width = column_width - 6.0;
    let space_after = line_height(style.name) * 0.4;
    let bottom = height - footer;
    let (mut column, mut y, mut page_top) = (0, top, top);
    let mut longest_name = 0;
    for person in people {
        let name_lines = wrap(&person.name, text_width, style.name, true);
        longest_name = longest_name.max(name_lines.len());
        let reach = match &person.phone {
            Some(phone) => format!("{} · {phone}", person.role),
            None => person.role.clone(),
        };
        let reach_lines = wrap(&reach, text_width, style.reach, false);
        let block = name_lines.len() as f32 * line_height(style.name)
            + reach_lines.len() as f32 * line_height(style.reach);
        if y + block > bottom {
            if column + 1 < style.columns {
                column += 1;
                y = page_top;
            } else {
                doc.new_page();
                page_top = header(&mut doc, true);
                column = 0;
                y = page_top;
            }
        }
        let x = margin + column as f32 * (column_width + gap);
        let ascent = line_height(style.name) * 0.75;
        // From the name's cap height to the last line's descenders.
        doc.rect(
            x,
            y - ascent,
            2.5,
            block + ascent - line_height(style.reach) * 0.75,
            brand,
        );
        let mut line_y = y;
        for line in &name_lines {
            doc.text(x + 6.0, line_y, style.name, true, INK, line);
            line_y += line_height(style.name);
        }
        for line in &reach_lines {
            doc.text(x + 6.0, line_y, style.reach, false, MUTED, line);
            line_y += line_height(style.reach);
        }
        y += block + space_after;
    }
    let pages = doc.pages.len();
    for (index, page) in doc.pages.iter_mut().enumerate() {
        let lines = footer_words(index, pages);
        let first = height - 10.0 - (lines.len() - 1) as f32 * line_height(9.0);
        for (n, line) in lines.into_iter().enumerate() {
            page.items.push(super::Item::text(
                margin,
                first + n as f32 * line_height(9.0),
                9.0,
                false,
                MUTED,
                &line,
            ));
        }
    }
    (doc, longest_name)
}
