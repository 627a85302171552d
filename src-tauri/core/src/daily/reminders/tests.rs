use chrono::{NaiveDate, TimeZone};
use rusqlite::params;

use super::*;
use crate::store::{audit, migrations};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// The moment of the export, as the test sets it (never the real clock).
fn moment(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 5)
        .single()
        .expect("test moment")
}

const TODAY: &str = "2026-11-23";

/// Who asked and what they said: none of it may reach a calendar.
const PRIVATE: [&str; 3] = [
    "Riley Requester",
    "riley.requester@example.org",
    "after the code on Tuesday",
];

/// A request in `status`, due on `due_on`, first contacted at `contacted`, with its
/// follow-ups (`due_on`, done or not); the requester's name, contact and note filled in.
fn request(
    conn: &Connection,
    id: i64,
    status: &str,
    due_on: &str,
    contacted: Option<&str>,
    follow_ups: &[(&str, bool)],
) {
    conn.execute(
        "INSERT INTO requests (id, received_at, requester_name, requester_contact, note, status,
                               due_on, first_contact_at)
         VALUES (?1, '2026-11-16T09:00:00', ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, PRIVATE[0], PRIVATE[1], PRIVATE[2], status, due_on, contacted],
    )
    .expect("request");
    for (due, done) in follow_ups {
        conn.execute(
            "INSERT INTO follow_ups (request_id, due_on, done_at) VALUES (?1, ?2, ?3)",
            params![id, due, done.then_some("2026-11-20T10:00:00")],
        )
        .expect("follow-up");
    }
}

/// One request of every kind the rule tells apart.
fn program() -> Connection {
    let conn = migrations::in_memory().expect("store");
    request(&conn, 1, "new", "2026-11-24", None, &[]);
    request(&conn, 2, "matched", "2026-11-18", None, &[]);
    // Rematched after its first contact: the program did reply, nothing is due until the
    // new supporter's first contact schedules the follow-ups again.
    request(
        &conn,
        3,
        "matched",
        "2026-11-10",
        Some("2026-11-11T10:00:00"),
        &[("2026-11-18", true)],
    );
    let contacted = Some("2026-11-23T10:00:00");
    request(
        &conn,
        4,
        "connected",
        "2026-11-24",
        contacted,
        &[("2026-12-23", false), ("2026-11-30", false)],
    );
    request(
        &conn,
        5,
        "follow-up",
        "2026-11-12",
        contacted,
        &[("2026-11-19", true), ("2026-12-17", false)],
    );
    for (id, status) in [(6, "closed"), (7, "declined"), (8, "withdrawn")] {
        request(
            &conn,
            id,
            status,
            "2026-11-24",
            None,
            &[("2026-12-01", false)],
        );
    }
    conn
}

fn reminder(request_id: i64, due: Due, day_text: &str) -> Reminder {
    Reminder {
        request_id,
        due,
        day: day(day_text),
    }
}

#[test]
fn the_reminders_are_the_first_contacts_and_follow_ups_open_requests_wait_for() {
    let conn = program();
    assert_eq!(
        due(&conn).expect("reminders"),
        vec![
            reminder(2, Due::FirstContact, "2026-11-18"),
            reminder(1, Due::FirstContact, "2026-11-24"),
            reminder(4, Due::FollowUp { number: 1 }, "2026-11-30"),
            reminder(5, Due::FollowUp { number: 2 }, "2026-12-17"),
            reminder(4, Due::FollowUp { number: 2 }, "2026-12-23"),
        ],
        "late and coming first contacts, the follow-ups not done, earliest first; nothing for \
         a rematched request, nor for a closed, declined or withdrawn one"
    );
}

#[test]
fn a_reminder_says_only_what_is_due_and_the_request_number() {
    let first = reminder(123, Due::FirstContact, "2026-11-24");
    let follow_up = reminder(123, Due::FollowUp { number: 2 }, "2026-12-23");
    assert_eq!(first.summary(), "PeerDesk first contact, request #123");
    assert_eq!(follow_up.summary(), "PeerDesk follow-up, request #123");
    assert_eq!(first.uid(), "peerdesk-request-123-first-contact");
    assert_eq!(
        follow_up.uid(),
        "peerdesk-request-123-follow-up-2",
        "each follow-up of a request has its own event"
    );
}

/// The text of the calendar of `program()`, exported at 15:04 UTC on TODAY.
fn exported() -> String {
    let conn = program();
    let (bytes, _) = calendar_on(&conn, moment(2026, 11, 23, 15, 4), day(TODAY)).expect("calendar");
    String::from_utf8(bytes.expect("something is due")).expect("UTF-8")
}

