/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface IGovernanceTimelock {
    function PROPOSER_ROLE() external pure returns (bytes32);

    function EXECUTOR_ROLE() external pure returns (bytes32);

    function CANCELLER_ROLE() external pure returns (bytes32);

    function GUARDIAN_ROLE() external pure returns (bytes32);

    function GRACE_PERIOD() external pure returns (uint256);

    function hasRole(bytes32 role, address account) external view returns (bool);

    function minDelay() external view returns (uint256);

    function emergencyDelay() external view returns (uint256);

    function isEmergencyAction(address target, bytes4 selector) external view returns (bool);

    function getTimestamp(bytes32 id) external view returns (uint256);

    function getOperationState(bytes32 id) external view returns (uint8);

    function isOperation(bytes32 id) external view returns (bool);

    function isOperationPending(bytes32 id) external view returns (bool);

    function isOperationReady(bytes32 id) external view returns (bool);

    function isOperationDone(bytes32 id) external view returns (bool);

    function isOperationExpired(bytes32 id) external view returns (bool);

    function cancel(bytes32 id) external;

    function acceptGovernance(address target) external;

    function updateDelay(uint256 new_delay) external;

    function updateEmergencyDelay(uint256 new_delay) external;

    function setEmergencyAction(address target, bytes4 selector, bool allowed) external;

    function grantRole(bytes32 role, address account) external;

    function revokeRole(bytes32 role, address account) external;

    function renounceRole(bytes32 role, address caller_confirmation) external;

    function schedule(address target, uint256 value, bytes calldata data, bytes32 predecessor, bytes32 salt, uint256 delay) external;

    function scheduleBatch(address[] memory targets, uint256[] memory values, bytes[] memory payloads, bytes32 predecessor, bytes32 salt, uint256 delay) external;

    function scheduleEmergency(address target, uint256 value, bytes calldata data, bytes32 salt) external;

    function execute(address target, uint256 value, bytes calldata payload, bytes32 predecessor, bytes32 salt) external payable;

    function executeBatch(address[] memory targets, uint256[] memory values, bytes[] memory payloads, bytes32 predecessor, bytes32 salt) external payable;

    function hashOperation(address target, uint256 value, bytes calldata data, bytes32 predecessor, bytes32 salt) external pure returns (bytes32);

    function hashOperationBatch(address[] memory targets, uint256[] memory values, bytes[] memory payloads, bytes32 predecessor, bytes32 salt) external pure returns (bytes32);

    error TimelockInvalidOperationLength(uint256, uint256, uint256);

    error TimelockInsufficientDelay(uint256, uint256);

    error TimelockDelayTooLong(uint256, uint256);

    error TimelockUnexpectedOperationState(bytes32, bytes32);

    error TimelockUnexecutedPredecessor(bytes32);

    error TimelockUnauthorizedCaller(address);

    error AccessControlUnauthorizedAccount(address, bytes32);

    error AccessControlBadConfirmation();

    error TimelockUnknownRole(bytes32);

    error TimelockNotEmergencyAction(address, bytes4);

    error TimelockInvalidEmergencyAction(address, bytes4);

    error TimelockEmergencyDelayTooShort(uint256, uint256);

    error TimelockEmergencyDelayAboveMinDelay(uint256, uint256);

    error TimelockInvalidEmergencyList(uint256, uint256);

    error TimelockUnsupportedSelfCall(bytes4);

    error TimelockInvalidSelfCallData(bytes4);

    error FailedCall();

    event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay);
    event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data);
    event CallSalt(bytes32 indexed id, bytes32 salt);
    event Cancelled(bytes32 indexed id);
    event MinDelayChange(uint256 oldDuration, uint256 newDuration);
    event EmergencyDelayChange(uint256 oldDuration, uint256 newDuration);
    event EmergencyScheduled(bytes32 indexed id, address indexed target, bytes4 selector, uint256 delay);
    event EmergencyActionSet(address indexed target, bytes4 indexed selector, bool allowed);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    event GovernanceAccepted(address indexed target, address indexed proposer);
}
