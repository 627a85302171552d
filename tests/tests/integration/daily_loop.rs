//! The daily loop through the command line, on a real encrypted store: settings, intake,
//! matching, assignment, the outreach log, follow-ups, pick-lists, the web-form import and
//! the retention purge.

use serde_json::Value;

use crate::cli::{assert_one_line_failure, initialized, peerdesk, Outcome};
use crate::fixture::scratch;

/// A program run through the command line (other areas' tests start from it too).
pub(crate) struct Loop {
    pub(crate) s: crate::fixture::Scratch,
    pass: std::path::PathBuf,
}

impl Loop {
    /// A store with a host and a partner organization and three trained supporters.
    pub(crate) fn new() -> Loop {
        Loop::with_roster(
            "Name,Role,Department,Organization,Email,Trained,Languages\n\
             Ana Lima,Nurse,Intensive care,Riverside Health,ana@riverside.org,2024-03-01,English\n\
             Bo Chen,Nurse,Medicine,Lakeside Clinic,bo@lakeside.org,2024-03-01,\"English, Spanish\"\n\
             Cy Diaz,Physician,Surgery,Lakeside Clinic,cy@lakeside.org,2024-03-01,English\n",
        )
    }

    /// A store with Riverside Health (the host) and Lakeside Clinic, and the roster `csv`.
    pub(crate) fn with_roster(csv: &str) -> Loop {
        let s = scratch();
        let pass = initialized(&s);
        let l = Loop { s, pass };
        l.ok(&["orgs", "add", "Riverside Health"]);
        l.ok(&["orgs", "add", "Lakeside Clinic"]);
        let roster = l.s.temp.path().join("roster.csv");
        std::fs::write(&roster, csv).expect("roster");
        l.ok(&["supporters", "import", &roster.display().to_string()]);
        l
    }

    pub(crate) fn run(&self, args: &[&str]) -> Outcome {
        peerdesk(self.s.dir.root(), Some(&self.pass), args)
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let outcome = self.run(args);
        assert_eq!(outcome.code, 0, "{args:?} failed: {}", outcome.stderr);
        outcome.stdout
    }

    pub(crate) fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON output")
    }

    pub(crate) fn supporter_id(&self, name: &str) -> String {
        let roster = self.json(&["supporters", "list", "--json"]);
        roster
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["id"].to_string())
            .expect("supporter listed")
    }
}

#[test]
fn settings_are_set_shown_and_refused_in_one_line() {
    let l = Loop::new();
    assert_eq!(
        l.ok(&["settings", "set", "mode", "in-house"]),
        "mode = in-house\n",
        "setting the mode echoes the new value"
    );
    l.ok(&["settings", "set", "follow_up_days", "14,3"]);
    l.ok(&["settings", "set", "holidays", "2026-12-25,2027-01-01"]);
    let shown = l.json(&["settings", "show", "--json"]);
    assert_eq!(shown["mode"], "in-house", "the mode shows as in-house");
    assert_eq!(
        shown["follow_up_days"], "3,14",
        "the follow-up days show sorted"
    );
    assert_eq!(
        shown["holidays"], "2026-12-25,2027-01-01",
        "the holidays show as set"
    );
    assert_eq!(
        shown["reply_target_days"], "2",
        "the reply target stays at its default of 2 days"
    );
    assert_eq!(
        shown["retention_days"], "90",
        "the retention stays at its default of 90 days"
    );
    let text = l.ok(&["settings", "show"]);
    assert!(
        text.contains("reply_target_days") && text.contains("2026-12-25,2027-01-01"),
        "the plain settings list shows the reply target and the holidays"
    );
    assert_one_line_failure(
        &l.run(&["settings", "set", "mode", "regional"]),
        "mode: \"regional\" is not a mode",
    );
    assert_one_line_failure(
        &l.run(&["settings", "set", "holidays", "25/12/2026"]),
        "is not a date",
    );
    assert_one_line_failure(
        &l.run(&["settings", "set", "colour", "red"]),
        "there is no setting \"colour\"",
    );
    assert_eq!(
        l.json(&["settings", "show", "--json"])["mode"],
        "in-house",
        "unchanged"
    );
}

