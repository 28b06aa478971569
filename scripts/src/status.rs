//! `status`: a readable summary of the vault, the absorber and the timelock.

use std::{collections::BTreeSet, fmt::Write as _};

use alloy::{
    primitives::{Address, B256},
    sol_types::SolEvent,
};

use crate::{
    bindings::GovernanceTimelock::{RoleGranted, RoleRevoked},
    governance::OperationState,
    programs::{lifetime_rules, programs, programs_report},
    system::Backstop,
    units::format_duration,
    Result,
};

/// Role names with their ids, as the timelock exposes them.
async fn role_ids(b: &Backstop) -> Result<Vec<(&'static str, B256)>> {
    let t = b.timelock();
    Ok(vec![
        ("proposer", t.PROPOSER_ROLE().call().await?),
        ("executor", t.EXECUTOR_ROLE().call().await?),
        ("canceller", t.CANCELLER_ROLE().call().await?),
        ("guardian", t.GUARDIAN_ROLE().call().await?),
    ])
}

/// A point in time relative to `now`: `in 2d 3h` / `5m ago`.
pub fn relative(at: u64, now: u64) -> String {
    if at >= now {
        format!("in {}", format_duration(at - now))
    } else {
        format!("{} ago", format_duration(now - at))
    }
}

impl Backstop {
    /// The status report as text.
    pub async fn status_report(&self) -> Result<String> {
        let mut out = String::new();
        let now = self.client.now().await?;
        let _ = writeln!(
            out,
            "Chain {} at block {}, time {now}",
            self.client.chain_id,
            self.client.block_number().await?
        );
        let rules = lifetime_rules(&self.client).await?;
        let programs = programs(&self.client, &self.manifest).await?;
        let _ = write!(out, "\n{}", programs_report(&programs, rules));
        let callable = |name: &str| {
            programs
                .iter()
                .find(|p| p.name == name)
                .is_none_or(|p| p.lifetime.is_callable())
        };
        for (name, address) in [
            ("BackstopVault", *self.vault().address()),
            ("LossAbsorber", *self.absorber().address()),
            ("GovernanceTimelock", *self.timelock().address()),
        ] {
            if !callable(name) {
                let _ = writeln!(
                    out,
                    "\n{name} {address}\n  NOT CALLABLE: every call fails until `backstop keepalive` activates it again"
                );
            }
        }
        if callable("BackstopVault") && callable("TestStablecoin") {
            self.vault_section(&mut out, now).await?;
        }
        if callable("LossAbsorber") {
            self.absorber_section(&mut out, now).await?;
        }
        if callable("GovernanceTimelock") {
            self.timelock_section(&mut out, now).await?;
        }
        Ok(out)
    }

