//! Importing the supporters' own outreach reports: the CSV or XLSX export of the web form
//! (Microsoft Forms, REDCap, Google Forms) on which each supporter fills in the outreach
//! template after a contact. One outreach per row, each checked exactly as the outreach form
//! checks it, logged as a stand-alone contact (a request's contacts are logged on its page).
//!
//! - **Columns** are found by their headers (the template's questions and the usual short
//!   forms); the coordinator maps the rest once, and the mapping is remembered in the program's
//!   settings for the next file of the same form. A column that looks like the name of the
//!   person supported is never read: the outreach log holds no such name.
//! - **Values** are matched to the program's lists. A department, role, issue type or resource
//!   the lists do not hold yet is shown as *new*; importing adds it, but only when the
//!   coordinator confirms (`add_new`): a typo is caught in the preview, not in the reports.
//!   Modes and referral sources are the template's fixed categories: a value that is none of
//!   them rejects its row. The supporter is matched on the roster by id or by name.
//! - **All or nothing**, as the request import: one rejected row and nothing is written; the
//!   same file (by SHA-256, in the record the request import keeps) is never imported twice;
//!   a file changed since its preview is refused.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{check::check, write, Kind, OutreachForm};
pub use crate::daily::requests::import::Rejection;
use crate::daily::requests::import::{
    imported_before, imported_on, read_previewed, record_file, rows_rejected,
};
use crate::error::{CoreError, Problem, Result};
use crate::fields::{parse_date, parse_date_time, shorten};
use crate::files::spreadsheet::{self, normalize_header, Sheet};
use crate::program::picklists::{self, List};
use crate::store::settings;
use crate::work::{count, Work};

/// The program setting that remembers how each header was mapped (JSON: normalized header →
/// field name, "" for a column left out).
pub const MAPPING_SETTING: &str = "outreach_import_columns";

/// What a column of the export may fill: the outreach template's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Date,
    Kind,
    Mode,
    ReferredBy,
    Department,
    Role,
    Supporter,
    IssueTypes,
    Resources,
    Comments,
    Outcome,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Date,
        Field::Kind,
        Field::Mode,
        Field::ReferredBy,
        Field::Department,
        Field::Role,
        Field::Supporter,
        Field::IssueTypes,
        Field::Resources,
        Field::Comments,
        Field::Outcome,
    ];

    /// Their names, as the command line's `--map HEADER=FIELD` and the window take them.
    pub const NAMES: [&'static str; 11] = [
        "date",
        "kind",
        "mode",
        "referred-by",
        "department",
        "role",
        "supporter",
        "issue-types",
        "resources",
        "comments",
        "outcome",
    ];

    pub fn as_str(self) -> &'static str {
        Field::NAMES[self as usize]
    }

    /// The template's question, in the coordinator's words.
    pub fn words(self) -> &'static str {
        match self {
            Field::Date => "Date of outreach",
            Field::Kind => "Initial or follow-up",
            Field::Mode => "In person, phone, …",
            Field::ReferredBy => "Referred by",
            Field::Department => "Department",
            Field::Role => "Role",
            Field::Supporter => "Peer supporter",
            Field::IssueTypes => "Type of issue",
            Field::Resources => "Resources offered",
            Field::Comments => "Comments",
            Field::Outcome => "Outcome",
        }
    }

    /// Whether every outreach needs it (the outreach form's required fields).
    pub fn required(self) -> bool {
        !matches!(self, Field::Resources | Field::Comments | Field::Outcome)
    }

    /// A field by its name ("referred-by", "referred_by", any case).
    pub fn from_name(name: &str) -> Option<Field> {
        let wanted = name.trim().to_lowercase().replace(['_', ' '], "-");
        Field::ALL.into_iter().find(|f| f.as_str() == wanted)
    }

    /// Headers (normalized) the template's forms use for the field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "date of outreach",
                "outreach date",
                "date of contact",
                "contact date",
                "date of the outreach",
                "date",
            ],
            Field::Kind => &[
                "initial outreach or a follow up",
                "initial outreach or follow up",
                "initial or follow up",
                "initial or a follow up",
                "outreach type",
                "type of outreach",
                "kind",
            ],
            Field::Mode => &[
                "in person or by phone",
                "in person phone video or text",
                "how was the contact made",
                "contact mode",
                "mode",
                "how",
            ],
            Field::ReferredBy => &[
                "referred by self peer or manager",
                "referred by",
                "referral source",
                "referral",
                "who referred",
            ],
            Field::Department => &[
                "department of person receiving support",
                "department of person receiving support no names",
                "department of the person supported",
                "department",
                "dept",
                "unit",
            ],
            Field::Role => &[
                "role of person receiving support",
                "role of person receiving support no names",
                "role of the person supported",
                "role",
                "job title",
                "profession",
            ],
            Field::Supporter => &[
                "peer supporter",
                "peer supporter name",
                "peer supporter id",
                "supporter",
                "supporter name",
                "supporter id",
                "your name peer supporter",
            ],
            Field::IssueTypes => &[
                "type of issue",
                "issue type",
                "issue types",
                "types of issue",
                "issue",
                "issues",
            ],
            Field::Resources => &[
                "resources offered if any",
                "resources offered",
                "resource offered",
                "resources",
            ],
            Field::Comments => &["comments", "comment", "notes", "note"],
            Field::Outcome => &["outcome", "was it helpful", "how did it go", "rating"],
        }
    }
}

