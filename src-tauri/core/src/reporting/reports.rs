//! Reports: the trends a quality or wellness office takes to committees, for a period and
//! optionally one organization. Every count that can leave the screen goes through
//! `suppression`: counts from 1 to threshold − 1 show as "<11", complementary suppression
//! hides what a total would give back, and shares of hidden counts are hidden. The
//! coordinator's own view may show exact counts (still marked); exports never do.
//!
//! An outreach belongs to the organization of its request; a stand-alone contact (no request)
//! to its supporter's organization, where it happened.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, Months, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Problem, Result};
use crate::fields::parse_date;
use crate::program;
use crate::program::group::{self as group_rule, EventKind, Reach, SessionKind};
use crate::program::outreach_choices::{self, ChoiceList};
use crate::reporting::suppression::{self, Cell};
use crate::store::rows::optional_text;

pub mod figures;
pub mod indicators;

/// What a report covers. Dates are inclusive.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// YYYY-MM-DD; empty: see [`period`] (the last 12 full months when `to` is empty too).
    pub from: String,
    /// YYYY-MM-DD; empty: see [`period`].
    pub to: String,
    pub organization_id: Option<i64>,
    /// Exact counts on the coordinator's own screen (never for an export).
    pub coordinator_view: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportRow {
    pub label: String,
    pub count: Cell,
    /// Percent of the table's total; none when either count is hidden.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportTable {
    pub id: String,
    pub title: String,
    /// What the table counts, and what was hidden.
    pub caption: String,
    pub rows: Vec<ReportRow>,
    pub total: Cell,
    pub hidden: usize,
    /// One outreach can count in several rows (issue types, resources): the rows add up to
    /// mentions, and the total is of outreaches.
    pub several_per_outreach: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReplyTimes {
    pub received: Cell,
    /// Requests of the period whose first contact happened.
    pub contacted: Cell,
    pub within_target: Cell,
    pub share_within_target: Option<f64>,
    /// Why there is no share, in words, when there is none: the window and the printed
    /// report say the same.
    pub share_not_shown: Option<String>,
    /// Hidden (None) when fewer than the threshold were contacted.
    pub median_hours_to_first_contact: Option<f64>,
    pub reply_target_days: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Growth {
    pub previous_from: String,
    pub previous_to: String,
    pub previous_total: Cell,
    /// Percent change against the previous period of the same length; none when hidden.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub organization: Option<String>,
    pub threshold: i64,
    pub coordinator_view: bool,
    /// No outreach, no request, no critical event and no group session in the period.
    pub empty: bool,
    pub outreaches: Cell,
    pub growth: Growth,
    /// By issue type, role, department, referral source, mode, kind.
    pub tables: Vec<ReportTable>,
    /// Outreaches per month of the period.
    pub monthly: ReportTable,
    pub reply: ReplyTimes,
    /// Active supporters by outreaches in the period, and by open cases now.
    pub load: Vec<ReportTable>,
    /// The committee's questions, each a share (see `indicators`).
    pub indicators: indicators::Indicators,
    /// Critical events and the team sessions after them, counted apart from the
    /// one-to-one outreaches.
    pub group: GroupSupport,
}

/// Group support in a period: the critical events logged and whether their unit was reached
/// within the target, the team sessions (huddles, debriefs, check-ins) and the people they
/// reached. Every count suppressed as the other tables are.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupSupport {
    /// Critical events of the period.
    pub events: Cell,
    /// Of the events reached or past their target, those whose unit was reached within it.
    pub reached_in_time: Cell,
    /// Their share, in percent; none when a count is hidden or no event is reached or past
    /// its target yet.
    pub share_in_time: Option<f64>,
    /// Why there is no share, in words, when there is none.
    pub share_not_shown: Option<String>,
    /// The outreach target of the program today, in hours (each event keeps its own).
    pub target_hours: u32,
    /// Group sessions held in the period.
    pub sessions: Cell,
    /// People reached by them: the sum of their headcounts.
    pub people_reached: Cell,
    /// Events by kind, events by outreach within the target, sessions by kind, people
    /// reached by kind and by role.
    pub tables: Vec<ReportTable>,
}

/// The program's threshold (counts below it are suppressed), from settings; 11 by default.
pub fn threshold(conn: &Connection) -> Result<i64> {
    Ok(i64::from(program::load(conn)?.suppression_threshold.max(2)))
}

/// How many whole months the default period covers.
pub const DEFAULT_MONTHS: u32 = 12;

/// The period a query means, checked. Left empty, it is the last 12 full months: from the 1st
/// of the month a year before this one to the last day of last month, as the Reports screen
/// opens. Whole months, so that on any day — the 1st too — it holds a year of data and no
/// month is counted in part. With only `to`, the 12 calendar months ending with `to`'s month;
/// with only `from`, up to today.
pub fn period(query: &ReportQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let date = |text: &str, what: &str| -> Result<Option<NaiveDate>> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_date(text)
                .map(Some)
                .map_err(|e| CoreError::invalid(what, Problem::Format, format!("{what}: {e}")))
        }
    };
    let from = date(&query.from, "from")?;
    let to = date(&query.to, "to")?;
    let first_of_month = |day: NaiveDate| day.with_day(1).unwrap_or(day);
    let to = match (from, to) {
        (_, Some(to)) => to,
        (Some(_), None) => today,
        (None, None) => first_of_month(today).pred_opt().unwrap_or(today),
    };
    let from = from.unwrap_or_else(|| {
        first_of_month(to)
            .checked_sub_months(Months::new(DEFAULT_MONTHS - 1))
            .unwrap_or(to)
    });
    if from > to {
        return Err(CoreError::invalid(
            "from",
            Problem::OutOfRange,
            format!("the period starts ({from}) after it ends ({to})"),
        ));
    }
    Ok((from, to))
}

