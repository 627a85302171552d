//! Reading the spreadsheets coordinators already keep: CSV (UTF-8 with or without a BOM,
//! comma or semicolon) and XLSX (the first sheet). The result is a header row and text
//! cells with their row numbers as the coordinator sees them in Excel (the header is row 1).
//! Limits keep a wrong or hostile file from hanging the app: it is refused with a message.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{CoreError, Problem, Result};

/// Files larger than this are refused before they are read.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Sheets with more data rows than this are refused.
pub const MAX_ROWS: usize = 100_000;
/// Columns beyond this are refused (a roster has about fifteen).
pub const MAX_COLUMNS: usize = 200;

/// One cell, as text. Dates from XLSX arrive as YYYY-MM-DD; whole numbers without ".0".
pub type Cell = String;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's number in the spreadsheet, counting the header as row 1.
    pub number: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// The cell under column `index` of `row`, or "" when the row is short.
    pub fn cell<'a>(&self, row: &'a Row, index: Option<usize>) -> &'a str {
        index
            .and_then(|i| row.cells.get(i))
            .map(|c| c.trim())
            .unwrap_or("")
    }
}

/// Reads a file, choosing CSV or XLSX by its content (an XLSX file is a zip archive).
pub fn read_file(path: &Path) -> Result<(Sheet, Vec<u8>)> {
    let bytes = crate::files::input::read_bounded(path, MAX_BYTES)
        .map_err(|e| e.into_error(path, "spreadsheets", "file"))?;
    let sheet = read_bytes(&bytes)?;
    Ok((sheet, bytes))
}

/// The spreadsheet cannot be read as an import: what it is about is the `file` itself.
fn unreadable_file(message: impl Into<String>) -> CoreError {
    CoreError::invalid("file", Problem::Unreadable, message)
}

fn too_big(size: u64) -> CoreError {
    unreadable_file(format!(
        "the file is {:.1} MB; PeerDesk reads spreadsheets up to {} MB: is it the right file?",
        size as f64 / 1_048_576.0,
        MAX_BYTES / 1_048_576
    ))
}

/// The most an XLSX file may hold once unzipped, all its parts together: ten times the
/// largest file read, far beyond any roster. A zip bomb stops here, read in small pieces.
pub const MAX_UNZIPPED_BYTES: u64 = 10 * MAX_BYTES;

