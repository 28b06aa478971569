#![allow(missing_docs)] // Fields are named by the variant and struct docs.
//! The fuzzer's world: a deployed system, its actors, and the little the fuzzer must remember
//! (operations scheduled, deficits recorded, minted and settled) to check what the chain says.

use alloy::{
    primitives::{Address, Bytes, B256, U256},
    sol_types::SolCall,
};
use backstop_scripts::{
    bindings::{BackstopVault, LossAbsorber},
    keepalive, loss_id, send, Error, MarketRoute, DAY,
};

use super::{
    action::{Action, Change},
    check::{ensure, Snapshot},
};
use crate::{units, System};

/// Renew the programs when this much simulated time has passed since the last renewal (Nitro
/// expires them after 365 days).
const KEEPALIVE_EVERY: u64 = 300 * DAY;
/// Seconds of slack around a timelock boundary: the block that runs a transaction is a little
/// later than the one the fuzzer read the time from.
const MARGIN: u64 = 30;

/// One scheduled operation, as the fuzzer saw it scheduled.
#[derive(Clone, Debug)]
struct Op {
    id: B256,
    target: Address,
    data: Bytes,
    predecessor: B256,
    salt: B256,
    ready_at: u64,
    /// What an emergency mint in it mints, and for which market.
    mint: Option<(usize, U256)>,
    state: OpState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OpState {
    Pending,
    Done,
    Cancelled,
}

/// A deployed system under test and the fuzzer's shadow of what it did.
pub struct World {
    s: System,
    holders: Vec<Address>,
    markets: Vec<Address>,
    grace: u64,
    ops: Vec<Op>,
    /// Per market: deficit recorded by losses, settled, minted.
    recorded: Vec<U256>,
    settled: Vec<U256>,
    minted: Vec<U256>,
    last_keepalive: u64,
    start: u64,
    /// Counters for the report.
    pub stats: Stats,
}

/// What a campaign did.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub steps: u64,
    pub succeeded: u64,
    pub refused: u64,
    pub losses_covered: u64,
    pub executed: u64,
    pub keepalives: u64,
    pub simulated_days: u64,
}

impl World {
    /// Wraps a freshly deployed system.
    pub async fn new(s: System) -> backstop_scripts::Result<Self> {
        let a = &s.actors;
        let holders = vec![a.alice, a.bob, a.carol, a.mallory];
        let markets = vec![s.market, a.rogue_market];
        let grace = s.b.timelock().GRACE_PERIOD().call().await?.saturating_to();
        let now = s.b.client.now().await?;
        Ok(World {
            holders,
            markets,
            grace,
            ops: Vec::new(),
            recorded: vec![U256::ZERO; 2],
            settled: vec![U256::ZERO; 2],
            minted: vec![U256::ZERO; 2],
            last_keepalive: now,
            start: now,
            stats: Stats::default(),
            s,
        })
    }

    /// Reads the system.
    pub async fn snapshot(&self) -> backstop_scripts::Result<Snapshot> {
        Snapshot::read(&self.s.b, &self.holders, &self.markets).await
    }

    /// Runs `action` between the readings `before` and (returned) after, checking the
    /// invariants of the step; `Err` is a violation.
    pub async fn step(&mut self, action: Action, before: &Snapshot) -> Result<Snapshot, String> {
        let moved_loss = self.run(action, before).await?;
        self.stats.steps += 1;
        let after = self
            .snapshot()
            .await
            .map_err(|e| format!("reading the system: {e}"))?;
        after.check()?;
        if moved_loss {
            before.check_pro_rata(&after)?;
        } else {
            before.check_no_loss(&after)?;
        }
        for m in 0..self.markets.len() {
            let expected = self.recorded[m] - self.settled[m] - self.minted[m];
            ensure(after.markets[m].deficit == expected, || {
                format!(
                    "market {m}: deficit {} != recorded {} - settled {} - minted {}",
                    after.markets[m].deficit, self.recorded[m], self.settled[m], self.minted[m]
                )
            })?;
            // 8. Minted never exceeds the deficit recorded.
            ensure(self.minted[m] <= self.recorded[m] - self.settled[m], || {
                format!(
                    "market {m}: minted {} > recorded {} - settled {}",
                    self.minted[m], self.recorded[m], self.settled[m]
                )
            })?;
        }
        if after.now >= self.last_keepalive + KEEPALIVE_EVERY {
            keepalive(
                &self.s.b.client,
                &self.s.b.manifest,
                self.s.actors.dao,
                false,
            )
            .await
            .map_err(|e| format!("keepalive: {e}"))?;
            self.last_keepalive = after.now;
            self.stats.keepalives += 1;
        }
        Ok(after)
    }

