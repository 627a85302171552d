//! The de-identified outreach export: what may leave the program for a committee.
//!
//! One row per outreach with the period (month, or coarser), initial/follow-up, mode,
//! referral source, department, role, issue types and resources offered. Never a name, phone,
//! email, note, comment, supporter, request number or exact date: those columns do not exist.
//!
//! k-anonymity on (department, role, period), k = the small-number threshold: a row whose group
//! is smaller than k is generalized one step at a time — month → quarter → year, department →
//! "Other department", role → its role family — and groups are formed again, until every group
//! holds at least k rows; a row still in a smaller group at the last step is suppressed.
//!
//! The data is one rectangular table — a header row and one row per outreach, nothing else —
//! so that pandas, R or a pivot table read it as it is. The summary of what was generalized
//! and suppressed goes beside it: an XLSX's second sheet, "Summary"; for a CSV a text file,
//! `NAME.summary.txt` next to `NAME.csv` unless the caller names another place
//! ([`ExportFiles`]). The summary also holds the report's aggregates for the same period, as
//! the committee report words them (`reports::figures`): the committee's questions and group
//! support, suppressed like every count that leaves the screen. Every cell that a spreadsheet could take for a formula is made inert, in
//! the summary too. Each export is written to the audit log (period, format, row count), never
//! its content.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields;
use crate::files::disk::{NewFile, Publish};
use crate::files::documents::DocumentKind;
use crate::files::output::inert;
use crate::program::outreach_choices::{self, ChoiceList};
use crate::reporting::reports::figures::{self, Figure};
use crate::reporting::reports::{self, ReportQuery};
use crate::store::rows::optional_text;
use crate::work::Work;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// Their names, as the command line takes them.
    pub const NAMES: [&'static str; 2] = ["csv", "xlsx"];

    /// The format asked for, else the one the file's extension says, else CSV.
    pub fn for_file(asked: Option<&str>, path: &Path) -> Result<Format> {
        match asked {
            Some(name) => Format::parse(name),
            None if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
            {
                Ok(Format::Xlsx)
            }
            None => Ok(Format::Csv),
        }
    }

    /// The kind of document the export is, for where it may be written.
    pub fn document_kind(self) -> DocumentKind {
        match self {
            Format::Csv => DocumentKind::Csv,
            Format::Xlsx => DocumentKind::Xlsx,
        }
    }

    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(CoreError::invalid(
                "format",
                Problem::Unknown,
                format!(
                    "\"{}\" is not an export format: csv or xlsx",
                    crate::fields::shorten(other)
                ),
            )),
        }
    }
}

/// What a department is generalized to (and a row without one is published as).
const OTHER_DEPARTMENT: &str = "Other department";

/// An outreach as the export sees it before generalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub occurred_on: NaiveDate,
    /// "Initial" or "Follow-up".
    pub kind: &'static str,
    pub mode: String,
    pub referral: String,
    pub department: String,
    pub role: String,
    pub role_family: String,
    pub issue_types: String,
    pub resources: String,
}

/// A row as published: period, kind, mode, referral, department, role, issue types and
/// resources, borrowed from its `SourceRow` where generalization left them alone; `None` for
/// a suppressed row.
pub type Published<'a> = Option<[Cow<'a, str>; 8]>;

/// How far a row was generalized to join a group of at least k.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Month,
    Quarter,
    Year,
    OtherDepartment,
    RoleFamily,
    Suppressed,
}

impl Level {
    fn next(self) -> Level {
        match self {
            Level::Month => Level::Quarter,
            Level::Quarter => Level::Year,
            Level::Year => Level::OtherDepartment,
            Level::OtherDepartment => Level::RoleFamily,
            Level::RoleFamily | Level::Suppressed => Level::Suppressed,
        }
    }
}

/// The columns of the export, in order.
pub const HEADERS: [&str; 8] = [
    "Period",
    "Initial or follow-up",
    "Mode",
    "Referred by",
    "Department",
    "Role",
    "Issue types",
    "Resources offered",
];

