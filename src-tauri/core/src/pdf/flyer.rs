//! The co-branded flyer: one page with the program's and a partner's logos side by side, the
//! brand colour, what peer support is, who it is for, how it works, how to reach out (with a QR
//! code to the request form) and the reply promise. Headline and body are the coordinator's,
//! kept per partner; the rest comes from the settings.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{line_height, picture, Doc, Paper};
use crate::error::{CoreError, Result};
use crate::fields::clean_text;
use crate::organizations;
use crate::picklists::{self, List};
use crate::program;

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

/// Keeps the coordinator's wording for this partner's flyer.
pub fn save_text(conn: &Connection, partner: i64, text: &FlyerText) -> Result<()> {
    let mut errors = crate::error::FieldErrors::default();
    let headline = clean_text(&text.headline);
    let body = text.body.trim();
    match &headline {
        None => errors.add("headline", "the flyer needs a headline"),
        Some(h) if h.chars().count() > 90 => errors.add(
            "headline",
            "keep the headline under 90 characters so it fits in large type",
        ),
        _ => {}
    }
    if body.is_empty() {
        errors.add("body", "say in a few sentences what peer support is");
    } else if body.chars().count() > 700 {
        errors.add(
            "body",
            "keep the text under 700 characters so the page stays readable",
        );
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    organizations::get(conn, partner)?;
    conn.execute(
        "INSERT INTO flyer_texts (organization_id, headline, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organization_id) DO UPDATE SET headline = excluded.headline, body = excluded.body,
            updated_at = excluded.updated_at",
        params![partner, headline.unwrap_or_default(), body, crate::clock::now_utc()],
    )?;
    Ok(())
}

const INK: &str = "#1B2A33";
const MUTED: &str = "#4A5A63";
const WHITE: &str = "#FFFFFF";
const DEFAULT_BRAND: &str = "#2F6F8F";

/// Lays out the flyer for `partner`, with `text` (unsaved wording for the preview) or the saved.
pub fn layout(
    conn: &Connection,
    partner: i64,
    paper: Paper,
    text: Option<&FlyerText>,
) -> Result<Doc> {
    let program = program::load(conn)?;
    let partner_row = organizations::get(conn, partner)?;
    let host = organizations::host(conn)?;
    let brand = host
        .map(|id| organizations::get(conn, id))
        .transpose()?
        .and_then(|h| h.brand_color)
        .unwrap_or_else(|| DEFAULT_BRAND.to_string());
    let saved;
    let text = match text {
        Some(t) => t,
        None => {
            saved = text_for(conn, partner)?;
            &saved
        }
    };
    let (width, height) = paper.size();
    let margin = 18.0;
    let inner = width - 2.0 * margin;
    let mut doc = Doc::new("Peer support flyer", paper);

    doc.rect(0.0, 0.0, width, 10.0, &brand);
    // The program's logo on the left, the partner's on the right.
    let logo_box = (inner - 10.0) / 2.0;
    let mut logos = 0;
    for (id, right) in [(host, false), (Some(partner), true)] {
        let Some(id) = id else { continue };
        if host == Some(partner) && right {
            continue;
        }
        if let Some((mime, bytes)) = organizations::logo(conn, id)? {
            if let Some(p) = picture(&mime, bytes) {
                let x = if right {
                    margin + logo_box + 10.0
                } else {
                    margin
                };
                doc.picture(p, x, 16.0, logo_box, 28.0, right);
                logos += 1;
            }
        }
    }
    let mut y = if logos > 0 { 58.0 } else { 28.0 };
    let program_name = if program.program_name.is_empty() {
        "Peer Support Program"
    } else {
        &program.program_name
    };
    doc.text(
        margin,
        y,
        11.0,
        true,
        &brand,
        &format!("{program_name} · with {}", partner_row.name),
    );
    y += 12.0;
    y = doc.paragraph(margin, y, inner, 24.0, true, INK, &text.headline, 1.0);
    y += 2.0;
    y = doc.paragraph(margin, y, inner, 12.0, false, INK, &text.body, 1.1);
    y += 6.0;

    let roles: Vec<String> = picklists::entries(conn, List::Roles)?
        .into_iter()
        .filter(|e| !e.retired)
        .map(|e| e.value)
        .collect();
    doc.text(margin, y, 14.0, true, &brand, "Who it is for");
    y += line_height(14.0) + 1.0;
    y = doc.paragraph(
        margin,
        y,
        inner,
        11.0,
        false,
        INK,
        &format!(
            "Everyone who works here: {}.",
            roles.join(", ").to_lowercase()
        ),
        1.1,
    );
    y += 5.0;
    doc.text(margin, y, 14.0, true, &brand, "How it works");
    y += line_height(14.0) + 1.0;
    for line in [
        "You are matched with a trained colleague in a role like yours, from outside your team.",
        "It is confidential: nothing goes to your manager or into your file.",
        "It is free, and you choose how to talk: phone, video, text or in person.",
    ] {
        doc.rect(margin, y - 2.6, 2.2, 2.2, &brand);
        y = doc.paragraph(margin + 5.0, y, inner - 5.0, 11.0, false, INK, line, 1.1);
        y += 1.0;
    }
    y += 5.0;

    // How to reach out, with the QR code to the request form on the right.
    let qr_size = 42.0;
    let block_top = y;
    doc.text(margin, y, 14.0, true, &brand, "Reach out");
    y += line_height(14.0) + 1.0;
    let text_width = inner - qr_size - 8.0;
    let mut ways = Vec::new();
    if !program.program_phone.is_empty() {
        ways.push(format!("Call {}", program.program_phone));
    }
    if !program.program_email.is_empty() {
        ways.push(format!("Write to {}", program.program_email));
    }
    if !program.request_form_url.is_empty() {
        ways.push(format!("Or ask online: {}", program.request_form_url));
    }
    if ways.is_empty() {
        ways.push("Ask your manager or the wellness office for the peer support line.".into());
    }
    for way in &ways {
        y = doc.paragraph(margin, y, text_width, 13.0, true, INK, way, 1.1);
        y += 1.0;
    }
    let days = program.reply_target_days;
    let promise = match days {
        0 => "A colleague will contact you the same day.".to_string(),
        1 => "A colleague will contact you within 1 business day.".to_string(),
        n => format!("A colleague will contact you within {n} business days."),
    };
    y += 2.0;
    y = doc.paragraph(margin, y, text_width, 11.0, false, MUTED, &promise, 1.1);
    if !program.request_form_url.is_empty() {
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
    let _ = y;

    let band = 16.0;
    doc.rect(0.0, height - band, width, band, &brand);
    doc.text(
        margin,
        height - band + 10.0,
        11.0,
        true,
        WHITE,
        program_name,
    );
    let partner_line = format!("Co-branded with {}", partner_row.name);
    let partner_width = super::text_width(&partner_line, 10.0, false);
    doc.text(
        width - margin - partner_width,
        height - band + 10.0,
        10.0,
        false,
        WHITE,
        &partner_line,
    );
    Ok(doc)
}
