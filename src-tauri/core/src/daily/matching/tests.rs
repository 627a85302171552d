use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::*;
use crate::program::Mode;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

const TODAY: &str = "2026-11-23";
const NURSE: i64 = 2;
const PHYSICIAN: i64 = 1;
const SECURITY: i64 = 7;

fn role_name(role: i64) -> (&'static str, &'static str) {
    match role {
        NURSE => ("Nurse", "clinical"),
        PHYSICIAN => ("Physician", "clinical"),
        _ => ("Public safety", "non-clinical"),
    }
}

/// A trained, active supporter with no open case at organization 2, department 20.
fn supporter(id: i64, role: i64) -> Supporter {
    let (name, family) = role_name(role);
    Supporter {
        id,
        name: format!("Supporter {id}"),
        role_id: role,
        role: name.into(),
        role_family: Some(family.into()),
        department_id: Some(20),
        organization_id: 2,
        organization: "Partner".into(),
        trained: true,
        max_open_cases: 3,
        ..Supporter::default()
    }
}

/// A nurse at organization 1, department 10.
fn nurse_requester() -> Requester {
    Requester {
        role_id: Some(NURSE),
        role: Some("Nurse".into()),
        role_family: Some("clinical".into()),
        department_id: Some(10),
        organization_id: Some(1),
        ..Requester::default()
    }
}

fn ids(ranking: &Ranking) -> Vec<i64> {
    ranking.candidates.iter().map(|c| c.supporter_id).collect()
}

fn network(requester: &Requester, pool: &[Supporter]) -> Ranking {
    rank(requester, pool, Mode::Network, date(TODAY), None)
}

#[test]
fn every_hard_rule_excludes_and_is_counted_by_the_first_rule_failed() {
    let mut retired = supporter(1, NURSE);
    retired.retired = true;
    let mut untrained = supporter(2, NURSE);
    untrained.trained = false;
    let mut paused = supporter(3, NURSE);
    paused.paused = true;
    paused.paused_until = Some(date("2026-12-01"));
    let mut full = supporter(4, NURSE);
    full.open_cases = 3;
    let had = supporter(5, NURSE);
    let mut same_org = supporter(6, NURSE);
    same_org.organization_id = 1;
    let mut pause_over = supporter(7, NURSE);
    pause_over.paused = true;
    pause_over.paused_until = Some(date("2026-11-20"));
    let eligible = supporter(8, NURSE);
    let mut requester = nurse_requester();
    requester.had = vec![5];
    let pool = [
        retired, untrained, paused, full, had, same_org, pause_over, eligible,
    ];
    let ranking = network(&requester, &pool);
    assert_eq!(ids(&ranking), [7, 8], "a pause that ended counts as active");
    let excluded: Vec<(Rule, usize)> = ranking.excluded.iter().map(|e| (e.rule, e.count)).collect();
    assert_eq!(
        excluded,
        [
            (Rule::Retired, 1),
            (Rule::Untrained, 1),
            (Rule::Paused, 1),
            (Rule::CaseLimit, 1),
            (Rule::HadThisRequest, 1),
            (Rule::OwnOrganization, 1),
        ],
        "each hard rule excludes exactly one supporter, counted in rule order"
    );
    assert_eq!(
        ranking.excluded[2].sentence, "1 paused",
        "the paused exclusion counts the one paused supporter"
    );
    assert!(
        ranking.relaxations.is_empty(),
        "relaxations are offered only when no one qualifies"
    );
}

#[test]
fn in_house_mode_keeps_the_organization_and_never_the_requesters_department() {
    let mut own_department = supporter(1, NURSE);
    own_department.organization_id = 1;
    own_department.department_id = Some(10);
    let mut other_department = supporter(2, NURSE);
    other_department.organization_id = 1;
    other_department.department_id = Some(11);
    let elsewhere = supporter(3, NURSE);
    let pool = [own_department, other_department, elsewhere];
    let ranking = rank(&nurse_requester(), &pool, Mode::InHouse, date(TODAY), None);
    assert_eq!(
        ids(&ranking),
        [2],
        "in-house mode keeps only the same-organization supporter from another department"
    );
    let rules: Vec<Rule> = ranking.excluded.iter().map(|e| e.rule).collect();
    assert_eq!(
        rules,
        [Rule::OtherOrganization, Rule::OwnDepartment],
        "in-house mode excludes other organizations and the requester's own department"
    );
    assert!(
        ranking.candidates[0]
            .reasons
            .contains("same organization, another department"),
        "the in-house candidate's reasons say same organization, another department"
    );
}

