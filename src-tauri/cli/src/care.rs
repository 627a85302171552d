//! Care of the supporters from the command line: `peerdesk supporters show|rest|consent` and
//! the remembered signs (`peerdesk print signs`). Each function makes one core call (or reads
//! what it just changed) and prints what happened.

use std::fmt::Write as _;
use std::io::Write;

use peerdesk_core::print::printed_signs::{self, PrintedSign};
use peerdesk_core::roster::care as core_care;
use peerdesk_core::roster::supporters::{self, RosterRow};
use peerdesk_core::{clock, program, Store};
use rusqlite::Connection;
use serde::Serialize;

use crate::output::{emit, json, Outcome};

/// What to know about a supporter's care, in a few words for the roster's last column.
pub fn flags(row: &RosterRow) -> String {
    let mut flags = Vec::new();
    if let Some(until) = &row.resting_until {
        flags.push(format!("resting until {until}"));
    }
    if row.training_due {
        flags.push("training due".to_string());
    }
    if row.load.warning {
        flags.push("load above warning".to_string());
    }
    if flags.is_empty() {
        "-".to_string()
    } else {
        flags.join(", ")
    }
}

/// `peerdesk supporters show ID [--json]`: the supporter's page and the signs that named them.
#[derive(Debug, Serialize)]
struct Shown {
    #[serde(flatten)]
    detail: supporters::SupporterDetail,
    signs: Vec<PrintedSign>,
}