    /// Runs one action; returns whether it was a loss the vault covered. A refusal is fine
    /// unless the SPEC says the action must succeed; a success the SPEC forbids is a violation.
    async fn run(&mut self, action: Action, pre: &Snapshot) -> Result<bool, String> {
        let b = &self.s.b;
        let v = b.vault();
        let dao = self.s.actors.dao;
        let outcome: Result<(), Error> = match action {
            Action::Deposit { who, bps } => {
                let h = self.holders[usize::from(who)];
                let amount = frac(units(200_000), bps);
                if amount.is_zero() {
                    return Ok(false);
                }
                self.mint_to(h, amount).await?;
                let r = b.deposit(h, amount).await.map(|_| ());
                // 5. Acting within maxDeposit succeeds (beyond it, a freeze may end meanwhile).
                let max = pre.holders[usize::from(who)].max_deposit;
                if amount <= max {
                    expect(r, true, &format!("deposit {amount} (maxDeposit {max})"))?
                } else {
                    r
                }
            }
            Action::Mint { who, bps } => {
                let h = self.holders[usize::from(who)];
                let cap = v.previewDeposit(units(200_000)).call().await.map_err(rpc)?;
                let max = v.maxMint(h).call().await.map_err(rpc)?;
                let shares = frac(max.min(cap), bps);
                if shares.is_zero() {
                    return Ok(false);
                }
                // Premium vesting between the preview and the block can raise the price a little.
                let assets = v.previewMint(shares).call().await.map_err(rpc)? * U256::from(101)
                    / U256::from(100)
                    + U256::from(1);
                self.mint_to(h, assets).await?;
                b.ensure_allowance(h, *v.address(), assets)
                    .await
                    .map_err(|e| e.to_string())?;
                let r = send(v.mint(shares, h).from(h)).await.map(|_| ());
                expect(r, true, &format!("mint {shares} shares (maxMint {max})"))?
            }
            Action::Withdraw { who, bps } => {
                let h = self.holders[usize::from(who)];
                let assets = frac(pre.holders[usize::from(who)].max_withdraw, bps);
                if assets.is_zero() {
                    return Ok(false);
                }
                let r = send(v.withdraw(assets, h, h).from(h)).await.map(|_| ());
                let open = pre.now + MARGIN <= pre.holders[usize::from(who)].window_end;
                // 5. Acting on max* succeeds, unless the window closes meanwhile.
                if open {
                    expect(r, true, &format!("withdraw {assets} of maxWithdraw"))?
                } else {
                    r
                }
            }
            Action::Redeem { who, bps } => {
                let h = self.holders[usize::from(who)];
                let shares = frac(pre.holders[usize::from(who)].max_redeem, bps);
                if shares.is_zero() {
                    return Ok(false);
                }
                let r = send(v.redeem(shares, h, h).from(h)).await.map(|_| ());
                let open = pre.now + MARGIN <= pre.holders[usize::from(who)].window_end;
                // 5. Acting on max* succeeds, unless the window closes meanwhile.
                if open {
                    expect(r, true, &format!("redeem {shares} of maxRedeem"))?
                } else {
                    r
                }
            }
            Action::Transfer { from, to, bps } => {
                let (f, t) = (
                    self.holders[usize::from(from)],
                    self.holders[usize::from(to)],
                );
                let shares = frac(pre.holders[usize::from(from)].shares, bps);
                if shares.is_zero() {
                    return Ok(false);
                }
                let r = send(v.transfer(t, shares).from(f)).await.map(|_| ());
                expect(r, true, &format!("transfer {shares} of the balance"))?
            }
            Action::Cooldown { who } => {
                let h = self.holders[usize::from(who)];
                let r = b.cooldown(h).await.map(|_| ());
                let has = !pre.holders[usize::from(who)].shares.is_zero();
                expect(r, has, "cooldown")?
            }
            Action::Premium { bps } => {
                let amount = frac(units(5_000), bps);
                if amount.is_zero() {
                    return Ok(false);
                }
                self.mint_to(dao, amount).await?;
                // Either outcome is allowed; the checks after the step judge it.
                b.pay_premium(dao, MarketRoute::Direct, amount)
                    .await
                    .map(|_| ())
            }
            Action::ReturnFunds { bps } => {
                let amount = frac(units(10_000), bps);
                if amount.is_zero() {
                    return Ok(false);
                }
                self.mint_to(dao, amount).await?;
                // Either outcome is allowed; the checks after the step judge it.
                b.return_funds(dao, MarketRoute::Direct, amount)
                    .await
                    .map(|_| ())
            }
            Action::Loss { market, id, bps } => return self.loss(market, id, bps, pre).await,
            Action::Settle { market, bps } => {
                let m = usize::from(market);
                let amount = frac(pre.markets[m].deficit, bps);
                if amount.is_zero() {
                    return Ok(false);
                }
                self.mint_to(dao, amount).await?;
                let r = b
                    .settle_deficit(dao, self.markets[m], amount)
                    .await
                    .map(|_| ());
                let r = expect(r, true, &format!("settle {amount} of the deficit"))?;
                self.settled[m] += amount;
                r
            }
            Action::Schedule {
                change,
                after_last,
                salt,
            } => return self.schedule(change, after_last, salt, pre).await,
            Action::Execute { pick } => return self.execute(pick, pre).await,
            Action::Cancel { pick } => return self.cancel(pick).await,
            Action::Guard { pause } => {
                let g = self.s.actors.guardian;
                let r = if pause {
                    send(v.pause().from(g)).await
                } else {
                    send(v.unpause().from(g)).await
                };
                r.map(|_| ())
            }
            Action::Warp { seconds } => {
                b.client
                    .increase_time(u64::from(seconds))
                    .await
                    .map_err(|e| e.to_string())?;
                self.stats.simulated_days = (pre.now + u64::from(seconds) - self.start) / DAY;
                Ok(())
            }
        };
        self.count(outcome.is_ok());
        Ok(false)
    }

