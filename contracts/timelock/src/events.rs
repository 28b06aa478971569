//! Events of the GovernanceTimelock (OpenZeppelin TimelockController names where they exist).

use alloy_sol_types::sol;

sol! {
    /// Call `index` of operation `id` was scheduled to become ready after `delay` seconds.
    event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay);
    /// Call `index` of operation `id` was executed.
    event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data);
    /// Operation `id` was scheduled with a non-zero `salt`.
    event CallSalt(bytes32 indexed id, bytes32 salt);
    /// Operation `id` was cancelled (by a canceller or the guardian's veto).
    event Cancelled(bytes32 indexed id);
    /// The minimum delay changed.
    event MinDelayChange(uint256 oldDuration, uint256 newDuration);
    /// The emergency delay changed.
    event EmergencyDelayChange(uint256 oldDuration, uint256 newDuration);
    /// Operation `id` was scheduled through the emergency path with the emergency delay.
    event EmergencyScheduled(bytes32 indexed id, address indexed target, bytes4 selector, uint256 delay);
    /// `(target, selector)` was added to (`allowed`) or removed from the emergency allow-list.
    event EmergencyActionSet(address indexed target, bytes4 indexed selector, bool allowed);
    /// `account` was granted `role` by `sender`.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    /// `account` lost `role`; `sender` is the timelock or the renouncing account.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    /// `proposer` made the timelock accept the governance of `target`.
    event GovernanceAccepted(address indexed target, address indexed proposer);
}