pub fn show(store: &Store, id: i64, as_json: bool, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    let detail = supporters::detail(conn, id, clock::today())?;
    let signs = printed_signs::naming(conn, id)?;
    if as_json {
        return json(out, &Shown { detail, signs });
    }
    let care = program::care(conn)?;
    let form = &detail.form;
    let row = &detail.roster;
    let mut text = format!(
        "#{id} {}\n{}\n",
        form.name,
        [
            Some(form.role.as_str()),
            row.department.as_deref(),
            Some(row.organization.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    );
    let status = match (&row.status[..], &row.paused_until) {
        ("paused", Some(until)) => format!("paused until {until}"),
        (status, _) => status.to_string(),
    };
    let rest = match &row.resting_until {
        Some(until) => format!("; resting until {until} (left out of matching through that day)"),
        None => String::new(),
    };
    let _ = writeln!(text, "Status: {status}{rest}");
    let load = &row.load;
    let _ = writeln!(
        text,
        "Load: {} in the last 30 days{}, {} in 90 days; last contact {}",
        contacts(load.contacts_30),
        if load.warning {
            format!(" (above the warning of {})", care.load_warning_contacts)
        } else {
            String::new()
        },
        contacts(load.contacts_90),
        load.last_contact.as_deref().unwrap_or("none yet")
    );
    let _ = writeln!(
        text,
        "Open cases: {} of at most {}",
        row.open_cases, row.max_open_cases
    );
    let training = match (&row.trained_on, &row.last_refresher) {
        (None, _) => "not trained yet".to_string(),
        (Some(trained), latest) => format!(
            "trained on {trained}; latest training or meeting {}{}",
            latest.as_deref().unwrap_or(trained),
            if row.training_due {
                format!(
                    ": due for a refresher (older than {} months)",
                    care.training_valid_months
                )
            } else {
                String::new()
            }
        ),
    };
    let _ = writeln!(text, "Training: {training}");
    let _ = writeln!(
        text,
        "Named on signs: {}",
        if form.consent_to_list {
            "yes, they consented"
        } else {
            "no"
        }
    );
    text.push_str(&sign_lines(&signs, "Printed signs that named them"));
    emit(out, &text)
}

fn contacts(n: i64) -> String {
    match n {
        1 => "1 contact".to_string(),
        n => format!("{n} contacts"),
    }
}

/// `peerdesk supporters rest ID --until DATE | --end`
pub fn rest(
    store: &Store,
    id: i64,
    until: Option<&str>,
    end: bool,
    out: &mut dyn Write,
) -> Outcome {
    let conn = store.conn();
    let name = supporters::form_of(conn, id)?.name;
    match until {
        Some(until) if !end => {
            core_care::rest(conn, id, until, clock::today())?;
            let until = supporters::form_of(conn, id)?.resting_until;
            emit(
                out,
                &format!(
                    "{name} (#{id}) is resting until {until}: matching leaves them out through that day.\n"
                ),
            )
        }
        _ => {
            core_care::end_rest(conn, id)?;
            emit(
                out,
                &format!("{name} (#{id}) is no longer resting: matching offers them again.\n"),
            )
        }
    }
}

/// `peerdesk supporters consent ID --withdraw | --give`
pub fn consent(store: &Store, id: i64, give: bool, out: &mut dyn Write) -> Outcome {
    let conn = store.conn();
    let changed = supporters::set_consent(conn, id, give)?;
    let name = supporters::form_of(conn, id)?.name;
    let mut text = match (give, changed) {
        (true, true) => format!("{name} (#{id}) consents to be named: the next sign printed for their department names them.\n"),
        (true, false) => format!("{name} (#{id}) already consented to be named.\n"),
        (false, true) => format!("{name} (#{id}) no longer consents to be named: no sign printed from now on names them.\n"),
        (false, false) => format!("{name} (#{id}) had not consented to be named.\n"),
    };
    if !give {
        let signs: Vec<PrintedSign> = printed_signs::naming(conn, id)?
            .into_iter()
            .filter(|s| s.reprint)
            .collect();
        if signs.is_empty() {
            text.push_str("No printed sign on a wall names them.\n");
        } else {
            text.push_str(&sign_lines(
                &signs,
                "Signs on a wall that still name them: print them again",
            ));
        }
    }
    emit(out, &text)
}

/// `peerdesk print signs [--naming ID] [--to-reprint] [--json]`
pub fn signs(
    conn: &Connection,
    naming: Option<i64>,
    to_reprint: bool,
    as_json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let mut signs = match naming {
        Some(id) => {
            supporters::form_of(conn, id)?;
            printed_signs::naming(conn, id)?
        }
        None => printed_signs::list(conn)?,
    };
    if to_reprint {
        signs.retain(|s| s.reprint);
    }
    if as_json {
        return json(out, &signs);
    }
    let title = match (naming, to_reprint) {
        (_, true) => "Signs on a wall that name someone who withdrew consent",
        (Some(_), false) => "Printed signs that named them",
        (None, false) => "Printed signs, newest first",
    };
    emit(out, &sign_lines(&signs, title))
}

/// The signs, one line each, with the command that prints one again where it is needed.
fn sign_lines(signs: &[PrintedSign], title: &str) -> String {
    if signs.is_empty() {
        return format!("{title}: none.\n");
    }
    let mut text = format!("{title}:\n");
    for sign in signs {
        let area = match &sign.organization {
            Some(organization) => format!("{} · {organization}", sign.department),
            None => sign.department.clone(),
        };
        let state = if sign.replaced {
            "replaced by a later sign".to_string()
        } else if sign.reprint {
            let who: Vec<&str> = sign.withdrawn.iter().map(|w| w.name.as_str()).collect();
            format!("on the wall, names {} who withdrew consent", who.join(", "))
        } else {
            "on the wall".to_string()
        };
        let _ = writeln!(
            text,
            "  sign #{} {area}, printed {}, {} named, {}: {state}",
            sign.id,
            clock::day_of(&sign.printed_at),
            sign.named,
            sign.paper,
        );
        if sign.reprint {
            let organization = sign
                .organization_id
                .map(|o| format!(" --organization {o}"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "    reprint: peerdesk print sign --department {}{organization} --paper {} --out FILE.pdf",
                shell_word(&sign.department),
                sign.paper
            );
        }
    }
    text
}

/// A word as a shell reads it back: quoted when it holds anything but plain characters.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
