/**
 * Per-block prices as money per hour and per month, at a block time: the one measured from the chain's
 * recent headers (chain/block-time.ts) when there is one, else the configured default. Each result says
 * which block time it used, so a report can show it.
 *
 * Exactness: every conversion is one multiplication and one division of Dec values (18 decimals), so a
 * result is the exact quotient truncated at 1e-18 — no intermediate "blocks per hour" is rounded first.
 * A month is 30.437 days, as Akash Console computes monthly costs (reference/pricing.md §3.2).
 */
import type { MeasuredBlockTime } from "../chain/block-time.js";
import { Dec } from "./decimal.js";
import { valueInUsd, type UsdPrices, type UsdValue } from "./denoms.js";

export const MS_PER_HOUR = 3_600_000n;
export const DAYS_PER_MONTH = Dec.parse("30.437");
const MS_PER_MONTH = DAYS_PER_MONTH.mul(24n * MS_PER_HOUR); // 2,629,756,800 ms

/** A block time and where it came from ("chain": measured; "config": the configured default). */
export type BlockTimeBasis = Pick<MeasuredBlockTime, "ms" | "source">;

function basis(blockTime: BlockTimeBasis | number): BlockTimeBasis {
  const value = typeof blockTime === "number" ? { ms: blockTime, source: "config" as const } : blockTime;
  if (!(value.ms > 0) || !Number.isFinite(value.ms)) throw new RangeError(`block time must be a positive number of milliseconds, got ${value.ms}`);
  return value;
}

/** Amount per hour from an amount per block (same denomination). */
export function perBlockToPerHour(perBlock: Dec, blockTimeMs: number): Dec {
  return perBlock.mul(MS_PER_HOUR).div(basis(blockTimeMs).ms);
}

/** Amount per month (30.437 days) from an amount per block. */
export function perBlockToPerMonth(perBlock: Dec, blockTimeMs: number): Dec {
  return perBlock.mul(MS_PER_MONTH).div(basis(blockTimeMs).ms);
}

/** Blocks in a duration at a block time, fractional (for projections; billed blocks come from heights). */
export function blocksIn(durationMs: number, blockTimeMs: number): Dec {
  return Dec.from(durationMs).div(basis(blockTimeMs).ms);
}

export type LeaseRate = {
  denom: string;
  /** Base units (uact, uakt, …) per block, as on chain. */
  perBlock: Dec;
  perHour: Dec;
  perMonth: Dec;
  usdPerHour: UsdValue;
  usdPerMonth: UsdValue;
  /** USD per GPU-hour when the lease has GPUs and is priced; undefined otherwise. */
  usdPerGpuHour: Dec | undefined;
  blockTime: BlockTimeBasis;
};

/**
 * Everything a report shows about a lease's price. Never throws for a strange denom or a missing AKT
 * price: usdPerHour/usdPerMonth then carry `priced: false` and the reason.
 */
export function leaseRate(
  price: { denom: string; amount: string | Dec },
  blockTime: BlockTimeBasis | number,
  prices: UsdPrices,
  gpuUnits = 0,
): LeaseRate {
  const time = basis(blockTime);
  const perBlock = typeof price.amount === "string" ? Dec.parse(price.amount) : price.amount;
  const perHour = perBlockToPerHour(perBlock, time.ms);
  const perMonth = perBlockToPerMonth(perBlock, time.ms);
  const usdPerHour = valueInUsd(perHour, price.denom, prices);
  const usdPerMonth = valueInUsd(perMonth, price.denom, prices);
  const usdPerGpuHour = usdPerHour.priced && gpuUnits > 0 ? usdPerHour.usd.div(gpuUnits) : undefined;
  return { denom: price.denom, perBlock, perHour, perMonth, usdPerHour, usdPerMonth, usdPerGpuHour, blockTime: { ms: time.ms, source: time.source } };
}
