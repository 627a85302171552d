//! The supporters' own outreach reports, imported from their web form's export through the
//! command line on a real encrypted store: columns found or mapped (and remembered), the
//! name of the person supported never read, new list values only when confirmed, all or
//! nothing, the same file only once, bad files refused in one line with nothing changed.

use crate::cli::assert_one_line_failure;
use crate::daily_loop::Loop;

/// The outreach template as a Microsoft Forms export: the respondent's name, then the
/// template's questions, dated in the past whatever day the test runs.
fn report_file(l: &Loop, supporter_header: &str, department: &str) -> String {
    let today = peerdesk_core::clock::today();
    let us = (today - chrono::Duration::days(3)).format("%m/%d/%Y");
    let iso = today - chrono::Duration::days(2);
    let file = l.s.temp.path().join(format!("reports-{department}.csv"));
    std::fs::write(
        &file,
        format!(
            "ID,Completion time,Name,Date of Outreach,Initial Outreach or a Follow-up,In Person or by Phone,\
             Referred by,Department,Role,{supporter_header},Type of Issue,Resources Offered if any,Comments,Outcome\n\
             1,{us} 9:05:00 AM,Jordan Doe,{us},Initial Outreach,By phone,Self,{department},Nurse,Ana Lima,Burnout;Assault,,Talked it through,Helpful\n\
             2,{us} 9:15:00 AM,Jordan Doe,{iso},Follow-up,In person,Manager,Medicine,Physician,Bo Chen,Medical error,Chaplaincy,,not reached\n"
        ),
    )
    .expect("write");
    file.display().to_string()
}

fn logged(l: &Loop) -> usize {
    l.json(&["outreach", "list", "--json"])
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn the_supporters_reports_are_imported_all_or_nothing_and_only_once() {
    let l = Loop::new();
    let path = report_file(&l, "Peer Supporter", "Dialysis");
    let dry = l.ok(&["outreach", "import", &path, "--dry-run"]);
    assert!(
        dry.contains("\"Name\" not imported: looks like a person's name"),
        "the dry run says the name column is left out: {dry}"
    );
    assert!(
        dry.contains("new department: \"Dialysis\" (1 row)"),
        "the new department is shown: {dry}"
    );
    assert!(
        dry.contains("Dry run: 2 outreaches would be imported, adding 1 new list values"),
        "the dry run says what would happen: {dry}"
    );
    assert_eq!(logged(&l), 0, "a dry run changes nothing");
    let unconfirmed = l.run(&["outreach", "import", &path]);
    assert_one_line_failure(&unconfirmed, "confirm with --add-new");
    assert_eq!(logged(&l), 0, "nothing imported without the confirmation");
    assert!(
        !l.ok(&["picklist", "list", "departments"])
            .contains("Dialysis"),
        "the new department is not added either"
    );
    let done = l.ok(&["outreach", "import", &path, "--add-new"]);
    assert!(
        done.contains("Imported 2 outreaches; 1 new list values added."),
        "{done}"
    );
    let rows = l.json(&["outreach", "list", "--json"]);
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(2),
        "two outreaches logged"
    );
    assert!(
        !rows.to_string().contains("Jordan"),
        "the respondent's name is nowhere in the log: {rows}"
    );
    assert!(
        l.ok(&["picklist", "list", "departments"])
            .contains("Dialysis"),
        "the confirmed department is on the list"
    );
    assert_one_line_failure(
        &l.run(&["outreach", "import", &path, "--add-new"]),
        "already imported",
    );
    assert_eq!(logged(&l), 2, "the same file is never imported twice");
}

#[test]
fn a_column_mapped_once_is_remembered_for_the_next_file() {
    let l = Loop::new();
    let first = report_file(&l, "Who made the contact", "Medicine");
    assert_one_line_failure(
        &l.run(&["outreach", "import", &first, "--dry-run"]),
        "no column holds “Peer supporter”",
    );
    assert_one_line_failure(
        &l.run(&[
            "outreach",
            "import",
            &first,
            "--map",
            "Who made the contact=helper",
        ]),
        "\"helper\" is not a field of the outreach",
    );
    let done = l.ok(&[
        "outreach",
        "import",
        &first,
        "--map",
        "Who made the contact=supporter",
    ]);
    assert!(done.contains("Imported 2 outreaches"), "{done}");
    let next = report_file(&l, "Who made the contact", "Surgery");
    let dry = l.ok(&["outreach", "import", &next, "--dry-run"]);
    assert!(
        dry.contains("\"Who made the contact\" → supporter (remembered)"),
        "the mapping is remembered: {dry}"
    );
}

#[test]
fn bad_files_are_refused_in_one_line_and_change_nothing() {
    let l = Loop::new();
    let folder = l.s.temp.path();
    let future = (peerdesk_core::clock::today() + chrono::Duration::days(5)).to_string();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "binary.csv",
            vec![0xff, 0xfe, 0x00, 0x01, b'\n', 0x80, 0x81],
            "cannot",
        ),
        (
            "future.csv",
            format!(
                "Date of outreach,Kind,Mode,Referred by,Department,Role,Supporter,Issue type\n\
                 {future},initial,phone,self,Medicine,Nurse,Ana Lima,Burnout\n"
            )
            .into_bytes(),
            "ahead of time",
        ),
        (
            "wrong-date.csv",
            "Date of outreach,Kind,Mode,Referred by,Department,Role,Supporter,Issue type\n\
             31/31/2026,initial,phone,self,Medicine,Nurse,Ana Lima,Burnout\n"
                .as_bytes()
                .to_vec(),
            "1 of 1 rows were rejected",
        ),
        (
            "huge.csv",
            vec![b'a'; 21 * 1024 * 1024],
            "is larger than PeerDesk reads",
        ),
    ];
    for (name, bytes, said) in cases {
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("write");
        let outcome = l.run(&[
            "outreach",
            "import",
            &path.display().to_string(),
            "--add-new",
        ]);
        if name == "future.csv" {
            assert!(outcome.stdout.contains(said), "{name}: {}", outcome.stdout);
        } else {
            assert_one_line_failure(&outcome, said);
        }
        assert_ne!(outcome.code, 0, "{name} is refused");
        assert_eq!(logged(&l), 0, "{name} changed nothing");
    }
}
