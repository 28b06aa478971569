//! Program lifetime. Nitro expires a Stylus program `expiryDays` (365) after its activation:
//! every call into it then fails until someone activates it again, so a vault whose program
//! expired freezes every underwriter. `ArbWasm.codehashKeepalive` restarts the clock, at most
//! once per `keepaliveDays` (31) and for a data fee; an expired program can only be activated
//! again (`activateProgram`, for the activation data fee). Storage is never touched by either.

use alloy::{
    contract::{CallBuilder, CallDecoder, Error as ContractError},
    primitives::{Address, B256, U256},
    providers::Provider,
    sol_types::{SolEvent, SolInterface},
};

use crate::{
    bindings::ArbWasm::{self, ArbWasmErrors},
    client::{send, Client},
    deploy::{ARB_WASM, DAY},
    manifest::Manifest,
    units::format_duration_approx as approx,
    Error, Result,
};

/// Below this time to expiry, a program is flagged for renewal.
const RENEW_WARNING: u64 = 30 * DAY;

/// Extra value sent over a quoted fee, in percent: the fee follows the chain's data pricer, which
/// can move between the quote and the transaction. ArbWasm refunds what is not charged.
const FEE_HEADROOM_PERCENT: u64 = 10;

/// Where a program stands in its lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all_fields = "camelCase")]
pub enum Lifetime {
    /// Callable: `age` seconds since its activation or last keepalive, `left` before it expires.
    Active {
        /// Seconds since activation (or the last keepalive).
        age: u64,
        /// Seconds until it expires.
        left: u64,
    },
    /// Expired `age` seconds after its activation: every call fails until it is reactivated.
    Expired {
        /// Seconds since activation.
        age: u64,
    },
    /// Activated at an older Stylus version than the chain's: calls fail until it is reactivated.
    NeedsUpgrade {
        /// The program's version.
        version: u16,
        /// The chain's version.
        current: u16,
    },
    /// Never activated.
    NotActivated,
}

impl Lifetime {
    /// Whether calls into the program run.
    pub fn is_callable(self) -> bool {
        matches!(self, Lifetime::Active { .. })
    }
}

/// The chain's lifetime rules (ArbWasm's `expiryDays` and `keepaliveDays`), in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifetimeRules {
    /// A program expires this long after its activation or last keepalive.
    pub expiry: u64,
    /// A keepalive is refused until the program is this old.
    pub keepalive_after: u64,
}

/// One deployed program of the system and its lifetime.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Program {
    /// The contract's name in the manifest.
    pub name: String,
    /// Where it is deployed.
    pub address: Address,
    /// Its code hash (the activation key).
    pub code_hash: B256,
    /// Where it stands.
    pub lifetime: Lifetime,
}

/// What `keepalive` did (or, in a dry run, would do) for one program.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all_fields = "camelCase")]
pub enum Renewal {
    /// `codehashKeepalive` restarted the clock, for `fee` wei (`tx` is `None` in a dry run).
    /// The fee is what the chain charged (its event), the quote in a dry run.
    Renewed {
        /// The data fee charged (quoted in a dry run).
        #[serde(serialize_with = "crate::status::dec")]
        fee: U256,
        /// The transaction.
        tx: Option<B256>,
    },
    /// The program had expired (or needed an upgrade) and `activateProgram` activated it again.
    Reactivated {
        /// The data fee charged (quoted in a dry run).
        #[serde(serialize_with = "crate::status::dec")]
        fee: U256,
        /// The transaction.
        tx: Option<B256>,
    },
    /// Renewed too recently: ArbWasm accepts a keepalive again in this many seconds.
    TooSoon {
        /// Seconds until a keepalive is accepted.
        wait: u64,
    },
}

/// The chain's expiry and keepalive periods.
pub async fn lifetime_rules(client: &Client) -> Result<LifetimeRules> {
    let arb_wasm = ArbWasm::new(ARB_WASM, &client.provider);
    Ok(LifetimeRules {
        expiry: u64::from(arb_wasm.expiryDays().call().await?) * DAY,
        keepalive_after: u64::from(arb_wasm.keepaliveDays().call().await?) * DAY,
    })
}

