/**
 * `akash-gpu report net`: the compute spend of the wallet (or --address) and its staking yield over the same
 * window, and what share of the compute the yield paid for. Spend comes from computeSpend (as `report cost`),
 * yield from the staking reads of `report yield`, sampled at up to MAX_YIELD_SAMPLES day ends for the chart.
 */
import { Dec } from "../../costs/decimal.js";
import { valueInUsd, type UsdPrices } from "../../costs/denoms.js";
import { costRow, costTotals } from "../../costs/report/cost-rows.js";
import { netDocument, type NetDay } from "../../costs/report/net-document.js";
import { computeSpend, groupSpend, HeightClock, type SpendReport } from "../../costs/spend/index.js";
import { parseLabels } from "../../engine/labels.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { emitReport, optionalAktPrice, reportAddress, reportWindow, type ReportFlags } from "./report-common.js";
import { stakingInWindow } from "./report-yield.js";

const MS_PER_DAY = 86_400_000;
/** Each yield sample is a pending-rewards read: a year-long window still costs a dozen, not 365. */
const MAX_YIELD_SAMPLES = 12;

export async function reportNetCommand(flags: ReportFlags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  if (flags.offline) throw new InvalidInputError("report net cannot run offline", [{ field: "--offline", found: "set", expected: "no --offline: staking figures are read from the chain (only `report cost` re-runs from saved inputs)" }]);
  const labels = parseLabels(flags.label ?? []);
  const note = (text: string) => io.stderr.write(`${text}\n`);
  await onChain(io, globals, { json: flags.format === "json" }, async ({ config, session, blockTime }) => {
    const { chain } = session;
    const owner = reportAddress(flags, chain.address);
    const spend = await computeSpend(chain, { owner, window: reportWindow(flags), labels, blockTimeMs: blockTime.ms });
    const akt = await optionalAktPrice(config);
    const prices: UsdPrices = { actUsd: config.actUsd, ...(akt.price ? { aktUsd: akt.price } : {}) };
    const totals = costTotals(spend.leases.map((row) => costRow(row, { blockTimeMs: blockTime.ms, prices })));
    const clock = new HeightClock(spend.clock, blockTime.ms);
    const dayEnds = windowDays(spend, clock);
    const picked = pickSamples(dayEnds.length, MAX_YIELD_SAMPLES);
    // Without --since the spend window starts at the chain's start, whose state no pruned node keeps: the
    // yield is then taken from the first block billed, the time the compute it is set against ran.
    const billed = spend.leases.filter((r) => r.blocks > 0);
    const yieldFrom = spend.window.fromHeight === 0 && billed.length > 0 ? Math.min(...billed.map((r) => r.billedFrom)) : spend.window.fromHeight;
    const staking = await stakingInWindow(chain, config, {
      address: owner,
      window: { ...spend.window, fromHeight: yieldFrom },
      aktUsd: akt.price?.price,
      blockTimeMs: blockTime.ms,
      heights: (from, to) => [...new Set(picked.map((i) => Math.min(to, Math.max(from, dayEnds[i]!.height))))],
    });
    const yieldAt = new Map(staking.samples.map((s) => [s.height, s.uakt]));
    const aktUsd = akt.price?.price;
    const spendByDay = new Map(groupSpend(spend.leases, "day", { clock }).map((g) => [g.key, g.parts.reduce((sum, part) => {
      const value = valueInUsd(part.amount.amount, part.amount.denom, prices);
      return value.priced ? sum.add(value.usd) : sum;
    }, Dec.zero)]));
    let running = Dec.zero;
    const pickedSet = new Set(picked);
    const days: NetDay[] = dayEnds.map((d, i) => {
      const spendUsd = spendByDay.get(d.day) ?? Dec.zero;
      running = running.add(spendUsd);
      const height = Math.min(staking.yield.realised.toHeight, Math.max(staking.yield.realised.fromHeight, d.height));
      const uakt = pickedSet.has(i) ? yieldAt.get(height) : undefined;
      return { day: d.day, spendUsd, spendUsdAccumulated: running, yieldUsdAccumulated: uakt !== undefined && aktUsd ? uakt.div(1_000_000).mul(aktUsd) : undefined };
    });
    const { window } = spend;
    const header = [
      `owner ${owner} on ${spend.chainId}`,
      `window: heights ${window.fromHeight}–${window.toHeight}, ${window.fromTime?.toISOString() ?? "chain start"} → ${window.toTime.toISOString()}`,
      `block time ${Math.round(blockTime.ms)} ms (${blockTime.source === "chain" ? "measured from recent blocks" : "configured"})`,
      `ACT = $${config.actUsd.toString()}; ${akt.line}`,
    ];
    const notes = [
      ...(Object.keys(labels).length > 0 ? ["--label narrows the spend only: staking yield belongs to the address, not to deployments."] : []),
      ...(yieldFrom !== spend.window.fromHeight ? [`yield counted from height ${yieldFrom}, the first block billed (give --since to set the start)`] : []),
      ...(picked.length < dayEnds.length ? [`yield sampled at ${picked.length} of ${dayEnds.length} day ends (the chart joins them)`] : []),
    ];
    emitReport(netDocument({ spend, totals, staking: staking.yield, days, header, notes }), flags, io, note);
  });
}

/**
 * The UTC days of the window and the last height of each: from the window's start (or the first day anything
 * was billed, for a window from the chain's start) to its end.
 */
function windowDays(spend: SpendReport, clock: HeightClock): { day: string; height: number }[] {
  const { window } = spend;
  const firstBilled = spend.leases.filter((r) => r.blocks > 0).reduce((min, r) => Math.min(min, r.billedFrom + 1), window.toHeight);
  const start = window.fromTime ?? clock.timeAt(Math.max(1, firstBilled));
  const days: { day: string; height: number }[] = [];
  for (let midnight = Math.floor(start.getTime() / MS_PER_DAY) * MS_PER_DAY; midnight <= window.toTime.getTime(); midnight += MS_PER_DAY) {
    const end = new Date(midnight + MS_PER_DAY - 1);
    const height = end.getTime() >= window.toTime.getTime() ? window.toHeight : Math.min(window.toHeight, clock.lastHeightAtOrBefore(end));
    days.push({ day: new Date(midnight).toISOString().slice(0, 10), height });
  }
  return days;
}

/** Up to `max` indexes out of `count`, spread evenly, always including the last. */
function pickSamples(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round(((count - 1) * (i + 1)) / max)))];
}
