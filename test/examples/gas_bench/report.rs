//! docs/BENCHMARKS.md and docs/benchmarks.json from the measurements.

use std::fmt::Write as _;

use alloy::primitives::U256;

use crate::breakdown::{self, Kind, OpBreakdown};
use crate::floors::{self, Slot};

/// Which table a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// BackstopVault against OpenZeppelin's ERC4626 (and BaselineVault).
    Vault,
    /// LossAbsorber (with BackstopVault's cover) against BaselineAbsorber (with BaselineVault).
    Absorber,
    /// GovernanceTimelock against OpenZeppelin's TimelockController.
    Timelock,
}

impl Group {
    fn key(self) -> &'static str {
        match self {
            Group::Vault => "vault",
            Group::Absorber => "absorber",
            Group::Timelock => "timelock",
        }
    }
}

/// One benchmarked operation.
pub struct Row {
    /// Table.
    pub group: Group,
    /// What it is, e.g. `deposit (first, empty vault)`.
    pub name: &'static str,
    /// gasUsed of our Stylus contract's transaction, if it has the operation (programs cached).
    pub stylus: Option<u64>,
    /// The same transaction on a devnode whose programs are not cached.
    pub stylus_uncached: Option<u64>,
    /// gasUsed of the Solidity reference's transaction, if it has the operation.
    pub solidity: Option<u64>,
    /// Which Solidity contract `solidity` measures.
    pub solidity_contract: &'static str,
    /// Vault operations: gasUsed on BaselineVault (our semantics in Solidity).
    pub baseline: Option<u64>,
    /// Storage floor of the operation with our semantics.
    pub floor: &'static [Slot],
    /// Storage floor with the Solidity reference's semantics (when they differ from ours).
    pub solidity_floor: Option<&'static [Slot]>,
    /// 21,000 + calldata gas of the transaction.
    pub intrinsic: u64,
}

impl Row {
    /// The least gas any implementation of our semantics can be charged for the operation: the
    /// intrinsic gas plus the storage floor, less the most its refunds can give back.
    pub fn lower_bound(&self) -> u64 {
        self.intrinsic + floors::total(self.floor) - floors::refunds(self.floor)
    }

    /// The like-for-like Solidity figure: BaselineVault for the vault, else the reference.
    fn like_for_like(&self) -> Option<u64> {
        if self.group == Group::Vault {
            self.baseline
        } else {
            self.solidity
        }
    }
}

/// Size, activation and deployment of one of our Stylus contracts.
pub struct StylusContract {
    /// Solidity-facing name.
    pub name: &'static str,
    /// The WASM module, bytes.
    pub wasm: usize,
    /// Deployed code: 4-byte prefix + brotli, bytes.
    pub deployed: usize,
    /// ArbWasm.activateProgram's dataFee on the fresh devnode, wei.
    pub data_fee: Option<U256>,
    /// gasUsed of the StylusDeployer transaction (create + activate + constructor).
    pub deploy_gas: u64,
    /// ArbWasm.programInitGas: (gas, gasWhenCached).
    pub init_gas: Option<(u64, u64)>,
}

/// Size and deployment of one Solidity contract.
pub struct SolidityContract {
    /// Contract name.
    pub name: &'static str,
    /// What it stands in for.
    pub role: &'static str,
    /// Runtime code on chain, bytes.
    pub runtime: usize,
    /// gasUsed of the CREATE transaction.
    pub deploy_gas: u64,
}

/// Everything the report says.
pub struct Report {
    /// Operations broken down hostio by hostio.
    pub breakdowns: Vec<OpBreakdown>,
    /// The operations.
    pub rows: Vec<Row>,
    /// Our contracts.
    pub stylus: Vec<StylusContract>,
    /// The Solidity contracts.
    pub solidity: Vec<SolidityContract>,
    /// solc version.
    pub solc: String,
    /// @openzeppelin/contracts version.
    pub openzeppelin: String,
    /// Commit of the working tree, if git could say.
    pub commit: Option<String>,
    /// Seconds the measuring took (node start to last receipt).
    pub seconds: u64,
}

/// Code-size limit of Arbitrum (and EIP-170), bytes.
pub const CODE_LIMIT: usize = 24_576;

fn ratio(a: Option<u64>, b: Option<u64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0 => Some(a as f64 / b as f64),
        _ => None,
    }
}

