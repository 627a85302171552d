//! The display list written as a PDF: vector text in embedded, subset fonts, images at their
//! own resolution, the page's boxes (where it is cut, how far colour runs past the cut), and
//! the audit entry that says a document was printed.
//!
//! printpdf 0.12 writes a MediaBox, a TrimBox and a CropBox the size of the page, but has no
//! BleedBox, and writes a box as [x y width height] where PDF reads [x0 y0 x1 y1] (the same
//! numbers only for a box at the origin). So the boxes are set here, on the lopdf document
//! printpdf builds (`to_lopdf_document`), before it is saved.

use printpdf::{
    Color, FontId, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    RawImage, Rect, Rgb, TextItem, TextMatrix, WindingOrder, XObjectTransform,
};

use super::colours::rgb;
use super::fonts::{font_for, fonts, run_width, runs, Face};
use super::{Doc, Finish, Item, Paper, BLEED};
use crate::error::{CoreError, Problem, Result};

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
    // For a print shop the sheet is larger than the page: the display list's (0, 0), the
    // page's top-left corner, sits `outside` in from the sheet's.
    let outside = doc.finish.outside();
    let (sheet_width, sheet_height) = (width + 2.0 * outside, height + 2.0 * outside);
    // A position across, and a position down the page as PDF counts it (up from the bottom).
    let across = |x: f32| mm(x + outside);
    let up = |y: f32| mm(height + outside - y);
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
                            x: across(*x),
                            y: up(y + h),
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
                            x: across(*x),
                            y: up(y + size),
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
                                    x: across(x + start as f32 * module),
                                    y: up(y + (row as f32 + 1.0) * module),
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
                            translate_x: Some(across(*x)),
                            translate_y: Some(up(y + h)),
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
                            matrix: TextMatrix::Translate(across(cursor), up(*y)),
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
        pages.push(PdfPage::new(Mm(sheet_width), Mm(sheet_height), ops));
    }
    pdf.with_pages(pages);
    let options = PdfSaveOptions {
        image_optimization: None,
        ..Default::default()
    };
    // What `PdfDocument::save` does, with the boxes set in between.
    let mut written = pdf.to_lopdf_document(&options, &mut Vec::new());
    if options.optimize {
        written.compress();
    }
    set_boxes(&mut written, doc)?;
    let mut bytes = Vec::new();
    written
        .save_to(&mut bytes)
        .map_err(|e| CoreError::Internal(format!("the PDF could not be written: {e}")))?;
    Ok(bytes)
}

/// A box in PDF's terms: [left bottom right top] in points, from the sheet's bottom-left.
fn pdf_box(left: f32, bottom: f32, right: f32, top: f32) -> lopdf::Object {
    lopdf::Object::Array(
        [left, bottom, right, top]
            .into_iter()
            .map(|v| lopdf::Object::Real(mm(v).0))
            .collect(),
    )
}

/// Every page's MediaBox and CropBox (the whole sheet), TrimBox (the page as read, after the
/// cut) and BleedBox (how far colour runs past the cut: the page itself for an office
/// printer, 3 mm more on each side for a print shop).
fn set_boxes(written: &mut lopdf::Document, doc: &Doc) -> Result<()> {
    let (width, height) = doc.paper.size();
    let outside = doc.finish.outside();
    let bleed = match doc.finish {
        Finish::Office => 0.0,
        Finish::PrintShop => BLEED,
    };
    let sheet = pdf_box(0.0, 0.0, width + 2.0 * outside, height + 2.0 * outside);
    let trim = pdf_box(outside, outside, outside + width, outside + height);
    let bleed_box = pdf_box(
        outside - bleed,
        outside - bleed,
        outside + width + bleed,
        outside + height + bleed,
    );
    let page_ids: Vec<lopdf::ObjectId> = written.get_pages().into_values().collect();
    for id in page_ids {
        let page = written
            .get_dictionary_mut(id)
            .map_err(|e| CoreError::Internal(format!("a PDF page cannot be found: {e}")))?;
        page.set("MediaBox", sheet.clone());
        page.set("CropBox", sheet.clone());
        page.set("BleedBox", bleed_box.clone());
        page.set("TrimBox", trim.clone());
    }
    Ok(())
}

/// Notes in the audit log that `doc` was printed (its title, pages and paper; never a name),
/// and remembers a sign with who it named (`printed_signs`), both or neither.
pub fn record_printed(conn: &rusqlite::Connection, doc: &Doc) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    audit_printed(&tx, doc)?;
    if let Some(names) = &doc.names {
        super::printed_signs::remember(&tx, doc, names)?;
    }
    tx.commit()?;
    Ok(())
}

fn audit_printed(conn: &rusqlite::Connection, doc: &Doc) -> Result<()> {
    crate::store::audit::record(
        conn,
        "coordinator",
        "printed",
        Some(&format!(
            "{}, {} page{}, {}{}",
            doc.title,
            doc.pages.len(),
            if doc.pages.len() == 1 { "" } else { "s" },
            match doc.paper {
                Paper::Letter => "US Letter",
                Paper::A4 => "A4",
            },
            match doc.finish {
                Finish::Office => "",
                Finish::PrintShop => ", for a print shop",
            }
        )),
    )
}
