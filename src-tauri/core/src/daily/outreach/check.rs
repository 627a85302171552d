//! The outreach form's check: every field against the program's lists and choices, each
//! problem beside its field, into the `Checked` outreach that `add` and `update` write.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::fields::{clean_text, parse_date};
use crate::program::outreach_choices::{self, ChoiceList};
use crate::program::picklists::{self, List};

use super::{Checked, Kind, Outcome, OutreachForm};

const COMMENTS_LIMIT: usize = 1000;

/// Checks a form. `kept` is the outreach before an edit: entries it already holds stay valid
/// even if retired since (retiring never breaks history).
pub(super) fn check(
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
    let outcome = Outcome::parse(&form.outcome).unwrap_or_else(|message| {
        errors.add("outcome", Problem::Unknown, message);
        None
    });
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
            outcome,
        }),
        _ => Err(CoreError::refused(
            Problem::Required,
            "the outreach is incomplete",
        )),
    }
}