/// What was generalized and suppressed.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ExportSummary {
    pub from: String,
    pub to: String,
    pub k: i64,
    pub outreaches: usize,
    pub rows_exported: usize,
    pub month_to_quarter: usize,
    pub quarter_to_year: usize,
    pub department_generalized: usize,
    pub role_generalized: usize,
    pub suppressed: usize,
    /// The report's aggregates for the period: the committee's questions, then group support.
    pub figures: Vec<Figure>,
}

/// The period a row is published under at a level: its month, quarter or year.
fn period(date: NaiveDate, level: Level) -> String {
    match level {
        Level::Month => date.format("%Y-%m").to_string(),
        Level::Quarter => format!("{}-Q{}", date.year(), (date.month0() / 3) + 1),
        _ => date.year().to_string(),
    }
}

/// The (department, role, period) group of a row at a level, as numbers: the department and
/// role as their place among the rows' distinct names (`Names`), the period as its kind
/// (month, quarter, year) and the months, quarters or years counted from year 0. Grouping 200,000 rows several times over on these
/// instead of on three new strings per row per round is what brought the export under its
/// budget (docs/performance.md).
type Group = (u32, u32, u8, i64);

/// The distinct names of the rows' departments, roles and role families, numbered.
#[derive(Default)]
struct Names(HashMap<String, u32>);

impl Names {
    fn number(&mut self, name: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(name.to_string()).or_insert(next)
    }
}

/// A row's names as numbers, computed once.
struct Numbered {
    department: u32,
    role: u32,
    role_family: u32,
}

fn group(row: &SourceRow, numbered: &Numbered, other_department: u32, level: Level) -> Group {
    let date = row.occurred_on;
    let year = i64::from(date.year());
    let period = match level {
        Level::Month => (0, year * 12 + i64::from(date.month0())),
        Level::Quarter => (1, year * 4 + i64::from(date.month0() / 3)),
        _ => (2, year),
    };
    let department = if level >= Level::OtherDepartment {
        other_department
    } else {
        numbered.department
    };
    let role = if level >= Level::RoleFamily {
        numbered.role_family
    } else {
        numbered.role
    };
    (department, role, period.0, period.1)
}