#[test]
fn the_same_role_ranks_first_then_the_family_then_the_rest() {
    let pool = [
        supporter(1, SECURITY),
        supporter(2, PHYSICIAN),
        supporter(3, NURSE),
    ];
    let ranking = network(&nurse_requester(), &pool);
    assert_eq!(
        ids(&ranking),
        [3, 2, 1],
        "the same role ranks first, then the same family, then the rest"
    );
    let first = &ranking.candidates[0];
    assert_eq!(
        first.score,
        weights::SAME_ROLE + weights::MAX_WAITING,
        "the same-role candidate scores the role points plus the full waiting points"
    );
    assert_eq!(
        first.reasons,
        "Nurse like the requester; different organization; no open case; never assigned yet",
        "the first candidate's reasons cover role, organization, open cases and assignment history"
    );
    assert_eq!(
        ranking.candidates[1].score,
        weights::SAME_FAMILY + weights::MAX_WAITING,
        "the same-family candidate scores the family points plus the full waiting points"
    );
    assert_eq!(
        first.score,
        first.parts.iter().map(|p| p.points).sum::<i64>(),
        "a candidate's score is the sum of its parts"
    );
}

#[test]
fn open_cases_and_a_recent_assignment_lower_the_rank_and_say_so() {
    let mut busy = supporter(1, NURSE);
    busy.open_cases = 1;
    busy.last_assigned = Some(date(TODAY) - Duration::days(40));
    let mut recent = supporter(2, NURSE);
    recent.last_assigned = Some(date(TODAY) - Duration::days(3));
    let mut rested = supporter(3, NURSE);
    rested.last_assigned = Some(date(TODAY) - Duration::days(90));
    let ranking = network(&nurse_requester(), &[busy, recent, rested]);
    // 40 + 20 (waited 90 days) > 40 - 10 + 13 (1 case, 40 days) > 40 + 1 (3 days).
    assert_eq!(
        ids(&ranking),
        [3, 1, 2],
        "the rested supporter ranks first, the busy one second, the recently assigned one last"
    );
    let busy = &ranking.candidates[1];
    assert_eq!(
        busy.reasons,
        "Nurse like the requester; different organization; 1 open case; last assigned 40 days ago",
        "the busy candidate's reasons mention the open case and the assignment 40 days ago"
    );
    assert_eq!(
        busy.score,
        40 - 10 + 13,
        "one open case costs 10 points and 40 days of waiting earns 13"
    );
}

#[test]
fn specialty_seniority_and_language_add_their_points() {
    let mut requester = nurse_requester();
    requester.specialty = Some("Oncology".into());
    requester.years_in_role = Some(12);
    requester.language = Some("Spanish".into());
    let mut matching = supporter(1, NURSE);
    matching.specialty = Some("oncology".into());
    matching.years_in_role = Some(10);
    matching.languages = vec!["English".into(), "Spanish".into()];
    let mut near = supporter(2, NURSE);
    near.years_in_role = Some(18);
    let plain = supporter(3, NURSE);
    let ranking = network(&requester, &[plain, near, matching]);
    assert_eq!(
        ids(&ranking),
        [1, 2, 3],
        "the specialty match ranks first, near seniority second, the plain supporter last"
    );
    let reasons = &ranking.candidates[0].reasons;
    assert!(reasons.contains("same specialty (oncology)"), "{reasons}");
    assert!(
        reasons.contains("similar seniority (10 years in role)"),
        "the best match's reasons mention similar seniority"
    );
    assert!(
        reasons.contains("speaks Spanish"),
        "the best match's reasons mention the shared language"
    );
    assert_eq!(
        ranking.candidates[0].score,
        weights::SAME_ROLE
            + weights::SAME_SPECIALTY
            + weights::CLOSE_SENIORITY
            + weights::SHARED_LANGUAGE
            + weights::MAX_WAITING,
        "the best match scores role, specialty, close seniority, language and waiting points"
    );
    assert_eq!(
        ranking.candidates[1].score,
        weights::SAME_ROLE + weights::NEAR_SENIORITY + weights::MAX_WAITING,
        "the near-seniority candidate scores role, near seniority and waiting points"
    );
}

#[test]
fn ties_are_broken_the_same_way_whatever_the_order_of_the_roster() {
    let pool: Vec<Supporter> = (1..=12).map(|id| supporter(id, NURSE)).collect();
    let forward = network(&nurse_requester(), &pool);
    let mut reversed = pool.clone();
    reversed.reverse();
    let backward = network(&nurse_requester(), &reversed);
    assert_eq!(
        forward, backward,
        "the ranking is the same whether the roster is read forward or reversed"
    );
    assert_eq!(
        ids(&forward),
        (1..=12).collect::<Vec<_>>(),
        "equal scores: lower number first"
    );
}

