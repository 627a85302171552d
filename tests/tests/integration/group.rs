//! Group support on real SQLCipher stores, from the command line: critical events, the team
//! sessions after them, whether the unit was reached within the target, and what reports
//! and the reporting store count of them. Dates are taken from PeerDesk's clock, so the
//! tests pass on any day.

use chrono::Duration;
use peerdesk_core::store::session::Session;
use peerdesk_core::{Keychain, Passphrase};
use serde_json::Value;

use crate::cli::{assert_one_line_failure, initialized, peerdesk, write_passphrase};
use crate::fixture::{scratch, Scratch};

struct Program {
    s: Scratch,
    pass: std::path::PathBuf,
}

impl Program {
    /// A store with the host hospital and one supporter (#1).
    fn new() -> Program {
        let s = scratch();
        let pass = initialized(&s);
        let p = Program { s, pass };
        p.ok(&["orgs", "add", "Riverside Health"]);
        let roster = p.s.temp.path().join("roster.csv");
        std::fs::write(
            &roster,
            "Name,Role,Department,Organization,Email,Trained\n\
             Ana Lima,Chaplain,Medicine,Riverside Health,ana@riverside.org,2024-03-01\n",
        )
        .expect("roster");
        p.ok(&["supporters", "import", &roster.display().to_string()]);
        p
    }

