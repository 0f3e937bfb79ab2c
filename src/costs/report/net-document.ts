/**
 * Spend and staking yield side by side over one window: what the leases cost (USD), what the stake earned
 * (realised yield, USD), and the share of the compute the yield paid for (yield ÷ spend). The chart sets the
 * two running totals per day against each other.
 */
import { Dec } from "../decimal.js";
import type { SpendReport } from "../spend/types.js";
import type { StakingYield } from "../../yield/staking-yield.js";
import type { CostTotals } from "./cost-rows.js";
import type { ReportDocument } from "./document.js";

const num = (value: Dec | undefined, digits = 4): number | null => (value === undefined ? null : Number(value.toNumber().toFixed(digits)));
const money = (value: Dec | undefined) => num(value, 2);

/** One day of the window: spend accumulated to its end, and yield accumulated to its end where it was sampled. */
export type NetDay = { day: string; spendUsd: Dec; spendUsdAccumulated: Dec; yieldUsdAccumulated: Dec | undefined };

export type NetContext = { spend: SpendReport; totals: CostTotals; staking: StakingYield; days: NetDay[]; header: string[]; notes: string[] };

export type NetShare = { pct: Dec | undefined; reason?: string };

/** yield ÷ spend, in percent; undefined with the reason when either side has no USD value or spend is zero. */
export function netShare(yieldUsd: Dec | undefined, spendUsd: Dec, unpriced: number): NetShare {
  if (yieldUsd === undefined) return { pct: undefined, reason: "the yield has no USD value (no AKT price, or the window's start state is pruned)" };
  if (spendUsd.isZero()) return { pct: undefined, reason: unpriced > 0 ? "no lease in the window has a USD value" : "no spend in the window" };
  return { pct: yieldUsd.div(spendUsd).mul(100) };
}

export function netJson({ spend, totals, staking: y, days }: NetContext) {
  const share = netShare(y.realised.usd, totals.usd, totals.unpriced);
  const { window } = spend;
  return {
    window: { fromHeight: window.fromHeight, toHeight: window.toHeight, from: window.fromTime?.toISOString() ?? null, to: window.toTime.toISOString() },
    owner: spend.owner,
    spend: { usd: num(totals.usd), leases: spend.leases.length, amounts: Object.fromEntries(spend.totals.amounts.map((c) => [c.denom, c.amount.toString()])), unpriced: totals.unpriced },
    yield: {
      fromHeight: y.realised.fromHeight,
      toHeight: y.realised.toHeight,
      uakt: y.realised.uakt?.toString() ?? null,
      usd: num(y.realised.usd),
      withdrawnUakt: y.withdrawn.uakt.toString(),
      aktUsd: num(y.aktUsd, 6),
      staked: y.staked.uakt.toString(),
      apr: y.apr.value.toString(),
      ...(y.realised.note ? { note: y.realised.note } : {}),
    },
    share: { pct: num(share.pct, 4), ...(share.reason ? { reason: share.reason } : {}) },
    days: days.map((d) => ({ day: d.day, spendUsd: num(d.spendUsd), spendUsdAccumulated: num(d.spendUsdAccumulated), yieldUsdAccumulated: num(d.yieldUsdAccumulated) })),
  };
}

export function netDocument(context: NetContext): ReportDocument {
  const { totals, staking: y, days } = context;
  const share = netShare(y.realised.usd, totals.usd, totals.unpriced);
  const shareText = share.pct === undefined ? null : `${num(share.pct, 2)}%`;
  return {
    title: "akash-gpu net report: compute spend against staking yield",
    subtitle: context.header,
    tables: [
      {
        title: "Spend and yield",
        columns: [{ key: "what", title: "FIGURE" }, { key: "usd", title: "USD", align: "right" }, { key: "detail", title: "DETAIL" }],
        rows: [
          { what: "compute spend", usd: num(totals.usd), detail: `${context.spend.leases.length} lease(s), ${context.spend.totals.amounts.map((c) => `${c.amount.toString()} ${c.denom}`).join(", ") || "nothing billed"}` },
          { what: "staking yield (realised)", usd: num(y.realised.usd), detail: y.realised.uakt === undefined ? null : `${num(y.realised.uakt.div(1_000_000), 6)} AKT` },
          { what: "share of compute paid by yield", usd: null, detail: shareText ?? share.reason ?? null },
        ],
        marks: new Map([
          ...(totals.unpriced > 0 ? [[0, `${totals.unpriced} lease(s) without a USD value left out`] as [number, string]] : []),
          ...(y.realised.usd === undefined ? [[1, "no USD value: see notes"] as [number, string]] : []),
        ]),
      },
    ],
    charts: [
      {
        kind: "line",
        title: "Yield accumulated against spend (USD, running totals per day)",
        labels: days.map((d) => d.day.slice(5)),
        series: [
          { name: "compute spend", values: days.map((d) => money(d.spendUsdAccumulated)) },
          { name: "staking yield", values: days.map((d) => num(d.yieldUsdAccumulated, 4)) },
        ],
        unit: "USD",
      },
    ],
    notes: [
      "Spend is lease spend (price × blocks billed in the window, from chain); transaction fees are not included. Yield is realised yield: withdrawn in the window + pending at its end − pending at its start.",
      ...(y.realised.note ? [y.realised.note] : []),
      ...context.notes,
    ],
    json: netJson(context),
  };
}

