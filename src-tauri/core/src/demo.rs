//! Demo data: a deterministic, synthetic program that looks real enough to learn the app on
//! and to benchmark it. Everyone in it is generated from lists of common first and last
//! names; no real person is named. Emails use the reserved `example.org` domain and phone
//! numbers the fictional 555-01xx range.
//!
//! The same size and the same "now" always give the same data: the generator is a seeded
//! ChaCha8 and walks its lists in a fixed order. Nothing in it lies after "now": a request
//! whose match, first contact or closing would still be ahead is left at the step before,
//! as it would be in a real program on that day.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Problem, Result};
use crate::program::calendar::add_business_days;
use crate::store::Store;
use crate::work::{count, Work};

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DemoSize {
    /// About 40 supporters, 300 requests and 500 outreaches: offered on first start.
    Small,
    /// 2,000 supporters, 50,000 requests and 200,000 outreaches: for benchmarks.
    Large,
}

impl std::str::FromStr for DemoSize {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        match text.to_ascii_lowercase().as_str() {
            "small" => Ok(DemoSize::Small),
            "large" => Ok(DemoSize::Large),
            other => Err(CoreError::invalid(
                "size",
                Problem::Unknown,
                format!("demo size must be small or large, not {other:?}"),
            )),
        }
    }
}

struct Plan {
    organizations: usize,
    supporters: usize,
    requests: usize,
    outreaches: usize,
    years: u32,
    /// Chance that each scheduled follow-up of a request was logged as an outreach.
    follow_up_logged: f64,
    /// Critical events logged over the years (a few more wait on the dashboard).
    events: usize,
}

impl DemoSize {
    fn plan(self) -> Plan {
        match self {
            DemoSize::Small => Plan {
                organizations: 4,
                supporters: 40,
                requests: 300,
                outreaches: 500,
                years: 3,
                follow_up_logged: 0.25,
                events: 36,
            },
            DemoSize::Large => Plan {
                organizations: 8,
                supporters: 2_000,
                requests: 50_000,
                outreaches: 200_000,
                years: 4,
                follow_up_logged: 0.8,
                events: 1_200,
            },
        }
    }
}

/// What was made.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoSummary {
    pub organizations: usize,
    pub supporters: usize,
    pub requests: usize,
    pub outreaches: usize,
    /// Critical events logged, and the group sessions (huddles, debriefs, check-ins) held.
    pub events: usize,
    pub sessions: usize,
}

/// Fills an empty store with demo data, in one transaction, saying how far it is on `work`.
/// Refuses a store that already holds supporters, requests or outreaches: demo data never
/// mixes with real data. Cancelled, the transaction is rolled back: the store stays empty.
pub fn load(
    store: &mut Store,
    size: DemoSize,
    now: NaiveDateTime,
    work: &Work,
) -> Result<DemoSummary> {
    let conn = store.conn_mut();
    refuse_unless_empty(conn)?;
    let plan = size.plan();
    let tx = conn.transaction()?;
    let summary = Generator::new(&tx, plan, now)?.run(work)?;
    work.check()?;
    ratings_and_referrals(&tx, now.date())?;
    crate::store::audit::record(
        &tx,
        "coordinator",
        "demo data loaded",
        Some(&format!("{size:?}").to_lowercase()),
    )?;
    tx.commit()?;
    Ok(summary)
}

fn refuse_unless_empty(conn: &Connection) -> Result<()> {
    let held: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM supporters) + (SELECT count(*) FROM requests) + (SELECT count(*) FROM outreaches)",
        [],
        |r| r.get(0),
    )?;
    if held > 0 {
        return Err(CoreError::refused(
            Problem::NotAllowed,
            "demo data goes only into an empty store, and this one already holds supporters, requests or outreaches",
        ));
    }
    Ok(())
}

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Alex", "Amara", "Ana", "Andre", "Beatriz", "Ben", "Carmen", "Chen", "Chloe", "Dana",
    "Daniel", "Deepa", "Diego", "Elena", "Emeka", "Erin", "Fatima", "Felix", "Grace", "Hannah",
    "Hiro", "Ibrahim", "Imani", "Isabel", "Jamal", "Jasmine", "Jonah", "Jordan", "Julia", "Kai",
    "Kavya", "Keisha", "Lars", "Leah", "Liam", "Lucia", "Malik", "Maya", "Mei", "Miguel", "Nadia",
    "Naomi", "Nikhil", "Noor", "Olivia", "Omar", "Priya", "Rafael", "Rosa", "Ruth", "Samir",
    "Sara", "Sofia", "Tariq", "Tomas", "Valeria", "Wei", "Yara", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Abbott",
    "Adeyemi",
    "Alvarez",
    "Bauer",
    "Bergstrom",
    "Bianchi",
    "Brennan",
    "Castillo",
    "Chandra",
    "Costa",
    "Dalton",
    "Delgado",
    "Dubois",
    "Eriksen",
    "Farouk",
    "Fischer",
    "Gallagher",
    "Garza",
    "Haddad",
    "Hartley",
    "Ibarra",
    "Ito",
    "Jensen",
    "Kowalski",
    "Kumar",
    "Lambert",
    "Larsen",
    "Lindqvist",
    "Mbeki",
    "Mendoza",
    "Moreau",
    "Nakamura",
    "Novak",
    "Obi",
    "Okafor",
    "Ortega",
    "Park",
    "Petrov",
    "Quinn",
    "Rahman",
    "Reyes",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Sokolov",
    "Tanaka",
    "Thornton",
    "Urquhart",
    "Vance",
    "Varga",
    "Wallace",
    "Whitfield",
    "Xu",
    "Yamada",
    "Yilmaz",
    "Zamora",
    "Zhang",
    "Ziegler",
    "Lindgren",
];
/// The made-up program's name, after its host organization (the first below).
const DEMO_PROGRAM_NAME: &str = "Riverside Peer Support";

