//! The hard rules: who may not take a request at all, and which of those rules a coordinator
//! may set aside for one request. The points among those who may are `ranking`'s.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::program::{Care, DueMatching, Mode};
use crate::roster::{care, training};

use super::{Requester, Supporter};

/// The program's rules that matching follows: its mode and the supporters' care settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub mode: Mode,
    pub care: Care,
}

impl Policy {
    /// The mode with a new store's care settings (flagging, not excluding, due supporters).
    pub fn new(mode: Mode) -> Policy {
        Policy {
            mode,
            care: Care {
                load_warning_contacts: crate::program::DEFAULT_LOAD_WARNING_CONTACTS,
                training_valid_months: crate::program::DEFAULT_TRAINING_VALID_MONTHS,
                training_due_matching: DueMatching::Flag,
            },
        }
    }

    /// Whether `supporter` is due for a refresher on `today` (as `training::is_due` says, on
    /// dates: this runs for each of 2,000 supporters at every ranking).
    pub fn training_due(&self, supporter: &Supporter, today: NaiveDate) -> bool {
        let cutoff = training::due_cutoff(today, self.care.training_valid_months);
        supporter.trained && supporter.last_refresher.is_some_and(|last| last < cutoff)
    }
}

/// A hard rule a supporter can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Retired,
    Untrained,
    Paused,
    /// Resting (the program's care after a heavy stretch) through a date.
    Resting,
    /// Training or meeting older than the program allows, when it leaves them out.
    TrainingDue,
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
            Rule::Resting => "resting",
            Rule::TrainingDue => "due for a refresher (training or meeting too long ago)",
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
            Rule::CaseLimit
                | Rule::TrainingDue
                | Rule::OwnOrganization
                | Rule::OtherOrganization
                | Rule::OwnDepartment
        )
    }

    /// The relaxable rules by the names the command line and the window use.
    pub fn parse_relaxable(text: &str) -> Result<Rule> {
        match text.trim() {
            "case-limit" => Ok(Rule::CaseLimit),
            "training-due" => Ok(Rule::TrainingDue),
            "own-organization" => Ok(Rule::OwnOrganization),
            "other-organization" => Ok(Rule::OtherOrganization),
            "own-department" => Ok(Rule::OwnDepartment),
            other => Err(CoreError::invalid(
                "relax",
                Problem::Unknown,
                format!(
                    "\"{}\" is not a rule that can be set aside: case-limit, training-due, own-organization, other-organization or own-department",
                    crate::fields::shorten(other)
                ),
            )),
        }
    }
}

/// Every hard rule `supporter` fails for `requester` (empty: eligible).
pub(super) fn failures(
    requester: &Requester,
    supporter: &Supporter,
    policy: Policy,
    today: NaiveDate,
) -> Vec<Rule> {
    let mode = policy.mode;
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
    if care::is_resting(supporter.resting_until, today) {
        failed.push(Rule::Resting);
    }
    if policy.care.training_due_matching == DueMatching::Exclude
        && policy.training_due(supporter, today)
    {
        failed.push(Rule::TrainingDue);
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
