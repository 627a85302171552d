//! Program depth through the command line on a real encrypted store: referrals to further help
//! followed to their outcome, the supporter's rating of a contact, and the committee's
//! questions in `peerdesk report --json`. Dates are taken relative to PeerDesk's own clock
//! (which `PEERDESK_NOW` sets in the runs on other days), so it passes on any date.

use chrono::Duration;
use serde_json::Value;

use crate::cli::{initialized, peerdesk};
use crate::fixture::{reopen, scratch};

fn day(offset: i64) -> String {
    (peerdesk_core::clock::today() + Duration::days(offset)).to_string()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON ({e}): {text}"))
}

#[test]
fn a_referral_is_due_for_a_check_a_week_on_and_its_outcome_counts_in_the_report() {
    let s = scratch();
    let pass = initialized(&s);
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    assert_eq!(run(&["demo", "--size", "small"]).code, 0);
    let list = json(&run(&["requests", "list", "--json", "--open"]).stdout);
    let request = list
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["status"] == "connected" || r["status"] == "follow-up")
        })
        .and_then(|r| r["id"].as_i64())
        .expect("an open request that had its first contact")
        .to_string();

    let referred = run(&[
        "requests",
        "refer",
        &request,
        "--to",
        "Chaplaincy",
        "--date",
        &day(-10),
    ]);
    assert_eq!(referred.code, 0, "{}", referred.stderr);
    let page = json(&run(&["requests", "show", &request, "--json"]).stdout);
    let mine = page["referrals"]
        .as_array()
        .and_then(|all| all.last())
        .cloned()
        .expect("the referral is on the request's page");
    assert_eq!(mine["service"], "Chaplaincy");
    assert_eq!(mine["outcome"], "referred");
    assert_eq!(mine["due_for_check"], true, "ten days on, still referred");

    // Refused, and nothing changes: an unknown outcome, a referral of another request, a
    // service with no name, a day in the future.
    let before = run(&["requests", "show", &request, "--json"]).stdout;
    assert_ne!(
        run(&["requests", "referral", &request, "--outcome", "maybe"]).code,
        0
    );
    assert_ne!(
        run(&[
            "requests",
            "referral",
            &request,
            "--outcome",
            "connected",
            "--referral",
            "999999"
        ])
        .code,
        0
    );
    assert_ne!(run(&["requests", "refer", &request, "--to", "  "]).code, 0);
    assert_ne!(
        run(&[
            "requests",
            "refer",
            &request,
            "--to",
            "EAP",
            "--date",
            &day(3)
        ])
        .code,
        0
    );
    assert_eq!(
        run(&["requests", "show", &request, "--json"]).stdout,
        before
    );

    let set = run(&["requests", "referral", &request, "--outcome", "connected"]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(set.stdout.contains("connected"), "{}", set.stdout);
    let page = json(&run(&["requests", "show", &request, "--json"]).stdout);
    let mine = page["referrals"]
        .as_array()
        .and_then(|all| all.last())
        .cloned()
        .expect("referral");
    assert_eq!(mine["outcome"], "connected");
    assert_eq!(mine["due_for_check"], false);
    assert_eq!(mine["outcome_on"], day(0).as_str());

    // The report counts the period's referrals and ratings as the store holds them.
    let (from, to) = (day(-400), day(0));
    let report = json(&run(&["report", "--json", "--from", &from, "--to", &to]).stdout);
    let store = reopen(&s.dir);
    let count = |sql: &str| -> i64 {
        store
            .conn()
            .query_row(sql, rusqlite::params![from, to], |r| r.get(0))
            .expect("count")
    };
    let shares = report["indicators"]["shares"].as_array().expect("shares");
    let share = |key: &str| shares.iter().find(|s| s["key"] == key).cloned().expect(key);
    let referrals = share("referrals_connected");
    let made = count("SELECT count(*) FROM referrals WHERE referred_on BETWEEN ?1 AND ?2");
    if made >= 11 {
        assert_eq!(
            referrals["whole"]["value"].as_i64(),
            Some(made),
            "every referral of the period is counted: {referrals}"
        );
    }
    let rated = share("rated_helpful");
    let helpful = count(
        "SELECT count(*) FROM outreaches WHERE occurred_on BETWEEN ?1 AND ?2 AND outcome = 'helpful'",
    );
    let all_rated = count(
        "SELECT count(*) FROM outreaches WHERE occurred_on BETWEEN ?1 AND ?2
         AND outcome IN ('helpful', 'neutral', 'not-helpful')",
    );
    assert!(
        all_rated >= 11 && all_rated - helpful >= 11,
        "the demo rates enough contacts"
    );
    let percent = rated["percent"].as_f64().expect("shown");
    assert!(
        (percent - helpful as f64 * 100.0 / all_rated as f64).abs() < 0.06,
        "{percent} against {helpful} of {all_rated}"
    );
    assert!(report["indicators"]["first_contact_business_days"]["median"].is_number());
    for key in [
        "first_contact_within_target",
        "follow_ups_done",
        "reach",
        "adoption",
    ] {
        share(key);
    }
    let tables: Vec<&str> = report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert!(
        tables.contains(&"outcomes") && tables.contains(&"referrals"),
        "{tables:?}"
    );
}

