/**
 * Morpheus capital rewards: what a user has earned in a Distribution pool and not yet claimed, by the
 * contract's own view function getCurrentUserReward(poolId, user) — the figure the Morpheus dashboard shows.
 * MOR has 18 decimals.
 */
import { parseAbi, type Address } from "viem";
import type { Dec } from "../../costs/decimal.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { evmAddress, evmClient, evmRead, tokenAmount } from "./client.js";

export const morpheusDistributionAbi = parseAbi(["function getCurrentUserReward(uint256 poolId_, address user_) view returns (uint256)"]);

export type ReadMorpheusRewardInput = {
  rpcUrl: string;
  distribution: string;
  poolId: bigint | number;
  user: string;
  /** Read at this block; default the latest. */
  blockNumber?: bigint;
  /** Reward token decimals; MOR: 18. */
  decimals?: number;
  settings?: Partial<Record<"rpcUrl" | "distribution" | "poolId" | "user", string>>;
  timeoutMs?: number;
};

export type MorpheusReward = {
  distribution: Address;
  poolId: bigint;
  user: Address;
  blockNumber: bigint;
  /** Unclaimed reward: raw (wei of MOR) and in whole MOR. */
  reward: bigint;
  rewardAmount: Dec;
};

export async function readMorpheusReward(input: ReadMorpheusRewardInput): Promise<MorpheusReward> {
  const settings = { rpcUrl: "rpcUrl", distribution: "distribution", poolId: "poolId", user: "user", ...input.settings };
  const distribution = evmAddress(input.distribution, settings.distribution);
  const user = evmAddress(input.user, settings.user);
  const poolId = BigInt(input.poolId);
  if (poolId < 0n) throw new InvalidInputError("Invalid Morpheus pool id", [{ field: settings.poolId, found: String(input.poolId), expected: "a pool index ≥ 0 (0 is the capital pool)" }]);
  const endpoint = { rpcUrl: input.rpcUrl, setting: settings.rpcUrl, timeoutMs: input.timeoutMs };
  const client = evmClient(endpoint);
  const target = { address: distribution, setting: settings.distribution };
  const blockNumber = input.blockNumber ?? (await evmRead(endpoint, { ...target, what: "the latest block number" }, () => client.getBlockNumber({ cacheTime: 0 })));
  const reward = await evmRead(endpoint, { ...target, what: "the user's reward (Distribution.getCurrentUserReward)" }, () =>
    client.readContract({ address: distribution, abi: morpheusDistributionAbi, functionName: "getCurrentUserReward", args: [poolId, user], blockNumber }),
  );
  return { distribution, poolId, user, blockNumber, reward, rewardAmount: tokenAmount(reward, input.decimals ?? 18) };
}
