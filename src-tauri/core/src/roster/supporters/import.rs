//! Importing the roster from the spreadsheet a program already keeps.
//!
//! Every row is checked exactly as the supporter form checks it. A row whose email (or, when
//! it has none, name and organization) matches a supporter updates them; any other row adds
//! one. An empty cell never erases what the store knows. The import is all or nothing: one
//! rejected row and nothing is written, unless the coordinator asks for the valid rows only.
//! The preview carries the file's SHA-256 so that what is imported is exactly what was shown.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{check, form_of, write, NewEntries, Supporter, SupporterForm};
use crate::error::{CoreError, Problem, Result};
use crate::fields::{clean_text, parse_yes_no};
use crate::files::spreadsheet::{self, find_column, Sheet};
use crate::program::picklists::{self, List};
use crate::work::{count, Work};

/// A roster field and the headers (normalized) that mean it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FirstName,
    LastName,
    Role,
    Specialty,
    Department,
    Organization,
    Phone,
    Email,
    Languages,
    YearsInRole,
    TrainedOn,
    Status,
    PausedUntil,
    MaxOpenCases,
    Consent,
    Notes,
}

const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "name",
            "full name",
            "supporter",
            "supporter name",
            "peer supporter",
            "volunteer",
            "volunteer name",
        ],
    ),
    (
        Field::FirstName,
        &["first name", "first", "given name", "firstname"],
    ),
    (
        Field::LastName,
        &["last name", "last", "surname", "family name", "lastname"],
    ),
    (
        Field::Role,
        &[
            "role",
            "job title",
            "title",
            "position",
            "profession",
            "discipline",
            "job",
        ],
    ),
    (
        Field::Specialty,
        &[
            "specialty",
            "speciality",
            "specialization",
            "specialisation",
        ],
    ),
    (
        Field::Department,
        &["department", "dept", "unit", "area", "service", "ward"],
    ),
    (
        Field::Organization,
        &[
            "organization",
            "organisation",
            "org",
            "hospital",
            "site",
            "facility",
            "employer",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "phone number",
            "telephone",
            "tel",
            "extension",
            "ext",
            "work phone",
            "work extension",
        ],
    ),
    (
        Field::Email,
        &[
            "email",
            "e mail",
            "email address",
            "e mail address",
            "work email",
        ],
    ),
    (
        Field::Languages,
        &["languages", "language", "languages spoken"],
    ),
    (
        Field::YearsInRole,
        &[
            "years in role",
            "years",
            "years of experience",
            "experience",
            "years experience",
        ],
    ),
    (
        Field::TrainedOn,
        &[
            "trained",
            "training date",
            "trained on",
            "date trained",
            "initial training",
            "training",
        ],
    ),
    (Field::Status, &["status"]),
    (
        Field::PausedUntil,
        &["paused until", "pause until", "back on", "return date"],
    ),
    (
        Field::MaxOpenCases,
        &[
            "max open cases",
            "open case limit",
            "case limit",
            "max cases",
            "most open cases",
            "capacity",
        ],
    ),
    (
        Field::Consent,
        &[
            "consent",
            "consent to list",
            "consent to be named",
            "ok to list",
            "listed",
            "named on signs",
        ],
    ),
    (Field::Notes, &["notes", "note", "comments", "comment"]),
];

/// Which column holds which field.
struct Columns {
    found: Vec<(Field, usize)>,
}

