//! Errors of the BackstopVault: one Solidity error per reason, carrying the values that explain it.

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, U256};
use alloy_sol_types::{sol, SolError};
use backstop_common::{governance::GovernanceError, TokenCallError};

sol! {
    /// ERC-20: `sender` holds `balance` shares, less than `needed`.
    #[derive(Debug, PartialEq)]
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// ERC-20: `spender` may move `allowance` shares, less than `needed`.
    #[derive(Debug, PartialEq)]
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// ERC-20: shares cannot come from `sender` (the zero address).
    #[derive(Debug, PartialEq)]
    error ERC20InvalidSender(address sender);
    /// Shares or assets cannot go to `receiver` (the zero address).
    #[derive(Debug, PartialEq)]
    error ERC20InvalidReceiver(address receiver);
    /// ERC-20: `spender` (the zero address) cannot be approved.
    #[derive(Debug, PartialEq)]
    error ERC20InvalidSpender(address spender);
    /// ERC-4626: depositing `assets` for `receiver` exceeds `max` (cap, pause or post-loss freeze).
    #[derive(Debug, PartialEq)]
    error ERC4626ExceededMaxDeposit(address receiver, uint256 assets, uint256 max);
    /// ERC-4626: minting `shares` for `receiver` exceeds `max` (cap, pause or post-loss freeze).
    #[derive(Debug, PartialEq)]
    error ERC4626ExceededMaxMint(address receiver, uint256 shares, uint256 max);
    /// ERC-4626: withdrawing `assets` of `owner` exceeds `max` (cooldown window and snapshot).
    #[derive(Debug, PartialEq)]
    error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max);
    /// ERC-4626: redeeming `shares` of `owner` exceeds `max` (cooldown window and snapshot).
    #[derive(Debug, PartialEq)]
    error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max);
    /// `caller` is not the governance.
    #[derive(Debug, PartialEq)]
    error NotGovernance(address caller);
    /// `caller` is not the pending governance.
    #[derive(Debug, PartialEq)]
    error NotPendingGovernance(address caller);
    /// `caller` is not the loss module.
    #[derive(Debug, PartialEq)]
    error NotLossModule(address caller);
    /// `caller` is neither the guardian nor the governance.
    #[derive(Debug, PartialEq)]
    error NotGuardianOrGovernance(address caller);
    /// `value` for `parameter` (its name, left-aligned ASCII) is outside `[min, max]`.
    #[derive(Debug, PartialEq)]
    error ParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);
    /// `parameter` (its name, left-aligned ASCII) cannot be the zero address.
    #[derive(Debug, PartialEq)]
    error ZeroAddress(bytes32 parameter);
    /// The amount must be positive.
    #[derive(Debug, PartialEq)]
    error ZeroAmount();
    /// `account` holds no shares to put in cooldown.
    #[derive(Debug, PartialEq)]
    error NothingToCooldown(address account);
    /// A call to `token` failed; `reason`: 1 no code, 2 reverted, 3 returned false,
    /// 4 malformed return data.
    #[derive(Debug, PartialEq)]
    error TokenCallFailed(address token, uint8 reason);
    /// The asset reports `decimals` decimals; shares would need more than 255.
    #[derive(Debug, PartialEq)]
    error AssetDecimalsTooLarge(uint8 decimals);
    /// An amount does not fit in 256 bits.
    #[derive(Debug, PartialEq)]
    error MathOverflow();
}

