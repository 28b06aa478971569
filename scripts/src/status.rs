//! `status`: a readable summary of the vault, the absorber and the timelock.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write as _,
};

use alloy::{
    primitives::{Address, B256, U256},
    sol_types::SolEvent,
};
use serde::Serialize;

use crate::{
    bindings::GovernanceTimelock::{RoleGranted, RoleRevoked},
    governance::{Operation, OperationState},
    programs::{lifetime_rules, programs, programs_report, LifetimeRules, Program},
    system::{Backstop, MarketInfo, Usage, WindowUsage},
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

/// Serialises a `U256` as a decimal string (JSON numbers cannot hold 256 bits).
pub(crate) fn dec<S: serde::Serializer>(v: &U256, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

/// The whole system as read at one block: what `backstop status` prints, as text or JSON.
/// Amounts are in base units (`assetDecimals`, `shareDecimals`); times are unix seconds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The chain.
    pub chain_id: u64,
    /// The block read.
    pub block: u64,
    /// Its timestamp.
    pub time: u64,
    /// The asset's decimals.
    pub asset_decimals: u8,
    /// The share token's decimals.
    pub share_decimals: u8,
    /// The asset's symbol.
    pub asset_symbol: String,
    /// The chain's program lifetime rules.
    pub lifetime_rules: LifetimeRules,
    /// Every program of the manifest.
    pub programs: Vec<Program>,
    /// The vault, unless its program (or the asset's) cannot be called.
    pub vault: Option<VaultStatus>,
    /// The absorber, unless its program cannot be called.
    pub absorber: Option<AbsorberStatus>,
    /// The timelock, unless its program cannot be called.
    pub timelock: Option<TimelockStatus>,
}

/// The vault's state and settings.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)] // fields are the vault's views of the same names
pub struct VaultStatus {
    pub address: Address,
    #[serde(serialize_with = "dec")]
    pub total_assets: U256,
    #[serde(serialize_with = "dec")]
    pub total_supply: U256,
    /// Assets per whole share.
    #[serde(serialize_with = "dec")]
    pub share_price: U256,
    #[serde(serialize_with = "dec")]
    pub unvested_premium: U256,
    pub vesting_end: u64,
    /// The vault's balance of the asset.
    #[serde(serialize_with = "dec")]
    pub asset_balance: U256,
    /// Balance not accounted for (donations): `sweep` can take it.
    #[serde(serialize_with = "dec")]
    pub sweepable: U256,
    #[serde(serialize_with = "dec")]
    pub deposit_cap: U256,
    #[serde(serialize_with = "dec")]
    pub max_coverable: U256,
    #[serde(serialize_with = "dec")]
    pub min_assets: U256,
    #[serde(serialize_with = "dec")]
    pub max_slash_bps: U256,
    pub cooldown_period: u64,
    pub unstake_window: u64,
    pub premium_vesting_period: u64,
    pub post_loss_freeze: u64,
    pub paused: bool,
    pub frozen_until: u64,
    pub governance: Address,
    pub guardian: Address,
    pub loss_module: Address,
}

/// The absorber's deficit, windows and markets.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)] // fields are the absorber's views of the same names
pub struct AbsorberStatus {
    pub address: Address,
    #[serde(serialize_with = "dec")]
    pub total_deficit: U256,
    pub cover_window: u64,
    pub window_usage: WindowUsage,
    pub mint_usage: Usage,
    pub governance: Address,
    pub markets: Vec<MarketStatus>,
}

/// One market of the manifest as the absorber records it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketStatus {
    /// The market.
    pub address: Address,
    /// Whether it is the test-only MockMarket.
    pub mock: bool,
    /// `marketInfo`.
    #[serde(flatten)]
    pub info: MarketInfo,
    /// What it can draw now (`coverageAvailable`).
    #[serde(serialize_with = "dec")]
    pub coverage_available: U256,
}

/// The timelock's delays, roles and operations.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelockStatus {
    /// Where it is.
    pub address: Address,
    /// Seconds.
    pub min_delay: u64,
    /// Seconds.
    pub emergency_delay: u64,
    /// Seconds a ready operation stays executable.
    pub grace_period: u64,
    /// Holders of each role.
    pub roles: BTreeMap<&'static str, BTreeSet<Address>>,
    /// Every operation ever scheduled, oldest first.
    pub operations: Vec<Operation>,
}

