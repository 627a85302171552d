//! Forward-only, numbered schema migrations, run in one transaction when the store opens.
//! The schema version is SQLite's `user_version`. Never edit a migration that has shipped:
//! add the next file. A database from a newer PeerDesk is refused before anything is written.

use chrono::Datelike;
use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// The migrations in order; migration N (1-based) brings the schema to version N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_core.sql"),
    include_str!("migrations/0002_roster.sql"),
    include_str!("migrations/0003_daily_loop.sql"),
    include_str!("migrations/0004_reports.sql"),
    include_str!("migrations/0005_print.sql"),
    include_str!("migrations/0006_trust.sql"),
    include_str!("migrations/0007_speed.sql"),
    include_str!("migrations/0008_referrals_and_outcomes.sql"),
    include_str!("migrations/0009_supporter_care.sql"),
    include_str!("migrations/0010_request_sources.sql"),
    include_str!("migrations/0011_group_support.sql"),
    include_str!("migrations/0012_report_speed.sql"),
    include_str!("migrations/0013_ranking_speed.sql"),
];

/// The schema version that introduced the holiday list, which starts out filled.
const HOLIDAYS_VERSION: u32 = 3;
/// The schema version that made the audit log a hash chain.
const AUDIT_CHAIN_VERSION: u32 = 6;

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// SQLite's application_id for PeerDesk databases ('PDSK'), set by the first migration.
pub const APPLICATION_ID: i64 = 0x5044_534B;

pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a schema this build does not know, without writing anything.
pub fn refuse_newer(found: u32) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(CoreError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Brings the schema up to `SCHEMA_VERSION`, all in one transaction: either every pending
/// migration applies or none does.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = schema_version(conn)?;
    refuse_newer(current)?;
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[current as usize..] {
        tx.execute_batch(sql)?;
    }
    if current < HOLIDAYS_VERSION {
        // The one seed a SQL file cannot write: it depends on the year the store is created.
        let year = crate::clock::today().year();
        crate::store::holidays::add_us_federal_holidays(&tx, year)?;
        crate::store::holidays::add_us_federal_holidays(&tx, year + 1)?;
    }
    if current < AUDIT_CHAIN_VERSION {
        crate::store::audit::chain_existing(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// A migrated database in memory (plain SQLite, not encrypted): for the unit tests and
/// benchmarks of logic that does not depend on how the store is opened.
pub fn in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", true)?;
    migrate(&mut conn)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection {
        in_memory().expect("migrations apply to an empty database")
    }

    #[test]
    fn migrations_validate_on_an_empty_database() {
        let conn = migrated();
        assert_eq!(
            schema_version(&conn).expect("version"),
            SCHEMA_VERSION,
            "schema at the latest version"
        );
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .expect("app id");
        assert_eq!(app_id, APPLICATION_ID, "the PeerDesk application id is set");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "the migrated schema passes integrity_check");
        let fk_violations: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .expect("fk check");
        assert_eq!(fk_violations, 0, "seed data respects foreign keys");
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = migrated();
        let before: i64 = conn
            .query_row("SELECT count(*) FROM picklist_entries", [], |r| r.get(0))
            .expect("count");
        migrate(&mut conn).expect("second run is a no-op");
        let after: i64 = conn
            .query_row("SELECT count(*) FROM picklist_entries", [], |r| r.get(0))
            .expect("count");
        assert_eq!(before, after, "seeds are not inserted twice");
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let mut conn = migrated();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
        let error = migrate(&mut conn).expect_err("newer schema must be refused");
        assert!(
            matches!(error, CoreError::NewerSchema { .. }),
            "got {error:?}"
        );
        assert_eq!(
            schema_version(&conn).expect("version"),
            SCHEMA_VERSION + 1,
            "version left as found"
        );
    }

    #[test]
    fn the_seeded_lists_hold_the_newsletter_issue_types_and_role_families() {
        let conn = migrated();
        let issue_types: Vec<String> = conn
            .prepare(
                "SELECT value FROM picklist_entries WHERE list = 'issue_types' ORDER BY position",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("issue types");
        for expected in [
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
                issue_types.iter().any(|t| t == expected),
                "missing issue type {expected}"
            );
        }
        let roles_without_family: i64 = conn
            .query_row(
                "SELECT count(*) FROM picklist_entries WHERE list = 'roles' AND family IS NULL",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(roles_without_family, 0, "every seeded role has a family");
    }
}
