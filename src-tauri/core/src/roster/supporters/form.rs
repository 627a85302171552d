//! The supporter form and its check: every field as typed, checked all at once, each problem
//! beside its field. Writing a checked supporter is `mod.rs`'s.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{check_email, check_phone, clean_text, parse_date, parse_past_date, shorten};
use crate::program::picklists::{self, List};

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
    /// The last day of a rest (empty: not resting). Matching leaves them out through it.
    pub resting_until: String,
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
    pub resting_until: Option<NaiveDate>,
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
        compare("rest", self.resting_until != other.resting_until);
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
    let resting_until = optional(
        &form.resting_until,
        shape(parse_date),
        "resting_until",
        &mut errors,
    );
    if let Some(until) = resting_until.filter(|until| *until <= today) {
        // A rest that ended may stay as it was (the form of an old rest, an import); a new
        // one ends after today.
        let stored: Option<String> = match except {
            Some(id) => conn
                .prepare_cached("SELECT resting_until FROM supporters WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .flatten(),
            None => None,
        };
        if stored.as_deref() != Some(until.to_string().as_str()) {
            errors.add(
                "resting_until",
                Problem::OutOfRange,
                format!("a rest ends after today ({until} is not); leave it empty when they are not resting"),
            );
        }
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
    let missing = || CoreError::Internal("a checked field went missing".into());
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
        resting_until,
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
