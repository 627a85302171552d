//! Care of the supporters through the command line, on a real encrypted store: a rest leaves a
//! supporter out of matching with the reason shown, training expires and the roster filters by
//! it, the load is counted and warns, every printed sign is remembered and a withdrawn consent
//! lists the signs to print again. And the demo shows each kind. Dates are taken from the
//! clock the tests run on, so they pass on any day.

use chrono::{Duration, Months, NaiveDate};
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::print::printed_signs;
use peerdesk_core::roster::supporters;
use serde_json::Value;

use crate::cli::assert_one_line_failure;
use crate::daily_loop::Loop;
use crate::fixture::new_store;

fn today() -> NaiveDate {
    peerdesk_core::clock::today()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

fn months_ago(months: u32) -> String {
    today()
        .checked_sub_months(Months::new(months))
        .expect("a date")
        .to_string()
}

/// The program of these tests: a host and a partner; three nurses at the partner, all
/// consenting to be named: Ana and Bo trained 3 months ago, Cy 30 months ago and never since.
struct Program(Loop);

impl std::ops::Deref for Program {
    type Target = Loop;
    fn deref(&self) -> &Loop {
        &self.0
    }
}

impl Program {
    fn new() -> Program {
        let (recent, long_ago) = (months_ago(3), months_ago(30));
        Program(Loop::with_roster(&format!(
            "Name,Role,Department,Organization,Email,Trained,Consent\n\
             Ana Lima,Nurse,Intensive care,Lakeside Clinic,ana@lakeside.org,{recent},yes\n\
             Bo Chen,Nurse,Intensive care,Lakeside Clinic,bo@lakeside.org,{recent},yes\n\
             Cy Diaz,Nurse,Intensive care,Lakeside Clinic,cy@lakeside.org,{long_ago},yes\n"
        )))
    }

    fn id(&self, name: &str) -> String {
        self.supporter_id(name)
    }

    /// A nurse of Riverside Health asks for support; returns the request's number.
    fn request(&self) -> String {
        self.ok(&[
            "requests",
            "add",
            "--role",
            "nurse",
            "--organization",
            "Riverside Health",
            "--department",
            "Emergency department",
        ])
        .trim()
        .to_string()
    }

    fn names(&self, request: &str) -> Vec<String> {
        self.json(&["match", request, "--json"])
            .as_array()
            .expect("candidates")
            .iter()
            .map(|c| c["name"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

#[test]
fn a_resting_supporter_is_left_out_of_matching_with_the_reason_until_the_rest_ends() {
    let p = Program::new();
    let request = p.request();
    let ana = p.id("Ana Lima");
    let until = day(10);
    let said = p.ok(&["supporters", "rest", &ana, "--until", &until]);
    assert!(
        said.contains(&format!("Ana Lima (#{ana}) is resting until {until}")),
        "the rest is confirmed with its day: {said}"
    );
    assert!(
        !p.names(&request).contains(&"Ana Lima".to_string()),
        "a resting supporter is not offered"
    );
    let text = p.ok(&["match", &request]);
    assert!(
        text.contains(&format!("1 resting (Ana Lima until {until})")),
        "the ranking says who rests and until when: {text}"
    );
    let resting = p.json(&["supporters", "list", "--resting", "--json"]);
    assert_eq!(
        resting.as_array().map(Vec::len),
        Some(1),
        "the roster lists the one resting supporter: {resting}"
    );
    assert_eq!(
        resting[0]["resting_until"], until,
        "with the rest's last day"
    );
    assert_one_line_failure(
        &p.run(&["supporters", "rest", &ana, "--until", &day(0)]),
        "rest until a date after today",
    );
    assert_one_line_failure(&p.run(&["supporters", "rest", &ana]), "--until");
    p.ok(&["supporters", "rest", &ana, "--end"]);
    assert!(
        p.names(&request).contains(&"Ana Lima".to_string()),
        "after the rest she is offered again"
    );
    let audit = p.ok(&["audit", "list", "--action", "supporter resting"]);
    assert!(
        audit.contains(&format!("supporter {ana}, until {until}")),
        "the rest is in the audit log, by number: {audit}"
    );
}

#[test]
fn training_expires_the_roster_filters_by_due_and_matching_follows_the_setting() {
    let p = Program::new();
    let cy = p.id("Cy Diaz");
    let due = p.json(&["supporters", "list", "--due", "--json"]);
    let names: Vec<&str> = due
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["Cy Diaz"],
        "trained 30 months ago, nothing since: due"
    );
    let table = p.ok(&["supporters", "list", "--due"]);
    assert!(
        table.contains("training due") && table.contains("1 supporters"),
        "the table says why: {table}"
    );
    let shown = p.ok(&["supporters", "show", &cy]);
    assert!(
        shown.contains("due for a refresher (older than 24 months)"),
        "the supporter's page says so: {shown}"
    );

    let request = p.request();
    assert!(
        p.names(&request).contains(&"Cy Diaz".to_string()),
        "by default a due supporter is offered, flagged"
    );
    assert!(
        p.ok(&["match", &request]).contains("training due"),
        "the flag is among the reasons"
    );
    p.ok(&["settings", "set", "training_due_matching", "exclude"]);
    assert!(
        !p.names(&request).contains(&"Cy Diaz".to_string()),
        "the program may leave due supporters out"
    );
    let relaxed = p.json(&["match", &request, "--json", "--relax", "training-due"]);
    assert!(
        relaxed.to_string().contains("Cy Diaz"),
        "that rule may be set aside for one request"
    );

    let meeting_day = day(-7);
    // A meeting renews the training: recorded through the core, as the window does.
    let mut store = crate::fixture::reopen(&p.s.dir);
    let session = peerdesk_core::roster::training::SessionInput {
        held_on: meeting_day,
        attendees: vec![cy.parse().expect("id")],
        ..Default::default()
    };
    peerdesk_core::roster::training::record(
        store.conn_mut(),
        peerdesk_core::roster::training::SessionKind::Meeting,
        &session,
        today(),
    )
    .expect("meeting recorded");
    drop(store);
    assert!(
        p.json(&["supporters", "list", "--due", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty),
        "after a meeting no one is due"
    );
    assert!(
        p.names(&request).contains(&"Cy Diaz".to_string()),
        "and Cy is offered again"
    );
}

#[test]
fn the_load_is_counted_warns_above_the_setting_and_breaks_ties() {
    let p = Program::new();
    let bo = p.id("Bo Chen");
    for back in 0..7 {
        p.ok(&[
            "outreach",
            "add",
            "--date",
            &day(-back * 4),
            "--kind",
            "initial",
            "--mode",
            "phone",
            "--referred-by",
            "self",
            "--department",
            "Intensive care",
            "--role",
            "Nurse",
            "--supporter",
            &bo,
            "--issue",
            "Burnout",
        ]);
    }
    let shown = p.json(&["supporters", "show", &bo, "--json"]);
    assert_eq!(
        (
            &shown["roster"]["load"]["contacts_30"],
            &shown["roster"]["load"]["contacts_90"],
            &shown["roster"]["load"]["warning"]
        ),
        (&Value::from(7), &Value::from(7), &Value::from(true)),
        "7 contacts in 30 days pass the default warning of 6: {shown}"
    );
    assert_eq!(
        shown["roster"]["load"]["last_contact"],
        day(0),
        "the last contact is today's"
    );
    let loaded = p.json(&["supporters", "list", "--loaded", "--json"]);
    assert_eq!(
        loaded.as_array().map(Vec::len),
        Some(1),
        "one supporter above the warning: {loaded}"
    );
    let request = p.request();
    let ranked = p.json(&["match", &request, "--json"]);
    let order: Vec<&str> = ranked
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        order.last(),
        Some(&"Bo Chen"),
        "among equals the loaded nurse goes last: {order:?}"
    );
    let text = p.ok(&["match", &request]);
    assert!(
        text.contains("7 contacts in the last 30 days, above the load warning of 6")
            && text.contains(
                "placed above an equal score for fewer contacts lately (0 against 7 in 30 days)"
            ),
        "the reasons say so: {text}"
    );
    p.ok(&["settings", "set", "load_warning_contacts", "7"]);
    assert!(
        p.json(&["supporters", "list", "--loaded", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty),
        "the warning is the program's"
    );
}

#[test]
fn a_printed_sign_is_remembered_and_a_withdrawn_consent_lists_it_for_a_reprint() {
    let p = Program::new();
    let ana = p.id("Ana Lima");
    let first = p.s.temp.path().join("sign.pdf");
    p.ok(&[
        "print",
        "sign",
        "--department",
        "Intensive care",
        "--out",
        &first.display().to_string(),
    ]);
    let signs = p.json(&["print", "signs", "--json"]);
    assert_eq!(
        (
            &signs[0]["department"],
            &signs[0]["named"],
            &signs[0]["reprint"]
        ),
        (
            &Value::from("Intensive care"),
            &Value::from(3),
            &Value::from(false)
        ),
        "the sign is remembered with the three it named: {signs}"
    );
    let withdrawn = p.ok(&["supporters", "consent", &ana, "--withdraw"]);
    assert!(
        withdrawn.contains("no longer consents to be named")
            && withdrawn.contains("reprint: peerdesk print sign --department 'Intensive care' --paper letter --out FILE.pdf"),
        "the withdrawal lists the sign on the wall and how to print it again: {withdrawn}"
    );
    let to_reprint = p.json(&["print", "signs", "--to-reprint", "--json"]);
    assert_eq!(
        to_reprint[0]["withdrawn"][0]["name"], "Ana Lima",
        "the sign waits for a reprint because of Ana: {to_reprint}"
    );
    let naming = p.ok(&["print", "signs", "--naming", &ana]);
    assert!(
        naming.contains("names Ana Lima who withdrew consent"),
        "{naming}"
    );
    let second = p.s.temp.path().join("sign-again.pdf");
    p.ok(&[
        "print",
        "sign",
        "--department",
        "Intensive care",
        "--out",
        &second.display().to_string(),
    ]);
    assert!(
        p.json(&["print", "signs", "--to-reprint", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty),
        "the reprint no longer names Ana: nothing to print again"
    );
    let shown = p.json(&["supporters", "show", &ana, "--json"]);
    assert_eq!(
        (&shown["signs"][0]["replaced"], &shown["signs"][0]["named"]),
        (&Value::from(true), &Value::from(3)),
        "her page keeps the old sign, replaced: {shown}"
    );
    let given = p.ok(&["supporters", "consent", &ana, "--give"]);
    assert!(given.contains("consents to be named"), "{given}");
    assert_one_line_failure(
        &p.run(&["supporters", "consent", "999", "--withdraw"]),
        "there is no supporter 999",
    );
}

#[test]
fn the_demo_shows_resting_loaded_and_due_supporters_and_a_sign_to_reprint() {
    let (_scratch, mut store) = new_store();
    demo::load(
        &mut store,
        DemoSize::Small,
        peerdesk_core::clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo data loads");
    let roster = supporters::roster(store.conn(), today()).expect("roster");
    let count =
        |keep: fn(&supporters::RosterRow) -> bool| roster.iter().filter(|r| keep(r)).count();
    assert_eq!(count(|r| r.resting_until.is_some()), 2, "two resting");
    assert!(
        count(|r| r.load.warning) >= 1,
        "someone above the load warning"
    );
    assert!(count(|r| r.training_due) >= 2, "some due for a refresher");
    let to_reprint = printed_signs::to_reprint(store.conn()).expect("signs");
    assert_eq!(
        to_reprint.len(),
        1,
        "a remembered sign names someone who withdrew consent"
    );
    let withdrew = to_reprint[0].withdrawn[0].id;
    assert!(
        roster
            .iter()
            .any(|r| r.id == withdrew && !r.consent_to_list),
        "the one named no longer consents"
    );
}
