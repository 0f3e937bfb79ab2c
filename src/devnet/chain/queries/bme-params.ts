/**
 * bme v1 Params as node v2.1 answers them (chain-sdk proto/node/akash/bme/v1/params.proto, defaults in
 * go/node/bme/v1/params.go). chain-sdk alpha.25's Params lacks min_mint (field 9, repeated Coin) and
 * max_pending_attempts (10); they are appended by hand so a client can read the minimum before it mints.
 */
import * as v1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { MessageType } from "../../node-api.js";
import type { ChainParams } from "../params.js";
import { field, finished, scalar, text } from "./proto-wire.js";

type BmeParamsAnswer = { chain: ChainParams };

function paramsBytes({ bme }: ChainParams): number[] {
  const known = v1.Params.encode(
    v1.Params.fromPartial({
      circuitBreakerWarnThreshold: 9500, circuitBreakerHaltThreshold: 9000, minEpochBlocks: BigInt(bme.epochBlocks), epochBlocksBackoffPercent: 10,
      mintSpreadBps: bme.mintSpreadBps, settleSpreadBps: 0, maxEndblockerRecords: 50,
    }),
  ).finish();
  const minMint = field(9, [...text(1, "uact"), ...text(2, bme.minMintUact.toString())]);
  return [...known, ...minMint, ...scalar(10, bme.maxPendingAttempts)];
}

/** QueryParamsResponse { params = 1 } with the v2.1 fields. */
export const BmeParamsResponseCodec: MessageType<BmeParamsAnswer> = {
  ...(v1.QueryParamsResponse as unknown as MessageType<BmeParamsAnswer>),
  $type: v1.QueryParamsResponse.$type,
  fromPartial: (value) => value as BmeParamsAnswer,
  encode: (value) => finished(new Uint8Array(field(1, paramsBytes(value.chain)))),
};
