//! The outreach log: one entry per contact, as the program's outreach template has it.
//! There is no name of the person supported anywhere in it, by design: no field, no column.
//!
//! Logging the first (initial) outreach of a request connects it and schedules its follow-up
//! check-ins; a follow-up outreach ticks the next check-in off. An outreach can also stand
//! alone (an in-the-moment contact with no request). Edits keep what changed.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::{self, stamp};
use crate::daily::requests::{self, Status};
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{clean_text, parse_date};
use crate::program;
use crate::program::outreach_choices::{self, ChoiceList};
use crate::program::picklists::{self, List};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Initial,
    FollowUp,
}

impl Kind {
    /// Their names, as the form and the command line take them.
    pub const NAMES: [&'static str; 2] = ["initial", "follow-up"];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::FollowUp => "follow-up",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "initial" => Some(Kind::Initial),
            "follow-up" | "follow up" | "followup" => Some(Kind::FollowUp),
            _ => None,
        }
    }
}

/// The outreach form (window) or flags (command line), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OutreachForm {
    pub occurred_on: String,
    pub kind: String,
    pub mode: String,
    pub referred_by: String,
    pub department: String,
    pub role: String,
    pub supporter_id: Option<i64>,
    pub issue_types: Vec<String>,
    pub resources: Vec<String>,
    pub comments: String,
    /// The request this contact belongs to; none for a stand-alone contact.
    pub request_id: Option<i64>,
}

struct Checked {
    occurred_on: NaiveDate,
    kind: Kind,
    mode: String,
    referred_by: String,
    department_id: i64,
    role_id: i64,
    supporter_id: i64,
    issue_type_ids: Vec<i64>,
    resource_ids: Vec<i64>,
    comments: Option<String>,
}

const COMMENTS_LIMIT: usize = 1000;