/// The outreaches of a period (and organization) as the reports filter them, from
/// `report_outreaches`: a view in the coordinator's store, a table in the reporting store.
/// Without an organization the view's joins are never made (SQLite leaves out a join whose
/// columns are unused), which a report over 200,000 outreaches feels.
fn outreaches_sql(by_organization: bool) -> &'static str {
    if by_organization {
        "SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, x.department_id, x.role_id, x.supporter_ref,
                x.outcome
         FROM report_outreaches x
         WHERE x.occurred_on BETWEEN :from AND :to AND x.organization_id = :org"
    } else {
        "SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, x.department_id, x.role_id, x.supporter_ref,
                x.outcome
         FROM report_outreaches x WHERE x.occurred_on BETWEEN :from AND :to AND :org IS NULL"
    }
}

/// One row per outreach of a period, counted as they come. Asked for `count(*)`, SQLite
/// makes the view's joins for every outreach even without an organization (two look-ups
/// each: a third of a report of a year of the `large` store); for rows, it leaves them out.
fn each_outreach_sql(by_organization: bool) -> String {
    format!("SELECT 1 FROM ({}) o", outreaches_sql(by_organization))
}

/// The report of a period, every part on `conn`, one after the other.
pub fn build(conn: &Connection, query: &ReportQuery, today: NaiveDate) -> Result<Report> {
    let scope = Scope::of(conn, query, today)?;
    assemble(conn, &scope, || Apart::count(conn, &scope))
}

/// The report of a period on two cores: the parts that do not need the one pass over the
/// outreaches ([`Apart`]) are counted on `helper`, a second connection, while `conn` makes
/// that pass. One after the other, a report of a year of the `large` store took longer than
/// its budget (docs/performance.md). Both connections must read the same snapshot of the
/// store (`store::session::ReadSource::open_two`), or the two halves could disagree.
pub fn build_on_two(
    conn: &Connection,
    helper: Connection,
    query: &ReportQuery,
    today: NaiveDate,
) -> Result<Report> {
    let scope = Scope::of(conn, query, today)?;
    let scope = &scope;
    std::thread::scope(|threads| {
        let apart = threads.spawn(move || Apart::count(&helper, scope));
        assemble(conn, scope, || {
            apart.join().unwrap_or_else(|_| {
                Err(CoreError::Internal(
                    "a part of the report stopped unexpectedly".into(),
                ))
            })
        })
    })
}

/// What a report is of, settled once for all its parts.
struct Scope {
    from: NaiveDate,
    to: NaiveDate,
    /// The period of the same length just before, for the change in the total.
    previous: (NaiveDate, NaiveDate),
    org: Option<i64>,
    today: NaiveDate,
    threshold: i64,
    /// The coordinator's view (exact small counts, still marked).
    view: bool,
}