/// How a column's use was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The coordinator chose it for this file.
    Chosen,
    /// Remembered from an earlier file of the same form.
    Remembered,
    /// Guessed from the header.
    Guessed,
    /// Not read.
    Unused,
}

/// One column of the file and what it fills.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ColumnUse {
    pub column: usize,
    pub header: String,
    pub field: Option<Field>,
    pub how: How,
    /// Why a column is left out when the coordinator should know (a name column).
    pub note: Option<String>,
    /// A REDCap checkbox column ("Type of Issue (choice=Burnout)"): the value it stands for
    /// when ticked.
    pub choice: Option<String>,
}

/// A value the program's lists do not hold yet, and on how many rows it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewValue {
    pub list: String,
    pub noun: String,
    pub value: String,
    pub rows: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportedOutreach {
    pub row: usize,
    pub occurred_on: String,
    pub kind: String,
    pub mode: String,
    pub supporter: String,
    pub role: String,
    pub department: String,
    pub issue_types: Vec<String>,
    pub outcome: String,
}

/// A field a column may be mapped to, for the window's choice per column.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChoice {
    pub name: &'static str,
    pub words: &'static str,
    pub required: bool,
}

/// What an import would do (or did).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutreachImport {
    pub file_sha256: String,
    pub rows: usize,
    /// Every field a column may fill, in the template's order.
    pub fields: Vec<FieldChoice>,
    pub columns: Vec<ColumnUse>,
    /// The required fields no column fills, in words: nothing can be imported until mapped.
    pub unmapped: Vec<String>,
    pub accepted: Vec<ImportedOutreach>,
    pub rejected: Vec<Rejection>,
    pub new_values: Vec<NewValue>,
    /// This very file was imported before (on that date): nothing is written again.
    pub already_imported_on: Option<String>,
    /// Whether the store was changed.
    pub applied: bool,
}

impl OutreachImport {
    /// Why nothing was imported, when nothing was: the same file again, a required field no
    /// column fills, rejected rows, or new list values not confirmed.
    pub fn refusal(&self, add_new: bool) -> Result<()> {
        if let Some(on) = &self.already_imported_on {
            return Err(imported_before(on));
        }
        if !self.unmapped.is_empty() {
            return Err(CoreError::invalid(
                "columns",
                Problem::Required,
                format!(
                    "no column holds {}: map one (in the window, or with --map \"HEADER=FIELD\")",
                    self.unmapped.join(", ")
                ),
            ));
        }
        if !self.rejected.is_empty() {
            return Err(rows_rejected(self.rejected.len(), self.rows));
        }
        if !self.new_values.is_empty() && !add_new {
            return Err(CoreError::invalid(
                "new_values",
                Problem::NotAllowed,
                format!(
                    "{} new {} would be added to the program's lists: confirm with --add-new, or correct the file",
                    self.new_values.len(),
                    if self.new_values.len() == 1 { "value" } else { "values" }
                ),
            ));
        }
        Ok(())
    }
}

