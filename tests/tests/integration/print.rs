//! Printed material through the command line, read back with poppler (`pdftotext`, `pdffonts`,
//! `pdfinfo`, `pdftoppm`) and zbar (`zbarimg`), which the test command installs. The rendered
//! pages are kept as artifacts (PEERDESK_ARTIFACTS, else target/e2e-artifacts) to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use peerdesk_core::print::{long_date, month_name};
use peerdesk_tests::artifacts;

use crate::cli::{assert_one_line_failure, initialized, peerdesk};
use crate::fixture::scratch;

const FORM_URL: &str = "https://example.org/peer-support/request";

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed (poppler-utils, zbar-tools; ./scripts/test installs them): {e}")
    });
    assert!(
        output.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Renders every page of `pdf` to PNG among the artifacts; returns the first page's path.
fn render(pdf: &Path, name: &str) -> PathBuf {
    let prefix = artifacts().join(name);
    tool(
        "pdftoppm",
        &[
            "-r",
            "110",
            "-png",
            &pdf.display().to_string(),
            &prefix.display().to_string(),
        ],
    );
    let first = ["-1.png", "-01.png", "-001.png"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", prefix.display())))
        .find(|p| p.exists());
    first.expect("a rendered first page")
}

/// A logo as an organization has one: a coloured disc and bar on white (a flat block of
/// colour reads as a placeholder in the rendered pages one looks at).
fn logo(path: &Path, color: [u8; 3]) {
    let image = image::RgbImage::from_fn(240, 120, |x, y| {
        let (dx, dy) = (x as i64 - 60, y as i64 - 60);
        let disc = dx * dx + dy * dy <= 40 * 40;
        let bar = (115..225).contains(&x) && (50..70).contains(&y);
        if disc || bar {
            image::Rgb(color)
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    image.save(path).expect("logo written");
}

struct Printing {
    s: crate::fixture::Scratch,
    pass: PathBuf,
}

impl Printing {
    fn new() -> Printing {
        let s = scratch();
        let pass = initialized(&s);
        let p = Printing { s, pass };
        let host_logo = p.s.temp.path().join("host.png");
        let partner_logo = p.s.temp.path().join("partner.png");
        logo(&host_logo, [47, 111, 143]);
        logo(&partner_logo, [192, 86, 47]);
        p.ok(&["orgs", "add", "Riverside Health"]);
        p.ok(&[
            "orgs",
            "add",
            "Lakeshore Children's Hospital",
            "--short",
            "Lakeshore",
            "--partner",
            "--logo",
            &partner_logo.display().to_string(),
        ]);
        for (key, value) in [
            ("program_name", "Riverside Peer Support"),
            ("program_phone", "555-0100"),
            ("program_email", "peers@riverside.example.org"),
            ("request_form_url", FORM_URL),
            ("brand_color", "#2F6F8F"),
            ("program_logo", &host_logo.display().to_string()),
        ] {
            p.ok(&["settings", "set", key, value]);
        }
        p
    }

    fn ok(&self, args: &[&str]) -> String {
        let outcome = peerdesk(self.s.dir.root(), Some(&self.pass), args);
        assert_eq!(outcome.code, 0, "{args:?}: {}", outcome.stderr);
        outcome.stdout
    }

    fn path(&self, name: &str) -> String {
        self.s.temp.path().join(name).display().to_string()
    }
}

#[test]
fn the_flyer_names_the_partner_embeds_its_fonts_and_its_qr_code_reads_back() {
    let p = Printing::new();
    for paper in ["letter", "a4"] {
        let out = p.path(&format!("flyer-{paper}.pdf"));
        // The letter batch takes the default source code (the partner and the month), the A4
        // batch one of its own, as the coordinator types it.
        let mut args = vec!["print", "flyer", "--partner", "Lakeshore", "--paper", paper];
        let source = if paper == "a4" {
            args.extend(["--source", "ICU Dec 2026"]);
            "icu-dec-2026".to_string()
        } else {
            format!(
                "lakeshore-{}",
                peerdesk_core::clock::today().format("%Y-%m")
            )
        };
        args.extend(["--out", &out]);
        assert!(
            p.ok(&args).contains("(1 page)"),
            "the {paper} flyer is printed on one page"
        );
        let text = tool("pdftotext", &[&out, "-"]);
        assert!(text.contains("Lakeshore Children's Hospital"), "{text}");
        assert!(
            text.contains("555-0100") && text.contains("within 2 business days"),
            "{text}"
        );
        let fonts = tool("pdffonts", &[&out]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "pdffonts lists the flyer's fonts");
        for row in rows {
            assert!(
                row.contains("CID TrueType") && row.contains(" yes yes yes "),
                "an embedded, subset font: {row}"
            );
        }
        let info = tool("pdfinfo", &[&out]);
        let size = if paper == "a4" { "(A4)" } else { "(letter)" };
        assert!(info.contains(size), "{info}");
        assert!(
            info.contains("Title:           Peer support flyer"),
            "{info}"
        );
        assert!(
            !info.contains("Author:") || info.contains("Author:          \n"),
            "no author: {info}"
        );
        // Both logos, each embedded once at its own 240 × 120 pixels (kept sharp).
        let images = tool("pdfimages", &["-list", &out]);
        let sizes: Vec<(String, String)> = images
            .lines()
            .skip(2)
            .map(|row| {
                let columns: Vec<&str> = row.split_whitespace().collect();
                (columns[3].to_string(), columns[4].to_string())
            })
            .collect();
        assert_eq!(
            sizes,
            [("240".into(), "120".into()), ("240".into(), "120".into())],
            "{images}"
        );
        let page = render(Path::new(&out), &format!("40-flyer-{paper}"));
        let decoded = tool("zbarimg", &["-q", "--raw", &page.display().to_string()]);
        assert_eq!(
            decoded.trim(),
            format!("{FORM_URL}?source={source}"),
            "the QR code leads to the request form, with the batch's source code"
        );
    }
    assert_one_line_failure(
        &peerdesk(
            p.s.dir.root(),
            Some(&p.pass),
            &[
                "print",
                "flyer",
                "--partner",
                "Nowhere",
                "--out",
                &p.path("x.pdf"),
            ],
        ),
        "there is no organization \"Nowhere\"",
    );
    assert!(
        !p.s.temp.path().join("x.pdf").exists(),
        "nothing written on a refusal"
    );
}

#[test]
fn a_sign_lists_exactly_the_consenting_supporters_of_its_department_and_never_cuts_a_name() {
    let p = Printing::new();
    let roster = p.s.temp.path().join("roster.csv");
    std::fs::write(
        &roster,
        "Name,Role,Department,Organization,Phone,Consent,Trained\n\
         Zoë Łukasiewicz-O'Brien,Nurse,Emergency department,Riverside Health,555-0101 x12,yes,2024-01-10\n\
         王小明,Physician,Emergency department,Riverside Health,,yes,2024-01-10\n\
         ليلى حداد,Pharmacist,Emergency department,Riverside Health,,yes,2024-01-10\n\
         Quiet Person,Nurse,Emergency department,Riverside Health,555-0102,no,2024-01-10\n\
         Elsewhere Nurse,Nurse,Intensive care,Riverside Health,555-0103,yes,2024-01-10\n",
    )
    .expect("roster");
    p.ok(&["supporters", "import", &roster.display().to_string()]);
    let out = p.path("sign.pdf");
    p.ok(&[
        "print",
        "sign",
        "--department",
        "emergency DEPARTMENT",
        "--out",
        &out,
    ]);
    let text = tool("pdftotext", &[&out, "-"]);
    assert!(text.contains("Zoë Łukasiewicz-O'Brien"), "{text}");
    assert!(text.contains("王小明"), "{text}");
    // Arabic is printed joined (presentation forms) and right to left: read back in reading
    // order, ليلى is lam-initial, ya-medial, lam-medial, alef-maksura-final.
    assert!(
        text.contains("\u{FEDF}\u{FEF4}\u{FEE0}\u{FEF0}"),
        "ليلى joined: {text}"
    );
    assert!(
        text.contains("555-0101 x12") && text.contains("through the peer support line, 555-0100"),
        "{text}"
    );
    assert!(!text.contains("Quiet Person"), "did not consent");
    assert!(!text.contains("Elsewhere Nurse"), "another department");
    // The document information and the XMP metadata say what it is, never who is on it.
    for args in [vec![out.as_str()], vec!["-meta", out.as_str()]] {
        let info = tool("pdfinfo", &args);
        for name in ["Zoë", "Łukasiewicz", "王小明"] {
            assert!(!info.contains(name), "{name} in the metadata: {info}");
        }
    }
    assert!(
        tool("pdfinfo", &[&out]).contains("Title:           Peer supporters sign"),
        "the title says what the document is"
    );
    render(Path::new(&out), "41-sign");

    let many = p.s.temp.path().join("many.csv");
    let mut csv = String::from("Name,Role,Department,Organization,Consent,Trained\n");
    for i in 1..=60 {
        csv.push_str(&format!("Supporter Number{i:02} Longfamilyname,Nurse,Intensive care,Riverside Health,yes,2024-01-10\n"));
    }
    std::fs::write(&many, csv).expect("many");
    p.ok(&["supporters", "import", &many.display().to_string()]);
    let out = p.path("sign-60.pdf");
    let written = p.ok(&[
        "print",
        "sign",
        "--department",
        "Intensive care",
        "--organization",
        "Riverside Health",
        "--out",
        &out,
    ]);
    let pages: usize = written
        .split('(')
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("page count");
    assert!(pages > 1, "60 long names do not fit on one page: {written}");
    assert!(
        written.contains("61 supporters do not fit on one page")
            && written.contains(&format!("runs to {pages} pages")),
        "the command says how many pages and why: {written}"
    );
    // A long name may wrap onto a second line (never cut): read the text with lines joined.
    let text = tool("pdftotext", &[&out, "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for i in 1..=60 {
        assert!(
            text.contains(&format!("Supporter Number{i:02} Longfamilyname")),
            "name {i} lost"
        );
    }
    assert!(
        text.contains("Elsewhere Nurse") && text.contains(&format!("page {pages} of {pages}")),
        "{text}"
    );
    assert!(
        text.contains("Your peer supporters (continued)"),
        "the sign goes on over a page headed as continued"
    );
    render(Path::new(&out), "42-sign-60");
    assert_one_line_failure(
        &peerdesk(
            p.s.dir.root(),
            Some(&p.pass),
            &["print", "sign", "--department", "Nowhere", "--out", &out],
        ),
        "there is no department \"Nowhere\"",
    );
}

#[test]
fn the_committee_report_prints_the_counts_of_the_suppressed_report() {
    let s = scratch();
    let pass = initialized(&s);
    let p = Printing { s, pass };
    p.ok(&["demo", "--size", "small"]);
    let today = peerdesk_core::clock::today();
    let from = (today - chrono::Duration::days(364)).to_string();
    let to = today.to_string();
    let report: Value =
        serde_json::from_str(&p.ok(&["report", "--json", "--from", &from, "--to", &to]))
            .expect("json");
    let out = p.path("report.pdf");
    p.ok(&[
        "print", "report", "--from", &from, "--to", &to, "--out", &out,
    ]);
    let text = tool("pdftotext", &["-layout", &out, "-"]);
    let (from_date, to_date) = (
        chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d").expect("from"),
        chrono::NaiveDate::parse_from_str(&to, "%Y-%m-%d").expect("to"),
    );
    let period = format!("{} – {}", long_date(from_date), long_date(to_date));
    assert!(
        text.contains("Peer support report") && text.contains(&period),
        "the cover gives the period as the window writes dates ({period}): {text}"
    );
    assert!(
        text.contains("page 1 of") && text.contains(&format!("prepared {}", long_date(today))),
        "the report's footer numbers its pages and dates it today"
    );
    let lines: Vec<&str> = text.lines().collect();
    // The summary page (after the cover, whose contents list names it with its page number).
    let summary = lines
        .iter()
        .position(|l| l.trim() == "Summary")
        .expect("the summary's heading");
    // The summary: each figure on its label's line, as the suppressed report has it.
    let share = |value: &Value, hidden: &str, format: fn(f64) -> String| {
        value.as_f64().map_or(hidden.to_string(), format)
    };
    // A figure not shown: none yet when no request had its first contact, else hidden.
    let nothing = if report["reply"]["contacted"]["text"] == "0" {
        "none yet"
    } else {
        "hidden"
    };
    for (label, figure) in [
        (
            "Outreaches in the period",
            report["outreaches"]["text"]
                .as_str()
                .expect("total")
                .to_string(),
        ),
        (
            "Requests received",
            report["reply"]["received"]["text"]
                .as_str()
                .expect("received")
                .to_string(),
        ),
        (
            "Growth against the previous period",
            share(
                &report["growth"]["percent"],
                // Nothing to compare with, or too few to show.
                if report["growth"]["previous_total"]["text"] == "0" {
                    "not shown"
                } else {
                    "hidden"
                },
                |p| format!("{p:+.1}%"),
            ),
        ),
        (
            "First contacts within the reply target",
            share(&report["reply"]["share_within_target"], nothing, |s| {
                format!("{s:.1}%")
            }),
        ),
        (
            "Median hours to first contact",
            share(
                &report["reply"]["median_hours_to_first_contact"],
                nothing,
                |h| format!("{h:.1}"),
            ),
        ),
    ] {
        let line = lines[summary..]
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} printed"));
        assert!(
            line.trim_end().ends_with(&figure),
            "{label}: {figure} in {line:?}"
        );
    }
    // The committee's questions follow the summary, each share as the report has it.
    let committee = lines[summary..]
        .iter()
        .position(|l| l.trim() == "The committee's questions")
        .map(|at| summary + at)
        .expect("the committee's questions are printed");
    for share in report["indicators"]["shares"].as_array().expect("shares") {
        let label = share["label"].as_str().expect("label");
        let figure = share["percent"].as_f64().map_or("hidden".to_string(), |p| {
            format!(
                "{p:.1}% ({} of {})",
                share["part"]["text"].as_str().unwrap_or(""),
                share["whole"]["text"].as_str().unwrap_or("")
            )
        });
        let line = lines[committee..]
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} printed"));
        assert!(
            line.trim_end().ends_with(&figure),
            "{label}: {figure} in {line:?}"
        );
    }
    let tables = report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .chain([&report["monthly"]])
        .chain(report["load"].as_array().expect("load"));
    for table in tables {
        let title = table["title"].as_str().expect("title");
        let start = lines
            .iter()
            .position(|l| l.trim() == title)
            .unwrap_or_else(|| panic!("{title} printed"));
        for row in table["rows"].as_array().expect("rows") {
            // Months are printed as the window names them ("Dec 2026").
            let label = &month_name(row["label"].as_str().expect("label"));
            let count = row["count"]["text"].as_str().expect("count");
            let line = lines[start + 1..]
                .iter()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_else(|| panic!("{label} printed under {title}"));
            assert!(
                line.contains(&format!(" {count} ")) || line.ends_with(count),
                "{label}: {count} in {line:?}"
            );
        }
    }
    render(Path::new(&out), "43-report");

    // Each document printed is in the audit log: what it was and its pages, never its content.
    let store = crate::fixture::reopen(&p.s.dir);
    let printed: Vec<String> = store
        .conn()
        .prepare("SELECT detail FROM audit_log WHERE action = 'printed'")
        .and_then(|mut q| {
            q.query_map([], |r| r.get(0))
                .and_then(|rows| rows.collect::<Result<_, _>>())
        })
        .expect("audit");
    assert_eq!(printed.len(), 1, "{printed:?}");
    assert!(
        printed[0].starts_with("Peer support committee report, ")
            && printed[0].ends_with(", US Letter"),
        "{printed:?}"
    );
}

/// The boxes `pdfinfo -box` reads from the first page, in millimetres: name -> [x0 y0 x1 y1].
fn boxes(pdf: &str) -> std::collections::BTreeMap<String, Vec<f64>> {
    tool("pdfinfo", &["-box", pdf])
        .lines()
        .filter_map(|line| {
            let (name, values) = line.split_once(':')?;
            let name = name.trim();
            if !name.ends_with("Box") {
                return None;
            }
            let values: Vec<f64> = values
                .split_whitespace()
                .filter_map(|v| v.parse::<f64>().ok())
                .map(|pt| pt * 25.4 / 72.0)
                .collect();
            (values.len() == 4).then(|| (name.to_string(), values))
        })
        .collect()
}

#[test]
fn a_flyer_for_a_print_shop_has_a_3_mm_bleed_and_trim_marks_and_by_default_stays_off_the_edge() {
    let p = Printing::new();
    let near = |found: &[f64], wanted: [f64; 4]| {
        found.iter().zip(wanted).all(|(f, w)| (f - w).abs() < 0.1)
    };
    let office = p.path("flyer-office.pdf");
    let written = p.ok(&[
        "print",
        "flyer",
        "--partner",
        "Lakeshore",
        "--paper",
        "a4",
        "--out",
        &office,
    ]);
    assert!(!written.contains("print shop"), "{written}");
    let found = boxes(&office);
    for name in ["MediaBox", "TrimBox", "BleedBox"] {
        assert!(
            near(&found[name], [0.0, 0.0, 210.0, 297.0]),
            "for an office printer the {name} is the A4 page: {found:?}"
        );
    }
    // Rendered, the office flyer's outermost 5 mm are paper white all round.
    let page = render(Path::new(&office), "44-flyer-office");
    let image = image::open(&page).expect("rendered page").to_rgb8();
    let strip = (5.0 / 25.4 * 110.0) as u32;
    let (w, h) = image.dimensions();
    for (x, y, pixel) in image.enumerate_pixels() {
        if x < strip || y < strip || x >= w - strip || y >= h - strip {
            assert!(
                pixel.0.iter().all(|c| *c > 245),
                "nothing printed within 5 mm of the edge, but ({x}, {y}) is {pixel:?}"
            );
        }
    }

    let shop = p.path("flyer-print-shop.pdf");
    let written = p.ok(&[
        "print",
        "flyer",
        "--partner",
        "Lakeshore",
        "--paper",
        "a4",
        "--print-shop",
        "--out",
        &shop,
    ]);
    assert!(
        written.contains("(1 page, for a print shop: 3 mm bleed and crop marks)"),
        "{written}"
    );
    let found = boxes(&shop);
    let outside = 13.0;
    assert!(
        near(
            &found["TrimBox"],
            [outside, outside, outside + 210.0, outside + 297.0]
        ),
        "the TrimBox is the A4 page inside the sheet: {found:?}"
    );
    assert!(
        near(
            &found["BleedBox"],
            [
                outside - 3.0,
                outside - 3.0,
                outside + 213.0,
                outside + 300.0
            ]
        ),
        "the BleedBox is 3 mm past the page: {found:?}"
    );
    assert!(
        near(&found["MediaBox"], [0.0, 0.0, 236.0, 323.0]),
        "the sheet holds the bleed and the crop marks: {found:?}"
    );
    render(Path::new(&shop), "45-flyer-print-shop");
    let help = p.ok(&["print", "flyer", "--help"]);
    assert!(
        help.contains("--print-shop") && help.contains("bleed"),
        "--help tells of the print shop: {help}"
    );
}

#[test]
fn the_blank_outreach_template_prints_the_programs_lists_as_tick_boxes() {
    let p = Printing::new();
    p.ok(&["picklist", "add", "issue-types", "Moral distress"]);
    p.ok(&["picklist", "retire", "resources", "Chaplaincy"]);
    let out = p.path("outreach-template.pdf");
    p.ok(&["print", "outreach-template", "--paper", "a4", "--out", &out]);
    let text = tool("pdftotext", &[&out, "-"]);
    for expected in [
        "Peer Support Outreach",
        "Date of outreach",
        "Initial outreach or a follow-up",
        "In person",
        "Referred by",
        "Manager",
        "Department of the person supported (no names)",
        "Peer supporter",
        "Moral distress",
        "Employee assistance program",
        "Could not reach",
        "Comments (no names)",
    ] {
        assert!(
            text.contains(expected),
            "the template reads back {expected}: {text}"
        );
    }
    assert!(
        !text.contains("Chaplaincy"),
        "a retired resource is not offered: {text}"
    );
    let info = tool("pdfinfo", &[&out]);
    assert!(
        info.contains("Peer support outreach template") && info.contains("595.")
            || info.contains("595 x 842"),
        "an A4 page titled for what it is: {info}"
    );
    render(Path::new(&out), "outreach-template");
}
