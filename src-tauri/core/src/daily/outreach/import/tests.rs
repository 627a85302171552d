use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::*;
use crate::program::organizations::{self, OrganizationInput};
use crate::roster::supporters::{self, SupporterForm};
use crate::store::migrations;

fn at(text: &str) -> NaiveDateTime {
    crate::clock::parse_stamp(text).expect("test time")
}

const NOW: &str = "2026-12-01T10:00:00";

/// What a refusal says: its code and its field.
trait Said {
    fn problem(&self) -> Option<Problem>;
    fn field(&self) -> Option<String>;
}

impl Said for CoreError {
    fn problem(&self) -> Option<Problem> {
        self.field_errors().first().map(|e| e.code)
    }
    fn field(&self) -> Option<String> {
        self.field_errors().first().and_then(|e| e.field.clone())
    }
}

/// A store with two supporters: Ana Host (#1) and Pat Partner (#2).
fn store() -> Connection {
    let conn = migrations::in_memory().expect("store");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Host Hospital".into(),
            ..OrganizationInput::default()
        },
    )
    .expect("organization");
    for name in ["Ana Host", "Pat Partner"] {
        add_supporter(&conn, name, "Nurse");
    }
    conn
}

fn add_supporter(conn: &Connection, name: &str, role: &str) {
    supporters::add(
        conn,
        &SupporterForm {
            name: name.into(),
            role: role.into(),
            department: "Intensive care".into(),
            organization: "Host Hospital".into(),
            trained_on: "2025-01-10".into(),
            max_open_cases: "2".into(),
            ..SupporterForm::default()
        },
        NaiveDate::from_ymd_opt(2026, 11, 1).expect("day"),
    )
    .expect("supporter");
}

/// A Microsoft Forms export of the outreach template: its bookkeeping columns, the
/// respondent's name, and the template's questions.
const FORMS: &str = "ID,Start time,Completion time,Name,Date of Outreach,Initial Outreach or a Follow-up,In Person or by Phone,\"Referred by Self, Peer or Manager\",Department of Person Receiving Support (no names),Role of Person Receiving Support (no names),Peer Supporter,Type of Issue,Resources Offered if any,Comments,Outcome\n\
1,11/30/2026 9:01:00 AM,11/30/2026 9:05:00 AM,Someone,11/29/2026,Initial Outreach,Phone,Self,Emergency department,Nurse,Ana Host,Burnout;Assault,Chaplaincy,Listened,Helpful\n\
2,11/30/2026 9:11:00 AM,11/30/2026 9:15:00 AM,Someone,2026-11-30,Follow-up,In person,Peer,Intensive care,Physician,#2,Work relationships,,,\n";

fn none() -> BTreeMap<String, String> {
    BTreeMap::new()
}

fn outreaches(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM outreaches", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn the_templates_columns_are_found_and_the_respondents_name_is_left_out() {
    let conn = store();
    let report =
        import_bytes(&conn, FORMS.as_bytes(), &none(), at(NOW), false, false).expect("preview");
    assert!(
        report.unmapped.is_empty(),
        "every required field found: {:?}",
        report.unmapped
    );
    let field_of = |header: &str| {
        report
            .columns
            .iter()
            .find(|c| c.header == header)
            .expect("column")
            .field
    };
    assert_eq!(
        field_of("Date of Outreach"),
        Some(Field::Date),
        "the template's date"
    );
    assert_eq!(
        field_of("Peer Supporter"),
        Some(Field::Supporter),
        "the supporter"
    );
    assert_eq!(
        field_of("Completion time"),
        None,
        "the form's own timestamps are not read"
    );
    let name = report
        .columns
        .iter()
        .find(|c| c.header == "Name")
        .expect("name column");
    assert_eq!(name.field, None, "a name column is never read");
    assert!(
        name.note.as_deref().is_some_and(|n| n.contains("name")),
        "the preview says why: {:?}",
        name.note
    );
    assert_eq!(
        report.accepted.len(),
        2,
        "both rows pass: {:?}",
        report.rejected
    );
    assert_eq!(
        report.accepted[0].issue_types,
        ["Burnout", "Assault"],
        "semicolons split"
    );
    assert_eq!(report.accepted[0].outcome, "helpful", "the outcome is read");
    assert_eq!(
        report.accepted[1].supporter, "Pat Partner",
        "an id finds the supporter"
    );
    assert_eq!(
        report.accepted[1].kind, "follow-up",
        "“Follow-up” is the kind"
    );
    assert_eq!(outreaches(&conn), 0, "a preview writes nothing");
}

