/** Bids on a deployment's orders (akash.market.v1beta5), all pages. */
import type { QueryBidResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import type { QuerySdk } from "../query-sdk.js";
import type { Bid, BidState } from "../types.js";
import { bigintOf, BID_STATES, decCoinOf, heightOf, stateName } from "./chain-values.js";
import { allPages, type PageOptions } from "./pages.js";
import { runQuery } from "./query-errors.js";

export function listBids(sdk: QuerySdk, filter: { owner: string; dseq: bigint; state?: BidState } & PageOptions): Promise<Bid[]> {
  const what = `bids on deployment ${filter.owner}/${filter.dseq}`;
  return allPages(what, filter, async (pagination) => {
    const response = await runQuery(sdk, what, () =>
      sdk.akash.market.v1beta5.getBids({ filters: { owner: filter.owner, dseq: filter.dseq, state: filter.state ?? "" }, pagination }),
    );
    return { items: response.bids.map(toBid), nextKey: response.pagination?.nextKey };
  });
}

function toBid(response: QueryBidResponse): Bid {
  const bid = response.bid!;
  const id = bid.id!;
  return {
    id: { owner: id.owner, dseq: bigintOf(id.dseq), gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq },
    state: stateName("bid", BID_STATES, bid.state),
    price: decCoinOf(bid.price),
    createdAt: heightOf(bid.createdAt),
  };
}
