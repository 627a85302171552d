//! How long the printed material takes, on a real encrypted store with the `small` demo:
//! `cargo bench -p peerdesk-core --bench print`. Layout and PDF (fonts subset and embedded).

#![allow(clippy::expect_used)] // a benchmark that cannot set up has nothing to measure

use criterion::{criterion_group, criterion_main, Criterion};
use peerdesk_core::demo::{self, DemoSize};
use peerdesk_core::print::{self, flyer, report, sign, Paper};
use peerdesk_core::reporting::reports::ReportQuery;
use peerdesk_core::{clock, program, Keychain, Passphrase, Store};

fn print(c: &mut Criterion) {
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
        DemoSize::Small,
        clock::now_local(),
        &peerdesk_core::Work::none(),
    )
    .expect("demo");
    let conn = store.conn();
    program::set(
        conn,
        "request_form_url",
        "https://example.org/peer-support/request",
    )
    .expect("url");
    program::set(conn, "program_phone", "555-0100").expect("phone");
    let partner: i64 = conn
        .query_row(
            "SELECT id FROM organizations WHERE co_branding = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a partner");
    let department: String = conn
        .query_row(
            "SELECT d.value FROM supporters s JOIN picklist_entries d ON d.id = s.department_id
             WHERE s.consent_to_list = 1 GROUP BY d.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a department");
    let year = ReportQuery {
        from: (today - chrono::Duration::days(364)).to_string(),
        to: today.to_string(),
        ..ReportQuery::default()
    };
    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    group.bench_function("co-branded flyer (layout + PDF)", |b| {
        b.iter(|| {
            print::to_pdf(&flyer::layout(conn, partner, Paper::Letter, None).expect("flyer"))
                .expect("pdf")
        })
    });
    group.bench_function("break-room sign (layout + PDF)", |b| {
        b.iter(|| {
            print::to_pdf(&sign::layout(conn, &department, None, Paper::Letter).expect("sign"))
                .expect("pdf")
        })
    });
    group.bench_function(
        "committee report of 12 months (report + layout + PDF)",
        |b| {
            b.iter(|| {
                print::to_pdf(
                    &report::layout(conn, &year, Paper::Letter, today)
                        .expect("report")
                        .0,
                )
                .expect("pdf")
            })
        },
    );
    group.finish();
}

criterion_group!(benches, print);
criterion_main!(benches);