/// Checks a form. `kept` is the outreach before an edit: entries it already holds stay valid
/// even if retired since (retiring never breaks history).
fn check(
    conn: &Connection,
    form: &OutreachForm,
    today: NaiveDate,
    kept: Option<&OutreachForm>,
) -> Result<Checked> {
    let mut errors = FieldErrors::default();
    let occurred_on = match parse_date(&form.occurred_on) {
        Ok(date) if date > today => {
            errors.add(
                "occurred_on",
                Problem::OutOfRange,
                "an outreach cannot be logged ahead of time",
            );
            None
        }
        Ok(date) => Some(date),
        Err(_) if form.occurred_on.trim().is_empty() => {
            errors.add(
                "occurred_on",
                Problem::Required,
                "give the date of the contact",
            );
            None
        }
        Err(message) => {
            errors.add("occurred_on", Problem::Format, message);
            None
        }
    };
    let kind = Kind::parse(&form.kind);
    if kind.is_none() {
        let code = if form.kind.trim().is_empty() {
            Problem::Required
        } else {
            Problem::Unknown
        };
        errors.add("kind", code, "choose initial or follow-up");
    }
    let mut choice =
        |list: ChoiceList, field: &str, text: &str, missing: &str| -> Result<Option<String>> {
            if text.trim().is_empty() {
                errors.add(field, Problem::Required, missing);
                return Ok(None);
            }
            let stored = kept.map(|k| {
                if list == ChoiceList::Modes {
                    k.mode.as_str()
                } else {
                    k.referred_by.as_str()
                }
            });
            Ok(match outreach_choices::resolve(conn, list, text, stored)? {
                Ok(code) => Some(code),
                Err((code, message)) => {
                    errors.add(field, code, message);
                    None
                }
            })
        };
    let mode = choice(
        ChoiceList::Modes,
        "mode",
        &form.mode,
        "choose how the contact happened",
    )?;
    let referred_by = choice(
        ChoiceList::ReferralSources,
        "referred_by",
        &form.referred_by,
        "choose who referred the person",
    )?;
    let held = |value: &str| -> bool {
        kept.is_some_and(|k| {
            [&k.department, &k.role]
                .into_iter()
                .chain(&k.issue_types)
                .chain(&k.resources)
                .any(|v| v.trim().eq_ignore_ascii_case(value.trim()))
        })
    };
    let mut entry = |list: List, field: &str, text: &str| -> Result<Option<i64>> {
        if text.trim().is_empty() {
            errors.add(
                field,
                Problem::Required,
                format!("choose the {}", list.noun()),
            );
            return Ok(None);
        }
        match picklists::choose(conn, list, text)? {
            Ok(id) => Ok(Some(id)),
            // A retired entry the outreach already holds stays valid for it.
            Err(_) if held(text) => picklists::find(conn, list, text),
            Err((code, message)) => {
                errors.add(field, code, message);
                Ok(None)
            }
        }
    };
    let department_id = entry(List::Departments, "department", &form.department)?;
    let role_id = entry(List::Roles, "role", &form.role)?;
    let mut issue_type_ids = Vec::new();
    for issue in form.issue_types.iter().filter(|i| !i.trim().is_empty()) {
        if let Some(id) = entry(List::IssueTypes, "issue_types", issue)? {
            if !issue_type_ids.contains(&id) {
                issue_type_ids.push(id);
            }
        }
    }
    let mut resource_ids = Vec::new();
    for resource in form.resources.iter().filter(|r| !r.trim().is_empty()) {
        if let Some(id) = entry(List::Resources, "resources", resource)? {
            if !resource_ids.contains(&id) {
                resource_ids.push(id);
            }
        }
    }
    if issue_type_ids.is_empty() && !errors.has("issue_types") {
        errors.add(
            "issue_types",
            Problem::Required,
            "choose at least one issue type",
        );
    }
    let supporter_id = match form.supporter_id {
        None => {
            errors.add(
                "supporter_id",
                Problem::Required,
                "choose the peer supporter who made the contact",
            );
            None
        }
        Some(id) => {
            let exists: bool = conn
                .prepare_cached("SELECT count(*) FROM supporters WHERE id = ?1")?
                .query_row([id], |r| r.get::<_, i64>(0))?
                > 0;
            if !exists {
                errors.add(
                    "supporter_id",
                    Problem::Unknown,
                    format!("there is no supporter #{id}"),
                );
            }
            exists.then_some(id)
        }
    };
    let comments = clean_text(&form.comments);
    if comments
        .as_ref()
        .is_some_and(|c| c.chars().count() > COMMENTS_LIMIT)
    {
        errors.add(
            "comments",
            Problem::TooLong,
            format!("comments have at most {COMMENTS_LIMIT} characters"),
        );
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    match (
        occurred_on,
        kind,
        mode,
        referred_by,
        department_id,
        role_id,
        supporter_id,
    ) {
        (
            Some(occurred_on),
            Some(kind),
            Some(mode),
            Some(referred_by),
            Some(department_id),
            Some(role_id),
            Some(supporter_id),
        ) => Ok(Checked {
            occurred_on,
            kind,
            mode,
            referred_by,
            department_id,
            role_id,
            supporter_id,
            issue_type_ids,
            resource_ids,
            comments,
        }),
        _ => Err(CoreError::refused(
            Problem::Required,
            "the outreach is incomplete",
        )),
    }
}

/// Logs one contact; returns its id. With a request, moves the request along its life cycle.
pub fn add(conn: &Connection, form: &OutreachForm, now: NaiveDateTime) -> Result<i64> {
    let checked = check(conn, form, now.date(), None)?;
    let tx = conn.unchecked_transaction()?;
    if let Some(request) = form.request_id {
        advance_request(&tx, request, &checked, now)?;
    }
    let id = write(&tx, None, form.request_id, &checked)?;
    tx.commit()?;
    Ok(id)
}

/// Writes an outreach: a new one (`id` None) or over an existing one, with its lists.
fn write(
    tx: &Transaction<'_>,
    id: Option<i64>,
    request_id: Option<i64>,
    checked: &Checked,
) -> Result<i64> {
    let now = clock::now_utc();
    let id: i64 = tx.query_row(
        "INSERT INTO outreaches (id, request_id, occurred_on, kind, mode, referred_by, department_id, role_id,
            supporter_id, comments, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)
         ON CONFLICT (id) DO UPDATE SET occurred_on = excluded.occurred_on, kind = excluded.kind,
            mode = excluded.mode, referred_by = excluded.referred_by, department_id = excluded.department_id,
            role_id = excluded.role_id, supporter_id = excluded.supporter_id, comments = excluded.comments,
            updated_at = excluded.updated_at
         RETURNING id",
        params![
            id,
            request_id,
            checked.occurred_on.to_string(),
            checked.kind.as_str(),
            checked.mode,
            checked.referred_by,
            checked.department_id,
            checked.role_id,
            checked.supporter_id,
            checked.comments,
            now,
        ],
        |r| r.get(0),
    )?;
    write_lists(tx, id, checked)?;
    Ok(id)
}

fn write_lists(tx: &Transaction<'_>, id: i64, checked: &Checked) -> Result<()> {
    tx.execute(
        "DELETE FROM outreach_issue_types WHERE outreach_id = ?1",
        [id],
    )?;
    tx.execute(
        "DELETE FROM outreach_resources WHERE outreach_id = ?1",
        [id],
    )?;
    for entry in &checked.issue_type_ids {
        tx.execute(
            "INSERT INTO outreach_issue_types (outreach_id, entry_id) VALUES (?1, ?2)",
            params![id, entry],
        )?;
    }
    for entry in &checked.resource_ids {
        tx.execute(
            "INSERT INTO outreach_resources (outreach_id, entry_id) VALUES (?1, ?2)",
            params![id, entry],
        )?;
    }
    Ok(())
}