/// Every way a vault call can fail.
///
/// Derives `SolidityError` for the ABI export and native tests; the WASM build uses the
/// equivalent, much smaller [`encode_error`] (see the `From` impl at the end of this file).
#[cfg_attr(
    any(test, feature = "export-abi"),
    derive(stylus_sdk::prelude::SolidityError)
)]
#[derive(Debug, PartialEq)]
pub enum Error {
    /// See [`ERC20InsufficientBalance`].
    InsufficientBalance(ERC20InsufficientBalance),
    /// See [`ERC20InsufficientAllowance`].
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// See [`ERC20InvalidSender`].
    InvalidSender(ERC20InvalidSender),
    /// See [`ERC20InvalidReceiver`].
    InvalidReceiver(ERC20InvalidReceiver),
    /// See [`ERC20InvalidSpender`].
    InvalidSpender(ERC20InvalidSpender),
    /// See [`ERC4626ExceededMaxDeposit`].
    ExceededMaxDeposit(ERC4626ExceededMaxDeposit),
    /// See [`ERC4626ExceededMaxMint`].
    ExceededMaxMint(ERC4626ExceededMaxMint),
    /// See [`ERC4626ExceededMaxWithdraw`].
    ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw),
    /// See [`ERC4626ExceededMaxRedeem`].
    ExceededMaxRedeem(ERC4626ExceededMaxRedeem),
    /// See [`NotGovernance`].
    NotGovernance(NotGovernance),
    /// See [`NotPendingGovernance`].
    NotPendingGovernance(NotPendingGovernance),
    /// See [`NotLossModule`].
    NotLossModule(NotLossModule),
    /// See [`NotGuardianOrGovernance`].
    NotGuardianOrGovernance(NotGuardianOrGovernance),
    /// See [`ParameterOutOfBounds`].
    ParameterOutOfBounds(ParameterOutOfBounds),
    /// See [`ZeroAddress`].
    ZeroAddress(ZeroAddress),
    /// See [`ZeroAmount`].
    ZeroAmount(ZeroAmount),
    /// See [`NothingToCooldown`].
    NothingToCooldown(NothingToCooldown),
    /// See [`TokenCallFailed`].
    TokenCallFailed(TokenCallFailed),
    /// See [`AssetDecimalsTooLarge`].
    AssetDecimalsTooLarge(AssetDecimalsTooLarge),
    /// See [`MathOverflow`].
    MathOverflow(MathOverflow),
}

/// A parameter's name as a left-aligned ASCII `bytes32` (for [`ParameterOutOfBounds`] and
/// [`ZeroAddress`]).
pub const fn param(name: &str) -> FixedBytes<32> {
    let bytes = name.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < bytes.len() && i < 32 {
        out[i] = bytes[i];
        i += 1;
    }
    FixedBytes(out)
}

impl Error {
    /// [`MathOverflow`].
    pub fn overflow() -> Self {
        Error::MathOverflow(MathOverflow {})
    }

    /// [`ZeroAddress`] for `parameter`.
    pub fn zero_address(parameter: &str) -> Self {
        Error::ZeroAddress(ZeroAddress {
            parameter: param(parameter),
        })
    }

    /// [`TokenCallFailed`] for a failed call to `token`.
    pub fn token(token: Address, err: TokenCallError) -> Self {
        Error::TokenCallFailed(TokenCallFailed {
            token,
            reason: err.code(),
        })
    }
}

impl From<GovernanceError> for Error {
    fn from(err: GovernanceError) -> Self {
        match err {
            GovernanceError::NotGovernance { caller } => {
                Error::NotGovernance(NotGovernance { caller })
            }
            GovernanceError::NotPendingGovernance { caller } => {
                Error::NotPendingGovernance(NotPendingGovernance { caller })
            }
            GovernanceError::ZeroAddress => Error::zero_address("governance"),
        }
    }
}

/// An address as an ABI word.
fn addr(a: &Address) -> U256 {
    U256::from_be_slice(a.as_slice())
}

