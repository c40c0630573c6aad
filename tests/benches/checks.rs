//! Benchmark: the live-check suite against `FaultServer::Delay(200 ms)`.
//!
//! Every request takes 200 ms, so the critical path is two round trips
//! (discovery, then JWKS and the secret in parallel; the app audit's token,
//! then its read, from the start): 400 ms. Goal: suite wall time / 400 ms <= 1.1.
//! With AUTH0_WIZARD_BIN set (scripts/bench-checks.sh does), also the time of
//! the CLI's `check` process, start to exit.
//!
//! Run: `cargo bench -p auth0-wizard-tests --bench checks` or `bash scripts/bench-checks.sh`.

use auth0_wizard_core::checks::{self, CheckOptions, MgmtCredentials, SuiteInput};
use auth0_wizard_core::Secret;
use auth0_wizard_tests::{Fault, FaultServer};
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_millis(200);
const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let fs = rt
        .block_on(FaultServer::start(Fault::Delay(DELAY)))
        .unwrap();
    let domain = checks::parse_domain(&fs.domain).unwrap();
    let opts = CheckOptions::default().with_ca_file(&fs.ca_file);
    let critical = DELAY * 2;

    let mut times = Vec::new();
    for _ in 0..RUNS {
        let mut input = SuiteInput::new(
            domain.clone(),
            fs.m2m_client.id.clone(),
            Some(Secret::new(fs.m2m_client.secret.clone())),
        );
        input.mgmt = Some(MgmtCredentials {
            domain: None,
            client_id: fs.m2m_client.id.clone(),
            client_secret: Secret::new(fs.m2m_client.secret.clone()),
            audience: None,
        });
        let t = Instant::now();
        let results = rt.block_on(checks::run_suite(
            input,
            opts.clone(),
            None,
            checks::Cancel::new(),
        ));
        times.push(t.elapsed());
        assert_eq!(results.len(), 6);
    }
    let m = median(times.clone());
    let ratio = m.as_secs_f64() / critical.as_secs_f64();
    println!(
        "checks suite vs FaultServer::Delay({} ms), {RUNS} runs",
        DELAY.as_millis()
    );
    println!(
        "  wall time: median {:.0} ms, min {:.0} ms, max {:.0} ms",
        m.as_secs_f64() * 1e3,
        times.iter().min().unwrap().as_secs_f64() * 1e3,
        times.iter().max().unwrap().as_secs_f64() * 1e3
    );
    println!(
        "  critical path (2 round trips): {} ms",
        critical.as_millis()
    );
    println!(
        "  ratio wall / critical path: {ratio:.3} (goal <= 1.1): {}",
        if ratio <= 1.1 { "MET" } else { "NOT MET" }
    );

    if let Ok(bin) = std::env::var("AUTH0_WIZARD_BIN") {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let out = std::process::Command::new(&bin)
                .args([
                    "check",
                    "--json",
                    "--domain",
                    &fs.domain,
                    "--client-id",
                    &fs.m2m_client.id,
                    "--secret-env",
                    "BENCH_SECRET",
                    "--ca-file",
                ])
                .arg(&fs.ca_file)
                .env("BENCH_SECRET", &fs.m2m_client.secret)
                .output()
                .unwrap();
            times.push(t.elapsed());
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        let m = median(times);
        println!("CLI `auth0-wizard check` process, start to exit ({bin}):");
        println!(
            "  median {:.0} ms; ratio to the critical path {:.3}",
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() / critical.as_secs_f64()
        );
    } else {
        println!("(set AUTH0_WIZARD_BIN to the CLI binary to also time the `check` process)");
    }
}
