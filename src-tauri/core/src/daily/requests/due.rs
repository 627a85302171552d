//! When a request is due and when it is late: one rule for the Requests list, a request's
//! page, the dashboard's cards and queue, `peerdesk requests list --overdue` and the calendar's
//! reminders (`daily::reminders`).
//!
//! A request waits for its first contact while it is new or matched; it is late once its due
//! day (`due_on`, counted in business days by `program::calendar`) has passed with no first
//! contact. A request rematched after its first contact is not late: the program did reply.
//! A follow-up is open while it is not done and the request is connected or following up.
//!
//! The SQL conditions are macros that expand to string literals, so every statement that
//! uses them is fixed at compile time (`concat!`), never built at run time. They expect the
//! request as `q` (and the follow-up as `f`) and the day as the parameter `:today`.

use chrono::NaiveDate;

use crate::daily::requests::Status;

/// The statuses that wait for a first contact.
pub const AWAITING_FIRST_CONTACT: [Status; 2] = [Status::New, Status::Matched];
/// The statuses whose follow-ups are due.
pub const FOLLOWING_UP: [Status; 2] = [Status::Connected, Status::FollowUp];

/// A request still waiting for its first contact, late or not (its day is `q.due_on`).
macro_rules! first_contact_awaited {
    () => {
        "(q.status IN ('new', 'matched') AND q.first_contact_at IS NULL)"
    };
}

/// A request still waiting for its first contact after its due day.
macro_rules! first_contact_late {
    () => {
        concat!(
            "(",
            $crate::daily::requests::due::first_contact_awaited!(),
            " AND q.due_on < :today)"
        )
    };
}

/// A request not (or no longer) late for its first contact.
macro_rules! first_contact_in_time {
    () => {
        "(q.due_on >= :today OR q.first_contact_at IS NOT NULL)"
    };
}

/// A follow-up not done yet, of a request still being followed.
macro_rules! follow_up_open {
    () => {
        "(f.done_at IS NULL AND q.status IN ('connected', 'follow-up'))"
    };
}

/// A request still in the program's hands.
macro_rules! request_open {
    () => {
        "(q.status IN ('new', 'matched', 'connected', 'follow-up'))"
    };
}

pub(crate) use {
    first_contact_awaited, first_contact_in_time, first_contact_late, follow_up_open, request_open,
};

/// How many days past `due_on` a request still waiting for its first contact is; `None`
/// when it is not late (contacted, no longer waiting, or not due yet).
pub fn days_late(status: &str, due_on: &str, contacted: bool, today: NaiveDate) -> Option<i64> {
    let waiting = Status::parse(status).is_some_and(|s| AWAITING_FIRST_CONTACT.contains(&s));
    if contacted || !waiting {
        return None;
    }
    let due = NaiveDate::parse_from_str(due_on, "%Y-%m-%d").ok()?;
    let late = (today - due).num_days();
    (late > 0).then_some(late)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL conditions name exactly the statuses the constants hold.
    #[test]
    fn the_sql_conditions_and_the_status_sets_agree() {
        let quoted = |set: &[Status]| {
            set.iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert!(
            first_contact_awaited!().contains(&quoted(&AWAITING_FIRST_CONTACT)),
            "the first contact is awaited in {AWAITING_FIRST_CONTACT:?}"
        );
        assert!(
            first_contact_late!().contains(first_contact_awaited!()),
            "a late first contact is an awaited one"
        );
        assert!(
            follow_up_open!().contains(&quoted(&FOLLOWING_UP)),
            "open follow-ups belong to {FOLLOWING_UP:?}"
        );
        let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert!(
            request_open!().contains(&quoted(&open)),
            "the open rule lists exactly the open statuses {open:?}"
        );
    }

    #[test]
    fn a_request_is_late_only_after_its_due_day_and_only_while_it_waits() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
        assert_eq!(
            days_late("new", "2026-11-17", false, today),
            Some(3),
            "three days past due"
        );
        assert_eq!(
            days_late("matched", "2026-11-20", false, today),
            None,
            "due today is not late"
        );
        assert_eq!(
            days_late("new", "2026-11-17", true, today),
            None,
            "contacted is not late"
        );
        assert_eq!(
            days_late("connected", "2026-11-01", false, today),
            None,
            "a connected request no longer waits"
        );
        assert_eq!(
            days_late("new", "not a date", false, today),
            None,
            "no due day, no lateness"
        );
    }
}