    fn count(&mut self, ok: bool) {
        if ok {
            self.stats.succeeded += 1;
        } else {
            self.stats.refused += 1;
        }
    }

    /// Mints test dollars to `to` (the DAO is the stablecoin's minter).
    async fn mint_to(&self, to: Address, amount: U256) -> Result<(), String> {
        self.s
            .mint(to, amount)
            .await
            .map_err(|e| format!("minting test dollars: {e}"))
    }

    /// A loss report, with invariant 7 on its result.
    async fn loss(
        &mut self,
        market: u8,
        id: u64,
        bps: u16,
        pre: &Snapshot,
    ) -> Result<bool, String> {
        let m = usize::from(market);
        let amount = frac(units(60_000), bps);
        if amount.is_zero() {
            return Ok(false);
        }
        let (b, dao) = (self.s.b.clone(), self.s.actors.dao);
        let id = loss_id(&format!("fuzz-loss-{id}"));
        let seen = b
            .loss_record(self.markets[m], id)
            .await
            .map_err(|e| e.to_string())?
            .amount;
        let cap_left = pre.markets[m].cap.saturating_sub(pre.markets[m].drawn);
        let route = if m == 0 {
            (dao, MarketRoute::Mock(self.markets[0]))
        } else {
            (self.markets[1], MarketRoute::Direct)
        };
        let r = b.absorb_loss(route.0, route.1, id, amount).await;
        let enabled = pre.markets[m].enabled;
        let out = match r {
            Err(e) => {
                ensure(!enabled, || {
                    format!("loss {amount} by enabled market {m} refused: {e}")
                })?;
                self.count(false);
                return Ok(false);
            }
            Ok(out) => out,
        };
        ensure(enabled, || format!("a disabled market {m} reported a loss"))?;
        self.count(true);
        if !seen.is_zero() {
            // A repeated id is a no-op: nothing moved.
            let after = b
                .market_info(self.markets[m])
                .await
                .map_err(|e| e.to_string())?;
            ensure(
                after.drawn == pre.markets[m].drawn && after.deficit == pre.markets[m].deficit,
                || format!("repeated loss id on market {m} moved drawn/deficit"),
            )?;
            return Ok(false);
        }
        ensure(out.covered + out.uncovered == amount, || {
            format!(
                "loss {amount}: covered {} + uncovered {} != amount",
                out.covered, out.uncovered
            )
        })?;
        ensure(out.covered <= cap_left, || {
            format!("covered {} > market cap left {cap_left}", out.covered)
        })?;
        // The window only frees up as time passes, and assets only grow by vesting: a cover
        // beyond what was left a moment before must be explained by that, so bound it loosely.
        ensure(out.covered <= pre.max_coverable + pre.unvested, || {
            format!(
                "covered {} > maxCoverable {} (+ vesting {})",
                out.covered, pre.max_coverable, pre.unvested
            )
        })?;
        self.recorded[m] += out.uncovered;
        if !out.covered.is_zero() {
            self.stats.losses_covered += 1;
        }
        Ok(!out.covered.is_zero())
    }

