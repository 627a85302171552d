//! Printed material, rendered by the core with printpdf (never through the webview's print).
//!
//! A document is first laid out as a display list (`Doc`: pages of text runs, rectangles,
//! images and QR codes, positioned in millimetres from the page's top-left corner). The same
//! list becomes the PDF (`to_pdf`) and the window's preview (serialized to JSON and drawn as
//! SVG, in the same fonts), so the preview shows exactly what is saved. Fonts ship with the
//! app (DejaVu in ui/fonts, which the window serves too; the fallback in assets/fonts):
//! DejaVu Sans for Latin, Greek, Cyrillic and Arabic letters, Droid Sans Fallback for any
//! character DejaVu lacks (Chinese, Japanese, Korean); both are embedded and subset. Arabic is
//! joined and ordered right to left before it is drawn (`visual`).

mod colours;
mod dates;
pub mod flyer;
mod fonts;
pub mod outreach_template;
mod pdf;
pub mod printed_signs;
pub mod report;
pub mod sign;

pub use colours::{brand, heading_color, program_title, text_on, INK, MUTED, WHITE};
pub use dates::{long_date, month_name};
pub use fonts::{fit, line_height, text_width, visual, wrap};
pub use pdf::{record_printed, to_pdf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};

/// US Letter or A4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    /// Their names, as the command line takes them.
    pub const NAMES: [&'static str; 2] = ["letter", "a4"];

    pub fn parse(text: &str) -> Result<Paper> {
        match text.trim().to_lowercase().as_str() {
            "letter" => Ok(Paper::Letter),
            "a4" => Ok(Paper::A4),
            other => Err(CoreError::invalid(
                "paper",
                Problem::Unknown,
                format!(
                    "\"{}\" is not a paper size: letter or a4",
                    crate::fields::shorten(other)
                ),
            )),
        }
    }

    /// Width and height in millimetres.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::Letter => (215.9, 279.4),
            Paper::A4 => (210.0, 297.0),
        }
    }
}

/// Where the pages go to be printed.
///
/// An office printer cannot print to the paper's edge and leaves an uneven white strip there,
/// so by default nothing (coloured bands included) comes closer than `SAFE_MARGIN` to it. A
/// print shop prints on larger sheets and cuts them down: there the bands run `BLEED` past the
/// page's edge (so a cut a little off still leaves colour to the edge), crop marks outside
/// show where to cut, and the PDF says so in its TrimBox and BleedBox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Finish {
    #[default]
    Office,
    PrintShop,
}

/// How close to the paper's edge anything is printed for an office printer (mm). Most
/// printers leave 4–5 mm unprinted; 6 keeps the bands' edges even on all of them.
pub const SAFE_MARGIN: f32 = 6.0;
/// How far colour runs past the page's edge for a print shop (mm): the trade's usual 3 mm.
pub const BLEED: f32 = 3.0;
/// The paper beyond the bleed that holds the crop marks (mm).
pub const SLUG: f32 = 10.0;
/// Where a crop mark starts, beyond the page's edge (clear of the bleed), and its length (mm).
const MARK_OFFSET: f32 = BLEED + 1.0;
const MARK_LENGTH: f32 = 6.0;

impl Finish {
    /// How much the printed sheet extends past the page on each side (mm): none for an
    /// office printer; bleed and room for the crop marks for a print shop.
    pub fn outside(self) -> f32 {
        match self {
            Finish::Office => 0.0,
            Finish::PrintShop => BLEED + SLUG,
        }
    }
}

/// The paper and where it is printed. A bare `Paper` is for an office printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sheet {
    pub paper: Paper,
    pub finish: Finish,
}

impl From<Paper> for Sheet {
    fn from(paper: Paper) -> Sheet {
        Sheet {
            paper,
            finish: Finish::Office,
        }
    }
}

