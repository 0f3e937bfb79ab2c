// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// A plain ERC-20 whose tokens anyone may mint: the asset of the test vault.
contract TestAsset is ERC20 {
    constructor() ERC20("Test Asset", "TAST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
