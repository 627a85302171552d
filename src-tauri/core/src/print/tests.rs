//! Layout tests of the printed material on a real (in-memory) store: what is on each page,
//! that nothing runs off it, and that what must not be printed is not. The PDF bytes
//! themselves are read back with poppler in the integration tests.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::fonts::{fonts, runs, Face};
use super::*;
use crate::program::organizations::{self, OrganizationInput};
use crate::roster::supporters::{self, SupporterForm};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn store(brand: &str) -> Connection {
    let conn = crate::store::migrations::in_memory().expect("a migrated database");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Riverside Health".into(),
            brand_color: brand.into(),
            ..Default::default()
        },
    )
    .expect("host");
    conn
}

fn partner(conn: &Connection, name: &str) -> i64 {
    organizations::add(
        conn,
        &OrganizationInput {
            name: name.into(),
            ..Default::default()
        },
    )
    .expect("partner")
}

/// The texts of a document, page by page.
fn texts(doc: &Doc) -> Vec<Vec<String>> {
    doc.pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Every text, box, picture and code lies inside its page.
fn assert_on_page(doc: &Doc) {
    let (width, height) = doc.paper.size();
    let inside = |what: &str, x: f32, y: f32, w: f32, h: f32| {
        assert!(
            x >= -0.01 && y >= -0.01 && x + w <= width + 0.01 && y + h <= height + 0.01,
            "{what} at ({x:.1}, {y:.1}) size {w:.1} × {h:.1} leaves the {width} × {height} page"
        );
    };
    for page in &doc.pages {
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                    ..
                } => {
                    let ascent = size * 0.352_778 * 0.8;
                    inside(
                        &format!("\"{text}\""),
                        *x,
                        y - ascent,
                        text_width(text, *size, *bold),
                        ascent,
                    );
                }
                Item::Rect { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => {
                    inside("a box", *x, *y, *w, *h)
                }
                Item::Qr { x, y, size, .. } => inside("the QR code", *x, *y, *size, *size),
            }
        }
    }
}

#[test]
fn the_flyer_names_the_partner_and_the_program_line_and_stays_on_one_page() {
    let conn = store("#2F6F8F");
    let partner = partner(&conn, "Lakeside Clinic");
    crate::program::set(&conn, "program_phone", "555-0100").expect("phone");
    crate::program::set(&conn, "request_form_url", "https://peers.example.org/ask").expect("url");
    for paper in [Paper::Letter, Paper::A4] {
        let doc = flyer::layout(&conn, partner, paper, None).expect("flyer");
        assert_eq!(doc.pages.len(), 1, "the flyer fits on one page");
        let all = texts(&doc).concat().join("\n");
        assert!(all.contains("Lakeside Clinic"), "{all}");
        assert!(all.contains("Call 555-0100"), "{all}");
        assert!(all.contains("After a hard shift"), "{all}");
        assert_on_page(&doc);
    }
}

