//! The program's settings as the daily loop reads them: matching mode, reply target,
//! follow-up offsets, retention, holidays, the outreach target after a critical event and the
//! program's own contact details. Every key is
//! checked here, so the Settings screen and `peerdesk settings set` refuse the same values
//! with the same words.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldError, FieldErrors, Problem, Result};
use crate::fields::{check_email, check_phone, clean_text, parse_date};
use crate::program::calendar::{self, Holiday};
use crate::store::settings;

/// Where a supporter may come from, relative to the requester.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// From a different organization than the requester (a network of hospitals).
    Network,
    /// From the requester's organization, never from their own department.
    InHouse,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Network => "network",
            Mode::InHouse => "in-house",
        }
    }

    fn parse(text: &str) -> Result<Mode, (Problem, String)> {
        match text.trim().to_lowercase().as_str() {
            "network" => Ok(Mode::Network),
            "in-house" | "inhouse" | "in house" => Ok(Mode::InHouse),
            other => Err((
                Problem::Unknown,
                format!("\"{other}\" is not a mode: write network or in-house"),
            )),
        }
    }
}

/// Every setting the program has, with its value as the store holds it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Program {
    pub mode: Mode,
    pub reply_target_days: u32,
    pub follow_up_days: Vec<u32>,
    pub retention_days: u32,
    pub meeting_interval_months: u32,
    pub suppression_threshold: u32,
    pub holidays: Vec<Holiday>,
    pub program_name: String,
    pub program_phone: String,
    pub program_email: String,
    pub request_form_url: String,
    /// The host organization's brand colour (#RRGGBB), or empty.
    pub brand_color: String,
    /// The host organization's logo, described ("PNG, 14 KB"), or empty.
    pub program_logo: String,
    /// Minutes without a keystroke or a click before PeerDesk locks itself.
    pub auto_lock_minutes: u32,
    /// Where automatic backups go; empty for `backups/` in the data folder.
    pub backup_folder: String,
    /// How many automatic backups are kept.
    pub backup_keep: u32,
    /// Hours after a critical event within which its unit should be reached (a huddle, a
    /// debrief or an outreach); each event keeps the target of the day it was logged.
    pub event_outreach_hours: u32,
    /// Care of the supporters: the load warning, how long training lasts, what due means.
    #[serde(flatten)]
    pub care: Care,
}

/// The settings of the supporters' care: when their load warns, how long a training or a
/// support-the-supporters meeting keeps them current, and whether matching leaves out those
/// who are due.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Care {
    /// More contacts than this in the last 30 days and the supporter's load warns.
    pub load_warning_contacts: u32,
    /// A supporter whose latest training or meeting is older than this many months is due.
    pub training_valid_months: u32,
    /// Whether matching leaves due supporters out (else it only flags them).
    pub training_due_matching: DueMatching,
}

/// What matching does with a supporter whose training is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueMatching {
    /// Offered as usual, with "training due" among the reasons.
    Flag,
    /// Left out of matching until a training or a meeting is recorded.
    Exclude,
}

impl DueMatching {
    pub const NAMES: [&'static str; 2] = ["flag", "exclude"];

    pub fn as_str(self) -> &'static str {
        match self {
            DueMatching::Flag => "flag",
            DueMatching::Exclude => "exclude",
        }
    }

    fn parse(text: &str) -> Result<DueMatching, (Problem, String)> {
        match text.trim().to_lowercase().as_str() {
            "flag" => Ok(DueMatching::Flag),
            "exclude" => Ok(DueMatching::Exclude),
            other => Err((
                Problem::Unknown,
                format!(
                    "\"{}\" is not a choice: write flag (offer due supporters, flagged) or exclude (leave them out of matching)",
                    crate::fields::shorten(other)
                ),
            )),
        }
    }
}

/// The defaults of a new store: a warning above 6 contacts in 30 days, training good for 24
/// months, due supporters flagged (not left out).
pub const DEFAULT_LOAD_WARNING_CONTACTS: u32 = 6;
pub const DEFAULT_TRAINING_VALID_MONTHS: u32 = 24;

/// The matching mode alone (without the rest of `load`: ranking reads it every time).
pub fn mode(conn: &Connection) -> Result<Mode> {
    Ok(Mode::parse(&settings::get(conn, "mode")?.unwrap_or_default()).unwrap_or(Mode::Network))
}

