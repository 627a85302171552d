//! Ranking: the soft preferences as points with their reasons, the order of the candidates, and
//! the sentences about who the hard rules left out and which rule could be set aside.

use chrono::NaiveDate;
use serde::Serialize;

use crate::program::Mode;

use super::rules::failures;
use super::{weights, Requester, Rule, Supporter};

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
