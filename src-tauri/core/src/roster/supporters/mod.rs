//! Peer supporters: the roster the coordinator keeps. A supporter is paused until a date or
//! retired, never deleted: their history (matches, outreaches) keeps pointing at them.
//!
//! This file adds, edits, pauses and retires supporters. The form and its checks are in
//! `form`, the roster and a supporter's page in `listing`, the roster import in `import`.

mod form;
pub mod import;
mod listing;

pub use form::{check, NewEntries, Supporter, SupporterForm, DEFAULT_MAX_OPEN_CASES, STATUSES};
pub use listing::{detail, roster, AttendedSession, MatchLine, RosterRow, SupporterDetail};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{CoreError, Problem, Result};
use crate::fields::parse_date;
use crate::program::picklists::{self, List};

/// Writes a checked supporter: a new row when `id` is None. Adds roles, departments,
/// languages and organizations that are new. Returns the supporter's id.
pub(crate) fn write(conn: &Connection, id: Option<i64>, s: &Supporter) -> Result<i64> {
    let (role_id, _) = picklists::find_or_add(conn, List::Roles, &s.role)?;
    let department_id = match &s.department {
        Some(d) => Some(picklists::find_or_add(conn, List::Departments, d)?.0),
        None => None,
    };
    for language in &s.languages {
        picklists::find_or_add(conn, List::Languages, language)?;
    }
    let organization_id = match crate::program::organizations::find(conn, &s.organization)? {
        Some(id) => id,
        None => crate::program::organizations::add(
            conn,
            &crate::program::organizations::OrganizationInput {
                name: s.organization.clone(),
                ..Default::default()
            },
        )?,
    };
    let now = crate::clock::now_utc();
    let values = params![
        s.name,
        role_id,
        s.specialty,
        department_id,
        organization_id,
        s.phone,
        s.email,
        s.languages.join(", "),
        s.years_in_role,
        s.trained_on.map(|d| d.to_string()),
        s.status,
        s.paused_until.map(|d| d.to_string()),
        s.max_open_cases,
        s.consent_to_list,
        s.notes,
        now,
        s.resting_until.map(|d| d.to_string()),
    ];
    match id {
        None => {
            conn.prepare_cached(
                "INSERT INTO supporters (name, role_id, specialty, department_id, organization_id, phone, email,
                    languages, years_in_role, trained_on, status, paused_until, max_open_cases, consent_to_list,
                    notes, created_at, updated_at, resting_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17)",
            )?
            .execute(values)?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let mut with_id = values.to_vec();
            with_id.push(&id);
            conn.prepare_cached(
                "UPDATE supporters SET name = ?1, role_id = ?2, specialty = ?3, department_id = ?4,
                    organization_id = ?5, phone = ?6, email = ?7, languages = ?8, years_in_role = ?9,
                    trained_on = ?10, status = ?11, paused_until = ?12, max_open_cases = ?13,
                    consent_to_list = ?14, notes = ?15, updated_at = ?16, resting_until = ?17
                 WHERE id = ?18",
            )?
            .execute(with_id.as_slice())?;
            Ok(id)
        }
    }
}

/// Adds a supporter from the form. Returns the new id.
pub fn add(conn: &Connection, form: &SupporterForm, today: NaiveDate) -> Result<i64> {
    let supporter = check(conn, form, today, NewEntries::Refuse, None)?;
    let id = write(conn, None, &supporter)?;
    crate::store::audit::record(
        conn,
        "coordinator",
        "supporter added",
        Some(&format!("supporter {id}")),
    )?;
    Ok(id)
}

/// Saves the form over supporter `id`.
pub fn update(conn: &Connection, id: i64, form: &SupporterForm, today: NaiveDate) -> Result<()> {
    let before = form_of(conn, id)?;
    let mut form = form.clone();
    if form.status.trim().is_empty() {
        form.status = before.status;
        if form.paused_until.trim().is_empty() {
            form.paused_until = before.paused_until;
        }
    }
    let supporter = check(conn, &form, today, NewEntries::Refuse, Some(id))?;
    write(conn, Some(id), &supporter)?;
    crate::store::audit::record(
        conn,
        "coordinator",
        "supporter changed",
        Some(&format!("supporter {id}")),
    )?;
    Ok(())
}