const ORGANIZATIONS: &[(&str, &str, &str)] = &[
    ("Riverside Peer Support Network", "Riverside", "#2F6F8F"),
    ("Northfield Medical Center", "Northfield", "#7A4E9E"),
    ("St. Brigid Community Hospital", "St. Brigid", "#2E7D5B"),
    ("Lakeshore Children's Hospital", "Lakeshore", "#C0562F"),
    ("Valley Regional Health", "Valley", "#3D5A99"),
    ("Harbor Point Rehabilitation", "Harbor Point", "#8A6D1F"),
    ("Cedar Hills Behavioral Health", "Cedar Hills", "#5B7F2A"),
    ("Mesa Verde Clinic Network", "Mesa Verde", "#9E3D5A"),
];
/// Roles with their share of supporters and of requesters (nurses call most).
const ROLE_WEIGHTS: &[(&str, u32)] = &[
    ("Nurse", 38),
    ("Physician", 14),
    ("Advanced practice provider", 7),
    ("Medical or lab technologist", 11),
    ("Pharmacist", 5),
    ("Public safety", 6),
    ("Environmental services", 5),
    ("Front desk", 5),
    ("Dietary", 3),
    ("Chaplain", 2),
    ("Other", 4),
];
const CLINICAL_DEPARTMENTS: &[&str] = &[
    "Emergency department",
    "Intensive care",
    "Medical-surgical",
    "Medicine",
    "Radiology",
    "Surgery",
    "Labor and delivery",
    "Pediatrics",
    "Oncology",
];
const ISSUE_WEIGHTS: &[(&str, u32)] = &[
    ("Work relationships", 24),
    ("Burnout", 22),
    ("Unexpected patient outcome", 16),
    ("Assault", 10),
    ("Patient death", 9),
    ("Medical error", 7),
    ("Personal or family", 8),
    ("Other", 4),
];
const CHANNEL_WEIGHTS: &[(&str, u32)] = &[
    ("Phone", 35),
    ("Web form", 30),
    ("Email", 15),
    ("Manager", 10),
    ("In the moment", 10),
];
const MODE_WEIGHTS: &[(&str, u32)] = &[
    ("phone", 50),
    ("video", 20),
    ("text", 18),
    ("in-person", 12),
];
const REFERRAL_WEIGHTS: &[(&str, u32)] = &[("self", 58), ("peer", 22), ("manager", 20)];
/// Critical events: what happened, and where such things happen.
const EVENT_WEIGHTS: &[(&str, u32)] =
    &[("code", 40), ("death", 30), ("assault", 20), ("other", 10)];
const EVENT_UNITS: &[&str] = &[
    "Emergency department",
    "Intensive care",
    "Medical-surgical",
    "Labor and delivery",
    "Pediatrics",
    "Oncology",
    "Surgery",
];
/// Who is in a team huddle after an event, by share.
const SESSION_ROLES: &[(&str, u32)] = &[
    ("Nurse", 55),
    ("Physician", 15),
    ("Advanced practice provider", 8),
    ("Medical or lab technologist", 8),
    ("Public safety", 5),
    ("Environmental services", 5),
    ("Chaplain", 4),
];
const TRAINERS: &[&str] = &[
    "Program trainer team",
    "Wellness office",
    "Employee assistance program",
];

fn department_for(role: &str) -> &'static [&'static str] {
    match role {
        "Public safety" => &["Security"],
        "Environmental services" => &["Environmental services"],
        "Dietary" => &["Food and nutrition"],
        "Front desk" => &["Registration"],
        "Pharmacist" => &["Pharmacy"],
        "Medical or lab technologist" => &["Laboratory", "Radiology"],
        _ => CLINICAL_DEPARTMENTS,
    }
}

fn pick_weighted<'a>(rng: &mut ChaCha8Rng, weights: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = weights.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (value, weight) in weights {
        if roll < *weight {
            return value;
        }
        roll -= weight;
    }
    weights[weights.len() - 1].0
}

struct Supporter {
    id: i64,
    organization: usize,
}

struct Generator<'t> {
    tx: &'t Transaction<'t>,
    rng: ChaCha8Rng,
    plan: Plan,
    /// The moment the demo is made: nothing happens after it.
    now: NaiveDateTime,
    today: NaiveDate,
    start: NaiveDate,
    organization_ids: Vec<i64>,
    supporters: Vec<Supporter>,
    entries: HashMap<(String, String), i64>,
}

impl<'t> Generator<'t> {
    fn new(tx: &'t Transaction<'t>, plan: Plan, now: NaiveDateTime) -> Result<Self> {
        let today = now.date();
        let entries = tx
            .prepare("SELECT list, value, id FROM picklist_entries")?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let start = today
            .checked_sub_days(Days::new(u64::from(plan.years) * 365))
            .unwrap_or(today);
        Ok(Generator {
            tx,
            rng: ChaCha8Rng::seed_from_u64(0x5045_4552_4445_534B),
            plan,
            now,
            today,
            start,
            organization_ids: Vec::new(),
            supporters: Vec::new(),
            entries,
        })
    }

    fn run(mut self, work: &Work) -> Result<DemoSummary> {
        // A program has a name of its own: the printed flyer and committee report carry it.
        crate::store::settings::set(self.tx, "program_name", DEMO_PROGRAM_NAME)?;
        self.organizations()?;
        self.supporters(work)?;
        self.meetings()?;
        let linked = self.requests(work)?;
        self.standalone_outreaches(linked, work)?;
        self.care()?;
        // Last, so that the rest of the demo is what it always was.
        let (events, sessions) = self.group_support(work)?;
        Ok(DemoSummary {
            organizations: self.plan.organizations,
            supporters: self.plan.supporters,
            requests: self.plan.requests,
            outreaches: self.plan.outreaches,
            events,
            sessions,
        })
    }

