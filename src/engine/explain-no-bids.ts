/**
 * Why a bid window ended without a usable bid, in numbers: which bids came and what excluded them, or — when
 * none came — which providers on chain could have served the order and what stands in the way (GPU model,
 * region, audit, price ceiling).
 */
import type { Bid, ProviderInfo } from "../chain/types.js";
import { uactPerBlockToUsdPerHour, type PriceContext } from "../costs/price.js";
import { Dec } from "../costs/decimal.js";
import { formatUsd } from "../costs/format.js";
import type { SdlSummary } from "../sdl/summary.js";
import type { RejectedBid } from "./choose-bids.js";

const gpuKey = (model: string) => `capabilities/gpu/vendor/nvidia/model/${model}`;
const nameOf = (owner: string, info: ProviderInfo | undefined) => info?.attributes.organization ?? owner;

export function explainNoBids(input: {
  bids: Bid[];
  rejected: RejectedBid[];
  providers: ProviderInfo[];
  summary: SdlSummary;
  blocks: number;
  price: PriceContext;
  /** The user's own filters, in words, for the message (e.g. "--region eu-west"). */
  filtersText: string[];
}): string[] {
  const { bids, rejected, providers, summary, price } = input;
  const byOwner = new Map(providers.map((p) => [p.owner, p]));
  const perHour = (amount: Dec) => formatUsd(uactPerBlockToUsdPerHour(amount, price));
  const ceiling = summary.groups.flatMap((g) => g.resources).map((r) => r.pricePerBlock.amount)[0] ?? "0";
  const lines: string[] = [];

  if (bids.length > 0) {
    const cheapest = [...bids].sort((a, b) => a.price.amount.cmp(b.price.amount))[0]!;
    lines.push(`${bids.length} bid${bids.length === 1 ? "" : "s"} came in within ${input.blocks} blocks; the cheapest was ${cheapest.price.amount.toString()} uact/block (${perHour(cheapest.price.amount)}/h) from ${nameOf(cheapest.id.provider, byOwner.get(cheapest.id.provider))}.`);
    const reasons = new Map<string, string[]>();
    for (const { bid, reason } of rejected) reasons.set(reason, [...(reasons.get(reason) ?? []), nameOf(bid.id.provider, byOwner.get(bid.id.provider))]);
    for (const [reason, names] of reasons) lines.push(`  excluded ${names.length}: ${reason} (${names.join(", ")})`);
    if (input.filtersText.length > 0) lines.push(`Your filters: ${input.filtersText.join(" ")}. Loosen them, or choose another --strategy.`);
    return lines;
  }

  const resources = summary.groups.flatMap((g) => g.resources);
  const models = [...new Set(resources.flatMap((r) => r.gpu.models.map((m) => m.model)))];
  const region = summary.groups.map((g) => g.attributes.region).find(Boolean);
  const withGpu = providers.filter((p) => models.some((m) => m === "*" || p.attributes[gpuKey(m)] === "true"));
  const inRegion = region ? withGpu.filter((p) => p.region === region) : withGpu;
  const wantsAudit = summary.groups.some((g) => g.signedBy.anyOf.length > 0 || g.signedBy.allOf.length > 0);
  const audited = wantsAudit ? inRegion.filter((p) => summary.groups.some((g) => g.signedBy.anyOf.some((a) => p.auditors.includes(a)) || (g.signedBy.allOf.length > 0 && g.signedBy.allOf.every((a) => p.auditors.includes(a))))) : inRegion;

  lines.push(`No bids within ${input.blocks} blocks.`);
  if (withGpu.length === 0) {
    lines.push(`No provider on chain lists the GPU model ${models.join(" or ")} (${providers.length} providers checked). Try another --gpu.`);
  } else if (inRegion.length === 0) {
    const regions = [...new Set(withGpu.map((p) => p.region ?? "unknown"))];
    lines.push(`${withGpu.length} provider(s) list ${models.join("/")}, but none in region ${region}: they are in ${regions.join(", ")}. Drop or change --region.`);
  } else if (audited.length === 0) {
    lines.push(`${inRegion.length} provider(s) list ${models.join("/")}${region ? ` in ${region}` : ""}, but none is signed by the required auditor. Drop --audited / signedBy.`);
  } else {
    lines.push(
      `${audited.length} provider(s) could serve this (${audited.map((p) => nameOf(p.owner, p)).join(", ")}) but none bid at a ceiling of ${ceiling} uact/block per unit (${perHour(Dec.parse(ceiling))}/h): the price is likely below what they ask, or they lack free capacity. Raise --max-usd-per-hour, or try again later.`,
    );
  }
  return lines;
}
