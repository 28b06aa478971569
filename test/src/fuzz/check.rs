#![allow(missing_docs)] // Fields are named by the variant and struct docs.
//! What the fuzzer reads of the system after every step, and the SPEC invariants (docs/SPEC.md
//! section 7) that must hold of every such reading and between two of them.

use alloy::primitives::{Address, U256};
use backstop_scripts::{Backstop, Result};

/// One holder's position.
#[derive(Clone, Debug, Default)]
pub struct Holder {
    pub shares: U256,
    pub value: U256,
    pub cooldown_shares: U256,
    pub window_start: u64,
    pub window_end: u64,
    pub max_redeem: U256,
    pub max_withdraw: U256,
    pub max_deposit: U256,
}

/// One market's record on the absorber.
#[derive(Clone, Debug, Default)]
pub struct Market {
    pub enabled: bool,
    pub cap: U256,
    pub drawn: U256,
    pub deficit: U256,
}

/// The system as read at one block.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub now: u64,
    pub total_assets: U256,
    pub supply: U256,
    pub unvested: U256,
    pub vault_balance: U256,
    /// `convertToAssets` of one whole share.
    pub price: U256,
    /// `convertToAssets(totalSupply)`.
    pub claimable: U256,
    pub holders: Vec<Holder>,
    pub markets: Vec<Market>,
    pub total_deficit: U256,
    pub window_used: U256,
    pub window_limit: U256,
    pub mint_used: U256,
    pub mint_limit: U256,
    pub max_coverable: U256,
    pub paused: bool,
    pub deposit_cap: U256,
    pub frozen_until: u64,
}

impl Snapshot {
    /// One line for progress reports: the state a long campaign drifts through.
    pub fn summary(&self) -> String {
        let m: Vec<String> = self
            .markets
            .iter()
            .map(|m| format!("{}/{} drawn, deficit {}", m.drawn, m.cap, m.deficit))
            .collect();
        format!(
            "assets {}, supply {}, maxCoverable {}, cap {}, paused {}, frozen {}, markets [{}]",
            self.total_assets,
            self.supply,
            self.max_coverable,
            self.deposit_cap,
            self.paused,
            self.frozen_until > self.now,
            m.join("; ")
        )
    }

    /// Reads everything the invariants need.
    pub async fn read(b: &Backstop, holders: &[Address], markets: &[Address]) -> Result<Self> {
        let v = b.vault();
        let a = b.absorber();
        let one_share = U256::from(10).pow(U256::from(b.share_decimals));
        let supply = v.totalSupply().call().await?;
        let mut s = Snapshot {
            now: b.client.now().await?,
            total_assets: v.totalAssets().call().await?,
            supply,
            unvested: v.unvestedPremium().call().await?,
            vault_balance: b.asset().balanceOf(*v.address()).call().await?,
            price: v.convertToAssets(one_share).call().await?,
            claimable: v.convertToAssets(supply).call().await?,
            total_deficit: a.totalDeficit().call().await?,
            max_coverable: v.maxCoverable().call().await?,
            paused: v.paused().call().await?,
            deposit_cap: v.depositCap().call().await?,
            frozen_until: v.frozenUntil().call().await?,
            ..Default::default()
        };
        for &h in holders {
            let info = v.cooldownInfo(h).call().await?;
            let shares = v.balanceOf(h).call().await?;
            s.holders.push(Holder {
                shares,
                value: v.convertToAssets(shares).call().await?,
                cooldown_shares: info._0,
                window_start: info._2,
                window_end: info._3,
                max_redeem: v.maxRedeem(h).call().await?,
                max_withdraw: v.maxWithdraw(h).call().await?,
                max_deposit: v.maxDeposit(h).call().await?,
            });
        }
        for &m in markets {
            let info = b.market_info(m).await?;
            s.markets.push(Market {
                enabled: info.enabled,
                cap: info.coverage_cap,
                drawn: info.drawn,
                deficit: info.deficit,
            });
        }
        let w = b.window_usage().await?;
        (s.window_used, s.window_limit) = (w.used, w.limit);
        let m = b.mint_usage().await?;
        (s.mint_used, s.mint_limit) = (m.used, m.limit);
        Ok(s)
    }

