//! Calldata of the functions the tests schedule.

use alloy_sol_types::sol;

sol! {
    function grantRole(bytes32 role, address account);
    function revokeRole(bytes32 role, address account);
    function updateDelay(uint256 newDelay);
    function updateEmergencyDelay(uint256 newDelay);
    function setEmergencyAction(address target, bytes4 selector, bool allowed);
    function renounceRole(bytes32 role, address callerConfirmation);
    function pause();
    function acceptGovernance();
    function setThing(uint256 value);
}
