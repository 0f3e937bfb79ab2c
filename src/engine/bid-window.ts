/**
 * The bid window, counted in blocks: after each new block the open bids are read once. The window closes as
 * soon as every order has `minBids` acceptable bids, or `settleBlocks` after every order got its first one
 * (later bids rarely undercut by much, and every block waited is paid for in time), or after `maxBlocks`.
 */
import { listBids } from "../chain/queries/index.js";
import type { Bid, ProviderInfo } from "../chain/types.js";
import { chooseBids, type BidChoice, type BidFilters, type Strategy } from "./choose-bids.js";
import type { ChainPort } from "./ports.js";

export type BidWindow = { maxBlocks: number; settleBlocks: number; minBids: number };

export const DEFAULT_BID_WINDOW: BidWindow = { maxBlocks: 12, settleBlocks: 1, minBids: 3 };

export type BidWindowResult = BidChoice & { bids: Bid[]; firstBidHeight: number | undefined; closedAt: number; reason: "enough" | "settled" | "timeout" };

export async function collectBids(input: {
  chain: ChainPort;
  dseq: bigint;
  gseqs: number[];
  createdHeight: number;
  window: BidWindow;
  strategy: Strategy;
  filters: BidFilters;
  providerInfo: (owner: string) => Promise<ProviderInfo | undefined>;
  exclude?: string[];
  onBlock?: (height: number, bids: number, eligible: number) => void;
}): Promise<BidWindowResult> {
  const { chain, dseq, gseqs, createdHeight, window } = input;
  const providers = new Map<string, ProviderInfo>();
  const firstEligible = new Map<number, number>();
  let height = createdHeight;
  for (;;) {
    const bids = await listBids(chain.sdk, { owner: chain.address, dseq });
    for (const bid of bids) {
      if (!providers.has(bid.id.provider)) {
        const info = await input.providerInfo(bid.id.provider);
        if (info) providers.set(bid.id.provider, info);
      }
    }
    const choice = chooseBids({ gseqs, bids, providers, strategy: input.strategy, filters: input.filters, exclude: input.exclude });
    for (const [gseq, list] of choice.eligible) {
      if (list.length > 0 && !firstEligible.has(gseq)) firstEligible.set(gseq, Math.min(...list.map((b) => b.createdAt)));
    }
    const eligibleCount = [...choice.eligible.values()].reduce((n, list) => n + list.length, 0);
    input.onBlock?.(height, bids.length, eligibleCount);
    const firstBidHeight = bids.length > 0 ? Math.min(...bids.map((b) => b.createdAt)) : undefined;
    const done = (reason: BidWindowResult["reason"]): BidWindowResult => ({ ...choice, bids, firstBidHeight, closedAt: height, reason });

    const enough = gseqs.every((gseq) => (choice.eligible.get(gseq)?.length ?? 0) >= window.minBids) && choice.chosen.size === gseqs.length;
    if (enough) return done("enough");
    const settled = choice.chosen.size === gseqs.length && gseqs.every((gseq) => height - firstEligible.get(gseq)! >= window.settleBlocks);
    if (settled) return done("settled");
    if (height - createdHeight >= window.maxBlocks) return done("timeout");
    height = await input.chain.waitForBlock(height);
  }
}
