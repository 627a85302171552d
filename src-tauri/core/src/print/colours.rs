//! The printed colours: the ink, the host organization's brand colour, and which of them
//! reads on which background (a contrast ratio, as WCAG computes it).

use crate::error::Result;

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

/// The program's name as printed: its name in Settings; before it has one, the host
/// organization's peer support (a page named for no one reads as a template); before there
/// is a host, a plain description.
pub fn program_title(
    conn: &rusqlite::Connection,
    program: &crate::program::Program,
) -> Result<String> {
    if !program.program_name.trim().is_empty() {
        return Ok(program.program_name.clone());
    }
    let host = crate::program::organizations::host(conn)?
        .map(|id| crate::program::organizations::get(conn, id))
        .transpose()?;
    Ok(match host {
        // "Riverside Peer Support Network" is already a program's name.
        Some(host) if host.name.to_lowercase().contains("peer support") => host.name,
        Some(host) => format!("{} Peer Support", host.name),
        None => "Peer Support Program".to_string(),
    })
}

/// "#RRGGBB" as red, green and blue from 0 to 1 (black for anything else).
pub(super) fn rgb(hex: &str) -> (f32, f32, f32) {
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
