//! Stateful fuzzing of the deployed system (the short seed set; `test/examples/fuzz.rs` runs
//! long campaigns). Every actor's actions in seeded random order on the real WASM, the SPEC's
//! invariants checked after every step; a violation is shrunk and printed as a replay.
//! Set `FUZZ_REPLAY=SEED:STEP,STEP,...` to replay one sequence. Needs time travel.

use backstop_e2e::{
    fuzz::{campaign, parse_replay, run},
    Env,
};

/// Steps per seed in the test command.
const STEPS: u64 = 150;

async fn seed(seed: u64) -> eyre::Result<()> {
    if !Env::start().await?.require_time_travel("fuzz") {
        return Ok(());
    }
    match campaign(seed, STEPS).await? {
        Ok(stats) => {
            println!("seed {seed}: {stats:?}");
            // The campaign did something: both outcomes happened, and time moved.
            assert!(
                stats.succeeded > STEPS / 3 && stats.refused > 0,
                "{stats:?}"
            );
            assert!(stats.simulated_days > 0, "{stats:?}");
            Ok(())
        }
        Err(failure) => panic!("{failure}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_1() -> eyre::Result<()> {
    seed(1).await
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_2() -> eyre::Result<()> {
    seed(2).await
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_3() -> eyre::Result<()> {
    seed(3).await
}

/// `FUZZ_REPLAY=SEED:STEPS` replays one sequence (printed by a failing campaign).
#[tokio::test(flavor = "multi_thread")]
async fn replay_from_env() -> eyre::Result<()> {
    let Ok(text) = std::env::var("FUZZ_REPLAY") else {
        return Ok(());
    };
    let (seed, steps) = parse_replay(&text)?;
    if let Err((at, violation)) = run(seed, &steps).await? {
        panic!("replay {text}: step {} violates: {violation}", steps[at]);
    }
    Ok(())
}
