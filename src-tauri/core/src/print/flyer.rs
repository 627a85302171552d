//! The co-branded flyer: one page with the program's and a partner's logos side by side, the
//! brand colour, what peer support is, who it is for, how it works, how to reach out (with a QR
//! code to the request form) and the reply promise. Headline and body are the coordinator's,
//! kept per partner; the rest comes from the settings.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    brand, fit, heading_color, line_height, picture, program_title, text_on,
    text_width as text_width_of, Doc, Paper, Picture, INK, MUTED,
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
        fit_on_one_page(&facts, &text, paper)?;
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
    /// The program's logo (left) and the partner's (right), when they have one.
    logos: Vec<(Picture, bool)>,
}

impl Facts {
    fn load(conn: &Connection, partner: i64) -> Result<Facts> {
        let program = program::load(conn)?;
        let partner_name = organizations::get(conn, partner)?.name;
        let host = organizations::host(conn)?;
        let mut logos = Vec::new();
        for (id, right) in [(host, false), (Some(partner), true)] {
            let Some(id) = id else { continue };
            if right && host == Some(partner) {
                continue;
            }
            if let Some((mime, bytes)) = organizations::logo(conn, id)? {
                if let Some(p) = picture(&mime, bytes) {
                    logos.push((p, right));
                }
            }
        }
        Ok(Facts {
            program_name: program_title(&program),
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
    paper: Paper,
    text: Option<&FlyerText>,
) -> Result<Doc> {
    let text = match text {
        Some(t) => check_text(t)?,
        None => text_for(conn, partner)?,
    };
    fit_on_one_page(&Facts::load(conn, partner)?, &text, paper)
}

/// The flyer in the largest body type that fits one page, or a message on the body field.
fn fit_on_one_page(facts: &Facts, text: &FlyerText, paper: Paper) -> Result<Doc> {
    for body_size in [12.0, 11.0, 10.0, 9.0] {
        if let Some(doc) = draw(facts, text, paper, body_size)? {
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
fn draw(facts: &Facts, text: &FlyerText, paper: Paper, body_size: f32) -> Result<Option<Doc>> {
    let program = &facts.program;
    let heading = heading_color(&facts.brand);
    let brand = facts.brand.as_str();
    let (width, height) = paper.size();
    let margin = 18.0;
    let inner = width - 2.0 * margin;
    let band = 16.0;
    let mut doc = Doc::new("Peer support flyer", paper);

    doc.rect(0.0, 0.0, width, 10.0, brand);
    // The program's logo on the left, the partner's on the right.
    let logo_box = (inner - 10.0) / 2.0;
    for (picture, right) in &facts.logos {
        let x = if *right {
            margin + logo_box + 10.0
        } else {
            margin
        };
        doc.picture(picture.clone(), x, 16.0, logo_box, 28.0, *right);
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
            &program.request_form_url,
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
    doc.rect(0.0, height - band, width, band, brand);
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
    let baseline = height - band + 10.0;
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
