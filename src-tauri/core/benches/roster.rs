//! How long the roster takes to import and to list at the size of a large program:
//! `cargo bench -p peerdesk-core --bench roster`. The budget is a coordinator's
//! patience (a couple of seconds for 2,000 rows); figures go in the closing notes.

#![allow(clippy::expect_used)] // a benchmark that cannot set up has nothing to measure

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use peerdesk_core::program::organizations::{self, OrganizationInput};
use peerdesk_core::roster::supporters::{self, import};
use rusqlite::Connection;

const ROWS: usize = 2_000;
const ROLES: [&str; 6] = [
    "Nurse",
    "Physician",
    "Pharmacist",
    "Chaplain",
    "Public safety",
    "Front desk",
];
const DEPARTMENTS: [&str; 5] = [
    "Emergency department",
    "Intensive care",
    "Oncology",
    "Pharmacy",
    "Security",
];

/// A 2,000-row roster as a program would export it.
fn roster_csv() -> Vec<u8> {
    let mut csv = String::from("Full name,Job title,Dept,Hospital,E-mail,Phone,Languages,Training date,Max open cases,Consent\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "Person {i},{},{},Site {},p{i}@example.org,555-{:04},\"English, Spanish\",2024-{:02}-{:02},{},{}\n",
            ROLES[i % ROLES.len()],
            DEPARTMENTS[i % DEPARTMENTS.len()],
            i % 4,
            i % 10_000,
            i % 12 + 1,
            i % 28 + 1,
            i % 5 + 1,
            if i % 3 == 0 { "yes" } else { "no" }
        ));
    }
    csv.into_bytes()
}

fn empty_store() -> Connection {
    let conn = peerdesk_core::store::migrations::in_memory().expect("a migrated database");
    organizations::add(
        &conn,
        &OrganizationInput {
            name: "Site 0".into(),
            ..Default::default()
        },
    )
    .expect("host");
    conn
}

fn bench(c: &mut Criterion) {
    let csv = roster_csv();
    let today = peerdesk_core::clock::today();
    let mut group = c.benchmark_group("roster");
    group.sample_size(10);
    group.bench_function("import 2,000 rows into an empty store", |b| {
        b.iter_batched(
            empty_store,
            |mut conn| {
                let done =
                    import::import_bytes(&mut conn, &csv, today, import::ImportOptions::default())
                        .expect("import");
                assert_eq!(done.added.len(), ROWS);
            },
            BatchSize::PerIteration,
        )
    });
    let mut full = empty_store();
    import::import_bytes(&mut full, &csv, today, import::ImportOptions::default()).expect("import");
    group.bench_function("re-import the same 2,000 rows (nothing changes)", |b| {
        b.iter(|| {
            let done =
                import::import_bytes(&mut full, &csv, today, import::ImportOptions::default())
                    .expect("import");
            assert_eq!(done.unchanged, ROWS);
        })
    });
    group.bench_function("list the roster of 2,000", |b| {
        b.iter(|| {
            assert_eq!(
                supporters::roster(&full, today).expect("roster").len(),
                ROWS
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