/// One thing on a page. Positions are millimetres from the top-left corner; a text's `y` is
/// its baseline; sizes of text are points.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: String,
        text: String,
        /// Its width in the shipped fonts (mm). The window draws the preview in the same
        /// fonts; it only narrows a line drawn wider than this (a character from a font the
        /// window lacks), so nothing runs past where it ends on paper.
        width: f32,
        /// Where each word of `text` (split at spaces) starts, in mm from `x`, as the PDF
        /// places it. The window puts every word there: small type on screen rounds each
        /// glyph to whole pixels, and a line drawn as one run loses its spaces ("whodoes").
        words: Vec<f32>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: String,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// Index into `Doc::images`.
        image: usize,
    },
    /// A QR code: `modules` × `modules` dark (true) or light squares, quiet zone included.
    Qr {
        x: f32,
        y: f32,
        size: f32,
        modules: usize,
        dark: Vec<bool>,
    },
}

impl Item {
    /// A line of text at baseline `y`, measured, in the order it is drawn (see `visual`).
    pub fn text(x: f32, y: f32, size: f32, bold: bool, color: &str, text: &str) -> Item {
        let drawn = visual(text);
        Item::Text {
            x,
            y,
            size,
            bold,
            color: color.to_string(),
            words: word_starts(&drawn, size, bold),
            text: drawn,
            width: text_width(text, size, bold),
        }
    }
}

/// The offset (mm) at which each space-separated word of a drawn line begins.
fn word_starts(drawn: &str, size: f32, bold: bool) -> Vec<f32> {
    let mut starts = Vec::new();
    let mut at_word_start = true;
    for (index, c) in drawn.char_indices() {
        if c == ' ' {
            at_word_start = true;
        } else if at_word_start {
            starts.push(text_width(&drawn[..index], size, bold));
            at_word_start = false;
        }
    }
    starts
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A picture a document shows: its bytes (PNG or JPEG) and pixel size.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub mime: String,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A laid-out document. Positions are on the page as it is read (after any cut): in print
/// shop finish, bands and crop marks lie outside it, at negative positions or past its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The PDF's title: what the document is, never a person's name.
    pub title: String,
    pub paper: Paper,
    pub finish: Finish,
    pub pages: Vec<Page>,
    pub images: Vec<Picture>,
    /// What the coordinator should know about the layout (why a sign runs to several pages),
    /// shown beside the preview and by the command line.
    pub note: Option<String>,
    /// A sign: the area it is for and who it names, remembered when it is printed
    /// (`printed_signs`). None for every other document.
    pub names: Option<Names>,
}

/// Who a sign names, for which area: what printing it remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub department_id: i64,
    pub organization_id: Option<i64>,
    pub supporters: Vec<i64>,
}

/// What the window's preview draws: the same pages, pictures as data URLs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Preview {
    pub title: String,
    /// The page as read (after any cut), in millimetres.
    pub width: f32,
    pub height: f32,
    /// How far the printed sheet extends past the page on each side (bleed and crop marks).
    pub outside: f32,
    pub finish: Finish,
    pub pages: Vec<Page>,
    pub images: Vec<String>,
    pub note: Option<String>,
}

impl Doc {
    pub fn new(title: &str, sheet: impl Into<Sheet>) -> Doc {
        let sheet = sheet.into();
        Doc {
            title: title.to_string(),
            paper: sheet.paper,
            finish: sheet.finish,
            pages: vec![Page::default()],
            images: Vec::new(),
            note: None,
            names: None,
        }
    }

    /// A coloured band across the top of the page, down to `bottom` mm: inside the safe
    /// margin for an office printer, into the bleed for a print shop. Either way it ends at
    /// `bottom`, so what is laid out under it stays where it is.
    pub fn top_band(&mut self, bottom: f32, color: &str) {
        let (width, _) = self.paper.size();
        match self.finish {
            Finish::Office => self.rect(
                SAFE_MARGIN,
                SAFE_MARGIN,
                width - 2.0 * SAFE_MARGIN,
                bottom - SAFE_MARGIN,
                color,
            ),
            Finish::PrintShop => {
                self.rect(-BLEED, -BLEED, width + 2.0 * BLEED, bottom + BLEED, color)
            }
        }
    }

    /// A coloured band across the foot of the page, from `top` mm down (see `top_band`).
    pub fn bottom_band(&mut self, top: f32, color: &str) {
        let (width, height) = self.paper.size();
        match self.finish {
            Finish::Office => self.rect(
                SAFE_MARGIN,
                top,
                width - 2.0 * SAFE_MARGIN,
                height - SAFE_MARGIN - top,
                color,
            ),
            Finish::PrintShop => self.rect(
                -BLEED,
                top,
                width + 2.0 * BLEED,
                height + BLEED - top,
                color,
            ),
        }
    }

