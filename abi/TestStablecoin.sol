/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface ITestStablecoin {
    function name() external view returns (string memory);

    function symbol() external view returns (string memory);

    function decimals() external view returns (uint8);

    function totalSupply() external view returns (uint256);

    function balanceOf(address account) external view returns (uint256);

    function allowance(address owner, address spender) external view returns (uint256);

    function transfer(address to, uint256 value) external returns (bool);

    function approve(address spender, uint256 value) external returns (bool);

    function transferFrom(address from, address to, uint256 value) external returns (bool);

    function mint(address to, uint256 amount) external;

    function grantMinter(address account) external;

    function revokeMinter(address account) external;

    function isMinter(address account) external view returns (bool);

    function admin() external view returns (address);

    error ERC20InsufficientBalance(address, uint256, uint256);

    error ERC20InsufficientAllowance(address, uint256, uint256);

    error ERC20InvalidSender(address);

    error ERC20InvalidReceiver(address);

    error ERC20InvalidSpender(address);

    error SupplyOverflow(uint256, uint256);

    error NotMinter(address);

    error NotAdmin(address);

    error InvalidAdmin(address);

    error StringTooLong(uint256);

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event MinterGranted(address indexed account);
    event MinterRevoked(address indexed account);
}
