/**
 * CometBFT's `consensus_params` method (RPC v0.38 JSON): the consensus parameters at a height, read from the
 * chain's x/consensus Params query so the RPC and the gRPC answers cannot disagree.
 */
import { QueryParamsRequest, QueryParamsResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1";
import type { DevnetNode } from "../node-api.js";
import { internalError } from "./json-rpc.js";

const CONSENSUS_PARAMS_PATH = "/cosmos.consensus.v1.Query/Params";

type Int64 = { toString(): string } | undefined;
const int64 = (value: Int64): string => (value ?? 0).toString();
const durationNanos = (duration: { seconds: Int64; nanos: number } | undefined): string =>
  (BigInt(int64(duration?.seconds)) * 1_000_000_000n + BigInt(duration?.nanos ?? 0)).toString();

/** The devnet's consensus parameters never change, so every kept height has the latest ones. */
export function consensusParamsJson(node: DevnetNode, height: number): unknown {
  const result = node.query(CONSENSUS_PARAMS_PATH, QueryParamsRequest.encode(QueryParamsRequest.fromPartial({})).finish());
  if (result.code !== 0) throw internalError(`could not load consensus params at height ${height}: ${result.log}`);
  const params = QueryParamsResponse.decode(result.value).params;
  return {
    block_height: String(height),
    consensus_params: {
      block: { max_bytes: int64(params?.block?.maxBytes), max_gas: int64(params?.block?.maxGas) },
      evidence: {
        max_age_num_blocks: int64(params?.evidence?.maxAgeNumBlocks),
        max_age_duration: durationNanos(params?.evidence?.maxAgeDuration),
        max_bytes: int64(params?.evidence?.maxBytes),
      },
      validator: { pub_key_types: params?.validator?.pubKeyTypes ?? [] },
      version: { app: "0" },
      abci: { vote_extensions_enable_height: int64(params?.abci?.voteExtensionsEnableHeight) },
    },
  };
}
