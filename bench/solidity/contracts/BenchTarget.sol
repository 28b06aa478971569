// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The call both timelocks execute in the benchmark: one storage write, so that
/// `execute` measures the timelock and not the target. Each timelock gets its own instance.
contract BenchTarget {
    uint256 public value;

    function set(uint256 v) external {
        value = v;
    }
}
