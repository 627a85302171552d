//! `peerdesk-bench` (run by `scripts/bench`): every speed budget of issue 17 measured on the
//! `large` demo store (2,000 supporters, 50,000 requests, 200,000 outreaches), and the
//! reports and the export side by side with their floor: the same queries through the plain
//! `sqlite3` shell on an unencrypted copy of the same data, made for the run in a temp folder
//! and deleted after it.
//!
//! Each operation runs as the window runs it (a report or an export on a connection of its
//! own, opened for the work), several times; the table shows medians. With `--app`, the
//! release window's start and memory too (on the display `scripts/bench` starts).

mod app;
mod floor;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use peerdesk_core::daily::{dashboard, matching};
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::files::disk::{self, Publish};
use peerdesk_core::print::{self, flyer, report, sign, Paper};
use peerdesk_core::reporting::export::{self, Format};
use peerdesk_core::reporting::reports::{self, ReportQuery};
use peerdesk_core::store::backup;
use peerdesk_core::store::keystore::OsKeyStore;
use peerdesk_core::work::Work;
use peerdesk_core::{clock, DataDir, Keychain, Passphrase, Store};
use serde::Serialize;

/// The demo store's recovery passphrase (a throw-away store of made-up people).
const PASSPHRASE: &str = "lantern orbit cedar mosaic";

#[derive(Parser)]
#[command(
    name = "peerdesk-bench",
    about = "Every speed budget of PeerDesk on the `large` demo store, side by side with plain SQLite"
)]
struct Options {
    /// The data folder of a `large` demo store to measure (made there, with its key in the OS
    /// credential store, when the folder is empty or missing); default: a temp folder
    #[arg(long)]
    store: Option<PathBuf>,
    /// The release `peerdesk` binary: also measure the window's start and memory (needs a
    /// display)
    #[arg(long)]
    app: Option<PathBuf>,
    /// Also write the table as JSON to FILE
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// How many times each operation runs (the median is shown)
    #[arg(long, default_value_t = 7)]
    runs: usize,
}

/// One line of the table.
#[derive(Debug, Serialize)]
pub struct Measure {
    pub operation: String,
    /// Median of the runs, milliseconds (megabytes for memory).
    pub peerdesk: f64,
    /// The same queries through the `sqlite3` shell on a plain copy, median milliseconds.
    pub floor: Option<f64>,
    pub ratio: Option<f64>,
    pub unit: &'static str,
    /// The budget: at most `budget`, and at least `budget_from` where it is a range.
    pub budget: f64,
    pub budget_from: Option<f64>,
    /// Within the budget, and within 1.5x of the floor where there is one.
    pub holds: bool,
}

/// PeerDesk may be at most this many times slower than plain SQLite on the same queries.
pub const FLOOR_RATIO: f64 = 1.5;

impl Measure {
    pub fn new(operation: &str, peerdesk: f64, unit: &'static str, budget: f64) -> Measure {
        Measure {
            operation: operation.into(),
            peerdesk,
            floor: None,
            ratio: None,
            unit,
            budget,
            budget_from: None,
            holds: peerdesk <= budget,
        }
    }

    fn from(mut self, at_least: f64) -> Measure {
        self.budget_from = Some(at_least);
        self.holds = self.holds && self.peerdesk >= at_least;
        self
    }

    fn against(mut self, floor: f64) -> Measure {
        let ratio = self.peerdesk / floor.max(0.001);
        self.floor = Some(floor);
        self.ratio = Some(ratio);
        self.holds = self.holds && ratio <= FLOOR_RATIO;
        self
    }
}