#[test]
fn extreme_names_and_wording_stay_on_the_flyer_or_are_refused_in_words() {
    let conn = store("#2F6F8F");
    let long_partner = format!("The {} Regional Medical Center", "Very ".repeat(20));
    let partner = partner(&conn, &long_partner[..long_partner.len().min(120)]);
    crate::program::set(
        &conn,
        "program_name",
        &"Peer Support Program of the Valley ".repeat(3)[..79],
    )
    .expect("a long program name");
    crate::program::set(
        &conn,
        "program_email",
        "peer.support.program@riverside-health.example.org",
    )
    .expect("email");
    crate::program::set(
        &conn,
        "request_form_url",
        &format!("https://forms.example.org/{}", "a".repeat(150)),
    )
    .expect("a long address");
    for role in [
        "Respiratory therapist",
        "Patient transport",
        "Unit clerk",
        "Social worker",
    ] {
        crate::program::picklists::add(&conn, crate::program::picklists::List::Roles, role, None)
            .expect("role");
    }
    // The longest wording the form allows, in long words: smaller type, still on the page.
    let longest = flyer::FlyerText {
        headline: "Talk with a colleague who knows ".repeat(3)[..89].to_string(),
        body: "Confidential conversations between colleagues. ".repeat(15)[..699].to_string(),
    };
    let plain = self::partner(&conn, "Lakeside Clinic");
    for paper in [Paper::Letter, Paper::A4] {
        let doc = flyer::layout(&conn, partner, paper, None)
            .expect("the default wording fits with the longest names and address allowed");
        assert_on_page(&doc);
        let top = texts(&doc)[0].join(" ");
        assert!(
            top.contains("Very Very"),
            "the partner's name wraps at the top: {top}"
        );
    }
    for paper in [Paper::Letter, Paper::A4] {
        let doc = flyer::layout(&conn, plain, paper, Some(&longest))
            .expect("the longest wording the form allows fits, in smaller type");
        assert_on_page(&doc);
        match flyer::layout(&conn, partner, paper, Some(&longest)) {
            Ok(doc) => {
                assert_eq!(
                    doc.pages.len(),
                    1,
                    "the flyer with the longest wording fits on one page"
                );
                assert_on_page(&doc);
                // Only the footer band's two lines sit on the band.
                let (_, height) = paper.size();
                let lines = &texts(&doc)[0];
                let below = doc.pages[0]
                    .items
                    .iter()
                    .filter(|i| matches!(i, Item::Text { y, .. } if *y > height - 16.0))
                    .count();
                assert_eq!(below, 2, "{lines:?}");
            }
            Err(CoreError::Fields(errors)) => {
                assert_eq!(errors.0[0].field.as_deref(), Some("body"), "{errors:?}");
            }
            Err(other) => panic!("{other}"),
        }
    }
    // Unsaved wording in a print request passes the same checks as saving it.
    let request = PrintRequest {
        document: "flyer".into(),
        partner_id: Some(partner),
        text: Some(flyer::FlyerText {
            headline: "H".repeat(200),
            body: "Fine.".into(),
        }),
        ..PrintRequest::default()
    };
    match build(&conn, &request, today()) {
        Err(CoreError::Fields(errors)) => assert_eq!(
            (errors.0[0].field.as_deref(), errors.0[0].code),
            (Some("headline"), crate::error::Problem::TooLong),
            "a 200-character headline is too long, beside the headline"
        ),
        other => panic!("a 200-character headline was laid out: {other:?}"),
    }
}

#[test]
fn a_pale_brand_colour_gets_dark_words_and_a_dark_one_white() {
    assert_eq!(
        text_on("#2F6F8F"),
        WHITE,
        "a dark brand colour gets white words"
    );
    assert_eq!(
        text_on("#FFE600"),
        INK,
        "a pale brand colour gets dark words"
    );
    assert_eq!(
        heading_color("#2F6F8F"),
        "#2F6F8F",
        "a dark brand colour is used for headings as it is"
    );
    assert_eq!(
        heading_color("#FFE600"),
        INK,
        "a pale brand colour gives way to ink for headings"
    );
    let conn = store("#FFE600");
    let partner = partner(&conn, "Lakeside Clinic");
    let doc = flyer::layout(&conn, partner, Paper::Letter, None).expect("flyer");
    let on_band: Vec<&str> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, color, .. } if *y > 279.4 - 16.0 => Some(color.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(on_band, [INK, INK], "the footer band is readable");
}

#[test]
fn on_the_footer_band_a_short_program_name_leaves_the_rest_to_a_long_partner_name() {
    let conn = store("#2F6F8F");
    crate::program::set(&conn, "program_name", "Peer Line").expect("a short name");
    let partner = partner(
        &conn,
        "The Greater Riverside Valley Regional Medical Center and Community Hospitals Network",
    );
    let doc = flyer::layout(&conn, partner, Paper::Letter, None).expect("flyer");
    assert_on_page(&doc);
    let on_band: Vec<(String, f32)> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { y, text, width, .. } if *y > 279.4 - 16.0 => Some((text.clone(), *width)),
            _ => None,
        })
        .collect();
    assert_eq!(on_band[0].0, "Peer Line", "the program's name is whole");
    let (partner_line, partner_width) = &on_band[1];
    assert!(partner_line.ends_with('…'), "{partner_line}");
    let half_of_the_line = (215.9 - 2.0 * 18.0 - 8.0) / 2.0;
    assert!(
        *partner_width > half_of_the_line,
        "the partner's line takes the room the short name leaves: {partner_line} ({partner_width:.1} mm)"
    );
}

#[test]
fn a_long_program_name_gives_way_with_an_ellipsis() {
    assert_eq!(
        fit("Short", 100.0, 10.0, false),
        "Short",
        "a name that fits is left whole"
    );
    let cut = fit(&"Riverside ".repeat(20), 50.0, 10.0, false);
    assert!(
        cut.ends_with('…') && text_width(&cut, 10.0, false) <= 50.0,
        "{cut}"
    );
}