/// ABI encoding of `err` (selector + static words), exactly what `SolError::abi_encode` gives
/// for its payload (a test checks every variant). Every vault error has only static fields, so
/// one loop replaces twenty monomorphised encoders in the WASM.
pub fn encode_error(err: &Error) -> Vec<u8> {
    let z = U256::ZERO;
    let (selector, words, n): ([u8; 4], [U256; 4], usize) = match err {
        Error::InsufficientBalance(e) => (
            ERC20InsufficientBalance::SELECTOR,
            [addr(&e.sender), e.balance, e.needed, z],
            3,
        ),
        Error::InsufficientAllowance(e) => (
            ERC20InsufficientAllowance::SELECTOR,
            [addr(&e.spender), e.allowance, e.needed, z],
            3,
        ),
        Error::InvalidSender(e) => (ERC20InvalidSender::SELECTOR, [addr(&e.sender), z, z, z], 1),
        Error::InvalidReceiver(e) => (
            ERC20InvalidReceiver::SELECTOR,
            [addr(&e.receiver), z, z, z],
            1,
        ),
        Error::InvalidSpender(e) => (
            ERC20InvalidSpender::SELECTOR,
            [addr(&e.spender), z, z, z],
            1,
        ),
        Error::ExceededMaxDeposit(e) => (
            ERC4626ExceededMaxDeposit::SELECTOR,
            [addr(&e.receiver), e.assets, e.max, z],
            3,
        ),
        Error::ExceededMaxMint(e) => (
            ERC4626ExceededMaxMint::SELECTOR,
            [addr(&e.receiver), e.shares, e.max, z],
            3,
        ),
        Error::ExceededMaxWithdraw(e) => (
            ERC4626ExceededMaxWithdraw::SELECTOR,
            [addr(&e.owner), e.assets, e.max, z],
            3,
        ),
        Error::ExceededMaxRedeem(e) => (
            ERC4626ExceededMaxRedeem::SELECTOR,
            [addr(&e.owner), e.shares, e.max, z],
            3,
        ),
        Error::NotGovernance(e) => (NotGovernance::SELECTOR, [addr(&e.caller), z, z, z], 1),
        Error::NotPendingGovernance(e) => (
            NotPendingGovernance::SELECTOR,
            [addr(&e.caller), z, z, z],
            1,
        ),
        Error::NotLossModule(e) => (NotLossModule::SELECTOR, [addr(&e.caller), z, z, z], 1),
        Error::NotGuardianOrGovernance(e) => (
            NotGuardianOrGovernance::SELECTOR,
            [addr(&e.caller), z, z, z],
            1,
        ),
        Error::ParameterOutOfBounds(e) => (
            ParameterOutOfBounds::SELECTOR,
            [U256::from_be_bytes(e.parameter.0), e.value, e.min, e.max],
            4,
        ),
        Error::ZeroAddress(e) => (
            ZeroAddress::SELECTOR,
            [U256::from_be_bytes(e.parameter.0), z, z, z],
            1,
        ),
        Error::ZeroAmount(_) => (ZeroAmount::SELECTOR, [z; 4], 0),
        Error::NothingToCooldown(e) => {
            (NothingToCooldown::SELECTOR, [addr(&e.account), z, z, z], 1)
        }
        Error::TokenCallFailed(e) => (
            TokenCallFailed::SELECTOR,
            [addr(&e.token), U256::from(e.reason), z, z],
            2,
        ),
        Error::AssetDecimalsTooLarge(e) => (
            AssetDecimalsTooLarge::SELECTOR,
            [U256::from(e.decimals), z, z, z],
            1,
        ),
        Error::MathOverflow(_) => (MathOverflow::SELECTOR, [z; 4], 0),
    };
    let mut out = Vec::with_capacity(4 + 32 * n);
    out.extend_from_slice(&selector);
    for w in &words[..n] {
        out.extend_from_slice(&w.to_be_bytes::<32>());
    }
    out
}

/// The WASM build encodes errors with [`encode_error`]; native tests and the ABI export use the
/// `SolidityError` derive, and a test checks that both give the same bytes for every variant.
#[cfg(not(any(test, feature = "export-abi")))]
impl From<Error> for Vec<u8> {
    fn from(err: Error) -> Vec<u8> {
        encode_error(&err)
    }
}