/// Checks an XLSX archive before calamine loads it: every part is unzipped into nothing,
/// counting, so the real size is known whatever the archive claims; and every sheet's
/// declared `<dimension>` and the cells it really names (`r="XFD1048576"`) must fit the row,
/// column and cell limits. calamine lays a sheet out as a full grid from its first to its
/// last cell, so two far-apart cells alone could take gigabytes: they are refused here.
fn check_xlsx_archive(bytes: &[u8]) -> Result<()> {
    use std::io::Read;
    let unreadable =
        |e: &dyn std::fmt::Display| unreadable_file(format!("the XLSX file cannot be read: {e}"));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut total: u64 = 0;
    let mut buffer = vec![0_u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|e| unreadable(&e))?;
        if part.size() > MAX_UNZIPPED_BYTES {
            return Err(unzips_too_big());
        }
        let is_sheet = part.name().starts_with("xl/worksheets/") && part.name().ends_with(".xml");
        let mut extent = Extent::default();
        let mut head = Vec::new();
        loop {
            let n = part.read(&mut buffer).map_err(|e| unreadable(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_UNZIPPED_BYTES {
                return Err(unzips_too_big());
            }
            if is_sheet {
                if head.len() < 4096 {
                    head.extend_from_slice(&buffer[..n.min(4096 - head.len())]);
                }
                extent.feed(&buffer[..n]);
                extent.check()?;
            }
        }
        if is_sheet {
            check_dimension(&String::from_utf8_lossy(&head))?;
        }
    }
    Ok(())
}

/// The most cells a sheet may span (rows × columns): a roster of 100,000 rows and 40
/// columns, laid out as calamine does, still fits in memory comfortably.
pub const MAX_CELLS: usize = 4_000_000;

/// The furthest row and column a sheet's XML names, read as it streams by.
#[derive(Default)]
struct Extent {
    rows: usize,
    columns: usize,
    /// The end of the last chunk, when a reference was cut in two.
    tail: Vec<u8>,
}

impl Extent {
    const MARK: &'static [u8] = b" r=\"";

    fn feed(&mut self, chunk: &[u8]) {
        let mut data = std::mem::take(&mut self.tail);
        data.extend_from_slice(chunk);
        let mut at = 0;
        while let Some(found) = data[at..]
            .windows(Self::MARK.len())
            .position(|w| w == Self::MARK)
        {
            let start = at + found + Self::MARK.len();
            let Some(length) = data[start..].iter().take(16).position(|b| *b == b'"') else {
                if data.len() - start < 16 {
                    self.tail = data[at + found..].to_vec(); // cut in two: read on
                    return;
                }
                at = start;
                continue; // not a cell reference
            };
            self.note(&data[start..start + length]);
            at = start + length;
        }
        let keep = data.len().saturating_sub(Self::MARK.len() - 1).max(at);
        self.tail = data[keep..].to_vec();
    }

    /// A reference: letters for the column (none on a `<row>`), digits for the row.
    fn note(&mut self, reference: &[u8]) {
        let letters = reference
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let column = reference[..letters].iter().fold(0_usize, |n, b| {
            n.saturating_mul(26)
                .saturating_add(usize::from(b.to_ascii_uppercase().saturating_sub(b'A')) + 1)
        });
        let row = std::str::from_utf8(&reference[letters..])
            .ok()
            .and_then(|digits| digits.parse::<usize>().ok())
            .unwrap_or(0);
        self.columns = self.columns.max(column);
        self.rows = self.rows.max(row);
    }

    fn check(&self) -> Result<()> {
        if self.columns > MAX_COLUMNS {
            return Err(too_many_columns());
        }
        if self.rows > MAX_ROWS + 1 {
            return Err(too_many_rows());
        }
        if self.rows.saturating_mul(self.columns.max(1)) > MAX_CELLS {
            return Err(unreadable_file(format!(
                "a sheet of the file spans more than {MAX_CELLS} cells ({} rows by {} columns): is it the right file?",
                self.rows, self.columns
            )));
        }
        Ok(())
    }
}

fn unzips_too_big() -> CoreError {
    unreadable_file(format!(
        "the XLSX file unpacks to more than {} MB: it is not a roster (is it the right file?)",
        MAX_UNZIPPED_BYTES / 1_048_576
    ))
}

/// The sheet's declared extent (`<dimension ref="A1:P2001"/>`), refused when it is beyond the
/// limits. A sheet without one is counted as calamine reads it, as before.
fn check_dimension(head: &str) -> Result<()> {
    let Some(start) = head.find("<dimension ref=\"") else {
        return Ok(());
    };
    let rest = &head[start + "<dimension ref=\"".len()..];
    let extent = rest.split('"').next().unwrap_or("");
    let last = extent.rsplit(':').next().unwrap_or(extent);
    let letters: String = last.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: usize = last[letters.len()..].parse().unwrap_or(0);
    let column = letters.chars().fold(0_usize, |n, c| {
        n.saturating_mul(26)
            .saturating_add((c.to_ascii_uppercase() as usize).saturating_sub(64))
    });
    if column > MAX_COLUMNS {
        return Err(too_many_columns());
    }
    if row > MAX_ROWS + 1 {
        return Err(too_many_rows());
    }
    Ok(())
}

pub fn read_bytes(bytes: &[u8]) -> Result<Sheet> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let sheet = if bytes.starts_with(b"PK\x03\x04") {
        check_xlsx_archive(bytes)?;
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(unreadable_file(
            "the file has no header row: its first row must name the columns",
        ));
    }
    Ok(sheet)
}

fn too_many_rows() -> CoreError {
    unreadable_file(format!(
        "the file has more than {MAX_ROWS} rows; PeerDesk reads at most {MAX_ROWS}: is it the right file?"
    ))
}