/// The care settings alone: what the roster and matching read (without the rest of `load`).
pub fn care(conn: &Connection) -> Result<Care> {
    Ok(Care {
        load_warning_contacts: settings::get_u32(
            conn,
            "load_warning_contacts",
            DEFAULT_LOAD_WARNING_CONTACTS,
        )?,
        training_valid_months: settings::get_u32(
            conn,
            "training_valid_months",
            DEFAULT_TRAINING_VALID_MONTHS,
        )?,
        training_due_matching: settings::get(conn, "training_due_matching")?
            .and_then(|v| DueMatching::parse(&v).ok())
            .unwrap_or(DueMatching::Flag),
    })
}

/// Minutes of idleness before the window locks itself, unless Settings says otherwise.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 10;

/// The keys `settings set` and the Settings screen accept, in the order `settings show` lists them.
pub const KEYS: [&str; 20] = [
    "mode",
    "reply_target_days",
    "follow_up_days",
    "retention_days",
    "holidays",
    "meeting_interval_months",
    "suppression_threshold",
    "program_name",
    "program_phone",
    "program_email",
    "request_form_url",
    "program_logo",
    "brand_color",
    "auto_lock_minutes",
    "backup_folder",
    "backup_keep",
    "load_warning_contacts",
    "training_valid_months",
    "training_due_matching",
    "event_outreach_hours",
];

