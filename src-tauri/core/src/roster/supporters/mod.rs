//! Peer supporters: the roster the coordinator keeps. A supporter is paused until a date or
//! retired, never deleted: their history (matches, outreaches) keeps pointing at them.

pub mod import;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{check_email, check_phone, clean_text, parse_date, parse_past_date, shorten};
use crate::program::picklists::{self, List};

/// One line of the roster.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub specialty: Option<String>,
    pub department: Option<String>,
    pub organization: String,
    pub languages: String,
    pub status: String,
    pub paused_until: Option<String>,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub trained_on: Option<String>,
    pub last_meeting: Option<String>,
    /// No meeting attended (nor training) within the program's interval.
    pub meeting_overdue: bool,
    pub consent_to_list: bool,
}

/// The whole roster, by name. Open cases are the supporter's active matches.
pub fn roster(conn: &Connection, today: NaiveDate) -> Result<Vec<RosterRow>> {
    roster_rows(conn, today, None)
}

/// The roster, or only supporter `only` (a supporter's page needs one row, not 2,000).
fn roster_rows(conn: &Connection, today: NaiveDate, only: Option<i64>) -> Result<Vec<RosterRow>> {
    let since = meeting_cutoff(conn, today)?;
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.name, r.value, s.specialty, d.value, o.name, s.languages, s.status, s.paused_until,
                (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active'),
                s.max_open_cases, s.trained_on,
                (SELECT max(mt.held_on) FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id
                  WHERE a.supporter_id = s.id) AS last_meeting,
                s.consent_to_list, substr(s.created_at, 1, 10)
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE ?1 IS NULL OR s.id = ?1
         ORDER BY s.name COLLATE NOCASE, s.id",
    )?;
    let rows = statement.query_map([only], |r| {
        let status: String = r.get(7)?;
        let trained_on: Option<String> = r.get(11)?;
        let last_meeting: Option<String> = r.get(12)?;
        let created_on: String = r.get(14)?;
        let latest = [&last_meeting, &trained_on]
            .into_iter()
            .flatten()
            .max()
            .cloned()
            .unwrap_or(created_on);
        Ok(RosterRow {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            specialty: r.get(3)?,
            department: r.get(4)?,
            organization: r.get(5)?,
            languages: r.get(6)?,
            meeting_overdue: status != "retired" && latest < since,
            status,
            paused_until: r.get(8)?,
            open_cases: r.get(9)?,
            max_open_cases: r.get(10)?,
            trained_on,
            last_meeting,
            consent_to_list: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The date before which a last meeting counts as overdue, as YYYY-MM-DD.
fn meeting_cutoff(conn: &Connection, today: NaiveDate) -> Result<String> {
    let months = crate::store::settings::meeting_interval_months(conn)?;
    Ok(today
        .checked_sub_months(Months::new(months))
        .unwrap_or(today)
        .to_string())
}

/// A supporter as the form shows it: every field as the coordinator types it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct SupporterForm {
    pub name: String,
    pub role: String,
    pub specialty: String,
    pub department: String,
    /// Empty means the host program.
    pub organization: String,
    pub phone: String,
    pub email: String,
    /// Comma-separated, e.g. "English, Spanish".
    pub languages: String,
    pub years_in_role: String,
    pub trained_on: String,
    pub max_open_cases: String,
    pub consent_to_list: bool,
    pub notes: String,
    /// active, paused or retired; empty keeps the current one (active for someone new).
    pub status: String,
    pub paused_until: String,
}

/// How names of roles, departments and organizations that are not in the lists are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewEntries {
    /// The form offers the lists; anything else is a mistake.
    Refuse,
    /// An import brings its own: they are added (and the preview says so).
    Add,
}

/// A supporter whose every field passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supporter {
    pub name: String,
    pub role: String,
    pub specialty: Option<String>,
    pub department: Option<String>,
    pub organization: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub languages: Vec<String>,
    pub years_in_role: Option<i64>,
    pub trained_on: Option<NaiveDate>,
    pub status: String,
    pub paused_until: Option<NaiveDate>,
    pub max_open_cases: i64,
    pub consent_to_list: bool,
    pub notes: Option<String>,
}

impl Supporter {
    /// The names of the fields that differ, for "updated (phone, email)".
    pub fn changed_fields(&self, other: &Supporter) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut compare = |field, differs: bool| {
            if differs {
                changed.push(field);
            }
        };
        compare("name", self.name != other.name);
        compare("role", !self.role.eq_ignore_ascii_case(&other.role));
        compare("specialty", self.specialty != other.specialty);
        compare(
            "department",
            !same_name(&self.department, &other.department),
        );
        compare(
            "organization",
            !self.organization.eq_ignore_ascii_case(&other.organization),
        );
        compare("phone", self.phone != other.phone);
        compare("email", !same_name(&self.email, &other.email));
        compare(
            "languages",
            self.languages.join(", ").to_lowercase() != other.languages.join(", ").to_lowercase(),
        );
        compare("years in role", self.years_in_role != other.years_in_role);
        compare("trained on", self.trained_on != other.trained_on);
        compare(
            "status",
            self.status != other.status || self.paused_until != other.paused_until,
        );
        compare(
            "open-case limit",
            self.max_open_cases != other.max_open_cases,
        );
        compare("consent", self.consent_to_list != other.consent_to_list);
        compare("notes", self.notes != other.notes);
        changed
    }
}

fn same_name(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    }
}