fn supporter(conn: &Connection, name: &str, department: &str, consent: bool) -> i64 {
    supporters::add(
        conn,
        &SupporterForm {
            name: name.into(),
            role: "Nurse".into(),
            department: department.into(),
            email: format!("{}@riverside.org", name.to_lowercase().replace(' ', ".")),
            trained_on: "2025-03-01".into(),
            consent_to_list: consent,
            ..Default::default()
        },
        today(),
    )
    .expect("supporter")
}

#[test]
fn a_sign_names_only_trained_consenting_current_supporters_of_that_place() {
    let conn = store("#2F6F8F");
    let other = partner(&conn, "Lakeside Clinic");
    supporter(&conn, "Ana Lima", "Intensive care", true);
    supporter(&conn, "Paused Pat", "Intensive care", true);
    let away = supporter(&conn, "Zoë Łukasiewicz-O'Brien", "Intensive care", true);
    supporters::pause(&conn, away, "2026-12-20", today()).expect("pause");
    supporter(&conn, "No Consent", "Intensive care", false);
    supporter(&conn, "Other Ward", "Emergency department", true);
    let retired = supporter(&conn, "Retired Rae", "Intensive care", true);
    supporters::retire(&conn, retired).expect("retire");
    let untrained = supporters::add(
        &conn,
        &SupporterForm {
            name: "Untrained Uma".into(),
            role: "Nurse".into(),
            department: "Intensive care".into(),
            consent_to_list: true,
            ..Default::default()
        },
        today(),
    )
    .expect("untrained");
    let elsewhere = supporters::add(
        &conn,
        &SupporterForm {
            name: "Lakeside Lou".into(),
            role: "Nurse".into(),
            department: "Intensive care".into(),
            organization: "Lakeside Clinic".into(),
            trained_on: "2025-03-01".into(),
            consent_to_list: true,
            ..Default::default()
        },
        today(),
    )
    .expect("elsewhere");
    assert!(
        untrained > 0 && elsewhere > 0,
        "the untrained and the other organization's supporters were added"
    );

    let names = |organization: Option<i64>| -> Vec<String> {
        let doc = sign::layout(&conn, "Intensive care", organization, Paper::Letter).expect("sign");
        assert_on_page(&doc);
        let all = texts(&doc).concat();
        [
            "Ana Lima",
            "Paused Pat",
            "Zoë Łukasiewicz-O'Brien",
            "No Consent",
            "Other Ward",
            "Retired Rae",
            "Untrained Uma",
            "Lakeside Lou",
        ]
        .iter()
        .filter(|n| all.iter().any(|t| t == *n))
        .map(|n| n.to_string())
        .collect()
    };
    assert_eq!(
        names(None),
        [
            "Ana Lima",
            "Paused Pat",
            "Zoë Łukasiewicz-O'Brien",
            "Lakeside Lou"
        ],
        "the department's sign names its trained, consenting, current supporters"
    );
    let host = organizations::host(&conn).expect("host");
    assert_eq!(
        names(host),
        ["Ana Lima", "Paused Pat", "Zoë Łukasiewicz-O'Brien"],
        "the host's sign names only the host's listed supporters"
    );
    assert_eq!(
        names(Some(other)),
        ["Lakeside Lou"],
        "the partner's sign names only the partner's listed supporter"
    );
}

#[test]
fn a_report_table_longer_than_a_page_goes_on_over_the_next() {
    let cell = |v: i64| crate::reporting::suppression::Cell::new(v, false, 11, false);
    let table = crate::reporting::reports::ReportTable {
        id: "departments".into(),
        title: "Outreaches by department".into(),
        caption: "Nothing was hidden.".into(),
        rows: (0..80)
            .map(|i| crate::reporting::reports::ReportRow {
                label: format!("Department number {i} with a name far too long to fit its column"),
                count: cell(20 + i),
                share: Some(1.0),
            })
            .collect(),
        total: cell(4760),
        hidden: 0,
    };
    let mut doc = Doc::new("Peer support committee report", Paper::Letter);
    report::draw_table(&mut doc, &table, 20.0, 24.0, 175.9, "#2F6F8F");
    assert!(doc.pages.len() >= 2, "{} pages", doc.pages.len());
    assert_on_page(&doc);
    let pages = texts(&doc);
    assert!(pages[1][0].ends_with("(continued)"), "{:?}", pages[1][0]);
    let rows: usize = pages
        .iter()
        .flatten()
        .filter(|t| t.starts_with("Department number"))
        .count();
    assert_eq!(rows, 80, "no row lost between pages");
    assert!(
        pages.iter().flatten().any(|t| t.ends_with('…')),
        "long labels are cut visibly"
    );
    let (_, height) = Paper::Letter.size();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text { y, .. } = item {
                assert!(
                    *y <= height - 20.0 + 0.01,
                    "a row reached the footer at {y}"
                );
            }
        }
    }
}

