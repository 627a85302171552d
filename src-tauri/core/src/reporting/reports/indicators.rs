//! The committee's questions, each a share of a whole: first contacts within the reply target
//! (and the time to them in business days), follow-ups done, referrals that connected,
//! contacts rated helpful, reach (departments with a contact) and adoption (trained supporters
//! active). Each share is suppressed like every count: its part, the rest and the whole form a
//! line of the suppression, and a share is shown only when none of the three is hidden.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::program::calendar;
use crate::reporting::suppression::{self, Cell};

/// One question as a share: `part` of `whole`, in percent when it may be shown.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Share {
    /// A stable name for scripts: "follow_ups_done".
    pub key: &'static str,
    /// "Follow-ups done", as the table shows it.
    pub label: &'static str,
    /// What the part and the whole are: "follow-ups done, of those due in the period".
    pub of_what: &'static str,
    pub part: Cell,
    pub whole: Cell,
    pub percent: Option<f64>,
    /// Why there is no share, in words, when there is none.
    pub not_shown: Option<String>,
}

/// Business days from the day a request came to the day of its first contact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BusinessDays {
    pub median: f64,
    pub p90: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Indicators {
    /// None when fewer requests than the threshold had their first contact.
    pub first_contact_business_days: Option<BusinessDays>,
    pub shares: Vec<Share>,
}

/// One of the committee's questions, as its share is named and explained.
struct Question {
    key: &'static str,
    label: &'static str,
    of_what: &'static str,
    /// What there was none of, when the whole is 0: "no referral was made".
    none: &'static str,
}

const FIRST_CONTACTS: Question = Question {
    key: "first_contact_within_target",
    label: "First contacts in time",
    of_what: "requests contacted within the target, of those contacted",
    none: "no first contact",
};
const FOLLOW_UPS: Question = Question {
    key: "follow_ups_done",
    label: "Follow-ups done",
    of_what: "follow-up check-ins done, of those due in the period",
    none: "no follow-up was due",
};
const REFERRALS: Question = Question {
    key: "referrals_connected",
    label: "Referrals connected",
    of_what: "referrals to further help that connected, of those made in the period",
    none: "no referral was made",
};
const RATED_HELPFUL: Question = Question {
    key: "rated_helpful",
    label: "Rated helpful",
    of_what: "contacts the supporter rated helpful, of those rated (could not reach not counted)",
    none: "no contact was rated",
};
const REACH: Question = Question {
    key: "reach",
    label: "Reach",
    of_what: "departments with at least one contact, of the departments on the list",
    none: "no department is on the list",
};
const ADOPTION: Question = Question {
    key: "adoption",
    label: "Adoption",
    of_what: "trained supporters with at least one contact, of the trained supporters",
    none: "no trained supporter",
};

/// The rules a share is shown by (see the module's comment).
fn share(question: &Question, part: i64, whole: i64, threshold: i64, view: bool) -> Share {
    let table = suppression::Table {
        values: vec![whole, part, whole - part],
        lines: vec![vec![1, 2, 0]],
        totals: vec![true, false, false],
    };
    let hidden = suppression::hide(&table, threshold);
    let (part_cell, whole_cell) = (
        Cell::new(part, hidden[1], threshold, view),
        Cell::new(whole, hidden[0], threshold, view),
    );
    let percent = part_cell.share(&whole_cell);
    let not_shown = match percent {
        Some(_) => None,
        None if whole == 0 => Some(format!("None in the period: {}.", question.none)),
        None => Some(format!(
            "Fewer than {threshold} in the part or in the rest: hidden to protect privacy."
        )),
    };
    Share {
        key: question.key,
        label: question.label,
        of_what: question.of_what,
        part: part_cell,
        whole: whole_cell,
        percent,
        not_shown,
    }
}

/// `sql` as it reads for one organization (`?3` or `?1`, the organization, `IS NULL OR …`) or,
/// without one, with that condition left out: a view's join that only finds the organization
/// is then not made at all.
fn by_organization(sql: &str, org: Option<i64>) -> String {
    match org {
        Some(_) => sql.to_string(),
        None => sql
            .replace("AND (?3 IS NULL OR organization_id = ?3)", "AND ?3 IS NULL")
            .replace("AND (?1 IS NULL OR organization_id = ?1)", "AND ?1 IS NULL"),
    }
}

/// The median and the 90th percentile of `days`, sorted (nearest rank).
fn spread(days: &[i64]) -> Option<BusinessDays> {
    if days.is_empty() {
        return None;
    }
    let median = if days.len().is_multiple_of(2) {
        (days[days.len() / 2 - 1] + days[days.len() / 2]) as f64 / 2.0
    } else {
        days[days.len() / 2] as f64
    };
    let rank = ((days.len() as f64) * 0.9).ceil() as usize;
    Some(BusinessDays {
        median,
        p90: days[rank.clamp(1, days.len()) - 1] as f64,
    })
}

/// Business days after `from` up to and including `to` (0: the same day).
fn business_days(from: NaiveDate, to: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> i64 {
    from.iter_days()
        .skip(1)
        .take_while(|day| *day <= to)
        .filter(|day| calendar::is_business_day(*day, holidays))
        .count() as i64
}

/// What the report already counted of the period's outreaches, so that no query reads them
/// again: the departments and the supporters seen, and the outreaches by rating.
pub(super) struct Seen<'a> {
    pub departments: HashSet<i64>,
    pub supporters: HashSet<i64>,
    pub outcomes: &'a [(String, i64)],
}