/// Every program of the manifest with its lifetime under the chain's `rules`.
pub async fn programs(
    client: &Client,
    manifest: &Manifest,
    rules: LifetimeRules,
) -> Result<Vec<Program>> {
    let mut out = Vec::with_capacity(manifest.contracts.len());
    for (name, c) in &manifest.contracts {
        out.push(Program {
            name: name.clone(),
            address: c.address,
            code_hash: c.code_hash,
            lifetime: lifetime(client, c.address, rules).await?,
        });
    }
    Ok(out)
}

/// Where the program at `address` stands, from `ArbWasm.programTimeLeft` (whose typed error
/// says why a program is not callable).
pub async fn lifetime(client: &Client, address: Address, rules: LifetimeRules) -> Result<Lifetime> {
    let arb_wasm = ArbWasm::new(ARB_WASM, &client.provider);
    match arb_wasm.programTimeLeft(address).call().await {
        Ok(left) => Ok(Lifetime::Active {
            age: rules.expiry.saturating_sub(left),
            left,
        }),
        Err(e) => match arb_wasm_error(&e) {
            Some(ArbWasmErrors::ProgramExpired(x)) => Ok(Lifetime::Expired {
                age: x.ageInSeconds,
            }),
            Some(ArbWasmErrors::ProgramNeedsUpgrade(x)) => Ok(Lifetime::NeedsUpgrade {
                version: x.version,
                current: x.stylusVersion,
            }),
            Some(ArbWasmErrors::ProgramNotActivated(_)) => Ok(Lifetime::NotActivated),
            _ => Err(e.into()),
        },
    }
}

/// Why a failed call to `address` failed, when the reason is the program's lifetime: an
/// [`Error::NotCallable`] naming the contract; otherwise `error` as it was.
pub async fn explain_failure(
    client: &Client,
    manifest: &Manifest,
    address: Address,
    error: Error,
) -> Error {
    let Ok(rules) = lifetime_rules(client).await else {
        return error;
    };
    match lifetime(client, address, rules).await {
        Ok(life) if !life.is_callable() => Error::NotCallable {
            contract: manifest.name_of(address),
            address,
            why: describe(life, rules),
        },
        _ => error,
    }
}

/// Keeps every program of `manifest` callable, paid by `from`: renews each active one that is
/// old enough (`codehashKeepalive`) and activates again each one that expired or needs an
/// upgrade. With `dry_run`, only quotes the fees. Programs sharing a code hash are renewed once.
pub async fn keepalive(
    client: &Client,
    manifest: &Manifest,
    from: Address,
    dry_run: bool,
) -> Result<Vec<(Program, Renewal)>> {
    let arb_wasm = ArbWasm::new(ARB_WASM, &client.provider);
    let rules = lifetime_rules(client).await?;
    let mut done: Vec<(B256, Renewal)> = Vec::new();
    let mut out = Vec::new();
    for program in programs(client, manifest, rules).await? {
        if let Some((_, renewal)) = done.iter().find(|(h, _)| *h == program.code_hash) {
            out.push((program, renewal.clone()));
            continue;
        }
        let step = format!("keep {} ({}) alive", program.name, program.address);
        let renewal = match program.lifetime {
            Lifetime::Active { age, .. } if age < rules.keepalive_after => Renewal::TooSoon {
                wait: rules.keepalive_after - age,
            },
            Lifetime::Active { .. } => {
                let call = arb_wasm.codehashKeepalive(program.code_hash).from(from);
                let (fee, tx) =
                    pay::<ArbWasm::ProgramLifetimeExtended, _, _>(call, dry_run, |e| e.dataFee)
                        .await
                        .map_err(|e| e.in_step(&step))?;
                Renewal::Renewed { fee, tx }
            }
            Lifetime::Expired { .. } | Lifetime::NeedsUpgrade { .. } | Lifetime::NotActivated => {
                let call = arb_wasm.activateProgram(program.address).from(from);
                let (fee, tx) =
                    pay::<ArbWasm::ProgramActivated, _, _>(call, dry_run, |e| e.dataFee)
                        .await
                        .map_err(|e| e.in_step(&step))?;
                Renewal::Reactivated { fee, tx }
            }
        };
        done.push((program.code_hash, renewal.clone()));
        out.push((program, renewal));
    }
    Ok(out)
}

