//! Printed material, rendered by the core with printpdf (never through the webview's print).
//!
//! A document is first laid out as a display list (`Doc`: pages of text runs, rectangles,
//! images and QR codes, positioned in millimetres from the page's top-left corner). The same
//! list becomes the PDF (`to_pdf`) and the window's preview (serialized to JSON and drawn as
//! SVG), so the preview shows exactly what is saved. Fonts ship with the app (assets/fonts):
//! DejaVu Sans for Latin, Greek, Cyrillic and Arabic letters, Droid Sans Fallback for any
//! character DejaVu lacks (Chinese, Japanese, Korean); both are embedded and subset. Arabic is
//! joined and ordered right to left before it is drawn (`visual`).

pub mod flyer;
pub mod report;
pub mod sign;

use std::sync::OnceLock;

use base64::Engine as _;
use printpdf::{
    Color, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, RawImage, Rect, Rgb, TextItem, TextMatrix, WindingOrder, XObjectTransform,
};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
const FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

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
        /// Its width in the shipped fonts (mm): the preview stretches the window's own font to
        /// it, so lines end where they end on paper even where DejaVu Sans is not installed.
        width: f32,
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
        Item::Text {
            x,
            y,
            size,
            bold,
            color: color.to_string(),
            text: visual(text),
            width: text_width(text, size, bold),
        }
    }
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

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The PDF's title: what the document is, never a person's name.
    pub title: String,
    pub paper: Paper,
    pub pages: Vec<Page>,
    pub images: Vec<Picture>,
}

/// What the window's preview draws: the same pages, pictures as data URLs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Preview {
    pub title: String,
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub images: Vec<String>,
}

impl Doc {
    pub fn new(title: &str, paper: Paper) -> Doc {
        Doc {
            title: title.to_string(),
            paper,
            pages: vec![Page::default()],
            images: Vec::new(),
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
        }
    }
}

/// The height of a line of `size`-point text, in millimetres.
pub fn line_height(size: f32) -> f32 {
    size * 1.25 * 0.352_778
}

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    fallback: ParsedFont,
}

/// The shipped fonts, parsed once.
fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut Vec::new());
            Some(Fonts {
                regular: parse(REGULAR)?,
                bold: parse(BOLD)?,
                fallback: parse(FALLBACK)?,
            })
        })
        .as_ref()
        .ok_or_else(|| CoreError::Internal("the fonts shipped with PeerDesk cannot be read".into()))
}

/// Which font draws a character: the main face when it has the glyph, else the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Main,
    Fallback,
}

fn face_of(fonts: &Fonts, bold: bool, c: char) -> Face {
    let main = if bold { &fonts.bold } else { &fonts.regular };
    if main.lookup_glyph_index(c as u32).is_some_and(|g| g != 0) || c.is_whitespace() {
        Face::Main
    } else {
        Face::Fallback
    }
}

fn font_for(fonts: &Fonts, bold: bool, face: Face) -> &ParsedFont {
    match (face, bold) {
        (Face::Fallback, _) => &fonts.fallback,
        (Face::Main, true) => &fonts.bold,
        (Face::Main, false) => &fonts.regular,
    }
}

/// The text split into runs of one font each.
fn runs(fonts: &Fonts, bold: bool, text: &str) -> Vec<(Face, String)> {
    let mut runs: Vec<(Face, String)> = Vec::new();
    for c in text.chars() {
        let face = face_of(fonts, bold, c);
        match runs.last_mut() {
            Some((last, run)) if *last == face => run.push(c),
            _ => runs.push((face, c.to_string())),
        }
    }
    runs
}

fn run_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let units: f32 = text
        .chars()
        .map(|c| {
            let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
            f32::from(font.get_horizontal_advance(glyph))
        })
        .sum();
    units * size / upem * 0.352_778
}