    /// The vault's state and settings.
    async fn vault_section(&self, out: &mut String, now: u64) -> Result<()> {
        let v = self.vault();
        let total_assets = v.totalAssets().call().await?;
        let supply = v.totalSupply().call().await?;
        let unvested = v.unvestedPremium().call().await?;
        let vesting_end = v.vestingEnd().call().await?;
        let balance = self.asset().balanceOf(*v.address()).call().await?;
        let frozen_until = v.frozenUntil().call().await?;
        let cap = v.depositCap().call().await?;
        let _ = writeln!(out, "\nBackstopVault {}", v.address());
        let _ = writeln!(
            out,
            "  total assets       {}",
            self.fmt_assets(total_assets)
        );
        let _ = writeln!(out, "  share supply       {}", self.fmt_shares(supply));
        let _ = writeln!(
            out,
            "  share price        {} per share",
            self.fmt_assets(self.share_price().await?)
        );
        let _ = writeln!(
            out,
            "  unvested premium   {}{}",
            self.fmt_assets(unvested),
            if unvested.is_zero() {
                String::new()
            } else {
                format!(" (fully vested {})", relative(vesting_end, now))
            }
        );
        let donations = balance
            .saturating_sub(total_assets)
            .saturating_sub(unvested);
        let _ = writeln!(
            out,
            "  asset balance      {} ({} not accounted: sweepable)",
            self.fmt_assets(balance),
            self.fmt_assets(donations)
        );
        let _ = writeln!(out, "  deposit cap        {}", self.fmt_assets(cap));
        let _ = writeln!(
            out,
            "  max coverable now  {}",
            self.fmt_assets(v.maxCoverable().call().await?)
        );
        let _ = writeln!(
            out,
            "  floor (minAssets)  {}",
            self.fmt_assets(v.minAssets().call().await?)
        );
        let _ = writeln!(
            out,
            "  max slash          {} bps",
            v.maxSlashBps().call().await?
        );
        let _ = writeln!(
            out,
            "  cooldown / window  {} / {}",
            format_duration(v.cooldownPeriod().call().await?),
            format_duration(v.unstakeWindow().call().await?)
        );
        let _ = writeln!(
            out,
            "  premium vesting    {}; post-loss freeze {}",
            format_duration(v.premiumVestingPeriod().call().await?),
            format_duration(v.postLossFreeze().call().await?)
        );
        let _ = writeln!(
            out,
            "  deposits           {}{}",
            if v.paused().call().await? {
                "PAUSED"
            } else {
                "open"
            },
            if frozen_until > now {
                format!(
                    ", frozen after a loss until {} ({})",
                    frozen_until,
                    relative(frozen_until, now)
                )
            } else {
                String::new()
            }
        );
        let _ = writeln!(out, "  governance         {}", v.governance().call().await?);
        let _ = writeln!(out, "  guardian           {}", v.guardian().call().await?);
        let _ = writeln!(out, "  loss module        {}", v.lossModule().call().await?);
        Ok(())
    }

    /// The absorber's deficit, windows and markets.
    async fn absorber_section(&self, out: &mut String, now: u64) -> Result<()> {
        let a = self.absorber();
        let _ = writeln!(out, "\nLossAbsorber {}", a.address());
        let _ = writeln!(
            out,
            "  total deficit      {}",
            self.fmt_assets(a.totalDeficit().call().await?)
        );
        let w = self.window_usage().await?;
        let release = if w.used.is_zero() {
            String::new()
        } else {
            format!(
                ", the oldest cover leaves the window {}",
                relative(w.next_release, now)
            )
        };
        let _ = writeln!(
            out,
            "  cover window       {} of {} covered in the last {}{release}",
            self.fmt_assets(w.used),
            self.fmt_assets(w.limit),
            format_duration(a.coverWindow().call().await?),
        );
        let m = self.mint_usage().await?;
        let _ = writeln!(
            out,
            "  emergency mint     {} of {} used this period (ends {})",
            self.fmt_assets(m.used),
            self.fmt_assets(m.limit),
            relative(m.end, now)
        );
        let _ = writeln!(out, "  governance         {}", a.governance().call().await?);
        for market in &self.manifest.markets {
            let info = self.market_info(market.address).await?;
            let _ = writeln!(
                out,
                "  market {}{}: {}, cap {}, drawn {}, deficit {}, coverage available {}",
                market.address,
                if market.mock { " (MockMarket)" } else { "" },
                if info.enabled { "enabled" } else { "disabled" },
                self.fmt_assets(info.coverage_cap),
                self.fmt_assets(info.drawn),
                self.fmt_assets(info.deficit),
                self.fmt_assets(a.coverageAvailable(market.address).call().await?)
            );
        }
        Ok(())
    }