impl Scope {
    fn of(conn: &Connection, query: &ReportQuery, today: NaiveDate) -> Result<Scope> {
        let (from, to) = period(query, today)?;
        let span = (to - from).num_days() + 1;
        Ok(Scope {
            from,
            to,
            previous: (from - Duration::days(span), from - Duration::days(1)),
            org: query.organization_id,
            today,
            threshold: threshold(conn)?,
            view: query.coordinator_view,
        })
    }

    fn table(&self, id: &str, title: &str, what: &str, rows: Vec<(String, i64)>) -> ReportTable {
        make_table(id, title, what, rows, None, self.threshold, self.view)
    }
}

/// The parts of a report that do not need the one pass over the outreaches: the total of
/// the period before, the tables of several values per outreach, the requests, the
/// referrals, the reply times and group support. [`build_on_two`] counts them on a
/// connection of their own.
struct Apart {
    /// Outreaches in the period before.
    previous: i64,
    issue_types: Vec<(String, i64)>,
    resources: Vec<(String, i64)>,
    sources: Vec<(String, i64)>,
    referrals: Vec<(String, i64)>,
    reply: ReplyTimes,
    group: GroupSupport,
    /// No critical event and no group session in the period.
    group_empty: bool,
}

impl Apart {
    fn count(conn: &Connection, scope: &Scope) -> Result<Apart> {
        let Scope { from, to, org, .. } = *scope;
        let named = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut statement = conn.prepare(sql)?;
            let rows = statement.query_map(
                rusqlite::named_params! { ":from": from.to_string(), ":to": to.to_string(), ":org": org },
                |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_else(|| NOT_RECORDED.into()), r.get(1)?)),
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        // Several values per outreach: counted per entry, over the period's range of the index
        // (entry, day), without looking at the outreaches; of one organization, through them.
        let by_link = |table: &str| {
            match org {
            None => format!(
                "SELECT e.value, n FROM (SELECT e.id, e.value,
                     (SELECT count(*) FROM {table} t WHERE t.entry_id = e.id AND t.occurred_on BETWEEN :from AND :to) AS n
                     FROM picklist_entries e WHERE :org IS NULL) e
                 WHERE n > 0 ORDER BY n DESC, e.value"
            ),
            Some(_) => format!(
                "SELECT e.value, count(*) FROM ({}) o JOIN {table} t ON t.outreach_id = o.id
                 JOIN picklist_entries e ON e.id = t.entry_id GROUP BY e.id ORDER BY count(*) DESC, e.value",
                outreaches_sql(true)
            ),
        }
        };
        let (group, group_empty) = group_support(conn, &EntryNames::load(conn)?, scope)?;
        let (previous_from, previous_to) = scope.previous;
        let mut statement = conn.prepare(&each_outreach_sql(org.is_some()))?;
        let mut rows = statement.query(rusqlite::named_params! {
            ":from": previous_from.to_string(), ":to": previous_to.to_string(), ":org": org
        })?;
        let mut previous = 0;
        while rows.next()?.is_some() {
            previous += 1;
        }
        Ok(Apart {
            previous,
            issue_types: named(&by_link("outreach_issue_types"))?,
            resources: named(&by_link("outreach_resources"))?,
            sources: named(
                "SELECT source, count(*) FROM report_requests
                 WHERE received_on BETWEEN :from AND :to AND (:org IS NULL OR organization_id = :org)
                 GROUP BY source ORDER BY count(*) DESC, source",
            )?,
            referrals: named(
                "SELECT service, count(*) FROM report_referrals
                 WHERE referred_on BETWEEN :from AND :to AND (:org IS NULL OR organization_id = :org)
                 GROUP BY service ORDER BY count(*) DESC, service",
            )?,
            reply: reply_times(conn, scope)?,
            group,
            group_empty,
        })
    }
}

