//! Reporting access for staff: a second encrypted store that never holds a name.
//!
//! The quality or wellness office runs reports, the de-identified export and the flyer, and
//! never needs to know who called. So it does not get the coordinator's key: it gets the
//! **reporting store** (`peerdesk-reporting.db`), a SQLCipher database with a key of its own,
//! wrapped under the **reporting passphrase** in `peerdesk-reporting.key`. It holds the
//! de-identified outreach rows, what reply times and supporter load are computed from, the
//! critical events and team sessions of group support (counts, never who), and
//! the settings, lists and organizations that reports and the flyer print (`store/reporting.sql`);
//! supporters appear only as a number drawn anew at every refresh.
//!
//! The coordinator's store keeps the reporting key too (a setting, encrypted with everything
//! else), so the coordinator's app refreshes the reporting store after changes without the
//! reporting passphrase. Issuing a new passphrase makes a new key and a new store; revoking
//! deletes both, so the old passphrase opens nothing.
//!
//! How a store was unlocked decides what may be done ([`Access`]): the reporting passphrase
//! never opens the coordinator's database (its key file wraps another key), and the window
//! and the command line refuse every other command in reporting mode.

use std::path::PathBuf;

use rusqlite::{params, Connection, OpenFlags};
use serde::Serialize;

use crate::error::{CoreError, Problem, Result};
use crate::files::disk;
use crate::store::keyfile::{KdfParams, KeyFile};
use crate::store::secret::{DataKey, Passphrase};
use crate::store::session::DATABASE_FILE;
use crate::store::REPORTING_APPLICATION_ID as APPLICATION_ID;
use crate::store::{self, DataDir, Store};

/// Bumped when `reporting.sql` changes: a refresh then builds the tables anew.
const SCHEMA_VERSION: i64 = 6;
const SCHEMA: &str = include_str!("../store/reporting.sql");
/// Where the coordinator's store keeps the reporting key (hex), and which of the reporting
/// store's audit entries it has already copied into its own log.
const KEY_SETTING: &str = "reporting_key";
const AUDIT_SEEN_SETTING: &str = "reporting_audit_seen";

/// The settings reports, exports and the flyer read: the program's own (and where its
/// backups go, so that reporting mode too never writes a document there). Nothing else is
/// copied: not the reporting key, not the state of backups.
fn shared_settings() -> impl Iterator<Item = &'static str> {
    crate::program::KEYS
        .into_iter()
        .filter(|key| *key != "backup_keep")
}

/// The tables a refresh fills anew, in the order they are filled.
const DATA_TABLES: &[&str] = &[
    "settings",
    "picklist_entries",
    "outreach_choices",
    "organizations",
    "flyer_texts",
    "holidays",
    "report_outreaches",
    "outreach_issue_types",
    "outreach_resources",
    "report_requests",
    "report_supporters",
    "report_follow_ups",
    "report_referrals",
    "report_events",
    "report_debriefs",
    "debrief_roles",
];

/// Whether reporting access is issued, and when the store was last refreshed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    pub issued: bool,
    pub refreshed_at: Option<String>,
    pub outreaches: i64,
}

pub fn status(store: &Store) -> Result<Status> {
    let issued = issued(store)?;
    Ok(Status {
        issued,
        refreshed_at: crate::store::settings::get(store.conn(), "reporting_refreshed_at")?,
        outreaches: if issued {
            crate::store::settings::get(store.conn(), "reporting_outreaches")?
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        } else {
            0
        },
    })
}

fn issued(store: &Store) -> Result<bool> {
    Ok(
        crate::store::settings::get(store.conn(), KEY_SETTING)?.is_some()
            && store.dir().reporting_key_file().exists(),
    )
}

/// Issues a reporting passphrase: a new key and a new reporting store, filled at once. A
/// passphrase issued before stops working. The reporting passphrase must be as strong as
/// the recovery passphrase, and another one.
pub fn issue(store: &Store, passphrase: &Passphrase) -> Result<Status> {
    issue_with_params(store, passphrase, KdfParams::for_new_keys())
}

