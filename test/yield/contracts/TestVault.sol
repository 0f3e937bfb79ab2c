// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// OpenZeppelin's ERC-4626 as is: yield is simulated by sending assets to the vault directly.
contract TestVault is ERC4626 {
    constructor(IERC20 asset_) ERC20("Test Vault Share", "vTAST") ERC4626(asset_) {}
}