impl Backstop {
    /// Reads the whole system. A contract whose program cannot be called (expired, say) is
    /// left out; `programs` says why.
    pub async fn status(&self) -> Result<Status> {
        let lifetime_rules = lifetime_rules(&self.client).await?;
        let programs = programs(&self.client, &self.manifest, lifetime_rules).await?;
        let callable = |name: &str| {
            programs
                .iter()
                .find(|p| p.name == name)
                .is_none_or(|p| p.lifetime.is_callable())
        };
        let now = self.client.now().await?;
        let vault = if callable("BackstopVault") && callable("TestStablecoin") {
            Some(self.vault_status().await?)
        } else {
            None
        };
        let absorber = if callable("LossAbsorber") {
            Some(self.absorber_status().await?)
        } else {
            None
        };
        let timelock = if callable("GovernanceTimelock") {
            Some(self.timelock_status().await?)
        } else {
            None
        };
        Ok(Status {
            chain_id: self.client.chain_id,
            block: self.client.block_number().await?,
            time: now,
            asset_decimals: self.asset_decimals,
            share_decimals: self.share_decimals,
            asset_symbol: self.asset_symbol.clone(),
            lifetime_rules,
            programs,
            vault,
            absorber,
            timelock,
        })
    }

    async fn vault_status(&self) -> Result<VaultStatus> {
        let v = self.vault();
        let total_assets = v.totalAssets().call().await?;
        let unvested_premium = v.unvestedPremium().call().await?;
        let asset_balance = self.asset().balanceOf(*v.address()).call().await?;
        Ok(VaultStatus {
            address: *v.address(),
            total_assets,
            total_supply: v.totalSupply().call().await?,
            share_price: self.share_price().await?,
            unvested_premium,
            vesting_end: v.vestingEnd().call().await?,
            asset_balance,
            sweepable: asset_balance
                .saturating_sub(total_assets)
                .saturating_sub(unvested_premium),
            deposit_cap: v.depositCap().call().await?,
            max_coverable: v.maxCoverable().call().await?,
            min_assets: v.minAssets().call().await?,
            max_slash_bps: v.maxSlashBps().call().await?,
            cooldown_period: v.cooldownPeriod().call().await?,
            unstake_window: v.unstakeWindow().call().await?,
            premium_vesting_period: v.premiumVestingPeriod().call().await?,
            post_loss_freeze: v.postLossFreeze().call().await?,
            paused: v.paused().call().await?,
            frozen_until: v.frozenUntil().call().await?,
            governance: v.governance().call().await?,
            guardian: v.guardian().call().await?,
            loss_module: v.lossModule().call().await?,
        })
    }

    async fn absorber_status(&self) -> Result<AbsorberStatus> {
        let a = self.absorber();
        let mut markets = Vec::with_capacity(self.manifest.markets.len());
        for market in &self.manifest.markets {
            markets.push(MarketStatus {
                address: market.address,
                mock: market.mock,
                info: self.market_info(market.address).await?,
                coverage_available: a.coverageAvailable(market.address).call().await?,
            });
        }
        Ok(AbsorberStatus {
            address: *a.address(),
            total_deficit: a.totalDeficit().call().await?,
            cover_window: a.coverWindow().call().await?,
            window_usage: self.window_usage().await?,
            mint_usage: self.mint_usage().await?,
            governance: a.governance().call().await?,
            markets,
        })
    }

    async fn timelock_status(&self) -> Result<TimelockStatus> {
        let t = self.timelock();
        Ok(TimelockStatus {
            address: *t.address(),
            min_delay: t.minDelay().call().await?.saturating_to(),
            emergency_delay: t.emergencyDelay().call().await?.saturating_to(),
            grace_period: t.GRACE_PERIOD().call().await?.saturating_to(),
            roles: self.role_holders().await?.into_iter().collect(),
            operations: self.operations().await?,
        })
    }

    /// The status report as text.
    pub async fn status_report(&self) -> Result<String> {
        Ok(self.render_status(&self.status().await?))
    }