/// Generalizes rows until every group holds at least `k`; returns each row's published cells
/// (None: suppressed) and the summary counts.
pub fn anonymize(rows: &[SourceRow], k: i64) -> (Vec<Published<'_>>, ExportSummary) {
    let k = usize::try_from(k.max(1)).unwrap_or(1);
    let mut names = Names::default();
    let other_department = names.number(OTHER_DEPARTMENT);
    let numbered: Vec<Numbered> = rows
        .iter()
        .map(|row| Numbered {
            department: names.number(&row.department),
            // A role and a role family of the same name are the same group, as before.
            role: names.number(&row.role),
            role_family: names.number(&row.role_family),
        })
        .collect();
    let mut levels = vec![Level::Month; rows.len()];
    loop {
        let mut groups: HashMap<Group, usize> = HashMap::new();
        let keys: Vec<Option<Group>> = rows
            .iter()
            .zip(&numbered)
            .zip(&levels)
            .map(|((row, numbers), level)| {
                (*level != Level::Suppressed).then(|| group(row, numbers, other_department, *level))
            })
            .collect();
        for key in keys.iter().flatten() {
            *groups.entry(*key).or_default() += 1;
        }
        let mut changed = false;
        for (key, level) in keys.iter().zip(levels.iter_mut()) {
            if let Some(key) = key {
                if groups[key] < k {
                    *level = level.next();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut summary = ExportSummary {
        k: k as i64,
        outreaches: rows.len(),
        ..ExportSummary::default()
    };
    let published = rows
        .iter()
        .zip(&levels)
        .map(|(row, level)| {
            if *level >= Level::Quarter {
                summary.month_to_quarter += 1;
            }
            if *level >= Level::Year {
                summary.quarter_to_year += 1;
            }
            if *level >= Level::OtherDepartment {
                summary.department_generalized += 1;
            }
            if *level >= Level::RoleFamily {
                summary.role_generalized += 1;
            }
            if *level == Level::Suppressed {
                summary.suppressed += 1;
                return None;
            }
            let department = if *level >= Level::OtherDepartment {
                OTHER_DEPARTMENT
            } else {
                &row.department
            };
            let role = if *level >= Level::RoleFamily {
                &row.role_family
            } else {
                &row.role
            };
            Some([
                Cow::Owned(period(row.occurred_on, *level)),
                Cow::Borrowed(row.kind),
                Cow::Borrowed(&row.mode),
                Cow::Borrowed(&row.referral),
                Cow::Borrowed(department),
                Cow::Borrowed(role),
                Cow::Borrowed(&row.issue_types),
                Cow::Borrowed(&row.resources),
            ])
        })
        .collect::<Vec<_>>();
    summary.rows_exported = rows.len() - summary.suppressed;
    (published, summary)
}

/// The export's one query: every outreach from ?1 to ?2 (days, inclusive) with its names,
/// issue types and resources. Public so that `scripts/bench` times the very same query
/// through the plain sqlite3 shell (its floor).
pub const SOURCE_QUERY: &str =
    "SELECT x.occurred_on, x.kind, x.mode, x.referred_by, d.value, r.value, r.family,
            (SELECT group_concat(value, '; ') FROM (SELECT e.value FROM outreach_issue_types t
               JOIN picklist_entries e ON e.id = t.entry_id WHERE t.outreach_id = x.id ORDER BY e.position, e.value)),
            (SELECT group_concat(value, '; ') FROM (SELECT e.value FROM outreach_resources t
               JOIN picklist_entries e ON e.id = t.entry_id WHERE t.outreach_id = x.id ORDER BY e.position, e.value))
     FROM report_outreaches x
     LEFT JOIN picklist_entries d ON d.id = x.department_id
     LEFT JOIN picklist_entries r ON r.id = x.role_id
     WHERE x.occurred_on BETWEEN ?1 AND ?2
     ORDER BY x.occurred_on, x.id";

/// The outreaches of the period, as the export may show them.
pub fn source_rows(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<SourceRow>> {
    let modes: HashMap<String, String> = outreach_choices::choices(conn, ChoiceList::Modes)?
        .into_iter()
        .map(|c| (c.code, c.label))
        .collect();
    let referrals: HashMap<String, String> =
        outreach_choices::choices(conn, ChoiceList::ReferralSources)?
            .into_iter()
            .map(|c| (c.code, c.label))
            .collect();
    let mut statement = conn.prepare(SOURCE_QUERY)?;
    let mut rows = statement.query(params![from.to_string(), to.to_string()])?;
    // Read in place: only what the row keeps is copied (200,000 rows in the `large` store).
    let text = |row: &rusqlite::Row<'_>, i: usize| -> Result<String> {
        Ok(optional_text(row, i)?.unwrap_or_default().to_string())
    };
    let label = |labels: &HashMap<String, String>, row: &rusqlite::Row<'_>, i: usize| {
        let code = optional_text(row, i)?.unwrap_or_default();
        Ok::<_, CoreError>(
            labels
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_string()),
        )
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(occurred_on) = optional_text(row, 0)?.and_then(fields::iso_day) else {
            continue;
        };
        let (department, family) = (text(row, 4)?, text(row, 6)?);
        out.push(SourceRow {
            occurred_on,
            kind: if optional_text(row, 1)? == Some("initial") {
                "Initial"
            } else {
                "Follow-up"
            },
            mode: label(&modes, row, 2)?,
            referral: label(&referrals, row, 3)?,
            department: if department.is_empty() {
                OTHER_DEPARTMENT.into()
            } else {
                department
            },
            role_family: if family.is_empty() {
                "Other role".into()
            } else {
                family
            },
            role: text(row, 5)?,
            issue_types: text(row, 7)?,
            resources: text(row, 8)?,
        });
    }
    Ok(out)
}

/// A value of the summary: words, or a count (a number in the XLSX's sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fact {
    Text(String),
    Count(usize),
}

impl Fact {
    fn text(&self) -> String {
        match self {
            Fact::Text(text) => inert(text).into_owned(),
            Fact::Count(count) => count.to_string(),
        }
    }
}

/// What the summary says, line by line: a label and its value.
fn summary_lines(summary: &ExportSummary) -> Vec<(&'static str, Fact)> {
    vec![
        (
            "Period",
            Fact::Text(format!("{} to {}", summary.from, summary.to)),
        ),
        ("Outreaches in the period", Fact::Count(summary.outreaches)),
        ("Rows exported", Fact::Count(summary.rows_exported)),
        (
            "k (smallest group of department, role and period)",
            Fact::Count(usize::try_from(summary.k).unwrap_or(0)),
        ),
        (
            "Rows with the month generalized to the quarter",
            Fact::Count(summary.month_to_quarter),
        ),
        (
            "Rows with the quarter generalized to the year",
            Fact::Count(summary.quarter_to_year),
        ),
        (
            "Rows with the department generalized to \"Other department\"",
            Fact::Count(summary.department_generalized),
        ),
        (
            "Rows with the role generalized to its family",
            Fact::Count(summary.role_generalized),
        ),
        (
            "Rows suppressed (their group stayed smaller than k)",
            Fact::Count(summary.suppressed),
        ),
        (
            "Never included",
            Fact::Text(
                "names, phones, emails, notes, comments, supporters, request numbers, exact dates"
                    .into(),
            ),
        ),
    ]
}

/// A figure of the report as one summary value: the value, and its note in brackets.
fn figure_text(figure: &Figure) -> String {
    match &figure.note {
        Some(note) => format!("{} ({note})", figure.value),
        None => figure.value.clone(),
    }
}

/// The first line of the summary file.
const SUMMARY_TITLE: &str = "PeerDesk de-identified outreach export: summary";

/// The summary file of the export written to `data_file`: UTF-8 text, one `label: value` line
/// each, CRLF so that every editor shows the lines. Every value is made inert, like a cell.
pub fn summary_text(summary: &ExportSummary, data_file: &Path) -> Vec<u8> {
    let name = data_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut lines = vec![
        SUMMARY_TITLE.to_string(),
        format!(
            "Data file: {} (a header row, then one row per outreach: nothing else)",
            inert(&name)
        ),
    ];
    lines.extend(
        summary_lines(summary)
            .into_iter()
            .map(|(label, fact)| format!("{label}: {}", fact.text())),
    );
    lines.extend(
        summary
            .figures
            .iter()
            .map(|figure| format!("{}: {}", figure.label, inert(&figure_text(figure)))),
    );
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    text.into_bytes()
}

/// CSV as RFC 4180 (CRLF, quoted where needed), UTF-8 with a BOM so that Excel reads it: the
/// header row and one row per exported outreach, every row as wide as the header.
pub fn to_csv(rows: &[Published<'_>]) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    // Written into memory: a failure is the shape of what was written, not a file's.
    let failed = |e: csv::Error| CoreError::Internal(format!("the CSV could not be written: {e}"));
    writer.write_record(HEADERS).map_err(failed)?;
    for row in rows.iter().flatten() {
        // Field by field: an inert cell is most often the row's own text, not a copy.
        for cell in row {
            writer.write_field(inert(cell).as_bytes()).map_err(failed)?;
        }
        writer
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| CoreError::Internal(format!("the CSV could not be written: {e}")))
}

/// The name of the XLSX's second sheet.
pub const SUMMARY_SHEET: &str = "Summary";

/// XLSX with the rows as text cells (never formulas) on the first sheet, "Outreaches", and the
/// summary on the second, "Summary" (a label column and a value column, counts as numbers).
pub fn to_xlsx(rows: &[Published<'_>], summary: &ExportSummary) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| {
        CoreError::Internal(format!("the XLSX could not be written: {e}"))
    };
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Outreaches").map_err(failed)?;
    for (col, header) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *header, &bold)
            .map_err(failed)?;
    }
    for (row_number, row) in (1u32..).zip(rows.iter().flatten()) {
        for (col, cell) in row.iter().enumerate() {
            sheet
                .write_string(row_number, col as u16, inert(cell).as_ref())
                .map_err(failed)?;
        }
    }
    sheet.set_column_width(0, 12).map_err(failed)?;
    for col in 1..HEADERS.len() as u16 {
        sheet.set_column_width(col, 24).map_err(failed)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY_SHEET).map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, "Item", &bold)
        .map_err(failed)?;
    sheet
        .write_string_with_format(0, 1, "Value", &bold)
        .map_err(failed)?;
    for (row, (label, fact)) in (1u32..).zip(summary_lines(summary)) {
        sheet
            .write_string(row, 0, inert(label).as_ref())
            .map_err(failed)?;
        match fact {
            Fact::Count(count) => sheet.write_number(row, 1, count as f64),
            Fact::Text(_) => sheet.write_string(row, 1, fact.text()),
        }
        .map_err(failed)?;
    }
    let after = 1 + summary_lines(summary).len() as u32;
    for (row, figure) in (after..).zip(&summary.figures) {
        sheet
            .write_string(row, 0, inert(figure.label).as_ref())
            .map_err(failed)?;
        sheet
            .write_string(row, 1, inert(&figure.value).as_ref())
            .map_err(failed)?;
        if let Some(note) = &figure.note {
            sheet
                .write_string(row, 2, inert(note).as_ref())
                .map_err(failed)?;
        }
    }
    sheet.set_column_width(0, 56).map_err(failed)?;
    sheet.set_column_width(1, 28).map_err(failed)?;
    sheet.set_column_width(2, 80).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

