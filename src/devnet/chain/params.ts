/**
 * Chain parameters. Defaults follow mainnet (akashnet-2, node v2.x) where mainnet has a value, so that the
 * devnet refuses what mainnet refuses; timings are shorter where waiting would only slow a rehearsal.
 */
export type ChainParams = {
  chainId: string;
  /** Node floor for gas prices, in uakt per gas unit (mainnet nodes: 0.0025). */
  minGasPrice: string;
  maxTxBytes: number;
  maxBlockGas: bigint;
  deployment: { minDeposits: { denom: string; amount: bigint }[] };
  market: { bidMinDeposits: { denom: string; amount: bigint }[]; orderMaxBids: number };
  escrow: { denom: string };
  bme: {
    /** USD per AKT used to mint ACT (the oracle price on mainnet). */
    aktUsd: string;
    /** Mints settle after this many blocks (min_epoch_blocks). */
    epochBlocks: number;
    mintSpreadBps: number;
    /** Smallest mint, in uact. */
    minMintUact: bigint;
  };
  staking: { bondDenom: string; unbondingBlocks: number };
  mint: { inflation: string; blocksPerYear: bigint };
  distribution: { communityTax: string; validatorCommission: string };
};

export function defaultParams(chainId: string): ChainParams {
  return {
    chainId,
    minGasPrice: "0.0025",
    maxTxBytes: 1_048_576,
    maxBlockGas: 100_000_000n,
    deployment: { minDeposits: [{ denom: "uact", amount: 500_000n }, { denom: "uakt", amount: 500_000n }] },
    market: { bidMinDeposits: [{ denom: "uact", amount: 500_000n }, { denom: "uakt", amount: 500_000n }], orderMaxBids: 20 },
    escrow: { denom: "uact" },
    bme: { aktUsd: "1.25", epochBlocks: 10, mintSpreadBps: 25, minMintUact: 1_000_000n },
    staking: { bondDenom: "uakt", unbondingBlocks: 100 },
    mint: { inflation: "0.04", blocksPerYear: 5_256_000n },
    distribution: { communityTax: "0.02", validatorCommission: "0.05" },
  };
}