/// Whether a header looks like the name of the person supported (and not the supporter's).
fn looks_like_a_name(normalized: &str) -> bool {
    let words: Vec<&str> = normalized.split(' ').collect();
    let supporter = words.iter().any(|w| w.starts_with("supporter"));
    let named = words.contains(&"name") || words.contains(&"names") || words.contains(&"surname");
    let person = ["person supported", "staff member", "colleague", "employee"]
        .iter()
        .any(|p| normalized.contains(p))
        && !normalized.contains("department")
        && !normalized.contains("role");
    !supporter && !normalized.contains("no names") && (named || person)
}

/// "Type of Issue (choice=Burnout)" → ("Type of Issue", "Burnout").
fn checkbox(header: &str) -> Option<(&str, &str)> {
    let (question, rest) = header.split_once("(choice=")?;
    let choice = rest.trim_end().strip_suffix(')')?.trim();
    (!choice.is_empty()).then_some((question.trim(), choice))
}

/// The mapping remembered from earlier files.
pub fn remembered(conn: &Connection) -> Result<BTreeMap<String, String>> {
    Ok(settings::get(conn, MAPPING_SETTING)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Decides what each column fills: the coordinator's choice for this file (by header, a
/// field name or "" to leave it out), else the remembered mapping, else a guess.
pub fn plan(
    sheet: &Sheet,
    chosen: &BTreeMap<String, String>,
    remembered: &BTreeMap<String, String>,
) -> Result<Vec<ColumnUse>> {
    let chosen: BTreeMap<String, &String> = chosen
        .iter()
        .map(|(h, f)| (normalize_header(h), f))
        .collect();
    let mut columns = Vec::new();
    for (column, header) in sheet.headers.iter().enumerate() {
        let normalized = normalize_header(header);
        let (question, choice) = match checkbox(header) {
            Some((question, choice)) => (normalize_header(question), Some(choice.to_string())),
            None => (normalized.clone(), None),
        };
        let named = |text: &str| -> Result<Option<Field>> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            Field::from_name(text).map(Some).ok_or_else(|| {
                CoreError::invalid(
                    "columns",
                    Problem::Unknown,
                    format!(
                        "\"{}\" is not a field of the outreach: use {}",
                        shorten(text),
                        Field::NAMES.join(", ")
                    ),
                )
            })
        };
        let (field, how) = if let Some(text) = chosen.get(&normalized) {
            (named(text)?, How::Chosen)
        } else if let Some(text) = remembered.get(&normalized) {
            (named(text).unwrap_or(None), How::Remembered)
        } else if looks_like_a_name(&normalized) {
            (None, How::Unused)
        } else {
            let guess = Field::ALL
                .into_iter()
                .find(|f| f.synonyms().contains(&question.as_str()));
            (guess, How::Guessed)
        };
        let how = if field.is_none() { How::Unused } else { how };
        let note = (field.is_none() && looks_like_a_name(&normalized)).then(|| {
            "looks like a person's name: not imported (the outreach log holds no names)".to_string()
        });
        columns.push(ColumnUse {
            column,
            header: header.clone(),
            field,
            how,
            note,
            choice,
        });
    }
    // A guess never takes a field a column already fills by choice or memory, nor one an
    // earlier guess took (the first "Date" wins).
    let mut taken: Vec<Field> = Vec::new();
    for how in [How::Chosen, How::Remembered, How::Guessed] {
        for column in columns.iter_mut().filter(|c| c.how == how) {
            let Some(field) = column.field else { continue };
            let several = column.choice.is_some()
                || matches!(
                    field,
                    Field::IssueTypes | Field::Resources | Field::Comments
                );
            if how == How::Guessed && taken.contains(&field) && !several {
                column.field = None;
                column.how = How::Unused;
            } else {
                taken.push(field);
            }
        }
    }
    Ok(columns)
}

fn truthy(cell: &str) -> bool {
    matches!(
        cell.trim().to_lowercase().as_str(),
        "checked" | "yes" | "y" | "1" | "x" | "true"
    )
}

/// The values of a multi-value field in one row: each column's cell split at semicolons,
/// line breaks and commas (a whole cell that is an entry stays whole), or a ticked
/// checkbox column's choice.
fn values_of(
    conn: &Connection,
    list: List,
    sheet: &Sheet,
    row: &spreadsheet::Row,
    columns: &[&ColumnUse],
) -> Result<Vec<String>> {
    let mut values = Vec::new();
    for column in columns {
        let cell = sheet.cell(row, Some(column.column));
        if let Some(choice) = &column.choice {
            if truthy(cell) {
                values.push(choice.clone());
            }
            continue;
        }
        if cell.is_empty() {
            continue;
        }
        if picklists::find(conn, list, cell)?.is_some() {
            values.push(cell.to_string());
            continue;
        }
        let split_at: &[char] = if cell.contains([';', '\n']) {
            &[';', '\n']
        } else {
            &[',']
        };
        values.extend(
            cell.split(split_at)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
        );
    }
    Ok(values)
}

/// "Initial Outreach", "Follow-up call" → the kind's name; anything else as typed (the check
/// says what to write).
fn kind_of(cell: &str) -> String {
    let lower = cell.to_lowercase();
    if lower.contains("follow") {
        Kind::FollowUp.as_str().into()
    } else if lower.contains("initial") || lower.contains("first") {
        Kind::Initial.as_str().into()
    } else {
        cell.to_string()
    }
}

/// "By phone" → "phone"; "Referred by a peer" → "peer".
fn choice_of(cell: &str) -> String {
    let mut text = cell.trim().to_lowercase();
    for prefix in ["referred by ", "by ", "a ", "the ", "my "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_string();
        }
    }
    text
}