    /// Schedules a change; checks it cannot be ready before its delay.
    async fn schedule(
        &mut self,
        change: Change,
        after_last: bool,
        salt: u8,
        pre: &Snapshot,
    ) -> Result<bool, String> {
        let (b, dao) = (&self.s.b, self.s.actors.dao);
        let t = b.timelock();
        let (vault, absorber) = (*b.vault().address(), *b.absorber().address());
        let (target, data, emergency, mint) = match change {
            Change::DepositCap(bps) => {
                let cap = units(100_000) + frac(units(10_000_000), bps);
                (
                    vault,
                    BackstopVault::setDepositCapCall { next: cap }.abi_encode(),
                    false,
                    None,
                )
            }
            Change::Pause => (vault, BackstopVault::pauseCall {}.abi_encode(), true, None),
            Change::Unpause => (
                vault,
                BackstopVault::unpauseCall {}.abi_encode(),
                false,
                None,
            ),
            Change::EmergencyMint { market, bps } => {
                let m = usize::from(market);
                let amount = frac(pre.markets[m].deficit, bps).max(U256::from(1));
                let call = LossAbsorber::emergencyMintCall {
                    market: self.markets[m],
                    amount,
                };
                (absorber, call.abi_encode(), true, Some((m, amount)))
            }
            Change::MarketCap { market, bps } => {
                let m = usize::from(market);
                let cap = pre.markets[m].drawn + units(50_000) + frac(units(200_000), bps);
                let call = LossAbsorber::setMarketCapCall {
                    market: self.markets[m],
                    coverage_cap: cap,
                };
                (absorber, call.abi_encode(), false, None)
            }
            Change::MaxSlash(bps) => (
                vault,
                BackstopVault::setMaxSlashBpsCall {
                    next: U256::from(1_000 + u64::from(bps) / 2),
                }
                .abi_encode(),
                false,
                None,
            ),
        };
        let salt = B256::from(U256::from(salt));
        let data = Bytes::from(data);
        let predecessor = match (emergency, after_last, self.ops.last()) {
            (false, true, Some(op)) => op.id,
            _ => B256::ZERO,
        };
        let delay = if emergency {
            t.emergencyDelay().call().await.map_err(rpc)?
        } else {
            t.minDelay().call().await.map_err(rpc)?
        };
        let id = t
            .hashOperation(target, U256::ZERO, data.clone(), predecessor, salt)
            .call()
            .await
            .map_err(rpc)?;
        // A cancelled operation may be scheduled again (its id is free again).
        let known = self
            .ops
            .iter()
            .any(|o| o.id == id && o.state != OpState::Cancelled);
        let r = if emergency {
            send(
                t.scheduleEmergency(target, U256::ZERO, data.clone(), salt)
                    .from(dao),
            )
            .await
        } else {
            send(
                t.schedule(target, U256::ZERO, data.clone(), predecessor, salt, delay)
                    .from(dao),
            )
            .await
        };
        match r {
            Ok(_) => {
                ensure(!known, || format!("operation {id} was scheduled twice"))?;
                let ready_at: u64 = t
                    .getTimestamp(id)
                    .call()
                    .await
                    .map_err(rpc)?
                    .saturating_to();
                let delay: u64 = delay.saturating_to();
                ensure(ready_at >= pre.now + delay, || {
                    format!(
                        "operation {id} ready at {ready_at}, before now {} + delay {delay}",
                        pre.now
                    )
                })?;
                self.ops.retain(|o| o.id != id);
                self.ops.push(Op {
                    id,
                    target,
                    data,
                    predecessor,
                    salt,
                    ready_at,
                    mint,
                    state: OpState::Pending,
                });
                self.count(true);
            }
            Err(e) => {
                ensure(known, || format!("scheduling a new operation failed: {e}"))?;
                self.count(false);
            }
        }
        Ok(false)
    }

