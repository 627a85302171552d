//! Message templates: the texts a coordinator sends again and again, with `{{placeholders}}`
//! filled from a request, its supporter and the program's settings. A placeholder this module
//! does not know is refused when the template is saved, so a sent message never carries a
//! blank where a name should be; a known one with no value yet (an anonymous requester) is
//! shown as a visible `[…]` marker and listed, never silently left empty.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock;
use crate::daily::requests;
use crate::error::{CoreError, FieldErrors, Problem, Result};
use crate::program;
use crate::program::outreach_choices::{self, ChoiceList};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Acknowledgement,
    Introduction,
    FollowUp,
    MeetingReminder,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Acknowledgement,
        Kind::Introduction,
        Kind::FollowUp,
        Kind::MeetingReminder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Acknowledgement => "acknowledgement",
            Kind::Introduction => "introduction",
            Kind::FollowUp => "follow_up",
            Kind::MeetingReminder => "meeting_reminder",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::Acknowledgement => "Acknowledgement to the requester",
            Kind::Introduction => "Introduction to the supporter",
            Kind::FollowUp => "Follow-up check-in",
            Kind::MeetingReminder => "Meeting reminder to a supporter",
        }
    }

    /// Who the message goes to: its address comes from there.
    fn to_supporter(self) -> bool {
        matches!(self, Kind::Introduction | Kind::MeetingReminder)
    }
}

/// Every placeholder a template may use, with what it stands for (shown in the editor).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("program.name", "the program's name"),
    ("program.phone", "the program's phone line"),
    ("program.email", "the program's email"),
    (
        "program.request_form_url",
        "the web address of the request form",
    ),
    ("request.id", "the request's number, like #42"),
    ("request.received", "the day the request arrived"),
    ("request.channel", "how it arrived (phone, web form, …)"),
    (
        "request.preferred_mode",
        "how the requester prefers to talk",
    ),
    ("request.role", "the requester's role"),
    ("request.department", "the requester's department"),
    ("request.organization", "the requester's organization"),
    ("request.issue_types", "the request's issue types"),
    ("request.requester_name", "the requester's name (if given)"),
    ("request.contact", "how to reach the requester (if given)"),
    (
        "request.note",
        "the intake note (only where the coordinator adds it)",
    ),
    ("due_date", "when the first contact is due"),
    ("follow_up_date", "when the next follow-up check-in is due"),
    ("supporter.name", "the supporter's full name"),
    ("supporter.first_name", "the supporter's first name"),
    ("supporter.role", "the supporter's role"),
    ("supporter.department", "the supporter's department"),
    ("supporter.organization", "the supporter's organization"),
    ("supporter.phone", "the supporter's phone"),
    ("supporter.email", "the supporter's email"),
    (
        "supporter.last_meeting",
        "the supporter's last support-the-supporters meeting",
    ),
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Template {
    pub kind: Kind,
    pub title: String,
    pub subject: String,
    pub body: String,
    pub updated_at: String,
}

pub fn list(conn: &Connection) -> Result<Vec<Template>> {
    Kind::ALL.iter().map(|kind| get(conn, *kind)).collect()
}

pub fn get(conn: &Connection, kind: Kind) -> Result<Template> {
    let (subject, body, updated_at) = conn
        .prepare_cached("SELECT subject, body, updated_at FROM message_templates WHERE kind = ?1")?
        .query_row([kind.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .unwrap_or_default();
    Ok(Template {
        kind,
        title: kind.title().into(),
        subject,
        body,
        updated_at,
    })
}

/// The placeholders in `text` that are not known (`Unknown`), and whether a `{{` is never
/// closed (`Format`).
fn unknown_placeholders(text: &str) -> std::result::Result<(), (Problem, String)> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err((
                Problem::Format,
                "a placeholder opened with {{ is never closed with }}".into(),
            ));
        };
        let name = after[..end].trim();
        if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
            unknown.push(format!("{{{{{}}}}}", crate::fields::shorten(name)));
        }
        rest = &after[end + 2..];
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err((
            Problem::Unknown,
            format!(
                "unknown placeholder{} {}: use one of the list beside the editor",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.join(", ")
            ),
        ))
    }
}

fn check(subject: &str, body: &str) -> Result<()> {
    let mut errors = FieldErrors::default();
    if subject.trim().is_empty() {
        errors.add("subject", Problem::Required, "a message needs a subject");
    } else if subject.contains('\n') {
        errors.add("subject", Problem::Format, "a subject is one line");
    }
    if let Err((code, message)) = unknown_placeholders(subject) {
        errors.add("subject", code, message);
    }
    if body.trim().is_empty() {
        errors.add("body", Problem::Required, "a message needs a text");
    }
    if let Err((code, message)) = unknown_placeholders(body) {
        errors.add("body", code, message);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Fields(errors))
    }
}

