//! Organizations: the host program and the partners that co-brand its material. The first
//! organization added is the host; supporters and requests without one belong to it.

use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields::{check_color, clean_text, parse_past_date, shorten};

/// Logos larger than this are refused: a print logo needs far less.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// Width and height limits for a logo, in pixels.
const LOGO_MIN_SIDE: u32 = 16;
const LOGO_MAX_SIDE: u32 = 6000;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OrganizationRow {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub brand_color: Option<String>,
    pub is_host: bool,
    pub co_branding: bool,
    pub materials_sent_on: Option<String>,
    pub has_logo: bool,
    /// Supporters who are not retired.
    pub supporters: i64,
}

/// What the coordinator types for an organization. The logo is set on its own
/// ([`set_logo`]) because it comes from a file, not a text field.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct OrganizationInput {
    pub name: String,
    pub short_name: String,
    pub brand_color: String,
    pub co_branding: bool,
    /// YYYY-MM-DD, or empty for never.
    pub materials_sent_on: String,
}

impl From<&OrganizationRow> for OrganizationInput {
    fn from(row: &OrganizationRow) -> Self {
        OrganizationInput {
            name: row.name.clone(),
            short_name: row.short_name.clone().unwrap_or_default(),
            brand_color: row.brand_color.clone().unwrap_or_default(),
            co_branding: row.co_branding,
            materials_sent_on: row.materials_sent_on.clone().unwrap_or_default(),
        }
    }
}

struct Checked {
    name: String,
    short_name: Option<String>,
    brand_color: Option<String>,
    co_branding: bool,
    materials_sent_on: Option<String>,
}

/// The longest organization name the flyer and the sign can print.
const MAX_NAME_CHARS: usize = 120;

/// Whether `name` (already trimmed) can name a new organization.
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "an organization's name has at most {MAX_NAME_CHARS} characters"
        ));
    }
    Ok(())
}

fn check(input: &OrganizationInput) -> Result<Checked> {
    let name = clean_text(&input.name).ok_or_else(|| {
        CoreError::invalid("name", Problem::Required, "an organization needs a name")
    })?;
    // `check_name` refuses a name for its length only.
    check_name(&name).map_err(|e| CoreError::invalid("name", Problem::TooLong, e))?;
    let short_name = clean_text(&input.short_name);
    if short_name.as_ref().is_some_and(|s| s.chars().count() > 30) {
        return Err(CoreError::invalid(
            "short_name",
            Problem::TooLong,
            "a short name has at most 30 characters",
        ));
    }
    let brand_color = match input.brand_color.trim() {
        "" => None,
        text => Some(
            check_color(text).map_err(|e| CoreError::invalid("brand_color", Problem::Format, e))?,
        ),
    };
    let materials_sent_on = match input.materials_sent_on.trim() {
        "" => None,
        text => Some(
            parse_past_date(text, crate::clock::today())
                .map_err(|(code, e)| {
                    CoreError::invalid(
                        "materials_sent_on",
                        code,
                        format!("materials last sent: {e}"),
                    )
                })?
                .to_string(),
        ),
    };
    Ok(Checked {
        name,
        short_name,
        brand_color,
        co_branding: input.co_branding,
        materials_sent_on,
    })
}

