/**
 * Spend rows grouped for a report: by deployment, label value, provider, GPU model, or UTC day. A group holds
 * the parts of rows that fall in it — the whole row, except by day, where a lease running over midnight is
 * split at the first block of the next day (heights placed on days by the header clock, height-clock.ts).
 * Amounts stay exact: a row's parts add up to the row, groups to the total.
 */
import type { DecCoin } from "../../chain/types.js";
import { HeightClock } from "./height-clock.js";
import { sumDecCoins } from "./rows.js";
import type { HeightTime, SpendRow } from "./types.js";

export type SpendGroupBy = "deployment" | "provider" | "gpu" | "day" | { label: string };

/** The part of a row in a group: its blocks in (fromHeight, toHeight]. */
export type SpendPart = { row: SpendRow; fromHeight: number; toHeight: number; blocks: number; amount: DecCoin };

export type SpendGroup = {
  /** The dseq, label value, provider address, GPU model, or day (YYYY-MM-DD, UTC). */
  key: string;
  /** Distinct leases with a part here. */
  leases: number;
  blocks: number;
  gpuBlocks: number;
  amounts: DecCoin[];
  parts: SpendPart[];
};

/** The key of rows without the label, or without a GPU (label values and model names never contain parentheses). */
export const NO_VALUE = "(none)";

const MS_PER_DAY = 86_400_000;

export function groupSpend(rows: readonly SpendRow[], by: SpendGroupBy, options: { clock?: HeightClock | readonly HeightTime[] } = {}): SpendGroup[] {
  let parts: { key: string; part: SpendPart }[];
  if (by === "day") {
    const clock = clockOf(options.clock);
    const days = dayIndex(rows, clock);
    parts = rows.flatMap((row) => splitByDay(row, days, clock));
  } else parts = rows.map((row) => ({ key: keyOf(row, by), part: wholeRow(row) }));
  const groups = new Map<string, SpendPart[]>();
  for (const { key, part } of parts) {
    const list = groups.get(key);
    if (list) list.push(part);
    else groups.set(key, [part]);
  }
  return [...groups]
    .sort(([a], [b]) => compareKeys(a, b, by))
    .map(([key, list]) => ({
      key,
      leases: new Set(list.map((p) => p.row.key)).size,
      blocks: list.reduce((sum, p) => sum + p.blocks, 0),
      gpuBlocks: list.reduce((sum, p) => sum + p.blocks * p.row.gpu.count, 0),
      amounts: sumDecCoins(list.map((p) => p.amount)),
      parts: list,
    }));
}

function keyOf(row: SpendRow, by: Exclude<SpendGroupBy, "day">): string {
  if (by === "deployment") return row.lease.dseq.toString();
  if (by === "provider") return row.provider;
  if (by === "gpu") return row.gpu.models.length === 0 ? NO_VALUE : row.gpu.models.join("|");
  return row.labels[by.label] ?? NO_VALUE;
}

const wholeRow = (row: SpendRow): SpendPart => ({ row, fromHeight: row.billedFrom, toHeight: row.billedTo, blocks: row.blocks, amount: row.amount });

/** The UTC days the billed blocks span, each with its first height (the first block whose time is on or after midnight). */
type DayIndex = { keys: string[]; firstHeights: number[] };

/** Day boundaries are found once for all rows: a year of rows costs 365 clock lookups, not one per row and day. */
function dayIndex(rows: readonly SpendRow[], clock: HeightClock): DayIndex {
  const billed = rows.filter((row) => row.blocks > 0);
  if (billed.length === 0) return { keys: [], firstHeights: [] };
  const first = billed.reduce((min, row) => Math.min(min, row.billedFrom + 1), Number.POSITIVE_INFINITY);
  const last = billed.reduce((max, row) => Math.max(max, row.billedTo), 0);
  const keys: string[] = [];
  const firstHeights: number[] = [];
  const end = clock.timeAt(last).getTime();
  for (let midnight = Math.floor(clock.timeAt(first).getTime() / MS_PER_DAY) * MS_PER_DAY; midnight <= end; midnight += MS_PER_DAY) {
    keys.push(dayOf(new Date(midnight)));
    // The first day starts at the first billed block, whatever the clock says of heights before it.
    firstHeights.push(keys.length === 1 ? Math.min(first, clock.firstHeightAtOrAfter(new Date(midnight))) : Math.max(firstHeights.at(-1)!, clock.firstHeightAtOrAfter(new Date(midnight))));
  }
  return { keys, firstHeights };
}

function splitByDay(row: SpendRow, days: DayIndex, clock: HeightClock): { key: string; part: SpendPart }[] {
  if (row.blocks === 0) return [{ key: dayOf(clock.timeAt(row.createdAt)), part: wholeRow(row) }];
  const parts: { key: string; part: SpendPart }[] = [];
  // Block h is billed at h; it belongs to the day its header time falls on: the last day whose first height ≤ h.
  let day = lastAtOrBelow(days.firstHeights, row.billedFrom + 1);
  for (let first = row.billedFrom + 1; first <= row.billedTo; day++) {
    const next = days.firstHeights[day + 1];
    const last = next === undefined ? row.billedTo : Math.min(row.billedTo, next - 1);
    const blocks = last - first + 1;
    if (blocks <= 0) continue; // a day without blocks (a halted chain)
    parts.push({ key: days.keys[day]!, part: { row, fromHeight: first - 1, toHeight: last, blocks, amount: { denom: row.price.denom, amount: row.price.amount.mul(BigInt(blocks)) } } });
    first = last + 1;
  }
  return parts;
}

function lastAtOrBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function clockOf(clock: HeightClock | readonly HeightTime[] | undefined): HeightClock {
  if (clock instanceof HeightClock) return clock;
  if (!clock || clock.length === 0) throw new RangeError("grouping by day needs header samples: pass the report's clock");
  return new HeightClock(clock);
}

const dayOf = (time: Date): string => time.toISOString().slice(0, 10);

function compareKeys(a: string, b: string, by: SpendGroupBy): number {
  if (a === NO_VALUE || b === NO_VALUE) return a === b ? 0 : a === NO_VALUE ? 1 : -1;
  if (by === "deployment") return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}
