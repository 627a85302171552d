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
fn every_word_of_a_line_carries_where_the_pdf_starts_it() {
    let Item::Text { words, width, .. } =
        Item::text(10.0, 20.0, 10.0, false, "#000000", "who  does it")
    else {
        panic!("a text item");
    };
    assert_eq!(
        words.len(),
        3,
        "three words, the double space between two of them: {words:?}"
    );
    assert_eq!(words[0], 0.0);
    let who_and_spaces = fonts::text_width("who  ", 10.0, false);
    assert!(
        (words[1] - who_and_spaces).abs() < 1e-4,
        "\"does\" starts after \"who\" and both spaces: {words:?} vs {who_and_spaces}"
    );
    assert!(
        words[1] > fonts::text_width("who", 10.0, false) && words[2] > words[1] && words[2] < width,
        "the words start in order within the line: {words:?}, width {width}"
    );
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
        several_per_outreach: false,
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

// ---------------------------------------------------------------- the printers pages go to

/// The boxes of each page of a PDF, in millimetres: (MediaBox, TrimBox, BleedBox), each as
/// [left, bottom, right, top] from the sheet's bottom-left corner.
fn boxes(bytes: &[u8]) -> Vec<[[f32; 4]; 3]> {
    let pdf = lopdf::Document::load_mem(bytes).expect("the PDF reads back");
    pdf.get_pages()
        .into_values()
        .map(|id| {
            let page = pdf.get_dictionary(id).expect("a page");
            let read = |name: &str| -> [f32; 4] {
                let array = page
                    .get(name.as_bytes())
                    .and_then(lopdf::Object::as_array)
                    .unwrap_or_else(|e| panic!("the page has a {name}: {e}"));
                let values: Vec<f32> = array
                    .iter()
                    .map(|v| v.as_float().expect("a number") * 25.4 / 72.0)
                    .collect();
                [values[0], values[1], values[2], values[3]]
            };
            [read("MediaBox"), read("TrimBox"), read("BleedBox")]
        })
        .collect()
}

/// Every filled rectangle a PDF page paints ("re" in its content), in millimetres from the
/// sheet's bottom-left corner: [left, bottom, right, top].
fn painted_rectangles(bytes: &[u8]) -> Vec<Vec<[f32; 4]>> {
    let pdf = lopdf::Document::load_mem(bytes).expect("the PDF reads back");
    pdf.get_pages()
        .into_values()
        .map(|id| {
            let content = pdf.get_page_content(id);
            lopdf::content::Content::decode(&content)
                .expect("the page's content decodes")
                .operations
                .into_iter()
                .filter(|op| op.operator == "re")
                .map(|op| {
                    let v: Vec<f32> = op
                        .operands
                        .iter()
                        .map(|o| o.as_float().expect("a number") * 25.4 / 72.0)
                        .collect();
                    [v[0], v[1], v[0] + v[2], v[1] + v[3]]
                })
                .collect()
        })
        .collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

/// A store with a host (with a logo-less partner), phone and form address, and departments
/// of supporters: the three documents can be printed from it.
fn printable_store() -> (Connection, i64) {
    let conn = store("#2F6F8F");
    let partner = partner(&conn, "Lakeside Clinic");
    crate::program::set(&conn, "program_phone", "555-0100").expect("phone");
    crate::program::set(&conn, "request_form_url", "https://peers.example.org/ask").expect("url");
    for i in 0..4 {
        supporter(&conn, &format!("Person {i}"), "Intensive care", true);
    }
    (conn, partner)
}

fn request(document: &str, partner: i64, paper: Paper, finish: Finish) -> PrintRequest {
    PrintRequest {
        document: document.into(),
        paper,
        finish,
        partner_id: Some(partner),
        department: "Intensive care".into(),
        from: "2026-11-01".into(),
        to: "2026-11-23".into(),
        ..PrintRequest::default()
    }
}

#[test]
fn by_default_nothing_coloured_comes_closer_than_the_safe_margin_to_the_paper_edge() {
    let (conn, partner) = printable_store();
    for document in ["flyer", "sign", "report"] {
        for paper in [Paper::Letter, Paper::A4] {
            let doc = build(
                &conn,
                &request(document, partner, paper, Finish::Office),
                today(),
            )
            .expect("laid out");
            let (width, height) = paper.size();
            let bytes = to_pdf(&doc).expect("pdf");
            for [media, trim, bleed] in boxes(&bytes) {
                for (name, found) in [("MediaBox", media), ("TrimBox", trim), ("BleedBox", bleed)] {
                    assert!(
                        close(found[0], 0.0)
                            && close(found[1], 0.0)
                            && close(found[2], width)
                            && close(found[3], height),
                        "the {document}'s {name} on {paper:?} is the paper itself: {found:?}"
                    );
                }
            }
            let painted = painted_rectangles(&bytes);
            assert!(
                painted.iter().flatten().count() > 0,
                "the {document} paints its bands"
            );
            for [left, bottom, right, top] in painted.into_iter().flatten() {
                assert!(
                    left >= SAFE_MARGIN - 0.01
                        && bottom >= SAFE_MARGIN - 0.01
                        && right <= width - SAFE_MARGIN + 0.01
                        && top <= height - SAFE_MARGIN + 0.01,
                    "on the {document} ({paper:?}) a box from ({left:.1}, {bottom:.1}) to ({right:.1}, {top:.1}) mm comes closer than {SAFE_MARGIN} mm to the edge"
                );
            }
        }
    }
}

#[test]
fn for_a_print_shop_the_bands_run_into_a_3_mm_bleed_with_crop_marks_and_the_boxes_say_so() {
    let (conn, partner) = printable_store();
    for document in ["flyer", "sign", "report"] {
        let doc = build(
            &conn,
            &request(document, partner, Paper::Letter, Finish::PrintShop),
            today(),
        )
        .expect("laid out");
        let (width, height) = Paper::Letter.size();
        let outside = BLEED + SLUG;
        let bytes = to_pdf(&doc).expect("pdf");
        for [media, trim, bleed] in boxes(&bytes) {
            assert!(
                close(media[0], 0.0)
                    && close(media[2], width + 2.0 * outside)
                    && close(media[3], height + 2.0 * outside),
                "the {document}'s sheet holds the page, its bleed and the crop marks: {media:?}"
            );
            assert!(
                close(trim[0], outside)
                    && close(trim[1], outside)
                    && close(trim[2], outside + width)
                    && close(trim[3], outside + height),
                "the {document}'s TrimBox is the page as read: {trim:?}"
            );
            assert!(
                close(bleed[0], outside - BLEED)
                    && close(bleed[1], outside - BLEED)
                    && close(bleed[2], outside + width + BLEED)
                    && close(bleed[3], outside + height + BLEED),
                "the {document}'s BleedBox is 3 mm past the page on each side: {bleed:?}"
            );
        }
        let painted = painted_rectangles(&bytes);
        let first = &painted[0];
        assert!(
            first
                .iter()
                .any(|[left, _, right, top]| close(*left, outside - BLEED)
                    && close(*right, outside + width + BLEED)
                    && close(*top, outside + height + BLEED)),
            "the {document}'s top band runs into the bleed: {first:?}"
        );
        // Crop marks: thin, wholly outside the bleed, in line with the page's edges.
        let marks: Vec<&[f32; 4]> = first
            .iter()
            .filter(|[l, b, r, t]| {
                *l > outside + width + BLEED
                    || *r < outside - BLEED
                    || *b > outside + height + BLEED
                    || *t < outside - BLEED
            })
            .collect();
        assert_eq!(marks.len(), 8, "two marks at each corner: {marks:?}");
        for [l, b, r, t] in marks {
            let vertical = (r - l) < 0.2;
            let on_edge = if vertical {
                close((l + r) / 2.0, outside) || close((l + r) / 2.0, outside + width)
            } else {
                close((b + t) / 2.0, outside) || close((b + t) / 2.0, outside + height)
            };
            assert!(on_edge, "a crop mark in line with an edge: {l} {b} {r} {t}");
            assert!(
                *l >= -0.01 && *b >= -0.01 && *r <= width + 2.0 * outside + 0.01,
                "a crop mark on the sheet"
            );
        }
    }
    // The preview knows the sheet is larger than the page.
    let preview = build(
        &conn,
        &request("flyer", partner, Paper::A4, Finish::PrintShop),
        today(),
    )
    .expect("flyer")
    .preview();
    assert_eq!(
        (preview.finish, preview.outside),
        (Finish::PrintShop, BLEED + SLUG),
        "the preview draws the bleed and the marks around the page"
    );
}

// ---------------------------------------------------------------- the sign

fn department_of(conn: &Connection, count: usize, name: impl Fn(usize) -> String) {
    for i in 0..count {
        supporter(conn, &name(i), "Emergency department", true);
    }
}

const FIRST: [&str; 10] = [
    "Maria",
    "Oluwaseun",
    "Jean-Baptiste",
    "Zoë",
    "Krzysztof",
    "Anh",
    "Priya",
    "Mohammed",
    "Siobhan",
    "Guadalupe",
];
const LAST: [&str; 8] = [
    "Gonzalez",
    "Adeyemi",
    "Łukasiewicz-O'Brien",
    "Nguyen",
    "Ramaswamy",
    "Fitzgerald",
    "Kowalczyk",
    "Van der Berg",
];

#[test]
fn a_big_departments_sign_fits_one_page_in_columns_with_no_name_past_two_lines() {
    let conn = store("#2F6F8F");
    department_of(&conn, 48, |i| {
        format!(
            "{} {}",
            FIRST[i % FIRST.len()],
            LAST[i / FIRST.len() % LAST.len()]
        )
    });
    for paper in [Paper::Letter, Paper::A4] {
        let doc = sign::layout(&conn, "Emergency department", None, paper).expect("sign");
        assert_eq!(doc.pages.len(), 1, "48 supporters fit one {paper:?} page");
        assert_eq!(doc.note, None, "a one-page sign needs no note");
        assert_on_page(&doc);
        let names = doc.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Text { bold: true, size, .. } if *size < 30.0))
            .count();
        assert!(
            names <= 48 * 2,
            "no name takes more than two lines: {names} bold lines for 48 names"
        );
        let all = texts(&doc).concat().join(" ");
        for i in 0..48 {
            let first = FIRST[i % FIRST.len()];
            assert!(all.contains(first), "{first} is on the sign");
        }
    }
}