#[test]
fn a_request_goes_from_intake_to_follow_up_through_the_command_line() {
    let l = Loop::new();
    l.ok(&["settings", "set", "holidays", "2026-01-19"]);
    let id = l.ok(&[
        "requests",
        "add",
        "--role",
        "nurse",
        "--organization",
        "Riverside Health",
        "--department",
        "Emergency department",
        "--received",
        "2026-01-16T16:30",
        "--channel",
        "Phone",
        "--referred-by",
        "peer",
        "--name",
        "Riley Requester",
        "--contact",
        "riley@example.org",
        "--preferred-mode",
        "video",
        "--issue",
        "Patient death",
        "--issue",
        "burnout",
        "--language",
        "Spanish",
    ]);
    let id = id.trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "prints the new id: {id:?}");

    let list = l.json(&["requests", "list", "--json"]);
    let row = &list.as_array().expect("array")[0];
    for key in [
        "id",
        "status",
        "received_at",
        "due_on",
        "role",
        "department",
        "organization",
        "supporter_id",
    ] {
        assert!(row.get(key).is_some(), "list JSON has {key}: {row}");
    }
    assert_eq!(row["status"], "new", "a new request is waiting for a match");
    assert_eq!(
        row["due_on"], "2026-01-21",
        "received Friday, Monday a holiday: due Wednesday"
    );
    assert!(
        !l.ok(&["requests", "list", "--json"]).contains("Riley"),
        "lists never carry the name"
    );
    let overdue = l.json(&["requests", "list", "--json", "--overdue"]);
    assert_eq!(
        overdue.as_array().map(Vec::len),
        Some(1),
        "due in January 2026: overdue"
    );

    let ranked = l.json(&["match", &id, "--json"]);
    let ranked = ranked.as_array().expect("candidates");
    let names: Vec<&str> = ranked
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["Bo Chen", "Cy Diaz"],
        "network mode: never Riverside; the Spanish-speaking nurse first"
    );
    for key in ["supporter_id", "name", "score", "reasons"] {
        assert!(ranked[0].get(key).is_some(), "match JSON has {key}");
    }
    assert!(
        ranked[0]["reasons"]
            .as_str()
            .unwrap_or_default()
            .contains("speaks Spanish"),
        "the first candidate's reasons mention the shared Spanish"
    );
    let text = l.ok(&["match", &id]);
    assert!(
        text.contains("Not eligible: 1 at the requester's own organization"),
        "{text}"
    );

    let ana = l.supporter_id("Ana Lima");
    assert_one_line_failure(
        &l.run(&["assign", &id, &ana]),
        "at the requester's own organization",
    );
    let bo = l.supporter_id("Bo Chen");
    assert!(
        l.ok(&["assign", &id, &bo])
            .contains("matched with supporter"),
        "assigning Bo says the request is matched"
    );
    assert_one_line_failure(
        &l.run(&["assign", &id, &bo]),
        "only a request waiting for a match",
    );

    let today = peerdesk_core::clock::today().to_string();
    l.ok(&[
        "outreach",
        "add",
        "--date",
        &today,
        "--kind",
        "initial",
        "--mode",
        "video",
        "--referred-by",
        "peer",
        "--department",
        "Emergency department",
        "--role",
        "Nurse",
        "--supporter",
        &bo,
        "--issue",
        "Patient death",
        "--resource",
        "Chaplaincy",
        "--request",
        &id,
    ]);
    let shown = l.json(&["requests", "show", &id, "--json"]);
    assert_eq!(
        shown["status"], "connected",
        "the first contact makes the request connected"
    );
    assert_eq!(
        shown["follow_ups"].as_array().map(Vec::len),
        Some(2),
        "7 and 30 days after the contact"
    );
    let outreaches = l.json(&["outreach", "list", "--json"]);
    let logged = &outreaches.as_array().expect("array")[0];
    assert_eq!(
        logged["request_id"].to_string(),
        id,
        "the outreach is logged against the request"
    );
    assert_eq!(
        logged["supporter"], "Bo Chen",
        "the outreach names its supporter, Bo Chen"
    );
    assert!(
        !l.ok(&["outreach", "list", "--json"]).contains("Riley"),
        "the outreach list never carries the requester's name"
    );

    l.ok(&[
        "outreach",
        "add",
        "--date",
        &today,
        "--kind",
        "follow-up",
        "--mode",
        "phone",
        "--referred-by",
        "peer",
        "--department",
        "Emergency department",
        "--role",
        "Nurse",
        "--supporter",
        &bo,
        "--issue",
        "Burnout",
        "--request",
        &id,
    ]);
    assert_eq!(
        l.json(&["requests", "show", &id, "--json"])["status"],
        "follow-up",
        "a follow-up contact moves the request to follow-up"
    );
    l.ok(&["requests", "close", &id]);
    assert_eq!(
        l.json(&["requests", "show", &id, "--json"])["status"],
        "closed",
        "closing the request makes it closed"
    );
}