/// A date as the form takes it: ISO or US, or a web form's date and time (the day is kept).
fn date_of(cell: &str) -> String {
    if parse_date(cell).is_ok() {
        return cell.to_string();
    }
    parse_date_time(cell)
        .map(|at| at.date().to_string())
        .unwrap_or_else(|_| cell.to_string())
}

/// The supporter on the roster: "12", "#12" or a name (any case and spacing).
fn supporter_of(
    roster: &[(i64, String)],
    cell: &str,
) -> std::result::Result<(i64, String), String> {
    let text = cell.trim();
    if text.is_empty() {
        return Err("the peer supporter is missing".into());
    }
    if let Ok(id) = text.trim_start_matches('#').parse::<i64>() {
        return roster
            .iter()
            .find(|(i, _)| *i == id)
            .cloned()
            .ok_or_else(|| format!("there is no supporter #{id} on the roster"));
    }
    let wanted = normalize_header(text);
    let found: Vec<&(i64, String)> = roster
        .iter()
        .filter(|(_, name)| normalize_header(name) == wanted)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!(
            "\"{}\" is not a supporter on the roster: write the name as the roster has it, or the supporter's id",
            shorten(text)
        )),
        _ => Err(format!(
            "{} supporters are named \"{}\": write the supporter's id instead",
            found.len(),
            shorten(text)
        )),
    }
}

/// A text that a spreadsheet could take for a formula: never added to a list.
fn formula_like(value: &str) -> bool {
    value.trim_start().starts_with(['=', '+', '-', '@'])
}