    /// The invariants of one reading; `Err` names the first that fails.
    pub fn check(&self) -> std::result::Result<(), String> {
        // 1. The vault holds what it owes: accounted assets and premium still vesting.
        ensure(
            self.vault_balance >= self.total_assets + self.unvested,
            || {
                format!(
                    "vault balance {} < totalAssets {} + unvested {}",
                    self.vault_balance, self.total_assets, self.unvested
                )
            },
        )?;
        // Assets cover what all shares can claim.
        ensure(self.total_assets >= self.claimable, || {
            format!(
                "totalAssets {} < convertToAssets(totalSupply) {}",
                self.total_assets, self.claimable
            )
        })?;
        // 2. Shares add up; a cooldown snapshot never exceeds its owner's balance.
        let sum: U256 = self.holders.iter().map(|h| h.shares).sum();
        ensure(sum == self.supply, || {
            format!("holders' shares {sum} != totalSupply {}", self.supply)
        })?;
        for (i, h) in self.holders.iter().enumerate() {
            ensure(h.cooldown_shares <= h.shares, || {
                format!(
                    "holder {i}: cooldown snapshot {} > balance {}",
                    h.cooldown_shares, h.shares
                )
            })?;
            // 6. Shares leave only through an open window, and only the snapshotted ones.
            ensure(h.max_redeem <= h.cooldown_shares, || {
                format!(
                    "holder {i}: maxRedeem {} > cooldown snapshot {}",
                    h.max_redeem, h.cooldown_shares
                )
            })?;
            if !h.max_redeem.is_zero() || !h.max_withdraw.is_zero() {
                ensure(
                    h.window_start <= self.now && self.now <= h.window_end,
                    || {
                        format!(
                            "holder {i}: redeemable ({} shares) outside the window [{}, {}] at {}",
                            h.max_redeem, h.window_start, h.window_end, self.now
                        )
                    },
                )?;
            }
        }
        // 7. Caps and windows.
        ensure(self.window_used <= self.window_limit, || {
            format!(
                "cover window used {} > limit {}",
                self.window_used, self.window_limit
            )
        })?;
        // (A market's `drawn` may exceed its cap: governance may lower the cap below what was
        // drawn. That a cover never draws past the cap is checked on each loss.)
        // 8. Deficits add up; the emergency mint stays under its cap.
        let deficits: U256 = self.markets.iter().map(|m| m.deficit).sum();
        ensure(deficits == self.total_deficit, || {
            format!(
                "market deficits {deficits} != totalDeficit {}",
                self.total_deficit
            )
        })?;
        ensure(self.mint_used <= self.mint_limit, || {
            format!(
                "emergency mint used {} > cap {}",
                self.mint_used, self.mint_limit
            )
        })?;
        Ok(())
    }

    /// Invariants between the reading before a step (`self`) and after it (`after`), when the
    /// step moved no loss: assets per share never fall (3), and no holder's value falls except
    /// by what they took out.
    pub fn check_no_loss(&self, after: &Snapshot) -> std::result::Result<(), String> {
        ensure(after.price + U256::from(1) >= self.price, || {
            format!(
                "share price fell without a loss: {} -> {}",
                self.price, after.price
            )
        })
    }