/// The report: the one pass over the period's outreaches and what follows from it on
/// `conn`, then the parts counted apart, from `apart` (at once, or from another thread).
fn assemble(
    conn: &Connection,
    scope: &Scope,
    apart: impl FnOnce() -> Result<Apart>,
) -> Result<Report> {
    let Scope {
        from,
        to,
        org,
        threshold,
        view,
        ..
    } = *scope;
    let organization = match org {
        Some(id) => Some(crate::program::organizations::name_of(conn, id)?),
        None => None,
    };
    // Every table of the period but the two of several values per outreach, in one pass.
    let tally = Tally::of_period(conn, outreaches_sql(org.is_some()), from, to, org)?;
    let total = tally.total;

    let entries = EntryNames::load(conn)?;
    let by_choice =
        |counts: &HashMap<String, i64>, list: ChoiceList| -> Result<Vec<(String, i64)>> {
            largest_first(counts.iter().map(|(code, n)| (code.clone(), *n)))
                .into_iter()
                .map(|(code, n)| Ok((outreach_choices::label(conn, list, &code)?, n)))
                .collect()
        };
    let outcomes = largest_first(tally.outcomes.iter().map(|(code, n)| (code.clone(), *n)));
    let kinds: Vec<(String, i64)> = [("Initial", tally.initial), ("Follow-up", tally.follow_ups)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| (label.to_string(), n))
        .collect();
    let roles = entries.name_counts(&tally.roles);
    let departments = entries.name_counts(&tally.departments);
    let referred_by = by_choice(&tally.referrals, ChoiceList::ReferralSources)?;
    let modes = by_choice(&tally.modes, ChoiceList::Modes)?;

    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        months.insert(month.format("%Y-%m").to_string(), 0);
        month = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    months.extend(tally.months.iter().map(|(k, n)| (k.clone(), *n)));
    let monthly = scope.table(
        "months",
        "Outreaches per month",
        "outreaches per month",
        months.into_iter().collect(),
    );

    let load = supporter_load(conn, scope, &tally)?;
    let seen = indicators::Seen {
        departments: tally.departments.keys().flatten().copied().collect(),
        supporters: tally.supporters.keys().copied().collect(),
        outcomes: &outcomes,
    };
    let indicators =
        indicators::build(conn, (from, to), scope.today, org, seen, (threshold, view))?;

    let apart = apart()?;
    let previous = apart.previous;
    // A change between a shown and a hidden total would give the hidden one back: hidden too.
    let (total_cell, previous_cell) = (
        Cell::new(total, total > 0 && total < threshold, threshold, view),
        Cell::new(
            previous,
            previous > 0 && previous < threshold,
            threshold,
            view,
        ),
    );
    let percent = (!total_cell.hidden && !previous_cell.hidden && previous > 0)
        .then(|| ((total - previous) as f64 * 1000.0 / previous as f64).round() / 10.0);
    let several = |id: &str, title: &str, what: &str, rows: Vec<(String, i64)>| {
        make_table(id, title, what, rows, Some(total), threshold, view)
    };
    let tables = vec![
        several(
            "issue-types",
            "Outreaches by issue type",
            "outreaches by issue type (an outreach can have several)",
            apart.issue_types,
        ),
        scope.table(
            "roles",
            "Outreaches by role",
            "outreaches by the role of the person supported",
            roles,
        ),
        scope.table(
            "departments",
            "Outreaches by department",
            "outreaches by the department of the person supported",
            departments,
        ),
        scope.table(
            "referral",
            "Outreaches by referral source",
            "outreaches by who referred the person",
            referred_by,
        ),
        scope.table(
            "modes",
            "Outreaches by mode",
            "outreaches by how the contact happened",
            modes,
        ),
        scope.table(
            "kinds",
            "Initial and follow-up outreaches",
            "initial contacts and follow-ups",
            kinds,
        ),
        several(
            "resources",
            "Resources offered",
            "outreaches by resource offered (an outreach can have several)",
            apart.resources,
        ),
        scope.table(
            "outcomes",
            "Outreaches by the supporter's rating",
            "outreaches by how the supporter rated the contact (not every contact is rated)",
            outcomes
                .iter()
                .map(|(code, n)| (outcome_words(code).to_string(), *n))
                .collect(),
        ),
        scope.table(
            "sources",
            "Requests by source",
            "requests received in the period by where they came from (a flyer batch's source code)",
            apart.sources,
        ),
        scope.table(
            "referrals",
            "Referrals to further help, by service",
            "referrals made in the period, by service",
            apart.referrals,
        ),
    ];
    Ok(Report {
        from: from.to_string(),
        to: to.to_string(),
        organization,
        threshold,
        coordinator_view: view,
        empty: total == 0 && apart.reply.received.value == Some(0) && apart.group_empty,
        outreaches: total_cell,
        growth: Growth {
            previous_from: scope.previous.0.to_string(),
            previous_to: scope.previous.1.to_string(),
            previous_total: previous_cell,
            percent,
        },
        tables,
        monthly,
        reply: apart.reply,
        load,
        indicators,
        group: apart.group,
    })
}