/// `1234567` as `1,234,567`.
pub fn commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `-1234` as `−1,234`, `1234` as `+1,234`.
fn signed(n: i64) -> String {
    let sign = if n < 0 { "−" } else { "+" };
    format!("{sign}{}", commas(n.unsigned_abs()))
}

fn gas_cell(g: Option<u64>) -> String {
    g.map_or_else(|| "n/a".to_string(), commas)
}

fn ratio_cell(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".to_string(), |r| format!("{r:.2}×"))
}

/// Wei as ETH with 6 decimals.
fn eth(wei: U256) -> String {
    let micro = wei / U256::from(1_000_000_000_000u64);
    let micro: u128 = micro.saturating_to();
    format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

impl Report {
    /// The one way of writing `diff` as a sum of our programs' init-gas differences (uncached
    /// minus cached), at most 4 calls into each, e.g. `LossAbsorber + 2 × BackstopVault`.
    fn entries(&self, diff: i64) -> Option<String> {
        let deltas: Vec<(&str, i64)> = self
            .stylus
            .iter()
            .filter_map(|c| {
                c.init_gas
                    .map(|(g, cached)| (c.name, g as i64 - cached as i64))
            })
            .filter(|(_, d)| *d > 0)
            .collect();
        let mut found = Vec::new();
        let combos = 5usize.pow(deltas.len() as u32);
        for mut k in 0..combos {
            let mut counts = Vec::new();
            for _ in &deltas {
                counts.push((k % 5) as i64);
                k /= 5;
            }
            let sum: i64 = counts.iter().zip(&deltas).map(|(n, (_, d))| n * d).sum();
            if sum == diff {
                found.push(counts);
            }
        }
        match found.as_slice() {
            [counts] => Some(
                counts
                    .iter()
                    .zip(&deltas)
                    .filter(|(n, _)| **n > 0)
                    .map(|(n, (name, _))| match n {
                        1 => name.to_string(),
                        n => format!("{n} × {name}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" + "),
            )
            .filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    fn rows(&self, group: Group) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.group == group)
    }

    /// The markdown document.
    /// The table of `group` against one Solidity column named `solidity`, then a blank line.
    fn gas_table(&self, m: &mut String, group: Group, solidity: &str) {
        let _ = writeln!(
            m,
            "| operation | Stylus cached | Stylus uncached | {solidity} | ratio cached | ratio uncached | storage floor | intrinsic |"
        );
        let _ = writeln!(m, "|---|---:|---:|---:|---:|---:|---:|---:|");
        for r in self.rows(group) {
            let _ = writeln!(
                m,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                r.name,
                gas_cell(r.stylus),
                gas_cell(r.stylus_uncached),
                gas_cell(r.solidity),
                ratio_cell(ratio(r.stylus, r.solidity)),
                ratio_cell(ratio(r.stylus_uncached, r.solidity)),
                commas(floors::total(r.floor)),
                commas(r.intrinsic),
            );
        }
        let _ = writeln!(m);
    }

    /// Whether 0.9× the Solidity gas can be reached, operation by operation, against the bound
    /// no implementation of our semantics can go below.
    fn target_section(&self, m: &mut String) {
        let _ = writeln!(m, "## The 0.9× target\n");
        let _ = writeln!(
            m,
            "No implementation of our semantics, in any language, is charged less than its \
             `bound`: the intrinsic gas plus the storage floor, less the most the floor's refunds \
             give back. Where 0.9× a Solidity figure is below the bound, that target is out of reach \
             by construction, whatever the code. Elsewhere `room` is what 0.9× leaves for \
             everything that is not storage (logs, the calls into the token, vault or target, \
             2,600 for each cold account, the program's entry and its code), and the last two \
             columns show what each side spends above the bound today. Like for like is \
             BaselineVault for the vault, the table's Solidity reference otherwise.\n"
        );
        let _ = writeln!(
            m,
            "| operation | bound | 0.9× like for like | room | 0.9× OZ ERC4626 | Solidity above the bound | ours above the bound (cached) |"
        );
        let _ = writeln!(m, "|---|---:|---:|---:|---:|---:|---:|");
        let (mut out_of_reach, mut measured) = (0, 0);
        let (mut oz_out_of_reach, mut oz_measured) = (0, 0);
        for r in &self.rows {
            let (Some(ours), Some(like)) = (r.stylus, r.like_for_like()) else {
                continue;
            };
            measured += 1;
            let bound = r.lower_bound();
            let target = like * 9 / 10;
            let room = target as i64 - bound as i64;
            if room < 0 {
                out_of_reach += 1;
            }
            let oz = (r.group == Group::Vault && r.solidity_contract == "OZVault")
                .then_some(r.solidity)
                .flatten();
            let oz_cell = oz.map_or_else(
                || "n/a".to_string(),
                |oz| {
                    let t = oz * 9 / 10;
                    oz_measured += 1;
                    if t < bound {
                        oz_out_of_reach += 1;
                        format!("{} (below the bound)", commas(t))
                    } else {
                        commas(t)
                    }
                },
            );
            let room_cell = if room < 0 {
                format!("{} (out of reach)", signed(room))
            } else {
                commas(room as u64)
            };
            let _ = writeln!(
                m,
                "| `{}.{}` | {} | {} | {} | {} | {} | {} |",
                r.group.key(),
                r.name,
                commas(bound),
                commas(target),
                room_cell,
                oz_cell,
                signed(like as i64 - bound as i64),
                signed(ours as i64 - bound as i64),
            );
        }
        let _ = writeln!(
            m,
            "\nOf {measured} operations with a like-for-like figure, {out_of_reach} cannot reach \
             0.9× of it by construction; against plain OpenZeppelin ERC4626, {oz_out_of_reach} of \
             {oz_measured} (its semantics leave out state ours must read and write). Logs and \
             calls cost Stylus the same gas as Solidity; what Stylus can save is its own code's \
             execution, the `WASM execution` and hostio rows of the breakdown below.\n"
        );
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let m = &mut md;
        let _ = writeln!(m, "# Gas benchmark: Stylus against Solidity\n");
        let _ = writeln!(
            m,
            "Written by `bash bench/gas.sh` (`cargo run -p backstop-e2e --example gas_bench` after \
             compiling the Solidity side); do not edit by hand. One run{}, {} s of measuring. \
             Nothing here is asserted: the figures are what the receipts said.\n",
            self.commit
                .as_ref()
                .map_or(String::new(), |c| format!(" at commit `{c}`")),
            self.seconds
        );
        let _ = writeln!(
            m,
            "Our three contracts (compiled to WASM as `backstop-build` builds them) and the Solidity \
             baselines (solc {}, optimizer on, 200 runs, EVM version Prague; \
             `@openzeppelin/contracts` {}) are deployed on one embedded Stylus devnode and driven \
             through the same operations by the same accounts, at the same offsets in time (every \
             measured transaction is mined at a forced timestamp, so premium vesting, cooldown \
             windows and timelock delays are identical on both sides). Every vault holds the same \
             asset, an OpenZeppelin ERC20 with 6 decimals, so the token's share of a figure is the \
             same on both sides. A figure is the receipt's `gasUsed`: 21,000 intrinsic gas, \
             calldata and execution, after refunds; the devnode charges no L1 data (poster) gas. \
             Ratio = Stylus / Solidity (below 1: Stylus is cheaper).\n",
            self.solc, self.openzeppelin
        );
        let _ = writeln!(
            m,
            "Every Stylus operation is measured twice, on two devnodes driven through the same \
             transactions by the same accounts at the same offsets in time: with programs \
             **cached** (the devnode's default, as on `nitro --dev` chains in practice) and \
             **uncached** (`NodeConfig::programs_cached = false`: every call into a program pays \
             the full init gas, as a program outside Nitro's cache does on Arbitrum). Ratios are \
             given for both; see [Cached and uncached](#cached-and-uncached).\n"
        );
        let _ = writeln!(
            m,
            "`storage floor` is the SLOAD/SSTORE gas of the state the operation must read and \
             change, each slot once at its cheapest (see [Storage floor](#storage-floor)); \
             `intrinsic` is 21,000 plus the calldata gas of the transaction (the same calldata on \
             both sides). Neither is included in the other.\n"
        );

        let span = |rows: Vec<Option<f64>>| {
            let rs: Vec<f64> = rows.into_iter().flatten().collect();
            let min = rs.iter().copied().fold(f64::INFINITY, f64::min);
            let max = rs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if rs.is_empty() {
                "n/a".to_string()
            } else {
                format!("{min:.2}–{max:.2}×")
            }
        };
        let vault_like = span(
            self.rows(Group::Vault)
                .map(|r| ratio(r.stylus, r.baseline))
                .collect(),
        );
        let vault_oz = span(
            self.rows(Group::Vault)
                .filter(|r| r.solidity_contract == "OZVault")
                .map(|r| ratio(r.stylus, r.solidity))
                .collect(),
        );
        let absorber = span(
            self.rows(Group::Absorber)
                .map(|r| ratio(r.stylus, r.solidity))
                .collect(),
        );
        let timelock = span(
            self.rows(Group::Timelock)
                .map(|r| ratio(r.stylus, r.solidity))
                .collect(),
        );
        let vault_like_u = span(
            self.rows(Group::Vault)
                .map(|r| ratio(r.stylus_uncached, r.baseline))
                .collect(),
        );
        let absorber_u = span(
            self.rows(Group::Absorber)
                .map(|r| ratio(r.stylus_uncached, r.solidity))
                .collect(),
        );
        let timelock_u = span(
            self.rows(Group::Timelock)
                .map(|r| ratio(r.stylus_uncached, r.solidity))
                .collect(),
        );
        // Of the summed gap to plain OpenZeppelin ERC4626, the part that is storage floor.
        let (mut gap, mut floor_gap) = (0i64, 0i64);
        for r in self.rows(Group::Vault) {
            if let (Some(s), Some(o), Some(f)) = (r.stylus, r.solidity, r.solidity_floor) {
                if r.solidity_contract == "OZVault" {
                    gap += s as i64 - o as i64;
                    floor_gap += floors::total(r.floor) as i64 - floors::total(f) as i64;
                }
            }
        }
        let share = if gap > 0 {
            format!("{}%", floor_gap * 100 / gap)
        } else {
            "n/a".to_string()
        };
        let _ = writeln!(
            m,
            "**In short** (ratios of this run): like for like, ours costs {vault_like} the Solidity \
             gas for the vault operations (against BaselineVault), {absorber} for the loss \
             absorber (against BaselineAbsorber) and {timelock} for the timelock (against \
             OpenZeppelin's TimelockController). Against OpenZeppelin's plain ERC4626 the vault \
             costs {vault_oz}; {share} of that difference, summed over the operations both have, \
             is the storage floor of the state our semantics read and write and OpenZeppelin's \
             does not (deposit cap, pause and freeze, premium vesting, cooldown snapshots, \
             internal `totalAssets`). These are cached programs; uncached, the same operations \
             cost {vault_like_u} (vault), {absorber_u} (absorber) and {timelock_u} (timelock).\n"
        );
        let _ = writeln!(m, "## BackstopVault against OpenZeppelin ERC4626\n");
        let _ = writeln!(
            m,
            "`OZ ERC4626` is OpenZeppelin's ERC4626 as it comes (with our 3-decimal offset): no \
             deposit cap, pause, premium vesting or cooldown, `totalAssets` = the vault's token \
             balance. `BaselineVault` (bench/solidity/contracts/BaselineBackstop.sol) is our \
             vault's semantics and storage layout written in Solidity on top of OpenZeppelin's \
             ERC4626: the like-for-like comparison. `OZ floor` is the storage floor of the plain \
             OpenZeppelin semantics. Withdraw and redeem run in the owner's unstake window (after \
             `cooldown` and the 10-day cooldown period) on ours and BaselineVault.\n"
        );
        let _ = writeln!(
            m,
            "| operation | Stylus cached | Stylus uncached | OZ ERC4626 | ratio cached | ratio uncached | BaselineVault | ratio cached | ratio uncached | storage floor | OZ floor | intrinsic |"
        );
        let _ = writeln!(
            m,
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for r in self.rows(Group::Vault) {
            let oz = if r.solidity_contract == "OZVault" {
                r.solidity
            } else {
                None
            };
            let oz_floor = r
                .solidity_floor
                .map(floors::total)
                .or(oz.map(|_| floors::total(r.floor)));
            let _ = writeln!(
                m,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.name,
                gas_cell(r.stylus),
                gas_cell(r.stylus_uncached),
                gas_cell(oz),
                ratio_cell(ratio(r.stylus, oz)),
                ratio_cell(ratio(r.stylus_uncached, oz)),
                gas_cell(r.baseline),
                ratio_cell(ratio(r.stylus, r.baseline)),
                ratio_cell(ratio(r.stylus_uncached, r.baseline)),
                commas(floors::total(r.floor)),
                gas_cell(oz_floor),
                commas(r.intrinsic),
            );
        }
        let _ = writeln!(m);

        let _ = writeln!(m, "## LossAbsorber against a Solidity baseline\n");
        let _ = writeln!(
            m,
            "OpenZeppelin has no loss absorber: the Solidity side is `BaselineAbsorber` with \
             `BaselineVault` as its vault (bench/solidity/contracts/BaselineBackstop.sol: the same \
             per-market lifetime cap, exact rolling window over a log of covers with binary search, \
             the vault's max slash per loss, `lossId` replay, deficit accounting, books written \
             before the vault pays). Ours is `LossAbsorber` calling `BackstopVault.cover`. Market \
             cap 38,000, window 60,000 per day, max slash 30 %; a premium is vesting, so every \
             cover accrues it. The losses, in order: 5,000 (`g1`), `g1` again, 5,000 (`g2`), \
             500,000 (`g3`: the cover stops at the market's cap), 1,000 (`g4`: cap used up).\n"
        );
        self.gas_table(m, Group::Absorber, "Solidity baseline");

        let _ = writeln!(
            m,
            "## GovernanceTimelock against OpenZeppelin TimelockController\n"
        );
        let _ = writeln!(
            m,
            "Both timelocks: minimum delay 2 days, the same account as proposer, canceller and \
             executor, and each its own `BenchTarget` (one `uint256`) as the target, so that \
             `execute` costs the same call on both. The single call is `target.set(1)`, the batch \
             `target.set(2)`, `target.set(3)`; ids, predecessor (none) and salts as OpenZeppelin \
             computes them. `scheduleEmergency` (`vault.pause` through the allow-listed emergency \
             path) has no OpenZeppelin counterpart.\n"
        );
        self.gas_table(m, Group::Timelock, "OZ TimelockController");

        self.target_section(m);

        let _ = writeln!(m, "## Code size and activation\n");
        let _ = writeln!(
            m,
            "Ours: `deployed` is what goes on chain (4-byte Stylus prefix + brotli, as \
             `cargo run -p backstop-build` prints), against Arbitrum's 24,576-byte limit. The data \
             fee is `ArbWasm.activateProgram`'s `dataFee` (an `eth_call` with the code at a scratch \
             address, before anything was activated on the fresh devnode; it follows the chain's \
             data price). `deploy gas` is the StylusDeployer transaction (create, activate, \
             constructor in one). `entry gas` is `ArbWasm.programInitGas`: what a call pays to \
             enter the program, uncached / cached.\n"
        );
        let _ = writeln!(
            m,
            "| contract | WASM (B) | deployed (B) | of 24,576 B | data fee (ETH) | deploy gas | entry gas uncached / cached |"
        );
        let _ = writeln!(m, "|---|---:|---:|---:|---:|---:|---:|");
        for c in &self.stylus {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {:.1}% | {} | {} | {} |",
                c.name,
                commas(c.wasm as u64),
                commas(c.deployed as u64),
                100.0 * c.deployed as f64 / CODE_LIMIT as f64,
                c.data_fee.map_or_else(|| "n/a".to_string(), eth),
                commas(c.deploy_gas),
                c.init_gas.map_or_else(
                    || "n/a".to_string(),
                    |(g, cached)| format!("{} / {}", commas(g), commas(cached))
                ),
            );
        }
        let _ = writeln!(m);
        let _ = writeln!(
            m,
            "Solidity: runtime code on chain against the EIP-170 limit (also 24,576 B), and the \
             CREATE transaction's gas. No activation step.\n"
        );
        let _ = writeln!(
            m,
            "| contract | stands for | runtime (B) | of 24,576 B | deploy gas |"
        );
        let _ = writeln!(m, "|---|---|---:|---:|---:|");
        for c in &self.solidity {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {:.1}% | {} |",
                c.name,
                c.role,
                commas(c.runtime as u64),
                100.0 * c.runtime as f64 / CODE_LIMIT as f64,
                commas(c.deploy_gas),
            );
        }
        let _ = writeln!(m);

        let _ = writeln!(m, "## Cached and uncached\n");
        let _ = writeln!(
            m,
            "On Arbitrum a call into a Stylus program pays an entry cost before any of its code \
             runs: the cached init gas if the program is in Nitro's cache (ArbWasmCache, or \
             ArbOS's recent-programs cache), the full init gas otherwise (`entry gas uncached / \
             cached` in the table above, from `ArbWasm.programInitGas`). The devnode counts every \
             activated program as cached by default; the benchmark runs every Stylus operation \
             a second time on a devnode started with `NodeConfig::programs_cached = false`, with \
             the same accounts, deployments, forced timestamps and calldata (the Solidity figures \
             of both nodes are checked equal). Everything but the entry is the same, so an \
             operation's difference is, per call into a program, that program's uncached init \
             gas minus its cached one: a vault `deposit` enters one program, an `absorbLoss` that \
             covers enters the absorber once and the vault twice (`maxCoverable`, then `cover`). \
             `entries` below is the one combination of calls into our programs whose init-gas \
             differences add up to the measured difference exactly. Solidity has no such cost.\n"
        );
        let _ = writeln!(
            m,
            "| operation | cached | uncached | difference | entries |"
        );
        let _ = writeln!(m, "|---|---:|---:|---:|---|");
        for r in &self.rows {
            let (Some(c), Some(u)) = (r.stylus, r.stylus_uncached) else {
                continue;
            };
            let diff = u as i64 - c as i64;
            let _ = writeln!(
                m,
                "| {} `{}` | {} | {} | {} | {} |",
                r.group.key(),
                r.name,
                commas(c),
                commas(u),
                if diff >= 0 {
                    format!("+{}", commas(diff as u64))
                } else {
                    format!("−{}", commas(diff.unsigned_abs()))
                },
                self.entries(diff).unwrap_or_else(|| "n/a".to_string()),
            );
        }
        let _ = writeln!(m);

        breakdown::markdown(m, &self.breakdowns);
        let _ = writeln!(m, "## Storage floor\n");
        let _ = writeln!(
            m,
            "The floor of an operation is the storage gas that the state it must read and change \
             costs at the least, whatever the implementation: each slot it must touch counted \
             once, cold (EIP-2929), at the cheapest SSTORE price for its change (EIP-2200/3529):\n\n\
             - read, not changed: cold SLOAD **2,100**;\n\
             - non-zero → non-zero: 2,100 + 2,900 = **5,000** (the read before the write included);\n\
             - zero → non-zero: 2,100 + 20,000 = **22,100**;\n\
             - non-zero → zero: **5,000**, and 4,800 refunded at the end of the transaction \
             (refunds are capped at a fifth of the gas used; listed, not subtracted).\n\n\
             \"Must\" follows our contracts' semantics (docs/SPEC.md and the decisions in their doc \
             comments) and storage layout: values that share a slot are one slot \
             (`frozenUntil|paused`, `vestStart|vestEnd`, the four `u64` periods). Not counted: \
             values fixed at construction (the asset, the vault's address: an `immutable` costs \
             Solidity no storage access, while Stylus has no immutables and ours pay a cold SLOAD \
             for each), further accesses to a warm slot (100 each), writes that leave a value \
             unchanged, and what is not storage (intrinsic gas, calldata, 2,600 per cold account \
             called, logs, hashing, memory). `token.*` is the shared ERC20 asset, `m` the market, \
             `id` the lossId or operation id.\n"
        );
        for r in &self.rows {
            let _ = writeln!(
                m,
                "**{}** `{}`: {} gas{}\n",
                r.group.key(),
                r.name,
                commas(floors::total(r.floor)),
                match floors::refunds(r.floor) {
                    0 => String::new(),
                    x => format!(" (refund {})", commas(x)),
                }
            );
            for s in r.floor {
                let _ = writeln!(m, "- `{}`: {}", s.what, s.access.label());
            }
            if let Some(sf) = r.solidity_floor {
                let _ = writeln!(
                    m,
                    "- OpenZeppelin ERC4626's semantics touch only: {} → {} gas",
                    sf.iter()
                        .map(|s| format!("`{}` ({})", s.what, s.access.label()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    commas(floors::total(sf))
                );
            }
            let _ = writeln!(m);
        }

        let _ = writeln!(m, "## Caveats\n");
        let _ = writeln!(
            m,
            "- The Stylus figures come from the devnode's model of Nitro's ink pricing and host-I/O \
             costs (devnode/stylus), not from Nitro itself; the EVM figures from revm with Prague \
             rules. Timestamps are forced, so a run is repeatable up to calldata: the \
             accounts are fresh keys every run, and the zero bytes in their addresses and in \
             operation ids move a figure by a few dozen gas (the `intrinsic` column shows it).\n\
             - BaselineVault and BaselineAbsorber are written for this comparison, with natural \
             Solidity idioms (immutables, short-circuits on zero values) and no reentrancy guard \
             (checks-effects-interactions, as OpenZeppelin's ERC4626); they implement only the \
             operations measured plus what the setup needs. Not audited, not for deployment.\n\
             - The OpenZeppelin ERC4626 figures are the price of a simpler contract (no cap, \
             pause, premium, cooldown or internal accounting); compare like with like in the \
             BaselineVault column.\n"
        );
        md
    }

    /// The JSON document.
    pub fn json(&self) -> String {
        let mut ops = Vec::new();
        for r in &self.rows {
            let sf = r.solidity_floor.unwrap_or(r.floor);
            let mut fields = vec![
                ("name", Json::str(&format!("{}.{}", r.group.key(), r.name))),
                ("group", Json::str(r.group.key())),
                ("stylus_gas", Json::opt(r.stylus)),
                ("stylus_gas_uncached", Json::opt(r.stylus_uncached)),
                ("solidity_gas", Json::opt(r.solidity)),
                ("solidity_contract", Json::str(r.solidity_contract)),
                ("ratio", Json::ratio(ratio(r.stylus, r.solidity))),
                (
                    "ratio_uncached",
                    Json::ratio(ratio(r.stylus_uncached, r.solidity)),
                ),
                (
                    "uncached_entries",
                    match (r.stylus, r.stylus_uncached) {
                        (Some(c), Some(u)) => self
                            .entries(u as i64 - c as i64)
                            .map_or(Json::Null, |e| Json::str(&e)),
                        _ => Json::Null,
                    },
                ),
                ("storage_floor", Json::num(floors::total(r.floor))),
                ("storage_floor_refund", Json::num(floors::refunds(r.floor))),
                ("solidity_storage_floor", Json::num(floors::total(sf))),
                ("intrinsic_gas", Json::num(r.intrinsic)),
                ("lower_bound", Json::num(r.lower_bound())),
            ];
            if r.group == Group::Vault {
                fields.push(("baseline_gas", Json::opt(r.baseline)));
                fields.push(("baseline_ratio", Json::ratio(ratio(r.stylus, r.baseline))));
                fields.push((
                    "baseline_ratio_uncached",
                    Json::ratio(ratio(r.stylus_uncached, r.baseline)),
                ));
            }
            if let Some(b) = self.breakdowns.iter().find(|b| b.name == r.name) {
                fields.push(("breakdown", breakdown_json(b)));
            }
            fields.push((
                "floor_slots",
                Json::Arr(
                    r.floor
                        .iter()
                        .map(|s| Json::str(&format!("{}: {}", s.what, s.access.label())))
                        .collect(),
                ),
            ));
            ops.push(Json::obj(fields));
        }
        let stylus = self
            .stylus
            .iter()
            .map(|c| {
                Json::obj(vec![
                    ("name", Json::str(c.name)),
                    ("wasm_bytes", Json::num(c.wasm as u64)),
                    ("deployed_bytes", Json::num(c.deployed as u64)),
                    ("limit_bytes", Json::num(CODE_LIMIT as u64)),
                    (
                        "percent_of_limit",
                        Json::Num(format!(
                            "{:.1}",
                            100.0 * c.deployed as f64 / CODE_LIMIT as f64
                        )),
                    ),
                    (
                        "activation_data_fee_wei",
                        c.data_fee.map_or(Json::Null, |f| Json::str(&f.to_string())),
                    ),
                    ("deploy_tx_gas", Json::num(c.deploy_gas)),
                    (
                        "entry_gas_uncached",
                        c.init_gas.map_or(Json::Null, |(g, _)| Json::num(g)),
                    ),
                    (
                        "entry_gas_cached",
                        c.init_gas.map_or(Json::Null, |(_, g)| Json::num(g)),
                    ),
                ])
            })
            .collect();
        let solidity = self
            .solidity
            .iter()
            .map(|c| {
                Json::obj(vec![
                    ("name", Json::str(c.name)),
                    ("stands_for", Json::str(c.role)),
                    ("runtime_bytes", Json::num(c.runtime as u64)),
                    ("limit_bytes", Json::num(CODE_LIMIT as u64)),
                    (
                        "percent_of_limit",
                        Json::Num(format!(
                            "{:.1}",
                            100.0 * c.runtime as f64 / CODE_LIMIT as f64
                        )),
                    ),
                    ("deploy_tx_gas", Json::num(c.deploy_gas)),
                ])
            })
            .collect();
        let doc =
            Json::obj(vec![
            (
                "generated_by",
                Json::str("bash bench/gas.sh (cargo run -p backstop-e2e --example gas_bench)"),
            ),
            (
                "commit",
                self.commit.as_ref().map_or(Json::Null, |c| Json::str(c)),
            ),
            ("node", Json::str("embedded stylus-devnode (Prague EVM, no L1 gas)")),
            (
                "programs",
                Json::str(
                    "stylus_gas: programs cached (the devnode default); stylus_gas_uncached: the \
                     same transactions on a devnode with NodeConfig::programs_cached = false",
                ),
            ),
            ("solc", Json::str(&self.solc)),
            ("solc_settings", Json::str("optimizer on, runs 200, evmVersion prague")),
            ("openzeppelin_contracts", Json::str(&self.openzeppelin)),
            ("gas", Json::str("receipt gasUsed: intrinsic + calldata + execution, after refunds")),
            ("operations", Json::Arr(ops)),
            ("stylus_contracts", Json::Arr(stylus)),
            ("solidity_contracts", Json::Arr(solidity)),
        ]);
        let mut out = String::new();
        doc.write(&mut out, 0);
        out.push('\n');
        out
    }
}

/// The `breakdown` record of an operation: gas per part, as in the markdown section.
fn breakdown_json(op: &OpBreakdown) -> Json {
    let b = &op.cached;
    let tally = |kind: Kind| {
        let t = b.tally(kind);
        Json::obj(vec![
            ("count", Json::num(t.count)),
            ("gas", Json::Num(b.gas_number(t.ink))),
        ])
    };
    let hostios = b
        .names
        .iter()
        .map(|(name, t)| {
            Json::Obj(vec![
                ("name", Json::str(name)),
                ("count", Json::num(t.count)),
                ("ink", Json::num(t.ink)),
                ("gas", Json::Num(b.gas_number(t.ink))),
            ])
        })
        .collect();
    Json::obj(vec![
        (
            "source",
            Json::str("debug_traceTransaction with the stylusTracer; programs cached unless named uncached"),
        ),
        ("ink_price", Json::num(b.ink_price)),
        ("intrinsic_gas", Json::num(b.intrinsic)),
        ("entry_gas", Json::num(b.entry)),
        ("entry_gas_uncached", Json::num(op.uncached.entry)),
        ("storage_hostios", tally(Kind::Storage)),
        ("calls", tally(Kind::Call)),
        (
            "called",
            Json::Arr(b.calls.iter().map(|c| Json::str(c)).collect()),
        ),
        ("other_hostios", tally(Kind::Other)),
        ("wasm_gas", Json::Num(b.gas_number(b.wasm_ink()))),
        ("program_ink", Json::num(b.ink_used)),
        ("program_gas", Json::num(b.program_gas())),
        ("refund", Json::num(b.refund)),
        ("gas_used", Json::num(b.gas_used)),
        ("gas_used_uncached", Json::num(op.uncached.gas_used)),
        ("hostios", Json::Arr(hostios)),
    ])
}

/// A minimal JSON value (the workspace's serde_json is not a dependency of this crate).
enum Json {
    Null,
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

impl Json {
    fn str(s: &str) -> Json {
        Json::Str(s.to_string())
    }

    fn num(n: u64) -> Json {
        Json::Num(n.to_string())
    }

    fn opt(n: Option<u64>) -> Json {
        n.map_or(Json::Null, Json::num)
    }

    fn ratio(r: Option<f64>) -> Json {
        r.map_or(Json::Null, |r| Json::Num(format!("{r:.3}")))
    }

    fn obj(fields: Vec<(&'static str, Json)>) -> Json {
        Json::Obj(fields)
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            Json::Null => out.push_str("null"),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => escape(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push_str("{\n");
                for (i, (k, v)) in fields.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    escape(out, k);
                    out.push_str(": ");
                    v.write(out, indent + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
}

fn escape(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