#[test]
fn when_no_one_qualifies_the_nearest_relaxation_is_offered() {
    let mut pool = Vec::new();
    for id in 1..=3 {
        let mut own = supporter(id, NURSE);
        own.organization_id = 1;
        pool.push(own);
    }
    let mut full = supporter(4, PHYSICIAN);
    full.open_cases = 3;
    pool.push(full);
    let ranking = network(&nurse_requester(), &pool);
    assert!(
        ranking.candidates.is_empty(),
        "no one qualifies: nurses at the requester's organization, the physician full"
    );
    assert_eq!(
        ranking.relaxations.len(),
        2,
        "two relaxations are offered: own organization and open-case limit"
    );
    assert_eq!(
        ranking.relaxations[0].rule,
        Rule::OwnOrganization,
        "relaxing the own-organization rule is offered first"
    );
    assert_eq!(
        ranking.relaxations[0].sentence, "3 nurses at the requester's own organization",
        "the first relaxation names the 3 nurses at the requester's own organization"
    );
    assert_eq!(
        ranking.relaxations[1].sentence, "1 supporter at their open-case limit",
        "the second relaxation names the supporter at their open-case limit"
    );
    let relaxed = rank(
        &nurse_requester(),
        &pool,
        Mode::Network,
        date(TODAY),
        Some(Rule::OwnOrganization),
    );
    assert_eq!(
        ids(&relaxed),
        [1, 2, 3],
        "relaxing the own-organization rule brings back the three nurses"
    );
    assert_eq!(
        relaxed.relaxed,
        Some(Rule::OwnOrganization),
        "the ranking records the own-organization rule as relaxed"
    );
    let not_relaxable = rank(
        &nurse_requester(),
        &pool,
        Mode::Network,
        date(TODAY),
        Some(Rule::Paused),
    );
    assert!(
        not_relaxable.candidates.is_empty() && not_relaxable.relaxed.is_none(),
        "relaxing a rule that was not offered brings back no one and records no relaxation"
    );
}

/// A tiny deterministic generator, so the simulation is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// A year of requests on a roster of 30 across three organizations and three roles, the
/// coordinator always confirming the first candidate and cases lasting two to six weeks:
/// every supporter gets work, and within a role nobody gets more than a fair share.
#[test]
fn over_a_simulated_year_every_eligible_supporter_gets_work() {
    let roles = [NURSE, NURSE, NURSE, PHYSICIAN, SECURITY];
    let mut pool: Vec<Supporter> = (1..=30)
        .map(|id| {
            let mut s = supporter(id, roles[(id as usize) % roles.len()]);
            s.organization_id = id % 3 + 1;
            s.max_open_cases = 1 + id % 3;
            s.years_in_role = Some(id % 25);
            if id % 4 == 0 {
                s.languages = vec!["Spanish".into()];
            }
            s
        })
        .collect();
    let mut rng = Lcg(7);
    let mut open: Vec<(i64, NaiveDate)> = Vec::new();
    let mut assigned: BTreeMap<i64, usize> = BTreeMap::new();
    let start = date("2026-01-01");
    for day in 0..365 {
        let today = start + Duration::days(day);
        open.retain(|(id, ends)| {
            if *ends <= today {
                if let Some(s) = pool.iter_mut().find(|s| s.id == *id) {
                    s.open_cases -= 1;
                }
                false
            } else {
                true
            }
        });
        for _ in 0..rng.next(3) {
            let role = roles[rng.next(roles.len() as u64) as usize];
            let (name, family) = role_name(role);
            let requester = Requester {
                role_id: Some(role),
                role: Some(name.into()),
                role_family: Some(family.into()),
                organization_id: Some(rng.next(3) as i64 + 1),
                years_in_role: Some(rng.next(25) as i64),
                language: (rng.next(5) == 0).then(|| "Spanish".to_string()),
                ..Requester::default()
            };
            let ranking = rank(&requester, &pool, Mode::Network, today, None);
            let Some(first) = ranking.candidates.first() else {
                continue;
            };
            let chosen = pool
                .iter_mut()
                .find(|s| s.id == first.supporter_id)
                .expect("in pool");
            chosen.open_cases += 1;
            chosen.last_assigned = Some(today);
            open.push((chosen.id, today + Duration::days(14 + rng.next(29) as i64)));
            *assigned.entry(chosen.id).or_default() += 1;
        }
    }
    for s in &pool {
        assert!(
            assigned.get(&s.id).copied().unwrap_or(0) > 0,
            "supporter {} ({}) never got work",
            s.id,
            s.role
        );
    }
    for role in [NURSE, PHYSICIAN, SECURITY] {
        let counts: Vec<usize> = pool
            .iter()
            .filter(|s| s.role_id == role)
            .map(|s| assigned[&s.id])
            .collect();
        let (low, high) = (
            counts.iter().min().copied().unwrap_or(0),
            counts.iter().max().copied().unwrap_or(0),
        );
        assert!(
            high <= low * 4 + 4,
            "role {role}: assignments range from {low} to {high}: {counts:?}"
        );
    }
}