/// The label of a count whose value was not recorded (an outreach without a department).
const NOT_RECORDED: &str = "(not recorded)";

/// What one pass over the outreaches of a period counts: every table whose rows are one
/// value of the outreach. Counting them in one pass over the period's rows (which the
/// `outreaches_report` index holds whole, in date order) instead of one query per table is
/// what brought a report of a year from a third of a second to a few hundredths
/// (docs/performance.md).
#[derive(Debug, Default)]
struct Tally {
    total: i64,
    roles: HashMap<Option<i64>, i64>,
    departments: HashMap<Option<i64>, i64>,
    referrals: HashMap<String, i64>,
    modes: HashMap<String, i64>,
    initial: i64,
    follow_ups: i64,
    /// By "YYYY-MM".
    months: HashMap<String, i64>,
    /// By `supporter_ref`: outreaches logged.
    supporters: HashMap<i64, i64>,
    /// By the supporter's rating, of the outreaches rated.
    outcomes: HashMap<String, i64>,
}

impl Tally {
    fn of_period(
        conn: &Connection,
        outreaches: &str,
        from: NaiveDate,
        to: NaiveDate,
        org: Option<i64>,
    ) -> Result<Tally> {
        fn add<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, i64>, key: K) {
            *counts.entry(key).or_default() += 1;
        }
        /// Counts under a text key, allocating the key only the first time it is seen.
        fn add_text(counts: &mut HashMap<String, i64>, key: &str) {
            match counts.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(key.to_string(), 1);
                }
            }
        }
        /// A text column, borrowed from the row (no copy for the rows of a year).
        fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
            optional_text(row, i)?.ok_or(rusqlite::Error::InvalidColumnType(
                i,
                "a text column".into(),
                rusqlite::types::Type::Null,
            ))
        }
        let mut tally = Tally::default();
        let mut statement = conn.prepare(&format!(
            "SELECT o.occurred_on, o.kind, o.mode, o.referred_by, o.department_id, o.role_id, o.supporter_ref,
                    o.outcome
             FROM ({outreaches}) o"
        ))?;
        let mut rows = statement.query(
            rusqlite::named_params! { ":from": from.to_string(), ":to": to.to_string(), ":org": org },
        )?;
        while let Some(row) = rows.next()? {
            tally.total += 1;
            let day = text(row, 0)?;
            add_text(&mut tally.months, day.get(..7).unwrap_or(day));
            if text(row, 1)? == "initial" {
                tally.initial += 1;
            } else {
                tally.follow_ups += 1;
            }
            add_text(&mut tally.modes, text(row, 2)?);
            add_text(&mut tally.referrals, text(row, 3)?);
            add(&mut tally.departments, row.get::<_, Option<i64>>(4)?);
            add(&mut tally.roles, row.get::<_, Option<i64>>(5)?);
            if let Some(supporter) = row.get::<_, Option<i64>>(6)? {
                add(&mut tally.supporters, supporter);
            }
            if let Some(outcome) = optional_text(row, 7)? {
                add_text(&mut tally.outcomes, outcome);
            }
        }
        Ok(tally)
    }
}

/// The names of the list entries (roles, departments), for the rows of a tally.
struct EntryNames(HashMap<i64, String>);

impl EntryNames {
    fn load(conn: &Connection) -> Result<EntryNames> {
        let mut statement = conn.prepare("SELECT id, value FROM picklist_entries")?;
        let names = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(EntryNames(names.collect::<rusqlite::Result<_>>()?))
    }

    /// Each entry's name with its count, largest first, then by name; an entry not
    /// recorded (or no longer known) as "(not recorded)".
    fn name_counts(&self, counts: &HashMap<Option<i64>, i64>) -> Vec<(String, i64)> {
        let mut named: HashMap<String, i64> = HashMap::new();
        for (id, n) in counts {
            let name = id
                .and_then(|id| self.0.get(&id).cloned())
                .unwrap_or_else(|| NOT_RECORDED.to_string());
            *named.entry(name).or_default() += n;
        }
        largest_first(named)
    }
}

/// A stored rating as the report words it (`program::outreach_choices::Outcome`).
fn outcome_words(code: &str) -> &str {
    match outreach_choices::Outcome::parse(code) {
        Ok(Some(outcome)) => outcome.label(),
        _ => code,
    }
}

