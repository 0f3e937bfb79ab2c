/**
 * Chain parameters. Defaults follow mainnet (akashnet-2, node v2.x) where mainnet has a value, so that the
 * devnet refuses what mainnet refuses; timings are shorter where waiting would only slow a rehearsal.
 */
export type ChainParams = {
  chainId: string;
  /** Node floor for gas prices, in uakt per gas unit (mainnet nodes: 0.0025). */
  minGasPrice: string;
  maxTxBytes: number;
  /** CometBFT's consensus block.max_bytes: a block holds txs up to this many bytes (akashnet genesis: 22020096). */
  maxBlockBytes: bigint;
  /**
   * CometBFT's consensus block.max_gas: a tx may not ask for more gas, and a block holds txs up to it.
   * -1 means no limit. Mainnet's live value is governance's to change: read consensus_params, never assume.
   */
  maxBlockGas: bigint;
  deployment: { minDeposits: { denom: string; amount: bigint }[] };
  market: { bidMinDeposits: { denom: string; amount: bigint }[]; orderMaxBids: number };
  escrow: { denom: string };
  /** The oracle's AKT price in USD at genesis: the one source bme mints at and AggregatedPrice answers with. */
  oracle: { aktUsd: string };
  bme: {
    /** Mints settle after this many blocks (min_epoch_blocks). */
    epochBlocks: number;
    mintSpreadBps: number;
    /** Smallest mint, in uact (min_mint; mainnet's default is 10 ACT). */
    minMintUact: bigint;
    /** A mint the oracle cannot price is retried this many times, then cancelled (max_pending_attempts). */
    maxPendingAttempts: number;
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
    maxBlockBytes: 22_020_096n,
    maxBlockGas: 100_000_000n,
    deployment: { minDeposits: [{ denom: "uact", amount: 500_000n }, { denom: "uakt", amount: 500_000n }] },
    market: { bidMinDeposits: [{ denom: "uact", amount: 500_000n }, { denom: "uakt", amount: 500_000n }], orderMaxBids: 20 },
    escrow: { denom: "uact" },
    oracle: { aktUsd: "1.25" },
    bme: { epochBlocks: 10, mintSpreadBps: 25, minMintUact: 1_000_000n, maxPendingAttempts: 3 },
    staking: { bondDenom: "uakt", unbondingBlocks: 100 },
    mint: { inflation: "0.04", blocksPerYear: 5_256_000n },
    distribution: { communityTax: "0.02", validatorCommission: "0.05" },
  };
}