    /// For a print shop, crop marks at each corner of every page (each layout adds them last,
    /// once its pages are known): thin black lines in line
    /// with the page's edges, outside the bleed so that none is left on the cut page.
    pub fn add_crop_marks(&mut self) {
        if self.finish != Finish::PrintShop {
            return;
        }
        let (width, height) = self.paper.size();
        // 0.25 pt: a hairline, as the trade draws them.
        let line = 0.25 * 0.352_778;
        let (near, far) = (MARK_OFFSET, MARK_OFFSET + MARK_LENGTH);
        let mut marks = Vec::new();
        for x in [0.0, width] {
            // Vertical marks above and below the page, in line with its left and right edges.
            marks.push((x - line / 2.0, -far, line, MARK_LENGTH));
            marks.push((x - line / 2.0, height + near, line, MARK_LENGTH));
        }
        for y in [0.0, height] {
            // Horizontal marks left and right of the page, in line with its top and bottom.
            marks.push((-far, y - line / 2.0, MARK_LENGTH, line));
            marks.push((width + near, y - line / 2.0, MARK_LENGTH, line));
        }
        for page in &mut self.pages {
            for &(x, y, w, h) in &marks {
                page.items.push(Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: "#000000".into(),
                });
            }
        }
    }

    /// The page being filled.
    pub fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: &str, text: &str) {
        self.page()
            .items
            .push(Item::text(x, y, size, bold, color, text));
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: &str) {
        self.page().items.push(Item::Rect {
            x,
            y,
            w,
            h,
            color: color.to_string(),
        });
    }

    /// Places a picture inside the box (x, y, w, h), keeping its proportions, centred
    /// vertically and aligned left (or right when `right` is set).
    pub fn picture(&mut self, picture: Picture, x: f32, y: f32, w: f32, h: f32, right: bool) {
        let ratio = picture.width.max(1) as f32 / picture.height.max(1) as f32;
        let (mut pw, mut ph) = (w, w / ratio);
        if ph > h {
            ph = h;
            pw = h * ratio;
        }
        let px = if right { x + w - pw } else { x };
        let index = self.images.len();
        self.images.push(picture);
        self.page().items.push(Item::Image {
            x: px,
            y: y + (h - ph) / 2.0,
            w: pw,
            h: ph,
            image: index,
        });
    }

    /// A QR code of `data` as a `size`-mm square at (x, y), with its quiet zone.
    pub fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) -> Result<()> {
        let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| {
                // The only address printed as a QR code is the program's request form's.
                CoreError::invalid(
                    "request_form_url",
                    Problem::TooLong,
                    format!("the QR code cannot hold that address: {e}"),
                )
            })?;
        let inner = code.width();
        let quiet = 4;
        let modules = inner + 2 * quiet;
        let colors = code.to_colors();
        let mut dark = vec![false; modules * modules];
        for row in 0..inner {
            for col in 0..inner {
                dark[(row + quiet) * modules + col + quiet] =
                    colors[row * inner + col] == qrcode::Color::Dark;
            }
        }
        self.page().items.push(Item::Qr {
            x,
            y,
            size,
            modules,
            dark,
        });
        Ok(())
    }

    /// Writes `text` wrapped to `width` mm from baseline `y`; returns the baseline after the
    /// last line. Words are never cut unless one alone is wider than the line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        bold: bool,
        color: &str,
        text: &str,
        leading: f32,
    ) -> f32 {
        let mut baseline = y;
        for line in wrap(text, width, size, bold) {
            self.text(x, baseline, size, bold, color, &line);
            baseline += line_height(size) * leading;
        }
        baseline
    }

    pub fn preview(&self) -> Preview {
        let (width, height) = self.paper.size();
        Preview {
            title: self.title.clone(),
            width,
            height,
            outside: self.finish.outside(),
            finish: self.finish,
            pages: self.pages.clone(),
            images: self
                .images
                .iter()
                .map(|p| {
                    format!(
                        "data:{};base64,{}",
                        p.mime,
                        base64::engine::general_purpose::STANDARD.encode(&p.bytes)
                    )
                })
                .collect(),
            note: self.note.clone(),
        }
    }
}