fn refuse_duplicate_name(conn: &Connection, name: &str, except: Option<i64>) -> Result<()> {
    let other: Option<i64> = conn
        .query_row(
            "SELECT id FROM organizations WHERE name = ?1 COLLATE NOCASE",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() && other != except {
        return Err(CoreError::invalid(
            "name",
            Problem::Duplicate,
            format!(
                "there is already an organization named \"{}\"",
                shorten(name)
            ),
        ));
    }
    Ok(())
}

/// Adds an organization; the first one ever added becomes the host program.
pub fn add(conn: &Connection, input: &OrganizationInput) -> Result<i64> {
    let checked = check(input)?;
    refuse_duplicate_name(conn, &checked.name, None)?;
    let now = crate::clock::now_utc();
    conn.execute(
        "INSERT INTO organizations (name, short_name, brand_color, is_host, co_branding, materials_sent_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, NOT EXISTS (SELECT 1 FROM organizations), ?4, ?5, ?6, ?6)",
        params![
            checked.name,
            checked.short_name,
            checked.brand_color,
            checked.co_branding,
            checked.materials_sent_on,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    crate::store::audit::record(
        conn,
        "coordinator",
        "organization added",
        Some(&format!("organization {id}")),
    )?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, input: &OrganizationInput) -> Result<()> {
    get(conn, id)?;
    let checked = check(input)?;
    refuse_duplicate_name(conn, &checked.name, Some(id))?;
    conn.execute(
        "UPDATE organizations SET name = ?2, short_name = ?3, brand_color = ?4, co_branding = ?5,
                materials_sent_on = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            id,
            checked.name,
            checked.short_name,
            checked.brand_color,
            checked.co_branding,
            checked.materials_sent_on,
            crate::clock::now_utc()
        ],
    )?;
    crate::store::audit::record(
        conn,
        "coordinator",
        "organization changed",
        Some(&format!("organization {id}")),
    )?;
    Ok(())
}

/// Checks that `bytes` are a PNG or JPEG picture of sensible size; returns its MIME type.
pub fn check_logo(bytes: &[u8]) -> Result<&'static str> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(CoreError::invalid(
            "logo",
            Problem::Unreadable,
            format!(
                "the logo is {:.1} MB; use a PNG or JPEG of at most {} MB",
                bytes.len() as f64 / 1_048_576.0,
                MAX_LOGO_BYTES / 1_048_576
            ),
        ));
    }
    let not_a_picture = |detail: String| {
        CoreError::invalid(
            "logo",
            Problem::Unreadable,
            format!("the logo must be a PNG or JPEG picture ({detail})"),
        )
    };
    let format =
        image::guess_format(bytes).map_err(|_| not_a_picture("the file is neither".into()))?;
    let mime = match format {
        image::ImageFormat::Png => "image/png",
        image::ImageFormat::Jpeg => "image/jpeg",
        other => return Err(not_a_picture(format!("this one is {other:?}"))),
    };
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| not_a_picture(format!("it cannot be read: {e}")))?;
    if width < LOGO_MIN_SIDE
        || height < LOGO_MIN_SIDE
        || width > LOGO_MAX_SIDE
        || height > LOGO_MAX_SIDE
    {
        return Err(CoreError::invalid(
            "logo",
            Problem::OutOfRange,
            format!(
                "the logo is {width}×{height} pixels; use one between {LOGO_MIN_SIDE} and {LOGO_MAX_SIDE} pixels a side"
            ),
        ));
    }
    // Decode it all once, so a truncated or damaged file is refused now, not when printed.
    image::load_from_memory_with_format(bytes, format)
        .map_err(|e| not_a_picture(format!("it is damaged: {e}")))?;
    Ok(mime)
}

/// Stores a logo (validated) for an organization, or removes it with `None`.
pub fn set_logo(conn: &Connection, id: i64, bytes: Option<&[u8]>) -> Result<()> {
    get(conn, id)?;
    let mime = bytes.map(check_logo).transpose()?;
    conn.execute(
        "UPDATE organizations SET logo = ?2, logo_mime = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, bytes, mime, crate::clock::now_utc()],
    )?;
    Ok(())
}

/// Reads a logo file, refusing one too large before reading it.
pub fn read_logo_file(path: &std::path::Path) -> Result<Vec<u8>> {
    crate::files::input::read_bounded(path, MAX_LOGO_BYTES as u64).map_err(
        |refused| match refused {
            crate::files::input::ReadRefused::TooBig(size) => CoreError::invalid(
                "logo",
                Problem::Unreadable,
                format!(
                    "the logo {} is {:.1} MB or more; use a PNG or JPEG of at most {} MB",
                    path.display(),
                    size as f64 / 1_048_576.0,
                    MAX_LOGO_BYTES / 1_048_576
                ),
            ),
            other => other.into_error(path, "logos", "logo"),
        },
    )
}

