//! Export speed: every target × format of the golden fixtures (plain and handoff).
//! Run with `cargo bench -p auth0-wizard-core --bench export`.

#[path = "../tests/export_fixtures/mod.rs"]
mod export_fixtures;

use auth0_wizard_core::export::export;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn bench_exports(c: &mut Criterion) {
    let fixtures = export_fixtures::fixtures();
    let mut group = c.benchmark_group("export");
    for f in &fixtures {
        for format in &f.formats {
            let name = export_fixtures::golden_name(f, format);
            group.bench_function(name, |b| {
                b.iter(|| export(black_box(&f.config), black_box(format)).unwrap())
            });
        }
    }
    group.finish();
    c.bench_function("export/all-formats", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for f in &fixtures {
                for format in &f.formats {
                    bytes += export(black_box(&f.config), format).unwrap().len();
                }
            }
            bytes
        })
    });
}

criterion_group!(benches, bench_exports);
criterion_main!(benches);
