/**
 * Cost per million tokens of one lease: the tokens its samples count (tokensInWindow) against what the lease
 * cost over the same span — the span's times placed on heights by the header clock, the row clipped to them —
 * and against what the same GPU-hours cost at an AWS on-demand rate per GPU-hour (the report's baseline).
 * Pricing the span the tokens were counted in, not the whole window, keeps a lease sampled only lately from
 * looking dear.
 */
import { Dec } from "../decimal.js";
import type { UsdPrices } from "../denoms.js";
import { HeightClock } from "../spend/height-clock.js";
import { clipRow } from "../spend/rows.js";
import type { HeightTime, SpendRow } from "../spend/types.js";
import { tokenCost, type TokenCost } from "./cost.js";
import type { TokensServed } from "./window.js";

export type LeaseTokenCost = TokenCost & {
  /** The heights (fromHeight, toHeight] the tokens were counted over. */
  fromHeight: number;
  toHeight: number;
  blocks: number;
  /** blocks × GPUs × block time, in hours. */
  gpuHours: Dec;
};

export type LeaseTokenCostInput = {
  row: SpendRow;
  served: TokensServed;
  clock: HeightClock | readonly HeightTime[];
  prices: UsdPrices;
  /** The block time the hours are reckoned at (measured from the chain where possible). */
  blockTimeMs: number;
  /** The AWS baseline's USD per GPU-hour for this lease's GPU, when it has one. */
  awsUsdPerGpuHour?: Dec;
};

const MS_PER_HOUR = 3_600_000n;

/** Undefined when no sample counted anything for the lease. */
export function leaseTokenCost(input: LeaseTokenCostInput): LeaseTokenCost | undefined {
  const { row, served } = input;
  if (!served.from || !served.to) return undefined;
  const clock = input.clock instanceof HeightClock ? input.clock : new HeightClock(input.clock);
  // The blocks after the first sample's time up to the last one's: spans of consecutive samples add up.
  const span = clipRow(row, clock.lastHeightAtOrBefore(served.from), clock.lastHeightAtOrBefore(served.to));
  const gpuMs = Dec.from(BigInt(span.blocks * row.gpu.count)).mul(Dec.from(input.blockTimeMs));
  const gpuHours = gpuMs.div(MS_PER_HOUR);
  // Multiply before dividing: the USD figure is truncated once, not compounded from rounded hours.
  const awsUsd = input.awsUsdPerGpuHour ? gpuMs.mul(input.awsUsdPerGpuHour).div(MS_PER_HOUR) : undefined;
  const cost = tokenCost({ tokens: served.totalTokens, spend: span.amount, prices: input.prices, ...(awsUsd ? { awsUsd } : {}) });
  return { ...cost, fromHeight: span.fromHeight, toHeight: span.toHeight, blocks: span.blocks, gpuHours };
}
