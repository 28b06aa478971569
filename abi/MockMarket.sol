/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface IMockMarket {
    function reportLoss(bytes32 loss_id, uint256 amount) external returns (uint256, uint256);

    function payPremium(uint256 amount) external;

    function returnFunds(uint256 amount) external;

    function absorber() external view returns (address);

    function vault() external view returns (address);

    function asset() external view returns (address);

    function owner() external view returns (address);

    error NotOwner(address);

    error ZeroAddress();

    error ApproveFailed(address, uint8);

    error BackstopCallFailed(address, bytes);

    event LossReported(bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    event PremiumPaid(uint256 amount);
    event FundsReturned(uint256 amount);
}