fn too_many_columns() -> CoreError {
    unreadable_file(format!(
        "the file has more than {MAX_COLUMNS} columns: is it the right file?"
    ))
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        unreadable_file(format!(
            "the file is not UTF-8 text (byte {} cannot be read): save it as \"CSV UTF-8\" or as XLSX",
            e.valid_up_to() + 1
        ))
    })?;
    if text.contains('\0') {
        return Err(unreadable_file(
            "the file holds binary data, not CSV text: save it as \"CSV UTF-8\" or as XLSX",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let (headers, header_start) = match records.next() {
        None => return Err(unreadable_file("the file is empty")),
        Some(record) => record_cells(record)?,
    };
    if headers.len() > MAX_COLUMNS {
        return Err(too_many_columns());
    }
    // The csv reader skips blank lines, but Excel counts them as rows, and a cell with line
    // breaks is still one row: count the line breaks between records, less those inside the
    // previous record's cells, so that "row N" is the row the coordinator sees.
    let (mut number, mut previous_start, mut previous_inner) =
        (1, header_start, newlines(&headers));
    let mut rows = Vec::new();
    for record in records {
        let (cells, mut start) = record_cells(record)?;
        // The reader may report a record from the end of the line before it; a record
        // itself never begins with a line break.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let between = text.as_bytes()[previous_start..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        number += between.saturating_sub(previous_inner).max(1);
        previous_start = start;
        previous_inner = newlines(&cells);
        if cells.len() > MAX_COLUMNS {
            return Err(too_many_columns());
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(too_many_rows());
        }
        rows.push(Row { number, cells });
    }
    Ok(Sheet { headers, rows })
}

/// Line breaks inside quoted cells.
fn newlines(cells: &[String]) -> usize {
    cells.iter().map(|c| c.matches('\n').count()).sum()
}

/// A record's cells and the byte it starts at.
fn record_cells(record: csv::Result<csv::StringRecord>) -> Result<(Vec<String>, usize)> {
    let record = record.map_err(|e| {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        unreadable_file(format!("the CSV cannot be read near line {line}: {e}"))
    })?;
    let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
    Ok((record.iter().map(str::to_string).collect(), start))
}

/// Semicolon when the header line has more semicolons than commas (Excel in much of Europe).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let (mut commas, mut semicolons) = (0, 0);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable =
        |e: &dyn std::fmt::Display| unreadable_file(format!("the XLSX file cannot be read: {e}"));
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable_file("the XLSX file has no sheet"))?;
    let range = workbook
        .worksheet_range(&first)
        .map_err(|e| unreadable(&e))?;
    let (height, width) = range.get_size();
    if width > MAX_COLUMNS {
        return Err(too_many_columns());
    }
    if height > MAX_ROWS + 1 {
        return Err(too_many_rows());
    }
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_column = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Data::DateTime(d) => d
                .as_datetime()
                .map(|dt| dt.date().to_string())
                .unwrap_or_else(|| d.as_f64().to_string()),
            Data::DateTimeIso(s) => s.clone(),
            Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut lines = range.rows().enumerate();
    let headers = match lines.next() {
        None => return Err(unreadable_file("the first sheet is empty")),
        Some((_, cells)) => pad(start_column, cells.iter().map(text).collect()),
    };
    let rows = lines
        .map(|(index, cells)| Row {
            number: start_row + index + 1,
            cells: pad(start_column, cells.iter().map(text).collect()),
        })
        .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(Sheet { headers, rows })
}

/// Cells of a range that starts in column C are shifted so column indexes match the sheet.
fn pad(start_column: usize, cells: Vec<String>) -> Vec<String> {
    let mut padded = vec![String::new(); start_column];
    padded.extend(cells);
    padded
}

/// A header as PeerDesk compares it: lower case, letters and digits, single spaces.
pub fn normalize_header(header: &str) -> String {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index of the first header that is one of `synonyms` (already normalized).
pub fn find_column(headers: &[String], synonyms: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| synonyms.contains(&normalize_header(h).as_str()))
}