pub(crate) fn issue_with_params(
    store: &Store,
    passphrase: &Passphrase,
    params: KdfParams,
) -> Result<Status> {
    crate::store::passphrase::require_acceptable(passphrase)?;
    let recovery = KeyFile::read(&store.dir().key_file())?;
    if recovery.unwrap_keys(passphrase).is_ok() {
        return Err(CoreError::invalid(
            "passphrase",
            Problem::Duplicate,
            "the reporting passphrase must differ from the recovery passphrase: staff must not hold the key to names",
        ));
    }
    // What staff did on the store being replaced reaches the coordinator's log first.
    let _ = refresh(store);
    remove_files(store.dir())?;
    forget_copied_entries(store.conn())?;
    let key = DataKey::generate();
    let store_id = hex::encode(&DataKey::generate().as_bytes()[..16]);
    let key_file = KeyFile::seal(&store_id, &key, passphrase, params)?;
    crate::store::settings::set(store.conn(), KEY_SETTING, &hex::encode(key.as_bytes()))?;
    create_database(store.dir(), &key)?;
    key_file.write_atomically(&store.dir().reporting_key_file())?;
    crate::store::audit::record(
        store.conn(),
        "coordinator",
        "reporting passphrase issued",
        None,
    )?;
    refresh(store)?;
    status(store)
}

/// Revokes reporting access: the key file goes first (then nothing opens the store), then
/// the store, then the key kept in the coordinator's store. Returns whether one was issued.
pub fn revoke(store: &Store) -> Result<bool> {
    let was = issued(store)?;
    let _ = refresh(store);
    remove_files(store.dir())?;
    store
        .conn()
        .execute("DELETE FROM settings WHERE key IN (?1, ?2, 'reporting_refreshed_at', 'reporting_outreaches')",
            params![KEY_SETTING, AUDIT_SEEN_SETTING])?;
    crate::store::audit::record(
        store.conn(),
        "coordinator",
        "reporting passphrase revoked",
        None,
    )?;
    Ok(was)
}

fn remove_files(dir: &DataDir) -> Result<()> {
    let database = dir.reporting_database();
    let journal = PathBuf::from(format!("{}-journal", database.display()));
    for path in [dir.reporting_key_file(), database, journal] {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(CoreError::io(&path, e)),
        }
    }
    Ok(())
}

fn create_database(dir: &DataDir, key: &DataKey) -> Result<()> {
    let path = dir.reporting_database();
    disk::create_new_private(&path)?;
    let made = (|| -> Result<()> {
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        store::apply_key(&conn, key)?;
        build_schema(&conn)?;
        Ok(())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(&path);
    }
    made
}

fn build_schema(conn: &Connection) -> Result<()> {
    conn.execute_batch(SCHEMA)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

/// Where the coordinator's store stands, to tell whether it changed since the last refresh:
/// this connection's own changes, and SQLite's `data_version` (which moves when another
/// process, such as the command line, commits).
pub fn change_mark(store: &Store) -> Result<(u64, i64)> {
    let conn = store.conn();
    let data_version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((conn.total_changes(), data_version))
}

/// What a refresh copied.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Refreshed {
    pub outreaches: i64,
    pub requests: i64,
    /// Entries of the reporting store's audit log copied into the coordinator's.
    pub staff_actions: usize,
}

/// Fills the reporting store anew from the coordinator's, in one transaction: a reader
/// sees the old rows or the new, never half. Staff's audit entries stay, and the new ones
/// are copied into the coordinator's log. Nothing happens when reporting is not issued.
pub fn refresh(store: &Store) -> Result<Option<Refreshed>> {
    let conn = store.conn();
    let Some(key_hex) = crate::store::settings::get(conn, KEY_SETTING)? else {
        return Ok(None);
    };
    if !store.dir().reporting_key_file().exists() {
        // Restored from a backup taken while access was issued: the passphrase went with the
        // store that was set aside, so there is nobody to refresh for until it is issued again.
        return Ok(None);
    }
    let key = hex::decode(&key_hex)
        .ok()
        .and_then(|bytes| DataKey::from_slice(&bytes))
        .ok_or_else(|| CoreError::Unusable("the reporting key kept in the store is damaged: issue the reporting passphrase again".into()))?;
    let path = store.dir().reporting_database();
    if !path.exists() {
        create_database(store.dir(), &key)?;
        forget_copied_entries(conn)?;
    }
    match attach_and_copy(conn, &path, &key) {
        // The reporting store holds nothing that is not derived from this one: a damaged or
        // foreign file there is made anew rather than left to fail every refresh.
        Err(error) if unreadable(&error) => {
            std::fs::remove_file(&path).map_err(|e| CoreError::io(&path, e))?;
            create_database(store.dir(), &key)?;
            forget_copied_entries(conn)?;
            attach_and_copy(conn, &path, &key).map(Some)
        }
        other => other.map(Some),
    }
}

fn attach_and_copy(conn: &Connection, path: &std::path::Path, key: &DataKey) -> Result<Refreshed> {
    conn.execute(
        "ATTACH DATABASE ?1 AS reporting KEY ?2",
        params![path.to_string_lossy(), key.sqlcipher_key_literal().as_str()],
    )?;
    let copied = copy_into_attached(conn);
    let detached = conn.execute_batch("DETACH DATABASE reporting");
    let copied = copied?;
    detached?;
    Ok(copied)
}

/// A reporting store that cannot be read as one: damaged, foreign or keyed otherwise.
fn unreadable(error: &CoreError) -> bool {
    match error {
        CoreError::NotAPeerDeskDatabase(_) | CoreError::Damaged { .. } => true,
        other => other.code() == "damaged",
    }
}

/// A new reporting store numbers its log from 1 again.
fn forget_copied_entries(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [AUDIT_SEEN_SETTING])?;
    Ok(())
}