/// A program's lifetime in words, e.g. `activated 12d ago, expires in 353d (renewable in 19d)`.
pub fn describe(life: Lifetime, rules: LifetimeRules) -> String {
    match life {
        Lifetime::Active { age, left } => {
            let renew = if age < rules.keepalive_after {
                format!("renewable in {}", approx(rules.keepalive_after - age))
            } else {
                "renewable now".into()
            };
            let warn = if left < RENEW_WARNING {
                "; RENEW SOON"
            } else {
                ""
            };
            format!(
                "activated {} ago, expires in {} ({renew}){warn}",
                approx(age),
                approx(left)
            )
        }
        Lifetime::Expired { age } => format!(
            "EXPIRED {} ago (activated {} ago): every call fails until it is activated again",
            approx(age.saturating_sub(rules.expiry)),
            approx(age)
        ),
        Lifetime::NeedsUpgrade { version, current } => format!(
            "NEEDS UPGRADE: activated at Stylus version {version}, the chain is at {current}; \
             every call fails until it is activated again"
        ),
        Lifetime::NotActivated => "NOT ACTIVATED: every call fails until it is activated".into(),
    }
}

/// The programs section of `backstop status`.
pub fn programs_report(programs: &[Program], rules: LifetimeRules) -> String {
    let mut out = format!(
        "Programs (a Stylus program expires {} after its activation unless kept alive: `backstop keepalive`)\n",
        approx(rules.expiry)
    );
    for p in programs {
        out.push_str(&format!(
            "  {:<19} {} {}\n",
            p.name,
            p.address,
            describe(p.lifetime, rules)
        ));
    }
    out
}

/// The ArbWasm error in a failed call, if it is one.
fn arb_wasm_error(e: &ContractError) -> Option<ArbWasmErrors> {
    e.as_revert_data()
        .and_then(|data| ArbWasmErrors::abi_decode(&data).ok())
}

/// Pays the data fee of a payable ArbWasm call: quotes it by an `eth_call` without value (which
/// fails with `ProgramInsufficientValue(have, want)` naming the fee, or succeeds when it is
/// zero), then, unless `dry_run`, sends it with headroom and reads the fee charged from the
/// event `E`. Returns the fee (quoted in a dry run) and the transaction.
async fn pay<E, P, D>(
    call: CallBuilder<P, D>,
    dry_run: bool,
    fee_of: impl Fn(&E) -> U256,
) -> Result<(U256, Option<B256>)>
where
    E: SolEvent,
    P: Provider,
    D: CallDecoder,
{
    let quoted = match call.call().await {
        Ok(_) => U256::ZERO,
        Err(e) => match arb_wasm_error(&e) {
            Some(ArbWasmErrors::ProgramInsufficientValue(x)) => x.want,
            _ => return Err(Error::from(e)),
        },
    };
    if dry_run {
        return Ok((quoted, None));
    }
    let receipt = send(call.value(with_headroom(quoted))).await?;
    let charged = receipt
        .logs()
        .iter()
        .find_map(|log| log.log_decode::<E>().ok())
        .map_or(quoted, |log| fee_of(&log.inner.data));
    Ok((charged, Some(receipt.transaction_hash)))
}

fn with_headroom(fee: U256) -> U256 {
    fee + fee * U256::from(FEE_HEADROOM_PERCENT) / U256::from(100)
}