#[test]
fn importing_logs_every_row_once_and_never_the_same_file_twice() {
    let conn = store();
    let report =
        import_bytes(&conn, FORMS.as_bytes(), &none(), at(NOW), true, false).expect("import");
    assert!(report.applied, "imported: {:?}", report.rejected);
    assert_eq!(outreaches(&conn), 2, "two outreaches logged");
    let standalone: i64 = conn
        .query_row(
            "SELECT count(*) FROM outreaches WHERE request_id IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(standalone, 2, "imported reports are stand-alone contacts");
    let again =
        import_bytes(&conn, FORMS.as_bytes(), &none(), at(NOW), true, false).expect("again");
    assert!(!again.applied, "the same file is not imported twice");
    assert_eq!(
        again.already_imported_on.as_deref(),
        Some("2026-12-01"),
        "the preview says when"
    );
    assert_eq!(
        again.refusal(false).expect_err("refused").problem(),
        Some(Problem::Duplicate),
        "refused as a duplicate"
    );
    assert_eq!(outreaches(&conn), 2, "nothing was added again");
}

#[test]
fn one_bad_row_and_nothing_is_imported() {
    let conn = store();
    let bad = FORMS
        .replace("#2", "Nobody Known")
        .replace("2026-11-30,Follow", "2027-01-05,Follow");
    let report =
        import_bytes(&conn, bad.as_bytes(), &none(), at(NOW), true, false).expect("checked");
    assert!(!report.applied, "not applied");
    assert_eq!(report.rejected.len(), 1, "one row rejected");
    let reason = &report.rejected[0].reason;
    assert!(
        reason.contains("not a supporter on the roster"),
        "the supporter is named: {reason}"
    );
    assert!(
        reason.contains("ahead of time"),
        "the future date too: {reason}"
    );
    assert_eq!(report.rejected[0].row, 3, "rows counted as Excel does");
    assert_eq!(outreaches(&conn), 0, "all or nothing");
}

#[test]
fn new_list_values_are_shown_and_added_only_when_confirmed() {
    let conn = store();
    let file = FORMS
        .replace("Emergency department", "Dialysis")
        .replace("Chaplaincy", "Quiet room");
    let preview =
        import_bytes(&conn, file.as_bytes(), &none(), at(NOW), false, false).expect("preview");
    let new: Vec<(&str, &str)> = preview
        .new_values
        .iter()
        .map(|n| (n.list.as_str(), n.value.as_str()))
        .collect();
    assert_eq!(
        new,
        [("departments", "Dialysis"), ("resources", "Quiet room")],
        "shown as new"
    );
    assert!(
        picklists::find(&conn, List::Departments, "Dialysis")
            .expect("find")
            .is_none(),
        "a preview adds nothing to the lists"
    );
    let unconfirmed =
        import_bytes(&conn, file.as_bytes(), &none(), at(NOW), true, false).expect("checked");
    assert!(
        !unconfirmed.applied,
        "new values need the coordinator's confirmation"
    );
    assert_eq!(
        unconfirmed.refusal(false).expect_err("refused").problem(),
        Some(Problem::NotAllowed),
        "refused until confirmed"
    );
    assert!(
        picklists::find(&conn, List::Departments, "Dialysis")
            .expect("find")
            .is_none(),
        "an unconfirmed import adds nothing to the lists"
    );
    assert_eq!(outreaches(&conn), 0, "nothing imported");
    let confirmed =
        import_bytes(&conn, file.as_bytes(), &none(), at(NOW), true, true).expect("import");
    assert!(confirmed.applied, "imported once confirmed");
    assert!(
        picklists::find(&conn, List::Departments, "Dialysis")
            .expect("find")
            .is_some(),
        "the new department is on the list"
    );
}

#[test]
fn a_formula_is_never_added_to_a_list() {
    let conn = store();
    let file = FORMS.replace("Emergency department", "\"=HYPERLINK(\"\"http://x\"\")\"");
    let report =
        import_bytes(&conn, file.as_bytes(), &none(), at(NOW), true, true).expect("checked");
    assert!(!report.applied, "not imported");
    assert!(
        report
            .rejected
            .first()
            .is_some_and(|r| r.reason.contains("formula")),
        "the row says why: {:?}",
        report.rejected
    );
    assert!(
        report.new_values.is_empty(),
        "no formula offered as a new value"
    );
    let departments = picklists::entries(&conn, List::Departments).expect("entries");
    assert!(
        departments.iter().all(|d| !d.value.starts_with('=')),
        "the list is untouched"
    );
}

#[test]
fn an_unguessed_column_is_mapped_once_and_remembered() {
    let conn = store();
    let file = FORMS.replace("Peer Supporter", "Who made the contact");
    let preview =
        import_bytes(&conn, file.as_bytes(), &none(), at(NOW), false, false).expect("preview");
    assert_eq!(
        preview.unmapped,
        ["“Peer supporter”"],
        "the missing field is named"
    );
    assert_eq!(
        preview
            .refusal(true)
            .expect_err("refused")
            .field()
            .as_deref(),
        Some("columns"),
        "refused for its columns"
    );
    let mut chosen = BTreeMap::new();
    chosen.insert("Who made the contact".to_string(), "supporter".to_string());
    let report =
        import_bytes(&conn, file.as_bytes(), &chosen, at(NOW), true, false).expect("import");
    assert!(
        report.applied,
        "imported with the mapping: {:?}",
        report.rejected
    );
    let next = file.replace("Listened", "Listened again");
    let later =
        import_bytes(&conn, next.as_bytes(), &none(), at(NOW), false, false).expect("preview");
    let column = later
        .columns
        .iter()
        .find(|c| c.header == "Who made the contact")
        .expect("column");
    assert_eq!(
        column.field,
        Some(Field::Supporter),
        "remembered for the next file"
    );
    assert_eq!(column.how, How::Remembered, "and says so");
}

#[test]
fn an_unknown_field_name_in_the_mapping_is_refused() {
    let conn = store();
    let mut chosen = BTreeMap::new();
    chosen.insert("Name".to_string(), "person".to_string());
    let error =
        import_bytes(&conn, FORMS.as_bytes(), &chosen, at(NOW), false, false).expect_err("refused");
    assert_eq!(
        error.problem(),
        Some(Problem::Unknown),
        "an unknown field: {error}"
    );
}

#[test]
fn redcap_checkbox_columns_become_the_ticked_values() {
    let conn = store();
    let file = "record_id,outreach_date,Initial or follow-up,mode,referred_by,department,role,supporter,Type of Issue (choice=Burnout),Type of Issue (choice=Assault)\n\
                1,2026-11-28,Initial,phone,manager,Intensive care,Nurse,ana  host,Checked,Unchecked\n";
    let mut chosen = BTreeMap::new();
    chosen.insert("outreach_date".to_string(), "date".to_string());
    let report =
        import_bytes(&conn, file.as_bytes(), &chosen, at(NOW), false, false).expect("preview");
    assert_eq!(report.rejected, [], "the row passes");
    assert_eq!(
        report.accepted[0].issue_types,
        ["Burnout"],
        "only the ticked choice"
    );
    assert_eq!(
        report.accepted[0].supporter, "Ana Host",
        "a name in any case and spacing finds the supporter"
    );
}

#[test]
fn two_supporters_of_one_name_need_the_id() {
    let conn = store();
    add_supporter(&conn, "Ana Host", "Physician");
    let report =
        import_bytes(&conn, FORMS.as_bytes(), &none(), at(NOW), false, false).expect("preview");
    assert!(
        report
            .rejected
            .first()
            .is_some_and(|r| r.reason.contains("write the supporter's id")),
        "the row says how to fix it: {:?}",
        report.rejected
    );
}

#[test]
fn headers_that_name_a_person_are_told_apart_from_the_supporters() {
    assert!(looks_like_a_name("name"), "a bare name");
    assert!(
        looks_like_a_name("name of person supported"),
        "the person's name"
    );
    assert!(looks_like_a_name("staff member"), "the staff member");
    assert!(
        !looks_like_a_name("peer supporter name"),
        "the supporter's name is read"
    );
    assert!(
        !looks_like_a_name("department of person receiving support no names"),
        "the template's question"
    );
}

#[test]
fn a_file_changed_since_its_preview_is_refused_and_nothing_is_logged() {
    let conn = store();
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("reports.csv");
    std::fs::write(&path, FORMS).expect("write");
    let work = crate::work::Work::none();
    let preview =
        import_file(&conn, &path, None, &none(), at(NOW), false, false, &work).expect("previewed");
    assert!(!preview.applied, "a preview writes nothing");
    // Someone edits the file between the preview and the import: a row more.
    let changed = format!("{FORMS}{}", FORMS.lines().last().expect("a row"));
    std::fs::write(&path, changed).expect("rewrite");
    // The import the coordinator confirms, with the preview's fingerprint.
    let import = || {
        import_file(
            &conn,
            &path,
            Some(&preview.file_sha256),
            &none(),
            at(NOW),
            true,
            false,
            &work,
        )
    };
    assert!(import().is_err(), "the import of a changed file is refused");
    assert_eq!(outreaches(&conn), 0, "nothing was logged");
    let unchanged = std::fs::read(&path).expect("read");
    std::fs::write(&path, FORMS).expect("back as it was");
    let applied = import().expect("the file as previewed imports");
    assert!(applied.applied && unchanged.len() > FORMS.len());
    assert_eq!(outreaches(&conn), 2, "the previewed rows, once");
}
