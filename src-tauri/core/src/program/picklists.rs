//! The program's own lists (roles with their family, departments, languages, issue types, …).
//! Entries are never deleted: a retired entry stays valid for the history that uses it and is
//! simply no longer offered.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields::{clean_text, shorten};

/// Which list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    Roles,
    Departments,
    Languages,
    IssueTypes,
    Resources,
    Channels,
}

impl List {
    pub fn as_str(self) -> &'static str {
        match self {
            List::Roles => "roles",
            List::Departments => "departments",
            List::Languages => "languages",
            List::IssueTypes => "issue_types",
            List::Resources => "resources",
            List::Channels => "channels",
        }
    }

    /// The word for one entry, for messages ("role", "department", …).
    pub fn noun(self) -> &'static str {
        match self {
            List::Roles => "role",
            List::Departments => "department",
            List::Languages => "language",
            List::IssueTypes => "issue type",
            List::Resources => "resource",
            List::Channels => "channel",
        }
    }

    /// Every list, in the order the Lists screen shows them.
    pub const ALL: [List; 6] = [
        List::Roles,
        List::Departments,
        List::IssueTypes,
        List::Resources,
        List::Channels,
        List::Languages,
    ];
    /// Their names as a person types them on the command line, in the same order.
    pub const NAMES: [&'static str; 6] = [
        "roles",
        "departments",
        "issue-types",
        "resources",
        "channels",
        "languages",
    ];

    /// The list named `name`, as typed ("issue-types") or as stored ("issue_types").
    pub fn from_name(name: &str) -> Result<List> {
        let wanted = name.trim().replace('_', "-");
        List::ALL
            .into_iter()
            .zip(List::NAMES)
            .find_map(|(list, known)| (known == wanted).then_some(list))
            .ok_or_else(|| {
                CoreError::invalid(
                    "list",
                    Problem::Unknown,
                    format!(
                        "there is no list \"{name}\": the lists are {}",
                        List::NAMES.join(", ")
                    ),
                )
            })
    }
}

/// The role families matching prefers when no one shares the requester's exact role.
pub const FAMILIES: [&str; 3] = ["clinical", "clinical support", "non-clinical"];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub value: String,
    pub family: Option<String>,
    pub position: i64,
    pub retired: bool,
}

