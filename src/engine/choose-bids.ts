/**
 * Bid choice: filters first (price ceiling, region, provider allow/deny lists), then the strategy orders what is
 * left. One bid per order; with several orders (replicas) every order goes to a different provider.
 */
import { AKASH_AUDITOR } from "../sdl/render-params.js";
import type { Dec } from "../costs/decimal.js";
import type { Bid, ProviderInfo } from "../chain/types.js";

export type Strategy = { kind: "cheapest" } | { kind: "cheapest-audited"; auditors: string[] } | { kind: "prefer"; providers: string[] };

export type BidFilters = {
  /** Highest acceptable price per block (uact); the order's own ceiling already bounds bids on chain. */
  maxPricePerBlock?: Dec;
  regions?: string[];
  allow?: string[];
  deny?: string[];
};

export type RejectedBid = { bid: Bid; reason: string };
export type BidChoice = { chosen: Map<number, Bid>; rejected: RejectedBid[]; eligible: Map<number, Bid[]> };

/** Parses `--strategy cheapest | cheapest-audited | prefer=<provider,...>`; undefined when malformed. */
export function parseStrategy(text: string): Strategy | undefined {
  if (text === "cheapest") return { kind: "cheapest" };
  if (text === "cheapest-audited") return { kind: "cheapest-audited", auditors: [AKASH_AUDITOR] };
  const prefer = /^prefer=(.+)$/.exec(text);
  if (prefer) {
    const providers = prefer[1]!.split(",").map((p) => p.trim()).filter(Boolean);
    return providers.length > 0 ? { kind: "prefer", providers } : undefined;
  }
  return undefined;
}

/** A provider named by address, host name of its hostUri (or its first label), or organization attribute. */
export function providerMatches(owner: string, info: ProviderInfo | undefined, name: string): boolean {
  if (owner === name) return true;
  if (!info) return false;
  if (info.attributes.organization === name) return true;
  try {
    const host = new URL(info.hostUri).hostname;
    return host === name || host.split(".")[0] === name;
  } catch {
    return false;
  }
}

/** Why a bid may not be taken, or undefined when it may. */
export function rejectReason(bid: Bid, info: ProviderInfo | undefined, strategy: Strategy, filters: BidFilters): string | undefined {
  const provider = bid.id.provider;
  if (bid.state !== "open") return `bid is ${bid.state}`;
  if (filters.maxPricePerBlock && bid.price.amount.cmp(filters.maxPricePerBlock) > 0) return `price ${bid.price.amount.toString()} uact/block is above the maximum ${filters.maxPricePerBlock.toString()}`;
  if (filters.deny?.some((name) => providerMatches(provider, info, name))) return "provider is on the deny list";
  if (filters.allow && filters.allow.length > 0 && !filters.allow.some((name) => providerMatches(provider, info, name))) return "provider is not on the allow list";
  if (filters.regions && filters.regions.length > 0 && !filters.regions.includes(info?.region ?? "")) return `region ${info?.region ?? "unknown"} is not in ${filters.regions.join(", ")}`;
  if (strategy.kind === "cheapest-audited" && !strategy.auditors.some((auditor) => info?.auditors.includes(auditor))) return "provider is not audited";
  return undefined;
}

/** Orders bids best first for the strategy: price, then the earlier bid, then the address (stable). */
function rank(strategy: Strategy, providers: Map<string, ProviderInfo>) {
  const preference = (bid: Bid): number => {
    if (strategy.kind !== "prefer") return 0;
    const at = strategy.providers.findIndex((name) => providerMatches(bid.id.provider, providers.get(bid.id.provider), name));
    return at < 0 ? strategy.providers.length : at;
  };
  return (a: Bid, b: Bid): number =>
    preference(a) - preference(b) || a.price.amount.cmp(b.price.amount) || a.createdAt - b.createdAt || (a.id.provider < b.id.provider ? -1 : a.id.provider > b.id.provider ? 1 : 0);
}

export function chooseBids(input: { gseqs: number[]; bids: Bid[]; providers: Map<string, ProviderInfo>; strategy: Strategy; filters: BidFilters; exclude?: string[] }): BidChoice {
  const rejected: RejectedBid[] = [];
  const eligible = new Map<number, Bid[]>(input.gseqs.map((gseq) => [gseq, []]));
  for (const bid of input.bids) {
    const list = eligible.get(bid.id.gseq);
    if (!list) continue;
    const reason = rejectReason(bid, input.providers.get(bid.id.provider), input.strategy, input.filters);
    if (reason) rejected.push({ bid, reason });
    else list.push(bid);
  }
  const order = rank(input.strategy, input.providers);
  for (const list of eligible.values()) list.sort(order);

  // Orders with the fewest candidates choose first, so replicas find distinct providers where possible.
  const taken = new Set(input.exclude ?? []);
  const chosen = new Map<number, Bid>();
  const gseqs = [...input.gseqs].sort((a, b) => eligible.get(a)!.length - eligible.get(b)!.length || a - b);
  for (const gseq of gseqs) {
    const pick = eligible.get(gseq)!.find((bid) => !taken.has(bid.id.provider));
    if (!pick) continue;
    chosen.set(gseq, pick);
    taken.add(pick.id.provider);
  }
  return { chosen, rejected, eligible };
}