/// Adds (`id` None) or changes an organization and, when given, its logo, all or nothing:
/// a refused logo leaves no half-saved organization behind. Returns its id.
pub fn save(
    conn: &mut Connection,
    id: Option<i64>,
    input: &OrganizationInput,
    logo: Option<&[u8]>,
) -> Result<i64> {
    let tx = conn.transaction()?;
    let id = match id {
        Some(id) => {
            update(&tx, id, input)?;
            id
        }
        None => add(&tx, input)?,
    };
    if let Some(bytes) = logo {
        set_logo(&tx, id, Some(bytes))?;
    }
    tx.commit()?;
    Ok(id)
}

/// The logo and its MIME type, if the organization has one.
pub fn logo(conn: &Connection, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row(
            "SELECT logo_mime, logo FROM organizations WHERE id = ?1 AND logo IS NOT NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The logo as a `data:` URL the window can show without touching the file system.
pub fn logo_data_url(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(logo(conn, id)?.map(|(mime, bytes)| {
        format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }))
}

const SELECT: &str =
    "SELECT o.id, o.name, o.short_name, o.brand_color, o.is_host, o.co_branding, o.materials_sent_on,
            o.logo IS NOT NULL,
            (SELECT count(*) FROM report_supporters s WHERE s.organization_id = o.id)
     FROM organizations o";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OrganizationRow> {
    Ok(OrganizationRow {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        brand_color: r.get(3)?,
        is_host: r.get(4)?,
        co_branding: r.get(5)?,
        materials_sent_on: r.get(6)?,
        has_logo: r.get(7)?,
        supporters: r.get(8)?,
    })
}

/// The host first, then partners by name.
pub fn list(conn: &Connection) -> Result<Vec<OrganizationRow>> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} ORDER BY o.is_host DESC, o.name COLLATE NOCASE"
    ))?;
    let rows = statement.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<OrganizationRow> {
    conn.prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| no_such_organization(id))
}

/// Just the organization's name (cheaper than [`get`], which counts its supporters).
pub fn name_of(conn: &Connection, id: i64) -> Result<String> {
    conn.prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| no_such_organization(id))
}

/// "there is no organization N", about the `id` asked for.
fn no_such_organization(id: i64) -> CoreError {
    CoreError::invalid(
        "id",
        Problem::Unknown,
        format!("there is no organization {id}"),
    )
}

/// The organization named (or short-named) `text`, in any case, or with that id.
pub fn find(conn: &Connection, text: &str) -> Result<Option<i64>> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        if name_of(conn, id).is_ok() {
            return Ok(Some(id));
        }
    }
    Ok(conn
        .prepare_cached(
            "SELECT id FROM organizations WHERE name = ?1 COLLATE NOCASE
             UNION ALL SELECT id FROM organizations WHERE short_name = ?1 COLLATE NOCASE LIMIT 1",
        )?
        .query_row([text], |r| r.get(0))
        .optional()?)
}

/// Like [`find`], but an unknown organization is an error that says so.
pub fn resolve(conn: &Connection, text: &str) -> Result<i64> {
    find(conn, text)?.ok_or_else(|| {
        CoreError::invalid(
            "organization",
            Problem::Unknown,
            format!(
                "there is no organization \"{}\" (see `peerdesk orgs list`)",
                shorten(text.trim())
            ),
        )
    })
}