#[test]
fn text_is_measured_with_the_real_font_and_wrapped_without_cutting_words() {
    let narrow = text_width("iiii", 12.0, false);
    let wide = text_width("MMMM", 12.0, false);
    assert!(wide > narrow * 2.0, "{narrow} vs {wide}");
    assert!(
        text_width("MMMM", 24.0, false) > wide * 1.9,
        "text at twice the size is about twice as wide"
    );
    assert!(
        text_width("MMMM", 12.0, true) > wide,
        "bold text is wider than regular"
    );
    let lines = wrap(
        "Peer support is a conversation with a trained colleague",
        60.0,
        12.0,
        false,
    );
    assert!(
        lines.len() > 1,
        "the sentence wraps onto more than one line"
    );
    for line in &lines {
        assert!(text_width(line, 12.0, false) <= 60.0, "{line}");
    }
    assert_eq!(
        lines.join(" "),
        "Peer support is a conversation with a trained colleague",
        "wrapping keeps every word whole and in order"
    );
}

#[test]
fn characters_dejavu_lacks_go_to_the_fallback_face() {
    let fonts = fonts().expect("fonts");
    let faces: Vec<Face> = runs(fonts, false, "Zoë 王小明")
        .iter()
        .map(|(f, _)| *f)
        .collect();
    assert_eq!(
        faces,
        [Face::Main, Face::Fallback],
        "the Latin name uses the main face and the Chinese one the fallback face"
    );
    assert!(
        text_width("王小明", 12.0, false) > 5.0,
        "Chinese characters are measured with a width"
    );
}

#[test]
fn a_document_renders_to_a_pdf_with_its_title_and_no_author() {
    let mut doc = Doc::new("Peer support flyer", Paper::A4);
    doc.text(20.0, 30.0, 14.0, true, "#000000", "Zoë Łukasiewicz-O'Brien");
    doc.rect(0.0, 0.0, 210.0, 10.0, "#2F6F8F");
    doc.qr("https://example.org/request", 150.0, 200.0, 40.0)
        .expect("qr");
    let bytes = to_pdf(&doc).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"), "the document renders as a PDF");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/FontFile2"), "fonts are embedded");
    assert!(
        !text.contains("Łukasiewicz"),
        "no name in the metadata or in clear"
    );
}

#[test]
fn arabic_is_joined_and_drawn_right_to_left_in_the_shipped_font() {
    // Layla: lam, ya, lam, alef maksura, joined as initial, medial, medial, final forms.
    let drawn = visual("ليلى");
    assert_eq!(drawn, "\u{FEF0}\u{FEE0}\u{FEF4}\u{FEDF}", "{drawn:?}");
    // In a left-to-right line, the Arabic run is reversed and the rest stays in place.
    let line = visual("Nurse · ليلى");
    assert!(
        line.starts_with("Nurse · ") && line.ends_with('\u{FEDF}'),
        "{line:?}"
    );
    // A line that starts in Arabic reads right to left: its full stop ends up on the left.
    let sentence = visual("ليلى.");
    assert!(sentence.starts_with('.'), "{sentence:?}");
    // A zero-width joiner (as in 👩‍⚕️) next to a lam-alef neither panics nor stays.
    assert!(
        !visual("\u{200D}لا 👩\u{200D}⚕\u{FE0F} أهلا").contains('\u{200D}'),
        "zero-width joiners are dropped from the drawn text"
    );
    assert!(
        text_width("\u{200D}لا", 12.0, false) > 0.0,
        "a joiner next to a lam-alef is measured with a width"
    );
    let fonts = fonts().expect("fonts");
    assert!(
        runs(fonts, true, &drawn)
            .iter()
            .all(|(face, _)| *face == Face::Main),
        "DejaVu Sans holds the joined forms"
    );
}
