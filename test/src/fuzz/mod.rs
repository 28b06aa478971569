//! Stateful fuzzing of the deployed system: seeded random sequences of every actor's actions
//! (underwriters, markets, governance, the guardian, time) against the real WASM on a node,
//! with the SPEC's invariants checked after every step. A failing sequence is shrunk and
//! printed as a replay: the seed and the step numbers kept, e.g. `FUZZ_REPLAY=7:3,18,40`.

pub mod action;
pub mod check;
pub mod world;

use std::fmt;

use eyre::Result;

pub use action::Action;
pub use world::Stats;

use crate::Env;
use world::World;

/// Long campaigns report their progress (on stderr) this often.
const PROGRESS_EVERY: usize = 500;

/// At most this many replays are spent shrinking a failure...
const SHRINK_BUDGET: usize = 40;
/// ...and at most this many steps replayed in all: a failure deep in a long campaign is shrunk
/// only this far (its unshrunk form is printed first).
const SHRINK_STEPS: usize = 60_000;

/// A failing sequence: the seed, the steps that reproduce it, and the violation.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The campaign's seed.
    pub seed: u64,
    /// The step numbers that reproduce the violation (after shrinking).
    pub steps: Vec<u64>,
    /// The violation, as the checks put it.
    pub violation: String,
}

impl Failure {
    /// The replay string for [`replay`] (`FUZZ_REPLAY`).
    pub fn replay_arg(&self) -> String {
        let steps: Vec<String> = self.steps.iter().map(u64::to_string).collect();
        format!("{}:{}", self.seed, steps.join(","))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invariant violated: {}", self.violation)?;
        writeln!(f, "replay: FUZZ_REPLAY={}", self.replay_arg())?;
        writeln!(f, "the {} steps:", self.steps.len())?;
        for &i in &self.steps {
            writeln!(f, "  {i:>6}: {:?}", Action::draw(self.seed, i))?;
        }
        Ok(())
    }
}

/// Runs `steps` steps of campaign `seed` on a fresh node and deployment. `Ok(Err(_))` is a
/// violation, shrunk; `Err` is a harness failure (the node, the deployment).
pub async fn campaign(seed: u64, steps: u64) -> Result<std::result::Result<Stats, Failure>> {
    let all: Vec<u64> = (0..steps).collect();
    match run(seed, &all).await? {
        Ok(stats) => Ok(Ok(stats)),
        Err((at, violation)) => {
            eprintln!("seed {seed}: step {at} violates: {violation}\nshrinking...");
            let failing: Vec<u64> = all[..=at].to_vec();
            Ok(Err(shrink(seed, failing, violation).await?))
        }
    }
}

/// Replays `seed` with only `steps`; `Err(index, violation)` at the failing position.
pub async fn run(seed: u64, steps: &[u64]) -> Result<std::result::Result<Stats, (usize, String)>> {
    let env = Env::start_funded().await?;
    let s = env.deploy().await?;
    let mut w = World::new(s).await?;
    let mut now = w.snapshot().await?;
    if let Err(v) = now.check() {
        return Ok(Err((0, format!("after deployment: {v}"))));
    }
    for (k, &i) in steps.iter().enumerate() {
        match w.step(Action::draw(seed, i), &now).await {
            Ok(next) => now = next,
            Err(v) => return Ok(Err((k, v))),
        }
        if (k + 1) % PROGRESS_EVERY == 0 {
            eprintln!(
                "seed {seed}: {} steps, {:?}\n  {}",
                k + 1,
                w.stats,
                now.summary()
            );
        }
    }
    Ok(Ok(w.stats.clone()))
}

/// Parses a replay string `SEED:I,J,K`.
pub fn parse_replay(text: &str) -> Result<(u64, Vec<u64>)> {
    let (seed, steps) = text
        .split_once(':')
        .ok_or_else(|| eyre::eyre!("replay {text:?}: expected SEED:STEP,STEP,..."))?;
    let seed = seed.trim().parse()?;
    let steps = steps
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<u64>())
        .collect::<std::result::Result<_, _>>()?;
    Ok((seed, steps))
}

/// Shrinks a failing sequence: drops chunks of steps (halves, quarters, ... single steps) while
/// the replay still violates an invariant, within [`SHRINK_BUDGET`] replays and
/// [`SHRINK_STEPS`] replayed steps.
async fn shrink(seed: u64, mut steps: Vec<u64>, mut violation: String) -> Result<Failure> {
    let (mut replays, mut replayed) = (0, 0);
    let mut chunk = steps.len().div_ceil(2);
    let spent =
        |replays: usize, replayed: usize| replays >= SHRINK_BUDGET || replayed >= SHRINK_STEPS;
    while !spent(replays, replayed) {
        let mut start = 0;
        let mut removed_any = false;
        while start < steps.len() && !spent(replays, replayed) {
            let end = (start + chunk).min(steps.len());
            let candidate: Vec<u64> = steps[..start]
                .iter()
                .chain(&steps[end..])
                .copied()
                .collect();
            replays += 1;
            replayed += candidate.len();
            match run(seed, &candidate).await? {
                Err((at, v)) => {
                    steps = candidate[..=at].to_vec();
                    violation = v;
                    removed_any = true;
                }
                Ok(_) => start = end,
            }
        }
        if !removed_any {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    Ok(Failure {
        seed,
        steps,
        violation,
    })
}