/// The host program's id, if one was set up.
pub fn host(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM organizations ORDER BY is_host DESC, id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        crate::store::migrations::in_memory().expect("a migrated database")
    }

    fn named(name: &str) -> OrganizationInput {
        OrganizationInput {
            name: name.into(),
            ..Default::default()
        }
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([47, 111, 143]));
        let mut bytes = Vec::new();
        picture
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .expect("encode png");
        bytes
    }

    #[test]
    fn the_first_organization_is_the_host_and_names_are_unique() {
        let conn = store();
        let host_id = add(&conn, &named("Riverside Health")).expect("host");
        let partner = add(
            &conn,
            &OrganizationInput {
                name: "Lakeview Clinic".into(),
                short_name: "LVC".into(),
                brand_color: "#aa3300".into(),
                co_branding: true,
                materials_sent_on: "2025-01-15".into(),
            },
        )
        .expect("partner");
        assert_eq!(
            host(&conn).expect("host"),
            Some(host_id),
            "the first organization added is the host"
        );
        let row = get(&conn, partner).expect("get");
        assert!(
            !row.is_host && row.co_branding,
            "the partner is not the host and is co-branded"
        );
        assert_eq!(
            row.brand_color.as_deref(),
            Some("#AA3300"),
            "the partner's brand colour is kept in upper case"
        );
        assert_eq!(
            find(&conn, "lvc").expect("find"),
            Some(partner),
            "the partner is found by its short name in any case"
        );
        assert_eq!(
            find(&conn, &partner.to_string()).expect("find"),
            Some(partner),
            "the partner is found by its number"
        );
        assert!(
            add(&conn, &named("riverside HEALTH")).is_err(),
            "duplicate name"
        );
        assert!(
            update(&conn, partner, &named("Riverside Health")).is_err(),
            "renaming the partner to the host's name is refused"
        );
    }

    #[test]
    fn bad_fields_are_refused_in_words() {
        let conn = store();
        for (input, expected) in [
            (named("  "), "needs a name"),
            (
                OrganizationInput {
                    brand_color: "red".into(),
                    ..named("A")
                },
                "a colour code such as #2F6F8F",
            ),
            (
                OrganizationInput {
                    materials_sent_on: "2999-01-01".into(),
                    ..named("A")
                },
                "future",
            ),
            (
                OrganizationInput {
                    materials_sent_on: "15/01/2025".into(),
                    ..named("A")
                },
                "YYYY-MM-DD",
            ),
        ] {
            let error = add(&conn, &input).expect_err("refused").to_string();
            assert!(error.contains(expected), "{error}");
        }
    }

    #[test]
    fn logos_must_be_real_pngs_or_jpegs() {
        let conn = store();
        let id = add(&conn, &named("Riverside Health")).expect("add");
        set_logo(&conn, id, Some(&png(64, 32))).expect("a real PNG");
        assert!(
            get(&conn, id).expect("get").has_logo,
            "the organization has a logo after a real PNG is set"
        );
        let url = logo_data_url(&conn, id).expect("url").expect("has one");
        assert!(
            url.starts_with("data:image/png;base64,"),
            "the logo is served as a PNG data URL"
        );
        let mut truncated = png(64, 64);
        truncated.truncate(truncated.len() / 2);
        for bad in [
            b"GIF89a....".to_vec(),
            b"not a picture".to_vec(),
            truncated,
            png(4, 4),
        ] {
            assert!(
                check_logo(&bad).is_err(),
                "a GIF, plain text, a truncated PNG and a tiny picture are refused as logos"
            );
        }
        set_logo(&conn, id, None).expect("remove");
        assert!(
            !get(&conn, id).expect("get").has_logo,
            "the organization has no logo once it is removed"
        );

        // Saving with a refused logo saves nothing, not a logo-less organization.
        let mut conn = store();
        let refused = save(
            &mut conn,
            None,
            &named("Lakeview Clinic"),
            Some(b"not a picture"),
        );
        assert!(
            refused.is_err(),
            "saving with a picture that is not one is refused"
        );
        assert!(list(&conn).expect("list").is_empty(), "all or nothing");
        let saved = save(
            &mut conn,
            None,
            &named("Lakeview Clinic"),
            Some(&png(32, 32)),
        )
        .expect("save");
        assert!(
            get(&conn, saved).expect("get").has_logo,
            "the organization saved with a real PNG has its logo"
        );
    }
}
