//! `peerdesk calendar --out FILE.ics` on the small demo store, its file read back by an
//! iCalendar parser that is not the one that wrote it: calcard (Stalwart's, from its CalDAV
//! server), a dev-dependency, so a plain `cargo test` needs nothing installed
//! besides. Every event is checked against the store, and no requester's or supporter's
//! name or contact may be in the bytes.

use std::collections::BTreeSet;

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarProperty, ICalendarValueType,
};
use calcard::{Entry, Parser};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::cli::{assert_one_line_failure, initialized, peerdesk, Outcome};
use crate::fixture::{reopen, scratch, Scratch};

/// The file parsed whole: one calendar, and every content line of the file kept by the
/// parser. (calcard is lenient and skips a line it cannot read; its strict mode would say
/// so, but in 0.3.14 it refuses every nested BEGIN, so the lines are counted instead.)
fn parse(text: &str) -> ICalendar {
    let mut parser = Parser::new(text);
    let mut calendars = Vec::new();
    loop {
        match parser.entry() {
            Entry::ICalendar(calendar) => calendars.push(calendar),
            Entry::Eof => break,
            other => panic!("the parser refuses part of the file: {other:?}"),
        }
    }
    assert_eq!(calendars.len(), 1, "one calendar in the file");
    let calendar = calendars.remove(0);
    let lines = text.replace("\r\n ", "").lines().count();
    let kept: usize = calendar
        .components
        .iter()
        .map(|c| c.entries.len() + 2)
        .sum();
    assert_eq!(
        kept, lines,
        "every line is a property the parser read, or a BEGIN or END: {calendar:?}"
    );
    calendar
}

/// The one value of `property` in `event`, with its parameters.
fn value(event: &ICalendarComponent, property: ICalendarProperty) -> &ICalendarEntry {
    let mut found = event.entries.iter().filter(|e| e.name == property);
    let entry = found
        .next()
        .unwrap_or_else(|| panic!("the event has {property:?}: {event:?}"));
    assert!(found.next().is_none(), "one {property:?} per event");
    entry
}

fn text(event: &ICalendarComponent, property: ICalendarProperty) -> String {
    value(event, property.clone())
        .values
        .first()
        .and_then(|v| v.as_text())
        .unwrap_or_else(|| panic!("{property:?} is text: {event:?}"))
        .to_string()
}

fn date_of(moment: &PartialDateTime) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(moment.year.expect("a year")),
        u32::from(moment.month.expect("a month")),
        u32::from(moment.day.expect("a day")),
    )
    .expect("a real day")
}

/// An event as the calendar shows it: its title and its day.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Shown {
    summary: String,
    day: NaiveDate,
}

/// The all-day events of the calendar; each one's DTSTART a DATE and DTEND the next day.
fn events(calendar: &ICalendar) -> Vec<(Shown, String)> {
    calendar
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .map(|event| {
            let start = value(event, ICalendarProperty::Dtstart);
            assert!(
                start
                    .params
                    .iter()
                    .any(|p| p.name == ICalendarParameterName::Value
                        && p.value == ICalendarParameterValue::Value(ICalendarValueType::Date)),
                "DTSTART;VALUE=DATE: an all-day event: {start:?}"
            );
            let start = start.values[0]
                .as_partial_date_time()
                .expect("DTSTART is a date");
            assert!(start.hour.is_none(), "a day, no time: {start:?}");
            let day = date_of(start);
            let end = date_of(
                value(event, ICalendarProperty::Dtend).values[0]
                    .as_partial_date_time()
                    .expect("DTEND is a date"),
            );
            assert_eq!(end, day.succ_opt().expect("a next day"), "one whole day");
            let shown = Shown {
                summary: text(event, ICalendarProperty::Summary),
                day,
            };
            (shown, text(event, ICalendarProperty::Uid))
        })
        .collect()
}

