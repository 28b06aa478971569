#![allow(missing_docs)] // Fields are named by the variant and struct docs.
//! The fuzzer's actions. Each one is drawn from `(seed, step)` alone, never from the chain's
//! state, and its amounts are fractions (basis points) of what the state allows when it runs:
//! so a sequence with steps removed still means something, and `seed` plus the kept step
//! numbers replay it exactly.

/// A basis-point fraction, 0..=10,000.
pub type Bps = u16;

/// The underwriters and the extra share holder, as indexes into [`super::world::World::holders`].
pub const HOLDERS: u8 = 4;
/// The markets: 0 is the MockMarket (driven by the DAO), 1 the EOA market.
pub const MARKETS: u8 = 2;
/// One loss report in four reuses one of this many ids (a repeat is a no-op); the others are
/// new (the step number).
pub const REPEATED_LOSS_IDS: u64 = 8;

/// One thing an actor does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// An underwriter deposits `bps` of 200,000 units (minted to them first).
    Deposit { who: u8, bps: Bps },
    /// An underwriter mints `bps` of the shares `maxMint` and 200,000 units allow.
    Mint { who: u8, bps: Bps },
    /// An underwriter withdraws `bps` of `maxWithdraw`.
    Withdraw { who: u8, bps: Bps },
    /// An underwriter redeems `bps` of `maxRedeem`.
    Redeem { who: u8, bps: Bps },
    /// A holder transfers `bps` of their shares to another.
    Transfer { from: u8, to: u8, bps: Bps },
    /// A holder starts (or restarts) the cooldown.
    Cooldown { who: u8 },
    /// Anyone pays a premium of `bps` of 5,000 units.
    Premium { bps: Bps },
    /// A market reports loss `id` of `bps` of 60,000 units.
    Loss { market: u8, id: u64, bps: Bps },
    /// A market returns `bps` of 10,000 units of recovered funds.
    ReturnFunds { bps: Bps },
    /// The DAO settles `bps` of a market's deficit.
    Settle { market: u8, bps: Bps },
    /// The DAO schedules a governance change (see [`Change`]); `after_last` makes the latest
    /// scheduled operation its predecessor; `salt` is drawn from few values, so ids repeat.
    Schedule {
        change: Change,
        after_last: bool,
        salt: u8,
    },
    /// The executor executes the `pick`-th operation ever scheduled (done or not).
    Execute { pick: u16 },
    /// The guardian cancels the `pick`-th operation ever scheduled.
    Cancel { pick: u16 },
    /// The guardian pauses or unpauses deposits directly.
    Guard { pause: bool },
    /// Time passes.
    Warp { seconds: u32 },
}

/// A governance change the fuzzer schedules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// `vault.setDepositCap(100,000 units + bps of 10,000,000)` (normal delay).
    DepositCap(Bps),
    /// `vault.pause()` (emergency path).
    Pause,
    /// `vault.unpause()` (normal delay).
    Unpause,
    /// `absorber.emergencyMint(market, bps of its deficit when scheduled)` (emergency path).
    EmergencyMint { market: u8, bps: Bps },
    /// `vault.setMaxSlashBps(1,000 + bps/2)` (normal delay).
    MaxSlash(Bps),
    /// `absorber.setMarketCap(market, drawn + 50,000 units + bps of 200,000)` (normal delay): markets
    /// draw their lifetime cap down, so governance raises it for covers to go on.
    MarketCap { market: u8, bps: Bps },
}

/// splitmix64: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// The generator for `step` of the campaign `seed`.
    pub fn for_step(seed: u64, step: u64) -> Self {
        let mut r = Rng(seed ^ step.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn bps(&mut self) -> Bps {
        // A quarter of the draws are the edges (all, or one basis point).
        match self.below(8) {
            0 => 10_000,
            1 => 1,
            _ => self.below(10_001) as Bps,
        }
    }

    fn holder(&mut self) -> u8 {
        self.below(u64::from(HOLDERS)) as u8
    }
}

impl Action {
    /// The action at `step` of campaign `seed`.
    pub fn draw(seed: u64, step: u64) -> Action {
        let mut r = Rng::for_step(seed, step);
        // Weights: underwriters' flows most, then markets, governance, and time.
        match r.below(100) {
            0..=13 => Action::Deposit {
                who: r.holder(),
                bps: r.bps(),
            },
            14..=17 => Action::Mint {
                who: r.holder(),
                bps: r.bps(),
            },
            18..=22 => Action::Withdraw {
                who: r.holder(),
                bps: r.bps(),
            },
            23..=29 => Action::Redeem {
                who: r.holder(),
                bps: r.bps(),
            },
            30..=34 => Action::Transfer {
                from: r.holder(),
                to: r.holder(),
                bps: r.bps(),
            },
            35..=41 => Action::Cooldown { who: r.holder() },
            42..=46 => Action::Premium { bps: r.bps() },
            47..=56 => Action::Loss {
                market: r.below(u64::from(MARKETS)) as u8,
                id: if r.below(4) == 0 {
                    r.below(REPEATED_LOSS_IDS)
                } else {
                    REPEATED_LOSS_IDS + step
                },
                bps: r.bps(),
            },
            57..=59 => Action::ReturnFunds { bps: r.bps() },
            60..=63 => Action::Settle {
                market: r.below(u64::from(MARKETS)) as u8,
                bps: r.bps(),
            },
            64..=69 => Action::Schedule {
                change: match r.below(6) {
                    0 => Change::DepositCap(r.bps()),
                    1 => Change::Pause,
                    2 => Change::Unpause,
                    3 => Change::EmergencyMint {
                        market: r.below(u64::from(MARKETS)) as u8,
                        bps: r.bps(),
                    },
                    4 => Change::MaxSlash(r.bps()),
                    _ => Change::MarketCap {
                        market: r.below(u64::from(MARKETS)) as u8,
                        bps: r.bps(),
                    },
                },
                after_last: r.below(4) == 0,
                salt: r.below(4) as u8,
            },
            70..=75 => Action::Execute {
                pick: r.below(1 << 16) as u16,
            },
            76..=77 => Action::Cancel {
                pick: r.below(1 << 16) as u16,
            },
            78..=79 => Action::Guard {
                pause: r.below(2) == 0,
            },
            // Time: mostly hours, sometimes days (cooldowns are 10 days, windows 2, delays 2).
            _ => Action::Warp {
                seconds: match r.below(10) {
                    0..=5 => 60 + r.below(6 * 3_600) as u32,
                    6..=8 => 3_600 + r.below(3 * 86_400) as u32,
                    _ => 86_400 + r.below(12 * 86_400) as u32,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_depend_on_seed_and_step_only() {
        assert_eq!(Action::draw(7, 3), Action::draw(7, 3));
        let a: Vec<_> = (0..64).map(|i| Action::draw(1, i)).collect();
        let b: Vec<_> = (0..64).map(|i| Action::draw(2, i)).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn every_kind_of_action_is_drawn() {
        let mut kinds = std::collections::BTreeSet::new();
        for i in 0..2_000 {
            let a = format!("{:?}", Action::draw(42, i));
            kinds.insert(a.split([' ', '{']).next().unwrap_or_default().to_string());
        }
        assert_eq!(kinds.len(), 15, "{kinds:?}");
    }
}
