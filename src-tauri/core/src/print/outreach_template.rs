//! The blank outreach template on paper (Table 1 of the newsletter), for supporters who note a
//! contact by hand: the template's questions with the program's own lists as tick boxes
//! (kinds, modes, referral sources, issue types, resources, the outcome) and lines to write
//! the date, department, role, supporter and comments on. It names no one and holds no data:
//! what it prints is the program's lists, as they stand (retired entries left out).

use rusqlite::Connection;

use super::{brand, line_height, program_title, text_width, Doc, Sheet, INK, MUTED, WHITE};
use crate::error::Result;
use crate::program::outreach_choices::{self, ChoiceList, Outcome};
use crate::program::picklists::{self, List};

const MARGIN: f32 = 18.0;
const LABEL: f32 = 10.5;
const OPTION: f32 = 10.0;
const BOX: f32 = 3.4;

struct Pen<'a> {
    doc: &'a mut Doc,
    y: f32,
    width: f32,
    height: f32,
}

impl Pen<'_> {
    /// Room for `space` mm more on this page, or a new page.
    fn room(&mut self, space: f32) {
        if self.y + space > self.height - MARGIN {
            self.doc.new_page();
            self.y = MARGIN + 6.0;
        }
    }

    fn question(&mut self, words: &str) {
        self.room(line_height(LABEL) + line_height(OPTION) * 1.6);
        self.y += line_height(LABEL) * 1.5;
        self.doc.text(MARGIN, self.y, LABEL, true, INK, words);
    }

    /// A line to write on, after `label` on the same baseline.
    fn write_line(&mut self, label: &str) {
        self.question(label);
        let start = MARGIN + text_width(label, LABEL, true) + 3.0;
        self.doc
            .rect(start, self.y + 0.8, self.width - MARGIN - start, 0.3, MUTED);
    }

    /// The options as tick boxes, flowing over as many lines as they need.
    fn ticks(&mut self, options: &[String]) {
        let line = line_height(OPTION) * 1.5;
        self.room(line);
        self.y += line;
        let mut x = MARGIN + 2.0;
        for option in options {
            let width = BOX + 2.0 + text_width(option, OPTION, false) + 7.0;
            if x + width > self.width - MARGIN && x > MARGIN + 2.0 {
                self.room(line);
                self.y += line;
                x = MARGIN + 2.0;
            }
            let top = self.y - BOX + 0.4;
            self.doc.rect(x, top, BOX, BOX, INK);
            self.doc
                .rect(x + 0.3, top + 0.3, BOX - 0.6, BOX - 0.6, WHITE);
            self.doc
                .text(x + BOX + 2.0, self.y, OPTION, false, INK, option);
            x += width;
        }
    }
}

fn active_entries(conn: &Connection, list: List) -> Result<Vec<String>> {
    Ok(picklists::entries(conn, list)?
        .into_iter()
        .filter(|e| !e.retired)
        .map(|e| e.value)
        .collect())
}

fn active_choices(conn: &Connection, list: ChoiceList) -> Result<Vec<String>> {
    Ok(outreach_choices::choices(conn, list)?
        .into_iter()
        .filter(|c| !c.retired)
        .map(|c| c.label)
        .collect())
}

/// Lays out the blank template with the program's lists.
pub fn layout(conn: &Connection, sheet: Sheet) -> Result<Doc> {
    let program = crate::program::load(conn)?;
    let title = program_title(conn, &program)?;
    let accent = brand(conn)?;
    let mut doc = Doc::new("Peer support outreach template", sheet);
    let (width, height) = doc.paper.size();
    doc.rect(MARGIN, MARGIN, width - 2.0 * MARGIN, 1.2, &accent);
    doc.text(
        MARGIN,
        MARGIN + 10.0,
        17.0,
        true,
        INK,
        "Peer Support Outreach",
    );
    doc.text(MARGIN, MARGIN + 16.5, 10.5, false, MUTED, &title);
    let note = "Fill in after each contact and hand it to the coordinator. Never write the name of the person you supported.";
    let mut y = doc.paragraph(
        MARGIN,
        MARGIN + 23.0,
        width - 2.0 * MARGIN,
        9.5,
        false,
        MUTED,
        note,
        1.25,
    );
    y -= line_height(9.5) * 0.5;
    let outcome_words: Vec<String> = Outcome::ALL.iter().map(|o| o.label().to_string()).collect();
    let mut pen = Pen {
        doc: &mut doc,
        y,
        width,
        height,
    };
    pen.write_line("Date of outreach");
    pen.question("Initial outreach or a follow-up");
    pen.ticks(&["Initial".to_string(), "Follow-up".to_string()]);
    pen.question("How");
    pen.ticks(&active_choices(conn, ChoiceList::Modes)?);
    pen.question("Referred by");
    pen.ticks(&active_choices(conn, ChoiceList::ReferralSources)?);
    pen.write_line("Department of the person supported (no names)");
    pen.write_line("Role of the person supported (no names)");
    pen.write_line("Peer supporter");
    pen.question("Type of issue (tick all that apply)");
    pen.ticks(&active_entries(conn, List::IssueTypes)?);
    pen.question("Resources offered, if any");
    pen.ticks(&active_entries(conn, List::Resources)?);
    pen.question("How did it go?");
    pen.ticks(&outcome_words);
    pen.question("Comments (no names)");
    for _ in 0..4 {
        pen.room(9.0);
        pen.y += 9.0;
        pen.doc
            .rect(MARGIN, pen.y, width - 2.0 * MARGIN, 0.3, MUTED);
    }
    Ok(doc)
}