pub(super) fn build(
    conn: &Connection,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    org: Option<i64>,
    seen: Seen<'_>,
    (threshold, view): (i64, bool),
) -> Result<Indicators> {
    // Follow-ups count up to today: one due tomorrow is not late yet.
    let (from_text, to_text, due_to) =
        (from.to_string(), to.to_string(), to.min(today).to_string());
    let pair = |sql: &str, last: &str| -> Result<(i64, i64)> {
        let sql = by_organization(sql, org);
        let mut statement = conn.prepare(&sql)?;
        Ok(
            statement.query_row(rusqlite::params![from_text, last, org], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                ))
            })?,
        )
    };

    let holidays = calendar::holiday_dates(conn)?;
    let mut days = Vec::new();
    {
        let mut statement = conn.prepare(&by_organization(
            "SELECT received_on, first_contact_on FROM report_requests
             WHERE received_on BETWEEN ?1 AND ?2 AND first_contact_on IS NOT NULL
               AND (?3 IS NULL OR organization_id = ?3)",
            org,
        ))?;
        let rows = statement.query_map(rusqlite::params![from_text, to_text, org], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (received, contacted) = row?;
            if let (Ok(a), Ok(b)) = (
                NaiveDate::parse_from_str(&received, "%Y-%m-%d"),
                NaiveDate::parse_from_str(&contacted, "%Y-%m-%d"),
            ) {
                days.push(business_days(a, b, &holidays));
            }
        }
    }
    days.sort_unstable();
    let first_contact_business_days = if days.len() as i64 >= threshold || view {
        spread(&days)
    } else {
        None
    };

    let (within, contacted) = pair(
        "SELECT sum(within_target), count(*) FROM report_requests
         WHERE received_on BETWEEN ?1 AND ?2 AND minutes_to_first_contact IS NOT NULL
           AND (?3 IS NULL OR organization_id = ?3)",
        &to_text,
    )?;
    let (follow_ups_done, follow_ups_due) = pair(
        "SELECT sum(done), count(*) FROM report_follow_ups
         WHERE due_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR organization_id = ?3)",
        &due_to,
    )?;
    let (connected, referred) = pair(
        "SELECT sum(outcome = 'connected'), count(*) FROM report_referrals
         WHERE referred_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR organization_id = ?3)",
        &to_text,
    )?;
    let rating = |code: &str| {
        seen.outcomes
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, n)| *n)
            .sum::<i64>()
    };
    let helpful = rating("helpful");
    let rated = helpful + rating("neutral") + rating("not-helpful");

    let (reached, active) = (seen.departments, seen.supporters);
    let mut departments: HashSet<i64> = HashSet::new();
    {
        let mut statement = conn.prepare(
            "SELECT id FROM picklist_entries WHERE list = 'departments' AND retired_at IS NULL",
        )?;
        for id in statement.query_map([], |r| r.get::<_, i64>(0))? {
            departments.insert(id?);
        }
    }
    // A department reached in the period counts on the list even if retired since.
    departments.extend(reached.iter().copied());
    let mut trained: HashSet<i64> = HashSet::new();
    {
        let mut statement = conn.prepare(&by_organization(
            "SELECT supporter_ref FROM report_supporters WHERE trained AND (?1 IS NULL OR organization_id = ?1)",
            org,
        ))?;
        for id in statement.query_map([org], |r| r.get(0))? {
            trained.insert(id?);
        }
    }
    let trained_active = trained.intersection(&active).count() as i64;

    let mut shares = vec![
        share(&FIRST_CONTACTS, within, contacted, threshold, view),
        share(
            &FOLLOW_UPS,
            follow_ups_done,
            follow_ups_due,
            threshold,
            view,
        ),
        share(&REFERRALS, connected, referred, threshold, view),
        share(&RATED_HELPFUL, helpful, rated, threshold, view),
    ];
    // Reach and adoption count departments and supporters, not people supported: the whole
    // is the program's own list, shown as it is.
    shares.push(share(
        &REACH,
        reached.len() as i64,
        departments.len() as i64,
        1,
        view,
    ));
    shares.push(share(
        &ADOPTION,
        trained_active,
        trained.len() as i64,
        threshold,
        view,
    ));
    Ok(Indicators {
        first_contact_business_days,
        shares,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("day")
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let thanksgiving: BTreeSet<NaiveDate> = [day("2026-11-26")].into();
        assert_eq!(
            business_days(day("2026-11-23"), day("2026-11-23"), &thanksgiving),
            0
        );
        // Friday to Monday: one business day.
        assert_eq!(
            business_days(day("2026-11-20"), day("2026-11-23"), &thanksgiving),
            1
        );
        // Wednesday to Friday over Thanksgiving: one.
        assert_eq!(
            business_days(day("2026-11-25"), day("2026-11-27"), &thanksgiving),
            1
        );
    }

    #[test]
    fn the_median_and_90th_percentile_are_of_the_sorted_days() {
        let days: Vec<i64> = (0..10).collect();
        assert_eq!(
            spread(&days),
            Some(BusinessDays {
                median: 4.5,
                p90: 8.0
            })
        );
        assert_eq!(
            spread(&[3]),
            Some(BusinessDays {
                median: 3.0,
                p90: 3.0
            })
        );
        assert_eq!(spread(&[]), None);
    }

    #[test]
    fn a_share_is_shown_only_when_its_part_rest_and_whole_are_all_shown() {
        let shown = share(&RATED_HELPFUL, 60, 80, 11, false);
        assert_eq!(shown.percent, Some(75.0));
        let small_rest = share(&RATED_HELPFUL, 45, 50, 11, false);
        assert_eq!(small_rest.percent, None, "5 not helpful would be revealed");
        assert!(small_rest.not_shown.is_some());
        let none = share(&REFERRALS, 0, 0, 11, false);
        assert_eq!(
            none.not_shown.as_deref(),
            Some("None in the period: no referral was made.")
        );
    }
}