/// The supporter statuses.
pub const STATUSES: [&str; 3] = ["active", "paused", "retired"];
/// The default and the bounds of the open-case limit.
pub const DEFAULT_MAX_OPEN_CASES: i64 = 3;
const MAX_OPEN_CASES: std::ops::RangeInclusive<i64> = 1..=10;

/// Checks every field of a form and gathers every problem, each beside its field.
/// `except` is the supporter being edited (their own email is not a duplicate).
pub fn check(
    conn: &Connection,
    form: &SupporterForm,
    today: NaiveDate,
    new_entries: NewEntries,
    except: Option<i64>,
) -> Result<Supporter> {
    let mut errors = FieldErrors::default();
    let name = clean_text(&form.name);
    match &name {
        None => errors.add("name", Problem::Required, "the name is missing"),
        Some(n) if n.chars().count() > 120 => errors.add(
            "name",
            Problem::TooLong,
            "a name has at most 120 characters",
        ),
        Some(_) => {}
    }
    let role = checked_entry(conn, List::Roles, &form.role, new_entries, &mut errors)?;
    if role.is_none() && !errors.has("role") {
        errors.add("role", Problem::Required, "the role is missing");
    }
    let department = checked_entry(
        conn,
        List::Departments,
        &form.department,
        new_entries,
        &mut errors,
    )?;
    let organization = match clean_text(&form.organization) {
        Some(text) => {
            match crate::program::organizations::find(conn, &text)? {
                Some(id) => Some(crate::program::organizations::name_of(conn, id)?),
                // A new organization must be one Settings would accept, or the import that
                // adds it would fail after its preview said yes (found by fuzzing).
                None if new_entries == NewEntries::Add => {
                    match crate::program::organizations::check_name(&text) {
                        Ok(()) => Some(text),
                        // `check_name` refuses a name for its length only.
                        Err(message) => {
                            errors.add("organization", Problem::TooLong, message);
                            None
                        }
                    }
                }
                None => {
                    errors.add("organization", Problem::Unknown, format!("there is no organization \"{}\": add it in Settings → Organizations first", shorten(&text)));
                    None
                }
            }
        }
        None => match crate::program::organizations::host(conn)? {
            Some(id) => Some(crate::program::organizations::name_of(conn, id)?),
            None => {
                errors.add(
                    "organization",
                    Problem::Required,
                    "add the host program in Settings → Organizations first",
                );
                None
            }
        },
    };
    let phone = optional(&form.phone, shape(check_phone), "phone", &mut errors);
    let email = optional(&form.email, shape(check_email), "email", &mut errors);
    if let Some(email) = &email {
        let other: Option<i64> = conn
            .prepare_cached("SELECT id FROM supporters WHERE email = ?1 COLLATE NOCASE")?
            .query_row([email], |r| r.get(0))
            .optional()?;
        if other.is_some() && other != except {
            errors.add(
                "email",
                Problem::Duplicate,
                format!("another supporter already has the email {email}"),
            );
        }
    }
    let mut languages: Vec<String> = Vec::new();
    for language in form.languages.split([',', ';', '/']).filter_map(clean_text) {
        if language.chars().count() > 40 {
            // Refused for its length: a language's name is short.
            errors.add(
                "languages",
                Problem::TooLong,
                format!("\"{}\" is not a language", shorten(&language)),
            );
        } else if !languages.iter().any(|l| l.eq_ignore_ascii_case(&language)) {
            languages.push(language);
        }
    }
    let years_in_role = optional(
        &form.years_in_role,
        |text| match text.trim().parse::<i64>() {
            Ok(years) if (0..=70).contains(&years) => Ok(years),
            parsed => Err((
                if parsed.is_ok() {
                    Problem::OutOfRange
                } else {
                    Problem::Format
                },
                format!(
                    "\"{}\" is not a number of years from 0 to 70",
                    shorten(text)
                ),
            )),
        },
        "years_in_role",
        &mut errors,
    );
    let trained_on = optional(
        &form.trained_on,
        |t| parse_past_date(t, today),
        "trained_on",
        &mut errors,
    );
    let max_open_cases = match form.max_open_cases.trim() {
        "" => Some(DEFAULT_MAX_OPEN_CASES),
        text => match text.parse::<i64>() {
            Ok(n) if MAX_OPEN_CASES.contains(&n) => Some(n),
            parsed => {
                errors.add(
                    "max_open_cases",
                    if parsed.is_ok() {
                        Problem::OutOfRange
                    } else {
                        Problem::Format
                    },
                    "the open-case limit is a whole number from 1 to 10",
                );
                None
            }
        },
    };
    let status = match form.status.trim().to_lowercase().as_str() {
        "" => Some("active".to_string()),
        s if STATUSES.contains(&s) => Some(s.to_string()),
        other => {
            errors.add(
                "status",
                Problem::Unknown,
                format!(
                    "\"{}\" is not a status: use active, paused or retired",
                    shorten(other)
                ),
            );
            None
        }
    };
    let paused_until = optional(
        &form.paused_until,
        shape(parse_date),
        "paused_until",
        &mut errors,
    );
    if status.as_deref() == Some("paused")
        && paused_until.is_none()
        && form.paused_until.trim().is_empty()
    {
        errors.add(
            "paused_until",
            Problem::Required,
            "a paused supporter needs the date they are back",
        );
    }
    let notes = clean_notes(&form.notes);
    if notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        errors.add(
            "notes",
            Problem::TooLong,
            "notes have at most 2,000 characters",
        );
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    let missing = || CoreError::refused(Problem::Required, "a checked field went missing");
    let status = status.ok_or_else(missing)?;
    Ok(Supporter {
        name: name.ok_or_else(missing)?,
        role: role.ok_or_else(missing)?,
        specialty: clean_text(&form.specialty),
        department,
        organization: organization.ok_or_else(missing)?,
        phone,
        email,
        languages,
        years_in_role,
        trained_on,
        paused_until: if status == "paused" {
            paused_until
        } else {
            None
        },
        status,
        max_open_cases: max_open_cases.ok_or_else(missing)?,
        consent_to_list: form.consent_to_list,
        notes,
    })
}

