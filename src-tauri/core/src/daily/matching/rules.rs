//! The hard rules: who may not take a request at all, and which of those rules a coordinator
//! may set aside for one request. The points among those who may are `ranking`'s.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::program::Mode;

use super::{Requester, Supporter};

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

/// Every hard rule `supporter` fails for `requester` (empty: eligible).
pub(super) fn failures(
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