#[test]
fn a_declined_supporter_is_excluded_and_the_nearest_relaxation_is_named() {
    let l = Loop::new();
    let id = l.ok(&[
        "requests",
        "add",
        "--role",
        "Nurse",
        "--organization",
        "Lakeside Clinic",
        "--department",
        "Medicine",
    ]);
    let id = id.trim();
    let text = l.ok(&["match", id]);
    assert!(text.contains("Ana Lima"), "{text}");
    let ana = l.supporter_id("Ana Lima");
    l.ok(&["assign", id, &ana]);
    l.ok(&["requests", "rematch", id, "--why", "declined"]);
    let text = l.ok(&["match", id]);
    assert!(text.contains("No supporter qualifies"), "{text}");
    assert!(text.contains("1 already had this request"), "{text}");
    assert!(
        text.contains("Nearest: 1 nurse at the requester's own organization (peerdesk match"),
        "{text}"
    );
    let relaxed = l.json(&["match", id, "--json", "--relax", "own-organization"]);
    assert_eq!(
        relaxed[0]["name"], "Bo Chen",
        "with the own-organization rule relaxed, Bo Chen is offered first"
    );
    let bo = l.supporter_id("Bo Chen");
    l.ok(&["assign", id, &bo, "--relax", "own-organization"]);
    let shown = l.json(&["requests", "show", id, "--json"]);
    let outcomes: Vec<&str> = shown["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["outcome"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        outcomes,
        ["declined", "active"],
        "Ana's match is declined and Bo's is active"
    );
    assert_one_line_failure(&l.run(&["match", "9999"]), "there is no request #9999");
    assert_one_line_failure(
        &l.run(&["match", id, "--relax", "paused"]),
        "is not a rule that can be set aside",
    );
}