/// Where an export goes: the data file and, when there is one, its summary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFiles {
    pub data: PathBuf,
    pub summary: Option<PathBuf>,
}

impl ExportFiles {
    /// The files of an export in `format` to `data`: the summary goes to `summary` when given;
    /// else a CSV's goes beside it (`NAME.summary.txt` for `NAME.csv`) and an XLSX keeps it in
    /// its "Summary" sheet only. The summary never takes the data file's place.
    pub fn new(data: &Path, format: Format, summary: Option<&Path>) -> Result<ExportFiles> {
        let summary = match (summary, format) {
            (Some(asked), _) => Some(asked.to_path_buf()),
            (None, Format::Csv) => Some(summary_beside(data)),
            (None, Format::Xlsx) => None,
        };
        if summary.as_deref().is_some_and(|s| same_file(s, data)) {
            return Err(CoreError::invalid(
                "summary",
                Problem::NotAllowed,
                format!(
                    "the summary cannot go to {}, where the export itself goes: name another file",
                    data.display()
                ),
            ));
        }
        Ok(ExportFiles {
            data: data.to_path_buf(),
            summary,
        })
    }

    /// Writes the export's bytes and its summary, each whole or not at all (files::disk): both
    /// are written and flushed under hidden temporary names first, then the summary takes its
    /// name, then the data file. Should the data file's rename fail, the summary is removed
    /// again, so that no summary describes a file that is not there.
    pub fn write(&self, bytes: &[u8], summary: &ExportSummary) -> Result<()> {
        let mut data = NewFile::create(&self.data)?;
        data.write_all(bytes)?;
        let Some(summary_path) = &self.summary else {
            return data.publish(Publish::Replace);
        };
        let mut side = NewFile::create(summary_path)?;
        side.write_all(&summary_text(summary, &self.data))?;
        side.publish(Publish::Replace)?;
        data.publish(Publish::Replace).inspect_err(|_| {
            let _ = std::fs::remove_file(summary_path);
        })
    }
}