fn copy_into_attached(conn: &Connection) -> Result<Refreshed> {
    let application_id: i64 =
        conn.query_row("PRAGMA reporting.application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA reporting.user_version", [], |r| r.get(0))?;
    if application_id != APPLICATION_ID {
        return Err(CoreError::NotAPeerDeskDatabase(PathBuf::from(
            DATABASE_FILE,
        )));
    }
    let staff = staff_entries(conn)?;
    let chain = crate::store::audit::verify_in(conn, "reporting")?;
    let tx = conn.unchecked_transaction()?;
    if let Some(broken) = &chain.broken {
        // Staff hold the reporting key, so they could edit their own log: it is checked
        // here, and a break is on the coordinator's record.
        crate::store::audit::record(
            &tx,
            "reporting",
            "reporting log broken",
            Some(&format!("entry #{}: {}", broken.id, broken.reason)),
        )?;
    }
    if version != SCHEMA_VERSION {
        // A reporting store of an older PeerDesk: its tables are made anew, its log kept.
        for table in DATA_TABLES {
            tx.execute_batch(&format!("DROP TABLE IF EXISTS reporting.{table}"))?;
        }
        let schema: String = SCHEMA
            .replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS reporting.")
            .replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS reporting.");
        tx.execute_batch(&schema)?;
        tx.execute_batch(&format!("PRAGMA reporting.user_version = {SCHEMA_VERSION}"))?;
    }
    for table in DATA_TABLES {
        // The table names are this module's own constants, never input.
        tx.execute_batch(&format!("DELETE FROM reporting.{table}"))?;
    }
    let shared: Vec<&str> = shared_settings().collect();
    let placeholders = vec!["?"; shared.len()].join(", ");
    tx.execute(
        &format!("INSERT INTO reporting.settings SELECT key, value FROM main.settings WHERE key IN ({placeholders})"),
        rusqlite::params_from_iter(shared),
    )?;
    tx.execute_batch(
        "INSERT INTO reporting.picklist_entries SELECT id, list, value, family, position, retired_at FROM main.picklist_entries;
         INSERT INTO reporting.outreach_choices SELECT list, code, label, position, retired_at FROM main.outreach_choices;
         INSERT INTO reporting.organizations SELECT id, name, short_name, logo, logo_mime, brand_color, is_host,
             co_branding, materials_sent_on, created_at, updated_at FROM main.organizations;
         INSERT INTO reporting.flyer_texts SELECT organization_id, headline, body, updated_at FROM main.flyer_texts;
         INSERT INTO reporting.holidays SELECT on_date, name FROM main.holidays;
         DROP TABLE IF EXISTS temp.reporting_refs;
         CREATE TEMP TABLE reporting_refs AS
             SELECT id, row_number() OVER (ORDER BY random()) AS ref FROM main.supporters;
         DROP TABLE IF EXISTS temp.reporting_outreach_refs;
         CREATE TEMP TABLE reporting_outreach_refs (id INTEGER PRIMARY KEY, ref INTEGER NOT NULL);
         INSERT INTO temp.reporting_outreach_refs
             SELECT id, row_number() OVER (ORDER BY occurred_on, random()) FROM main.outreaches;
         INSERT INTO reporting.report_outreaches
             SELECT n.ref, o.occurred_on, o.kind, o.mode, o.referred_by, o.department_id, o.role_id,
                    o.organization_id, r.ref, o.outcome
             FROM main.report_outreaches o
             JOIN temp.reporting_outreach_refs n ON n.id = o.id
             LEFT JOIN temp.reporting_refs r ON r.id = o.supporter_ref;
         INSERT INTO reporting.outreach_issue_types
             SELECT n.ref, t.entry_id, t.occurred_on FROM main.outreach_issue_types t
             JOIN temp.reporting_outreach_refs n ON n.id = t.outreach_id;
         INSERT INTO reporting.outreach_resources
             SELECT n.ref, t.entry_id, t.occurred_on FROM main.outreach_resources t
             JOIN temp.reporting_outreach_refs n ON n.id = t.outreach_id;
         DROP TABLE temp.reporting_outreach_refs;
         INSERT INTO reporting.report_requests
             SELECT received_on, minutes_to_first_contact, within_target, organization_id, first_contact_on,
                    source
             FROM main.report_requests;
         INSERT INTO reporting.report_supporters
             SELECT r.ref, s.organization_id, s.open_cases, s.trained
             FROM main.report_supporters s JOIN temp.reporting_refs r ON r.id = s.supporter_ref;
         INSERT INTO reporting.report_follow_ups
             SELECT due_on, done, organization_id FROM main.report_follow_ups ORDER BY due_on, random();
         INSERT INTO reporting.report_referrals
             SELECT referred_on, service, outcome, organization_id FROM main.report_referrals
             ORDER BY referred_on, random();
         DROP TABLE temp.reporting_refs;
         INSERT INTO reporting.report_events
             SELECT occurred_on, kind, department_id, organization_id, due_on, reached_on
             FROM main.report_events ORDER BY occurred_on, random();
         DROP TABLE IF EXISTS temp.reporting_debrief_refs;
         CREATE TEMP TABLE reporting_debrief_refs (id INTEGER PRIMARY KEY, ref INTEGER NOT NULL);
         INSERT INTO temp.reporting_debrief_refs
             SELECT id, row_number() OVER (ORDER BY held_on, random()) FROM main.report_debriefs;
         INSERT INTO reporting.report_debriefs
             SELECT n.ref, b.held_on, b.kind, b.department_id, b.organization_id, b.headcount,
                    b.duration_minutes, b.follow_up_offered
             FROM main.report_debriefs b JOIN temp.reporting_debrief_refs n ON n.id = b.id;
         INSERT INTO reporting.debrief_roles
             SELECT n.ref, r.role_id, r.people FROM main.debrief_roles r
             JOIN temp.reporting_debrief_refs n ON n.id = r.debrief_id;
         DROP TABLE temp.reporting_debrief_refs;",
    )?;
    let count = |table: &str| -> Result<i64> {
        Ok(tx.query_row(
            &format!("SELECT count(*) FROM reporting.{table}"),
            [],
            |r| r.get(0),
        )?)
    };
    let outreaches = count("report_outreaches")?;
    let requests = count("report_requests")?;
    for entry in &staff {
        let detail = match &entry.detail {
            Some(detail) => format!("{} (at {}): {detail}", entry.action, entry.at),
            None => format!("{} (at {})", entry.action, entry.at),
        };
        crate::store::audit::record(&tx, "reporting", "reporting staff action", Some(&detail))?;
    }
    if let Some(last) = staff.last() {
        crate::store::settings::set(&tx, AUDIT_SEEN_SETTING, &last.id.to_string())?;
    }
    crate::store::settings::set(&tx, "reporting_refreshed_at", &crate::clock::now_utc())?;
    crate::store::settings::set(&tx, "reporting_outreaches", &outreaches.to_string())?;
    tx.commit()?;
    Ok(Refreshed {
        outreaches,
        requests,
        staff_actions: staff.len(),
    })
}

/// The reporting store's audit entries the coordinator's log has not copied yet.
fn staff_entries(conn: &Connection) -> Result<Vec<crate::store::audit::Entry>> {
    let seen: i64 = crate::store::settings::get(conn, AUDIT_SEEN_SETTING)?
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut statement = conn.prepare(
        "SELECT id, at, actor, action, detail FROM reporting.audit_log WHERE id > ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([seen], crate::store::audit::Entry::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The reporting store's tables and their columns, for the test that no identity is there
/// and for `peerdesk reporting` to show.
pub fn schema_columns(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut statement = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' ORDER BY m.name, p.cid",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a store in `dir` can be opened in reporting mode (for the unlock screen's hint).
pub fn is_issued_in(dir: &DataDir) -> bool {
    dir.reporting_key_file().exists() && dir.reporting_database().exists()
}

#[cfg(test)]
mod tests;