fn is_right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Arabic letters in their joined forms (initial, medial, final), which a PDF does not make
/// by itself: the shipped fonts hold them as presentation forms.
fn shaped(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_right_to_left) {
        // A zero-width joiner (in some emoji, or typed) puts the reshaper's ligature
        // positions out of step with its output; it draws nothing here, so it goes first.
        std::borrow::Cow::Owned(ar_reshaper::reshape_line(text.replace('\u{200D}', "")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A line as its glyphs are drawn from left to right: shaped, and ordered by the Unicode
/// bidirectional algorithm (a line whose first letter is Arabic or Hebrew reads right to left,
/// others left to right with right-to-left runs reversed), since a PDF draws glyphs in the
/// order it is given them.
pub fn visual(text: &str) -> String {
    let shaped = shaped(text);
    if !shaped.chars().any(is_right_to_left) {
        return shaped.into_owned();
    }
    let info = unicode_bidi::BidiInfo::new(&shaped, None);
    info.paragraphs
        .iter()
        .map(|paragraph| info.reorder_line(paragraph, paragraph.range.clone()))
        .collect()
}

/// The width of `text` at `size` points, in millimetres.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(fonts) = fonts() else {
        return text.chars().count() as f32 * size * 0.2;
    };
    runs(fonts, bold, &shaped(text))
        .iter()
        .map(|(face, run)| run_width(font_for(fonts, bold, *face), run, size))
        .sum()
}

/// Breaks `text` into lines no wider than `width` mm; a paragraph break stays one.
pub fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
            // A single word wider than the line (a long address) is broken by characters.
            while text_width(&line, size, bold) > width && line.chars().count() > 1 {
                let mut head = String::new();
                for c in line.chars() {
                    if text_width(&format!("{head}{c}"), size, bold) > width && !head.is_empty() {
                        break;
                    }
                    head.push(c);
                }
                let rest: String = line.chars().skip(head.chars().count()).collect();
                lines.push(head);
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` as it fits on one line of `width` mm: whole, or cut at a character with "…".
pub fn fit(text: &str, width: f32, size: f32, bold: bool) -> String {
    if text_width(text, size, bold) <= width {
        return text.to_string();
    }
    let mut head: String = text.chars().collect();
    while !head.is_empty() && text_width(&format!("{}…", head.trim_end()), size, bold) > width {
        head.pop();
    }
    format!("{}…", head.trim_end())
}

/// The printed ink, a softer ink for secondary lines, and the brand colour when the host
/// organization has none.
pub const INK: &str = "#1B2A33";
pub const MUTED: &str = "#4A5A63";
pub const WHITE: &str = "#FFFFFF";
const DEFAULT_BRAND: &str = "#2F6F8F";

/// The host organization's brand colour (the program's), or PeerDesk's.
pub fn brand(conn: &rusqlite::Connection) -> Result<String> {
    Ok(crate::program::organizations::host(conn)?
        .map(|id| crate::program::organizations::get(conn, id))
        .transpose()?
        .and_then(|h| h.brand_color)
        .unwrap_or_else(|| DEFAULT_BRAND.to_string()))
}

/// The program's name as printed, or a plain description when it has none yet.
pub fn program_title(program: &crate::program::Program) -> String {
    if program.program_name.is_empty() {
        "Peer Support Program".to_string()
    } else {
        program.program_name.clone()
    }
}

/// "#RRGGBB" as red, green and blue from 0 to 1 (black for anything else).
fn rgb(hex: &str) -> (f32, f32, f32) {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f32::from(v) / 255.0)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        (channel(1), channel(3), channel(5))
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
fn contrast(a: &str, b: &str) -> f32 {
    let luminance = |hex: &str| {
        let linear = |c: f32| {
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = rgb(hex);
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// White or ink, whichever reads better on `background` (a pale brand band gets dark text).
pub fn text_on(background: &str) -> &'static str {
    if contrast(WHITE, background) >= contrast(INK, background) {
        WHITE
    } else {
        INK
    }
}

/// `brand` for headings on white paper when it is dark enough to read (3:1, large type),
/// else the ink: a yellow brand still colours the bands, not the words.
pub fn heading_color(brand: &str) -> String {
    if contrast(brand, WHITE) >= 3.0 {
        brand.to_string()
    } else {
        INK.to_string()
    }
}

fn color(hex: &str) -> Color {
    let (r, g, b) = rgb(hex);
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn mm(value: f32) -> Pt {
    Mm(value).into_pt()
}

/// Renders the display list to PDF bytes: vector text in embedded, subset fonts; images at
/// their own resolution; metadata with the document's title and no one's name.
pub fn to_pdf(doc: &Doc) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.author = String::new();
    pdf.metadata.info.creator = "PeerDesk".into();
    pdf.metadata.info.producer = "PeerDesk".into();
    pdf.metadata.info.subject = String::new();
    if let Ok(now) = printpdf::OffsetDateTime::from_unix_timestamp(chrono::Utc::now().timestamp()) {
        pdf.metadata.info.creation_date = now;
        pdf.metadata.info.modification_date = now;
        pdf.metadata.info.metadata_date = now;
    }
    let ids: [FontId; 3] = [
        pdf.add_font(&fonts.regular),
        pdf.add_font(&fonts.bold),
        pdf.add_font(&fonts.fallback),
    ];
    let handle = |bold: bool, face: Face| {
        PdfFontHandle::External(match (face, bold) {
            (Face::Fallback, _) => ids[2].clone(),
            (Face::Main, true) => ids[1].clone(),
            (Face::Main, false) => ids[0].clone(),
        })
    };
    let mut images = Vec::new();
    for picture in &doc.images {
        let raw = RawImage::decode_from_bytes(&picture.bytes, &mut Vec::new()).map_err(|e| {
            CoreError::refused(
                Problem::Unreadable,
                format!("a picture cannot be printed: {e}"),
            )
        })?;
        images.push((pdf.add_image(&raw), raw.width));
    }
    let (width, height) = doc.paper.size();
    let mut pages = Vec::new();
    for page in &doc.pages {
        let mut ops = Vec::new();
        for item in &page.items {
            match item {
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    color: c,
                } => {
                    ops.push(Op::SetFillColor { col: color(c) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: mm(*x),
                            y: mm(height - y - h),
                            width: mm(*w),
                            height: mm(*h),
                            mode: Some(PaintMode::Fill),
                            winding_order: Some(WindingOrder::NonZero),
                        },
                    });
                }
                Item::Qr {
                    x,
                    y,
                    size,
                    modules,
                    dark,
                } => {
                    let module = size / *modules as f32;
                    ops.push(Op::SetFillColor {
                        col: color("#FFFFFF"),
                    });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: mm(*x),
                            y: mm(height - y - size),
                            width: mm(*size),
                            height: mm(*size),
                            mode: Some(PaintMode::Fill),
                            winding_order: Some(WindingOrder::NonZero),
                        },
                    });
                    ops.push(Op::SetFillColor {
                        col: color("#000000"),
                    });
                    for row in 0..*modules {
                        let mut col = 0;
                        while col < *modules {
                            if !dark[row * modules + col] {
                                col += 1;
                                continue;
                            }
                            let start = col;
                            while col < *modules && dark[row * modules + col] {
                                col += 1;
                            }
                            ops.push(Op::DrawRectangle {
                                rectangle: Rect {
                                    x: mm(x + start as f32 * module),
                                    y: mm(height - y - (row as f32 + 1.0) * module),
                                    width: mm((col - start) as f32 * module),
                                    height: mm(module),
                                    mode: Some(PaintMode::Fill),
                                    winding_order: Some(WindingOrder::NonZero),
                                },
                            });
                        }
                    }
                }
                Item::Image { x, y, w, h, image } => {
                    let Some((id, pixels_wide)) = images.get(*image) else {
                        continue;
                    };
                    // The DPI that makes the picture exactly `w` millimetres wide.
                    let dpi = *pixels_wide as f32 * 25.4 / w.max(0.1);
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(mm(*x)),
                            translate_y: Some(mm(height - y - h)),
                            dpi: Some(dpi),
                            ..Default::default()
                        },
                    });
                }
                Item::Text {
                    x,
                    y,
                    size,
                    bold,
                    color: c,
                    text,
                    ..
                } => {
                    let mut cursor = *x;
                    for (face, run) in runs(fonts, *bold, text) {
                        let run_mm = run_width(font_for(fonts, *bold, face), &run, *size);
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFillColor { col: color(c) });
                        ops.push(Op::SetFont {
                            font: handle(*bold, face),
                            size: Pt(*size),
                        });
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(mm(cursor), mm(height - y)),
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(run)],
                        });
                        ops.push(Op::EndTextSection);
                        cursor += run_mm;
                    }
                }
            }
        }
        pages.push(PdfPage::new(Mm(width), Mm(height), ops));
    }
    pdf.with_pages(pages);
    let options = PdfSaveOptions {
        image_optimization: None,
        ..Default::default()
    };
    Ok(pdf.save(&options, &mut Vec::new()))
}

/// Writes the PDF whole (a temporary name beside it, then renamed) or not at all, and notes
/// in the audit log what was printed: the kind of document and its pages, never its content.
pub fn save_pdf(conn: &rusqlite::Connection, doc: &Doc, path: &std::path::Path) -> Result<()> {
    crate::files::output::write_whole(path, &to_pdf(doc)?)?;
    record_printed(conn, doc)
}

/// Notes in the audit log that `doc` was printed (its title, pages and paper; never a name).
pub fn record_printed(conn: &rusqlite::Connection, doc: &Doc) -> Result<()> {
    crate::store::audit::record(
        conn,
        "coordinator",
        "printed",
        Some(&format!(
            "{}, {} page{}, {}",
            doc.title,
            doc.pages.len(),
            if doc.pages.len() == 1 { "" } else { "s" },
            match doc.paper {
                Paper::Letter => "US Letter",
                Paper::A4 => "A4",
            }
        )),
    )
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
    /// "flyer", "sign" or "report".
    pub document: String,
    pub paper: Paper,
    /// Flyer: the partner organization.
    pub partner_id: Option<i64>,
    /// Flyer: unsaved wording to preview (the saved wording when absent).
    pub text: Option<flyer::FlyerText>,
    /// Sign: the department (name) and, optionally, one organization.
    pub department: String,
    pub organization_id: Option<i64>,
    /// Report: the period.
    pub from: String,
    pub to: String,
}

/// Lays out the document a print request describes.
pub fn build(
    conn: &rusqlite::Connection,
    request: &PrintRequest,
    today: chrono::NaiveDate,
) -> Result<Doc> {
    match request.document.as_str() {
        "flyer" => {
            let partner = request.partner_id.ok_or_else(|| {
                CoreError::invalid(
                    "partner_id",
                    Problem::Required,
                    "choose the partner organization of the flyer",
                )
            })?;
            flyer::layout(conn, partner, request.paper, request.text.as_ref())
        }
        "sign" => {
            if request.department.trim().is_empty() {
                return Err(CoreError::invalid(
                    "department",
                    Problem::Required,
                    "choose the department of the sign",
                ));
            }
            sign::layout(
                conn,
                &request.department,
                request.organization_id,
                request.paper,
            )
        }
        "report" => {
            let query = crate::reporting::reports::ReportQuery {
                from: request.from.clone(),
                to: request.to.clone(),
                ..crate::reporting::reports::ReportQuery::default()
            };
            Ok(report::layout(conn, &query, request.paper, today)?.0)
        }
        other => Err(CoreError::invalid(
            "document",
            Problem::Unknown,
            format!(
                "\"{}\" is not a document PeerDesk prints: flyer, sign or report",
                crate::fields::shorten(other)
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
