//! Events of the test stablecoin.

use alloy_sol_types::sol;

sol! {
    /// `value` tokens moved from `from` to `to` (`from == 0` for a mint).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// `owner` allowed `spender` to move `value` of its tokens.
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// The admin granted the minter role to `account`.
    event MinterGranted(address indexed account);
    /// The admin revoked the minter role from `account`.
    event MinterRevoked(address indexed account);
}