#[test]
fn a_sign_too_big_even_for_the_smallest_type_says_how_many_pages_and_why() {
    let conn = store("#2F6F8F");
    department_of(&conn, 160, |i| {
        format!("{} {} {i}", FIRST[i % FIRST.len()], LAST[i % LAST.len()])
    });
    let doc = sign::layout(&conn, "Emergency department", None, Paper::Letter).expect("sign");
    let pages = doc.pages.len();
    assert!(pages > 1, "160 supporters do not fit one page");
    let note = doc.note.clone().expect("the sign says why it runs over");
    assert!(
        note.contains("160 supporters") && note.contains(&format!("{pages} pages")),
        "the note says how many supporters and pages: {note}"
    );
    assert_eq!(
        doc.preview().note.as_deref(),
        Some(note.as_str()),
        "the preview carries the note to the window"
    );
    assert_on_page(&doc);
    let last = texts(&doc)[pages - 1].join(" ");
    assert!(
        last.contains(&format!("page {pages} of {pages}")),
        "every page is numbered: {last}"
    );
}

// ---------------------------------------------------------------- the flyer's marks

#[test]
fn an_organization_without_a_logo_beside_one_with_a_logo_gets_its_short_name_as_a_word_mark() {
    let conn = store("#2F6F8F");
    let partner = organizations::add(
        &conn,
        &OrganizationInput {
            name: "Lakeside Children's Hospital".into(),
            short_name: "Lakeside".into(),
            ..Default::default()
        },
    )
    .expect("partner");
    let without_logos = flyer::layout(&conn, partner, Paper::Letter, None).expect("flyer");
    assert!(
        !texts(&without_logos)[0].iter().any(|t| t == "Lakeside"),
        "with no logo at all, no word mark: the heading names both"
    );
    let logo = {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(200, 100, image::Rgb([47, 111, 143]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        png
    };
    let host = organizations::host(&conn).expect("host").expect("a host");
    organizations::set_logo(&conn, host, Some(&logo)).expect("the host's logo");
    let doc = flyer::layout(&conn, partner, Paper::Letter, None).expect("flyer");
    assert_on_page(&doc);
    let mark = doc.pages[0].items.iter().find_map(|i| match i {
        Item::Text {
            text, x, y, size, ..
        } if text == "Lakeside" => Some((*x, *y, *size)),
        _ => None,
    });
    let (x, y, size) = mark.expect("the partner's short name stands where its logo would");
    assert!(
        x > 215.9 / 2.0 && y < 50.0 && size >= 12.0,
        "the word mark is on the right, beside the host's logo, in large type: {x} {y} {size}"
    );
    assert!(
        !doc.pages[0]
            .items
            .iter()
            .any(|i| matches!(i, Item::Rect { y, h, .. } if *y > 14.0 && *y < 50.0 && *h > 10.0)),
        "no box stands in for the missing logo"
    );
}

// ---------------------------------------------------------------- the committee report

/// A store with `count` outreaches in November 2026, each naming two issue types, and
/// `requests` requests received in November none of which has had a first contact.
fn report_store(count: usize) -> Connection {
    let conn = store("#2F6F8F");
    crate::program::set(&conn, "program_name", "Riverside Peer Line").expect("name");
    let supporter = supporter(&conn, "Ana Lima", "Intensive care", true);
    for n in 0..count {
        crate::daily::outreach::add(
            &conn,
            &crate::daily::outreach::OutreachForm {
                occurred_on: format!("2026-11-{:02}", n % 20 + 1),
                kind: "initial".into(),
                mode: "phone".into(),
                referred_by: "self".into(),
                department: "Intensive care".into(),
                role: "Nurse".into(),
                supporter_id: Some(supporter),
                issue_types: vec!["Burnout".into(), "Assault".into()],
                ..Default::default()
            },
            crate::clock::parse_stamp("2026-11-23T09:00:00").expect("now"),
        )
        .expect("outreach");
    }
    conn
}

#[test]
fn the_report_cover_names_the_program_the_period_in_the_apps_dates_and_its_contents() {
    let conn = report_store(30);
    let query = crate::reporting::reports::ReportQuery {
        from: "2026-10-01".into(),
        to: "2026-11-23".into(),
        ..Default::default()
    };
    let (doc, _) = report::layout(&conn, &query, Paper::Letter, today()).expect("report");
    assert_on_page(&doc);
    let cover = texts(&doc)[0].join("\n");
    for wanted in [
        "Riverside Peer Line",
        "Oct 1, 2026 – Nov 23, 2026",
        "Prepared Nov 23, 2026",
        "Contents",
        "Summary",
        "Outreaches by issue type",
        "Outreaches in the period",
    ] {
        assert!(cover.contains(wanted), "the cover has {wanted:?}: {cover}");
    }
    assert!(
        !cover.contains("2026-11-23") && !cover.contains("Peer Support Program"),
        "no year-first date and no stand-in name on the cover: {cover}"
    );
    let all = texts(&doc).concat().join("\n");
    assert!(
        all.contains("Oct 2026") && all.contains("Nov 2026 (month so far)"),
        "months read as in the window, the month still running is marked: {all}"
    );
    assert!(
        all.contains("30 outreaches, 60 mentions (one outreach can name several"),
        "a table where an outreach counts in several rows says outreaches and mentions apart: {all}"
    );
}

#[test]
fn a_hidden_report_figure_says_why() {
    // Four requests received, none contacted yet; 9 outreaches in the period (Nov 12–23), 21
    // in the 12 days before it.
    let conn = report_store(30);
    for n in 0..4 {
        crate::daily::requests::add(
            &conn,
            &crate::daily::requests::RequestForm {
                role: "Nurse".into(),
                department: "Intensive care".into(),
                ..Default::default()
            },
            crate::clock::parse_stamp(&format!("2026-11-{:02}T09:00:00", n + 13)).expect("now"),
        )
        .expect("request");
    }
    let query = crate::reporting::reports::ReportQuery {
        from: "2026-11-12".into(),
        to: "2026-11-23".into(),
        ..Default::default()
    };
    let (doc, report) = report::layout(&conn, &query, Paper::Letter, today()).expect("report");
    assert_eq!(report.reply.share_within_target, None, "no share to show");
    assert_eq!(
        report.growth.percent, None,
        "a growth from a hidden count is hidden"
    );
    let summary = texts(&doc)[1].join(" ");
    assert!(
        summary.contains("No request of the period has had its first contact yet."),
        "a share of nothing says so: {summary}"
    );
    assert!(
        summary.contains("hidden to protect privacy") && summary.contains("Fewer than 11"),
        "a hidden figure says it is hidden for privacy, and below what count: {summary}"
    );
}

#[test]
fn the_report_counts_group_sessions_and_the_people_they_reached_apart() {
    use crate::daily::group::debriefs::{self, DebriefForm};
    use crate::daily::group::events::{self, EventForm};
    let conn = report_store(30);
    let now = crate::clock::parse_stamp("2026-11-23T09:00:00").expect("now");
    for n in 0..12 {
        let event = events::add(
            &conn,
            &EventForm {
                kind: "death".into(),
                unit: "Intensive care".into(),
                date: format!("2026-11-{:02}T06:30", n + 1),
                ..EventForm::default()
            },
            now,
        )
        .expect("event");
        debriefs::add(
            &conn,
            &DebriefForm {
                date: format!("2026-11-{:02}", n + 1),
                kind: "huddle".into(),
                unit: "Intensive care".into(),
                headcount: Some(7),
                event: Some(event),
                ..DebriefForm::default()
            },
            now.date(),
        )
        .expect("huddle");
    }
    let query = crate::reporting::reports::ReportQuery {
        from: "2026-11-01".into(),
        to: "2026-11-23".into(),
        ..Default::default()
    };
    let (doc, report) = report::layout(&conn, &query, Paper::Letter, today()).expect("report");
    assert_eq!(
        (
            report.group.sessions.text.as_str(),
            report.group.people_reached.text.as_str()
        ),
        ("12", "84"),
        "12 huddles of 7"
    );
    // The summary's pages: after the cover, up to the first table's.
    let summary = texts(&doc)[1..3].concat().join(" ");
    for wanted in [
        "Group support after critical events",
        "Critical events logged",
        "Group sessions (huddles, debriefs, check-ins)",
        "People reached in group sessions",
        "84",
        "100.0%",
    ] {
        assert!(
            summary.contains(wanted),
            "the summary has {wanted:?}: {summary}"
        );
    }
    let all = texts(&doc).concat().join("\n");
    for title in [
        "Critical events by kind",
        "Critical events: outreach within the target",
        "Group sessions by kind",
        "People reached in group sessions, by kind",
        "People reached in group sessions, by role",
    ] {
        assert!(all.contains(title), "the report prints {title:?}");
    }
    let quiet = report_store(30);
    let (doc, _) = report::layout(&quiet, &query, Paper::Letter, today()).expect("report");
    let all = texts(&doc).concat().join("\n");
    assert!(
        !all.contains("Group support") && !all.contains("Group sessions by kind"),
        "a period without events or sessions prints no empty group section"
    );
}

// ---------------------------------------------------------------- the window's preview

#[test]
fn the_window_draws_the_preview_in_the_very_fonts_the_pdf_embeds() {
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let css = std::fs::read_to_string(ui.join("css/print.css")).expect("print.css");
    for (file, bytes) in [
        ("DejaVuSans.ttf", super::fonts::REGULAR),
        ("DejaVuSans-Bold.ttf", super::fonts::BOLD),
    ] {
        assert!(
            css.contains(&format!("url(\"../fonts/{file}\")")),
            "print.css loads {file} for the preview"
        );
        let served = std::fs::read(ui.join("fonts").join(file)).expect("the served font");
        assert!(
            served == bytes,
            "the window is served the very {file} the PDF embeds"
        );
    }
    let preview =
        std::fs::read_to_string(ui.join("js/components/page-preview.js")).expect("page-preview.js");
    assert!(
        preview.contains("export const PAGE_FONT = '\"PeerDesk Page\"")
            && css.matches("font-family: \"PeerDesk Page\"").count() == 2,
        "the preview's text uses the family print.css declares, regular and bold"
    );
    assert!(
        !preview.contains("lengthAdjust"),
        "no squeezing of spaces to fit a width"
    );
}

#[test]
fn dates_read_as_in_the_window() {
    let date = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    assert_eq!(long_date(date), "Dec 1, 2026", "a day, month first");
    assert_eq!(month_name("2026-12"), "Dec 2026", "a month");
    assert_eq!(
        month_name("not a month"),
        "not a month",
        "anything else as it is"
    );
}

#[test]
fn a_flyer_batch_s_source_code_joins_the_form_link_as_a_query_parameter() {
    use super::flyer::{form_link, source_code};
    assert_eq!(source_code("ICU — Dec 2026!"), Some("icu-dec-2026".into()));
    assert_eq!(source_code(" ¿? "), None, "nothing of it is left");
    assert_eq!(source_code(&"x".repeat(60)).map(|c| c.len()), Some(40));
    let url = "https://example.org/form";
    assert_eq!(
        form_link(url, Some("ICU 12")),
        format!("{url}?source=icu-12")
    );
    assert_eq!(
        form_link("https://example.org/form?lang=en#top", Some("er")),
        "https://example.org/form?lang=en&source=er#top"
    );
    assert_eq!(form_link(url, None), url, "no code, the address as it is");
    assert_eq!(form_link("", Some("er")), "", "no address, no link");
}

#[test]
fn a_printed_sign_is_remembered_and_a_withdrawn_consent_asks_for_its_reprint() {
    let conn = store("#2F6F8F");
    let ana = supporter(&conn, "Ana Lima", "Intensive care", true);
    let ben = supporter(&conn, "Ben Ode", "Intensive care", true);
    let request = PrintRequest {
        document: "sign".into(),
        department: "Intensive care".into(),
        ..PrintRequest::default()
    };
    let doc = build(&conn, &request, today()).expect("sign");
    assert!(
        printed_signs::list(&conn).expect("list").is_empty(),
        "a preview is not a printed sign"
    );
    record_printed(&conn, &doc).expect("printed");
    let signs = printed_signs::naming(&conn, ana).expect("naming");
    assert_eq!(signs.len(), 1, "the sign that named Ana is remembered");
    assert_eq!(
        (
            signs[0].department.as_str(),
            signs[0].named,
            signs[0].reprint
        ),
        ("Intensive care", 2, false),
        "it named both, and nobody withdrew yet"
    );

    let mut form = supporters::form_of(&conn, ana).expect("form");
    form.consent_to_list = false;
    supporters::update(&conn, ana, &form, today()).expect("consent withdrawn");
    let signs = printed_signs::naming(&conn, ana).expect("naming");
    assert!(
        signs[0].reprint && signs[0].withdrawn.iter().any(|w| w.id == ana),
        "the sign on the wall names Ana, who withdrew: reprint it"
    );
    assert_eq!(
        printed_signs::to_reprint(&conn).expect("to reprint").len(),
        1,
        "one sign waits for its reprint"
    );
    assert!(
        printed_signs::naming(&conn, ben).expect("naming")[0].reprint,
        "Ben's view of the same sign says it waits for a reprint too"
    );

    let reprint = build(&conn, &request, today()).expect("reprint");
    record_printed(&conn, &reprint).expect("reprinted");
    let signs = printed_signs::naming(&conn, ana).expect("naming");
    assert_eq!(
        (signs.len(), signs[0].replaced, signs[0].reprint),
        (1, true, false),
        "the reprint no longer names Ana and replaces the old sign"
    );
    assert!(
        printed_signs::to_reprint(&conn)
            .expect("to reprint")
            .is_empty(),
        "nothing waits for a reprint any more"
    );
    let all = printed_signs::list(&conn).expect("list");
    assert_eq!(
        (all.len(), all[0].named, all[0].replaced),
        (2, 1, false),
        "both signs are remembered, the newest first, naming Ben alone"
    );
}

#[test]
fn the_blank_outreach_template_ticks_the_programs_own_lists() {
    let conn = store("#0B6E4F");
    crate::program::picklists::add(
        &conn,
        crate::program::picklists::List::IssueTypes,
        "Moral distress",
        None,
    )
    .expect("issue type");
    let retired = crate::program::picklists::find(
        &conn,
        crate::program::picklists::List::Resources,
        "Chaplaincy",
    )
    .expect("find")
    .expect("seeded");
    crate::program::picklists::set_retired(&conn, retired, true).expect("retire");
    let request = PrintRequest {
        document: "outreach-template".into(),
        ..PrintRequest::default()
    };
    let doc = build(&conn, &request, today()).expect("template");
    assert_on_page(&doc);
    let words = texts(&doc).concat().join(" | ");
    for expected in [
        "Peer Support Outreach",
        "Date of outreach",
        "In person",
        "Manager",
        "Moral distress",
        "Second peer conversation",
        "Could not reach",
    ] {
        assert!(
            words.contains(expected),
            "the template shows {expected}: {words}"
        );
    }
    assert!(
        !words.contains("Chaplaincy"),
        "a retired resource is not offered: {words}"
    );
}

#[test]
fn the_committee_shares_are_drawn_as_bars_against_100_percent() {
    let conn = report_store(30);
    let query = crate::reporting::reports::ReportQuery {
        from: "2026-11-01".into(),
        to: "2026-11-23".into(),
        ..Default::default()
    };
    let (doc, report) = report::layout(&conn, &query, Paper::Letter, today()).expect("report");
    let reach = report
        .indicators
        .shares
        .iter()
        .find(|s| s.key == "reach")
        .expect("reach");
    let percent = reach
        .percent
        .expect("the reach counts departments, not people: shown");
    let page = doc
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if text == report::SHARES_TITLE))
        })
        .expect("the summary draws the shares");
    let words: Vec<&str> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for share in &report.indicators.shares {
        assert!(
            words.contains(&share.label),
            "every share has its bar: {share:?}"
        );
    }
    assert!(
        words.contains(&format!("{percent:.1}%").as_str()) && words.contains(&"hidden"),
        "a shown share says its percent and a hidden one says so: {words:?}"
    );
    let widths = |color: &str| -> Vec<f32> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { w, color: c, .. } if c.eq_ignore_ascii_case(color) => Some(*w),
                _ => None,
            })
            .collect()
    };
    let scale = widths("#E3E8EB").into_iter().fold(0.0f32, f32::max);
    assert!(scale > 50.0, "the scale of 100 % is wide: {scale} mm");
    let bars = widths("#2F6F8F");
    assert!(
        bars.iter()
            .any(|w| (w - scale * percent as f32 / 100.0).abs() < 0.01),
        "the reach's bar is {percent} % of the scale ({scale} mm): {bars:?}"
    );
}

