//! Ranking: the soft preferences as points with their reasons, the order of the candidates, and
//! the sentences about who the hard rules left out and which rule could be set aside.
//!
//! The less loaded go first among equals: a tie in points is broken by fewer contacts in the
//! last 30 days, and the reasons of a candidate placed above an equal score for that say so.
//! It is a tie-break and not a weight, so that the load never outweighs a shared role or
//! language, only settles who goes first between two supporters as good as each other.

use chrono::NaiveDate;
use serde::Serialize;

use crate::program::Mode;
use crate::roster::care;

use super::rules::{failures, Policy};
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
    /// Contacts in the last 30 days, and whether that is above the program's load warning.
    pub contacts_30: i64,
    pub load_warning: bool,
    /// Their latest training or meeting is older than the program allows (flagged only).
    pub training_due: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Exclusion {
    pub rule: Rule,
    pub count: usize,
    /// "3 paused"; for a rest, who and until when: "1 resting (Ana Reyes until 2026-12-15)".
    pub sentence: String,
    /// Who a rest left out, by name, with its last day (empty for the other rules, whose
    /// sentence is a count).
    pub who: Vec<Left>,
}

/// A supporter left out for a reason the coordinator should see by name (a rest).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Left {
    pub supporter_id: i64,
    pub name: String,
    pub until: Option<String>,
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

/// The soft preferences, as points with their reasons, in the order the sentence reads; then
/// what the coordinator should know of the supporter's care (load, training due), at 0 points.
fn score(
    requester: &Requester,
    supporter: &Supporter,
    policy: Policy,
    today: NaiveDate,
) -> Vec<ScorePart> {
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
    // The load, when it is above the warning (every candidate's count is in `contacts_30`,
    // and the tie-break's note names it where it decided).
    let warning = policy.care.load_warning_contacts;
    if care::over_warning(supporter.contacts_30, warning) {
        part(
            format!(
                "{} contacts in the last 30 days, above the load warning of {warning}",
                supporter.contacts_30
            ),
            0,
        );
    }
    if policy.training_due(supporter, today) {
        part(
            match supporter.last_refresher {
                Some(last) => format!("training due (latest training or meeting {last})"),
                None => "training due".to_string(),
            },
            0,
        );
    }
    parts
}

/// The parts in one sentence, capitalized.
fn sentence(parts: &[ScorePart]) -> String {
    let reasons = parts
        .iter()
        .map(|p| p.reason.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    with_first(&reasons, char::to_uppercase)
}

/// `text` with its first letter changed by `change`, copied whole rather than a character at
/// a time (every candidate's sentence is made at every ranking).
fn with_first<I: Iterator<Item = char>>(text: &str, change: impl FnOnce(char) -> I) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut changed = String::with_capacity(text.len());
    changed.extend(change(first));
    changed.push_str(chars.as_str());
    changed
}

/// A candidate placed above the next one with the same score for having had fewer contacts
/// lately says so in its reasons (the tie-break of the less loaded among equals).
fn say_who_the_load_put_first(candidates: &mut [Candidate]) {
    for index in 1..candidates.len() {
        let (before, after) = candidates.split_at_mut(index);
        let (higher, lower) = (&mut before[index - 1], &after[0]);
        if higher.score == lower.score && higher.contacts_30 < lower.contacts_30 {
            higher.parts.push(ScorePart {
                reason: format!(
                    "placed above an equal score for fewer contacts lately ({} against {} in 30 days)",
                    higher.contacts_30, lower.contacts_30
                ),
                points: 0,
            });
            higher.reasons = sentence(&higher.parts);
        }
    }
}

fn lower(text: &str) -> String {
    with_first(text, char::to_lowercase)
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

/// Ranks `pool` for `requester` under `mode` and a new store's care settings. Pure: the
/// same inputs always give the same ranking.
pub fn rank(
    requester: &Requester,
    pool: &[Supporter],
    mode: Mode,
    today: NaiveDate,
    relax: Option<Rule>,
) -> Ranking {
    rank_with(requester, pool, Policy::new(mode), today, relax)
}

/// Ranks `pool` for `requester` under the program's `policy`. Pure.
pub fn rank_with(
    requester: &Requester,
    pool: &[Supporter],
    policy: Policy,
    today: NaiveDate,
    relax: Option<Rule>,
) -> Ranking {
    let mode = policy.mode;
    let relax = relax.filter(|r| r.relaxable());
    let mut candidates = Vec::new();
    let mut excluded: Vec<Exclusion> = Vec::new();
    let mut only_failing: Vec<(Rule, bool)> = Vec::new();
    for supporter in pool {
        let failed: Vec<Rule> = failures(requester, supporter, policy, today)
            .into_iter()
            .filter(|r| Some(*r) != relax)
            .collect();
        if let Some(first) = failed.first() {
            let index = match excluded.iter().position(|e| e.rule == *first) {
                Some(index) => index,
                None => {
                    excluded.push(Exclusion {
                        rule: *first,
                        count: 0,
                        sentence: String::new(),
                        who: Vec::new(),
                    });
                    excluded.len() - 1
                }
            };
            let exclusion = &mut excluded[index];
            exclusion.count += 1;
            if *first == Rule::Resting {
                exclusion.who.push(Left {
                    supporter_id: supporter.id,
                    name: supporter.name.clone(),
                    until: supporter.resting_until.map(|d| d.to_string()),
                });
            }
            if let [only] = failed.as_slice() {
                if only.relaxable() {
                    only_failing.push((*only, requester.role_id == Some(supporter.role_id)));
                }
            }
            continue;
        }
        let parts = score(requester, supporter, policy, today);
        candidates.push(Candidate {
            supporter_id: supporter.id,
            name: supporter.name.clone(),
            role: supporter.role.clone(),
            department: supporter.department.clone(),
            organization: supporter.organization.clone(),
            score: parts.iter().map(|p| p.points).sum(),
            reasons: sentence(&parts),
            parts,
            open_cases: supporter.open_cases,
            max_open_cases: supporter.max_open_cases,
            last_assigned: supporter.last_assigned.map(|d| d.to_string()),
            contacts_30: supporter.contacts_30,
            load_warning: care::over_warning(
                supporter.contacts_30,
                policy.care.load_warning_contacts,
            ),
            training_due: policy.training_due(supporter, today),
        });
    }
    candidates.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.contacts_30.cmp(&b.contacts_30))
            .then(a.open_cases.cmp(&b.open_cases))
            .then(a.last_assigned.cmp(&b.last_assigned))
            .then(a.supporter_id.cmp(&b.supporter_id))
    });
    say_who_the_load_put_first(&mut candidates);
    excluded.sort_by_key(|e| e.rule);
    for exclusion in &mut excluded {
        exclusion.sentence = format!("{} {}", exclusion.count, exclusion.rule.describe());
        if !exclusion.who.is_empty() {
            let names: Vec<String> = exclusion
                .who
                .iter()
                .map(|left| match &left.until {
                    Some(until) => format!("{} until {until}", left.name),
                    None => left.name.clone(),
                })
                .collect();
            exclusion.sentence = format!("{} ({})", exclusion.sentence, names.join("; "));
        }
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
