/**
 * A cost report over 1,000 leases and a year of history, once the data is fetched: the inputs a year-long
 * wallet would have saved (leases open and closed across 5.26 M blocks of 6 s, with their escrow payments and
 * a header clock), turned into rows, AWS comparisons, daily spend and every output format. The chain queries
 * behind such inputs grow with pages, not with leases × blocks (test/costs/spend-devnet.test.ts counts them).
 */
import { Dec } from "../../src/costs/decimal.js";
import { costDocument } from "../../src/costs/report/cost-document.js";
import { costRow, costTotals } from "../../src/costs/report/cost-rows.js";
import { renderReport } from "../../src/costs/report/render.js";
import { REPORT_FORMATS } from "../../src/costs/report/document.js";
import { HeightClock } from "../../src/costs/spend/height-clock.js";
import { spendFromInputs } from "../../src/costs/spend/rows.js";
import type { LeaseFacts, SpendInputs } from "../../src/costs/spend/types.js";
import { resolveWindowOffline } from "../../src/costs/spend/window.js";
import { median } from "./devnet-stats.js";

const LEASES = 1000;
const BLOCK_MS = 6000;
const YEAR_BLOCKS = Math.round((365 * 86_400_000) / BLOCK_MS);
const RUNS = 5;
const GOAL_MS = 2000;
const GPUS = ["h100", "a100", "l40s", "rtx4090", "h200", "a10"];

/** A deterministic year of leases: every fifth still open, the rest closed after hours to weeks. */
function yearOfLeases(): SpendInputs {
  const start = new Date("2025-11-25T00:00:00Z").getTime();
  const owner = "akash1d8g83fxjchm0pn7j3jl2ahqmgdtnn7equz5l3s";
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const leases: LeaseFacts[] = Array.from({ length: LEASES }, (_, i) => {
    const createdAt = 1 + Math.floor(random() * (YEAR_BLOCKS - 20_000));
    const open = i % 5 === 0;
    const closedOn = open ? 0 : Math.min(YEAR_BLOCKS, createdAt + 600 + Math.floor(random() * 400_000));
    const price = Dec.parse((200 + random() * 4000).toFixed(6));
    const paidBlocks = (open ? YEAR_BLOCKS : closedOn) - createdAt;
    const withdrawn = price.mul(paidBlocks).truncate(0);
    return {
      id: { owner, dseq: BigInt(createdAt), gseq: 1, oseq: 1, provider: `akash1provider${i % 40}`, bseq: 1 },
      state: open ? "active" : "closed",
      price: { denom: "uact", amount: price },
      createdAt,
      closedOn,
      payment: { state: open ? "open" : "closed", withdrawn: { denom: "uact", amount: withdrawn }, balance: { denom: "uact", amount: Dec.zero }, settledAt: open ? YEAR_BLOCKS : closedOn },
      deploymentState: open ? "active" : "closed",
      groupName: `akash/team=t${i % 7}`,
      labels: { team: `t${i % 7}` },
      gpu: { models: [GPUS[i % GPUS.length]!], count: 1 + (i % 4) },
    };
  });
  const clock = Array.from({ length: 366 }, (_, day) => ({ height: Math.min(YEAR_BLOCKS, 1 + Math.round((day * 86_400_000) / BLOCK_MS)), time: new Date(start + day * 86_400_000) }));
  return { version: 1, chainId: "akashnet-2", owner, height: YEAR_BLOCKS, headTime: new Date(start + 365 * 86_400_000), leases, clock };
}

export function benchReport(): { title: string; lines: string[] } {
  const inputs = yearOfLeases();
  const prices = { actUsd: Dec.parse("1") };
  const runs: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const window = resolveWindowOffline({}, inputs.height, new HeightClock(inputs.clock, BLOCK_MS));
    const spend = spendFromInputs(inputs, window);
    const costRows = spend.leases.map((row) => costRow(row, { blockTimeMs: BLOCK_MS, prices }));
    const doc = costDocument({ spend, rows: costRows, totals: costTotals(costRows), prices, blockTimeMs: BLOCK_MS, header: [], notes: [] });
    bytes = REPORT_FORMATS.reduce((sum, format) => sum + renderReport(doc, format).length, 0);
    runs.push(performance.now() - started);
    rows = costRows.length;
  }
  const med = median(runs);
  return {
    title: "Cost report",
    lines: [
      `A cost report over ${LEASES} leases (${LEASES / 5} open, the rest closed) spread over a year of ${BLOCK_MS / 1000} s blocks (${YEAR_BLOCKS.toLocaleString("en-US")} blocks), from saved inputs: rows, escrow checks, AWS comparisons, spend per day (366 days) and all ${REPORT_FORMATS.length} formats (${Math.round(bytes / 1024)} KiB in all). Goal: under ${GOAL_MS / 1000} s once the data is fetched.`,
      "",
      "| leases | runs (ms) | median ms | goal met |",
      "|---:|---|---:|---|",
      `| ${rows} | ${runs.map((r) => Math.round(r)).join(", ")} | ${Math.round(med)} | ${med < GOAL_MS ? "yes" : "no"} |`,
    ],
  };
}
