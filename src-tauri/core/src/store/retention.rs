//! Retention: after a request closes (or is declined or withdrawn), the requester's name,
//! contact and note are erased once the program's retention period has passed. Erased, not
//! hidden: the columns are set to NULL with `secure_delete` on (the store overwrites the old
//! bytes) and the write-ahead log is checkpointed and truncated, so the name is gone from the
//! database file too. The de-identified request and its outreaches stay; the audit log says
//! how many requests were purged, never whose. An outreach's free-text comment goes too once
//! the contact is older than the retention period.

use chrono::{Duration, NaiveDateTime};
use rusqlite::{params, Connection};

use crate::clock::stamp;
use crate::error::Result;
use crate::store::audit;
use crate::store::settings;

/// The setting that holds the retention period, and its default (the program's settings
/// check the values a coordinator may set; the store keeps the promise).
pub const SETTING: &str = "retention_days";
pub const DEFAULT_DAYS: u32 = 90;

/// The retention period the program set, in days.
pub fn days(conn: &Connection) -> Result<u32> {
    settings::get_u32(conn, SETTING, DEFAULT_DAYS)
}

/// Erases the requester details that are past retention; returns how many requests it purged.
pub fn purge_due(conn: &Connection, now: NaiveDateTime) -> Result<usize> {
    let retention = days(conn)?;
    let cutoff = now - Duration::days(i64::from(retention));
    let tx = conn.unchecked_transaction()?;
    let purged = tx.execute(
        "UPDATE requests SET requester_name = NULL, requester_contact = NULL, note = NULL, purged_at = ?2
         WHERE status IN ('closed', 'declined', 'withdrawn') AND purged_at IS NULL
           AND closed_at IS NOT NULL AND closed_at <= ?1",
        params![stamp(cutoff), stamp(now)],
    )?;
    if purged > 0 {
        audit::record(
            &tx,
            "retention",
            "purge requester details",
            Some(&format!(
                "{purged} request(s) closed more than {retention} days ago: name, contact and note erased"
            )),
        )?;
    }
    // An outreach's comment is free text a supporter typed, and may name someone: it goes
    // once the contact is older than the retention period. The de-identified row stays.
    let comments = tx.execute(
        "UPDATE outreaches SET comments = NULL
         WHERE comments IS NOT NULL AND occurred_on < ?1",
        params![cutoff.date().to_string()],
    )?;
    if comments > 0 {
        audit::record(
            &tx,
            "retention",
            "purge outreach comments",
            Some(&format!(
                "{comments} outreach comment(s) older than {retention} days erased"
            )),
        )?;
    }
    tx.commit()?;
    if purged > 0 || comments > 0 {
        // Old page versions wait in the WAL until a checkpoint; truncate it so they are gone.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(purged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daily::requests::{self, Ending, RequestForm};
    use crate::store;

    fn at(text: &str) -> NaiveDateTime {
        crate::clock::parse_stamp(text).expect("test time")
    }

    fn request(conn: &Connection, name: &str, received: &str) -> i64 {
        requests::add(
            conn,
            &RequestForm {
                received_at: received.into(),
                requester_name: name.into(),
                requester_contact: format!("{}@example.org", name.to_lowercase()),
                role: "Nurse".into(),
                note: format!("{name} asked after a code"),
                ..RequestForm::default()
            },
            at(received),
        )
        .expect("request")
    }

    #[test]
    fn a_closed_request_keeps_its_requester_until_retention_ends() {
        let conn = store::migrations::in_memory().expect("store");
        let kept = request(&conn, "Keepme", "2026-01-05T09:00:00");
        let purged = request(&conn, "Purgeme", "2026-01-05T10:00:00");
        let open = request(&conn, "Stillopen", "2026-01-05T11:00:00");
        requests::end(&conn, purged, Ending::Withdrawn, at("2026-01-06T09:00:00")).expect("end");
        requests::end(&conn, kept, Ending::Withdrawn, at("2026-03-01T09:00:00")).expect("end");
        assert_eq!(
            purge_due(&conn, at("2026-04-06T09:00:00")).expect("purge"),
            1,
            "only the request closed more than 90 days ago is purged"
        );
        let name = |id: i64| -> (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) {
            conn.query_row(
                "SELECT requester_name, requester_contact, note, purged_at FROM requests WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("row")
        };
        assert_eq!(
            name(purged),
            (None, None, None, Some("2026-04-06T09:00:00".into())),
            "the purged request loses its requester's name, contact and note, and records when"
        );
        assert_eq!(
            name(kept).0.as_deref(),
            Some("Keepme"),
            "the request closed within retention keeps its requester"
        );
        assert_eq!(
            name(open).0.as_deref(),
            Some("Stillopen"),
            "the open request keeps its requester"
        );
        let audit: String = conn
            .query_row(
                "SELECT detail FROM audit_log WHERE action = 'purge requester details'",
                [],
                |r| r.get(0),
            )
            .expect("audit line");
        assert!(
            audit.starts_with("1 request(s)") && !audit.contains("Purgeme"),
            "the audit line counts the purged request without naming the requester"
        );
        assert!(
            requests::reopen(&conn, purged, at("2026-04-06T10:00:00")).is_err(),
            "a purged request cannot be reopened"
        );
        assert_eq!(
            purge_due(&conn, at("2026-04-06T09:00:00")).expect("again"),
            0,
            "a second purge at the same time purges nothing more"
        );
    }

    #[test]
    fn an_outreach_comment_goes_once_the_contact_is_older_than_retention() {
        let conn = store::migrations::in_memory().expect("store");
        for (on, comment) in [("2026-01-05", "Oldcomment"), ("2026-04-01", "Newcomment")] {
            conn.execute(
                "INSERT INTO outreaches (occurred_on, kind, mode, referred_by, comments, created_at, updated_at)
                 VALUES (?1, 'initial', 'phone', 'self', ?2, ?1, ?1)",
                params![on, comment],
            )
            .expect("outreach");
        }
        purge_due(&conn, at("2026-04-06T09:00:00")).expect("purge");
        let comments: Vec<(String, Option<String>)> = conn
            .prepare("SELECT occurred_on, comments FROM outreaches ORDER BY occurred_on")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .expect("rows");
        assert_eq!(
            comments,
            vec![
                ("2026-01-05".to_string(), None),
                ("2026-04-01".to_string(), Some("Newcomment".to_string()))
            ],
            "the 91-day-old comment is erased, the recent one kept, both rows stay"
        );
        let audit: String = conn
            .query_row(
                "SELECT detail FROM audit_log WHERE action = 'purge outreach comments'",
                [],
                |r| r.get(0),
            )
            .expect("audit line");
        assert!(
            audit.starts_with("1 outreach comment(s)") && !audit.contains("Oldcomment"),
            "the audit line counts the erased comment without quoting it"
        );
    }

    /// The name must be gone from the bytes of the database file and its WAL, not only from
    /// queries. The encrypted store's bytes are ciphertext either way, so this test opens a
    /// plain SQLite file with the store's own connection settings to see what the pages hold.
    #[test]
    fn a_purged_name_is_gone_from_the_database_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plain.sqlite");
        let mut conn = Connection::open(&path).expect("open");
        store::configure(&conn).expect("configure");
        store::migrations::migrate(&mut conn).expect("migrate");
        let marker = "Zyxwvutsrqmarker";
        let id = request(&conn, marker, "2026-01-05T09:00:00");
        requests::end(&conn, id, Ending::Withdrawn, at("2026-01-06T09:00:00")).expect("end");
        let contains = |needle: &str| -> bool {
            std::fs::read_dir(dir.path()).expect("dir").any(|entry| {
                let bytes = std::fs::read(entry.expect("entry").path()).unwrap_or_default();
                bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            })
        };
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        assert!(
            contains(marker),
            "the test would prove nothing if the name was never written"
        );
        assert_eq!(
            purge_due(&conn, at("2026-06-01T09:00:00")).expect("purge"),
            1,
            "the request closed long ago is purged"
        );
        assert!(!contains(marker), "the name is still in the file");
        assert!(
            !contains(&marker.to_lowercase()),
            "the contact is still in the file"
        );
        drop(conn);
        assert!(
            !contains(marker),
            "the name is gone from the files once the connection is closed"
        );
    }
}