    /// The timelock's delays, roles and operations.
    async fn timelock_section(&self, out: &mut String, now: u64) -> Result<()> {
        let t = self.timelock();
        let _ = writeln!(out, "\nGovernanceTimelock {}", t.address());
        let _ = writeln!(
            out,
            "  min delay {}, emergency delay {}, grace period {}",
            format_duration(t.minDelay().call().await?.saturating_to()),
            format_duration(t.emergencyDelay().call().await?.saturating_to()),
            format_duration(t.GRACE_PERIOD().call().await?.saturating_to())
        );
        for (name, holders) in self.role_holders().await? {
            let list: Vec<String> = holders.iter().map(|a| a.to_string()).collect();
            let _ = writeln!(
                out,
                "  {name:<9} {}",
                if list.is_empty() {
                    "(none)".into()
                } else {
                    list.join(", ")
                }
            );
        }
        let ops = self.operations().await?;
        let _ = writeln!(out, "  operations: {} scheduled", ops.len());
        for op in ops.iter().rev().take(20) {
            let _ = writeln!(out, "    {}", self.describe_operation(op, now));
        }
        Ok(())
    }

    /// One line about an operation: id, state, when, what.
    pub fn describe_operation(&self, op: &crate::governance::Operation, now: u64) -> String {
        let when = match op.state {
            OperationState::Waiting => {
                format!(" ready {}", relative(op.ready_at.saturating_to(), now))
            }
            OperationState::Ready => format!(
                " ready since {}",
                relative(op.ready_at.saturating_to(), now)
            ),
            _ => String::new(),
        };
        let calls: Vec<String> = op
            .calls
            .iter()
            .map(|c| format!("{}.{}", self.name_of(c.target), describe_calldata(&c.data)))
            .collect();
        format!(
            "{} {}{}{} {}",
            op.id,
            op.state,
            if op.emergency { " [emergency]" } else { "" },
            when,
            calls.join(" + ")
        )
    }

    /// `vault`, `absorber`, … for known addresses, else the address.
    pub fn name_of(&self, address: Address) -> String {
        self.manifest.name_of(address)
    }

    /// Current holders of each role, from `RoleGranted`/`RoleRevoked` events.
    pub async fn role_holders(&self) -> Result<Vec<(&'static str, BTreeSet<Address>)>> {
        let t = self.timelock();
        let logs = self.timelock_logs(*t.address()).await?;
        let ids = role_ids(self).await?;
        let mut out: Vec<(&'static str, BTreeSet<Address>)> =
            ids.iter().map(|(n, _)| (*n, BTreeSet::new())).collect();
        for log in &logs {
            let topic0 = log.topic0().copied();
            let (role, account, granted) = if topic0 == Some(RoleGranted::SIGNATURE_HASH) {
                let e = log.log_decode::<RoleGranted>()?.inner.data;
                (e.role, e.account, true)
            } else if topic0 == Some(RoleRevoked::SIGNATURE_HASH) {
                let e = log.log_decode::<RoleRevoked>()?.inner.data;
                (e.role, e.account, false)
            } else {
                continue;
            };
            if let Some(i) = ids.iter().position(|(_, id)| *id == role) {
                if granted {
                    out[i].1.insert(account);
                } else {
                    out[i].1.remove(&account);
                }
            }
        }
        Ok(out)
    }
}

/// A short description of calldata: the known function name, else the selector.
pub fn describe_calldata(data: &[u8]) -> String {
    use crate::bindings::{
        BackstopVault::BackstopVaultCalls, GovernanceTimelock::GovernanceTimelockCalls,
        LossAbsorber::LossAbsorberCalls,
    };
    use alloy::sol_types::SolInterface;
    if let Ok(call) = LossAbsorberCalls::abi_decode(data) {
        return crate::revert::tidy(&format!("{call:?}"));
    }
    if let Ok(call) = BackstopVaultCalls::abi_decode(data) {
        return crate::revert::tidy(&format!("{call:?}"));
    }
    if let Ok(call) = GovernanceTimelockCalls::abi_decode(data) {
        return crate::revert::tidy(&format!("{call:?}"));
    }
    match data.get(..4) {
        Some(sel) => format!("0x{}(..)", alloy::hex::encode(sel)),
        None => "(no calldata)".into(),
    }
}