    /// Invariant 3 for a cover: every holder's value falls by the same fraction as the
    /// vault's assets, within one base unit each (plus premium vesting during the step).
    pub fn check_pro_rata(&self, after: &Snapshot) -> std::result::Result<(), String> {
        if self.total_assets.is_zero() {
            return Ok(());
        }
        for (i, (h0, h1)) in self.holders.iter().zip(&after.holders).enumerate() {
            if h0.shares != h1.shares {
                continue; // a cover moves no shares; the step did something else too
            }
            // The holder's expected value: their share of the assets after the cover.
            let expected = h0.value * after.total_assets / self.total_assets;
            let slack = U256::from(2) + h0.value / U256::from(1_000_000);
            ensure(
                h1.value + slack >= expected && h1.value <= expected + slack,
                || {
                    format!(
                    "holder {i}: a cover took them from {} to {}, pro rata is {expected} (assets {} -> {})",
                    h0.value, h1.value, self.total_assets, after.total_assets
                )
                },
            )?;
        }
        Ok(())
    }
}

/// `Ok` when `cond` holds, else the message.
pub fn ensure(cond: bool, msg: impl FnOnce() -> String) -> std::result::Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(msg())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Snapshot {
        let u = U256::from;
        Snapshot {
            now: 1_000,
            total_assets: u(1_000),
            supply: u(1_000_000),
            unvested: u(10),
            vault_balance: u(1_010),
            price: u(1),
            claimable: u(1_000),
            holders: vec![
                Holder {
                    shares: u(600_000),
                    value: u(600),
                    cooldown_shares: u(100_000),
                    window_start: 900,
                    window_end: 1_100,
                    max_redeem: u(100_000),
                    ..Default::default()
                },
                Holder {
                    shares: u(400_000),
                    value: u(400),
                    ..Default::default()
                },
            ],
            markets: vec![Market {
                enabled: true,
                cap: u(500),
                drawn: u(100),
                deficit: u(7),
            }],
            total_deficit: u(7),
            window_limit: u(300),
            window_used: u(100),
            mint_limit: u(50),
            ..Default::default()
        }
    }

    #[test]
    fn a_healthy_reading_passes() {
        assert_eq!(healthy().check(), Ok(()));
    }

    #[test]
    fn each_broken_invariant_is_caught() {
        let u = U256::from;
        type Break<'a> = Box<dyn Fn(&mut Snapshot) + 'a>;
        let cases: Vec<(&str, Break)> = vec![
            ("vault balance", Box::new(|s| s.vault_balance = u(1_009))),
            (
                "convertToAssets(totalSupply)",
                Box::new(|s| s.claimable = u(1_001)),
            ),
            ("totalSupply", Box::new(|s| s.supply = u(999_999))),
            (
                "cooldown snapshot",
                Box::new(|s| s.holders[1].cooldown_shares = u(400_001)),
            ),
            (
                "maxRedeem",
                Box::new(|s| s.holders[0].max_redeem = u(100_001)),
            ),
            ("outside the window", Box::new(|s| s.now = 1_101)),
            ("cover window", Box::new(|s| s.window_used = u(301))),
            ("totalDeficit", Box::new(|s| s.total_deficit = u(8))),
            ("emergency mint", Box::new(|s| s.mint_used = u(51))),
        ];
        for (what, break_it) in cases {
            let mut s = healthy();
            break_it(&mut s);
            let err = s.check().expect_err(what);
            assert!(err.contains(what), "{what}: {err}");
        }
    }

    #[test]
    fn a_price_drop_without_a_loss_and_an_uneven_loss_are_caught() {
        let before = healthy();
        let mut after = healthy();
        after.price = U256::ZERO; // 1 -> 0 is within one unit of rounding
        assert_eq!(before.check_no_loss(&after), Ok(()));
        let mut before = healthy();
        before.price = U256::from(5);
        assert!(before.check_no_loss(&after).is_err());
        // A 10% cover: both holders must lose 10%.
        let mut after = healthy();
        after.total_assets = U256::from(900);
        after.holders[0].value = U256::from(540);
        after.holders[1].value = U256::from(360);
        assert_eq!(before.check_pro_rata(&after), Ok(()));
        after.holders[1].value = U256::from(390); // holder 1 escaped most of it
        after.holders[0].value = U256::from(510);
        assert!(before.check_pro_rata(&after).is_err());
    }
}
