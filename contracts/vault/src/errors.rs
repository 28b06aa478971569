//! Errors of the BackstopVault: one Solidity error per reason, carrying the values that explain it.

use alloy_primitives::{Address, FixedBytes};
use alloy_sol_types::sol;
use backstop_common::{governance::GovernanceError, TokenCallError};
use stylus_sdk::prelude::*;

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
#[derive(SolidityError, Debug, PartialEq)]
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
