/**
 * oracle v2 queries (node x/oracle/keeper/grpc_query.go; mainnet v2.1 registers only v2). chain-sdk
 * alpha.25 ships the oracle v1 messages, whose wire format is the same as v2's (chain-sdk
 * proto/node/akash/oracle/v{1,2}/{query,prices}.proto), so they encode the v2 answers.
 */
import * as v1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { Dec } from "../../../costs/decimal.js";
import { GrpcCode, moduleError } from "../errors.js";
import { aktPrice, baseDenom } from "../modules/oracle.js";
import { route } from "./route.js";

export const oracleQueries = [
  route("/akash.oracle.v2.Query/AggregatedPrice", "/akash/oracle/v2/aggregated_price/{denom=**}", v1.QueryAggregatedPriceRequest, v1.QueryAggregatedPriceResponse, (ctx, req) => {
    // Prices are kept per base denomination against USD; only AKT has a feed (ACT's $1 is a peg, not a price).
    if (req.denom !== "akt") {
      throw moduleError("undefined", 1, `collections: not found: key '${baseDenom(req.denom)}/usd' of type akash.oracle.v2.AggregatedPrice`, GrpcCode.Unknown)();
    }
    const price = aktPrice(ctx);
    const usd = Dec.parse(price.usd).toFixed18();
    return {
      aggregatedPrice: { denom: "akt", twap: usd, medianPrice: usd, minPrice: usd, maxPrice: usd, timestamp: ctx.time, numSources: 1, deviationBps: 0n },
      priceHealth: {
        denom: "akt",
        isHealthy: price.healthy,
        hasMinSources: true,
        deviationOk: true,
        totalSources: 1,
        totalHealthySources: price.healthy ? 1 : 0,
        failureReason: price.healthy ? [] : ["price is stale"],
      },
    };
  }),
];
