//! A long stateful fuzz campaign on the embedded devnode (the test command runs a short seed
//! set, `test/tests/fuzz.rs`):
//!
//!   cargo run --workspace --example fuzz -- [STEPS] [SEED]      (defaults: 100000, random)
//!   FUZZ_REPLAY=SEED:STEP,STEP,... cargo run --workspace --example fuzz   (replay one sequence)
//!
//! Prints the figures of the run, or the shrunk failing sequence and its replay string.

use std::time::Instant;

use backstop_e2e::fuzz::{campaign, parse_replay, run};

#[tokio::main]
async fn main() {
    if let Err(e) = main_inner().await {
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}

async fn main_inner() -> eyre::Result<()> {
    if let Ok(text) = std::env::var("FUZZ_REPLAY") {
        let (seed, steps) = parse_replay(&text)?;
        return match run(seed, &steps).await? {
            Ok(stats) => {
                println!("replay {text}: no violation ({stats:?})");
                Ok(())
            }
            Err((at, v)) => {
                println!("replay {text}: step {} violates: {v}", steps[at]);
                std::process::exit(1);
            }
        };
    }
    let mut args = std::env::args().skip(1);
    let steps: u64 = match args.next() {
        Some(s) => s.parse().map_err(|e| eyre::eyre!("STEPS {s:?}: {e}"))?,
        None => 100_000,
    };
    let seed: u64 = match args.next() {
        Some(s) => s.parse().map_err(|e| eyre::eyre!("SEED {s:?}: {e}"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos() as u64,
    };
    println!("fuzz campaign: seed {seed}, {steps} steps");
    let started = Instant::now();
    match campaign(seed, steps).await? {
        Ok(stats) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "no violation in {} steps ({:.0} s, {:.0} steps/s): {} succeeded, {} refused, {} covered losses, {} operations executed, {} keepalives, {} simulated days",
                stats.steps, secs, stats.steps as f64 / secs, stats.succeeded, stats.refused,
                stats.losses_covered, stats.executed, stats.keepalives, stats.simulated_days
            );
            Ok(())
        }
        Err(failure) => {
            println!("{failure}");
            std::process::exit(1);
        }
    }
}