/// The supporter's current values as the form shows them.
pub fn form_of(conn: &Connection, id: i64) -> Result<SupporterForm> {
    conn.prepare_cached(
        "SELECT s.name, r.value, s.specialty, d.value, o.name, s.phone, s.email, s.languages,
                s.years_in_role, s.trained_on, s.max_open_cases, s.consent_to_list, s.notes, s.status,
                s.paused_until, s.resting_until
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE s.id = ?1",
    )?
    .query_row([id], |r| {
        let text = |i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
        Ok(SupporterForm {
            name: r.get(0)?,
            role: r.get(1)?,
            specialty: text(2)?,
            department: text(3)?,
            organization: r.get(4)?,
            phone: text(5)?,
            email: text(6)?,
            languages: r.get(7)?,
            years_in_role: r.get::<_, Option<i64>>(8)?.map(|y| y.to_string()).unwrap_or_default(),
            trained_on: text(9)?,
            max_open_cases: r.get::<_, i64>(10)?.to_string(),
            consent_to_list: r.get(11)?,
            notes: text(12)?,
            status: r.get(13)?,
            paused_until: text(14)?,
            resting_until: text(15)?,
        })
    })
    .optional()?
    .ok_or_else(|| no_such_supporter(id))
}

/// "there is no supporter N", about the `id` asked for.
fn no_such_supporter(id: i64) -> CoreError {
    CoreError::invalid(
        "id",
        Problem::Unknown,
        format!("there is no supporter {id}"),
    )
}

fn set_status(
    conn: &Connection,
    id: i64,
    status: &str,
    until: Option<NaiveDate>,
    action: &str,
) -> Result<()> {
    let changed = conn.execute(
        "UPDATE supporters SET status = ?2, paused_until = ?3, updated_at = ?4 WHERE id = ?1",
        params![
            id,
            status,
            until.map(|d| d.to_string()),
            crate::clock::now_utc()
        ],
    )?;
    if changed == 0 {
        return Err(no_such_supporter(id));
    }
    crate::store::audit::record(
        conn,
        "coordinator",
        action,
        Some(&format!("supporter {id}")),
    )
}

/// Pauses a supporter until a date after today; matching skips them until then.
pub fn pause(conn: &Connection, id: i64, until: &str, today: NaiveDate) -> Result<()> {
    let until = parse_date(until).map_err(|e| CoreError::invalid("until", Problem::Format, e))?;
    if until <= today {
        return Err(CoreError::invalid(
            "until",
            Problem::OutOfRange,
            format!("pause until a date after today ({until} is not)"),
        ));
    }
    set_status(conn, id, "paused", Some(until), "supporter paused")
}

/// Makes a paused or retired supporter active again.
pub fn reactivate(conn: &Connection, id: i64) -> Result<()> {
    set_status(conn, id, "active", None, "supporter reactivated")
}

/// Records whether supporter `id` consents to be named on signs and the intranet. A sign
/// printed before keeps their name until it is printed again: `print::printed_signs` lists
/// the signs that named them. Returns whether anything changed.
pub fn set_consent(conn: &Connection, id: i64, consent: bool) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE supporters SET consent_to_list = ?2, updated_at = ?3
         WHERE id = ?1 AND consent_to_list <> ?2",
        params![id, consent, crate::clock::now_utc()],
    )?;
    if changed == 0 {
        form_of(conn, id)?;
        return Ok(false);
    }
    crate::store::audit::record(
        conn,
        "coordinator",
        if consent {
            "supporter consent given"
        } else {
            "supporter consent withdrawn"
        },
        Some(&format!("supporter {id}")),
    )?;
    Ok(true)
}

/// Retires a supporter: off the roster's offers for good, history kept.
pub fn retire(conn: &Connection, id: i64) -> Result<()> {
    set_status(conn, id, "retired", None, "supporter retired")
}

#[cfg(test)]
mod tests;