pub fn load(conn: &Connection) -> Result<Program> {
    // The program's logo and colour are its host organization's: one place for both.
    let host = crate::program::organizations::host(conn)?
        .map(|id| crate::program::organizations::get(conn, id))
        .transpose()?;
    let text = |key: &str| -> Result<String> { Ok(settings::get(conn, key)?.unwrap_or_default()) };
    Ok(Program {
        mode: Mode::parse(&text("mode")?).unwrap_or(Mode::Network),
        reply_target_days: settings::get_u32(conn, "reply_target_days", 2)?,
        follow_up_days: parse_offsets(&text("follow_up_days")?).unwrap_or_else(|_| vec![7, 30]),
        retention_days: crate::store::retention::days(conn)?,
        meeting_interval_months: settings::meeting_interval_months(conn)?,
        suppression_threshold: settings::get_u32(conn, "suppression_threshold", 11)?,
        holidays: calendar::holidays(conn)?,
        program_name: text("program_name")?,
        program_phone: text("program_phone")?,
        program_email: text("program_email")?,
        request_form_url: text("request_form_url")?,
        brand_color: host
            .as_ref()
            .and_then(|h| h.brand_color.clone())
            .unwrap_or_default(),
        program_logo: match host.as_ref().map(|h| h.id) {
            Some(id) => crate::program::organizations::logo(conn, id)?
                .map(|(mime, bytes)| {
                    format!(
                        "{}, {} KB",
                        if mime == "image/png" { "PNG" } else { "JPEG" },
                        bytes.len().div_ceil(1024)
                    )
                })
                .unwrap_or_default(),
            None => String::new(),
        },
        auto_lock_minutes: settings::get_u32(conn, "auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)?,
        backup_folder: text("backup_folder")?,
        backup_keep: settings::get_u32(conn, "backup_keep", crate::store::backup::DEFAULT_KEEP)?,
        care: care(conn)?,
        event_outreach_hours: settings::get_u32(
            conn,
            "event_outreach_hours",
            crate::program::group::DEFAULT_TARGET_HOURS,
        )?,
    })
}

impl Program {
    /// One setting as `settings show` prints it and `settings set` takes it back.
    pub fn value_of(&self, key: &str) -> Option<String> {
        Some(match key {
            "mode" => self.mode.as_str().to_string(),
            "reply_target_days" => self.reply_target_days.to_string(),
            "follow_up_days" => join(&self.follow_up_days),
            "retention_days" => self.retention_days.to_string(),
            "holidays" => self
                .holidays
                .iter()
                .map(|h| h.date.as_str())
                .collect::<Vec<_>>()
                .join(","),
            "meeting_interval_months" => self.meeting_interval_months.to_string(),
            "suppression_threshold" => self.suppression_threshold.to_string(),
            "program_name" => self.program_name.clone(),
            "program_phone" => self.program_phone.clone(),
            "program_email" => self.program_email.clone(),
            "request_form_url" => self.request_form_url.clone(),
            "program_logo" => self.program_logo.clone(),
            "brand_color" => self.brand_color.clone(),
            "auto_lock_minutes" => self.auto_lock_minutes.to_string(),
            "backup_folder" => self.backup_folder.clone(),
            "backup_keep" => self.backup_keep.to_string(),
            "load_warning_contacts" => self.care.load_warning_contacts.to_string(),
            "training_valid_months" => self.care.training_valid_months.to_string(),
            "training_due_matching" => self.care.training_due_matching.as_str().to_string(),
            "event_outreach_hours" => self.event_outreach_hours.to_string(),
            _ => return None,
        })
    }
}

fn join(days: &[u32]) -> String {
    days.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Sets one key (`peerdesk settings set KEY VALUE`). `program_logo` takes a PNG or JPEG file
/// and `brand_color` a #RRGGBB colour: both are stored on the host organization.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    if key == "program_logo" || key == "brand_color" {
        let host = crate::program::organizations::host(conn)?.ok_or_else(|| {
            CoreError::refused(
                Problem::Required,
                "the program's logo and colour belong to its host organization: add it first (`peerdesk orgs add NAME`)",
            )
        })?;
        if key == "program_logo" {
            // The organization's checks speak of its `logo`; here the setting is the field.
            let about_key = |e: CoreError| match e {
                CoreError::Invalid(FieldError {
                    field: Some(field),
                    code,
                    message,
                }) if field == "logo" => CoreError::invalid(key, code, message),
                other => other,
            };
            let bytes =
                crate::program::organizations::read_logo_file(std::path::Path::new(value.trim()))
                    .map_err(about_key)?;
            return crate::program::organizations::set_logo(conn, host, Some(&bytes))
                .map_err(about_key);
        }
        let color = crate::fields::check_color(value)
            .map_err(|e| CoreError::invalid(key, Problem::Format, e))?;
        conn.execute(
            "UPDATE organizations SET brand_color = ?2, updated_at = ?3 WHERE id = ?1",
            rusqlite::params![host, color, crate::clock::now_utc()],
        )?;
        return Ok(());
    }
    save(conn, &[(key.to_string(), value.to_string())]).map_err(|e| match e {
        // One pair, so one message, about `key`, with its code.
        CoreError::Fields(errors) => {
            let code = errors.0.first().map_or(Problem::Format, |e| e.code);
            CoreError::invalid(
                key,
                code,
                errors
                    .0
                    .into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        }
        other => other,
    })
}

/// Checks every pair first and writes them all in one transaction, or none (a message per key).
pub fn save(conn: &Connection, pairs: &[(String, String)]) -> Result<()> {
    let mut errors = FieldErrors::default();
    let mut checked = Vec::new();
    for (key, value) in pairs {
        match check(key, value) {
            Ok(value) => checked.push((key.as_str(), value)),
            Err((code, message)) => errors.add(key, code, message),
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Fields(errors));
    }
    let tx = conn.unchecked_transaction()?;
    let names: Vec<&str> = checked.iter().map(|(key, _)| *key).collect();
    let names = names.join(", ");
    for (key, value) in checked {
        match value {
            Checked::Text(text) => settings::set(&tx, key, &text)?,
            Checked::Holidays(list) => calendar::write_holidays(&tx, &list)?,
        }
    }
    // Which settings, never their values (a phone number is the program's, but the log
    // keeps to what and when).
    crate::store::audit::record(&tx, "coordinator", "settings changed", Some(&names))?;
    tx.commit()?;
    Ok(())
}

enum Checked {
    Text(String),
    Holidays(Vec<Holiday>),
}

/// A value checked for its key, or the code and the words of what is wrong with it.
fn check(key: &str, value: &str) -> Result<Checked, (Problem, String)> {
    let value = value.trim();
    let number = |low: u32, high: u32, what: &str| -> Result<Checked, (Problem, String)> {
        match value.parse::<i64>() {
            Ok(n) if (i64::from(low)..=i64::from(high)).contains(&n) => {
                Ok(Checked::Text(n.to_string()))
            }
            parsed => Err((
                // A whole number, but not one the program allows; else not a number at all.
                if parsed.is_ok() {
                    Problem::OutOfRange
                } else {
                    Problem::Format
                },
                format!(
                    "{what} must be a whole number from {low} to {high} (got \"{}\")",
                    crate::fields::shorten(value)
                ),
            )),
        }
    };
    let optional =
        |check: fn(&str) -> Result<String, (Problem, String)>| -> Result<Checked, (Problem, String)> {
            if value.is_empty() {
                Ok(Checked::Text(String::new()))
            } else {
                check(value).map(Checked::Text)
            }
        };
    match key {
        "mode" => Mode::parse(value).map(|m| Checked::Text(m.as_str().into())),
        "reply_target_days" => number(0, 30, "the reply target in business days"),
        "follow_up_days" => parse_offsets(value).map(|d| Checked::Text(join(&d))),
        "retention_days" => number(0, 3650, "the retention in days"),
        "meeting_interval_months" => number(1, 36, "the meeting interval in months"),
        "suppression_threshold" => number(2, 100, "the small-number threshold"),
        "holidays" => parse_holidays(value).map(Checked::Holidays),
        "program_name" => match clean_text(value) {
            None => Err((Problem::Required, "the program needs a name".to_string())),
            Some(name) if name.chars().count() > 80 => Err((
                Problem::TooLong,
                "keep the program's name to 80 characters or fewer: it heads every flyer, sign and report"
                    .to_string(),
            )),
            Some(name) => Ok(Checked::Text(name)),
        },
        "program_phone" => optional(|t| check_phone(t).map_err(|m| (Problem::Format, m))),
        "program_email" => optional(|t| check_email(t).map_err(|m| (Problem::Format, m))),
        "request_form_url" => optional(check_url),
        "auto_lock_minutes" => number(1, 60, "the minutes before PeerDesk locks itself"),
        "backup_keep" => number(1, 365, "the number of automatic backups to keep"),
        "event_outreach_hours" => number(
            1,
            168,
            "the outreach target after a critical event, in hours,",
        ),
        "backup_folder" => optional(|t| check_folder(t).map_err(|m| (Problem::Format, m))),
        "load_warning_contacts" => number(1, 100, "the load warning (contacts in 30 days)"),
        "training_valid_months" => number(1, 120, "how long training lasts, in months"),
        "training_due_matching" => {
            DueMatching::parse(value).map(|d| Checked::Text(d.as_str().into()))
        }
        other => Err((
            Problem::Unknown,
            format!(
                "there is no setting \"{}\"; the settings are: {}",
                crate::fields::shorten(other),
                KEYS.join(", ")
            ),
        )),
    }
}

/// "7,30": days after the first contact when a follow-up check-in is due, ascending, at most
/// five; empty for none. The error is the code and the words.
pub fn parse_offsets(text: &str) -> Result<Vec<u32>, (Problem, String)> {
    let mut days = Vec::new();
    for part in text.split([',', ';', ' ']).filter(|p| !p.trim().is_empty()) {
        match part.trim().parse::<i64>() {
            Ok(d) if (1..=365).contains(&d) => days.push(d as u32),
            parsed => {
                return Err((
                    if parsed.is_ok() {
                        Problem::OutOfRange
                    } else {
                        Problem::Format
                    },
                    format!(
                        "\"{}\" is not a number of days from 1 to 365: write the follow-up days like 7,30",
                        crate::fields::shorten(part)
                    ),
                ))
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    if days.len() > 5 {
        return Err((
            Problem::TooLong,
            "at most five follow-ups can be scheduled".into(),
        ));
    }
    Ok(days)
}

/// "2026-12-25,2027-01-01": the whole holiday list. Each date may be followed by its name
/// ("2026-12-25 Christmas Day"), as the Settings screen sends it.
fn parse_holidays(text: &str) -> Result<Vec<Holiday>, (Problem, String)> {
    let mut list = Vec::new();
    for part in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (date, name) = part.split_once(char::is_whitespace).unwrap_or((part, ""));
        let date = parse_date(date).map_err(|message| (Problem::Format, message))?;
        if list.iter().any(|h: &Holiday| h.date == date.to_string()) {
            return Err((Problem::Duplicate, format!("{date} is in the list twice")));
        }
        list.push(Holiday {
            date: date.to_string(),
            name: name.trim().to_string(),
        });
    }
    Ok(list)
}

/// A folder for automatic backups: a full path (it is made when the first backup is written).
fn check_folder(text: &str) -> Result<String, String> {
    if std::path::Path::new(text).is_absolute() {
        Ok(text.to_string())
    } else {
        Err(format!(
            "\"{}\" is not a full path: write the whole path of the folder, like /home/you/PeerDesk backups",
            crate::fields::shorten(text)
        ))
    }
}

fn check_url(text: &str) -> Result<String, (Problem, String)> {
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.chars().any(char::is_whitespace);
    if ok && text.len() > 200 {
        // It is printed on the flyer and its QR code must stay easy to scan.
        Err((Problem::TooLong, "keep the web address to 200 characters or fewer: a shorter link makes a QR code that scans easily".into()))
    } else if ok {
        Ok(text.to_string())
    } else {
        Err((
            Problem::Format,
            format!(
                "\"{}\" is not a web address: write it like https://example.org/peer-support",
                crate::fields::shorten(text)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_has_the_documented_defaults() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let program = load(&conn).expect("load");
        assert_eq!(
            program.mode,
            Mode::Network,
            "a new store runs in network mode"
        );
        assert_eq!(
            program.reply_target_days, 2,
            "a new store aims to reply within 2 business days"
        );
        assert_eq!(
            program.follow_up_days,
            [7, 30],
            "a new store follows up after 7 and 30 days"
        );
        assert_eq!(
            program.retention_days, 90,
            "a new store keeps closed records 90 days"
        );
        assert_eq!(
            program.holidays.len(),
            22,
            "a new store lists the 22 federal holidays of this year and next"
        );
        assert_eq!(
            program.event_outreach_hours, 24,
            "a new store aims to reach a unit within 24 hours of a critical event"
        );
    }

    #[test]
    fn the_event_outreach_target_takes_whole_hours_up_to_a_week() {
        let conn = crate::store::migrations::in_memory().expect("store");
        set(&conn, "event_outreach_hours", "48").expect("two days");
        assert_eq!(
            load(&conn).expect("load").event_outreach_hours,
            48,
            "the target is kept in hours"
        );
        for (value, expected) in [
            ("0", Problem::OutOfRange),
            ("169", Problem::OutOfRange),
            ("a day", Problem::Format),
        ] {
            match set(&conn, "event_outreach_hours", value) {
                Err(CoreError::Invalid(error)) => assert_eq!(
                    (error.field.as_deref(), error.code),
                    (Some("event_outreach_hours"), expected),
                    "{value:?} is refused as {expected:?}: {}",
                    error.message
                ),
                other => panic!("{value:?}: a refused value expected, got {other:?}"),
            }
        }
        assert_eq!(
            load(&conn).expect("load").event_outreach_hours,
            48,
            "a refused value changes nothing"
        );
    }

    #[test]
    fn each_key_is_checked_and_a_bad_value_changes_nothing() {
        let conn = crate::store::migrations::in_memory().expect("store");
        set(&conn, "mode", "In-House").expect("mode");
        set(&conn, "follow_up_days", "30, 7,14").expect("offsets");
        set(&conn, "holidays", "2026-12-25 Christmas Day, 01/01/2027").expect("holidays");
        assert_eq!(
            load(&conn).expect("load").holidays[0].name,
            "Christmas Day",
            "a holiday given with its name keeps the name"
        );
        let program = load(&conn).expect("load");
        assert_eq!(
            program.mode,
            Mode::InHouse,
            "In-House is read as in-house mode, in any case"
        );
        assert_eq!(
            program.value_of("follow_up_days").as_deref(),
            Some("7,14,30"),
            "the follow-up days are kept sorted"
        );
        assert_eq!(
            program.value_of("holidays").as_deref(),
            Some("2026-12-25,2027-01-01"),
            "the holidays are kept as ISO dates whatever format they were given in"
        );
        for (key, value) in [
            ("mode", "regional"),
            ("reply_target_days", "two"),
            ("reply_target_days", "-1"),
            ("follow_up_days", "7,0"),
            ("retention_days", "99999"),
            ("holidays", "2026-12-25,25/12/2026"),
            ("program_email", "nobody"),
            ("request_form_url", "javascript:alert(1)"),
            ("program_name", "  "),
            ("colour", "red"),
        ] {
            let error = set(&conn, key, value).expect_err(key);
            assert!(
                !error.to_string().is_empty(),
                "the refusal of {key} = {value:?} says what is wrong"
            );
        }
        assert_eq!(
            load(&conn).expect("load"),
            program,
            "the refused values changed no setting"
        );
        let errors = save(
            &conn,
            &[
                ("reply_target_days".into(), "3".into()),
                ("retention_days".into(), "x".into()),
            ],
        )
        .expect_err("one bad value");
        let CoreError::Fields(errors) = errors else {
            panic!("field errors expected, got {errors:?}")
        };
        assert_eq!(
            errors
                .0
                .iter()
                .map(|e| (e.field.as_deref(), e.code))
                .collect::<Vec<_>>(),
            [(Some("retention_days"), Problem::Format)],
            "one message, beside the key whose value is not a number"
        );
        assert_eq!(
            load(&conn).expect("load").reply_target_days,
            2,
            "all or nothing"
        );
    }

    #[test]
    fn the_care_settings_default_to_6_contacts_24_months_and_flagging() {
        let conn = crate::store::migrations::in_memory().expect("store");
        let program = load(&conn).expect("load");
        assert_eq!(
            (
                program.care.load_warning_contacts,
                program.care.training_valid_months,
                program.care.training_due_matching
            ),
            (6, 24, DueMatching::Flag),
            "a new store warns above 6 contacts, keeps training 24 months, flags the due"
        );
        set(&conn, "training_due_matching", "Exclude").expect("exclude");
        set(&conn, "load_warning_contacts", "8").expect("warning");
        set(&conn, "training_valid_months", "12").expect("months");
        let program = load(&conn).expect("load");
        assert_eq!(
            care(&conn).expect("care"),
            program.care,
            "the care settings alone read the same"
        );
        assert_eq!(
            program.value_of("training_due_matching").as_deref(),
            Some("exclude"),
            "the choice is kept in its own words"
        );
        for (key, value, code) in [
            ("training_due_matching", "sometimes", Problem::Unknown),
            ("load_warning_contacts", "0", Problem::OutOfRange),
            ("training_valid_months", "two years", Problem::Format),
        ] {
            match set(&conn, key, value) {
                Err(CoreError::Invalid(error)) => assert_eq!(
                    (error.field.as_deref(), error.code),
                    (Some(key), code),
                    "{key} = {value:?}: {}",
                    error.message
                ),
                other => panic!("{key} = {value:?}: a refusal expected, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_refused_setting_names_its_key_and_what_is_wrong() {
        let conn = crate::store::migrations::in_memory().expect("store");
        for (key, value, expected) in [
            ("retention_days", "99999", Problem::OutOfRange),
            ("reply_target_days", "-1", Problem::OutOfRange),
            ("reply_target_days", "two", Problem::Format),
            ("follow_up_days", "7,0", Problem::OutOfRange),
            ("follow_up_days", "1,2,3,4,5,6", Problem::TooLong),
            ("mode", "regional", Problem::Unknown),
            ("holidays", "2026-12-25,12/25/2026", Problem::Duplicate),
            ("program_name", "  ", Problem::Required),
            ("program_email", "nobody", Problem::Format),
            ("colour", "red", Problem::Unknown),
        ] {
            match set(&conn, key, value) {
                Err(CoreError::Invalid(error)) => assert_eq!(
                    (error.field.as_deref(), error.code),
                    (Some(key), expected),
                    "{key} = {value:?} is refused as {expected:?}, about {key}: {}",
                    error.message
                ),
                other => panic!("{key} = {value:?}: a refused value expected, got {other:?}"),
            }
        }
        let message = set(&conn, "retention_days", "99999")
            .expect_err("out of range")
            .to_string();
        assert_eq!(
            message, "the retention in days must be a whole number from 0 to 3650 (got \"99999\")",
            "the words are unchanged"
        );
    }
}