/// Notes keep their line breaks; only the ends are trimmed.
fn clean_notes(text: &str) -> Option<String> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    (!text.is_empty()).then_some(text)
}

/// A check of a value's shape (an email, a phone, a date), whose refusals are all `Format`.
fn shape<T>(
    check: impl Fn(&str) -> std::result::Result<T, String>,
) -> impl Fn(&str) -> std::result::Result<T, (Problem, String)> {
    move |text| check(text).map_err(|message| (Problem::Format, message))
}

fn optional<T>(
    text: &str,
    parse: impl Fn(&str) -> std::result::Result<T, (Problem, String)>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<T> {
    if text.trim().is_empty() {
        return None;
    }
    match parse(text) {
        Ok(value) => Some(value),
        Err((code, message)) => {
            errors.add(field, code, message);
            None
        }
    }
}

/// The list's own spelling of `text`, or `text` itself when it is new and may be added.
fn checked_entry(
    conn: &Connection,
    list: List,
    text: &str,
    new_entries: NewEntries,
    errors: &mut FieldErrors,
) -> Result<Option<String>> {
    let Some(text) = clean_text(text) else {
        return Ok(None);
    };
    let field = match list {
        List::Roles => "role",
        _ => "department",
    };
    if text.chars().count() > 80 {
        errors.add(
            field,
            Problem::TooLong,
            format!("a {} has at most 80 characters", list.noun()),
        );
        return Ok(None);
    }
    match picklists::find(conn, list, &text)? {
        Some(id) => Ok(Some(conn.query_row(
            "SELECT value FROM picklist_entries WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?)),
        None if new_entries == NewEntries::Add => Ok(Some(text)),
        None => {
            errors.add(
                field,
                Problem::Unknown,
                format!(
                    "\"{}\" is not in the {} list: choose one, or add it in Settings → Lists",
                    shorten(&text),
                    list.noun()
                ),
            );
            Ok(None)
        }
    }
}

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
    ];
    match id {
        None => {
            conn.prepare_cached(
                "INSERT INTO supporters (name, role_id, specialty, department_id, organization_id, phone, email,
                    languages, years_in_role, trained_on, status, paused_until, max_open_cases, consent_to_list,
                    notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
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
                    consent_to_list = ?14, notes = ?15, updated_at = ?16
                 WHERE id = ?17",
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
                s.paused_until
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

/// Retires a supporter: off the roster's offers for good, history kept.
pub fn retire(conn: &Connection, id: i64) -> Result<()> {
    set_status(conn, id, "retired", None, "supporter retired")
}

/// A supporter's page: their details and what they have done, never a requester's name.
#[derive(Debug, Clone, Serialize)]
pub struct SupporterDetail {
    pub id: i64,
    pub form: SupporterForm,
    pub roster: RosterRow,
    /// How many of the requests they were matched to are in each status.
    pub requests_by_status: Vec<(String, i64)>,
    pub matches: Vec<MatchLine>,
    pub outreaches: i64,
    pub last_outreach: Option<String>,
    pub trainings: Vec<AttendedSession>,
    pub meetings: Vec<AttendedSession>,
}

/// One request the supporter was matched to, by number (the requester is not named).
#[derive(Debug, Clone, Serialize)]
pub struct MatchLine {
    pub request_id: i64,
    pub matched_at: String,
    pub outcome: String,
    pub request_status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendedSession {
    pub held_on: String,
    pub what: Option<String>,
}

pub fn detail(conn: &Connection, id: i64, today: NaiveDate) -> Result<SupporterDetail> {
    let form = form_of(conn, id)?;
    let roster = roster_rows(conn, today, Some(id))?
        .pop()
        .ok_or_else(|| no_such_supporter(id))?;
    let requests_by_status = conn
        .prepare_cached(
            "SELECT q.status, count(DISTINCT q.id) FROM matches m JOIN requests q ON q.id = m.request_id
             WHERE m.supporter_id = ?1 GROUP BY q.status ORDER BY count(DISTINCT q.id) DESC",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let matches = conn
        .prepare_cached(
            "SELECT m.request_id, m.matched_at, m.outcome, q.status FROM matches m
             JOIN requests q ON q.id = m.request_id
             WHERE m.supporter_id = ?1 ORDER BY m.matched_at DESC LIMIT 50",
        )?
        .query_map([id], |r| {
            Ok(MatchLine {
                request_id: r.get(0)?,
                matched_at: r.get(1)?,
                outcome: r.get(2)?,
                request_status: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (outreaches, last_outreach) = conn.query_row(
        "SELECT count(*), max(occurred_on) FROM outreaches WHERE supporter_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let sessions = |sql: &str| -> Result<Vec<AttendedSession>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([id], |r| {
                Ok(AttendedSession {
                    held_on: r.get(0)?,
                    what: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(SupporterDetail {
        id,
        form,
        roster,
        requests_by_status,
        matches,
        outreaches,
        last_outreach,
        trainings: sessions(
            "SELECT t.held_on, coalesce(t.topic, '') || CASE WHEN t.trainer IS NULL THEN '' ELSE ' (' || t.trainer || ')' END
             FROM training_attendance a JOIN trainings t ON t.id = a.training_id
             WHERE a.supporter_id = ?1 ORDER BY t.held_on DESC",
        )?,
        meetings: sessions(
            "SELECT m.held_on, m.topic FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.supporter_id = ?1 ORDER BY m.held_on DESC",
        )?,
    })
}

#[cfg(test)]
mod tests;