/// The first contact connects a matched request and schedules its check-ins; a follow-up
/// contact ticks off the earliest check-in still open.
fn advance_request(
    tx: &Transaction<'_>,
    request: i64,
    outreach: &Checked,
    now: NaiveDateTime,
) -> Result<()> {
    let status = requests::status_for(tx, request, "request_id")?;
    match outreach.kind {
        Kind::Initial => {
            if status != Status::Matched {
                return Err(CoreError::refused(Problem::NotAllowed, match status {
                    Status::New => format!("request #{request} has no supporter yet: match it first, then log the first contact"),
                    _ => format!("request #{request} is {} and already had its first contact: log a follow-up instead", status.as_str()),
                }));
            }
            let matched: Option<(i64, String)> = tx
                .query_row(
                    "SELECT m.supporter_id, s.name FROM matches m JOIN supporters s ON s.id = m.supporter_id
                     WHERE m.request_id = ?1 AND m.outcome = 'active'",
                    [request],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((supporter, name)) = matched.filter(|(s, _)| *s != outreach.supporter_id) {
                return Err(CoreError::invalid(
                    "supporter_id",
                    Problem::NotAllowed,
                    format!(
                        "request #{request} is matched with {name} (#{supporter}): log the first contact under them, or rematch first"
                    ),
                ));
            }
            let received: String = tx.query_row(
                "SELECT received_at FROM requests WHERE id = ?1",
                [request],
                |r| r.get(0),
            )?;
            // A contact logged the same day happened just now; one logged later for an
            // earlier day is placed at noon of that day, never before the request arrived.
            let contact_at = if outreach.occurred_on == now.date() {
                now
            } else {
                outreach
                    .occurred_on
                    .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN))
            };
            let contact_at =
                clock::parse_stamp(&received).map_or(contact_at, |r| contact_at.max(r));
            requests::transition(
                tx,
                request,
                &[Status::Matched],
                Status::Connected,
                Some("first contact logged"),
                now,
            )?;
            tx.execute(
                "UPDATE requests SET first_contact_at = coalesce(first_contact_at, ?2) WHERE id = ?1",
                params![request, stamp(contact_at)],
            )?;
            tx.execute(
                "DELETE FROM follow_ups WHERE request_id = ?1 AND done_at IS NULL",
                [request],
            )?;
            for days in program::load(tx)?.follow_up_days {
                tx.execute(
                    "INSERT INTO follow_ups (request_id, due_on) VALUES (?1, ?2)",
                    params![
                        request,
                        (outreach.occurred_on + chrono::Duration::days(i64::from(days)))
                            .to_string()
                    ],
                )?;
            }
        }
        Kind::FollowUp => {
            if !matches!(status, Status::Connected | Status::FollowUp) {
                return Err(CoreError::refused(
                    Problem::NotAllowed,
                    format!(
                        "request #{request} is {}: a follow-up comes after the first contact",
                        status.as_str()
                    ),
                ));
            }
            tx.execute(
                "UPDATE follow_ups SET done_at = ?2 WHERE id = (
                    SELECT id FROM follow_ups WHERE request_id = ?1 AND done_at IS NULL ORDER BY due_on, id LIMIT 1)",
                params![request, stamp(now)],
            )?;
            if status == Status::Connected {
                requests::transition(
                    tx,
                    request,
                    &[Status::Connected],
                    Status::FollowUp,
                    Some("follow-up logged"),
                    now,
                )?;
            }
        }
    }
    Ok(())
}

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
                    x.comments, x.request_id
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

/// A form pre-filled for logging a contact on `request`: its supporter, role, department and
/// referral; initial when it is matched, follow-up after that.
pub fn form_for_request(conn: &Connection, request: i64, today: NaiveDate) -> Result<OutreachForm> {
    let detail = requests::detail(conn, request, today)?;
    let kind = if detail.status == Status::Matched.as_str() {
        Kind::Initial
    } else {
        Kind::FollowUp
    };
    Ok(OutreachForm {
        occurred_on: today.to_string(),
        kind: kind.as_str().into(),
        mode: detail.preferred_mode.unwrap_or_default(),
        referred_by: detail.referred_by.unwrap_or_default(),
        department: detail.department.unwrap_or_default(),
        role: detail.role.unwrap_or_default(),
        supporter_id: detail.supporter_id,
        issue_types: detail.issue_types,
        resources: Vec::new(),
        comments: String::new(),
        request_id: Some(request),
    })
}
