/**
 * The bme module's parameters a mint depends on, read from the chain (`/akash.bme.v1.Query/Params`):
 *
 *   message Params {                                   // akash/bme/v1/params.proto, node v2.1
 *     int64 min_epoch_blocks = 3;                       // blocks until a requested mint executes
 *     uint32 mint_spread_bps = 6;                       // share of the minted ACT the vault keeps
 *     repeated cosmos.base.v1beta1.Coin min_mint = 9;   // smallest mint per denomination (mainnet: 10 ACT)
 *     uint32 max_pending_attempts = 10;                 // end blocks a mint may wait for a price, then cancelled
 *   }
 *
 * chain-sdk alpha.25's generated Params ends at field 8 and its decoder drops 9 and 10 without a trace, so the
 * answer is taken as raw bytes over ABCI and read with the wire reader. A mint below min_mint is not refused:
 * the transaction succeeds and the mint is cancelled at the epoch with the AKT refunded — which is why a
 * client must know the minimum before it burns.
 */
import type { ChainClient } from "./chain-client.js";
import { ChainTxError } from "./errors.js";
import { allBytes, fieldsOf, int64, lastBytes, lastVarint, utf8 } from "./queries/proto-fields.js";
import type { Coin } from "./types.js";

export type BmeParams = {
  epochBlocks: number;
  spreadBps: number;
  /** The smallest mint of uact, gross (before the spread, as node x/bme prepareToBM compares it); 0n: none. */
  minMintUact: bigint;
  minMint: Coin[];
  /** End blocks a mint may wait for a usable oracle price before it is cancelled (reason max_attempts). */
  maxPendingAttempts: number;
  /** "chain": read from the node; "default": the node does not serve bme params, mainnet's defaults apply. */
  source: "chain" | "default";
};

const PARAMS_PATH = "/akash.bme.v1.Query/Params";

/** Mainnet's defaults (chain-sdk go/node/bme/v1/params.go), for a node that does not serve bme params. */
export const DEFAULT_BME_PARAMS: BmeParams = {
  epochBlocks: 10,
  spreadBps: 25,
  minMintUact: 10_000_000n,
  minMint: [{ denom: "uact", amount: 10_000_000n }],
  maxPendingAttempts: 3,
  source: "default",
};

export async function getBmeParams(client: Pick<ChainClient, "abciQuery">): Promise<BmeParams> {
  let bytes: Uint8Array;
  try {
    bytes = await client.abciQuery(PARAMS_PATH, new Uint8Array()); // QueryParamsRequest has no fields
  } catch (error) {
    if (error instanceof ChainTxError) return DEFAULT_BME_PARAMS; // the node has no bme module
    throw error; // the node is unreachable
  }
  return decodeBmeParams(bytes);
}

/** QueryParamsResponse { Params params = 1 } → the fields above; absent scalars are proto3 zeros. */
export function decodeBmeParams(queryParamsResponse: Uint8Array): BmeParams {
  const params = fieldsOf(lastBytes(fieldsOf(queryParamsResponse), 1) ?? new Uint8Array());
  const minMint = allBytes(params, 9).map((coin) => {
    const fields = fieldsOf(coin);
    return { denom: utf8(lastBytes(fields, 1)), amount: wholeAmount(utf8(lastBytes(fields, 2))) };
  });
  const epochBlocks = int64(lastVarint(params, 3));
  return {
    epochBlocks: epochBlocks > 0 ? epochBlocks : DEFAULT_BME_PARAMS.epochBlocks, // the node refuses 0 (Params.Validate)
    spreadBps: int64(lastVarint(params, 6)),
    minMintUact: minMint.find((coin) => coin.denom === "uact")?.amount ?? 0n,
    minMint,
    maxPendingAttempts: int64(lastVarint(params, 10)),
    source: "chain",
  };
}

/** A Coin's amount is a decimal integer string (cosmos Int). */
function wholeAmount(text: string): bigint {
  if (!/^\d+$/.test(text)) throw new RangeError(`malformed bme params: min_mint amount ${JSON.stringify(text)}`);
  return BigInt(text);
}