#[test]
fn bad_input_is_one_line_and_changes_nothing() {
    let l = Loop::new();
    let bad = l.run(&[
        "requests",
        "add",
        "--role",
        "Astronaut",
        "--organization",
        "Nowhere",
        "--department",
        "Medicine",
    ]);
    assert_one_line_failure(&bad, "role: \"Astronaut\" is not a role");
    assert!(
        bad.stderr
            .contains("organization: there is no organization \"Nowhere\""),
        "{}",
        bad.stderr
    );
    let dated = l.run(&[
        "requests",
        "add",
        "--role",
        "Nurse",
        "--organization",
        "Lakeside Clinic",
        "--department",
        "Medicine",
        "--received",
        "20/11/2026",
    ]);
    assert_one_line_failure(&dated, "is not a date and time");
    assert_eq!(
        l.json(&["requests", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0),
        "no request was added by the refused commands"
    );
    let bo = l.supporter_id("Bo Chen");
    let outreach = l.run(&[
        "outreach",
        "add",
        "--date",
        "2026-11-20",
        "--kind",
        "initial",
        "--mode",
        "phone",
        "--referred-by",
        "self",
        "--department",
        "Medicine",
        "--role",
        "Nurse",
        "--supporter",
        &bo,
        "--issue",
        "Aliens",
    ]);
    assert_one_line_failure(&outreach, "\"Aliens\" is not a issue type");
    let mode = l.run(&[
        "outreach",
        "add",
        "--date",
        "2026-11-20",
        "--kind",
        "initial",
        "--mode",
        "fax",
        "--referred-by",
        "self",
        "--department",
        "Medicine",
        "--role",
        "Nurse",
        "--supporter",
        &bo,
        "--issue",
        "Burnout",
    ]);
    assert_one_line_failure(&mode, "fax");
    assert_eq!(
        l.json(&["outreach", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0),
        "no outreach was logged by the refused commands"
    );
}

#[test]
fn pick_lists_are_listed_added_to_and_retired_case_insensitively() {
    let l = Loop::new();
    let issues = l.ok(&["picklist", "list", "issue-types"]);
    for issue in [
        "Burnout",
        "Unexpected patient outcome",
        "Assault",
        "Work relationships",
        "Medical error",
        "Patient death",
        "Personal or family",
        "Other",
    ] {
        assert!(
            issues.lines().any(|line| line == issue),
            "{issue} in {issues}"
        );
    }
    l.ok(&["picklist", "add", "issue-types", "Moral distress"]);
    assert_one_line_failure(
        &l.run(&["picklist", "add", "issue-types", "moral DISTRESS"]),
        "already",
    );
    l.ok(&["picklist", "retire", "issue-types", "MORAL distress"]);
    assert!(
        l.ok(&["picklist", "list", "issue-types"])
            .contains("Moral distress  [retired]"),
        "the retired issue type is listed as retired"
    );
    let refused = l.run(&[
        "requests",
        "add",
        "--role",
        "Nurse",
        "--organization",
        "Lakeside Clinic",
        "--department",
        "Medicine",
        "--issue",
        "Moral distress",
    ]);
    assert_one_line_failure(&refused, "is retired");
    assert_one_line_failure(
        &l.run(&["picklist", "retire", "roles", "Astronaut"]),
        "there is no role \"Astronaut\"",
    );
}

#[test]
fn the_web_form_export_is_imported_all_or_nothing_and_only_once() {
    let l = Loop::new();
    let file = l.s.temp.path().join("webform.csv");
    // Submitted in the past, whatever day the test runs on (a request never comes from the
    // future), in both the form's US format and ISO.
    let today = peerdesk_core::clock::today();
    let us_date = (today - chrono::Duration::days(11)).format("%m/%d/%Y");
    let iso_date = today - chrono::Duration::days(10);
    let sam = format!(
        "Timestamp,Name,Email,Role,Department,Organization,Issue type,Message\n\
         {us_date} 14:05:33,Sam,sam@example.org,Nurse,Medicine,Lakeside Clinic,Burnout,Rough week\n"
    );
    std::fs::write(
        &file,
        format!("{sam}{iso_date} 09:10,,,Physician,Surgery,Nowhere,Medical error,\n"),
    )
    .expect("write");
    let path = file.display().to_string();
    let blocked = l.run(&["requests", "import", &path]);
    assert_one_line_failure(
        &blocked,
        "1 of 2 rows were rejected, so nothing was imported",
    );
    assert!(
        blocked
            .stdout
            .contains("rejected row 3: organization: there is no organization \"Nowhere\""),
        "{}",
        blocked.stdout
    );
    std::fs::write(&file, &sam).expect("write");
    assert!(
        l.ok(&["requests", "import", &path, "--dry-run"])
            .contains("Dry run: 1 requests would be imported"),
        "the dry run says one request would be imported"
    );
    assert!(
        l.ok(&["requests", "import", &path])
            .contains("Imported 1 requests."),
        "the import says one request was imported"
    );
    assert_one_line_failure(&l.run(&["requests", "import", &path]), "already imported");
    assert_eq!(
        l.json(&["requests", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1),
        "the one request from the web form is listed once"
    );
}

#[test]
fn requester_details_are_erased_from_the_encrypted_store_after_retention() {
    let l = Loop::new();
    l.ok(&["settings", "set", "retention_days", "0"]);
    let id = l.ok(&[
        "requests",
        "add",
        "--role",
        "Nurse",
        "--organization",
        "Lakeside Clinic",
        "--department",
        "Medicine",
        "--name",
        "Quinn Purgeable",
        "--contact",
        "quinn@example.org",
        "--note",
        "after a code",
    ]);
    let id = id.trim();
    assert_eq!(
        l.json(&["requests", "show", id, "--json"])["requester_name"],
        "Quinn Purgeable",
        "the requester's name is shown before retention ends"
    );
    l.ok(&["requests", "withdraw", id]);
    // The next opening of the store applies the retention period (0 days: at once).
    let shown = l.json(&["requests", "show", id, "--json"]);
    assert_eq!(
        shown["requester_name"],
        Value::Null,
        "the requester's name is erased after retention"
    );
    assert_eq!(
        shown["requester_contact"],
        Value::Null,
        "the requester's contact is erased after retention"
    );
    assert_eq!(
        shown["note"],
        Value::Null,
        "the note is erased after retention"
    );
    assert!(
        shown["purged_at"].is_string(),
        "the request records when its details were erased"
    );
    assert_eq!(shown["role"], "Nurse", "the de-identified request stays");
    assert_one_line_failure(&l.run(&["requests", "reopen", id]), "were erased");
}

/// The arguments of `outreach add` but one, left out by name.
fn outreach_add_without<'a>(supporter: &'a str, left_out: &str) -> Vec<&'a str> {
    let all: [[&'a str; 2]; 9] = [
        ["--date", "2026-11-20"],
        ["--kind", "initial"],
        ["--mode", "phone"],
        ["--referred-by", "self"],
        ["--department", "Medicine"],
        ["--role", "Nurse"],
        ["--supporter", supporter],
        ["--issue", "Burnout"],
        ["--comments", "none"],
    ];
    let mut args = vec!["outreach", "add"];
    for [flag, value] in all {
        if flag != left_out {
            args.extend([flag, value]);
        }
    }
    args
}

#[test]
fn a_refused_value_names_its_field_and_code_and_the_exit_says_whose_move_it_is() {
    let l = Loop::new();
    let bo = l.supporter_id("Bo Chen");

    // Without --supporter the core answers, in its own words, and nothing is logged.
    let no_supporter = l.run(&outreach_add_without(&bo, "--supporter"));
    assert_one_line_failure(
        &no_supporter,
        "choose the peer supporter who made the contact",
    );
    // A flag clap requires is named, not only announced.
    let no_date = l.run(&outreach_add_without(&bo, "--date"));
    assert_one_line_failure(&no_date, "--date");
    assert!(
        no_date.stderr.contains("not provided"),
        "the usage error says what is missing: {}",
        no_date.stderr
    );
    assert_eq!(
        l.json(&["outreach", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0),
        "a refused outreach logs nothing"
    );

    // With --json the failure is JSON on stderr: exit, code, field and the words.
    let bad_date = l.run(&["report", "--json", "--from", "2026-13-01"]);
    assert_eq!(bad_date.code, 1, "a malformed date is the person's to fix");
    let error: Value = serde_json::from_str(bad_date.stderr.trim())
        .unwrap_or_else(|e| panic!("stderr is JSON ({e}): {}", bad_date.stderr));
    assert_eq!(
        error["error"]["exit"], 1,
        "the exit code is in the JSON: {error}"
    );
    assert_eq!(
        error["error"]["code"], "format",
        "a malformed date is a format problem: {error}"
    );
    assert_eq!(
        error["error"]["field"], "from",
        "the field at fault is named: {error}"
    );
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2026-13-01")),
        "the message quotes the value: {error}"
    );
    let usage = l.run(&["requests", "list", "--json", "--status", "lost"]);
    let usage: Value = serde_json::from_str(usage.stderr.trim()).expect("a usage error as JSON");
    assert_eq!(
        usage["error"]["code"], "usage",
        "clap's refusal is a usage error: {usage}"
    );
    assert!(
        usage["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("possible values")),
        "the allowed statuses are listed: {usage}"
    );

    // The exit codes are in --help.
    let help = l.run(&["--help"]);
    assert_eq!(help.code, 0, "help exits 0");
    for class in ["1 refused input", "2 the store", "3 the system"] {
        assert!(
            help.stdout.contains(class),
            "--help documents exit {class}: {}",
            help.stdout
        );
    }
}
