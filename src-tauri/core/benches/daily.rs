//! The daily loop and the reports at the size of the `large` demo store (2,000 supporters,
//! 50,000 requests, 200,000 outreaches), on a real encrypted store: ranking every supporter
//! for one request, loading the dashboard with its queue, building the suppressed report and
//! writing the de-identified export. `cargo bench -p peerdesk-core --bench daily`.

#![allow(clippy::expect_used)] // a benchmark that cannot set up has nothing to measure

use criterion::{criterion_group, criterion_main, Criterion};
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::reporting::export::{self, Format};
use peerdesk_core::reporting::reports::{self, ReportQuery};
use peerdesk_core::{clock, daily::dashboard, daily::matching, Keychain, Passphrase, Store};

fn daily(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = peerdesk_core::DataDir::new(temp.path().join("data"));
    let mut store = Store::create(
        &dir,
        &Passphrase::new("lantern orbit cedar mosaic"),
        Keychain::Off,
    )
    .expect("store");
    let today = clock::today();
    demo::load(
        &mut store,
        DemoSize::Large,
        clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("large demo");
    let conn = store.conn();
    let request: i64 = conn
        .query_row(
            "SELECT max(id) FROM requests WHERE status = 'new'",
            [],
            |r| r.get(0),
        )
        .expect("a request waiting for a match");
    let supporters: i64 = conn
        .query_row("SELECT count(*) FROM supporters", [], |r| r.get(0))
        .expect("count");
    assert_eq!(supporters, 2_000);

    let mut group = c.benchmark_group("daily");
    group.sample_size(20);
    group.bench_function("rank 2,000 supporters for one request", |b| {
        b.iter(|| matching::rank_request(conn, request, today, None).expect("ranking"))
    });
    group.bench_function("load the dashboard and its queue", |b| {
        b.iter(|| dashboard::load(conn, today).expect("dashboard"))
    });
    group.finish();

    // Every outreach of the demo: its whole span, about two years.
    let everything = ReportQuery {
        from: "2000-01-01".into(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let year = ReportQuery {
        from: (today - chrono::Duration::days(364)).to_string(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    group.bench_function("report over the last 12 months", |b| {
        b.iter(|| reports::build(conn, &year, today).expect("report"))
    });
    group.bench_function("report over all 200,000 outreaches", |b| {
        b.iter(|| reports::build(conn, &everything, today).expect("report"))
    });
    group.bench_function("CSV export of all 200,000 outreaches", |b| {
        b.iter(|| export::outreach_export(conn, &everything, Format::Csv, today).expect("csv"))
    });
    group.bench_function("XLSX export of all 200,000 outreaches", |b| {
        b.iter(|| export::outreach_export(conn, &everything, Format::Xlsx, today).expect("xlsx"))
    });
    group.finish();
}

criterion_group!(benches, daily);
criterion_main!(benches);
