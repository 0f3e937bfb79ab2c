// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The read side of Morpheus capital rewards (Distribution.getCurrentUserReward) in miniature: each user of a
/// pool earns a fixed amount per second from the moment it is set, on top of what was already owed.
contract TestDistribution {
    struct Accrual {
        uint256 owed;
        uint256 perSecond;
        uint256 since;
    }

    mapping(uint256 => mapping(address => Accrual)) private accruals;

    function setReward(uint256 poolId, address user, uint256 owed, uint256 perSecond) external {
        accruals[poolId][user] = Accrual(owed, perSecond, block.timestamp);
    }

    function getCurrentUserReward(uint256 poolId, address user) external view returns (uint256) {
        Accrual memory a = accruals[poolId][user];
        if (a.since == 0) return 0;
        return a.owed + a.perSecond * (block.timestamp - a.since);
    }
}
