/**
 * x/consensus Params: the CometBFT consensus parameters the chain runs with. The CometBFT RPC's
 * `consensus_params` reads the same answer (src/devnet/rpc/comet-consensus.ts), so there is one source.
 */
import { QueryParamsRequest, QueryParamsResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1";
import type { ChainParams } from "../params.js";
import { route } from "./route.js";

export const CONSENSUS_PARAMS_PATH = "/cosmos.consensus.v1.Query/Params";

/** CometBFT's defaults for what the devnet does not decide (evidence: 100000 blocks or 48 h, 1 MiB). */
export function consensusParams(params: ChainParams) {
  return {
    block: { maxBytes: params.maxBlockBytes, maxGas: params.maxBlockGas },
    evidence: { maxAgeNumBlocks: 100_000n, maxAgeDuration: { seconds: 172_800n, nanos: 0 }, maxBytes: 1_048_576n },
    validator: { pubKeyTypes: ["ed25519"] },
    // "params.version is not populated in this response" (cosmos-sdk x/consensus query.proto).
    version: undefined,
    abci: { voteExtensionsEnableHeight: 0n },
  };
}

export const consensusQueries = [
  route(CONSENSUS_PARAMS_PATH, "/cosmos/consensus/v1/params", QueryParamsRequest, QueryParamsResponse, (ctx) => ({ params: consensusParams(ctx.params) })),
];
