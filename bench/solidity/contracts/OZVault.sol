// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @notice OpenZeppelin's ERC4626 as it comes, with the same 3-decimal offset (10^3 virtual
/// shares) as BackstopVault so the conversions do the same arithmetic. No cooldown, cap, pause
/// or premium: the reference for the plain ERC-4626 and ERC-20 operations.
contract OZVault is ERC4626 {
    constructor(IERC20 asset_) ERC20("OZ Vault bUSD", "ozbUSD") ERC4626(asset_) {}

    function _decimalsOffset() internal pure override returns (uint8) {
        return 3;
    }
}
