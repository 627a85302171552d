//! Modes (phone, video, in person, text) and referral sources (self, peer, manager): the
//! outreach template's fixed categories. Their codes never change (history, reports and the
//! command line use them); the program words them, orders them and retires the ones it no
//! longer offers. Also the supporter's rating of a contact (`Outcome`), a fixed list the
//! program does not word: the outreach form, the reports and the printed template share it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields::clean_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceList {
    Modes,
    ReferralSources,
}

impl ChoiceList {
    pub fn as_str(self) -> &'static str {
        match self {
            ChoiceList::Modes => "modes",
            ChoiceList::ReferralSources => "referral_sources",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ChoiceList::Modes => "mode",
            ChoiceList::ReferralSources => "referral source",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub retired: bool,
}

/// The choices of a list in the program's order, retired ones last.
pub fn choices(conn: &Connection, list: ChoiceList) -> Result<Vec<Choice>> {
    let mut statement = conn.prepare_cached(
        "SELECT code, label, retired_at IS NOT NULL FROM outreach_choices WHERE list = ?1
         ORDER BY retired_at IS NOT NULL, position, code",
    )?;
    let rows = statement.query_map([list.as_str()], |r| {
        Ok(Choice {
            code: r.get(0)?,
            label: r.get(1)?,
            retired: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The code of a choice given by its code or its label, any case ("In person" → "in-person").
/// A retired choice is refused unless it is `kept` (an edit that keeps the stored value).
/// The inner error is the code (`Retired` or `Unknown`) and the sentence for the field.
pub fn resolve(
    conn: &Connection,
    list: ChoiceList,
    text: &str,
    kept: Option<&str>,
) -> Result<std::result::Result<String, (Problem, String)>> {
    let wanted = text.trim().to_lowercase();
    let all = choices(conn, list)?;
    let found = all
        .iter()
        .find(|c| c.code == wanted || c.label.to_lowercase() == wanted);
    Ok(match found {
        Some(choice) if !choice.retired || kept == Some(choice.code.as_str()) => {
            Ok(choice.code.clone())
        }
        Some(choice) => Err((
            Problem::Retired,
            format!(
                "the {} \"{}\" is retired: choose another (Settings → Outreach choices)",
                list.noun(),
                choice.label
            ),
        )),
        None => Err((
            Problem::Unknown,
            format!(
                "\"{}\" is not a {}: write one of {}",
                crate::fields::shorten(text),
                list.noun(),
                all.iter()
                    .filter(|c| !c.retired)
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    })
}

/// The label of a code, for lists and messages (the code itself if the label is gone).
pub fn label(conn: &Connection, list: ChoiceList, code: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT label FROM outreach_choices WHERE list = ?1 AND code = ?2")?
        .query_row(params![list.as_str(), code], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| code.to_string()))
}

pub fn relabel(conn: &Connection, list: ChoiceList, code: &str, label: &str) -> Result<()> {
    let label = clean_text(label).ok_or_else(|| {
        CoreError::invalid(
            "label",
            Problem::Required,
            format!("a {} needs a name", list.noun()),
        )
    })?;
    let clash: Option<String> = conn
        .query_row(
            "SELECT code FROM outreach_choices WHERE list = ?1 AND code <> ?2 AND lower(label) = lower(?3)",
            params![list.as_str(), code, label],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(CoreError::invalid(
            "label",
            Problem::Duplicate,
            format!("another {} is already called \"{label}\"", list.noun()),
        ));
    }
    changed(
        conn.execute(
            "UPDATE outreach_choices SET label = ?3 WHERE list = ?1 AND code = ?2",
            params![list.as_str(), code, label],
        )?,
        list,
        code,
    )
}

pub fn set_retired(conn: &Connection, list: ChoiceList, code: &str, retired: bool) -> Result<()> {
    if retired {
        let active: i64 = conn.query_row(
            "SELECT count(*) FROM outreach_choices WHERE list = ?1 AND code <> ?2 AND retired_at IS NULL",
            params![list.as_str(), code],
            |r| r.get(0),
        )?;
        if active == 0 {
            return Err(CoreError::refused(
                Problem::NotAllowed,
                format!("at least one {} must stay on offer", list.noun()),
            ));
        }
    }
    changed(conn.execute(
        "UPDATE outreach_choices SET retired_at = CASE WHEN ?3 THEN coalesce(retired_at, ?4) END
         WHERE list = ?1 AND code = ?2",
        params![list.as_str(), code, retired, crate::clock::now_utc()],
    )?, list, code)
}

/// Moves a choice one place up or down among the offered ones.
pub fn shift(conn: &Connection, list: ChoiceList, code: &str, up: bool) -> Result<()> {
    let order: Vec<String> = choices(conn, list)?.into_iter().map(|c| c.code).collect();
    let Some(at) = order.iter().position(|c| c == code) else {
        return changed(0, list, code);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    let mut order = order;
    if let Some(other) = other.filter(|o| *o < order.len()) {
        order.swap(at, other);
    }
    let tx = conn.unchecked_transaction()?;
    for (position, code) in order.iter().enumerate() {
        tx.execute(
            "UPDATE outreach_choices SET position = ?3 WHERE list = ?1 AND code = ?2",
            params![list.as_str(), code, position as i64 + 1],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn changed(rows: usize, list: ChoiceList, code: &str) -> Result<()> {
    if rows == 0 {
        return Err(CoreError::invalid(
            "code",
            Problem::Unknown,
            format!(
                "there is no {} \"{}\"",
                list.noun(),
                crate::fields::shorten(code)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_worded_ordered_and_retired_but_their_codes_stay() {
        let conn = crate::store::migrations::in_memory().expect("store");
        assert_eq!(
            resolve(&conn, ChoiceList::Modes, "In Person", None).expect("read"),
            Ok("in-person".into()),
            "the In Person label is read as the in-person code, in any case"
        );
        relabel(&conn, ChoiceList::Modes, "video", "Video call").expect("relabel");
        assert_eq!(
            resolve(&conn, ChoiceList::Modes, "video call", None).expect("read"),
            Ok("video".into()),
            "the new Video call label is read as the video code"
        );
        assert!(
            relabel(&conn, ChoiceList::Modes, "text", "phone").is_err(),
            "relabelling text with another mode's name is refused"
        );
        shift(&conn, ChoiceList::Modes, "text", true).expect("up");
        let codes: Vec<String> = choices(&conn, ChoiceList::Modes)
            .expect("list")
            .into_iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(
            codes,
            ["phone", "video", "text", "in-person"],
            "text moves up one place, above in-person"
        );
        set_retired(&conn, ChoiceList::ReferralSources, "manager", true).expect("retire");
        set_retired(&conn, ChoiceList::ReferralSources, "peer", true).expect("retire");
        assert!(
            set_retired(&conn, ChoiceList::ReferralSources, "self", true).is_err(),
            "the last referral source on offer cannot be retired"
        );
        let (code, _) = resolve(&conn, ChoiceList::Modes, "carrier pigeon", None)
            .expect("read")
            .expect_err("no such mode");
        assert_eq!(code, Problem::Unknown, "a mode not on the list is unknown");
        let (code, _) = resolve(&conn, ChoiceList::ReferralSources, "manager", None)
            .expect("read")
            .expect_err("retired");
        assert_eq!(
            code,
            Problem::Retired,
            "a retired referral source is retired"
        );
        assert_eq!(
            resolve(
                &conn,
                ChoiceList::ReferralSources,
                "manager",
                Some("manager")
            )
            .expect("read"),
            Ok("manager".into()),
            "an edit may keep a retired value"
        );
    }
}

/// How the supporter rated a contact. Reports show the share rated helpful among the contacts
/// rated (a person not reached is counted apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Helpful,
    Neutral,
    NotHelpful,
    /// The supporter could not reach the person.
    NotReached,
}

impl Outcome {
    /// Every rating, in the order the form, the paper template and the reports offer them.
    pub const ALL: [Outcome; 4] = [
        Outcome::Helpful,
        Outcome::Neutral,
        Outcome::NotHelpful,
        Outcome::NotReached,
    ];

    /// Their names, as the form, the command line and the store take them.
    pub const NAMES: [&'static str; 4] = ["helpful", "neutral", "not-helpful", "not-reached"];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Helpful => "helpful",
            Outcome::Neutral => "neutral",
            Outcome::NotHelpful => "not-helpful",
            Outcome::NotReached => "not-reached",
        }
    }

    /// In words, as the report's rows name them: "Could not reach".
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Helpful => "Helpful",
            Outcome::Neutral => "Neutral",
            Outcome::NotHelpful => "Not helpful",
            Outcome::NotReached => "Could not reach",
        }
    }

    /// In words: "could not reach".
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Helpful => "helpful",
            Outcome::Neutral => "neutral",
            Outcome::NotHelpful => "not helpful",
            Outcome::NotReached => "could not reach",
        }
    }

    /// A rating as typed: its name or its words, any case; empty is "not rated".
    pub fn parse(text: &str) -> std::result::Result<Option<Outcome>, String> {
        let wanted = text.trim().to_lowercase().replace(['_', ' '], "-");
        if wanted.is_empty() {
            return Ok(None);
        }
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == wanted || o.words().replace(' ', "-") == wanted)
            .map(Some)
            .ok_or_else(|| {
                format!(
                    "“{}” is not an outcome: use {} (or leave it empty)",
                    text.trim(),
                    Outcome::NAMES.join(", ")
                )
            })
    }
}