#[test]
fn the_file_is_rfc_5545_all_day_events_with_crlf_and_short_lines() {
    let text = exported();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"),
        "one calendar: {text}"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n') && !text.replace("\r\n", "").contains('\r'),
        "every line ends in CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    for line in [
        "VERSION:2.0",
        "PRODID:-//PeerDesk//Reminders//EN",
        "METHOD:PUBLISH",
        "UID:peerdesk-request-4-follow-up-1",
        "DTSTART;VALUE=DATE:20261130",
        "DTEND;VALUE=DATE:20261201",
        "DTSTAMP:20261123T150405Z",
        "SUMMARY:PeerDesk follow-up\\, request #4",
        "CLASS:PRIVATE",
        "TRANSP:TRANSPARENT",
    ] {
        assert!(
            text.contains(&format!("\r\n{line}\r\n")),
            "the file has the line {line}: {text}"
        );
    }
    assert_eq!(
        text.matches("BEGIN:VEVENT\r\n").count(),
        5,
        "one event per reminder"
    );
    assert_eq!(
        text.matches("DTSTAMP:").count(),
        5,
        "each event stamped with the moment the test set, and only that: {text}"
    );
}

#[test]
fn nothing_that_names_or_describes_a_requester_reaches_the_file() {
    let text = exported();
    for private in PRIVATE {
        assert!(
            !text.contains(private),
            "{private:?} is not in the calendar"
        );
    }
    // Only the lines a reminder needs, whatever the store holds.
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let key = line.split([':', ';']).next().expect("a property's name");
        assert!(
            [
                "BEGIN",
                "END",
                "VERSION",
                "PRODID",
                "CALSCALE",
                "METHOD",
                "X-WR-CALNAME",
                "UID",
                "DTSTAMP",
                "SEQUENCE",
                "SUMMARY",
                "DESCRIPTION",
                "DTSTART",
                "DTEND",
                "CLASS",
                "TRANSP",
                "X-MICROSOFT-CDO-BUSYSTATUS",
            ]
            .contains(&key),
            "an unexpected line: {line}"
        );
    }
}

#[test]
fn a_later_export_keeps_the_uids_and_carries_a_higher_sequence() {
    let conn = program();
    let sequence_and_uids = |now: DateTime<Utc>| {
        let text = to_ics(&due(&conn).expect("reminders"), now);
        let field = |name: &str| -> Vec<String> {
            text.split("\r\n")
                .filter_map(|l| l.strip_prefix(name))
                .map(str::to_string)
                .collect()
        };
        (field("SEQUENCE:"), field("UID:"))
    };
    let (before, uids_before) = sequence_and_uids(moment(2026, 11, 23, 15, 4));
    let (after, uids_after) = sequence_and_uids(moment(2026, 11, 30, 8, 0));
    assert_eq!(uids_before, uids_after, "the same reminders, the same UIDs");
    let number = |s: &[String]| s[0].parse::<u32>().expect("a number");
    assert!(
        number(&after) > number(&before),
        "the later file is the newer revision: {before:?} then {after:?}"
    );

    // A rematch drops the open follow-ups and the new first contact schedules them again:
    // the second follow-up is still the request's second, and updates its event.
    conn.execute_batch(
        "DELETE FROM follow_ups WHERE request_id = 5 AND done_at IS NULL;
         INSERT INTO follow_ups (request_id, due_on) VALUES (5, '2026-12-21');",
    )
    .expect("rescheduled");
    let rescheduled = due(&conn).expect("reminders");
    assert!(
        rescheduled.contains(&reminder(5, Due::FollowUp { number: 2 }, "2026-12-21")),
        "{rescheduled:?}"
    );
}

#[test]
fn the_summary_counts_what_is_due_and_what_is_past_due() {
    let conn = program();
    let (_, summary) =
        calendar_on(&conn, moment(2026, 11, 23, 15, 4), day(TODAY)).expect("calendar");
    assert_eq!(
        summary,
        CalendarSummary {
            reminders: 5,
            first_contacts: 2,
            follow_ups: 3,
            past_due: 1,
            first_day: Some("2026-11-18".into()),
            last_day: Some("2026-12-23".into()),
        },
        "request #2's first contact was due before today"
    );
}

#[test]
fn the_file_is_written_whole_and_noted_in_the_audit_log_without_a_name() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("reminders.ics");
    let empty = migrations::in_memory().expect("store");
    let nothing = write_calendar(&empty, &path, moment(2026, 11, 23, 15, 4), day(TODAY))
        .expect("nothing due");
    assert_eq!(nothing.reminders, 0, "nothing is due in an empty store");
    assert!(
        !path.exists(),
        "a calendar needs one event: no file without one"
    );
    let audit_entries = |conn: &Connection| {
        audit::list(
            conn,
            &audit::Filter {
                action: Some("calendar reminders exported".into()),
                ..audit::Filter::default()
            },
        )
        .expect("audit")
    };
    assert!(
        audit_entries(&empty).is_empty(),
        "no entry claims an export that did not happen"
    );

    let conn = program();
    let written =
        write_calendar(&conn, &path, moment(2026, 11, 23, 15, 4), day(TODAY)).expect("written");
    assert_eq!(written.reminders, 5, "five reminders");
    assert_eq!(
        std::fs::read_to_string(&path).expect("the file"),
        exported(),
        "the file holds the calendar"
    );
    let entries = audit_entries(&conn);
    assert_eq!(entries.len(), 1, "one entry for the export");
    let detail = entries[0].detail.clone().unwrap_or_default();
    assert_eq!(
        detail, "5 reminders (2 first contacts, 3 follow-ups), 2026-11-18 to 2026-12-23",
        "counts and days, never a name"
    );
}