/// Every entry of a list, in the program's order; retired ones last.
pub fn entries(conn: &Connection, list: List) -> Result<Vec<Entry>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, value, family, position, retired_at IS NOT NULL FROM picklist_entries
         WHERE list = ?1 ORDER BY retired_at IS NOT NULL, position, value COLLATE NOCASE",
    )?;
    let rows = statement.query_map([list.as_str()], |r| {
        Ok(Entry {
            id: r.get(0)?,
            value: r.get(1)?,
            family: r.get(2)?,
            position: r.get(3)?,
            retired: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entry of `list` spelled `value` (any case), retired or not.
pub fn find(conn: &Connection, list: List, value: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM picklist_entries WHERE list = ?1 AND value = ?2 COLLATE NOCASE",
        )?
        .query_row(params![list.as_str(), value.trim()], |r| r.get(0))
        .optional()?)
}

/// The entry a new record may use: on the list and not retired. The inner error is the
/// code (`Retired` or `Unknown`) and the sentence for the field ("\"Nurse pract\" is not a
/// role on the program's list").
pub fn choose(
    conn: &Connection,
    list: List,
    value: &str,
) -> Result<std::result::Result<i64, (Problem, String)>> {
    let found: Option<(i64, bool)> = conn
        .prepare_cached(
            "SELECT id, retired_at IS NOT NULL FROM picklist_entries WHERE list = ?1 AND value = ?2 COLLATE NOCASE",
        )?
        .query_row(params![list.as_str(), value.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        Some((id, false)) => Ok(id),
        Some((_, true)) => Err((
            Problem::Retired,
            format!(
                "the {} \"{}\" is retired: choose another (Settings → Lists)",
                list.noun(),
                shorten(value.trim())
            ),
        )),
        None => Err((
            Problem::Unknown,
            format!(
                "\"{}\" is not a {} on the program's list (Settings → Lists)",
                shorten(value.trim()),
                list.noun()
            ),
        )),
    })
}

/// The id of `value` in `list`, adding it at the end when it is new. Says whether it was added.
pub fn find_or_add(conn: &Connection, list: List, value: &str) -> Result<(i64, bool)> {
    match find(conn, list, value)? {
        Some(id) => Ok((id, false)),
        None => Ok((add(conn, list, value, None)?, true)),
    }
}

fn check_family(family: Option<&str>) -> Result<Option<String>> {
    match family.map(str::trim).filter(|f| !f.is_empty()) {
        None => Ok(None),
        Some(f) if FAMILIES.contains(&f) => Ok(Some(f.to_string())),
        Some(f) => Err(CoreError::invalid(
            "family",
            Problem::Unknown,
            format!("\"{f}\" is not a role family: use clinical, clinical support or non-clinical"),
        )),
    }
}

fn check_value(list: List, value: &str) -> Result<String> {
    let value = clean_text(value).ok_or_else(|| {
        CoreError::invalid(
            "value",
            Problem::Required,
            format!("a {} needs a name", list.noun()),
        )
    })?;
    if value.chars().count() > 80 {
        return Err(CoreError::invalid(
            "value",
            Problem::TooLong,
            format!("a {} name has at most 80 characters", list.noun()),
        ));
    }
    Ok(value)
}

pub fn add(conn: &Connection, list: List, value: &str, family: Option<&str>) -> Result<i64> {
    let value = check_value(list, value)?;
    if find(conn, list, &value)?.is_some() {
        return Err(already_listed(list, &value));
    }
    let family = if list == List::Roles {
        check_family(family)?
    } else {
        None
    };
    conn.execute(
        "INSERT INTO picklist_entries (list, value, family, position)
         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM picklist_entries WHERE list = ?1))",
        params![list.as_str(), value, family],
    )?;
    Ok(conn.last_insert_rowid())
}

fn already_listed(list: List, value: &str) -> CoreError {
    CoreError::invalid(
        "value",
        Problem::Duplicate,
        format!("the {} \"{value}\" is already in the list", list.noun()),
    )
}

fn list_of(conn: &Connection, id: i64) -> Result<List> {
    let name: Option<String> = conn
        .query_row(
            "SELECT list FROM picklist_entries WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let all = [
        List::Roles,
        List::Departments,
        List::Languages,
        List::IssueTypes,
        List::Resources,
        List::Channels,
    ];
    name.and_then(|n| all.into_iter().find(|l| l.as_str() == n))
        .ok_or_else(|| {
            CoreError::invalid(
                "id",
                Problem::Unknown,
                format!("there is no list entry {id}"),
            )
        })
}

/// Renames an entry everywhere it is used (history shows the new name).
pub fn rename(conn: &Connection, id: i64, value: &str) -> Result<()> {
    let list = list_of(conn, id)?;
    let value = check_value(list, value)?;
    if find(conn, list, &value)?.is_some_and(|other| other != id) {
        return Err(already_listed(list, &value));
    }
    conn.execute(
        "UPDATE picklist_entries SET value = ?2 WHERE id = ?1",
        params![id, value],
    )?;
    Ok(())
}

pub fn set_family(conn: &Connection, id: i64, family: Option<&str>) -> Result<()> {
    if list_of(conn, id)? != List::Roles {
        return Err(CoreError::invalid(
            "family",
            Problem::NotAllowed,
            "only roles have a family",
        ));
    }
    conn.execute(
        "UPDATE picklist_entries SET family = ?2 WHERE id = ?1",
        params![id, check_family(family)?],
    )?;
    Ok(())
}

/// Retires (no longer offered) or restores an entry. Its history stays either way.
pub fn set_retired(conn: &Connection, id: i64, retired: bool) -> Result<()> {
    list_of(conn, id)?;
    conn.execute(
        "UPDATE picklist_entries SET retired_at = CASE WHEN ?2 THEN coalesce(retired_at, ?3) END WHERE id = ?1",
        params![id, retired, crate::clock::now_utc()],
    )?;
    Ok(())
}