    /// `status` as text.
    pub fn render_status(&self, s: &Status) -> String {
        let now = s.time;
        let mut out = String::new();
        let _ = writeln!(out, "Chain {} at block {}, time {now}", s.chain_id, s.block);
        let _ = write!(out, "\n{}", programs_report(&s.programs, s.lifetime_rules));
        let missing = [
            ("BackstopVault", s.vault.is_none()),
            ("LossAbsorber", s.absorber.is_none()),
            ("GovernanceTimelock", s.timelock.is_none()),
        ];
        for (name, _) in missing.iter().filter(|(_, m)| *m) {
            let address = self.manifest.address(name).unwrap_or_default();
            let _ = writeln!(
                out,
                "\n{name} {address}\n  NOT CALLABLE: every call fails until `backstop keepalive` activates it again"
            );
        }
        if let Some(v) = &s.vault {
            self.render_vault(&mut out, v, now);
        }
        if let Some(a) = &s.absorber {
            self.render_absorber(&mut out, a, now);
        }
        if let Some(t) = &s.timelock {
            let _ = writeln!(out, "\nGovernanceTimelock {}", t.address);
            let _ = writeln!(
                out,
                "  min delay {}, emergency delay {}, grace period {}",
                format_duration(t.min_delay),
                format_duration(t.emergency_delay),
                format_duration(t.grace_period)
            );
            for (name, holders) in &t.roles {
                let list: Vec<String> = holders.iter().map(|a| a.to_string()).collect();
                let shown = if list.is_empty() {
                    "(none)".into()
                } else {
                    list.join(", ")
                };
                let _ = writeln!(out, "  {name:<9} {shown}");
            }
            let _ = writeln!(out, "  operations: {} scheduled", t.operations.len());
            for op in t.operations.iter().rev().take(20) {
                let _ = writeln!(out, "    {}", self.describe_operation(op, now));
            }
        }
        out
    }

    fn render_vault(&self, out: &mut String, v: &VaultStatus, now: u64) {
        let a = |x: U256| self.fmt_assets(x);
        let _ = writeln!(out, "\nBackstopVault {}", v.address);
        let _ = writeln!(out, "  total assets       {}", a(v.total_assets));
        let _ = writeln!(
            out,
            "  share supply       {}",
            self.fmt_shares(v.total_supply)
        );
        let _ = writeln!(out, "  share price        {} per share", a(v.share_price));
        let vesting = if v.unvested_premium.is_zero() {
            String::new()
        } else {
            format!(" (fully vested {})", relative(v.vesting_end, now))
        };
        let _ = writeln!(
            out,
            "  unvested premium   {}{vesting}",
            a(v.unvested_premium)
        );
        let _ = writeln!(
            out,
            "  asset balance      {} ({} not accounted: sweepable)",
            a(v.asset_balance),
            a(v.sweepable)
        );
        let _ = writeln!(out, "  deposit cap        {}", a(v.deposit_cap));
        let _ = writeln!(out, "  max coverable now  {}", a(v.max_coverable));
        let _ = writeln!(out, "  floor (minAssets)  {}", a(v.min_assets));
        let _ = writeln!(out, "  max slash          {} bps", v.max_slash_bps);
        let _ = writeln!(
            out,
            "  cooldown / window  {} / {}",
            format_duration(v.cooldown_period),
            format_duration(v.unstake_window)
        );
        let _ = writeln!(
            out,
            "  premium vesting    {}; post-loss freeze {}",
            format_duration(v.premium_vesting_period),
            format_duration(v.post_loss_freeze)
        );
        let frozen = if v.frozen_until > now {
            format!(
                ", frozen after a loss until {} ({})",
                v.frozen_until,
                relative(v.frozen_until, now)
            )
        } else {
            String::new()
        };
        let state = if v.paused { "PAUSED" } else { "open" };
        let _ = writeln!(out, "  deposits           {state}{frozen}");
        let _ = writeln!(out, "  governance         {}", v.governance);
        let _ = writeln!(out, "  guardian           {}", v.guardian);
        let _ = writeln!(out, "  loss module        {}", v.loss_module);
    }

    fn render_absorber(&self, out: &mut String, s: &AbsorberStatus, now: u64) {
        let a = |x: U256| self.fmt_assets(x);
        let _ = writeln!(out, "\nLossAbsorber {}", s.address);
        let _ = writeln!(out, "  total deficit      {}", a(s.total_deficit));
        let w = &s.window_usage;
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
            a(w.used),
            a(w.limit),
            format_duration(s.cover_window),
        );
        let m = &s.mint_usage;
        let _ = writeln!(
            out,
            "  emergency mint     {} of {} used this period (ends {})",
            a(m.used),
            a(m.limit),
            relative(m.end, now)
        );
        let _ = writeln!(out, "  governance         {}", s.governance);
        for market in &s.markets {
            let i = &market.info;
            let _ = writeln!(
                out,
                "  market {}{}: {}, cap {}, drawn {}, deficit {}, coverage available {}",
                market.address,
                if market.mock { " (MockMarket)" } else { "" },
                if i.enabled { "enabled" } else { "disabled" },
                a(i.coverage_cap),
                a(i.drawn),
                a(i.deficit),
                a(market.coverage_available)
            );
        }
    }

    /// One line about an operation: id, state, when, what.
    pub fn describe_operation(&self, op: &Operation, now: u64) -> String {
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