/// The median of `runs` timings of `work`, in milliseconds (one run first, not counted, so
/// that every timing starts from the same state of the OS's file cache).
pub fn median_ms(runs: usize, mut work: impl FnMut() -> Result<()>) -> Result<f64> {
    work()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        work()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn main() -> Result<()> {
    let options = Options::parse();
    let temp = tempfile::tempdir().context("a temp folder")?;
    let dir = DataDir::new(
        options
            .store
            .clone()
            .unwrap_or_else(|| temp.path().join("data")),
    );
    let keys = OsKeyStore::connect()
        .context("the OS credential store (Secret Service) is needed: scripts/bench starts one")?;
    let passphrase = Passphrase::new(PASSPHRASE);
    let store = open_or_make(&dir, &keys, &passphrase)?;
    let runs = options.runs;
    let today = clock::today();
    let mut table = Vec::new();

    eprintln!("Measuring the store…");
    table.push(Measure::new(
        "unlock with the OS key store",
        median_ms(runs, || {
            drop(Store::unlock(&dir, Keychain::On(&keys), None)?);
            Ok(())
        })?,
        "ms",
        100.0,
    ));
    table.push(
        Measure::new(
            "unlock with the recovery passphrase",
            median_ms(3, || {
                drop(Store::unlock(&dir, Keychain::Off, Some(&passphrase))?);
                Ok(())
            })?,
            "ms",
            1500.0,
        )
        .from(500.0),
    );
    let conn = store.conn();
    table.push(Measure::new(
        "dashboard queue",
        median_ms(runs, || {
            dashboard::load(conn, today)?;
            Ok(())
        })?,
        "ms",
        20.0,
    ));
    let request: i64 = conn.query_row(
        "SELECT max(id) FROM requests WHERE status = 'new'",
        [],
        |r| r.get(0),
    )?;
    table.push(Measure::new(
        "rank supporters for one request",
        median_ms(runs, || {
            matching::rank_request(conn, request, today, None)?;
            Ok(())
        })?,
        "ms",
        5.0,
    ));

    let year = ReportQuery {
        from: (today - chrono::Duration::days(364)).to_string(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let history = ReportQuery {
        from: "2000-01-01".into(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let source = store.read_source();
    // As the window runs a report: on two read connections opened for it, on one snapshot.
    let report_of = |query: &ReportQuery| -> Result<f64> {
        median_ms(runs, || {
            let (conn, helper) = source.open_two()?;
            reports::build_on_two(&conn, helper, query, today)?;
            Ok(())
        })
    };
    let export_of = |format: Format| -> Result<f64> {
        let out = temp.path().join("export");
        median_ms(runs.min(5), || {
            let (conn, helper) = source.open_two()?;
            let (bytes, _) = export::outreach_export_on_two(
                &conn,
                helper,
                &history,
                format,
                today,
                &Work::none(),
            )?;
            disk::write_whole(&out, &bytes, Publish::Replace)?;
            Ok(())
        })
    };
    let year_ms = report_of(&year)?;
    let history_ms = report_of(&history)?;
    let csv_ms = export_of(Format::Csv)?;
    let xlsx_ms = export_of(Format::Xlsx)?;

    eprintln!("Measuring printing and the backup…");
    table.extend(print_measures(&store, &year, runs)?);
    let backups = temp.path().join("backups");
    std::fs::create_dir_all(&backups)?;
    let mut n = 0;
    let backup_ms = median_ms(runs.min(3), || {
        n += 1;
        let out = backups.join(format!("{n}.peerdesk-backup"));
        backup::write(
            &store.backup_source()?,
            &out,
            clock::now_utc_time(),
            &Work::none(),
        )?;
        std::fs::remove_file(&out)?;
        Ok(())
    })?;

    eprintln!("Measuring the floor: the same queries through sqlite3 on a plain copy…");
    let floor = floor::Floor::make(&store, temp.path())?;
    let (from, to) = reports::period(&year, today)?;
    table.push(
        Measure::new("a full report for one year", year_ms, "ms", 100.0)
            .against(floor.report(from, to, runs)?),
    );
    let (from, to) = reports::period(&history, today)?;
    table.push(
        Measure::new(
            "a full report for the whole history",
            history_ms,
            "ms",
            300.0,
        )
        .against(floor.report(from, to, runs)?),
    );
    let export_floor = floor.export(from, to, runs.min(5))?;
    table.push(
        Measure::new(
            "de-identified export, 200,000 outreaches: CSV",
            csv_ms,
            "ms",
            1000.0,
        )
        .against(export_floor),
    );
    // The XLSX export runs the same query as the CSV (the floor above); what it adds is the
    // workbook itself, compressed XML that the sqlite3 shell has no counterpart for: it is held
    // to its budget alone.
    table.push(Measure::new(
        "de-identified export, 200,000 outreaches: XLSX",
        xlsx_ms,
        "ms",
        3000.0,
    ));
    drop(floor);
    table.push(Measure::new(
        "backup of the large store",
        backup_ms,
        "ms",
        2000.0,
    ));
    drop(source);
    drop(store);
    if let Some(app) = &options.app {
        eprintln!("Measuring the window…");
        table.extend(app::measures(app, &dir, runs.min(5))?);
    }

    print_table(&table);
    if let Some(path) = &options.json {
        disk::write_whole(
            path,
            serde_json::to_string_pretty(&table)?.as_bytes(),
            Publish::Replace,
        )
        .with_context(|| format!("writing {}", path.display()))?;
    }
    if table.iter().any(|m| !m.holds) {
        bail!("a budget does not hold (marked OVER above)");
    }
    Ok(())
}

/// The store to measure: the one in `dir`, or a new `large` demo store made there.
fn open_or_make(dir: &DataDir, keys: &OsKeyStore, passphrase: &Passphrase) -> Result<Store> {
    if dir.holds_a_store() {
        return Ok(Store::unlock(dir, Keychain::On(keys), Some(passphrase))?);
    }
    eprintln!(
        "Making the `large` demo store in {} (a minute or two)…",
        dir.root().display()
    );
    let mut store = Store::create(dir, passphrase, Keychain::On(keys))?;
    demo::load(
        &mut store,
        DemoSize::Large,
        clock::now_local(),
        &Work::none(),
    )?;
    Ok(store)
}

/// The flyer, the sign and the committee report of a year: layout and PDF.
fn print_measures(store: &Store, year: &ReportQuery, runs: usize) -> Result<Vec<Measure>> {
    let conn = store.conn();
    let today = clock::today();
    let partner: i64 = conn.query_row(
        "SELECT id FROM organizations WHERE co_branding = 1 ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let department: String = conn.query_row(
        "SELECT d.value FROM supporters s JOIN picklist_entries d ON d.id = s.department_id
         WHERE s.consent_to_list = 1 GROUP BY d.id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let source = store.read_source();
    Ok(vec![
        Measure::new(
            "flyer PDF",
            median_ms(runs, || {
                print::to_pdf(&flyer::layout(conn, partner, Paper::Letter, None)?)?;
                Ok(())
            })?,
            "ms",
            100.0,
        ),
        Measure::new(
            "sign PDF",
            median_ms(runs, || {
                print::to_pdf(&sign::layout(conn, &department, None, Paper::Letter)?)?;
                Ok(())
            })?,
            "ms",
            100.0,
        ),
        Measure::new(
            "committee report PDF (one year)",
            median_ms(runs, || {
                let (doc, _) = report::layout(&source.open()?, year, Paper::Letter, today)?;
                print::to_pdf(&doc)?;
                Ok(())
            })?,
            "ms",
            500.0,
        ),
    ])
}

fn print_table(table: &[Measure]) {
    let number = |value: Option<f64>, unit: &str| match value {
        Some(v) if unit == "MB" => format!("{v:.0} MB"),
        Some(v) if v >= 100.0 => format!("{v:.0} ms"),
        Some(v) => format!("{v:.1} ms"),
        None => "–".into(),
    };
    println!(
        "{:<50} {:>10} {:>10} {:>6} {:>14}  verdict",
        "operation", "PeerDesk", "floor", "ratio", "budget"
    );
    for m in table {
        let budget = match m.budget_from {
            Some(from) => format!("{from:.0}–{:.0} {}", m.budget, m.unit),
            None => format!("< {:.0} {}", m.budget, m.unit),
        };
        println!(
            "{:<50} {:>10} {:>10} {:>6} {:>14}  {}",
            m.operation,
            number(Some(m.peerdesk), m.unit),
            number(m.floor, m.unit),
            m.ratio
                .map(|r| format!("{r:.2}x"))
                .unwrap_or_else(|| "–".into()),
            budget,
            if m.holds { "holds" } else { "OVER" }
        );
    }
}

/// A path as the sqlite3 shell takes it in a dot-command.
pub fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}
