//! The nomination survey: "after a stressful event, who in your department would you turn
//! to?". Its CSV (respondent's department, nominee's name, optionally the nominee's
//! department) is imported whole and tallied per department, marking who already is a
//! supporter, so the coordinator can invite the people staff already trust.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Problem, Result};
use crate::fields::clean_text;
use crate::files::spreadsheet::{self, find_column, Sheet};

const RESPONDENT_DEPARTMENT: &[&str] = &[
    "respondent department",
    "respondent dept",
    "your department",
    "your unit",
    "department",
    "dept",
    "unit",
    "respondent unit",
];
const NOMINEE: &[&str] = &[
    "nominee",
    "nominee name",
    "name",
    "who would you turn to",
    "person",
    "colleague",
    "nominated",
];
const NOMINEE_DEPARTMENT: &[&str] = &[
    "nominee department",
    "nominee dept",
    "nominee unit",
    "their department",
    "colleague department",
];
/// Answers that name no one.
const NO_ONE: &[&str] = &[
    "n/a",
    "na",
    "none",
    "no one",
    "nobody",
    "-",
    "don't know",
    "dont know",
    "unknown",
    "?",
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SurveyImport {
    pub answers: usize,
    /// Rows without a department or a nominee ("n/a", blank).
    pub skipped: usize,
    pub departments: usize,
}

/// Imports a survey file; the tally then reads it. The same file twice is refused.
pub fn import_file(conn: &mut Connection, path: &Path) -> Result<SurveyImport> {
    let (sheet, bytes) = spreadsheet::read_file(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    import_sheet(
        conn,
        &sheet,
        &hex::encode(Sha256::digest(&bytes)),
        name.as_deref(),
    )
}

pub fn import_sheet(
    conn: &mut Connection,
    sheet: &Sheet,
    sha256: &str,
    file_name: Option<&str>,
) -> Result<SurveyImport> {
    let department = find_column(&sheet.headers, RESPONDENT_DEPARTMENT);
    let nominee = find_column(&sheet.headers, NOMINEE);
    let (Some(_), Some(_)) = (department, nominee) else {
        // About the first column missing; the words name both.
        let missing = if department.is_none() {
            "department"
        } else {
            "nominee"
        };
        return Err(CoreError::invalid(
            missing,
            Problem::Required,
            "the survey needs a column for the respondent's department (\"Department\") and one for the person named (\"Nominee\")",
        ));
    };
    let nominee_department = find_column(&sheet.headers, NOMINEE_DEPARTMENT);
    let already: Option<String> = conn
        .query_row(
            "SELECT imported_at FROM nomination_surveys WHERE file_sha256 = ?1 ORDER BY id DESC LIMIT 1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(when) = already {
        return Err(CoreError::invalid(
            "file",
            Problem::Duplicate,
            format!(
                "this survey file was already imported ({}); nothing changed",
                crate::clock::day_of(&when)
            ),
        ));
    }
    let mut answers = Vec::new();
    let mut skipped = 0;
    for row in &sheet.rows {
        let respondent = clean_text(sheet.cell(row, department));
        let named = clean_text(sheet.cell(row, nominee))
            .filter(|n| !NO_ONE.contains(&n.to_lowercase().as_str()) && n.chars().count() <= 120);
        match (respondent, named) {
            (Some(respondent), Some(named)) => answers.push((
                respondent,
                named,
                clean_text(sheet.cell(row, nominee_department)),
            )),
            _ => skipped += 1,
        }
    }
    if answers.is_empty() {
        return Err(CoreError::refused(
            Problem::Required,
            "the survey holds no answer naming someone; nothing was imported",
        ));
    }
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO nomination_surveys (imported_at, file_name, file_sha256, answers) VALUES (?1, ?2, ?3, ?4)",
        params![crate::clock::now_utc(), file_name, sha256, answers.len() as i64],
    )?;
    let survey = tx.last_insert_rowid();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO nominations (survey_id, respondent_department, nominee_name, nominee_department)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (respondent, named, their_department) in &answers {
            insert.execute(params![survey, respondent, named, their_department])?;
        }
    }
    crate::store::audit::record(
        &tx,
        "coordinator",
        "nomination survey imported",
        Some(&format!("{} answers", answers.len())),
    )?;
    tx.commit()?;
    let departments = answers
        .iter()
        .map(|(d, _, _)| d.to_lowercase())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Ok(SurveyImport {
        answers: answers.len(),
        skipped,
        departments,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Nominee {
    pub name: String,
    pub votes: i64,
    pub department: Option<String>,
    /// The supporter of that name, when they already are one.
    pub supporter_id: Option<i64>,
    pub supporter_status: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DepartmentTally {
    pub department: String,
    pub answers: i64,
    pub nominees: Vec<Nominee>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Tally {
    pub imported_at: Option<String>,
    pub file_name: Option<String>,
    pub answers: i64,
    pub departments: Vec<DepartmentTally>,
}

/// The latest survey, tallied: departments by name, nominees by votes then name.
pub fn tally(conn: &Connection) -> Result<Tally> {
    let survey: Option<(i64, String, Option<String>, i64)> = conn
        .query_row(
            "SELECT id, imported_at, file_name, answers FROM nomination_surveys ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((survey, imported_at, file_name, answers)) = survey else {
        return Ok(Tally {
            imported_at: None,
            file_name: None,
            answers: 0,
            departments: Vec::new(),
        });
    };
    let mut statement = conn.prepare_cached(
        "SELECT min(n.respondent_department), min(n.nominee_name), count(*),
                (SELECT n2.nominee_department FROM nominations n2
                  WHERE n2.survey_id = n.survey_id AND n2.nominee_name = n.nominee_name COLLATE NOCASE
                    AND n2.nominee_department IS NOT NULL
                  GROUP BY n2.nominee_department ORDER BY count(*) DESC, n2.nominee_department LIMIT 1),
                (SELECT s.id FROM supporters s WHERE s.name = n.nominee_name COLLATE NOCASE ORDER BY s.status = 'retired', s.id LIMIT 1),
                (SELECT s.status FROM supporters s WHERE s.name = n.nominee_name COLLATE NOCASE ORDER BY s.status = 'retired', s.id LIMIT 1)
         FROM nominations n WHERE n.survey_id = ?1
         GROUP BY lower(n.respondent_department), lower(n.nominee_name)",
    )?;
    let mut by_department: BTreeMap<String, DepartmentTally> = BTreeMap::new();
    let rows = statement.query_map([survey], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Nominee {
                name: r.get(1)?,
                votes: r.get(2)?,
                department: r.get(3)?,
                supporter_id: r.get(4)?,
                supporter_status: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (department, nominee) = row?;
        let entry = by_department
            .entry(department.to_lowercase())
            .or_insert_with(|| DepartmentTally {
                department,
                answers: 0,
                nominees: Vec::new(),
            });
        entry.answers += nominee.votes;
        entry.nominees.push(nominee);
    }
    let mut departments: Vec<DepartmentTally> = by_department.into_values().collect();
    for department in &mut departments {
        department.nominees.sort_by(|a, b| {
            b.votes
                .cmp(&a.votes)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
    }
    Ok(Tally {
        imported_at: Some(imported_at),
        file_name,
        answers,
        departments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        crate::store::migrations::in_memory().expect("a migrated database")
    }

    fn import(conn: &mut Connection, text: &str) -> Result<SurveyImport> {
        let sheet = spreadsheet::read_bytes(text.as_bytes())?;
        import_sheet(
            conn,
            &sheet,
            &hex::encode(Sha256::digest(text.as_bytes())),
            Some("survey.csv"),
        )
    }

    const SURVEY: &str = "Your department,Who would you turn to?,Nominee department\n\
        ICU,Ana Lima,ICU\nicu,ana lima,\nICU,Bo Chen,ICU\nICU,n/a,\nEmergency,Bo Chen,ICU\n,Cy Diaz,\nEmergency,Di Eze,Emergency\n";

    #[test]
    fn the_tally_counts_per_department_and_marks_supporters() {
        let mut conn = store();
        crate::program::organizations::add(
            &conn,
            &crate::program::organizations::OrganizationInput {
                name: "Host".into(),
                ..Default::default()
            },
        )
        .expect("host");
        let form = crate::roster::supporters::SupporterForm {
            name: "Bo Chen".into(),
            role: "Nurse".into(),
            ..Default::default()
        };
        let bo = crate::roster::supporters::add(&conn, &form, crate::clock::today()).expect("Bo");
        let imported = import(&mut conn, SURVEY).expect("import");
        assert_eq!(
            imported,
            SurveyImport {
                answers: 5,
                skipped: 2,
                departments: 2
            },
            "five answers from two departments; the n/a row and the row with no department skipped"
        );
        let tally = tally(&conn).expect("tally");
        assert_eq!(tally.answers, 5, "the tally counts the five answers");
        let names: Vec<&str> = tally
            .departments
            .iter()
            .map(|d| d.department.as_str())
            .collect();
        assert_eq!(
            names,
            ["Emergency", "ICU"],
            "the departments are listed by name"
        );
        let icu = &tally.departments[1];
        assert_eq!(
            icu.answers, 3,
            "ICU has three answers, whatever the case of its name"
        );
        assert_eq!(
            (icu.nominees[0].name.as_str(), icu.nominees[0].votes),
            ("Ana Lima", 2),
            "names in any case are one person"
        );
        assert_eq!(
            icu.nominees[0].department.as_deref(),
            Some("ICU"),
            "Ana Lima is tallied in the ICU, as nominated"
        );
        assert_eq!(
            (icu.nominees[0].supporter_id, icu.nominees[1].supporter_id),
            (None, Some(bo)),
            "Bo Chen is marked as a supporter and Ana Lima is not"
        );
    }

    #[test]
    fn the_same_file_twice_and_files_without_the_columns_are_refused() {
        let mut conn = store();
        import(&mut conn, SURVEY).expect("first");
        let again = import(&mut conn, SURVEY).expect_err("twice").to_string();
        assert!(again.contains("already imported"), "{again}");
        let wrong = import(&mut conn, "Name,Role\nAna,Nurse\n")
            .expect_err("columns")
            .to_string();
        assert!(wrong.contains("Department"), "{wrong}");
        let empty = import(&mut conn, "Department,Nominee\nICU,n/a\n")
            .expect_err("no answers")
            .to_string();
        assert!(empty.contains("no answer"), "{empty}");
        assert_eq!(
            tally(&conn).expect("tally").answers,
            5,
            "the first survey stands"
        );
    }
}
