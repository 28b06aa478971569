//! Typed errors of the LossAbsorber. Every revert carries the values that explain it.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolError};
#[cfg(feature = "export-abi")]
use stylus_sdk::prelude::*;

sol! {
    /// `caller` is not the governance.
    #[derive(Debug, PartialEq, Eq)]
    error NotGovernance(address caller);
    /// `caller` is not the pending governance.
    #[derive(Debug, PartialEq, Eq)]
    error NotPendingGovernance(address caller);
    /// A zero address was given where an account or contract is required.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAddress();
    /// A zero amount was given where a positive one is required.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAmount();
    /// `market` is not an enabled market.
    #[derive(Debug, PartialEq, Eq)]
    error MarketNotEnabled(address market);
    /// `market` is already enabled.
    #[derive(Debug, PartialEq, Eq)]
    error MarketAlreadyEnabled(address market);
    /// `settleDeficit` for more than the market's outstanding deficit.
    #[derive(Debug, PartialEq, Eq)]
    error SettleExceedsDeficit(address market, uint256 amount, uint256 deficit);
    /// A market cannot settle its own deficit: nothing would be paid in.
    #[derive(Debug, PartialEq, Eq)]
    error SelfSettlement(address market);
    /// `emergencyMint` for more than the market's outstanding deficit.
    #[derive(Debug, PartialEq, Eq)]
    error MintExceedsDeficit(address market, uint256 amount, uint256 deficit);
    /// `emergencyMint` above what is left of `mintCapPerPeriod` in the current period.
    #[derive(Debug, PartialEq, Eq)]
    error MintCapExceeded(uint256 amount, uint256 available);
    /// The asset refused to mint. `reason`: 1 no code, 2 reverted, 3 returned false, 4 bad return data.
    #[derive(Debug, PartialEq, Eq)]
    error AssetMintFailed(address asset, uint8 reason);
    /// The asset refused a `transferFrom` (same `reason` codes as `AssetMintFailed`).
    #[derive(Debug, PartialEq, Eq)]
    error AssetTransferFailed(address asset, uint8 reason);
    /// A call to the vault reverted (`reason` is its revert data) or returned malformed data
    /// (`reason` empty).
    #[derive(Debug, PartialEq, Eq)]
    error VaultCallFailed(address vault, bytes reason);
    /// The vault covered a different amount than requested (it must pay exactly what it allows).
    #[derive(Debug, PartialEq, Eq)]
    error VaultCoverMismatch(uint256 requested, uint256 covered);
    /// A deficit would exceed `2^256 - 1`.
    #[derive(Debug, PartialEq, Eq)]
    error DeficitOverflow(address market, uint256 amount);
    /// `coverWindow` outside `[min, max]` seconds.
    #[derive(Debug, PartialEq, Eq)]
    error InvalidCoverWindow(uint64 coverWindow, uint64 min, uint64 max);
    /// `mintPeriod` outside `[min, max]` seconds.
    #[derive(Debug, PartialEq, Eq)]
    error InvalidMintPeriod(uint64 mintPeriod, uint64 min, uint64 max);
}

/// Every error the absorber reverts with.
///
/// Its revert data is encoded by hand ([`AbsorberError::encode`]): alloy's generic encoder
/// instantiated for every error type cost kilobytes of WASM. The ABI export build derives
/// `SolidityError` instead (which lists the errors in the interface); a test checks that both
/// encodings agree for every variant.
#[cfg_attr(feature = "export-abi", derive(SolidityError))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbsorberError {
    /// See [`NotGovernance`].
    NotGovernance(NotGovernance),
    /// See [`NotPendingGovernance`].
    NotPendingGovernance(NotPendingGovernance),
    /// See [`ZeroAddress`].
    ZeroAddress(ZeroAddress),
    /// See [`ZeroAmount`].
    ZeroAmount(ZeroAmount),
    /// See [`MarketNotEnabled`].
    MarketNotEnabled(MarketNotEnabled),
    /// See [`MarketAlreadyEnabled`].
    MarketAlreadyEnabled(MarketAlreadyEnabled),
    /// See [`SettleExceedsDeficit`].
    SettleExceedsDeficit(SettleExceedsDeficit),
    /// See [`SelfSettlement`].
    SelfSettlement(SelfSettlement),
    /// See [`MintExceedsDeficit`].
    MintExceedsDeficit(MintExceedsDeficit),
    /// See [`MintCapExceeded`].
    MintCapExceeded(MintCapExceeded),
    /// See [`AssetMintFailed`].
    AssetMintFailed(AssetMintFailed),
    /// See [`AssetTransferFailed`].
    AssetTransferFailed(AssetTransferFailed),
    /// See [`VaultCallFailed`].
    VaultCallFailed(VaultCallFailed),
    /// See [`VaultCoverMismatch`].
    VaultCoverMismatch(VaultCoverMismatch),
    /// See [`DeficitOverflow`].
    DeficitOverflow(DeficitOverflow),
    /// See [`InvalidCoverWindow`].
    InvalidCoverWindow(InvalidCoverWindow),
    /// See [`InvalidMintPeriod`].
    InvalidMintPeriod(InvalidMintPeriod),
}