fn policy(due: crate::program::DueMatching) -> Policy {
    let mut policy = Policy::new(Mode::Network);
    policy.care.training_due_matching = due;
    policy
}

#[test]
fn a_resting_supporter_is_left_out_by_name_until_the_rest_ends() {
    let mut resting = supporter(1, NURSE);
    resting.name = "Ana Reyes".into();
    resting.resting_until = Some(date("2026-12-05"));
    let mut rested = supporter(2, NURSE);
    rested.resting_until = Some(date("2026-11-22"));
    let ranking = network(&nurse_requester(), &[resting.clone(), rested]);
    assert_eq!(
        ids(&ranking),
        [2],
        "a rest that ended yesterday counts as none"
    );
    assert_eq!(
        ranking.excluded[0].sentence, "1 resting (Ana Reyes until 2026-12-05)",
        "the exclusion names who rests and until when"
    );
    assert_eq!(
        ranking.excluded[0].who[0].supporter_id, 1,
        "the window gets who rests as data too"
    );
    assert_eq!(
        rank(
            &nurse_requester(),
            &[resting.clone()],
            Mode::Network,
            date("2026-12-05"),
            Some(Rule::Resting)
        )
        .candidates
        .len(),
        0,
        "a rest holds through its last day and cannot be set aside"
    );
    assert!(
        !Rule::Resting.relaxable(),
        "a rest is the supporter's care: no request sets it aside"
    );
    let back = rank(
        &nurse_requester(),
        &[resting],
        Mode::Network,
        date("2026-12-06"),
        None,
    );
    assert_eq!(
        ids(&back),
        [1],
        "the day after the rest, they are offered again"
    );
}

#[test]
fn training_due_is_flagged_or_left_out_as_the_program_says() {
    let mut due = supporter(1, NURSE);
    due.last_refresher = Some(date("2024-10-01"));
    let mut current = supporter(2, NURSE);
    current.last_refresher = Some(date("2025-06-01"));
    let pool = [due, current];
    let today = date(TODAY);
    let flagged = rank_with(
        &nurse_requester(),
        &pool,
        policy(crate::program::DueMatching::Flag),
        today,
        None,
    );
    assert_eq!(
        ids(&flagged),
        [1, 2],
        "flagged only: the due supporter is offered"
    );
    assert!(
        flagged.candidates[0].training_due && !flagged.candidates[1].training_due,
        "only the supporter whose latest session is over 24 months old is due"
    );
    assert!(
        flagged.candidates[0]
            .reasons
            .contains("training due (latest training or meeting 2024-10-01)"),
        "the reasons say training is due and since when: {}",
        flagged.candidates[0].reasons
    );
    let excluded = rank_with(
        &nurse_requester(),
        &pool,
        policy(crate::program::DueMatching::Exclude),
        today,
        None,
    );
    assert_eq!(ids(&excluded), [2], "left out when the program says so");
    assert_eq!(
        excluded.excluded[0].sentence, "1 due for a refresher (training or meeting too long ago)",
        "the exclusion says why"
    );
    let relaxed = rank_with(
        &nurse_requester(),
        &pool,
        policy(crate::program::DueMatching::Exclude),
        today,
        Some(Rule::TrainingDue),
    );
    assert_eq!(
        ids(&relaxed),
        [1, 2],
        "the rule may be set aside for one request"
    );
    assert_eq!(
        Rule::parse_relaxable("training-due").expect("a rule"),
        Rule::TrainingDue,
        "its name on the command line"
    );
}

#[test]
fn among_equal_scores_the_less_loaded_goes_first_and_says_so() {
    let mut busy = supporter(1, NURSE);
    busy.contacts_30 = 7;
    let mut calm = supporter(2, NURSE);
    calm.contacts_30 = 2;
    let mut stronger = supporter(3, NURSE);
    stronger.contacts_30 = 9;
    stronger.languages = vec!["Spanish".into()];
    let mut requester = nurse_requester();
    requester.language = Some("Spanish".into());
    let ranking = network(&requester, &[busy, calm, stronger]);
    assert_eq!(
        ids(&ranking),
        [3, 2, 1],
        "the load never outweighs a preference, and settles a tie in points"
    );
    let calm = &ranking.candidates[1];
    assert!(
        calm.reasons.contains(
            "placed above an equal score for fewer contacts lately (2 against 7 in 30 days)"
        ),
        "the one the load put first says why: {}",
        calm.reasons
    );
    let busy = &ranking.candidates[2];
    assert!(
        busy.load_warning
            && busy
                .reasons
                .contains("7 contacts in the last 30 days, above the load warning of 6"),
        "a load above the warning is flagged in the reasons: {}",
        busy.reasons
    );
    assert!(
        !ranking.candidates[0].reasons.contains("placed above"),
        "a higher score needs no tie-break note"
    );
}
