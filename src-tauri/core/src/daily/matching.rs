//! Matching: for a request, every supporter who may take it, ranked, with the score broken
//! down and a sentence of reasons. The coordinator confirms; the program never assigns alone.
//!
//! Hard rules (DESIGN.md), checked in this order, the first one failed is the one reported:
//! not retired, trained, not paused, under the open-case limit, not a supporter this request
//! already had (a declined or unable match is never proposed again), and by the program's mode:
//! network — from another organization than the requester's; in-house — from the requester's
//! organization but never their department.
//!
//! Soft preferences are points, all in `weights` below. Ties are broken by fewer open cases,
//! then the longer wait since the last assignment (never assigned first), then the lower
//! supporter number: the same data always gives the same order. The waiting bonus grows
//! every day a supporter is passed over, so everyone eligible in a role gets work in turn.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock::stamp;
use crate::daily::requests::{self, Status};
use crate::error::{CoreError, Problem, Result};
use crate::program::{self, Mode};

/// The points of each soft preference. One place, documented in the README.
pub mod weights {
    /// The supporter has the requester's role.
    pub const SAME_ROLE: i64 = 40;
    /// Not the same role, but the same family (clinical, clinical support, non-clinical).
    pub const SAME_FAMILY: i64 = 20;
    /// Both have the same specialty.
    pub const SAME_SPECIALTY: i64 = 10;
    /// Years in role within 3 of each other.
    pub const CLOSE_SENIORITY: i64 = 8;
    /// Years in role within 7 of each other.
    pub const NEAR_SENIORITY: i64 = 4;
    /// The supporter speaks the requester's language.
    pub const SHARED_LANGUAGE: i64 = 10;
    /// Taken off for each open case the supporter already carries.
    pub const PER_OPEN_CASE: i64 = -10;
    /// One point per this many days since the last assignment…
    pub const DAYS_PER_WAITING_POINT: i64 = 3;
    /// …up to this many points (also what a supporter never assigned gets).
    pub const MAX_WAITING: i64 = 20;
}

/// A hard rule a supporter can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Retired,
    Untrained,
    Paused,
    CaseLimit,
    HadThisRequest,
    /// Network mode: same organization as the requester.
    OwnOrganization,
    /// In-house mode: another organization than the requester's.
    OtherOrganization,
    /// In-house mode: the requester's own department.
    OwnDepartment,
}

impl Rule {
    /// What the rule excluded, after a count ("4 paused").
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Retired => "retired",
            Rule::Untrained => "not trained yet",
            Rule::Paused => "paused",
            Rule::CaseLimit => "at their open-case limit",
            Rule::HadThisRequest => "already had this request",
            Rule::OwnOrganization => "at the requester's own organization",
            Rule::OtherOrganization => "at other organizations",
            Rule::OwnDepartment => "in the requester's own department",
        }
    }

    /// The rules a coordinator may set aside for one request, knowingly.
    pub fn relaxable(self) -> bool {
        matches!(
            self,
            Rule::CaseLimit | Rule::OwnOrganization | Rule::OtherOrganization | Rule::OwnDepartment
        )
    }

    /// The relaxable rules by the names the command line and the window use.
    pub fn parse_relaxable(text: &str) -> Result<Rule> {
        match text.trim() {
            "case-limit" => Ok(Rule::CaseLimit),
            "own-organization" => Ok(Rule::OwnOrganization),
            "other-organization" => Ok(Rule::OtherOrganization),
            "own-department" => Ok(Rule::OwnDepartment),
            other => Err(CoreError::invalid(
                "relax",
                Problem::Unknown,
                format!(
                    "\"{}\" is not a rule that can be set aside: case-limit, own-organization, other-organization or own-department",
                    crate::fields::shorten(other)
                ),
            )),
        }
    }
}

