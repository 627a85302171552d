//! Editing a logged contact: its form as it stands, the change saved with what changed, and
//! its revisions. The request it belongs to is left as it was.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::clock::stamp;
use crate::error::{CoreError, Problem, Result};
use crate::fields::{clean_text, parse_date};

use super::{check, write, Outcome, OutreachForm};

/// Changes an outreach; what changed is kept in its history. The request it belongs to (if
/// any) and its place in that request's life cycle stay as they were.
pub fn update(conn: &Connection, id: i64, form: &OutreachForm, now: NaiveDateTime) -> Result<()> {
    let before = form_of(conn, id)?;
    let checked = check(conn, form, now.date(), Some(&before))?;
    let mut after = form.clone();
    after.request_id = before.request_id;
    let changes = describe_changes(&before, &after);
    if changes.is_empty() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    write(&tx, Some(id), before.request_id, &checked)?;
    tx.execute(
        "INSERT INTO outreach_revisions (outreach_id, at, changes) VALUES (?1, ?2, ?3)",
        params![id, stamp(now), changes.join("\n")],
    )?;
    tx.commit()?;
    Ok(())
}

/// "Mode: phone → video" for each field that differs (comments: only that they changed).
fn describe_changes(before: &OutreachForm, after: &OutreachForm) -> Vec<String> {
    let norm = |list: &[String]| -> Vec<String> {
        let mut list: Vec<String> = list
            .iter()
            .map(|v| v.trim().to_lowercase())
            .filter(|v| !v.is_empty())
            .collect();
        list.sort();
        list
    };
    let mut changes = Vec::new();
    let mut compare = |label: &str, old: &str, new: &str| {
        if !old.trim().eq_ignore_ascii_case(new.trim()) {
            changes.push(format!("{label}: {} → {}", old.trim(), new.trim()));
        }
    };
    let date = |text: &str| parse_date(text).map(|d| d.to_string()).unwrap_or_default();
    compare(
        "Date",
        &date(&before.occurred_on),
        &date(&after.occurred_on),
    );
    compare("Kind", &before.kind, &after.kind);
    compare("Mode", &before.mode, &after.mode);
    compare("Referred by", &before.referred_by, &after.referred_by);
    compare("Department", &before.department, &after.department);
    compare("Role", &before.role, &after.role);
    let supporter = |id: Option<i64>| id.map(|i| format!("#{i}")).unwrap_or_default();
    compare(
        "Supporter",
        &supporter(before.supporter_id),
        &supporter(after.supporter_id),
    );
    let outcome = |text: &str| {
        Outcome::parse(text)
            .ok()
            .flatten()
            .map_or("not rated", Outcome::words)
    };
    compare("Outcome", outcome(&before.outcome), outcome(&after.outcome));
    if norm(&before.issue_types) != norm(&after.issue_types) {
        changes.push(format!(
            "Issue types: {} → {}",
            before.issue_types.join(", "),
            after.issue_types.join(", ")
        ));
    }
    if norm(&before.resources) != norm(&after.resources) {
        changes.push(format!(
            "Resources: {} → {}",
            before.resources.join(", "),
            after.resources.join(", ")
        ));
    }
    if clean_text(&before.comments) != clean_text(&after.comments) {
        changes.push("Comments edited".into());
    }
    changes
}

/// An outreach as its edit form shows it (codes for mode and referral, names for the lists).
pub fn form_of(conn: &Connection, id: i64) -> Result<OutreachForm> {
    let mut form = conn
        .prepare_cached(
            "SELECT x.occurred_on, x.kind, x.mode, x.referred_by, d.value, r.value, x.supporter_id,
                    x.comments, x.request_id, x.outcome
             FROM outreaches x
             LEFT JOIN picklist_entries d ON d.id = x.department_id
             LEFT JOIN picklist_entries r ON r.id = x.role_id
             WHERE x.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(OutreachForm {
                occurred_on: r.get(0)?,
                kind: r.get(1)?,
                mode: r.get(2)?,
                referred_by: r.get(3)?,
                department: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                role: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                supporter_id: r.get(6)?,
                comments: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                request_id: r.get(8)?,
                outcome: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                issue_types: Vec::new(),
                resources: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| {
            CoreError::invalid(
                "id",
                Problem::Unknown,
                format!("there is no outreach #{id}"),
            )
        })?;
    let values = |table: &str| -> Result<Vec<String>> {
        let sql = format!(
            "SELECT e.value FROM {table} t JOIN picklist_entries e ON e.id = t.entry_id
             WHERE t.outreach_id = ?1 ORDER BY e.position, e.value"
        );
        Ok(conn
            .prepare_cached(&sql)?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    form.issue_types = values("outreach_issue_types")?;
    form.resources = values("outreach_resources")?;
    Ok(form)
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Revision {
    pub at: String,
    pub changes: Vec<String>,
}

/// An outreach's edits, oldest first.
pub fn revisions(conn: &Connection, id: i64) -> Result<Vec<Revision>> {
    let rows = conn
        .prepare_cached(
            "SELECT at, changes FROM outreach_revisions WHERE outreach_id = ?1 ORDER BY at, id",
        )?
        .query_map([id], |r| {
            let changes: String = r.get(1)?;
            Ok(Revision {
                at: r.get(0)?,
                changes: changes.lines().map(str::to_string).collect(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