/// Excel's serial day number (as CSV exports of dates sometimes carry) to a date.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (1.0..=2_958_465.0)
        .contains(&serial)
        .then(|| base + chrono::Duration::days(serial as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons_reads_like_plain_csv() {
        let plain = read_bytes(b"Name,Dept\nAna,ICU\n").expect("plain");
        let european = read_bytes("\u{FEFF}Name;Dept\r\nAna;ICU\r\n".as_bytes()).expect("bom");
        assert_eq!(
            plain, european,
            "a BOM and semicolons read the same as plain comma CSV"
        );
        assert_eq!(
            plain.rows[0].number, 2,
            "the first data row is row 2, after the header"
        );
    }

    #[test]
    fn quoted_commas_and_blank_rows() {
        let sheet = read_bytes(b"Name,Note\n\"Lima, Ana\",\"a;b\"\n,\n\nBo,x\n").expect("read");
        assert_eq!(
            sheet.rows.len(),
            2,
            "the blank rows are skipped, leaving two rows"
        );
        let multiline =
            read_bytes(b"Name,Note\r\n\"Ana\",\"two\r\nlines\"\r\n\r\nBo,x\r\n").expect("read");
        assert_eq!(
            multiline.rows[1].number, 4,
            "a cell with a line break is one row"
        );
        assert_eq!(
            sheet.rows[0].cells[0], "Lima, Ana",
            "a quoted comma stays inside the name cell"
        );
        assert_eq!(sheet.rows[1].number, 5, "row numbers count blank rows");
    }

    #[test]
    fn bad_files_are_refused_in_words() {
        for (bytes, expected) in [
            (&b""[..], "empty"),
            (&b"\xff\xfeN\x00a\x00"[..], "UTF-8"),
            (&b"a\0b,c\n"[..], "binary"),
            (&b"PK\x03\x04garbage"[..], "XLSX"),
            (&b",,\n1,2\n"[..], "header"),
        ] {
            let error = read_bytes(bytes).expect_err("refused").to_string();
            assert!(error.contains(expected), "{error} mentions {expected}");
        }
    }

    #[test]
    fn headers_are_compared_loosely() {
        let headers = vec!["  Full-Name ".to_string(), "E-mail".to_string()];
        assert_eq!(
            find_column(&headers, &["full name"]),
            Some(0),
            "Full-Name with spaces around matches full name"
        );
        assert_eq!(
            find_column(&headers, &["e mail"]),
            Some(1),
            "E-mail matches e mail"
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            excel_serial_date(45658.0).map(|d| d.to_string()),
            Some("2025-01-01".into()),
            "Excel serial 45658 is 2025-01-01"
        );
        assert_eq!(
            excel_serial_date(-3.0),
            None,
            "a negative Excel serial is no date"
        );
    }
}

#[cfg(test)]
mod hostile {
    use std::io::Write;

    use super::*;

    fn zipped(parts: &[(&str, &[u8])], repeat_last: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options: zip::write::FileOptions<'_, ()> =
            zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (i, (name, bytes)) in parts.iter().enumerate() {
            zip.start_file(*name, options).expect("part");
            let times = if i + 1 == parts.len() { repeat_last } else { 1 };
            for _ in 0..times {
                zip.write_all(bytes).expect("write");
            }
        }
        zip.finish().expect("zip").into_inner()
    }

    /// A small archive that unpacks to 210 MB is refused within a second, without
    /// unpacking it into memory.
    #[test]
    fn a_zip_bomb_is_refused_quickly() {
        let chunk = vec![b'a'; 1024 * 1024];
        let bomb = zipped(
            &[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/sharedStrings.xml", &chunk),
            ],
            210,
        );
        assert!(
            bomb.len() < 2 * 1024 * 1024,
            "the bomb is small: {} bytes",
            bomb.len()
        );
        let started = std::time::Instant::now();
        let error = read_bytes(&bomb).expect_err("refused").to_string();
        assert!(error.contains("unpacks to more than"), "{error}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "refused quickly"
        );
    }

    /// Two cells far apart, with no `<dimension>`: calamine would lay out the whole grid
    /// between them.
    #[test]
    fn far_apart_cells_are_refused_before_loading() {
        for (cells, expected) in [
            ("<c r=\"A1\"/><c r=\"XFD9\"/>", "columns"),
            (
                "<row r=\"1\"><c r=\"A1\"/></row><row r=\"1048576\"><c r=\"B1048576\"/></row>",
                "rows",
            ),
            ("<c r=\"A1\"/><c r=\"GR99999\"/>", "cells"),
        ] {
            let sheet = format!("<worksheet><sheetData>{cells}</sheetData></worksheet>");
            let book = zipped(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())], 1);
            let error = read_bytes(&book).expect_err("refused").to_string();
            assert!(error.contains(expected), "{cells}: {error}");
        }
        // A reference cut in two between chunks is still read.
        let mut extent = Extent::default();
        extent.feed(b"<c r=\"XF");
        extent.feed(b"D9\"/>");
        assert_eq!(
            (extent.rows, extent.columns),
            (9, 16384),
            "a cell reference cut between chunks reads as row 9, column XFD"
        );
    }

    #[test]
    fn a_sheet_that_declares_too_many_rows_or_columns_is_refused_before_loading() {
        for (extent, expected) in [("A1:B1048576", "rows"), ("A1:ZZZ2", "columns")] {
            let sheet = format!(
                "<?xml version=\"1.0\"?><worksheet><dimension ref=\"{extent}\"/><sheetData/></worksheet>"
            );
            let book = zipped(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())], 1);
            let error = read_bytes(&book).expect_err("refused").to_string();
            assert!(error.contains(expected), "{extent}: {error}");
        }
    }
}