impl From<backstop_common::governance::GovernanceError> for AbsorberError {
    fn from(err: backstop_common::governance::GovernanceError) -> Self {
        use backstop_common::governance::GovernanceError as G;
        match err {
            G::NotGovernance { caller } => Self::NotGovernance(NotGovernance { caller }),
            G::NotPendingGovernance { caller } => {
                Self::NotPendingGovernance(NotPendingGovernance { caller })
            }
            G::ZeroAddress => Self::ZeroAddress(ZeroAddress {}),
        }
    }
}

fn encode<E: SolError>(words: &[[u8; 32]]) -> Vec<u8> {
    encode_words(E::SELECTOR, words)
}

/// Not generic and never inlined: one copy for every error.
#[inline(never)]
fn encode_words(selector: [u8; 4], words: &[[u8; 32]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * words.len());
    out.extend_from_slice(&selector);
    for w in words {
        out.extend_from_slice(w);
    }
    out
}

#[inline(never)]
fn uint(v: U256) -> [u8; 32] {
    v.to_be_bytes::<32>()
}

fn small(v: u64) -> [u8; 32] {
    uint(U256::from(v))
}

#[inline(never)]
fn addr(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

#[cfg(not(feature = "export-abi"))]
impl From<AbsorberError> for Vec<u8> {
    fn from(err: AbsorberError) -> Vec<u8> {
        err.encode()
    }
}

impl AbsorberError {
    /// The ABI revert data: selector, then the error's fields.
    pub fn encode(&self) -> Vec<u8> {
        use AbsorberError as E;
        match self {
            E::NotGovernance(e) => encode::<NotGovernance>(&[addr(e.caller)]),
            E::NotPendingGovernance(e) => encode::<NotPendingGovernance>(&[addr(e.caller)]),
            E::ZeroAddress(_) => encode::<ZeroAddress>(&[]),
            E::ZeroAmount(_) => encode::<ZeroAmount>(&[]),
            E::MarketNotEnabled(e) => encode::<MarketNotEnabled>(&[addr(e.market)]),
            E::MarketAlreadyEnabled(e) => encode::<MarketAlreadyEnabled>(&[addr(e.market)]),
            E::SettleExceedsDeficit(e) => {
                encode::<SettleExceedsDeficit>(&[addr(e.market), uint(e.amount), uint(e.deficit)])
            }
            E::SelfSettlement(e) => encode::<SelfSettlement>(&[addr(e.market)]),
            E::MintExceedsDeficit(e) => {
                encode::<MintExceedsDeficit>(&[addr(e.market), uint(e.amount), uint(e.deficit)])
            }
            E::MintCapExceeded(e) => {
                encode::<MintCapExceeded>(&[uint(e.amount), uint(e.available)])
            }
            E::AssetMintFailed(e) => {
                encode::<AssetMintFailed>(&[addr(e.asset), small(e.reason.into())])
            }
            E::AssetTransferFailed(e) => {
                encode::<AssetTransferFailed>(&[addr(e.asset), small(e.reason.into())])
            }
            E::VaultCallFailed(e) => {
                // (address vault, bytes reason): head = vault, offset of `reason` (2 words);
                // tail = length, then the bytes right-padded to 32.
                let mut out = encode::<VaultCallFailed>(&[
                    addr(e.vault),
                    small(64),
                    small(e.reason.len() as u64),
                ]);
                out.extend_from_slice(&e.reason);
                out.resize(out.len() + (32 - e.reason.len() % 32) % 32, 0);
                out
            }
            E::VaultCoverMismatch(e) => {
                encode::<VaultCoverMismatch>(&[uint(e.requested), uint(e.covered)])
            }
            E::DeficitOverflow(e) => encode::<DeficitOverflow>(&[addr(e.market), uint(e.amount)]),
            E::InvalidCoverWindow(e) => {
                encode::<InvalidCoverWindow>(&[small(e.coverWindow), small(e.min), small(e.max)])
            }
            E::InvalidMintPeriod(e) => {
                encode::<InvalidMintPeriod>(&[small(e.mintPeriod), small(e.min), small(e.max)])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Bytes;
    use AbsorberError as E;

    #[test]
    fn hand_encoding_matches_alloys_encoding_for_every_variant() {
        let a = Address::repeat_byte(0xab);
        let n = U256::from(0x1234_5678u64);
        let m = U256::MAX;
        let mut cases: Vec<(AbsorberError, Vec<u8>)> = vec![
            (
                E::NotGovernance(NotGovernance { caller: a }),
                NotGovernance { caller: a }.abi_encode(),
            ),
            (
                E::NotPendingGovernance(NotPendingGovernance { caller: a }),
                NotPendingGovernance { caller: a }.abi_encode(),
            ),
            (E::ZeroAddress(ZeroAddress {}), ZeroAddress {}.abi_encode()),
            (E::ZeroAmount(ZeroAmount {}), ZeroAmount {}.abi_encode()),
            (
                E::MarketNotEnabled(MarketNotEnabled { market: a }),
                MarketNotEnabled { market: a }.abi_encode(),
            ),
            (
                E::MarketAlreadyEnabled(MarketAlreadyEnabled { market: a }),
                MarketAlreadyEnabled { market: a }.abi_encode(),
            ),
            (
                E::SettleExceedsDeficit(SettleExceedsDeficit {
                    market: a,
                    amount: n,
                    deficit: m,
                }),
                SettleExceedsDeficit {
                    market: a,
                    amount: n,
                    deficit: m,
                }
                .abi_encode(),
            ),
            (
                E::SelfSettlement(SelfSettlement { market: a }),
                SelfSettlement { market: a }.abi_encode(),
            ),
            (
                E::MintExceedsDeficit(MintExceedsDeficit {
                    market: a,
                    amount: m,
                    deficit: n,
                }),
                MintExceedsDeficit {
                    market: a,
                    amount: m,
                    deficit: n,
                }
                .abi_encode(),
            ),
            (
                E::MintCapExceeded(MintCapExceeded {
                    amount: n,
                    available: m,
                }),
                MintCapExceeded {
                    amount: n,
                    available: m,
                }
                .abi_encode(),
            ),
            (
                E::AssetMintFailed(AssetMintFailed {
                    asset: a,
                    reason: 3,
                }),
                AssetMintFailed {
                    asset: a,
                    reason: 3,
                }
                .abi_encode(),
            ),
            (
                E::AssetTransferFailed(AssetTransferFailed {
                    asset: a,
                    reason: 255,
                }),
                AssetTransferFailed {
                    asset: a,
                    reason: 255,
                }
                .abi_encode(),
            ),
            (
                E::VaultCoverMismatch(VaultCoverMismatch {
                    requested: n,
                    covered: m,
                }),
                VaultCoverMismatch {
                    requested: n,
                    covered: m,
                }
                .abi_encode(),
            ),
            (
                E::DeficitOverflow(DeficitOverflow {
                    market: a,
                    amount: m,
                }),
                DeficitOverflow {
                    market: a,
                    amount: m,
                }
                .abi_encode(),
            ),
            (
                E::InvalidCoverWindow(InvalidCoverWindow {
                    coverWindow: 5,
                    min: 3_600,
                    max: u64::MAX,
                }),
                InvalidCoverWindow {
                    coverWindow: 5,
                    min: 3_600,
                    max: u64::MAX,
                }
                .abi_encode(),
            ),
            (
                E::InvalidMintPeriod(InvalidMintPeriod {
                    mintPeriod: 0,
                    min: 1,
                    max: 2,
                }),
                InvalidMintPeriod {
                    mintPeriod: 0,
                    min: 1,
                    max: 2,
                }
                .abi_encode(),
            ),
        ];
        for len in [0usize, 1, 31, 32, 33, 100] {
            let reason = Bytes::from((0..len).map(|i| i as u8).collect::<Vec<u8>>());
            let e = VaultCallFailed { vault: a, reason };
            cases.push((E::VaultCallFailed(e.clone()), e.abi_encode()));
        }
        for (err, expected) in cases {
            let label = format!("{err:?}");
            assert_eq!(err.encode(), expected, "{label}");
            // The revert data the SDK returns goes through this conversion.
            assert_eq!(Vec::<u8>::from(err), expected, "{label} as revert data");
        }
    }
}