/// Rows largest first, ties in the order of their key.
fn largest_first(counts: impl IntoIterator<Item = (String, i64)>) -> Vec<(String, i64)> {
    let mut rows: Vec<(String, i64)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// A one-way table with its total, suppressed, with a caption that says what was hidden.
/// `total` is given when it is not the sum of the rows (several issue types per outreach).
fn make_table(
    id: &str,
    title: &str,
    what: &str,
    rows: Vec<(String, i64)>,
    total: Option<i64>,
    threshold: i64,
    view: bool,
) -> ReportTable {
    let counts: Vec<i64> = rows.iter().map(|(_, n)| *n).collect();
    let sum = total.unwrap_or_else(|| counts.iter().sum());
    let hidden = suppression::hide(
        &suppression::Table::one_way_with_total(&counts, sum),
        threshold,
    );
    let total_cell = Cell::new(sum, hidden[counts.len()], threshold, view);
    let rows: Vec<ReportRow> = rows
        .into_iter()
        .zip(&hidden)
        .map(|((label, n), h)| {
            let count = Cell::new(n, *h, threshold, view);
            ReportRow {
                share: count.share(&total_cell),
                label,
                count,
            }
        })
        .collect();
    let small = counts.iter().filter(|n| **n > 0 && **n < threshold).count()
        + usize::from(sum > 0 && sum < threshold);
    let hidden_count = hidden.iter().filter(|h| **h).count();
    let caption = match (hidden_count, small) {
        (0, _) => format!("Counts of {what}. Nothing was hidden."),
        (n, s) if n == s => format!(
            "Counts of {what}. {n} count{} from 1 to {} shown as <{threshold}.",
            plural(n),
            threshold - 1
        ),
        (n, s) => format!(
            "Counts of {what}. {s} count{} from 1 to {} shown as <{threshold}, and {} more hidden so that totals cannot reveal them.",
            plural(s),
            threshold - 1,
            n - s
        ),
    };
    ReportTable {
        id: id.into(),
        title: title.into(),
        caption,
        rows,
        total: total_cell,
        hidden: hidden_count,
        several_per_outreach: total.is_some(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Requests received in the period: how many had their first contact, how many within the
/// reply target, and the median hours to first contact.
fn reply_times(conn: &Connection, scope: &Scope) -> Result<ReplyTimes> {
    let Scope {
        from,
        to,
        org,
        threshold,
        view,
        ..
    } = *scope;
    let mut statement = conn.prepare(
        "SELECT minutes_to_first_contact, within_target FROM report_requests
         WHERE received_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR organization_id = ?3)",
    )?;
    let rows = statement.query_map(params![from.to_string(), to.to_string(), org], |r| {
        Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<bool>>(1)?))
    })?;
    let mut received = 0_i64;
    let mut within = 0_i64;
    let mut hours = Vec::new();
    for row in rows {
        let (minutes, in_time) = row?;
        received += 1;
        let Some(minutes) = minutes else {
            continue;
        };
        hours.push(minutes as f64 / 60.0);
        if in_time == Some(true) {
            within += 1;
        }
    }
    let contacted = hours.len() as i64;
    // received = contacted + not contacted; contacted = within + late: two lines.
    let table = suppression::Table {
        values: vec![
            received,
            contacted,
            received - contacted,
            within,
            contacted - within,
        ],
        lines: vec![vec![1, 2, 0], vec![3, 4, 1]],
        totals: vec![true, true, false, false, false],
    };
    let hidden = suppression::hide(&table, threshold);
    let cell = |i: usize| Cell::new(table.values[i], hidden[i], threshold, view);
    let (contacted_cell, within_cell) = (cell(1), cell(3));
    let reply_target_days = program::load(conn)?.reply_target_days;
    let share = within_cell.share(&contacted_cell);
    let privacy = "hidden to protect privacy";
    let share_not_shown = match share {
        Some(_) => None,
        None if contacted == 0 => {
            Some("No request of the period has had its first contact yet.".to_string())
        }
        None if contacted_cell.hidden => Some(format!(
            "Fewer than {threshold} requests had a first contact: {privacy}."
        )),
        None => Some(format!(
            "Fewer than {threshold} first contacts were within {}, or fewer than {threshold} were later: {privacy}.",
            target_words(reply_target_days)
        )),
    };
    hours.sort_by(f64::total_cmp);
    let median = (contacted >= threshold).then(|| {
        let mid = hours.len() / 2;
        let value = if hours.len() % 2 == 0 {
            (hours[mid - 1] + hours[mid]) / 2.0
        } else {
            hours[mid]
        };
        (value * 10.0).round() / 10.0
    });
    Ok(ReplyTimes {
        received: cell(0),
        share_within_target: share,
        share_not_shown,
        contacted: contacted_cell,
        within_target: within_cell,
        median_hours_to_first_contact: median,
        reply_target_days,
    })
}

/// Group support in the period: events from `report_events`, sessions from
/// `report_debriefs` with their people by role from `debrief_roles` (views and a table in
/// the coordinator's store, tables in the reporting store). Says too whether the period
/// holds neither an event nor a session.
fn group_support(
    conn: &Connection,
    entries: &EntryNames,
    scope: &Scope,
) -> Result<(GroupSupport, bool)> {
    let Scope {
        from,
        to,
        org,
        today,
        threshold,
        ..
    } = *scope;
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let mut by_kind: HashMap<String, i64> = HashMap::new();
    // Reached within the target, after it, not reached; events still within it aside.
    let mut reach = [0_i64; 3];
    let mut statement = conn.prepare(
        "SELECT occurred_on, kind, due_on, reached_on FROM report_events
         WHERE occurred_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR organization_id = ?3)",
    )?;
    let mut rows = statement.query(params![from.to_string(), to.to_string(), org])?;
    let mut events = 0_i64;
    while let Some(row) = rows.next()? {
        events += 1;
        *by_kind.entry(row.get(1)?).or_default() += 1;
        let (occurred, due): (String, String) = (row.get(0)?, row.get(2)?);
        let reached: Option<String> = row.get(3)?;
        let (Some(occurred), Some(due)) = (day(&occurred), day(&due)) else {
            continue;
        };
        match group_rule::reach(occurred, due, reached.as_deref().and_then(day), today) {
            Reach::InTime => reach[0] += 1,
            Reach::Late => reach[1] += 1,
            Reach::Overdue | Reach::Missed => reach[2] += 1,
            Reach::Due => {}
        }
    }
    let mut sessions_by_kind: HashMap<String, i64> = HashMap::new();
    let mut people_by_kind: HashMap<String, i64> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT kind, headcount FROM report_debriefs
         WHERE held_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR organization_id = ?3)",
    )?;
    let mut rows = statement.query(params![from.to_string(), to.to_string(), org])?;
    let (mut sessions, mut people) = (0_i64, 0_i64);
    while let Some(row) = rows.next()? {
        let (kind, headcount): (String, i64) = (row.get(0)?, row.get(1)?);
        sessions += 1;
        people += headcount;
        *sessions_by_kind.entry(kind.clone()).or_default() += 1;
        *people_by_kind.entry(kind).or_default() += headcount;
    }
    let mut statement = conn.prepare(
        "SELECT r.role_id, sum(r.people) FROM debrief_roles r
         JOIN report_debriefs b ON b.id = r.debrief_id
         WHERE b.held_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR b.organization_id = ?3)
         GROUP BY r.role_id",
    )?;
    let by_role: HashMap<Option<i64>, i64> = statement
        .query_map(params![from.to_string(), to.to_string(), org], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut roles = entries.name_counts(&by_role);
    let unnoted = people - by_role.values().sum::<i64>();
    if unnoted > 0 {
        roles.push(("(role not noted)".to_string(), unnoted));
    }
    // The fixed kinds in their order, those with none left out.
    let in_order = |counts: &HashMap<String, i64>, kinds: &[(&str, &str)]| -> Vec<(String, i64)> {
        kinds
            .iter()
            .filter_map(|(code, label)| {
                counts
                    .get(*code)
                    .filter(|n| **n > 0)
                    .map(|n| (label.to_string(), *n))
            })
            .collect()
    };
    let event_kinds: Vec<(&str, &str)> = EventKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let session_kinds: Vec<(&str, &str)> = SessionKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let target_hours = program::load(conn)?.event_outreach_hours;
    let table = |id: &str, title: &str, what: &str, rows: Vec<(String, i64)>| {
        scope.table(id, title, what, rows)
    };
    let kinds = table(
        "events-kinds",
        "Critical events by kind",
        "critical events by kind",
        in_order(&by_kind, &event_kinds),
    );
    let reached = table(
        "events-reach",
        "Critical events: outreach within the target",
        "critical events by when their unit was first reached by a group session or an outreach (an event not reached yet and still within its target is not counted)",
        vec![
            ("Reached within the target".to_string(), reach[0]),
            ("Reached after the target".to_string(), reach[1]),
            ("Not reached".to_string(), reach[2]),
        ],
    );
    let sessions_table = table(
        "sessions-kinds",
        "Group sessions by kind",
        "huddles, debriefs and check-ins held with a team",
        in_order(&sessions_by_kind, &session_kinds),
    );
    let people_table = table(
        "people-kinds",
        "People reached in group sessions, by kind",
        "people who took part in a group session (its headcount)",
        in_order(&people_by_kind, &session_kinds),
    );
    let people_roles = table(
        "people-roles",
        "People reached in group sessions, by role",
        "people who took part in a group session, by the role noted for them",
        roles,
    );
    let within = reached.rows[0].count.clone();
    let share_in_time = reached.rows[0].share;
    let passed = reach.iter().sum::<i64>();
    let share_not_shown = match share_in_time {
        Some(_) => None,
        None if passed == 0 => {
            Some("No critical event of the period has been reached or come to the end of its target yet.".into())
        }
        None => Some(format!(
            "Fewer than {threshold} events were reached within the target, or fewer than {threshold} were not: hidden to protect privacy."
        )),
    };
    let group = GroupSupport {
        events: kinds.total.clone(),
        reached_in_time: within,
        share_in_time,
        share_not_shown,
        target_hours,
        sessions: sessions_table.total.clone(),
        people_reached: people_table.total.clone(),
        tables: vec![kinds, reached, sessions_table, people_table, people_roles],
    };
    Ok((group, events == 0 && sessions == 0))
}