/// Checks every row with the columns as `chosen` (by header) or remembered, and, when
/// nothing stands in the way and `apply` is set, imports them in one transaction, adding
/// the new list values when `add_new` confirms them, and remembers the mapping. Cancelled on
/// `work`, the transaction is rolled back: nothing was imported.
#[allow(clippy::too_many_arguments)]
pub fn import_sheet(
    conn: &Connection,
    sheet: &Sheet,
    sha256: String,
    chosen: &BTreeMap<String, String>,
    now: NaiveDateTime,
    apply: bool,
    add_new: bool,
    work: &Work,
) -> Result<OutreachImport> {
    let columns = plan(sheet, chosen, &remembered(conn)?)?;
    let filling = |field: Field| -> Vec<&ColumnUse> {
        columns.iter().filter(|c| c.field == Some(field)).collect()
    };
    let unmapped: Vec<String> = Field::ALL
        .into_iter()
        .filter(|f| f.required() && filling(*f).is_empty())
        .map(|f| format!("“{}”", f.words()))
        .collect();
    let mut report = OutreachImport {
        file_sha256: sha256,
        rows: sheet.rows.len(),
        fields: Field::ALL
            .into_iter()
            .map(|f| FieldChoice {
                name: f.as_str(),
                words: f.words(),
                required: f.required(),
            })
            .collect(),
        columns: columns.clone(),
        unmapped,
        accepted: Vec::new(),
        rejected: Vec::new(),
        new_values: Vec::new(),
        already_imported_on: None,
        applied: false,
    };
    report.already_imported_on = imported_on(conn, &report.file_sha256)?;
    if !report.unmapped.is_empty() {
        return Ok(report);
    }
    let roster: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM supporters ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let first = |field: Field, row: &spreadsheet::Row| -> String {
        filling(field)
            .iter()
            .map(|c| sheet.cell(row, Some(c.column)))
            .find(|c| !c.is_empty())
            .unwrap_or("")
            .to_string()
    };
    // New values are added inside the transaction, so that the outreach form's own check
    // accepts them; a preview (or a refusal) rolls them back.
    let tx = conn.unchecked_transaction()?;
    let mut checked = Vec::new();
    let total = count(sheet.rows.len());
    for (index, row) in sheet.rows.iter().enumerate() {
        work.step("Checking the rows", count(index), total)?;
        let mut reasons = Vec::new();
        let supporter = match supporter_of(&roster, &first(Field::Supporter, row)) {
            Ok(found) => Some(found),
            Err(reason) => {
                reasons.push(format!("supporter: {reason}"));
                None
            }
        };
        let comments = filling(Field::Comments)
            .iter()
            .map(|c| sheet.cell(row, Some(c.column)))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let form = OutreachForm {
            occurred_on: date_of(&first(Field::Date, row)),
            kind: kind_of(&first(Field::Kind, row)),
            mode: choice_of(&first(Field::Mode, row)),
            referred_by: choice_of(&first(Field::ReferredBy, row)),
            department: first(Field::Department, row),
            role: first(Field::Role, row),
            supporter_id: supporter.as_ref().map(|(id, _)| *id),
            issue_types: values_of(
                &tx,
                List::IssueTypes,
                sheet,
                row,
                &filling(Field::IssueTypes),
            )?,
            resources: values_of(&tx, List::Resources, sheet, row, &filling(Field::Resources))?,
            comments,
            outcome: first(Field::Outcome, row),
            request_id: None,
        };
        let listed = [
            (List::Departments, vec![form.department.clone()]),
            (List::Roles, vec![form.role.clone()]),
            (List::IssueTypes, form.issue_types.clone()),
            (List::Resources, form.resources.clone()),
        ];
        for (list, values) in listed {
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                if let Some(known) = report
                    .new_values
                    .iter_mut()
                    .find(|n| n.list == list.as_str() && n.value.eq_ignore_ascii_case(value.trim()))
                {
                    known.rows += 1;
                    continue;
                }
                if picklists::find(&tx, list, value)?.is_some() {
                    continue;
                }
                if formula_like(value) {
                    reasons.push(format!(
                        "{}: \"{}\" looks like a spreadsheet formula, not a {}",
                        list.noun(),
                        shorten(value),
                        list.noun()
                    ));
                    continue;
                }
                match picklists::add(&tx, list, value, None) {
                    Ok(_) => report.new_values.push(NewValue {
                        list: list.as_str().into(),
                        noun: list.noun().into(),
                        value: value.trim().to_string(),
                        rows: 1,
                    }),
                    Err(CoreError::Invalid(error)) => {
                        reasons.push(format!("{}: {}", list.noun(), error.message));
                    }
                    Err(other) => return Err(other),
                }
            }
        }
        match check(&tx, &form, now.date(), None) {
            Ok(outreach) if reasons.is_empty() => {
                report.accepted.push(ImportedOutreach {
                    row: row.number,
                    occurred_on: outreach.occurred_on.to_string(),
                    kind: outreach.kind.as_str().into(),
                    mode: outreach.mode.clone(),
                    supporter: supporter.map(|(_, name)| name).unwrap_or_default(),
                    role: form.role.clone(),
                    department: form.department.clone(),
                    issue_types: form.issue_types.clone(),
                    outcome: outreach
                        .outcome
                        .map(|o| o.as_str().to_string())
                        .unwrap_or_default(),
                });
                checked.push(outreach);
            }
            Ok(_) => {}
            Err(CoreError::Fields(errors)) => {
                // The supporter's own reason says more than the form's "choose the supporter".
                let supporter_said = supporter.is_none();
                reasons.extend(
                    errors
                        .0
                        .iter()
                        .filter(|e| !(supporter_said && e.field.as_deref() == Some("supporter_id")))
                        .map(|e| match &e.field {
                            Some(field) => format!("{}: {}", field.replace('_', " "), e.message),
                            None => e.message.clone(),
                        }),
                );
            }
            Err(other) => return Err(other),
        }
        if !reasons.is_empty() {
            report.rejected.push(Rejection {
                row: row.number,
                reason: reasons.join("; "),
            });
        }
    }
    if !apply || checked.is_empty() || report.refusal(add_new).is_err() {
        return Ok(report); // the transaction rolls back as it drops
    }
    let written = count(checked.len());
    for (index, outreach) in checked.iter().enumerate() {
        work.step("Writing the outreaches", count(index), written)?;
        write(&tx, None, None, outreach)?;
    }
    record_file(&tx, &report.file_sha256, now, checked.len())?;
    let mut memory = remembered(&tx)?;
    for column in &report.columns {
        let key = normalize_header(&column.header);
        if key.is_empty() {
            continue;
        }
        memory.insert(
            key,
            column.field.map(Field::as_str).unwrap_or("").to_string(),
        );
    }
    let json = serde_json::to_string(&memory)
        .map_err(|e| CoreError::Internal(format!("the column mapping: {e}")))?;
    settings::set(&tx, MAPPING_SETTING, &json)?;
    let added = report.new_values.len();
    crate::store::audit::record(
        &tx,
        "coordinator",
        "outreaches imported",
        Some(&format!(
            "{} outreaches from the supporters' reports; {added} new list values",
            checked.len()
        )),
    )?;
    work.step("Writing the outreaches", written, written)?;
    tx.commit()?;
    report.applied = true;
    Ok(report)
}

/// Reads a CSV or XLSX file and imports it as [`import_sheet`] does. When `expected_sha256`
/// is given (the preview's), a file that changed since is refused.
#[allow(clippy::too_many_arguments)]
pub fn import_file(
    conn: &Connection,
    path: &Path,
    expected_sha256: Option<&str>,
    chosen: &BTreeMap<String, String>,
    now: NaiveDateTime,
    apply: bool,
    add_new: bool,
    work: &Work,
) -> Result<OutreachImport> {
    let (sheet, sha256) = read_previewed(path, expected_sha256, work)?;
    import_sheet(conn, &sheet, sha256, chosen, now, apply, add_new, work)
}

/// The same import from bytes in memory (tests).
pub fn import_bytes(
    conn: &Connection,
    bytes: &[u8],
    chosen: &BTreeMap<String, String>,
    now: NaiveDateTime,
    apply: bool,
    add_new: bool,
) -> Result<OutreachImport> {
    let sheet = spreadsheet::read_bytes(bytes)?;
    import_sheet(
        conn,
        &sheet,
        hex::encode(Sha256::digest(bytes)),
        chosen,
        now,
        apply,
        add_new,
        &Work::none(),
    )
}

#[cfg(test)]
mod tests;
