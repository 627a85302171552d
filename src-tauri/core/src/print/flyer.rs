//! The co-branded flyer: one page with the program's and a partner's logos side by side, the
//! brand colour, what peer support is, who it is for, how it works, how to reach out (with a QR
//! code to the request form) and the reply promise. Headline and body are the coordinator's,
//! kept per partner; the rest comes from the settings.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    brand, fit, heading_color, line_height, picture, program_title, text_on,
    text_width as text_width_of, Doc, Paper, Picture, Sheet, INK, MUTED,
};
use crate::error::{CoreError, Problem, Result};
use crate::fields::clean_text;
use crate::program;
use crate::program::organizations;
use crate::program::picklists::{self, List};

pub const DEFAULT_HEADLINE: &str = "After a hard shift, talk with someone who has been there";
pub const DEFAULT_BODY: &str = "Peer support is a confidential conversation with a trained colleague who does the same kind of work you do. It is not therapy and not an evaluation: it is a colleague who listens, after a patient death, an assault, a mistake, or a week that was simply too much.";

/// The flyer's wording for a partner: its own, or the program's default.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FlyerText {
    pub headline: String,
    pub body: String,
}

pub fn text_for(conn: &Connection, partner: i64) -> Result<FlyerText> {
    Ok(conn
        .query_row(
            "SELECT headline, body FROM flyer_texts WHERE organization_id = ?1",
            [partner],
            |r| {
                Ok(FlyerText {
                    headline: r.get(0)?,
                    body: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_else(|| FlyerText {
            headline: DEFAULT_HEADLINE.into(),
            body: DEFAULT_BODY.into(),
        }))
}

/// The wording as it will be kept and printed, or what is wrong with it, field by field.
/// Saved and unsaved (previewed) wording pass the same checks.
pub fn check_text(text: &FlyerText) -> Result<FlyerText> {
    let mut errors = crate::error::FieldErrors::default();
    let headline = clean_text(&text.headline);
    let body = text.body.trim();
    match &headline {
        None => errors.add("headline", Problem::Required, "the flyer needs a headline"),
        Some(h) if h.chars().count() > 90 => errors.add(
            "headline",
            Problem::TooLong,
            "keep the headline to 90 characters or fewer so it fits in large type",
        ),
        _ => {}
    }
    if body.is_empty() {
        errors.add(
            "body",
            Problem::Required,
            "say in a few sentences what peer support is",
        );
    } else if body.chars().count() > 700 {
        errors.add(
            "body",
            Problem::TooLong,
            "keep the text to 700 characters or fewer so the page stays readable",
        );
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    Ok(FlyerText {
        headline: headline.unwrap_or_default(),
        body: body.to_string(),
    })
}

/// Keeps the coordinator's wording for this partner's flyer, once it is known to fit the page.
pub fn save_text(conn: &Connection, partner: i64, text: &FlyerText) -> Result<()> {
    let text = check_text(text)?;
    let facts = Facts::load(conn, partner)?;
    for paper in [Paper::Letter, Paper::A4] {
        fit_on_one_page(&facts, &text, paper.into())?;
    }
    conn.execute(
        "INSERT INTO flyer_texts (organization_id, headline, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organization_id) DO UPDATE SET headline = excluded.headline, body = excluded.body,
            updated_at = excluded.updated_at",
        params![partner, text.headline, text.body, crate::clock::now_utc()],
    )?;
    Ok(())
}

/// Everything the flyer shows besides its wording, read once.
struct Facts {
    program: program::Program,
    program_name: String,
    partner_name: String,
    brand: String,
    roles: Vec<String>,
    /// The program's mark (left) and the partner's (right): a logo, or where one has none
    /// and the other has, its short name set as a word mark.
    logos: Vec<(Mark, bool)>,
    /// The request form's address as the QR code carries it: with the batch's source code.
    form_link: String,
}

/// What stands for an organization at the top of the flyer.
enum Mark {
    Logo(Picture),
    /// Its short name (or name), in type: a blank where a logo is missing reads as a
    /// mistake, and a grey box as a placeholder.
    Words(String),
}

impl Facts {
    fn load(conn: &Connection, partner: i64) -> Result<Facts> {
        let program = program::load(conn)?;
        let partner_name = organizations::get(conn, partner)?.name;
        let host = organizations::host(conn)?;
        let mut marks = Vec::new();
        for (id, right) in [(host, false), (Some(partner), true)] {
            let Some(id) = id else { continue };
            if right && host == Some(partner) {
                continue;
            }
            let logo =
                organizations::logo(conn, id)?.and_then(|(mime, bytes)| picture(&mime, bytes));
            marks.push((id, logo, right));
        }
        // With no logo at all the flyer starts with its heading, which names both; with one,
        // the other gets a word mark so the pair stays side by side.
        let any_logo = marks.iter().any(|(_, logo, _)| logo.is_some());
        let mut logos = Vec::new();
        for (id, logo, right) in marks {
            match logo {
                Some(picture) => logos.push((Mark::Logo(picture), right)),
                None if any_logo => {
                    let organization = organizations::get(conn, id)?;
                    let words = organization
                        .short_name
                        .filter(|short| !short.trim().is_empty())
                        .unwrap_or(organization.name);
                    logos.push((Mark::Words(words), right));
                }
                None => {}
            }
        }
        Ok(Facts {
            form_link: program.request_form_url.clone(),
            program_name: program_title(conn, &program)?,
            program,
            partner_name,
            brand: brand(conn)?,
            roles: picklists::entries(conn, List::Roles)?
                .into_iter()
                // "Other" names no one; the sentence already says "everyone".
                .filter(|e| !e.retired && !e.value.eq_ignore_ascii_case("other"))
                .map(|e| e.value)
                .collect(),
            logos,
        })
    }
}

/// Lays out the flyer for `partner`, with `text` (unsaved wording for the preview, checked as
/// saving would) or the saved. Long wording is set in smaller type; wording that does not fit
/// one page even then is refused, never cut or run off the page.
pub fn layout(
    conn: &Connection,
    partner: i64,
    sheet: impl Into<Sheet>,
    text: Option<&FlyerText>,
) -> Result<Doc> {
    layout_for_batch(conn, partner, sheet, text, None)
}

/// `layout`, for a printed batch whose QR link carries `source` (see [`form_link`]).
pub fn layout_for_batch(
    conn: &Connection,
    partner: i64,
    sheet: impl Into<Sheet>,
    text: Option<&FlyerText>,
    source: Option<&str>,
) -> Result<Doc> {
    let text = match text {
        Some(t) => check_text(t)?,
        None => text_for(conn, partner)?,
    };
    let mut facts = Facts::load(conn, partner)?;
    facts.form_link = form_link(&facts.program.request_form_url, source);
    let mut doc = fit_on_one_page(&facts, &text, sheet.into())?;
    doc.add_crop_marks();
    Ok(doc)
}

/// The longest source code, in characters.
const SOURCE_MAX: usize = 40;

/// A source code as the link carries it: lower-case letters, digits and dashes ("ICU Dec 2026"
/// → "icu-dec-2026"); none when nothing of it is left.
pub fn source_code(text: &str) -> Option<String> {
    let code = text
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let code: String = code.chars().take(SOURCE_MAX).collect();
    let code = code.trim_end_matches('-').to_string();
    (!code.is_empty()).then_some(code)
}

/// A batch's source code when the coordinator gives none: the partner's short name (or name)
/// and the month it is printed, "riverside-2026-12".
pub fn default_source(conn: &Connection, partner: i64, today: chrono::NaiveDate) -> Result<String> {
    let organization = organizations::get(conn, partner)?;
    let name = organization
        .short_name
        .filter(|short| !short.trim().is_empty())
        .unwrap_or(organization.name);
    let month = today.format("%Y-%m");
    Ok(source_code(&format!("{name} {month}")).unwrap_or_else(|| month.to_string()))
}

/// The request form's address with `source=CODE` added to its query, so the web form can keep
/// where the requester found it; the address as it is without a code (or without an address).
pub fn form_link(url: &str, source: Option<&str>) -> String {
    let url = url.trim();
    match source.and_then(source_code) {
        Some(code) if !url.is_empty() => {
            let (base, fragment) = url
                .split_once('#')
                .map_or((url, None), |(b, f)| (b, Some(f)));
            let joiner = if base.contains('?') { '&' } else { '?' };
            let mut link = format!("{base}{joiner}source={code}");
            if let Some(fragment) = fragment {
                link.push('#');
                link.push_str(fragment);
            }
            link
        }
        _ => url.to_string(),
    }
}

/// The flyer in the largest body type that fits one page, or a message on the body field.
fn fit_on_one_page(facts: &Facts, text: &FlyerText, sheet: Sheet) -> Result<Doc> {
    for body_size in [12.0, 11.0, 10.0, 9.0] {
        if let Some(doc) = draw(facts, text, sheet, body_size)? {
            return Ok(doc);
        }
    }
    let mut errors = crate::error::FieldErrors::default();
    errors.add(
        "body",
        Problem::TooLong,
        "this flyer does not fit on one page even in smaller type: shorten the text or the headline (long program details in Settings take room too)",
    );
    Err(CoreError::Fields(errors))
}

/// The flyer with the body in `body_size` points, or None when it runs past the footer band.
fn draw(facts: &Facts, text: &FlyerText, sheet: Sheet, body_size: f32) -> Result<Option<Doc>> {
    let program = &facts.program;
    let heading = heading_color(&facts.brand);
    let brand = facts.brand.as_str();
    let (width, height) = sheet.paper.size();
    let margin = 18.0;
    let inner = width - 2.0 * margin;
    // The footer band's top, measured from the page's foot.
    let band = 18.0;
    let mut doc = Doc::new("Peer support flyer", sheet);

    doc.top_band(12.0, brand);
    // The program's mark on the left, the partner's on the right.
    let (logo_top, logo_height) = (17.0, 27.0);
    let logo_box = (inner - 10.0) / 2.0;
    for (mark, right) in &facts.logos {
        let x = if *right {
            margin + logo_box + 10.0
        } else {
            margin
        };
        match mark {
            Mark::Logo(picture) => {
                doc.picture(picture.clone(), x, logo_top, logo_box, logo_height, *right)
            }
            Mark::Words(words) => word_mark(
                &mut doc,
                words,
                x,
                logo_top,
                logo_box,
                logo_height,
                *right,
                &heading,
            ),
        }
    }
    let mut y = if facts.logos.is_empty() { 28.0 } else { 58.0 };
    y = doc.paragraph(
        margin,
        y,
        inner,
        11.0,
        true,
        &heading,
        &format!("{} · with {}", facts.program_name, facts.partner_name),
        1.0,
    );
    y += 7.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        body_size * 2.0,
        true,
        INK,
        &text.headline,
        1.0,
    );
    y += 2.0;
    y = doc.paragraph(margin, y, inner, body_size, false, INK, &text.body, 1.1);
    y += 6.0;

    let small = body_size - 1.0;
    let title = body_size + 2.0;
    doc.text(margin, y, title, true, &heading, "Who it is for");
    y += line_height(title) + 1.0;
    let who = if facts.roles.is_empty() {
        "Everyone who works here, in every role.".to_string()
    } else {
        format!("Everyone who works here: {}.", facts.roles.join(", "))
    };
    y = doc.paragraph(margin, y, inner, small, false, INK, &who, 1.1);
    y += 5.0;
    doc.text(margin, y, title, true, &heading, "How it works");
    y += line_height(title) + 1.0;
    for line in [
        "You are matched with a trained colleague in a role like yours, from outside your team.",
        "It is confidential: nothing goes to your manager or into your file.",
        "It is free, and you choose how to talk: phone, video, text or in person.",
    ] {
        doc.rect(margin, y - 2.6, 2.2, 2.2, brand);
        y = doc.paragraph(margin + 5.0, y, inner - 5.0, small, false, INK, line, 1.1);
        y += 1.0;
    }
    y += 5.0;

    // How to reach out, with the QR code to the request form on the right.
    let qr_size = 42.0;
    let block_top = y;
    doc.text(margin, y, title, true, &heading, "Reach out");
    y += line_height(title) + 1.0;
    let has_form = !program.request_form_url.is_empty();
    let text_width = if has_form {
        inner - qr_size - 8.0
    } else {
        inner
    };
    let mut ways = Vec::new();
    if !program.program_phone.is_empty() {
        ways.push(format!("Call {}", program.program_phone));
    }
    if !program.program_email.is_empty() {
        ways.push(format!("Write to {}", program.program_email));
    }
    if has_form {
        ways.push(format!("Or ask online: {}", program.request_form_url));
    }
    if ways.is_empty() {
        ways.push("Ask your manager or the wellness office for the peer support line.".into());
    }
    for way in &ways {
        y = doc.paragraph(margin, y, text_width, body_size + 1.0, true, INK, way, 1.1);
        y += 1.0;
    }
    let promise = match program.reply_target_days {
        0 => "A colleague will contact you the same day.".to_string(),
        1 => "A colleague will contact you within 1 business day.".to_string(),
        n => format!("A colleague will contact you within {n} business days."),
    };
    y += 2.0;
    y = doc.paragraph(margin, y, text_width, small, false, MUTED, &promise, 1.1);
    if has_form {
        doc.qr(
            &facts.form_link,
            margin + inner - qr_size,
            block_top - 4.0,
            qr_size,
        )?;
        doc.text(
            margin + inner - qr_size + 4.0,
            block_top + qr_size + 1.0,
            8.0,
            false,
            MUTED,
            "Scan to ask for support",
        );
        y = y.max(block_top + qr_size + 4.0);
    }
    if y > height - band - 6.0 {
        return Ok(None);
    }

    // The footer band: the program on the left, the partner on the right. When both together
    // are too long for one line, a name shorter than half the line keeps its width and the
    // other is cut with "…" (the full names are at the top).
    let on_band = text_on(brand);
    doc.bottom_band(height - band, brand);
    let partner_line = format!("Co-branded with {}", facts.partner_name);
    let room = inner - 8.0;
    let left_width = text_width_of(&facts.program_name, 11.0, true);
    let right_width = text_width_of(&partner_line, 10.0, false);
    let left_room = if left_width + right_width <= room {
        left_width
    } else {
        left_width.min(room / 2.0).max(room - right_width)
    };
    let left = fit(&facts.program_name, left_room, 11.0, true);
    let right = fit(&partner_line, room - left_room, 10.0, false);
    // Centred on the band as an office printer prints it (it ends the safe margin up).
    let baseline = height - band + (band - super::SAFE_MARGIN) / 2.0 + 1.4;
    doc.text(margin, baseline, 11.0, true, on_band, &left);
    doc.text(
        width - margin - text_width_of(&right, 10.0, false),
        baseline,
        10.0,
        false,
        on_band,
        &right,
    );
    Ok(Some(doc))
}

/// An organization's short name as its mark where it has no logo: bold, in the heading
/// colour, in the largest size from 22 to 12 points that fits the logo's box (cut with "…"
/// only past that), centred in the box's height and aligned as the logo would be.
#[allow(clippy::too_many_arguments)]
fn word_mark(doc: &mut Doc, words: &str, x: f32, y: f32, w: f32, h: f32, right: bool, color: &str) {
    let size = [22.0, 20.0, 18.0, 16.0, 14.0, 12.0]
        .into_iter()
        .find(|size| text_width_of(words, *size, true) <= w)
        .unwrap_or(12.0);
    let line = fit(words, w, size, true);
    let line_width = text_width_of(&line, size, true);
    // The baseline sits a third of the type's size below the box's middle, which centres
    // capitals and lower case alike by eye.
    let baseline = y + h / 2.0 + size * 0.352_778 / 3.0;
    let left = if right { x + w - line_width } else { x };
    doc.text(left, baseline, size, true, color, &line);
}