/// What the store says is due, read with the test's own SQL: the first contacts of requests
/// that wait for one, and the follow-ups not done of requests being followed.
fn due_in_store(s: &Scratch) -> Vec<Shown> {
    let store = reopen(&s.dir);
    let mut statement = store
        .conn()
        .prepare(
            "SELECT 'PeerDesk first contact, request #' || id, due_on FROM requests
              WHERE status IN ('new', 'matched') AND first_contact_at IS NULL
             UNION ALL
             SELECT 'PeerDesk follow-up, request #' || q.id, f.due_on
               FROM follow_ups f JOIN requests q ON q.id = f.request_id
              WHERE f.done_at IS NULL AND q.status IN ('connected', 'follow-up')",
        )
        .expect("query");
    let mut due: Vec<Shown> = statement
        .query_map([], |r| {
            Ok(Shown {
                summary: r.get(0)?,
                day: NaiveDate::parse_from_str(&r.get::<_, String>(1)?, "%Y-%m-%d")
                    .expect("a due day"),
            })
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    due.sort();
    due
}

/// Every name, email, phone and note the store holds about a person.
fn personal_words(s: &Scratch) -> Vec<String> {
    let store = reopen(&s.dir);
    let mut words = Vec::new();
    for sql in [
        "SELECT requester_name FROM requests",
        "SELECT requester_contact FROM requests",
        "SELECT note FROM requests",
        "SELECT name FROM supporters",
        "SELECT email FROM supporters",
        "SELECT phone FROM supporters",
    ] {
        let mut statement = store.conn().prepare(sql).expect("query");
        let found = statement
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .expect("rows");
        words.extend(found.filter_map(|w| w.expect("a value")));
    }
    words.retain(|w| w.trim().len() > 3);
    words
}

fn calendar_to(
    s: &Scratch,
    pass: &std::path::Path,
    file: &std::path::Path,
    more: &[&str],
) -> Outcome {
    let mut args = vec!["calendar", "--out"];
    let file = file.display().to_string();
    args.push(&file);
    args.extend_from_slice(more);
    peerdesk(s.dir.root(), Some(pass), &args)
}

#[test]
fn the_calendar_file_parses_back_with_every_due_day_and_no_name() {
    let s = scratch();
    let pass = initialized(&s);
    let demo = peerdesk(s.dir.root(), Some(&pass), &["demo", "--size", "small"]);
    assert_eq!(demo.code, 0, "demo data: {}", demo.stderr);
    let file = s.temp.path().join("PeerDesk reminders.ics");
    let before = peerdesk_core::clock::now_utc_time();
    let wrote = calendar_to(&s, &pass, &file, &[]);
    assert_eq!(wrote.code, 0, "the calendar is written: {}", wrote.stderr);

    let bytes = std::fs::read(&file).expect("the file was written");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let calendar = parse(&text);
    for line in text.split_inclusive('\n') {
        assert!(
            line.ends_with("\r\n") && line.len() <= 77,
            "lines end in CRLF and fold at 75 octets: {line:?}"
        );
    }
    let events = events(&calendar);
    let mut shown: Vec<Shown> = events
        .iter()
        .map(|(shown, _)| shown)
        .map(|e| Shown {
            summary: e.summary.clone(),
            day: e.day,
        })
        .collect();
    shown.sort();
    let due = due_in_store(&s);
    assert!(
        due.iter().any(|d| d.summary.contains("first contact"))
            && due.iter().any(|d| d.summary.contains("follow-up")),
        "the demo has first contacts and follow-ups due"
    );
    assert_eq!(
        shown, due,
        "one event per first contact and follow-up due, on its day, and nothing else"
    );
    let uids: BTreeSet<&String> = events.iter().map(|(_, uid)| uid).collect();
    assert_eq!(uids.len(), events.len(), "every event has its own UID");
    assert_eq!(
        wrote.stdout.lines().next().unwrap_or_default(),
        format!(
            "Wrote {} reminders to {}: {} first contacts and {} follow-ups, from {} to {}{}.",
            due.len(),
            file.display(),
            due.iter()
                .filter(|d| d.summary.contains("first contact"))
                .count(),
            due.iter()
                .filter(|d| d.summary.contains("follow-up"))
                .count(),
            due.iter().map(|d| d.day).min().expect("a first day"),
            due.iter().map(|d| d.day).max().expect("a last day"),
            {
                let today = peerdesk_core::clock::today();
                match due.iter().filter(|d| d.day < today).count() {
                    0 => String::new(),
                    late => format!(" ({late} already past due)"),
                }
            }
        ),
        "the summary line counts what was written"
    );

    // Stamped by PeerDesk's clock at the export, in UTC.
    for event in calendar
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
    {
        let stamp = value(event, ICalendarProperty::Dtstamp).values[0]
            .as_partial_date_time()
            .expect("DTSTAMP is a date-time")
            .clone();
        let at = Utc
            .with_ymd_and_hms(
                i32::from(stamp.year.expect("year")),
                u32::from(stamp.month.expect("month")),
                u32::from(stamp.day.expect("day")),
                u32::from(stamp.hour.expect("an hour: a date-time")),
                u32::from(stamp.minute.expect("minute")),
                u32::from(stamp.second.expect("second")),
            )
            .single()
            .expect("a moment");
        let after = peerdesk_core::clock::now_utc_time();
        assert!(
            at >= before - chrono::Duration::seconds(1) && at <= after,
            "DTSTAMP {at} is the moment of the export ({before} to {after})"
        );
    }

    let words = personal_words(&s);
    assert!(
        words.len() > 100,
        "the demo holds names and contacts to look for"
    );
    for word in &words {
        assert!(
            !text.contains(word.as_str()),
            "{word:?} must not be in the calendar"
        );
    }
}

#[test]
fn an_existing_calendar_is_replaced_only_with_replace_and_keeps_its_uids() {
    let s = scratch();
    let pass = initialized(&s);
    assert_eq!(
        peerdesk(s.dir.root(), Some(&pass), &["demo"]).code,
        0,
        "demo data"
    );
    let file = s.temp.path().join("reminders.ics");
    assert_eq!(calendar_to(&s, &pass, &file, &[]).code, 0, "first export");
    let first = std::fs::read_to_string(&file).expect("written");

    assert_one_line_failure(
        &calendar_to(&s, &pass, &file, &[]),
        "already exists; it was left untouched: choose another name, or add --replace",
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        first,
        "the file refused is untouched"
    );
    let again = calendar_to(&s, &pass, &file, &["--replace"]);
    assert_eq!(again.code, 0, "--replace replaces it: {}", again.stderr);
    let uids = |text: &str| -> Vec<String> {
        events(&parse(text))
            .into_iter()
            .map(|(_, uid)| uid)
            .collect()
    };
    assert_eq!(
        uids(&std::fs::read_to_string(&file).expect("replaced")),
        uids(&first),
        "the same reminders keep their UIDs: importing again updates, never duplicates"
    );

    assert_one_line_failure(
        &calendar_to(&s, &pass, &s.temp.path().join("reminders.txt"), &[]),
        "this document is saved as a .ics file only",
    );
    assert_one_line_failure(
        &calendar_to(&s, &pass, &s.dir.root().join("reminders.ics"), &[]),
        "inside PeerDesk's data folder",
    );
    let audit = peerdesk(
        s.dir.root(),
        Some(&pass),
        &["audit", "list", "--action", "calendar reminders exported"],
    );
    assert_eq!(
        audit.stdout.lines().count(),
        2,
        "each written calendar is in the audit log, the refused ones not: {}",
        audit.stdout
    );
}

#[test]
fn a_store_with_nothing_due_writes_no_file() {
    let s = scratch();
    let pass = initialized(&s);
    let file = s.temp.path().join("reminders.ics");
    let outcome = calendar_to(&s, &pass, &file, &[]);
    assert_eq!(
        outcome.code, 0,
        "nothing due is no failure: {}",
        outcome.stderr
    );
    assert_eq!(
        outcome.stdout,
        "Nothing is due: no open request waits for a first contact or a follow-up, so no file was written.\n"
    );
    assert!(!file.exists(), "no empty calendar is left behind");
}