/// `NAME.summary.txt` in the folder of `NAME.csv`.
pub fn summary_beside(data: &Path) -> PathBuf {
    let mut name = data.file_stem().unwrap_or_default().to_os_string();
    name.push(".summary.txt");
    data.with_file_name(name)
}

/// Whether two paths name one file: the same path, or the same name in the same folder once
/// links are resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    let resolved = |p: &Path| -> Option<PathBuf> {
        let folder = match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(folder.join(p.file_name()?))
    };
    matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// Builds the de-identified export of a period in `format`; returns the bytes and the summary.
pub fn outreach_export(
    conn: &Connection,
    query: &ReportQuery,
    format: Format,
    today: NaiveDate,
) -> Result<(Vec<u8>, ExportSummary)> {
    outreach_export_on(conn, query, format, today, &Work::none())
}

/// [`outreach_export`], saying on `work` which of its three stages it is in and stopping
/// between them when cancelled (it writes nothing itself).
pub fn outreach_export_on(
    conn: &Connection,
    query: &ReportQuery,
    format: Format,
    today: NaiveDate,
    work: &Work,
) -> Result<(Vec<u8>, ExportSummary)> {
    export_with(conn, None, query, format, today, work)
}

/// [`outreach_export_on`] on two cores from its start: the report's figures for the summary
/// are counted on `helper` while `conn` reads the rows and groups them. Both connections
/// must read one snapshot of the store (`store::session::ReadSource::open_two`).
pub fn outreach_export_on_two(
    conn: &Connection,
    helper: Connection,
    query: &ReportQuery,
    format: Format,
    today: NaiveDate,
    work: &Work,
) -> Result<(Vec<u8>, ExportSummary)> {
    export_with(conn, Some(helper), query, format, today, work)
}

