//! The floor: the same report aggregations and the same export query through the plain
//! `sqlite3` shell, on an unencrypted copy of the same data. The copy is made for the run
//! only, in a temp folder of its own, and deleted with it (when `Floor` is dropped).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use chrono::{Duration, NaiveDate};
use peerdesk_core::reporting::export;
use peerdesk_core::Store;

use crate::{median_ms, quoted};

pub struct Floor {
    plain: PathBuf,
    _folder: tempfile::TempDir,
}

impl Floor {
    /// The plain copy, exported from the open store (SQLCipher's `sqlcipher_export` into a
    /// database attached with an empty key).
    pub fn make(store: &Store, parent: &std::path::Path) -> Result<Floor> {
        let folder = tempfile::tempdir_in(parent)?;
        let plain = folder.path().join("plain.db");
        // The store's connection may not create files: an empty file is an empty database.
        peerdesk_core::files::disk::create_new_private(&plain)?;
        store.conn().execute_batch(&format!(
            "ATTACH DATABASE {} AS plaintext KEY ''; SELECT sqlcipher_export('plaintext'); DETACH DATABASE plaintext;",
            quoted(&plain)
        ))?;
        Ok(Floor {
            plain,
            _folder: folder,
        })
    }

    /// Every aggregation a report makes of the period `from`–`to` (and of the period before
    /// it, for the growth), as the report's queries make them.
    pub fn report(&self, from: NaiveDate, to: NaiveDate, runs: usize) -> Result<f64> {
        let span = (to - from).num_days() + 1;
        let (before_from, before_to) = (from - Duration::days(span), from - Duration::days(1));
        let period = format!("o.occurred_on BETWEEN '{from}' AND '{to}'");
        let mut sql = format!(
            "SELECT count(*) FROM report_outreaches o WHERE {period};
             SELECT count(*) FROM report_outreaches o WHERE o.occurred_on BETWEEN '{before_from}' AND '{before_to}';"
        );
        for column in [
            "role_id",
            "department_id",
            "referred_by",
            "mode",
            "kind",
            "substr(o.occurred_on, 1, 7)",
        ] {
            sql.push_str(&format!(
                "SELECT {column}, count(*) FROM report_outreaches o WHERE {period} GROUP BY 1;"
            ));
        }
        for table in ["outreach_issue_types", "outreach_resources"] {
            sql.push_str(&format!(
                "SELECT t.entry_id, count(*) FROM report_outreaches o JOIN {table} t ON t.outreach_id = o.id
                 WHERE {period} GROUP BY t.entry_id;"
            ));
        }
        sql.push_str(&format!(
            "SELECT minutes_to_first_contact, within_target FROM report_requests WHERE received_on BETWEEN '{from}' AND '{to}';
             SELECT supporter_ref, count(*) FROM report_outreaches o WHERE {period} AND supporter_ref IS NOT NULL GROUP BY supporter_ref;
             SELECT supporter_ref, open_cases FROM report_supporters;"
        ));
        self.time(&sql, runs)
    }

    /// The export's query: every outreach of the period with its names, issue types and
    /// resources.
    pub fn export(&self, from: NaiveDate, to: NaiveDate, runs: usize) -> Result<f64> {
        // The export's own query, its two days written in (the shell takes no parameters here).
        let sql = format!(
            "{};",
            export::SOURCE_QUERY
                .replace("?1", &format!("'{from}'"))
                .replace("?2", &format!("'{to}'"))
        );
        self.time(&sql, runs)
    }

    /// The median time of a whole `sqlite3` process running `sql` on the plain copy, its
    /// output written as CSV to nowhere.
    fn time(&self, sql: &str, runs: usize) -> Result<f64> {
        median_ms(runs, || {
            let mut shell = Command::new("sqlite3")
                .arg("-batch")
                .arg("-csv")
                .arg(&self.plain)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .context("the sqlite3 shell (Debian package sqlite3)")?;
            shell
                .stdin
                .take()
                .context("sqlite3's input")?
                .write_all(sql.as_bytes())?;
            let done = shell.wait_with_output()?;
            if !done.status.success() || !done.stderr.is_empty() {
                bail!("sqlite3 failed: {}", String::from_utf8_lossy(&done.stderr));
            }
            Ok(())
        })
    }
}