#[test]
fn nothing_of_the_demo_s_report_runs_into_the_footer() {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = crate::store::DataDir::new(temp.path().join("data"));
    let mut store = crate::store::Store::create_with_params(
        &dir,
        &crate::store::secret::Passphrase::new("lantern orbit cedar mosaic"),
        crate::store::Keychain::Off,
        crate::store::keyfile::KdfParams::LIGHT_FOR_TESTS,
    )
    .expect("store");
    let now = today().and_hms_opt(10, 0, 0).expect("time");
    crate::demo::load(
        &mut store,
        crate::demo::DemoSize::Small,
        now,
        &crate::work::Work::none(),
    )
    .expect("demo");
    let (doc, report) = report::layout(
        store.conn(),
        &crate::reporting::reports::ReportQuery::default(),
        Paper::Letter,
        today(),
    )
    .expect("report");
    assert!(
        report.group.events.value.is_some_and(|n| n > 0),
        "the demo has critical events, so the summary has its group part"
    );
    let height = doc.paper.size().1;
    for (number, page) in doc.pages.iter().enumerate().skip(1) {
        for item in &page.items {
            if let Item::Text { y, text, .. } = item {
                // The footer line itself sits 10 mm from the bottom.
                let footer = (*y - (height - 10.0)).abs() < 0.01;
                assert!(
                    footer || *y <= height - 20.0 + 0.01,
                    "page {}: {text:?} at {y} mm runs into the footer",
                    number + 1
                );
            }
        }
    }
}