/// Moves an entry one place up (towards the top) or down among the list's entries.
pub fn shift(conn: &mut Connection, id: i64, up: bool) -> Result<()> {
    let list = list_of(conn, id)?;
    let order: Vec<i64> = entries(conn, list)?.iter().map(|e| e.id).collect();
    let Some(at) = order.iter().position(|&e| e == id) else {
        return Ok(());
    };
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|&o| o < order.len())
    };
    let Some(other) = other else { return Ok(()) };
    let mut reordered = order;
    reordered.swap(at, other);
    let tx = conn.transaction()?;
    {
        let mut update =
            tx.prepare_cached("UPDATE picklist_entries SET position = ?2 WHERE id = ?1")?;
        for (position, entry) in reordered.iter().enumerate() {
            update.execute(params![entry, position as i64 + 1])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        crate::store::migrations::in_memory().expect("a migrated database")
    }

    #[test]
    fn entries_are_added_found_in_any_case_and_never_twice() {
        let conn = store();
        let id = add(
            &conn,
            List::Roles,
            "  Respiratory   therapist ",
            Some("clinical"),
        )
        .expect("add");
        assert_eq!(
            find(&conn, List::Roles, "respiratory THERAPIST").expect("find"),
            Some(id),
            "the role is found whatever its case and spacing"
        );
        let about = |error: CoreError| match error {
            CoreError::Invalid(e) => (e.field, e.code),
            other => panic!("a refused value expected, got {other:?}"),
        };
        assert_eq!(
            about(add(&conn, List::Roles, "Respiratory therapist", None).expect_err("twice")),
            (Some("value".to_string()), Problem::Duplicate),
            "an entry already on the list is a duplicate value"
        );
        assert_eq!(
            about(add(&conn, List::Roles, "Porter", Some("other")).expect_err("family")),
            (Some("family".to_string()), Problem::Unknown),
            "a family not among the three is unknown"
        );
        assert_eq!(
            about(add(&conn, List::Roles, "  ", None).expect_err("blank")),
            (Some("value".to_string()), Problem::Required),
            "an entry needs a name"
        );
        let (code, _) = choose(&conn, List::Roles, "Astronaut")
            .expect("read")
            .expect_err("not on the list");
        assert_eq!(code, Problem::Unknown, "a value not on the list is unknown");
        assert!(
            !find_or_add(&conn, List::Departments, "Radiology")
                .expect("f")
                .1,
            "Radiology is already a department, so it is found, not added"
        );
        assert!(
            find_or_add(&conn, List::Departments, "Dialysis")
                .expect("f")
                .1,
            "Dialysis is a new department, so it is added"
        );
    }

    #[test]
    fn retiring_keeps_the_entry_and_moves_it_last() {
        let conn = store();
        let nurse = find(&conn, List::Roles, "Nurse")
            .expect("f")
            .expect("seeded");
        set_retired(&conn, nurse, true).expect("retire");
        let all = entries(&conn, List::Roles).expect("entries");
        assert_eq!(
            all.last().map(|e| (e.id, e.retired)),
            Some((nurse, true)),
            "the retired Nurse role is kept, last on the list"
        );
        set_retired(&conn, nurse, false).expect("restore");
        assert!(
            !entries(&conn, List::Roles)
                .expect("e")
                .iter()
                .any(|e| e.retired),
            "no role is retired once Nurse is restored"
        );
    }

    #[test]
    fn shifting_swaps_neighbours() {
        let mut conn = store();
        let before: Vec<i64> = entries(&conn, List::Roles)
            .expect("e")
            .iter()
            .map(|e| e.id)
            .collect();
        shift(&mut conn, before[1], true).expect("up");
        let after: Vec<i64> = entries(&conn, List::Roles)
            .expect("e")
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(
            (after[0], after[1]),
            (before[1], before[0]),
            "shifting the second role up swaps it with the first"
        );
        shift(&mut conn, after[0], true).expect("top stays top");
        assert_eq!(
            entries(&conn, List::Roles).expect("e")[0].id,
            after[0],
            "shifting the top role up leaves it on top"
        );
    }
}
