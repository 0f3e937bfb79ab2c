/** Staking yield: AKT staking from the Akash chain, and EVM staking positions (ERC-4626 vaults, Morpheus) via viem. */
export { computeApr, legacyDecOfBytes, readAprInputs, type AprInputs } from "./apr.js";
export { readBlockTime, readChainHead } from "./chain-head.js";
export { cutoverFromText, cutoverStatus, parseStakingCutover, STAKING_CUTOVER_EXPECTED, type ChainHead, type CutoverStatus, type StakingCutover } from "./cutover.js";
export { parseDelegatorAddress } from "./delegator-address.js";
export { HistoricalStateError, readDelegations, readPendingRewards, type Delegation, type PendingRewards } from "./staking-reads.js";
export { stakingYield, type Amount, type StakingYield, type StakingYieldOptions } from "./staking-yield.js";
export { coinAmount, readWithdrawals, type RewardWithdrawal } from "./withdrawals.js";
export { EvmContractReadError, EvmRpcUnreachableError } from "./evm/errors.js";
export { morpheusDistributionAbi, readMorpheusReward, type MorpheusReward, type ReadMorpheusRewardInput } from "./evm/morpheus.js";
export { parseEvmPositions, readEvmPosition, type EvmPositionConfig, type EvmPositionReading } from "./evm/positions.js";
export { readVaultPosition, type ReadVaultPositionInput, type VaultPosition } from "./evm/vault.js";