    /// The id of a seeded pick-list entry (looked up once, at the start).
    fn entry(&self, list: &str, value: &str) -> Result<i64> {
        self.entries
            .get(&(list.to_string(), value.to_string()))
            .copied()
            .ok_or_else(|| {
                CoreError::refused(
                    Problem::Unknown,
                    format!("the {list} list has no entry {value:?}"),
                )
            })
    }

    fn organizations(&mut self) -> Result<()> {
        let now = crate::clock::now_utc();
        for (index, (name, short, color)) in ORGANIZATIONS
            .iter()
            .take(self.plan.organizations)
            .enumerate()
        {
            self.tx.execute(
                "INSERT INTO organizations (name, short_name, brand_color, is_host, co_branding, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![name, short, color, index == 0, index > 0 && index % 2 == 1, now],
            )?;
            self.organization_ids.push(self.tx.last_insert_rowid());
        }
        Ok(())
    }

    fn name(&mut self) -> (String, &'static str, &'static str) {
        let first = FIRST_NAMES[self.rng.gen_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[self.rng.gen_range(0..LAST_NAMES.len())];
        (format!("{first} {last}"), first, last)
    }

    fn supporters(&mut self, work: &Work) -> Result<()> {
        // Trainings every quarter or so over the last six years; each supporter attended one.
        let mut training_dates = Vec::new();
        let mut date = self
            .today
            .checked_sub_days(Days::new(6 * 365))
            .unwrap_or(self.today);
        while date < self.today {
            training_dates.push(date);
            date += Duration::days(91);
        }
        let mut training_ids = Vec::new();
        for (index, held_on) in training_dates.iter().enumerate() {
            self.tx.execute(
                "INSERT INTO trainings (held_on, hours, trainer) VALUES (?1, 4.0, ?2)",
                params![held_on.to_string(), TRAINERS[index % TRAINERS.len()]],
            )?;
            training_ids.push(self.tx.last_insert_rowid());
        }
        let now = crate::clock::now_utc();
        let total = self.plan.supporters;
        let mut emails = BTreeSet::new();
        let mut insert = self.tx.prepare(
            "INSERT INTO supporters (name, role_id, specialty, department_id, organization_id, phone, email, languages,
                years_in_role, trained_on, status, paused_until, max_open_cases, consent_to_list, created_at, updated_at)
             VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        )?;
        let mut attend = self.tx.prepare(
            "INSERT INTO training_attendance (training_id, supporter_id) VALUES (?1, ?2)",
        )?;
        for index in 0..total {
            let (name, first, last) = self.name();
            let role = pick_weighted(&mut self.rng, ROLE_WEIGHTS);
            let departments = department_for(role);
            let department = departments[self.rng.gen_range(0..departments.len())];
            let organization = index % self.organization_ids.len();
            let mut email = format!(
                "{}.{}@{}.example.org",
                first.to_lowercase(),
                last.to_lowercase(),
                organization + 1
            );
            let mut suffix = 2;
            while !emails.insert(email.clone()) {
                email = format!(
                    "{}.{}{suffix}@{}.example.org",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    organization + 1
                );
                suffix += 1;
            }
            let phone = format!(
                "555-01{:02} x{}",
                self.rng.gen_range(0..100),
                self.rng.gen_range(1000..10000)
            );
            let languages = if self.rng.gen_bool(0.18) {
                "English, Spanish"
            } else {
                "English"
            };
            let training = self.rng.gen_range(0..training_dates.len());
            let roll: f64 = self.rng.gen();
            let (status, paused_until) = if roll < 0.04 {
                ("retired", None)
            } else if roll < 0.10 {
                let back = self.today + Duration::days(self.rng.gen_range(2..60));
                ("paused", Some(back.to_string()))
            } else {
                ("active", None)
            };
            insert.execute(params![
                name,
                self.entry("roles", role)?,
                self.entry("departments", department)?,
                self.organization_ids[organization],
                phone,
                email,
                languages,
                self.rng.gen_range(1..30),
                training_dates[training].to_string(),
                status,
                paused_until,
                self.rng.gen_range(2..=5),
                self.rng.gen_bool(0.7),
                now,
            ])?;
            let id = self.tx.last_insert_rowid();
            attend.execute(params![training_ids[training], id])?;
            if status == "active" {
                self.supporters.push(Supporter { id, organization });
            }
            if index % 100 == 0 {
                work.step("Making up supporters", count(index), count(total))?;
            }
        }
        Ok(())
    }

