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

/// ABI encoding of `err` (selector + static words), exactly what `SolError::abi_encode` gives
/// for its payload (a test checks every variant). Every vault error has only static fields, so
/// each arm is a few calls of one small encoder instead of a monomorphised encoder per error.
pub fn encode_error(err: &Error) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * 4);
    let o = &mut out;
    match err {
        Error::InsufficientBalance(e) => Enc::new(o, ERC20InsufficientBalance::SELECTOR)
            .address(&e.sender)
            .uint(&e.balance)
            .uint(&e.needed),
        Error::InsufficientAllowance(e) => Enc::new(o, ERC20InsufficientAllowance::SELECTOR)
            .address(&e.spender)
            .uint(&e.allowance)
            .uint(&e.needed),
        Error::InvalidSender(e) => Enc::new(o, ERC20InvalidSender::SELECTOR).address(&e.sender),
        Error::InvalidReceiver(e) => {
            Enc::new(o, ERC20InvalidReceiver::SELECTOR).address(&e.receiver)
        }
        Error::InvalidSpender(e) => Enc::new(o, ERC20InvalidSpender::SELECTOR).address(&e.spender),
        Error::ExceededMaxDeposit(e) => Enc::new(o, ERC4626ExceededMaxDeposit::SELECTOR)
            .address(&e.receiver)
            .uint(&e.assets)
            .uint(&e.max),
        Error::ExceededMaxMint(e) => Enc::new(o, ERC4626ExceededMaxMint::SELECTOR)
            .address(&e.receiver)
            .uint(&e.shares)
            .uint(&e.max),
        Error::ExceededMaxWithdraw(e) => Enc::new(o, ERC4626ExceededMaxWithdraw::SELECTOR)
            .address(&e.owner)
            .uint(&e.assets)
            .uint(&e.max),
        Error::ExceededMaxRedeem(e) => Enc::new(o, ERC4626ExceededMaxRedeem::SELECTOR)
            .address(&e.owner)
            .uint(&e.shares)
            .uint(&e.max),
        Error::NotGovernance(e) => Enc::new(o, NotGovernance::SELECTOR).address(&e.caller),
        Error::NotPendingGovernance(e) => {
            Enc::new(o, NotPendingGovernance::SELECTOR).address(&e.caller)
        }
        Error::NotLossModule(e) => Enc::new(o, NotLossModule::SELECTOR).address(&e.caller),
        Error::NotGuardianOrGovernance(e) => {
            Enc::new(o, NotGuardianOrGovernance::SELECTOR).address(&e.caller)
        }
        Error::ParameterOutOfBounds(e) => Enc::new(o, ParameterOutOfBounds::SELECTOR)
            .word(&e.parameter.0)
            .uint(&e.value)
            .uint(&e.min)
            .uint(&e.max),
        Error::ZeroAddress(e) => Enc::new(o, ZeroAddress::SELECTOR).word(&e.parameter.0),
        Error::ZeroAmount(_) => Enc::new(o, ZeroAmount::SELECTOR),
        Error::NothingToCooldown(e) => Enc::new(o, NothingToCooldown::SELECTOR).address(&e.account),
        Error::TokenCallFailed(e) => Enc::new(o, TokenCallFailed::SELECTOR)
            .address(&e.token)
            .uint(&U256::from(e.reason)),
        Error::AssetDecimalsTooLarge(e) => {
            Enc::new(o, AssetDecimalsTooLarge::SELECTOR).uint(&U256::from(e.decimals))
        }
        Error::MathOverflow(_) => Enc::new(o, MathOverflow::SELECTOR),
    };
    out
}

/// Appends an error's selector, then its words, to the output; one call per field keeps each arm
/// of [`encode_error`] small.
struct Enc<'a>(&'a mut Vec<u8>);

impl<'a> Enc<'a> {
    #[inline(never)]
    fn new(out: &'a mut Vec<u8>, selector: [u8; 4]) -> Self {
        out.extend_from_slice(&selector);
        Enc(out)
    }

    #[inline(never)]
    fn word(self, w: &[u8; 32]) -> Self {
        self.0.extend_from_slice(w);
        self
    }

    #[inline(never)]
    fn uint(self, v: &U256) -> Self {
        self.word(&v.to_be_bytes::<32>())
    }

    #[inline(never)]
    fn address(self, a: &Address) -> Self {
        self.word(&a.into_word().0)
    }
}

/// The WASM build encodes errors with [`encode_error`]; native tests and the ABI export use the
/// `SolidityError` derive, and a test checks that both give the same bytes for every variant.
#[cfg(not(any(test, feature = "export-abi")))]
impl From<Error> for Vec<u8> {
    fn from(err: Error) -> Vec<u8> {
        encode_error(&err)
    }
}
