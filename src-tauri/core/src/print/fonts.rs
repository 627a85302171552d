//! The fonts PeerDesk prints with, and measuring text in them: DejaVu Sans for Latin, Greek,
//! Cyrillic and Arabic, Droid Sans Fallback for any character DejaVu lacks (Chinese,
//! Japanese, Korean). Both ship with the app and are parsed once. Arabic is joined and put
//! in visual order here (`visual`), so layout and the PDF measure the same glyphs.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{CoreError, Result};

// DejaVu Sans lives with the window's files (ui/fonts), which serve it to the print preview
// (ui/css/print.css): one copy, so the preview is drawn in the very font the PDF embeds and
// measures with, and the two can never drift apart. The fallback is the core's alone: the
// window draws Chinese, Japanese and Korean in the machine's own fonts.
pub(super) const REGULAR: &[u8] = include_bytes!("../../../../ui/fonts/DejaVuSans.ttf");
pub(super) const BOLD: &[u8] = include_bytes!("../../../../ui/fonts/DejaVuSans-Bold.ttf");
const FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

/// The height of a line of `size`-point text, in millimetres.
pub fn line_height(size: f32) -> f32 {
    size * 1.25 * 0.352_778
}

pub(super) struct Fonts {
    pub(super) regular: ParsedFont,
    pub(super) bold: ParsedFont,
    pub(super) fallback: ParsedFont,
}

/// The shipped fonts, parsed once.
pub(super) fn fonts() -> Result<&'static Fonts> {
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
pub(super) enum Face {
    Main,
    Fallback,
}

pub(super) fn face_of(fonts: &Fonts, bold: bool, c: char) -> Face {
    let main = if bold { &fonts.bold } else { &fonts.regular };
    if main.lookup_glyph_index(c as u32).is_some_and(|g| g != 0) || c.is_whitespace() {
        Face::Main
    } else {
        Face::Fallback
    }
}

pub(super) fn font_for(fonts: &Fonts, bold: bool, face: Face) -> &ParsedFont {
    match (face, bold) {
        (Face::Fallback, _) => &fonts.fallback,
        (Face::Main, true) => &fonts.bold,
        (Face::Main, false) => &fonts.regular,
    }
}

/// The text split into runs of one font each.
pub(super) fn runs(fonts: &Fonts, bold: bool, text: &str) -> Vec<(Face, String)> {
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

pub(super) fn run_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
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
