//! Every printed sign, remembered: for which area (a department, perhaps one organization),
//! when, and which supporters it named. A sign hangs on a wall for months; when a supporter
//! withdraws their consent to be named, the coordinator must know which walls still carry
//! their name, and reprint those signs (a reprint lists only who consents now).
//!
//! The newest sign of an area is taken to be the one on its wall: printing a later one for
//! the same area replaces it. A sign *needs a reprint* when it is not replaced and names a
//! supporter who no longer consents. Previews are not remembered, only signs written as a PDF.
//! What is remembered is ids and dates, never the sign's content.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{Doc, Names, Paper};
use crate::error::Result;

/// One remembered sign.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PrintedSign {
    pub id: i64,
    /// When it was printed (UTC, as the store keeps moments).
    pub printed_at: String,
    /// The department's name, as the Print screen and `print sign --department` take it.
    pub department: String,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub paper: String,
    pub pages: i64,
    /// How many supporters it named.
    pub named: i64,
    /// A later sign of the same area was printed: this one is no longer on the wall.
    pub replaced: bool,
    /// Who it names that no longer consents to be named.
    pub withdrawn: Vec<NamedSupporter>,
    /// Still on the wall and naming someone who withdrew: print it again.
    pub reprint: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NamedSupporter {
    pub id: i64,
    pub name: String,
}

/// Remembers a printed sign: its area, when, its paper and pages, who it named. Returns its id.
pub fn remember(conn: &Connection, doc: &Doc, names: &Names) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO printed_signs (printed_at, department_id, organization_id, paper, pages)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        crate::clock::now_utc(),
        names.department_id,
        names.organization_id,
        match doc.paper {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
        },
        i64::try_from(doc.pages.len().max(1)).unwrap_or(i64::MAX),
    ])?;
    let sign = conn.last_insert_rowid();
    let mut name = conn.prepare_cached(
        "INSERT OR IGNORE INTO printed_sign_names (sign_id, supporter_id) VALUES (?1, ?2)",
    )?;
    for supporter in &names.supporters {
        name.execute(params![sign, supporter])?;
    }
    Ok(sign)
}

/// Every remembered sign, newest first.
pub fn list(conn: &Connection) -> Result<Vec<PrintedSign>> {
    signs(conn, None)
}

/// The signs that named `supporter`, newest first (those still on a wall say `replaced: false`).
pub fn naming(conn: &Connection, supporter: i64) -> Result<Vec<PrintedSign>> {
    signs(conn, Some(supporter))
}

/// The signs on a wall that name someone who withdrew their consent: to print again.
pub fn to_reprint(conn: &Connection) -> Result<Vec<PrintedSign>> {
    Ok(list(conn)?.into_iter().filter(|s| s.reprint).collect())
}

fn signs(conn: &Connection, naming: Option<i64>) -> Result<Vec<PrintedSign>> {
    let withdrawn = withdrawn_by_sign(conn)?;
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.printed_at, d.value, p.organization_id, o.name, p.paper, p.pages,
                (SELECT count(*) FROM printed_sign_names n WHERE n.sign_id = p.id),
                EXISTS (SELECT 1 FROM printed_signs later
                        WHERE later.department_id = p.department_id
                          AND later.organization_id IS p.organization_id
                          AND (later.printed_at > p.printed_at
                               OR (later.printed_at = p.printed_at AND later.id > p.id)))
         FROM printed_signs p
         JOIN picklist_entries d ON d.id = p.department_id
         LEFT JOIN organizations o ON o.id = p.organization_id
         WHERE ?1 IS NULL
            OR EXISTS (SELECT 1 FROM printed_sign_names n WHERE n.sign_id = p.id AND n.supporter_id = ?1)
         ORDER BY p.printed_at DESC, p.id DESC",
    )?;
    let rows = statement.query_map([naming], |r| {
        let id: i64 = r.get(0)?;
        let replaced: bool = r.get(8)?;
        let withdrawn = withdrawn.get(&id).cloned().unwrap_or_default();
        Ok(PrintedSign {
            id,
            printed_at: r.get(1)?,
            department: r.get(2)?,
            organization_id: r.get(3)?,
            organization: r.get(4)?,
            paper: r.get(5)?,
            pages: r.get(6)?,
            named: r.get(7)?,
            reprint: !replaced && !withdrawn.is_empty(),
            replaced,
            withdrawn,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// For each sign, the supporters it names who no longer consent, by name.
fn withdrawn_by_sign(conn: &Connection) -> Result<HashMap<i64, Vec<NamedSupporter>>> {
    let mut statement = conn.prepare_cached(
        "SELECT n.sign_id, s.id, s.name FROM printed_sign_names n
         JOIN supporters s ON s.id = n.supporter_id
         WHERE s.consent_to_list = 0
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let mut by_sign: HashMap<i64, Vec<NamedSupporter>> = HashMap::new();
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            NamedSupporter {
                id: r.get(1)?,
                name: r.get(2)?,
            },
        ))
    })?;
    for row in rows {
        let (sign, supporter) = row?;
        by_sign.entry(sign).or_default().push(supporter);
    }
    Ok(by_sign)
}