/// The export, with its summary's figures counted beside the rows' work: from the start on
/// `helper` when there is one, else on `conn` once the rows are read, while they are
/// grouped. One after the other, the figures took the CSV export of the whole history of the
/// `large` store over its budget (docs/performance.md).
fn export_with(
    conn: &Connection,
    helper: Option<Connection>,
    query: &ReportQuery,
    format: Format,
    today: NaiveDate,
    work: &Work,
) -> Result<(Vec<u8>, ExportSummary)> {
    const STAGES: u64 = 3;
    let (from, to) = reports::period(query, today)?;
    let k = reports::threshold(conn)?;
    // The figures of the export's period, suppressed as for anything that leaves the screen.
    let period = ReportQuery {
        from: from.to_string(),
        to: to.to_string(),
        organization_id: None,
        coordinator_view: false,
    };
    let period = &period;
    let stopped = |what: &str| CoreError::Internal(format!("{what} stopped unexpectedly"));
    std::thread::scope(|figures_thread| {
        let early = helper
            .map(|helper| figures_thread.spawn(move || reports::build(&helper, period, today)));
        work.step("Reading the outreaches", 0, STAGES)?;
        let rows = source_rows(conn, from, to)?;
        work.step("Grouping them so no one stands out", 1, STAGES)?;
        let (grouped, report) = std::thread::scope(|grouping_thread| {
            let grouping = grouping_thread.spawn(|| -> Result<_> {
                let (published, summary) = anonymize(&rows, k);
                let csv = match format {
                    Format::Csv => Some(to_csv(&published)?),
                    // The workbook holds the summary, which waits for the report: below.
                    Format::Xlsx => None,
                };
                Ok((published, summary, csv))
            });
            let report = match early {
                Some(early) => early
                    .join()
                    .unwrap_or_else(|_| Err(stopped("counting the report's figures"))),
                None => reports::build(conn, period, today),
            };
            let grouped = grouping
                .join()
                .unwrap_or_else(|_| Err(stopped("grouping the outreaches")));
            (grouped, report)
        });
        let (published, mut summary, csv) = grouped?;
        let report = report?;
        summary.from = from.to_string();
        summary.to = to.to_string();
        summary.figures = figures::committee(&report)
            .into_iter()
            .chain(figures::group(&report))
            .collect();
        work.step("Writing the file", 2, STAGES)?;
        let bytes = match csv {
            Some(bytes) => bytes,
            None => to_xlsx(&published, &summary)?,
        };
        work.step("Writing the file", STAGES, STAGES)?;
        Ok((bytes, summary))
    })
}

/// Writes the export to `files` (each whole, or not at all) and records it in the audit log.
/// Cancelled on `work`, no file is written and nothing recorded.
pub fn export_outreach_to(
    conn: &Connection,
    files: &ExportFiles,
    query: &ReportQuery,
    format: Format,
    today: NaiveDate,
    work: &Work,
) -> Result<ExportSummary> {
    let (bytes, summary) = outreach_export_on(conn, query, format, today, work)?;
    files.write(&bytes, &summary)?;
    record_export(conn, &summary, format)?;
    Ok(summary)
}

/// Notes in the audit log that an export was written: its period, format and row counts.
pub fn record_export(conn: &Connection, summary: &ExportSummary, format: Format) -> Result<()> {
    crate::store::audit::record(
        conn,
        "coordinator",
        "de-identified outreach export",
        Some(&format!(
            "period {} to {}, {:?}, {} rows ({} suppressed)",
            summary.from, summary.to, format, summary.rows_exported, summary.suppressed
        )),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