impl Columns {
    fn of(sheet: &Sheet) -> Result<(Columns, Vec<ColumnUse>, Vec<String>)> {
        let mut found = Vec::new();
        for (field, synonyms) in SYNONYMS {
            if let Some(index) = find_column(&sheet.headers, synonyms) {
                found.push((*field, index));
            }
        }
        let columns = Columns { found };
        let has = |f| columns.index(f).is_some();
        let has_names = has(Field::Name) || (has(Field::FirstName) && has(Field::LastName));
        if !has_names {
            return Err(CoreError::invalid(
                "name",
                Problem::Required,
                "no column holds the supporters' names: call it \"Name\" or \"Full name\" (or give \"First name\" and \"Last name\")",
            ));
        }
        let used: Vec<ColumnUse> = columns
            .found
            .iter()
            .map(|(field, index)| ColumnUse {
                header: sheet.headers[*index].trim().to_string(),
                field: field.label(),
            })
            .collect();
        let ignored = sheet
            .headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.trim().is_empty() && !columns.found.iter().any(|(_, c)| c == i))
            .map(|(_, h)| h.trim().to_string())
            .collect();
        Ok((columns, used, ignored))
    }

    fn index(&self, field: Field) -> Option<usize> {
        self.found
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::Role => "role",
            Field::Specialty => "specialty",
            Field::Department => "department",
            Field::Organization => "organization",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Languages => "languages",
            Field::YearsInRole => "years in role",
            Field::TrainedOn => "trained on",
            Field::Status => "status",
            Field::PausedUntil => "paused until",
            Field::MaxOpenCases => "open-case limit",
            Field::Consent => "consent to be named",
            Field::Notes => "notes",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ColumnUse {
    pub header: String,
    pub field: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportLine {
    pub row: usize,
    pub name: String,
    /// For an update, the fields that change.
    pub changes: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejection {
    pub row: usize,
    pub reason: String,
}

/// What an import would do (or did).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportPreview {
    pub file_sha256: String,
    pub rows: usize,
    pub added: Vec<ImportLine>,
    pub updated: Vec<ImportLine>,
    pub unchanged: usize,
    pub rejected: Vec<Rejection>,
    pub new_organizations: Vec<String>,
    pub new_roles: Vec<String>,
    pub new_departments: Vec<String>,
    pub columns: Vec<ColumnUse>,
    pub ignored_columns: Vec<String>,
    /// Rows were rejected and the valid rows alone were not asked for: nothing is written.
    pub blocked: bool,
    /// Whether the store was changed.
    pub applied: bool,
}

impl ImportPreview {
    /// Nothing was imported because rows were rejected and the valid rows alone were not
    /// asked for; `remedy` says how to ask for them where the person is ("add
    /// --valid-rows-only").
    pub fn refusal(&self, remedy: &str) -> Result<()> {
        if !self.blocked {
            return Ok(());
        }
        Err(CoreError::invalid(
            "file",
            Problem::Format,
            format!(
                "nothing was imported: {} of {} rows were rejected (fix them, or {remedy})",
                self.rejected.len(),
                self.rows
            ),
        ))
    }
}

struct Plan {
    preview: ImportPreview,
    writes: Vec<(Option<i64>, Supporter)>,
}

/// Looks at a sheet against the store without writing anything.
fn plan(
    conn: &Connection,
    sheet: &Sheet,
    sha256: String,
    today: NaiveDate,
    work: &Work,
) -> Result<Plan> {
    let (columns, used, ignored) = Columns::of(sheet)?;
    let mut preview = ImportPreview {
        file_sha256: sha256,
        rows: sheet.rows.len(),
        added: Vec::new(),
        updated: Vec::new(),
        unchanged: 0,
        rejected: Vec::new(),
        new_organizations: Vec::new(),
        new_roles: Vec::new(),
        new_departments: Vec::new(),
        columns: used,
        ignored_columns: ignored,
        blocked: false,
        applied: false,
    };
    let mut writes = Vec::new();
    // Who each earlier row was, to refuse the same person twice in one file.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let rows = count(sheet.rows.len());
    for (index, row) in sheet.rows.iter().enumerate() {
        work.step("Checking the rows", count(index), rows)?;
        let cell = |field| sheet.cell(row, columns.index(field));
        let name = match columns.index(Field::Name) {
            Some(_) => cell(Field::Name).to_string(),
            None => format!("{} {}", cell(Field::FirstName), cell(Field::LastName)),
        };
        let mut reject = |reason: String| {
            preview.rejected.push(Rejection {
                row: row.number,
                reason,
            })
        };
        let Some(name) = clean_text(&name) else {
            reject("the name is missing".into());
            continue;
        };
        let email = clean_text(cell(Field::Email));
        let organization = clean_text(cell(Field::Organization));
        let identity = match &email {
            Some(email) => format!("email {}", email.to_lowercase()),
            None => format!(
                "name {} at {}",
                name.to_lowercase(),
                organization.as_deref().unwrap_or("").to_lowercase()
            ),
        };
        if let Some(earlier) = seen.get(&identity) {
            reject(format!("the same supporter as row {earlier} ({identity})"));
            continue;
        }
        seen.insert(identity, row.number);

        let existing = match &email {
            Some(email) => conn
                .prepare_cached("SELECT id FROM supporters WHERE email = ?1 COLLATE NOCASE")?
                .query_row([email], |r| r.get::<_, i64>(0))
                .optional()?,
            None => find_by_name(conn, &name, organization.as_deref())?,
        };
        let base = match existing {
            Some(id) => form_of(conn, id)?,
            None => SupporterForm::default(),
        };
        let mut form = base.clone();
        let overlay = |target: &mut String, field| {
            if let Some(value) = clean_text(cell(field)) {
                *target = value;
            }
        };
        form.name = name.clone();
        overlay(&mut form.role, Field::Role);
        overlay(&mut form.specialty, Field::Specialty);
        overlay(&mut form.department, Field::Department);
        overlay(&mut form.organization, Field::Organization);
        overlay(&mut form.phone, Field::Phone);
        overlay(&mut form.email, Field::Email);
        overlay(&mut form.languages, Field::Languages);
        overlay(&mut form.years_in_role, Field::YearsInRole);
        overlay(&mut form.trained_on, Field::TrainedOn);
        overlay(&mut form.status, Field::Status);
        overlay(&mut form.paused_until, Field::PausedUntil);
        overlay(&mut form.max_open_cases, Field::MaxOpenCases);
        overlay(&mut form.notes, Field::Notes);
        if !cell(Field::Consent).is_empty() {
            match parse_yes_no(cell(Field::Consent)) {
                Ok(consent) => form.consent_to_list = consent,
                Err(message) => {
                    reject(format!("consent: {message}"));
                    continue;
                }
            }
        }
        let supporter = match check(conn, &form, today, NewEntries::Add, existing) {
            Ok(supporter) => supporter,
            Err(CoreError::Fields(errors)) => {
                reject(errors.summary());
                continue;
            }
            Err(other) => return Err(other),
        };
        note_new_entries(conn, &supporter, &mut preview)?;
        match existing {
            None => {
                preview.added.push(ImportLine {
                    row: row.number,
                    name,
                    changes: Vec::new(),
                });
                writes.push((None, supporter));
            }
            Some(id) => {
                let before = check(conn, &base, today, NewEntries::Add, Some(id)).ok();
                let changes = before.map_or_else(Vec::new, |b| supporter.changed_fields(&b));
                if changes.is_empty() {
                    preview.unchanged += 1;
                } else {
                    preview.updated.push(ImportLine {
                        row: row.number,
                        name,
                        changes,
                    });
                    writes.push((Some(id), supporter));
                }
            }
        }
    }
    Ok(Plan { preview, writes })
}

fn find_by_name(conn: &Connection, name: &str, organization: Option<&str>) -> Result<Option<i64>> {
    let organization_id = match organization {
        Some(text) => match crate::program::organizations::find(conn, text)? {
            Some(id) => id,
            None => return Ok(None),
        },
        None => match crate::program::organizations::host(conn)? {
            Some(id) => id,
            None => return Ok(None),
        },
    };
    Ok(conn
        .prepare_cached(
            "SELECT id FROM supporters WHERE name = ?1 COLLATE NOCASE AND organization_id = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(rusqlite::params![name, organization_id], |r| r.get(0))
        .optional()?)
}

/// Lists the roles, departments and organizations the import would add.
fn note_new_entries(conn: &Connection, s: &Supporter, preview: &mut ImportPreview) -> Result<()> {
    fn note(into: &mut Vec<String>, value: &str) {
        if !into.iter().any(|v| v.eq_ignore_ascii_case(value)) {
            into.push(value.to_string());
        }
    }
    if picklists::find(conn, List::Roles, &s.role)?.is_none() {
        note(&mut preview.new_roles, &s.role);
    }
    if let Some(department) = &s.department {
        if picklists::find(conn, List::Departments, department)?.is_none() {
            note(&mut preview.new_departments, department);
        }
    }
    if crate::program::organizations::find(conn, &s.organization)?.is_none() {
        note(&mut preview.new_organizations, &s.organization);
    }
    Ok(())
}

/// What to do with the rows once checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Only show what would happen.
    pub dry_run: bool,
    /// Import the valid rows even though some were rejected.
    pub valid_rows_only: bool,
}

/// Checks a sheet and, unless told otherwise or a row was rejected, imports it in one
/// transaction. `preview.applied` says whether anything was written. Cancelled on `work`,
/// the transaction is rolled back: nothing was imported.
pub fn import_sheet(
    conn: &mut Connection,
    sheet: &Sheet,
    sha256: String,
    today: NaiveDate,
    options: ImportOptions,
    work: &Work,
) -> Result<ImportPreview> {
    let Plan {
        mut preview,
        writes,
    } = plan(conn, sheet, sha256, today, work)?;
    preview.blocked = !preview.rejected.is_empty() && !options.valid_rows_only;
    if options.dry_run || preview.blocked || writes.is_empty() {
        return Ok(preview);
    }
    let tx = conn.transaction()?;
    let total = count(writes.len());
    for (index, (id, supporter)) in writes.iter().enumerate() {
        work.step("Writing the roster", count(index), total)?;
        write(&tx, *id, supporter)?;
    }
    crate::store::audit::record(
        &tx,
        "coordinator",
        "roster imported",
        Some(&format!(
            "{} added, {} updated, {} rejected",
            preview.added.len(),
            preview.updated.len(),
            preview.rejected.len()
        )),
    )?;
    work.step("Writing the roster", total, total)?;
    tx.commit()?;
    preview.applied = true;
    Ok(preview)
}

/// Reads a CSV or XLSX file and imports it as [`import_sheet`] does. When `expected_sha256`
/// is given (the preview's), a file that changed since is refused: import what was shown.
pub fn import_file(
    conn: &mut Connection,
    path: &Path,
    expected_sha256: Option<&str>,
    today: NaiveDate,
    options: ImportOptions,
    work: &Work,
) -> Result<ImportPreview> {
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
    import_sheet(conn, &sheet, sha256, today, options, work)
}

/// For `read_bytes` callers (tests, fuzzing): the same import from bytes in memory.
pub fn import_bytes(
    conn: &mut Connection,
    bytes: &[u8],
    today: NaiveDate,
    options: ImportOptions,
) -> Result<ImportPreview> {
    let sheet = spreadsheet::read_bytes(bytes)?;
    import_sheet(
        conn,
        &sheet,
        hex::encode(Sha256::digest(bytes)),
        today,
        options,
        &Work::none(),
    )
}

/// The header a field is known by, for the import screen's help text.
pub fn recognized_headers() -> Vec<(&'static str, Vec<&'static str>)> {
    SYNONYMS
        .iter()
        .map(|(field, synonyms)| (field.label(), synonyms.to_vec()))
        .collect()
}