/// Saves a template after checking every placeholder in it.
pub fn save(conn: &Connection, kind: Kind, subject: &str, body: &str) -> Result<()> {
    check(subject, body)?;
    conn.execute(
        "INSERT INTO message_templates (kind, subject, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at",
        params![kind.as_str(), subject.trim(), body.trim_end(), clock::now_utc()],
    )?;
    Ok(())
}

/// A message ready to copy or open as a mail draft.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
    /// The recipient's email, when the store has one.
    pub to: Option<String>,
    /// A `mailto:` draft with subject and body.
    pub mailto: String,
    /// Placeholders with no value yet: shown as `[…]` in the text, to fill in before sending.
    pub missing: Vec<String>,
}

/// Renders the saved template `kind` for a request (and its supporter, or `supporter`).
pub fn render(
    conn: &Connection,
    kind: Kind,
    request: Option<i64>,
    supporter: Option<i64>,
    today: NaiveDate,
) -> Result<Rendered> {
    let template = get(conn, kind)?;
    render_text(
        conn,
        kind,
        &template.subject,
        &template.body,
        request,
        supporter,
        today,
    )
}

/// Renders unsaved text (the editor's live preview); unknown placeholders are an error.
pub fn render_text(
    conn: &Connection,
    kind: Kind,
    subject: &str,
    body: &str,
    request: Option<i64>,
    supporter: Option<i64>,
    today: NaiveDate,
) -> Result<Rendered> {
    check(subject, body)?;
    let values = values(conn, request, supporter, today)?;
    let mut missing = Vec::new();
    let subject = fill(subject, &values, &mut missing);
    let body = fill(body, &values, &mut missing);
    let address = if kind.to_supporter() {
        "supporter.email"
    } else {
        "request.contact"
    };
    // A web-form contact may hold an email and a phone ("sam@x.org · 555-0101"): the address
    // is the first part that is an email.
    let to = values.get(address).and_then(|contact| {
        contact
            .split(|c: char| c.is_whitespace() || matches!(c, '·' | ',' | ';' | '/'))
            .find_map(|part| crate::fields::check_email(part).ok())
    });
    let mailto = format!(
        "mailto:{}?subject={}&body={}",
        to.as_deref().map(percent_encode).unwrap_or_default(),
        percent_encode(&subject),
        percent_encode(&body.replace('\n', "\r\n"))
    );
    Ok(Rendered {
        subject,
        body,
        to,
        mailto,
        missing,
    })
}