/// The reply target in words: "2 business days".
pub fn target_words(days: u32) -> String {
    match days {
        0 => "the same day".to_string(),
        1 => "1 business day".to_string(),
        n => format!("{n} business days"),
    }
}

/// Active supporters by how many outreaches they logged in the period (the program's load,
/// and who had none), and by how many open cases they carry now. Never a supporter's name.
fn supporter_load(conn: &Connection, scope: &Scope, tally: &Tally) -> Result<Vec<ReportTable>> {
    let Scope { from, to, org, .. } = *scope;
    let per_supporter = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<HashMap<i64, i64>> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let (from_text, to_text) = (from.to_string(), to.to_string());
    // A supporter's load counts every outreach they logged, for any organization: the
    // tally holds just that when the report is not of one organization.
    let outreaches = match org {
        None => tally.supporters.clone(),
        Some(_) => per_supporter(
            "SELECT supporter_ref, count(*) FROM report_outreaches WHERE occurred_on BETWEEN ?1 AND ?2
             AND supporter_ref IS NOT NULL GROUP BY supporter_ref",
            &[&from_text, &to_text],
        )?,
    };
    // Supporters who are not retired, with their open cases now.
    let cases = per_supporter(
        "SELECT supporter_ref, open_cases FROM report_supporters WHERE (?1 IS NULL OR organization_id = ?1)",
        &[&org],
    )?;
    let mut by_outreaches = [0_i64; 5];
    let mut by_cases = [0_i64; 4];
    for &id in cases.keys() {
        let bucket = match outreaches.get(&id).copied().unwrap_or(0) {
            0 => 0,
            1..=2 => 1,
            3..=5 => 2,
            6..=10 => 3,
            _ => 4,
        };
        by_outreaches[bucket] += 1;
        by_cases[cases.get(&id).copied().unwrap_or(0).clamp(0, 3) as usize] += 1;
    }
    let labels = |names: &[&str], counts: &[i64]| -> Vec<(String, i64)> {
        names
            .iter()
            .map(|n| n.to_string())
            .zip(counts.iter().copied())
            .collect()
    };
    Ok(vec![
        scope.table(
            "load-outreaches",
            "Supporters by outreaches in the period",
            "supporters (not retired) by the outreaches they logged",
            labels(
                &["None", "1–2", "3–5", "6–10", "More than 10"],
                &by_outreaches,
            ),
        ),
        scope.table(
            "load-cases",
            "Supporters by open cases now",
            "supporters (not retired) by the cases they carry today",
            labels(&["No open case", "1", "2", "3 or more"], &by_cases),
        ),
    ])
}

#[cfg(test)]
mod tests;
