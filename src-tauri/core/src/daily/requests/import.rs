//! Importing the request form's CSV (or XLSX) export: one request per row, each checked
//! exactly as the intake form checks it. All or nothing: one rejected row and nothing is
//! written; the same file (by SHA-256) is never imported twice. The preview carries the file's
//! SHA-256 so that what is imported is exactly what was shown.

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{check, insert, RequestForm};
use crate::error::{CoreError, Problem, Result};
use crate::files::spreadsheet::{self, find_column, Sheet};
use crate::work::{count, Work};

/// Headers (normalized) a web form's export uses for each intake field.
const RECEIVED: &[&str] = &[
    "timestamp",
    "submitted",
    "submitted at",
    "submission date",
    "date submitted",
    "received",
    "received at",
    "date",
];
const NAME: &[&str] = &[
    "name",
    "your name",
    "full name",
    "requester",
    "requester name",
];
const CONTACT: &[&str] = &[
    "contact",
    "how can we reach you",
    "best way to reach you",
    "contact details",
    "email or phone",
];
const EMAIL: &[&str] = &["email", "email address", "e mail", "your email"];
const PHONE: &[&str] = &["phone", "phone number", "telephone", "your phone"];
const MODE: &[&str] = &[
    "preferred way to talk",
    "preferred mode",
    "how would you like to talk",
    "preferred contact method",
    "mode",
];
const ROLE: &[&str] = &[
    "role",
    "your role",
    "job title",
    "position",
    "profession",
    "job",
];
const DEPARTMENT: &[&str] = &["department", "your department", "unit", "dept", "area"];
const ORGANIZATION: &[&str] = &[
    "organization",
    "organisation",
    "hospital",
    "site",
    "facility",
    "employer",
];
const REFERRED: &[&str] = &[
    "referred by",
    "referral",
    "who referred you",
    "referral source",
];
const ISSUES: &[&str] = &[
    "issue types",
    "issue type",
    "issue",
    "what is this about",
    "reason",
    "topic",
    "category",
    "categories",
];
const NOTE: &[&str] = &[
    "message",
    "note",
    "notes",
    "comments",
    "anything else",
    "details",
];
const LANGUAGE: &[&str] = &["language", "preferred language"];
/// The flyer batch's source code, which the web form keeps from the QR link (`?source=`).
const SOURCE: &[&str] = &[
    "source",
    "source code",
    "flyer",
    "campaign",
    "utm source",
    "ref",
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportedRequest {
    pub row: usize,
    pub received_at: String,
    pub role: String,
    pub department: String,
    pub organization: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejection {
    pub row: usize,
    pub reason: String,
}

/// What an import would do (or did).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestImport {
    pub file_sha256: String,
    pub rows: usize,
    pub accepted: Vec<ImportedRequest>,
    pub rejected: Vec<Rejection>,
    /// This very file was imported before (on that date): nothing is written again.
    pub already_imported_on: Option<String>,
    /// Whether the store was changed.
    pub applied: bool,
}

impl RequestImport {
    /// Why nothing was imported, when nothing was: this very file came before, or rows were
    /// rejected (an import is all or nothing).
    pub fn refusal(&self) -> Result<()> {
        if let Some(on) = &self.already_imported_on {
            return Err(imported_before(on));
        }
        if !self.rejected.is_empty() {
            return Err(rows_rejected(self.rejected.len(), self.rows));
        }
        Ok(())
    }
}

/// A web-form file imported before (on `on`): refused as a whole.
pub fn imported_before(on: &str) -> CoreError {
    CoreError::invalid(
        "file",
        Problem::Duplicate,
        format!("this file was already imported on {on}; nothing was imported again"),
    )
}

/// Rows rejected: an import is all or nothing.
pub fn rows_rejected(rejected: usize, rows: usize) -> CoreError {
    CoreError::invalid(
        "file",
        Problem::Format,
        format!(
            "{rejected} of {rows} rows were rejected, so nothing was imported: fix them and import the file again"
        ),
    )
}

struct Columns {
    received: Option<usize>,
    name: Option<usize>,
    contact: Option<usize>,
    email: Option<usize>,
    phone: Option<usize>,
    mode: Option<usize>,
    role: usize,
    department: Option<usize>,
    organization: Option<usize>,
    referred: Option<usize>,
    issues: Option<usize>,
    note: Option<usize>,
    language: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    fn of(sheet: &Sheet) -> Result<Columns> {
        let find = |synonyms: &[&str]| find_column(&sheet.headers, synonyms);
        let role = find(ROLE).ok_or_else(|| {
            CoreError::invalid(
                "role",
                Problem::Required,
                "no column holds the requester's role: call it \"Role\" (see the README for the headers PeerDesk reads)",
            )
        })?;
        Ok(Columns {
            received: find(RECEIVED),
            name: find(NAME),
            contact: find(CONTACT),
            email: find(EMAIL),
            phone: find(PHONE),
            mode: find(MODE),
            role,
            department: find(DEPARTMENT),
            organization: find(ORGANIZATION),
            referred: find(REFERRED),
            issues: find(ISSUES),
            note: find(NOTE),
            language: find(LANGUAGE),
            source: find(SOURCE),
        })
    }
}

fn form_of(sheet: &Sheet, columns: &Columns, row: &spreadsheet::Row) -> RequestForm {
    let cell = |index: Option<usize>| sheet.cell(row, index).to_string();
    let contact = [
        cell(columns.contact),
        cell(columns.email),
        cell(columns.phone),
    ]
    .into_iter()
    .filter(|c| !c.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    RequestForm {
        received_at: cell(columns.received),
        channel: "Web form".into(),
        requester_name: cell(columns.name),
        requester_contact: contact,
        preferred_mode: cell(columns.mode),
        role: cell(Some(columns.role)),
        department: cell(columns.department),
        organization: cell(columns.organization),
        referred_by: cell(columns.referred),
        issue_types: cell(columns.issues)
            .split([';', ',', '\n'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        note: cell(columns.note),
        language: cell(columns.language),
        specialty: String::new(),
        years_in_role: String::new(),
        source: cell(columns.source),
    }
}

/// The day a web-form file (by its SHA-256) was imported, if it was: request and outreach
/// imports share one record, so a file is imported once whichever import took it.
pub fn imported_on(conn: &Connection, sha256: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT substr(imported_at, 1, 10) FROM request_imports WHERE sha256 = ?1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records a web-form file as imported (inside the import's transaction).
pub fn record_file(conn: &Connection, sha256: &str, now: NaiveDateTime, rows: usize) -> Result<()> {
    conn.execute(
        "INSERT INTO request_imports (sha256, imported_at, rows) VALUES (?1, ?2, ?3)",
        params![sha256, crate::clock::stamp(now), rows as i64],
    )?;
    Ok(())
}

/// Checks every row and, if all pass, the file is new and `apply` is set, imports them in
/// one transaction. Cancelled on `work`, the transaction is rolled back: nothing was
/// imported, and the file may be imported later.
pub fn import_sheet(
    conn: &Connection,
    sheet: &Sheet,
    sha256: String,
    now: NaiveDateTime,
    apply: bool,
    work: &Work,
) -> Result<RequestImport> {
    let columns = Columns::of(sheet)?;
    let already_imported_on = imported_on(conn, &sha256)?;
    let mut report = RequestImport {
        file_sha256: sha256,
        rows: sheet.rows.len(),
        accepted: Vec::new(),
        rejected: Vec::new(),
        already_imported_on,
        applied: false,
    };
    let mut checked = Vec::new();
    let rows = count(sheet.rows.len());
    for (index, row) in sheet.rows.iter().enumerate() {
        work.step("Checking the rows", count(index), rows)?;
        let form = form_of(sheet, &columns, row);
        match check(conn, &form, now) {
            Ok(request) => {
                report.accepted.push(ImportedRequest {
                    row: row.number,
                    received_at: crate::clock::stamp(request.received_at),
                    role: form.role.clone(),
                    department: form.department.clone(),
                    organization: form.organization.clone(),
                });
                checked.push(request);
            }
            Err(CoreError::Fields(errors)) => report.rejected.push(Rejection {
                row: row.number,
                reason: errors.summary(),
            }),
            Err(other) => return Err(other),
        }
    }
    if !apply
        || !report.rejected.is_empty()
        || report.already_imported_on.is_some()
        || checked.is_empty()
    {
        return Ok(report);
    }
    let tx = conn.unchecked_transaction()?;
    let total = count(checked.len());
    for (index, request) in checked.iter().enumerate() {
        work.step("Writing the requests", count(index), total)?;
        insert(&tx, request, "imported from the web form")?;
    }
    record_file(&tx, &report.file_sha256, now, checked.len())?;
    crate::store::audit::record(
        &tx,
        "coordinator",
        "requests imported",
        Some(&format!("{} requests from the web form", checked.len())),
    )?;
    work.step("Writing the requests", total, total)?;
    tx.commit()?;
    report.applied = true;
    Ok(report)
}

/// Reads a CSV or XLSX file and imports it as [`import_sheet`] does. When `expected_sha256`
/// is given (the preview's), a file that changed since is refused.
pub fn import_file(
    conn: &Connection,
    path: &Path,
    expected_sha256: Option<&str>,
    now: NaiveDateTime,
    apply: bool,
    work: &Work,
) -> Result<RequestImport> {
    let (sheet, sha256) = read_previewed(path, expected_sha256, work)?;
    import_sheet(conn, &sheet, sha256, now, apply, work)
}

/// Reads a web-form file and its SHA-256; when `expected_sha256` is given (the preview's),
/// a file that changed since is refused.
pub fn read_previewed(
    path: &Path,
    expected_sha256: Option<&str>,
    work: &Work,
) -> Result<(Sheet, String)> {
    work.step("Reading the file", 0, 0)?;
    let (sheet, bytes) = spreadsheet::read_file(path)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    if expected_sha256.is_some_and(|expected| expected != sha256) {
        return Err(CoreError::invalid(
            "file",
            Problem::NotAllowed,
            "the file changed since the preview: look at the new preview before importing",
        ));
    }
    Ok((sheet, sha256))
}

/// The same import from bytes in memory (tests).
pub fn import_bytes(
    conn: &Connection,
    bytes: &[u8],
    now: NaiveDateTime,
    apply: bool,
) -> Result<RequestImport> {
    let sheet = spreadsheet::read_bytes(bytes)?;
    import_sheet(
        conn,
        &sheet,
        hex::encode(Sha256::digest(bytes)),
        now,
        apply,
        &Work::none(),
    )
}