/// What matching knows of the requester.
#[derive(Debug, Clone, Default)]
pub struct Requester {
    pub role_id: Option<i64>,
    pub role: Option<String>,
    pub role_family: Option<String>,
    pub department_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub specialty: Option<String>,
    pub years_in_role: Option<i64>,
    pub language: Option<String>,
    /// Supporters this request already had (declined, unable or current).
    pub had: Vec<i64>,
}

/// What matching knows of a supporter.
#[derive(Debug, Clone, Default)]
pub struct Supporter {
    pub id: i64,
    pub name: String,
    pub role_id: i64,
    pub role: String,
    pub role_family: Option<String>,
    pub specialty: Option<String>,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub organization_id: i64,
    pub organization: String,
    pub languages: Vec<String>,
    pub years_in_role: Option<i64>,
    pub trained: bool,
    pub retired: bool,
    /// Paused through this date (a pause that ended counts as active).
    pub paused_until: Option<NaiveDate>,
    pub paused: bool,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub last_assigned: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScorePart {
    pub reason: String,
    pub points: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Candidate {
    pub supporter_id: i64,
    pub name: String,
    pub role: String,
    pub department: Option<String>,
    pub organization: String,
    pub score: i64,
    pub parts: Vec<ScorePart>,
    /// The parts in one sentence: "nurse like the requester; different organization; …".
    pub reasons: String,
    pub open_cases: i64,
    pub max_open_cases: i64,
    pub last_assigned: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Exclusion {
    pub rule: Rule,
    pub count: usize,
    /// "3 paused".
    pub sentence: String,
}

/// A rule the coordinator could set aside, and who would then qualify.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Relaxation {
    pub rule: Rule,
    pub count: usize,
    /// How many of them share the requester's role.
    pub same_role: usize,
    /// "3 nurses at the requester's own organization".
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ranking {
    pub mode: Mode,
    /// The rule set aside for this ranking, if the coordinator chose one.
    pub relaxed: Option<Rule>,
    pub candidates: Vec<Candidate>,
    /// Who the hard rules excluded, by the first rule each failed.
    pub excluded: Vec<Exclusion>,
    /// When no one qualifies: the nearest relaxations, most candidates first.
    pub relaxations: Vec<Relaxation>,
}

/// Every hard rule `supporter` fails for `requester` (empty: eligible).
fn failures(
    requester: &Requester,
    supporter: &Supporter,
    mode: Mode,
    today: NaiveDate,
) -> Vec<Rule> {
    let mut failed = Vec::new();
    if supporter.retired {
        failed.push(Rule::Retired);
    }
    if !supporter.trained {
        failed.push(Rule::Untrained);
    }
    if supporter.paused && supporter.paused_until.is_none_or(|until| until >= today) {
        failed.push(Rule::Paused);
    }
    if supporter.open_cases >= supporter.max_open_cases {
        failed.push(Rule::CaseLimit);
    }
    if requester.had.contains(&supporter.id) {
        failed.push(Rule::HadThisRequest);
    }
    if let Some(organization) = requester.organization_id {
        match mode {
            Mode::Network if supporter.organization_id == organization => {
                failed.push(Rule::OwnOrganization);
            }
            Mode::InHouse if supporter.organization_id != organization => {
                failed.push(Rule::OtherOrganization);
            }
            _ => {}
        }
    }
    if mode == Mode::InHouse
        && requester.department_id.is_some()
        && supporter.department_id == requester.department_id
    {
        failed.push(Rule::OwnDepartment);
    }
    failed
}

/// The soft preferences, as points with their reasons, in the order the sentence reads.
fn score(requester: &Requester, supporter: &Supporter, today: NaiveDate) -> Vec<ScorePart> {
    let mut parts = Vec::new();
    let mut part = |reason: String, points: i64| parts.push(ScorePart { reason, points });
    if requester.role_id == Some(supporter.role_id) {
        part(
            format!("{} like the requester", lower(&supporter.role)),
            weights::SAME_ROLE,
        );
    } else if let (Some(family), Some(theirs)) = (&requester.role_family, &supporter.role_family) {
        if family == theirs {
            part(
                format!("{} — {family} like the requester", lower(&supporter.role)),
                weights::SAME_FAMILY,
            );
        } else {
            part(
                format!("{} — not the requester's role", lower(&supporter.role)),
                0,
            );
        }
    } else {
        part(
            format!("{} — not the requester's role", lower(&supporter.role)),
            0,
        );
    }
    match requester.organization_id {
        Some(org) if org == supporter.organization_id => {
            let department = if requester.department_id.is_some()
                && requester.department_id == supporter.department_id
            {
                "same organization and department"
            } else {
                "same organization, another department"
            };
            part(department.into(), 0);
        }
        Some(_) => part("different organization".into(), 0),
        None => part(format!("at {}", supporter.organization), 0),
    }
    if let (Some(wanted), Some(theirs)) = (&requester.specialty, &supporter.specialty) {
        if wanted.trim().eq_ignore_ascii_case(theirs.trim()) {
            part(
                format!("same specialty ({})", theirs.trim()),
                weights::SAME_SPECIALTY,
            );
        }
    }
    if let (Some(wanted), Some(theirs)) = (requester.years_in_role, supporter.years_in_role) {
        let gap = (wanted - theirs).abs();
        if gap <= 3 {
            part(
                format!("similar seniority ({theirs} years in role)"),
                weights::CLOSE_SENIORITY,
            );
        } else if gap <= 7 {
            part(
                format!("near in seniority ({theirs} years in role)"),
                weights::NEAR_SENIORITY,
            );
        }
    }
    if let Some(language) = &requester.language {
        if supporter
            .languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(language))
        {
            part(format!("speaks {language}"), weights::SHARED_LANGUAGE);
        }
    }
    let cases = supporter.open_cases;
    part(
        match cases {
            0 => "no open case".to_string(),
            1 => "1 open case".to_string(),
            n => format!("{n} open cases"),
        },
        weights::PER_OPEN_CASE * cases,
    );
    match supporter.last_assigned {
        None => part("never assigned yet".into(), weights::MAX_WAITING),
        Some(last) => {
            let days = (today - last).num_days().max(0);
            let points = (days / weights::DAYS_PER_WAITING_POINT).min(weights::MAX_WAITING);
            let when = match days {
                0 => "last assigned today".to_string(),
                1 => "last assigned yesterday".to_string(),
                n => format!("last assigned {n} days ago"),
            };
            part(when, points);
        }
    }
    parts
}

fn lower(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "nurses", "front desk supporters": a role's members, for sentences.
fn members(role: &str, count: usize) -> String {
    let role = lower(role);
    match (count, role.contains(' ')) {
        (1, false) => role,
        (_, false) => format!("{role}s"),
        (1, true) => format!("{role} supporter"),
        (_, true) => format!("{role} supporters"),
    }
}

/// Ranks `pool` for `requester`. Pure: the same inputs always give the same ranking.
pub fn rank(
    requester: &Requester,
    pool: &[Supporter],
    mode: Mode,
    today: NaiveDate,
    relax: Option<Rule>,
) -> Ranking {
    let relax = relax.filter(|r| r.relaxable());
    let mut candidates = Vec::new();
    let mut excluded: Vec<Exclusion> = Vec::new();
    let mut only_failing: Vec<(Rule, bool)> = Vec::new();
    for supporter in pool {
        let failed: Vec<Rule> = failures(requester, supporter, mode, today)
            .into_iter()
            .filter(|r| Some(*r) != relax)
            .collect();
        if let Some(first) = failed.first() {
            match excluded.iter_mut().find(|e| e.rule == *first) {
                Some(e) => e.count += 1,
                None => excluded.push(Exclusion {
                    rule: *first,
                    count: 1,
                    sentence: String::new(),
                }),
            }
            if let [only] = failed.as_slice() {
                if only.relaxable() {
                    only_failing.push((*only, requester.role_id == Some(supporter.role_id)));
                }
            }
            continue;
        }
        let parts = score(requester, supporter, today);
        let reasons = parts
            .iter()
            .map(|p| p.reason.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        candidates.push(Candidate {
            supporter_id: supporter.id,
            name: supporter.name.clone(),
            role: supporter.role.clone(),
            department: supporter.department.clone(),
            organization: supporter.organization.clone(),
            score: parts.iter().map(|p| p.points).sum(),
            parts,
            reasons: {
                let mut chars = reasons.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            },
            open_cases: supporter.open_cases,
            max_open_cases: supporter.max_open_cases,
            last_assigned: supporter.last_assigned.map(|d| d.to_string()),
        });
    }
    candidates.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.open_cases.cmp(&b.open_cases))
            .then(a.last_assigned.cmp(&b.last_assigned))
            .then(a.supporter_id.cmp(&b.supporter_id))
    });
    excluded.sort_by_key(|e| e.rule);
    for exclusion in &mut excluded {
        exclusion.sentence = format!("{} {}", exclusion.count, exclusion.rule.describe());
    }
    let mut relaxations: Vec<Relaxation> = Vec::new();
    if candidates.is_empty() {
        for (rule, same_role) in only_failing {
            match relaxations.iter_mut().find(|r| r.rule == rule) {
                Some(r) => {
                    r.count += 1;
                    r.same_role += usize::from(same_role);
                }
                None => relaxations.push(Relaxation {
                    rule,
                    count: 1,
                    same_role: usize::from(same_role),
                    sentence: String::new(),
                }),
            }
        }
        relaxations.sort_by(|a, b| {
            b.same_role
                .cmp(&a.same_role)
                .then(b.count.cmp(&a.count))
                .then(a.rule.cmp(&b.rule))
        });
        for relaxation in &mut relaxations {
            let who = match (&requester.role, relaxation.same_role) {
                (Some(role), n) if n > 0 => format!("{n} {}", members(role, n)),
                _ => format!(
                    "{} supporter{}",
                    relaxation.count,
                    if relaxation.count == 1 { "" } else { "s" }
                ),
            };
            relaxation.sentence = format!("{who} {}", relaxation.rule.describe());
        }
    }
    Ranking {
        mode,
        relaxed: relax,
        candidates,
        excluded,
        relaxations,
    }
}

/// What the store knows of a request, for matching.
fn requester_of(conn: &Connection, request: i64) -> Result<Requester> {
    let mut requester = conn
        .prepare_cached(
            "SELECT q.role_id, r.value, r.family, q.department_id, q.organization_id, q.specialty, q.years_in_role, l.value
             FROM requests q
             LEFT JOIN picklist_entries r ON r.id = q.role_id
             LEFT JOIN picklist_entries l ON l.id = q.language_id
             WHERE q.id = ?1",
        )?
        .query_row([request], |r| {
            Ok(Requester {
                role_id: r.get(0)?,
                role: r.get(1)?,
                role_family: r.get(2)?,
                department_id: r.get(3)?,
                organization_id: r.get(4)?,
                specialty: r.get(5)?,
                years_in_role: r.get(6)?,
                language: r.get(7)?,
                had: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| requests::not_found("id", request))?;
    requester.had = conn
        .prepare_cached("SELECT supporter_id FROM matches WHERE request_id = ?1")?
        .query_map([request], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(requester)
}

/// Every supporter, with the counts matching needs.
pub fn pool(conn: &Connection) -> Result<Vec<Supporter>> {
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.name, s.role_id, r.value, r.family, s.specialty, s.department_id, d.value,
                s.organization_id, o.name, s.languages, s.years_in_role, s.trained_on IS NOT NULL,
                s.status, s.paused_until, s.max_open_cases,
                (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active'),
                (SELECT max(m.matched_at) FROM matches m WHERE m.supporter_id = s.id)
         FROM supporters s
         JOIN picklist_entries r ON r.id = s.role_id
         LEFT JOIN picklist_entries d ON d.id = s.department_id
         JOIN organizations o ON o.id = s.organization_id
         ORDER BY s.id",
    )?;
    let date = |text: Option<String>| {
        text.and_then(|t| {
            t.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
    };
    let rows = statement.query_map([], |r| {
        let languages: String = r.get(10)?;
        let status: String = r.get(13)?;
        Ok(Supporter {
            id: r.get(0)?,
            name: r.get(1)?,
            role_id: r.get(2)?,
            role: r.get(3)?,
            role_family: r.get(4)?,
            specialty: r.get(5)?,
            department_id: r.get(6)?,
            department: r.get(7)?,
            organization_id: r.get(8)?,
            organization: r.get(9)?,
            languages: languages
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            years_in_role: r.get(11)?,
            trained: r.get(12)?,
            retired: status == "retired",
            paused: status == "paused",
            paused_until: date(r.get(14)?),
            max_open_cases: r.get(15)?,
            open_cases: r.get(16)?,
            last_assigned: date(r.get(17)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ranks the store's supporters for request `request`.
pub fn rank_request(
    conn: &Connection,
    request: i64,
    today: NaiveDate,
    relax: Option<Rule>,
) -> Result<Ranking> {
    let requester = requester_of(conn, request)?;
    let mode = program::load(conn)?.mode;
    Ok(rank(&requester, &pool(conn)?, mode, today, relax))
}

/// The coordinator's confirmation: `supporter` takes `request`. Refused unless the supporter
/// is among the candidates now (with `relax` set aside, if the coordinator chose to).
pub fn assign(
    conn: &Connection,
    request: i64,
    supporter: i64,
    relax: Option<Rule>,
    now: NaiveDateTime,
) -> Result<()> {
    let status = requests::status_of(conn, request)?;
    if status != Status::New {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            format!(
                "request #{request} is {}: only a request waiting for a match can be matched (release its supporter first to rematch)",
                status.as_str()
            ),
        ));
    }
    let requester = requester_of(conn, request)?;
    let mode = program::load(conn)?.mode;
    let everyone = pool(conn)?;
    let Some(chosen) = everyone.iter().find(|s| s.id == supporter) else {
        return Err(CoreError::invalid(
            "supporter_id",
            Problem::Unknown,
            format!("there is no supporter #{supporter}"),
        ));
    };
    let failed: Vec<Rule> = failures(&requester, chosen, mode, now.date())
        .into_iter()
        .filter(|r| Some(*r) != relax.filter(|r| r.relaxable()))
        .collect();
    if let Some(rule) = failed.first() {
        return Err(CoreError::invalid(
            "supporter_id",
            Problem::NotAllowed,
            format!(
                "{} cannot take request #{request}: {} ({})",
                chosen.name,
                rule.describe(),
                if rule.relaxable() {
                    "set that rule aside for this request to match anyway"
                } else {
                    "this rule cannot be set aside"
                }
            ),
        ));
    }
    let detail = match relax {
        Some(rule) => format!(
            "supporter #{supporter} matched, rule set aside: {}",
            rule.describe()
        ),
        None => format!("supporter #{supporter} matched"),
    };
    let tx = conn.unchecked_transaction()?;
    requests::transition(
        &tx,
        request,
        &[Status::New],
        Status::Matched,
        Some(&detail),
        now,
    )?;
    tx.execute(
        "INSERT INTO matches (request_id, supporter_id, matched_at, outcome) VALUES (?1, ?2, ?3, 'active')",
        params![request, supporter, stamp(now)],
    )?;
    tx.execute(
        "UPDATE requests SET matched_at = coalesce(matched_at, ?2) WHERE id = ?1",
        params![request, stamp(now)],
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests;