    /// Executes an operation; checks the timelock's rules (invariant 9) against the shadow.
    async fn execute(&mut self, pick: u16, pre: &Snapshot) -> Result<bool, String> {
        if self.ops.is_empty() {
            return Ok(false);
        }
        // Three picks in four go to operations that can still run (pending, not expired), the
        // rest to any (done, cancelled and expired ones included, which must be refused).
        let pending: Vec<usize> = (0..self.ops.len())
            .filter(|&i| {
                let o = &self.ops[i];
                o.state == OpState::Pending && pre.now < o.ready_at + self.grace
            })
            .collect();
        let i = if !pick.is_multiple_of(4) && !pending.is_empty() {
            pending[usize::from(pick / 4) % pending.len()]
        } else {
            usize::from(pick) % self.ops.len()
        };
        let op = self.ops[i].clone();
        let t = self.s.b.timelock();
        let pred_done = op.predecessor == B256::ZERO
            || self
                .ops
                .iter()
                .any(|o| o.id == op.predecessor && o.state == OpState::Done);
        let now = pre.now;
        // Whether the timelock must refuse, must allow (barring the call itself failing), or
        // the time is too close to a boundary to say.
        let refuse = op.state != OpState::Pending
            || !pred_done
            || now + MARGIN < op.ready_at
            || now > op.ready_at + self.grace + MARGIN;
        let allow =
            !refuse && now >= op.ready_at + MARGIN && now + MARGIN < op.ready_at + self.grace;
        let r = send(
            t.execute(
                op.target,
                U256::ZERO,
                op.data.clone(),
                op.predecessor,
                op.salt,
            )
            .from(self.s.actors.dao),
        )
        .await;
        match r {
            Ok(_) => {
                ensure(!refuse, || {
                    format!("operation {} executed although {:?}, predecessor done {pred_done}, now {now}, ready {}", op.id, op.state, op.ready_at)
                })?;
                self.ops[i].state = OpState::Done;
                if let Some((m, amount)) = op.mint {
                    self.minted[m] += amount;
                }
                self.stats.executed += 1;
                self.count(true);
            }
            Err(e) => {
                let reason = e.revert_reason().unwrap_or_default().to_string();
                // A ready operation may still fail because its call fails (e.g. an emergency
                // mint above the deficit left): never because of the timelock's own state.
                ensure(!(allow && reason.starts_with("Timelock")), || {
                    format!("ready operation {} refused: {e}", op.id)
                })?;
                if let (true, Some((m, amount))) = (allow, op.mint) {
                    let left = self.recorded[m] - self.settled[m] - self.minted[m];
                    ensure(amount > left || reason.contains("MintCap"), || {
                        format!("emergency mint of {amount} (deficit left {left}) refused: {e}")
                    })?;
                }
                self.count(false);
            }
        }
        Ok(false)
    }

    /// The guardian cancels an operation: allowed while it is pending (waiting, ready or
    /// expired), refused once done or cancelled.
    async fn cancel(&mut self, pick: u16) -> Result<bool, String> {
        if self.ops.is_empty() {
            return Ok(false);
        }
        let i = usize::from(pick) % self.ops.len();
        let op = &self.ops[i];
        let r = send(
            self.s
                .b
                .timelock()
                .cancel(op.id)
                .from(self.s.actors.guardian),
        )
        .await;
        let pending = op.state == OpState::Pending;
        let r = expect(
            r.map(|_| ()),
            pending,
            &format!("cancel of a {:?} operation", op.state),
        )?;
        let ok = r.is_ok();
        if ok {
            self.ops[i].state = OpState::Cancelled;
        }
        self.count(ok);
        Ok(false)
    }
}

/// `bps` basis points of `x`.
fn frac(x: U256, bps: u16) -> U256 {
    x * U256::from(bps) / U256::from(10_000)
}

fn rpc(e: impl std::fmt::Display) -> String {
    format!("reading the system: {e}")
}

/// Checks an outcome against whether the SPEC says it must succeed (`true`) or be refused.
fn expect(
    r: Result<(), Error>,
    must_succeed: bool,
    what: &str,
) -> Result<Result<(), Error>, String> {
    match (&r, must_succeed) {
        (Ok(()), false) => Err(format!("{what} succeeded but must be refused")),
        (Err(e), true) => Err(format!("{what} must succeed but failed: {e}")),
        _ => Ok(r),
    }
}