fn fill(text: &str, values: &BTreeMap<&'static str, String>, missing: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match values.get(name).filter(|v| !v.trim().is_empty()) {
            Some(value) => out.push_str(value),
            None => {
                out.push_str(&format!("[{name}]"));
                if !missing.iter().any(|m| m == name) {
                    missing.push(name.to_string());
                }
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn long_date(date: &str) -> String {
    NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d")
        .map(|d| d.format("%A, %B %-d").to_string())
        .unwrap_or_else(|_| date.to_string())
}

/// The values of every placeholder the request, the supporter and the settings can give.
fn values(
    conn: &Connection,
    request: Option<i64>,
    supporter: Option<i64>,
    today: NaiveDate,
) -> Result<BTreeMap<&'static str, String>> {
    let mut values = BTreeMap::new();
    let program = program::load(conn)?;
    values.insert("program.name", program.program_name);
    values.insert("program.phone", program.program_phone);
    values.insert("program.email", program.program_email);
    values.insert("program.request_form_url", program.request_form_url);
    let mut supporter = supporter;
    if let Some(id) = request {
        let detail = requests::detail(conn, id, today)?;
        let mode = match &detail.preferred_mode {
            Some(code) => outreach_choices::label(conn, ChoiceList::Modes, code)?.to_lowercase(),
            None => String::new(),
        };
        values.insert("request.id", format!("#{}", detail.id));
        values.insert("request.received", long_date(&detail.received_at));
        values.insert(
            "request.channel",
            detail.channel.clone().unwrap_or_default(),
        );
        values.insert("request.preferred_mode", mode);
        values.insert("request.role", detail.role.clone().unwrap_or_default());
        values.insert(
            "request.department",
            detail.department.clone().unwrap_or_default(),
        );
        values.insert(
            "request.organization",
            detail.organization.clone().unwrap_or_default(),
        );
        values.insert("request.issue_types", detail.issue_types.join(", "));
        values.insert(
            "request.requester_name",
            detail.requester_name.clone().unwrap_or_default(),
        );
        values.insert(
            "request.contact",
            detail.requester_contact.clone().unwrap_or_default(),
        );
        values.insert("request.note", detail.note.clone().unwrap_or_default());
        values.insert("due_date", long_date(&detail.due_on));
        if let Some(next) = detail.follow_ups.iter().find(|f| f.done_at.is_none()) {
            values.insert("follow_up_date", long_date(&next.due_on));
        }
        supporter = supporter.or(detail.supporter_id);
    }
    if let Some(id) = supporter {
        let row = conn
            .prepare_cached(
                "SELECT s.name, r.value, d.value, o.name, s.phone, s.email,
                        (SELECT max(m.held_on) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
                          WHERE a.supporter_id = s.id)
                 FROM supporters s
                 JOIN picklist_entries r ON r.id = s.role_id
                 LEFT JOIN picklist_entries d ON d.id = s.department_id
                 JOIN organizations o ON o.id = s.organization_id
                 WHERE s.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .optional()?
            .ok_or_else(|| {
                CoreError::invalid(
                    "supporter_id",
                    Problem::Unknown,
                    format!("there is no supporter #{id}"),
                )
            })?;
        let (name, role, department, organization, phone, email, last_meeting) = row;
        values.insert(
            "supporter.first_name",
            name.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        );
        values.insert("supporter.name", name);
        values.insert("supporter.role", role);
        values.insert("supporter.department", department.unwrap_or_default());
        values.insert("supporter.organization", organization);
        values.insert("supporter.phone", phone.unwrap_or_default());
        values.insert("supporter.email", email.unwrap_or_default());
        values.insert(
            "supporter.last_meeting",
            last_meeting.map_or_else(
                || "not yet".to_string(),
                |d| format!("on {}", long_date(&d)),
            ),
        );
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_placeholder_is_refused_at_save_and_nothing_changes() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let before = get(&conn, Kind::Acknowledgement).expect("template");
        let error = save(
            &conn,
            Kind::Acknowledgement,
            "Hi {{request.nam}}",
            "Dear {{requester.first}}, {{program.name}}",
        )
        .expect_err("unknown");
        let CoreError::Fields(fields) = error else {
            panic!("field errors expected")
        };
        assert_eq!(
            fields.0.len(),
            2,
            "one field error each for the unknown subject and body placeholders"
        );
        assert!(
            fields.0[0].message.contains("{{request.nam}}"),
            "{:?}",
            fields.0
        );
        assert!(
            fields.0[1].message.contains("{{requester.first}}"),
            "the body error names the unknown requester.first placeholder"
        );
        let placed: Vec<(Option<&str>, Problem)> = fields
            .0
            .iter()
            .map(|e| (e.field.as_deref(), e.code))
            .collect();
        assert_eq!(
            placed,
            [
                (Some("subject"), Problem::Unknown),
                (Some("body"), Problem::Unknown)
            ],
            "an unknown placeholder is Unknown, beside the subject and the body"
        );
        assert!(
            save(&conn, Kind::Acknowledgement, "Hi", "Hello {{program.name").is_err(),
            "a placeholder left unclosed is refused at save"
        );
        assert_eq!(
            get(&conn, Kind::Acknowledgement).expect("same"),
            before,
            "the refused saves leave the acknowledgement template unchanged"
        );
    }

    #[test]
    fn every_default_template_uses_known_placeholders_only() {
        let conn = crate::store::migrations::in_memory().expect("store");
        for template in list(&conn).expect("templates") {
            assert!(
                !template.body.is_empty(),
                "every default template has a body"
            );
            assert!(
                check(&template.subject, &template.body).is_ok(),
                "{}",
                template.kind.as_str()
            );
        }
    }

    #[test]
    fn filling_marks_what_has_no_value_instead_of_leaving_a_blank() {
        let values = BTreeMap::from([
            ("program.name", "Peer Line".to_string()),
            ("request.contact", String::new()),
        ]);
        let mut missing = Vec::new();
        let text = fill(
            "{{program.name}}: write to {{ request.contact }}.",
            &values,
            &mut missing,
        );
        assert_eq!(
            text, "Peer Line: write to [request.contact].",
            "the empty contact is marked in brackets, not left blank"
        );
        assert_eq!(
            missing,
            ["request.contact"],
            "the empty contact is reported as missing"
        );
    }

    #[test]
    fn a_mailto_draft_is_fully_encoded() {
        assert_eq!(
            percent_encode("a b&c=d\r\né"),
            "a%20b%26c%3Dd%0D%0A%C3%A9",
            "spaces, reserved characters, line breaks and accents are percent-encoded in the draft"
        );
    }
}
