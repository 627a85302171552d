//! The break-room sign: "Your peer supporters" for a department (optionally one
//! organization), listing only the supporters who consented to be named, in large type for a
//! laminated sheet. Names never get cut: when they do not fit, the list goes on to the next page,
//! and every page says so.

use rusqlite::Connection;
use serde::Serialize;

use super::{brand, line_height, program_title, wrap, Doc, Paper, INK, MUTED};
use crate::error::{CoreError, Problem, Result};
use crate::program;
use crate::program::organizations;
use crate::program::picklists::{self, List};

/// One supporter as the sign names them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Listed {
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
        "SELECT s.name, r.value, s.phone FROM supporters s JOIN picklist_entries r ON r.id = s.role_id
         WHERE s.consent_to_list = 1 AND s.status <> 'retired' AND s.trained_on IS NOT NULL
           AND s.department_id = ?1
           AND (?2 IS NULL OR s.organization_id = ?2)
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let rows = statement.query_map(rusqlite::params![department, organization], |r| {
        Ok(Listed {
            name: r.get(0)?,
            role: r.get(1)?,
            phone: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Lays out the sign; refuses a department or organization that does not exist.
pub fn layout(
    conn: &Connection,
    department: &str,
    organization: Option<i64>,
    paper: Paper,
) -> Result<Doc> {
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
    let brand = brand(conn)?;
    let place = match organization {
        Some(id) => format!("{department_name} · {}", organizations::name_of(conn, id)?),
        None => department_name,
    };
    let program_line = if program.program_phone.is_empty() {
        "the peer support line".to_string()
    } else {
        format!("the peer support line, {}", program.program_phone)
    };

    let program_name = program_title(&program);
    let (width, height) = paper.size();
    let margin = 18.0;
    let inner = width - 2.0 * margin;
    // The footer's words on page `index` of `pages`; room is kept for the longest of them.
    let footer_words = |index: usize, pages: usize| {
        let mut words =
            format!("{program_name} · confidential, free, colleague to colleague · {program_line}");
        if pages > 1 {
            words.push_str(&format!(" · page {} of {pages}", index + 1));
            if index + 1 < pages {
                words.push_str(", more names overleaf");
            }
        }
        wrap(&words, inner, 9.0, false)
    };
    // "page 99 of 999, more names overleaf" is longer than any footer a real sign gets.
    let footer_lines = footer_words(98, 999).len();
    let footer = 12.0 + footer_lines as f32 * line_height(9.0);
    let mut doc = Doc::new("Peer supporters sign", paper);
    let header = |doc: &mut Doc, continued: bool| -> f32 {
        doc.rect(0.0, 0.0, width, 12.0, &brand);
        let (title, size) = if continued {
            ("Your peer supporters (continued)", 26.0)
        } else {
            ("Your peer supporters", 34.0)
        };
        let mut y = 34.0;
        y = doc.paragraph(margin, y, inner, size, true, INK, title, 1.0);
        y = doc.paragraph(margin, y, inner, 18.0, false, MUTED, &place, 1.0);
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
                "No supporter here has agreed to be named yet. You can still reach {program_line}."
            ),
            1.2,
        );
    }
    // A short list in one column of large type; a longer one in two columns, still large.
    let two_columns = people.len() > 6;
    let gap = 10.0;
    let column_width = if two_columns {
        (inner - gap) / 2.0
    } else {
        inner
    };
    let (name_size, reach_size) = if two_columns {
        (20.0, 13.0)
    } else {
        (26.0, 16.0)
    };
    let bottom = height - footer;
    let (mut column, mut y, mut page_top) = (0, top, top);
    for person in &people {
        let name_lines = wrap(&person.name, column_width - 6.0, name_size, true);
        let reach = match &person.phone {
            Some(phone) => format!("{} · {phone}", person.role),
            None => format!("{} · through {program_line}", person.role),
        };
        let reach_lines = wrap(&reach, column_width - 6.0, reach_size, false);
        let needed = name_lines.len() as f32 * line_height(name_size)
            + reach_lines.len() as f32 * line_height(reach_size)
            + 6.0;
        if y + needed > bottom {
            if two_columns && column == 0 {
                column = 1;
                y = page_top;
            } else {
                doc.new_page();
                page_top = header(&mut doc, true);
                column = 0;
                y = page_top;
            }
        }
        let x = margin + column as f32 * (column_width + gap);
        doc.rect(
            x,
            y - line_height(name_size) * 0.75,
            2.5,
            needed - 5.0,
            &brand,
        );
        let mut line_y = y;
        for line in &name_lines {
            doc.text(x + 6.0, line_y, name_size, true, INK, line);
            line_y += line_height(name_size);
        }
        for line in &reach_lines {
            doc.text(x + 6.0, line_y, reach_size, false, MUTED, line);
            line_y += line_height(reach_size);
        }
        y += needed;
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
    Ok(doc)
}
