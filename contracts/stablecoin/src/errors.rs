//! Errors of the test stablecoin.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// `sender` holds `balance`, less than the `needed` amount.
    #[derive(Debug, PartialEq)]
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// `spender` may move `allowance`, less than the `needed` amount.
    #[derive(Debug, PartialEq)]
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// Tokens cannot come from `sender` (the zero address).
    #[derive(Debug, PartialEq)]
    error ERC20InvalidSender(address sender);
    /// Tokens cannot go to `receiver` (the zero address).
    #[derive(Debug, PartialEq)]
    error ERC20InvalidReceiver(address receiver);
    /// `spender` (the zero address) cannot be approved.
    #[derive(Debug, PartialEq)]
    error ERC20InvalidSpender(address spender);
    /// Minting `amount` on top of `supply` would overflow the total supply.
    #[derive(Debug, PartialEq)]
    error SupplyOverflow(uint256 supply, uint256 amount);
    /// `caller` does not hold the minter role.
    #[derive(Debug, PartialEq)]
    error NotMinter(address caller);
    /// `caller` is not the admin.
    #[derive(Debug, PartialEq)]
    error NotAdmin(address caller);
    /// A name or symbol of `length` bytes is longer than the 31 bytes stored.
    #[derive(Debug, PartialEq)]
    error StringTooLong(uint256 length);
    /// The admin cannot be the zero address.
    #[derive(Debug, PartialEq)]
    error InvalidAdmin(address admin);
}

/// Every way a stablecoin call can fail.
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
    /// See [`SupplyOverflow`].
    SupplyOverflow(SupplyOverflow),
    /// See [`NotMinter`].
    NotMinter(NotMinter),
    /// See [`NotAdmin`].
    NotAdmin(NotAdmin),
    /// See [`InvalidAdmin`].
    InvalidAdmin(InvalidAdmin),
    /// See [`StringTooLong`].
    StringTooLong(StringTooLong),
}