#[test]
fn the_supporter_s_rating_is_kept_with_the_contact_and_a_wrong_one_is_refused() {
    let s = scratch();
    let pass = initialized(&s);
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    assert_eq!(run(&["demo", "--size", "small"]).code, 0);
    let store = reopen(&s.dir);
    let (supporter, department, role, issue): (i64, String, String, String) = store
        .conn()
        .query_row(
            "SELECT s.id, d.value, r.value, (SELECT value FROM picklist_entries WHERE list = 'issue_types' LIMIT 1)
             FROM supporters s JOIN picklist_entries d ON d.id = s.department_id
             JOIN picklist_entries r ON r.id = s.role_id WHERE s.status = 'active' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("a supporter");
    drop(store);
    let supporter = supporter.to_string();
    let today = day(0);
    let add = |outcome: &str| {
        run(&[
            "outreach",
            "add",
            "--date",
            &today,
            "--kind",
            "initial",
            "--mode",
            "phone",
            "--referred-by",
            "self",
            "--department",
            &department,
            "--role",
            &role,
            "--supporter",
            &supporter,
            "--issue",
            &issue,
            "--outcome",
            outcome,
        ])
    };
    let count = || -> i64 {
        reopen(&s.dir)
            .conn()
            .query_row("SELECT count(*) FROM outreaches", [], |r| r.get(0))
            .expect("count")
    };
    let before = count();
    assert_ne!(add("great").code, 0, "not an outcome");
    assert_eq!(count(), before, "nothing was logged");
    let logged = add("not-reached");
    assert_eq!(logged.code, 0, "{}", logged.stderr);
    let id: i64 = logged
        .stdout
        .trim()
        .parse()
        .expect("the new outreach's number");
    let stored: Option<String> = reopen(&s.dir)
        .conn()
        .query_row("SELECT outcome FROM outreaches WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .expect("outcome");
    assert_eq!(stored.as_deref(), Some("not-reached"));
}

#[test]
fn a_request_imported_from_the_web_form_keeps_its_flyer_s_source_and_the_report_counts_it() {
    let s = scratch();
    let pass = initialized(&s);
    let run = |args: &[&str]| peerdesk(s.dir.root(), Some(&pass), args);
    assert_eq!(run(&["orgs", "add", "Riverside Health"]).code, 0);
    let yesterday = day(-1);
    let mut csv = String::from("Timestamp,Role,Organization,Source\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "{yesterday} 09:{i:02},Nurse,Riverside Health,icu-2026-12\n"
        ));
    }
    for i in 0..11 {
        csv.push_str(&format!("{yesterday} 10:{i:02},Nurse,Riverside Health,\n"));
    }
    let file = s.temp.path().join("form.csv");
    std::fs::write(&file, csv).expect("write the form's export");
    let imported = run(&["requests", "import", &file.display().to_string()]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let store = reopen(&s.dir);
    let sources: Vec<(Option<String>, i64)> = store
        .conn()
        .prepare("SELECT source, count(*) FROM requests GROUP BY source ORDER BY source")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(sources, [(None, 11), (Some("icu-2026-12".into()), 12)]);
    drop(store);
    let report = json(&run(&["report", "--json", "--from", &day(-7), "--to", &day(0)]).stdout);
    let table = report["tables"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["id"] == "sources"))
        .cloned()
        .expect("requests by source");
    let rows: Vec<(String, String)> = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap_or("").to_string(),
                r["count"]["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("icu-2026-12".to_string(), "12".to_string()),
            ("(not recorded)".to_string(), "11".to_string())
        ],
        "counted by source, largest first"
    );
}