/// Whether `access` may print `document`: reporting staff print the flyer and the committee
/// report, never a sign (it names supporters).
pub fn may_print(access: crate::store::session::Access, document: &str) -> bool {
    access == crate::store::session::Access::Coordinator || matches!(document, "flyer" | "report")
}

/// A stored logo as a picture, if it decodes.
pub fn picture(mime: &str, bytes: Vec<u8>) -> Option<Picture> {
    let (width, height) = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some(Picture {
        mime: mime.to_string(),
        bytes,
        width,
        height,
    })
}

/// What the window asks to print: one of the three documents and its choices.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PrintRequest {
    /// "flyer", "sign", "report" or "outreach-template" (the blank outreach form).
    pub document: String,
    pub paper: Paper,
    /// Flyer: the partner organization.
    pub partner_id: Option<i64>,
    /// Flyer: unsaved wording to preview (the saved wording when absent).
    pub text: Option<flyer::FlyerText>,
    /// Flyer: the batch's source code in its QR link (empty: the partner and the month).
    pub source: String,
    /// Sign: the department (name) and, optionally, one organization.
    pub department: String,
    pub organization_id: Option<i64>,
    /// Report: the period.
    pub from: String,
    pub to: String,
    /// An office printer (the default) or a print shop (bleed and crop marks).
    pub finish: Finish,
}

/// Lays out the document a print request describes.
pub fn build(
    conn: &rusqlite::Connection,
    request: &PrintRequest,
    today: chrono::NaiveDate,
) -> Result<Doc> {
    let sheet = Sheet {
        paper: request.paper,
        finish: request.finish,
    };
    match request.document.as_str() {
        "flyer" => {
            let partner = request.partner_id.ok_or_else(|| {
                CoreError::invalid(
                    "partner_id",
                    Problem::Required,
                    "choose the partner organization of the flyer",
                )
            })?;
            let source = match flyer::source_code(&request.source) {
                Some(code) => code,
                None => flyer::default_source(conn, partner, today)?,
            };
            flyer::layout_for_batch(conn, partner, sheet, request.text.as_ref(), Some(&source))
        }
        "sign" => {
            if request.department.trim().is_empty() {
                return Err(CoreError::invalid(
                    "department",
                    Problem::Required,
                    "choose the department of the sign",
                ));
            }
            sign::layout(conn, &request.department, request.organization_id, sheet)
        }
        "outreach-template" => outreach_template::layout(conn, sheet),
        "report" => {
            let query = crate::reporting::reports::ReportQuery {
                from: request.from.clone(),
                to: request.to.clone(),
                ..crate::reporting::reports::ReportQuery::default()
            };
            Ok(report::layout(conn, &query, sheet, today)?.0)
        }
        other => Err(CoreError::invalid(
            "document",
            Problem::Unknown,
            format!(
                "\"{}\" is not a document PeerDesk prints: flyer, sign, report or outreach-template",
                crate::fields::shorten(other)
            ),
        )),
    }
}

/// Lays out the document a request describes, renders it and writes it to `path` whole,
/// saying on `work` how far it is. Cancelled, nothing is written (the PDF takes its name
/// only at the end). It records nothing: the caller notes the printing in the audit log
/// (`record_printed`) once the file is there.
pub fn write_document(
    conn: &rusqlite::Connection,
    request: &PrintRequest,
    today: chrono::NaiveDate,
    path: &std::path::Path,
    work: &crate::work::Work,
) -> Result<Doc> {
    const STAGES: u64 = 3;
    let first = if request.document == "report" {
        "Counting the figures"
    } else {
        "Laying out the page"
    };
    work.step(first, 0, STAGES)?;
    let doc = build(conn, request, today)?;
    work.step("Drawing the pages", 1, STAGES)?;
    let bytes = to_pdf(&doc)?;
    work.step("Writing the PDF", 2, STAGES)?;
    crate::files::output::write_whole(path, &bytes)?;
    work.past_cancelling();
    work.step("Writing the PDF", STAGES, STAGES)?;
    Ok(doc)
}

#[cfg(test)]
mod tests;
