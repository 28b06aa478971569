// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The asset every vault in the benchmark holds, ours and the Solidity ones alike: a plain
/// OpenZeppelin ERC20 with 6 decimals, like the test stablecoin. Sharing one asset keeps the
/// token's own cost identical on both sides. Anyone may mint: it only funds benchmark accounts.
contract BenchToken is ERC20 {
    constructor() ERC20("Bench USD", "bUSD") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