    fn run(&self, args: &[&str]) -> crate::cli::Outcome {
        peerdesk(self.s.dir.root(), Some(&self.pass), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let outcome = self.run(args);
        assert_eq!(outcome.code, 0, "{args:?}: {}", outcome.stderr);
        outcome.stdout
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON")
    }
}

fn day(offset: i64) -> String {
    (peerdesk_core::clock::today() + Duration::days(offset)).to_string()
}

#[test]
fn an_event_waits_for_outreach_until_a_debrief_reaches_its_unit_in_time() {
    let p = Program::new();
    // Last night, a code in the ICU: due by tonight.
    let code = p.ok(&[
        "events",
        "add",
        "--kind",
        "code",
        "--unit",
        "intensive care",
        "--date",
        &format!("{}T22:00", day(-1)),
    ]);
    let code = code.trim().to_string();
    let listed = p.json(&["events", "list", "--json", "--open"]);
    assert_eq!(
        listed[0]["id"].to_string(),
        code,
        "the code waits: {listed}"
    );
    assert_eq!(
        (
            listed[0]["reach"].as_str(),
            listed[0]["days_left"].as_i64(),
            listed[0]["due_at"].as_str()
        ),
        (
            Some("due"),
            Some(0),
            Some(format!("{}T22:00:00", day(0)).as_str())
        ),
        "due 24 hours later, today"
    );
    // The debrief, with its people by role, the supporter who led it, and the event.
    let session = p.ok(&[
        "debriefs",
        "add",
        "--date",
        &day(0),
        "--unit",
        "Intensive care",
        "--kind",
        "debrief",
        "--headcount",
        "12",
        "--role",
        "Nurse=8",
        "--role",
        "Physician=2",
        "--facilitator",
        "1",
        "--duration",
        "45",
        "--follow-up-offered",
        "--event",
        &code,
    ]);
    let sessions = p.json(&["debriefs", "list", "--json"]);
    assert_eq!(
        sessions[0]["id"].to_string(),
        session.trim(),
        "listed: {sessions}"
    );
    assert_eq!(
        (
            sessions[0]["headcount"].as_i64(),
            sessions[0]["roles"][0]["role"].as_str(),
            sessions[0]["roles"][0]["people"].as_i64(),
            sessions[0]["facilitators"][0]["name"].as_str(),
            sessions[0]["follow_up_offered"].as_bool(),
            sessions[0]["event"].to_string(),
        ),
        (
            Some(12),
            Some("Nurse"),
            Some(8),
            Some("Ana Lima"),
            Some(true),
            code.clone()
        ),
        "the session as logged"
    );
    let events = p.json(&["events", "list", "--json"]);
    assert_eq!(
        (
            events[0]["reach"].as_str(),
            events[0]["sessions"].as_i64(),
            events[0]["reached_on"].as_str()
        ),
        (Some("in-time"), Some(1), Some(day(0).as_str())),
        "reached in time by the debrief"
    );
    assert_eq!(
        p.json(&["events", "list", "--json", "--open"]),
        Value::Array(Vec::new()),
        "nothing waits any more"
    );
    let text = p.ok(&["events", "list"]);
    assert!(
        text.contains("reached in time") && text.contains("1 session"),
        "{text}"
    );
}

#[test]
fn a_one_to_one_outreach_to_the_unit_reaches_an_event_too_and_late_is_said() {
    let p = Program::new();
    let assault = p.ok(&[
        "events",
        "add",
        "--kind",
        "assault",
        "--unit",
        "Emergency department",
        "--date",
        &day(-5),
    ]);
    let quiet = p.ok(&[
        "events",
        "add",
        "--kind",
        "death",
        "--unit",
        "Oncology",
        "--date",
        &day(-3),
    ]);
    p.ok(&[
        "outreach",
        "add",
        "--date",
        &day(-2),
        "--kind",
        "initial",
        "--mode",
        "in-person",
        "--referred-by",
        "peer",
        "--department",
        "Emergency department",
        "--role",
        "Nurse",
        "--supporter",
        "1",
        "--issue",
        "Assault",
    ]);
    let events = p.json(&["events", "list", "--json"]);
    let reach = |id: &str| {
        events
            .as_array()
            .expect("a list")
            .iter()
            .find(|e| e["id"].as_i64() == id.trim().parse().ok())
            .and_then(|e| e["reach"].as_str().map(str::to_string))
            .expect("the event")
    };
    assert_eq!(reach(&assault), "late", "an outreach three days after");
    assert_eq!(reach(&quiet), "overdue", "nobody reached oncology");
    let text = p.ok(&["events", "list", "--open"]);
    assert!(
        text.contains("Oncology") && text.contains("2 days late") && !text.contains("Emergency"),
        "{text}"
    );
}

#[test]
fn events_and_sessions_refuse_what_cannot_be_and_say_how_to_fix_it() {
    let p = Program::new();
    assert_one_line_failure(
        &p.run(&[
            "events",
            "add",
            "--kind",
            "code",
            "--unit",
            "Nowhere",
            "--date",
            &day(0),
        ]),
        "unit: \"Nowhere\" is not a department on the program's list",
    );
    assert_one_line_failure(
        &p.run(&[
            "events",
            "add",
            "--kind",
            "code",
            "--unit",
            "Surgery",
            "--date",
            &day(1),
        ]),
        "a critical event is logged once it has happened",
    );
    assert_one_line_failure(
        &p.run(&[
            "debriefs",
            "add",
            "--date",
            &day(0),
            "--unit",
            "Surgery",
            "--kind",
            "huddle",
            "--headcount",
            "5",
            "--role",
            "Nurse=6",
        ]),
        "the roles add up to 6 people, more than the headcount of 5",
    );
    assert_one_line_failure(
        &p.run(&[
            "debriefs",
            "add",
            "--date",
            &day(0),
            "--unit",
            "Surgery",
            "--kind",
            "huddle",
            "--headcount",
            "5",
            "--role",
            "Nurse",
        ]),
        "write it like --role Nurse=6",
    );
    let refused = p.run(&["events", "list", "--json", "--from", "someday"]);
    assert_eq!(refused.code, 1, "a bad date is the person's to fix");
    let error: Value = serde_json::from_str(refused.stderr.trim()).expect("a JSON error");
    assert_eq!(
        (
            error["error"]["code"].as_str(),
            error["error"]["field"].as_str()
        ),
        (Some("format"), Some("from")),
        "{error}"
    );
    let event = p.ok(&[
        "events",
        "add",
        "--kind",
        "other",
        "--unit",
        "Surgery",
        "--date",
        &day(0),
    ]);
    let session = p.ok(&[
        "debriefs",
        "add",
        "--date",
        &day(0),
        "--unit",
        "Surgery",
        "--kind",
        "check-in",
        "--headcount",
        "3",
        "--event",
        event.trim(),
    ]);
    assert_one_line_failure(
        &p.run(&["events", "remove", event.trim()]),
        "1 group session was logged for it (remove it first)",
    );
    p.ok(&["debriefs", "remove", session.trim()]);
    p.ok(&["events", "remove", event.trim()]);
    assert_one_line_failure(
        &p.run(&["events", "remove", event.trim()]),
        &format!("there is no event #{}", event.trim()),
    );
}

#[test]
fn reports_count_sessions_and_people_reached_suppressed_from_either_store() {
    let p = Program::new();
    for n in 0..12 {
        let event = p.ok(&[
            "events",
            "add",
            "--kind",
            "death",
            "--unit",
            "Intensive care",
            "--date",
            &format!("{}T03:00", day(-20 + n)),
        ]);
        p.ok(&[
            "debriefs",
            "add",
            "--date",
            &day(-20 + n),
            "--unit",
            "Intensive care",
            "--kind",
            if n % 2 == 0 { "huddle" } else { "debrief" },
            "--headcount",
            "9",
            "--role",
            "Nurse=7",
            "--event",
            event.trim(),
        ]);
    }
    let (from, to) = (day(-30), day(0));
    let report = p.json(&["report", "--json", "--from", &from, "--to", &to]);
    let group = &report["group"];
    assert_eq!(
        (
            group["events"]["text"].as_str(),
            group["sessions"]["text"].as_str(),
            group["people_reached"]["text"].as_str(),
            group["share_in_time"].as_f64(),
        ),
        (Some("12"), Some("12"), Some("108"), Some(100.0)),
        "12 deaths, each with a session of 9 the same day: {group}"
    );
    let by_kind = group["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["id"] == "sessions-kinds")
        .expect("sessions by kind");
    assert!(
        by_kind["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|row| row["count"]["text"] == "<11"),
        "6 huddles and 6 debriefs are small counts: {by_kind}"
    );
    assert!(
        !report.to_string().contains("Ana Lima"),
        "no facilitator's name reaches a report"
    );
    let text = p.ok(&["report", "--from", &from, "--to", &to]);
    assert!(
        text.contains("group sessions: 12; people reached: 108")
            && text.contains("People reached in group sessions, by role"),
        "{text}"
    );

    // The reporting store carries the same counts, and no facilitator, no event link.
    let folder = p.s.temp.path().join("office");
    std::fs::create_dir_all(&folder).expect("a folder for the reporting passphrase");
    let reporting = write_passphrase(&folder, "quality office harbour tulip");
    let issued = peerdesk(
        p.s.dir.root(),
        Some(&reporting),
        &[
            "reporting",
            "issue",
            "--recovery-passphrase-file",
            &p.pass.display().to_string(),
        ],
    );
    assert_eq!(issued.code, 0, "issued: {}", issued.stderr);
    let staff = peerdesk(
        p.s.dir.root(),
        Some(&reporting),
        &["report", "--json", "--from", &from, "--to", &to],
    );
    assert_eq!(staff.code, 0, "{}", staff.stderr);
    let staff: Value = serde_json::from_str(&staff.stdout).expect("JSON");
    assert_eq!(
        staff["group"], report["group"],
        "reporting staff see the same group support"
    );
    let session = Session::unlock(
        &p.s.dir,
        Keychain::Off,
        Some(&Passphrase::new("quality office harbour tulip")),
    )
    .expect("the reporting store opens");
    let columns =
        peerdesk_core::reporting::access::schema_columns(session.conn()).expect("columns");
    let group_columns: Vec<String> = columns
        .iter()
        .filter(|(table, _)| table.contains("event") || table.contains("debrief"))
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    assert!(
        group_columns.contains(&"report_debriefs.headcount".to_string())
            && group_columns.contains(&"report_events.reached_on".to_string()),
        "{group_columns:?}"
    );
    assert!(
        !group_columns.iter().any(|c| c.contains("supporter")
            || c.contains("facilitator")
            || c.contains("event_id")),
        "no facilitator and no link to an event in the reporting store: {group_columns:?}"
    );
}