    /// "Support the supporters" meetings twice a year; about half the trained supporters come.
    fn meetings(&mut self) -> Result<()> {
        let mut insert_meeting = self
            .tx
            .prepare("INSERT INTO meetings (held_on, topic) VALUES (?1, ?2)")?;
        let mut attend = self
            .tx
            .prepare("INSERT INTO meeting_attendance (meeting_id, supporter_id) VALUES (?1, ?2)")?;
        let mut trained = self.tx.prepare(
            "SELECT id, trained_on FROM supporters WHERE status != 'retired' ORDER BY id",
        )?;
        let roster: Vec<(i64, String)> = trained
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for year in (self.start.year())..=self.today.year() {
            for (month, topic) in [(4, "Spring check-in"), (10, "Autumn check-in")] {
                let Some(held_on) = NaiveDate::from_ymd_opt(year, month, 15) else {
                    continue;
                };
                if held_on < self.start || held_on > self.today {
                    continue;
                }
                insert_meeting.execute(params![held_on.to_string(), topic])?;
                let meeting = self.tx.last_insert_rowid();
                let held = held_on.to_string();
                for (supporter, trained_on) in &roster {
                    if trained_on.as_str() <= held.as_str() && self.rng.gen_bool(0.5) {
                        attend.execute(params![meeting, supporter])?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The supporters' care, so that a newcomer sees each kind: two resting, one carrying more
    /// contacts lately than the load warning allows, two due for a refresher, and a sign
    /// printed last month that names a supporter who has since withdrawn consent. Made after
    /// everything else, from what is there, so the rest of the demo stays as it was.
    fn care(&mut self) -> Result<()> {
        let active: Vec<i64> = self.supporters.iter().map(|s| s.id).collect();
        let pick = |index: usize| active.get(index).copied();
        let (first_resting, second_resting, loaded) = (pick(3), pick(17), pick(6));
        for (supporter, days) in [(first_resting, 9), (second_resting, 20)] {
            if let Some(id) = supporter {
                self.tx.execute(
                    "UPDATE supporters SET resting_until = ?2 WHERE id = ?1",
                    params![id, (self.today + Duration::days(days)).to_string()],
                )?;
            }
        }
        if let Some(loaded) = loaded {
            // The newest in-the-moment contacts were theirs, every other day or so.
            let recent: Vec<i64> = self
                .tx
                .prepare(
                    "SELECT id FROM outreaches WHERE request_id IS NULL
                     ORDER BY occurred_on DESC, id DESC LIMIT 9",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for (n, outreach) in recent.iter().enumerate() {
                let on = self.today - Duration::days(2 * n as i64);
                self.tx.execute(
                    "UPDATE outreaches SET supporter_id = ?2, occurred_on = ?3 WHERE id = ?1",
                    params![outreach, loaded, on.to_string()],
                )?;
            }
        }
        // Due: two trained long ago who have missed every meeting since training lapsed.
        let valid = chrono::Months::new(crate::program::DEFAULT_TRAINING_VALID_MONTHS);
        let cutoff = self.today.checked_sub_months(valid).unwrap_or(self.today);
        let long_ago = cutoff
            .checked_sub_months(chrono::Months::new(6))
            .unwrap_or(cutoff);
        let cared: Vec<i64> = [first_resting, second_resting, loaded]
            .into_iter()
            .flatten()
            .collect();
        let due: Vec<i64> = self
            .tx
            .prepare(
                "SELECT id FROM supporters WHERE status = 'active' AND trained_on < ?1 ORDER BY id",
            )?
            .query_map([long_ago.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?
            .into_iter()
            .filter(|id| !cared.contains(id))
            .take(2)
            .collect();
        for id in &due {
            self.tx.execute(
                "DELETE FROM meeting_attendance WHERE supporter_id = ?1
                   AND meeting_id IN (SELECT id FROM meetings WHERE held_on >= ?2)",
                params![id, cutoff.to_string()],
            )?;
        }
        // A sign printed 40 days ago for the department with the most supporters to name;
        // the first of them has withdrawn consent since, so it waits for a reprint.
        let department: Option<i64> = self
            .tx
            .prepare(
                "SELECT department_id FROM supporters
                 WHERE consent_to_list = 1 AND status <> 'retired' AND trained_on IS NOT NULL
                   AND department_id IS NOT NULL
                 GROUP BY department_id ORDER BY count(*) DESC, department_id LIMIT 1",
            )?
            .query_map([], |r| r.get(0))?
            .next()
            .transpose()?;
        if let Some(department) = department {
            let named = crate::print::sign::listed(self.tx, department, None)?;
            let printed = self.now - Duration::days(40);
            self.tx.execute(
                "INSERT INTO printed_signs (printed_at, department_id, organization_id, paper, pages)
                 VALUES (?1, ?2, NULL, 'letter', 1)",
                params![format!("{}Z", crate::clock::stamp(printed)), department],
            )?;
            let sign = self.tx.last_insert_rowid();
            for person in &named {
                self.tx.execute(
                    "INSERT INTO printed_sign_names (sign_id, supporter_id) VALUES (?1, ?2)",
                    params![sign, person.id],
                )?;
            }
            if let Some(withdrew) = named.first() {
                self.tx.execute(
                    "UPDATE supporters SET consent_to_list = 0 WHERE id = ?1",
                    [withdrew.id],
                )?;
            }
        }
        Ok(())
    }

    /// Days of the period weighted by season (winter busiest) and by the program's growth.
    fn day_weights(&self) -> Vec<(NaiveDate, f64)> {
        let days = (self.today - self.start).num_days().max(1);
        (0..=days)
            .map(|offset| {
                let date = self.start + Duration::days(offset);
                let month = f64::from(date.month0());
                let season = 1.0 + 0.3 * (2.0 * std::f64::consts::PI * month / 12.0).cos();
                let growth = 0.6 + 0.8 * offset as f64 / days as f64;
                let weekday = if date.weekday().number_from_monday() > 5 {
                    0.45
                } else {
                    1.0
                };
                (date, season * growth * weekday)
            })
            .collect()
    }

    fn sample_dates(&mut self, count: usize) -> Vec<NaiveDateTime> {
        let weights = self.day_weights();
        let mut cumulative = Vec::with_capacity(weights.len());
        let mut sum = 0.0;
        for (_, w) in &weights {
            sum += w;
            cumulative.push(sum);
        }
        let mut dates: Vec<NaiveDateTime> = (0..count)
            .map(|_| {
                let roll = self.rng.gen_range(0.0..sum);
                let index = cumulative
                    .partition_point(|c| *c < roll)
                    .min(weights.len() - 1);
                let minutes = self.rng.gen_range(7 * 60..20 * 60);
                let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0)
                    .unwrap_or(NaiveTime::MIN);
                self.not_after_now(weights[index].0.and_time(time))
            })
            .collect();
        dates.sort();
        dates
    }

    fn issue_ids(&mut self) -> Result<Vec<i64>> {
        let count = if self.rng.gen_bool(0.3) { 2 } else { 1 };
        let mut ids = BTreeSet::new();
        for _ in 0..count {
            let issue = pick_weighted(&mut self.rng, ISSUE_WEIGHTS);
            ids.insert(self.entry("issue_types", issue)?);
        }
        Ok(ids.into_iter().collect())
    }

    /// Requests with their history, matches, follow-ups and the outreaches logged for them.
    /// Returns how many outreaches were logged.
    fn requests(&mut self, work: &Work) -> Result<usize> {
        let holidays = crate::program::calendar::holiday_dates(self.tx)?;
        let total = self.plan.requests;
        let mut received = self.sample_dates(total);
        // The last few requests arrived this week, so the queue has something waiting.
        let recent = (total / 50).clamp(6, 60).min(total);
        for when in received.iter_mut().skip(total - recent) {
            let days_ago = self.rng.gen_range(0..6);
            let minutes = self.rng.gen_range(7 * 60..18 * 60);
            *when = self.not_after_now(
                (self.today - Duration::days(days_ago)).and_time(NaiveTime::MIN)
                    + Duration::minutes(minutes),
            );
        }
        received.sort();
        let resources: Vec<i64> = [
            "Employee assistance program",
            "Chaplaincy",
            "Mental health referral",
            "Wellness resources",
        ]
        .iter()
        .map(|r| self.entry("resources", r))
        .collect::<Result<_>>()?;
        let tx = self.tx;
        let mut insert_request = tx.prepare(
            "INSERT INTO requests (received_at, channel_id, requester_name, requester_contact, preferred_mode, role_id,
                department_id, organization_id, referred_by, note, status, due_on, matched_at, first_contact_at, closed_at, purged_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        let mut insert_issue =
            tx.prepare("INSERT INTO request_issue_types (request_id, entry_id) VALUES (?1, ?2)")?;
        let mut insert_event =
            tx.prepare("INSERT INTO request_events (request_id, at, from_status, to_status) VALUES (?1, ?2, ?3, ?4)")?;
        let mut insert_match = tx.prepare(
            "INSERT INTO matches (request_id, supporter_id, matched_at, ended_at, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut insert_follow_up =
            tx.prepare("INSERT INTO follow_ups (request_id, due_on, done_at) VALUES (?1, ?2, ?3)")?;
        let mut outreach = OutreachWriter::new(tx)?;
        let budget = self.plan.outreaches;
        let mut logged = 0usize;

        for (index, received_at) in received.iter().enumerate() {
            let age = (self.today - received_at.date()).num_days();
            let role = pick_weighted(&mut self.rng, ROLE_WEIGHTS);
            let departments = department_for(role);
            let department = departments[self.rng.gen_range(0..departments.len())];
            let organization = self.rng.gen_range(0..self.organization_ids.len());
            let channel = pick_weighted(&mut self.rng, CHANNEL_WEIGHTS);
            let mode = pick_weighted(&mut self.rng, MODE_WEIGHTS);
            let referred_by = pick_weighted(&mut self.rng, REFERRAL_WEIGHTS);
            let due_on = add_business_days(received_at.date(), 2, &holidays);
            // The newest two always wait for a match, so the queue shows its first step.
            let mut status = if index + 2 >= total {
                "new"
            } else {
                self.status_for_age(age)
            };
            let mut matched_at = (status != "new" && status != "withdrawn")
                .then(|| *received_at + Duration::minutes(self.rng.gen_range(30..36 * 60)));
            let mut first_contact_at = matched_at
                .filter(|_| !matches!(status, "matched" | "declined"))
                .map(|m| m + Duration::minutes(self.rng.gen_range(20..30 * 60)));
            let mut closed_at = match status {
                "closed" => {
                    first_contact_at.map(|c| c + Duration::days(self.rng.gen_range(30..45)))
                }
                "declined" | "withdrawn" => {
                    Some(*received_at + Duration::days(self.rng.gen_range(1..5)))
                }
                _ => None,
            };
            // A step still ahead has not happened yet: the request stays at the step before.
            if closed_at.is_some_and(|c| c > self.now) {
                closed_at = None;
                status = match status {
                    "closed" => "follow-up",
                    "declined" => "matched",
                    _ => "new",
                };
            }
            if status == "follow-up"
                && first_contact_at.is_some_and(|c| c + Duration::days(7) > self.now)
            {
                status = "connected";
            }
            if first_contact_at.is_some_and(|c| c > self.now) {
                first_contact_at = None;
                status = "matched";
            }
            if matched_at.is_some_and(|m| m > self.now) {
                matched_at = None;
                status = "new";
            }
            // The same rule as retention (`retention::purge_due`) at the moment of the demo.
            let purged = closed_at.is_some_and(|c| c <= self.now - Duration::days(90));
            let (name, first, last) = self.name();
            let contact = format!(
                "{}.{}@{}.example.org",
                first.to_lowercase(),
                last.to_lowercase(),
                organization + 1
            );
            let stamp = |t: &NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
            insert_request.execute(params![
                stamp(received_at),
                self.entry("channels", channel)?,
                (!purged).then_some(name),
                (!purged).then_some(contact),
                mode,
                self.entry("roles", role)?,
                self.entry("departments", department)?,
                self.organization_ids[organization],
                referred_by,
                status,
                due_on.to_string(),
                matched_at.as_ref().map(stamp),
                first_contact_at.as_ref().map(stamp),
                closed_at.as_ref().map(stamp),
                purged
                    .then(|| closed_at
                        .as_ref()
                        .map(|c| stamp(&(*c + Duration::days(90)))))
                    .flatten(),
            ])?;
            let request = tx.last_insert_rowid();
            let issues = self.issue_ids()?;
            for issue in &issues {
                insert_issue.execute(params![request, issue])?;
            }
            insert_event.execute(params![
                request,
                stamp(received_at),
                Option::<&str>::None,
                "new"
            ])?;

            let supporter = self.supporter_outside(organization);
            if let (Some(matched), Some(supporter)) = (matched_at, supporter) {
                insert_event.execute(params![request, stamp(&matched), "new", "matched"])?;
                let (ended, outcome) = match status {
                    "declined" => (closed_at.as_ref().map(stamp), "declined"),
                    "closed" => (closed_at.as_ref().map(stamp), "completed"),
                    _ => (None, "active"),
                };
                insert_match.execute(params![
                    request,
                    supporter,
                    stamp(&matched),
                    ended,
                    outcome
                ])?;
            }
            if let (Some(contact_at), Some(supporter)) = (first_contact_at, supporter) {
                insert_event.execute(params![
                    request,
                    stamp(&contact_at),
                    "matched",
                    "connected"
                ])?;
                if logged < budget {
                    let resource = self
                        .rng
                        .gen_bool(0.3)
                        .then(|| resources[self.rng.gen_range(0..resources.len())]);
                    outreach.write(
                        contact_at.date(),
                        "initial",
                        mode,
                        referred_by,
                        role,
                        department,
                        supporter,
                        Some(request),
                        &issues,
                        resource,
                        self,
                    )?;
                    logged += 1;
                }
                for offset in [7, 30] {
                    let follow_up_on = contact_at.date() + Duration::days(offset);
                    let done = follow_up_on < self.today && status != "follow-up"
                        || follow_up_on < self.today - Duration::days(3);
                    let done_at = done.then(|| follow_up_on.to_string());
                    insert_follow_up.execute(params![
                        request,
                        follow_up_on.to_string(),
                        done_at
                    ])?;
                    if done && logged < budget && self.rng.gen_bool(self.plan.follow_up_logged) {
                        outreach.write(
                            follow_up_on,
                            "follow-up",
                            mode,
                            referred_by,
                            role,
                            department,
                            supporter,
                            Some(request),
                            &issues,
                            None,
                            self,
                        )?;
                        logged += 1;
                    }
                }
                if status == "follow-up" {
                    insert_event.execute(params![
                        request,
                        stamp(&(contact_at + Duration::days(7))),
                        "connected",
                        "follow-up"
                    ])?;
                }
            }
            if let Some(closed) = closed_at {
                let from = if status == "closed" {
                    "follow-up"
                } else {
                    "new"
                };
                insert_event.execute(params![request, stamp(&closed), from, status])?;
            }
            if index % 250 == 0 {
                work.step("Making up requests", count(index), count(total))?;
            }
        }
        Ok(logged)
    }

    /// A generated moment moved back a day when it would lie after "now".
    fn not_after_now(&self, at: NaiveDateTime) -> NaiveDateTime {
        if at > self.now {
            at - Duration::days(1)
        } else {
            at
        }
    }

    fn status_for_age(&mut self, age: i64) -> &'static str {
        let roll: f64 = self.rng.gen();
        match age {
            0..=1 => {
                if roll < 0.7 {
                    "new"
                } else {
                    "matched"
                }
            }
            2..=4 => {
                if roll < 0.15 {
                    "new"
                } else if roll < 0.4 {
                    "matched"
                } else {
                    "connected"
                }
            }
            5..=35 => {
                if roll < 0.1 {
                    "connected"
                } else if roll < 0.85 {
                    "follow-up"
                } else {
                    "closed"
                }
            }
            _ => {
                if roll < 0.9 {
                    "closed"
                } else if roll < 0.95 {
                    "declined"
                } else {
                    "withdrawn"
                }
            }
        }
    }

    /// An active supporter from another organization than the requester's (network mode).
    fn supporter_outside(&mut self, organization: usize) -> Option<i64> {
        for _ in 0..16 {
            let candidate = self.supporters.choose(&mut self.rng)?;
            if candidate.organization != organization {
                return Some(candidate.id);
            }
        }
        self.supporters.first().map(|s| s.id)
    }

    /// In-the-moment outreaches with no request, up to the planned total.
    fn standalone_outreaches(&mut self, linked: usize, work: &Work) -> Result<()> {
        let total = self.plan.outreaches.saturating_sub(linked);
        let dates = self.sample_dates(total);
        let mut outreach = OutreachWriter::new(self.tx)?;
        for (index, when) in dates.iter().enumerate() {
            let role = pick_weighted(&mut self.rng, ROLE_WEIGHTS);
            let departments = department_for(role);
            let department = departments[self.rng.gen_range(0..departments.len())];
            let mode = if self.rng.gen_bool(0.8) {
                "in-person"
            } else {
                "phone"
            };
            let referred_by = pick_weighted(&mut self.rng, REFERRAL_WEIGHTS);
            let kind = if self.rng.gen_bool(0.85) {
                "initial"
            } else {
                "follow-up"
            };
            let supporter = self.supporters.choose(&mut self.rng).map(|s| s.id);
            let issues = self.issue_ids()?;
            outreach.write_optional(
                when.date(),
                kind,
                mode,
                referred_by,
                role,
                department,
                supporter,
                None,
                &issues,
                None,
                self,
            )?;
            if index % 1000 == 0 {
                work.step(
                    "Making up outreaches",
                    count(linked + index),
                    count(self.plan.outreaches),
                )?;
            }
        }
        Ok(())
    }
}

/// The supporters' ratings of most contacts (about 83 % of those rated helpful, as programs
/// report), referrals to further help from about one request in eight (the older ones with
/// their outcome, those of the last two weeks still waiting: the dashboard shows the ones a
/// week old), and the flyer source of the web form's requests. Spread by number, so the same
/// demo always gets the same ones.
fn ratings_and_referrals(tx: &Transaction<'_>, today: NaiveDate) -> Result<()> {
    tx.execute_batch(
        "UPDATE outreaches SET outcome = CASE
             WHEN (id * 7919) % 100 < 55 THEN 'helpful'
             WHEN (id * 7919) % 100 < 63 THEN 'neutral'
             WHEN (id * 7919) % 100 < 66 THEN 'not-helpful'
             WHEN (id * 7919) % 100 < 72 THEN 'not-reached'
         END",
    )?;
    let now = crate::clock::now_utc();
    tx.execute(
        "INSERT INTO referrals (request_id, service, referred_on, outcome, outcome_on, created_at, updated_at)
         SELECT id,
                CASE id % 5 WHEN 0 THEN 'Employee assistance program (EAP)' WHEN 1 THEN 'Chaplaincy'
                     WHEN 2 THEN 'Psychiatry' WHEN 3 THEN 'Occupational health' ELSE 'Grief support group' END,
                substr(first_contact_at, 1, 10),
                CASE WHEN julianday(?1) - julianday(substr(first_contact_at, 1, 10)) < 14 THEN 'referred'
                     WHEN (id * 13) % 10 < 6 THEN 'connected'
                     WHEN (id * 13) % 10 < 8 THEN 'declined'
                     WHEN (id * 13) % 10 < 9 THEN 'not-reached'
                     ELSE 'referred' END,
                NULL, ?2, ?2
         FROM requests
         WHERE first_contact_at IS NOT NULL AND (id * 31) % 100 < 12",
        params![today.to_string(), now],
    )?;
    tx.execute(
        "UPDATE referrals SET outcome_on = date(referred_on, '+' || (8 + id % 10) || ' days')
         WHERE outcome <> 'referred'",
        [],
    )?;
    // Requests from the web form carry the source code of the flyer batch they came from:
    // the batch hung in their department that month.
    tx.execute(
        "UPDATE requests SET source = (
             SELECT lower(replace(d.value, ' ', '-')) || '-' || substr(requests.received_at, 1, 7)
             FROM picklist_entries d WHERE d.id = requests.department_id)
         WHERE channel_id = (SELECT id FROM picklist_entries WHERE list = 'channels' AND value = 'Web form')",
        [],
    )?;
    Ok(())
}

impl Generator<'_> {
    /// Critical events over the years, most followed by a huddle or a debrief (a few late,
    /// a few never), routine check-ins with teams, and two recent events whose unit nobody
    /// has reached yet, so that the dashboard shows one due and one late. Returns how many
    /// events and sessions it made.
    fn group_support(&mut self, work: &Work) -> Result<(usize, usize)> {
        work.step("Making up critical events and team huddles", 0, 1)?;
        let tx = self.tx;
        let mut insert_event = tx.prepare(
            "INSERT INTO critical_events (kind, department_id, organization_id, occurred_on, occurred_time,
                target_hours, due_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 24, ?6, ?7)",
        )?;
        let now_utc = crate::clock::now_utc();
        // An event at `at`, due 24 hours later.
        let mut log_event = |kind: &str, unit: i64, organization: i64, at: NaiveDateTime| {
            insert_event.execute(params![
                kind,
                unit,
                organization,
                at.date().to_string(),
                at.format("%H:%M").to_string(),
                (at + Duration::hours(24))
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string(),
                now_utc,
            ])
        };
        let mut sessions = SessionWriter::new(tx)?;
        let mut events = 0;
        for at in self.sample_dates(self.plan.events) {
            let kind = pick_weighted(&mut self.rng, EVENT_WEIGHTS);
            let unit = if kind == "assault" && self.rng.gen_bool(0.5) {
                "Emergency department"
            } else {
                EVENT_UNITS[self.rng.gen_range(0..EVENT_UNITS.len())]
            };
            let organization =
                self.organization_ids[self.rng.gen_range(0..self.organization_ids.len())];
            log_event(kind, self.entry("departments", unit)?, organization, at)?;
            events += 1;
            let event = tx.last_insert_rowid();
            if self.rng.gen_bool(0.85) {
                let delay = match self.rng.gen_range(0..100) {
                    0..=54 => 0,
                    55..=84 => 1,
                    _ => self.rng.gen_range(2..5),
                };
                let held_on = at.date() + Duration::days(delay);
                if held_on <= self.today {
                    let kind = if self.rng.gen_bool(0.6) {
                        "huddle"
                    } else {
                        "debrief"
                    };
                    sessions.write(self, held_on, kind, unit, organization, Some(event))?;
                }
            }
        }
        // Check-ins with teams, now and then, after no event in particular.
        for at in self.sample_dates(self.plan.events / 3) {
            let unit = EVENT_UNITS[self.rng.gen_range(0..EVENT_UNITS.len())];
            let organization =
                self.organization_ids[self.rng.gen_range(0..self.organization_ids.len())];
            sessions.write(self, at.date(), "check-in", unit, organization, None)?;
        }
        // Two recent events nobody has reached: one from last night (due), one from three
        // days ago (late), each in a unit with no contact since.
        let host = self.organization_ids[0];
        for (days_ago, time, kind) in [(1, (22, 40), "code"), (3, (15, 10), "death")] {
            let Some(at) = (self.today - Duration::days(days_ago)).and_hms_opt(time.0, time.1, 0)
            else {
                continue;
            };
            let quiet = EVENT_UNITS.iter().copied().find(|unit| {
                self.entry("departments", unit).is_ok_and(|id| {
                    tx.query_row(
                        "SELECT (SELECT count(*) FROM outreaches WHERE department_id = ?1 AND occurred_on >= ?2)
                              + (SELECT count(*) FROM debriefs WHERE department_id = ?1 AND held_on >= ?2)
                              + (SELECT count(*) FROM critical_events WHERE department_id = ?1 AND occurred_on >= ?2)",
                        params![id, at.date().to_string()],
                        |r| r.get::<_, i64>(0),
                    )
                    .is_ok_and(|n| n == 0)
                })
            });
            let Some(unit) = quiet else {
                continue;
            };
            log_event(kind, self.entry("departments", unit)?, host, at)?;
            events += 1;
        }
        work.step("Making up critical events and team huddles", 1, 1)?;
        Ok((events, sessions.written))
    }
}

/// Prepared statements for one group session, its people by role and its facilitators.
struct SessionWriter<'c> {
    session: rusqlite::Statement<'c>,
    role: rusqlite::Statement<'c>,
    facilitator: rusqlite::Statement<'c>,
    now: String,
    written: usize,
}

impl<'c> SessionWriter<'c> {
    fn new(tx: &'c Transaction<'c>) -> Result<Self> {
        Ok(SessionWriter {
            session: tx.prepare(
                "INSERT INTO debriefs (held_on, kind, department_id, organization_id, event_id, headcount,
                    duration_minutes, follow_up_offered, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            role: tx.prepare(
                "INSERT INTO debrief_roles (debrief_id, role_id, people) VALUES (?1, ?2, ?3)",
            )?,
            facilitator: tx.prepare(
                "INSERT INTO debrief_facilitators (debrief_id, supporter_id) VALUES (?1, ?2)",
            )?,
            now: crate::clock::now_utc(),
            written: 0,
        })
    }

    /// One session: a headcount, most of it noted by role, one or two facilitators.
    fn write(
        &mut self,
        generator: &mut Generator<'_>,
        held_on: NaiveDate,
        kind: &str,
        unit: &str,
        organization: i64,
        event: Option<i64>,
    ) -> Result<()> {
        let rng = &mut generator.rng;
        let headcount: i64 = rng.gen_range(4..=18);
        let minutes: i64 = match kind {
            "huddle" => rng.gen_range(10..=25),
            "debrief" => rng.gen_range(45..=90),
            _ => rng.gen_range(20..=45),
        };
        let follow_up = rng.gen_bool(0.7);
        self.session.execute(params![
            held_on.to_string(),
            kind,
            generator.entry("departments", unit)?,
            organization,
            event,
            headcount,
            minutes,
            follow_up,
            self.now,
        ])?;
        let id = generator.tx.last_insert_rowid();
        // Most facilitators note who was there by role; some count the whole room only.
        let mut by_role: HashMap<&str, i64> = HashMap::new();
        let noted = if generator.rng.gen_bool(0.8) {
            headcount
        } else {
            headcount / 2
        };
        for _ in 0..noted {
            *by_role
                .entry(pick_weighted(&mut generator.rng, SESSION_ROLES))
                .or_default() += 1;
        }
        let mut roles: Vec<(&str, i64)> = by_role.into_iter().collect();
        roles.sort_unstable();
        for (role, people) in roles {
            self.role
                .execute(params![id, generator.entry("roles", role)?, people])?;
        }
        let leaders = if generator.rng.gen_bool(0.3) { 2 } else { 1 };
        let mut chosen = BTreeSet::new();
        for _ in 0..leaders {
            if let Some(supporter) = generator.supporters.choose(&mut generator.rng) {
                chosen.insert(supporter.id);
            }
        }
        for supporter in chosen {
            self.facilitator.execute(params![id, supporter])?;
        }
        self.written += 1;
        Ok(())
    }
}

/// Prepared statements for one outreach and its issue types and resources.
struct OutreachWriter<'c> {
    outreach: rusqlite::Statement<'c>,
    issue: rusqlite::Statement<'c>,
    resource: rusqlite::Statement<'c>,
    now: String,
}

impl<'c> OutreachWriter<'c> {
    fn new(tx: &'c Transaction<'c>) -> Result<Self> {
        Ok(OutreachWriter {
            outreach: tx.prepare(
                "INSERT INTO outreaches (request_id, occurred_on, kind, mode, referred_by, department_id, role_id, supporter_id,
                    comments, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?9)",
            )?,
            issue: tx.prepare("INSERT INTO outreach_issue_types (outreach_id, entry_id) VALUES (?1, ?2)")?,
            resource: tx.prepare("INSERT INTO outreach_resources (outreach_id, entry_id) VALUES (?1, ?2)")?,
            now: crate::clock::now_utc(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        on: NaiveDate,
        kind: &str,
        mode: &str,
        referred_by: &str,
        role: &str,
        department: &str,
        supporter: i64,
        request: Option<i64>,
        issues: &[i64],
        resource: Option<i64>,
        generator: &Generator<'_>,
    ) -> Result<()> {
        self.write_optional(
            on,
            kind,
            mode,
            referred_by,
            role,
            department,
            Some(supporter),
            request,
            issues,
            resource,
            generator,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn write_optional(
        &mut self,
        on: NaiveDate,
        kind: &str,
        mode: &str,
        referred_by: &str,
        role: &str,
        department: &str,
        supporter: Option<i64>,
        request: Option<i64>,
        issues: &[i64],
        resource: Option<i64>,
        generator: &Generator<'_>,
    ) -> Result<()> {
        self.outreach.execute(params![
            request,
            on.to_string(),
            kind,
            mode,
            referred_by,
            generator.entry("departments", department)?,
            generator.entry("roles", role)?,
            supporter,
            self.now,
        ])?;
        let id = generator.tx.last_insert_rowid();
        for issue in issues {
            self.issue.execute(params![id, issue])?;
        }
        if let Some(resource) = resource {
            self.resource.execute(params![id, resource])?;
        }
        Ok(())
    }
}
