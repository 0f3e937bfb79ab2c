/** The cost report as a document: per-lease table, totals, spend per day against AWS, savings per GPU model. */
import { Dec } from "../decimal.js";
import { valueInUsd, type UsdPrices } from "../denoms.js";
import { groupSpend } from "../spend/group.js";
import type { SpendReport } from "../spend/types.js";
import type { CostRow, CostTotals } from "./cost-rows.js";
import type { Chart, ReportDocument, Table } from "./document.js";

const MS_PER_HOUR = 3_600_000n;
/** Display rounding only: the JSON keeps exact amounts as strings where they are money on chain. */
const num = (value: Dec | undefined, digits = 4): number | null => (value === undefined ? null : Number(value.toNumber().toFixed(digits)));
const money = (value: Dec | undefined) => num(value, 2);

export type CostContext = { spend: SpendReport; rows: CostRow[]; totals: CostTotals; prices: UsdPrices; blockTimeMs: number; header: string[]; notes: string[]; extraTables?: Table[]; extraJson?: Record<string, unknown> };

export function costJson({ spend, rows, totals, extraJson }: CostContext) {
  const { window } = spend;
  return {
    window: { fromHeight: window.fromHeight, toHeight: window.toHeight, from: window.fromTime?.toISOString() ?? null, to: window.toTime.toISOString(), estimated: window.estimated },
    owner: spend.owner,
    leases: rows.map((r) => ({
      dseq: r.row.lease.dseq.toString(),
      gseq: r.row.lease.gseq,
      provider: r.row.provider,
      state: r.row.state,
      labels: r.row.labels,
      gpu: { model: r.row.gpu.model ?? null, count: r.row.gpu.count },
      blocks: r.row.blocks,
      hours: num(r.hours),
      spend: { [r.spend.denom]: r.spend.amount.toString(), usd: num(r.usd) },
      ...(r.unpriced ? { unpriced: r.unpriced } : {}),
      usdPerGpuHour: num(r.usdPerGpuHour),
      aws: r.aws ? { instanceType: r.aws.instanceType, usdPerGpuHour: num(r.aws.usdPerGpuHour), priceDate: r.aws.priceDate, usd: num(r.aws.usd), match: r.aws.match, notes: r.aws.notes } : null,
      ...(r.noAws ? { noAws: r.noAws } : {}),
      savingsUsd: num(r.savingsUsd),
      savingsPct: num(r.savingsPct, 2),
      tokens: r.tokens ? { total: r.tokens.tokens, usdPerMillion: num(r.tokens.akash.usdPerMillion), awsUsdPerMillion: num(r.tokens.aws?.usdPerMillion) } : null,
      escrowCheck: r.row.check.status,
    })),
    total: {
      leases: rows.length,
      hours: num(totals.hours),
      gpuHours: num(totals.gpuHours),
      spend: Object.fromEntries(spend.totals.amounts.map((c) => [c.denom, c.amount.toString()])),
      usd: num(totals.usd),
      aws: { usd: num(totals.awsUsd), comparedSpendUsd: num(totals.comparedUsd) },
      savingsUsd: num(totals.savingsUsd),
      savingsPct: num(totals.savingsPct, 2),
      tokens: totals.tokens,
      withoutAws: totals.withoutAws,
      unpriced: totals.unpriced,
      escrowChecks: spend.checks,
    },
    ...extraJson,
    ...(spend.fees ? { fees: { source: spend.fees.source, txs: spend.fees.txs.length, amounts: spend.fees.totals.map((c) => ({ denom: c.denom, amount: c.amount.toString() })) } } : {}),
  };
}

function leaseTable({ rows, totals }: CostContext): Table {
  return {
    title: "Leases",
    columns: [
      { key: "dseq", title: "DSEQ" },
      { key: "provider", title: "PROVIDER" },
      { key: "gpu", title: "GPU" },
      { key: "hours", title: "HOURS", align: "right" },
      { key: "act", title: "ACT", align: "right" },
      { key: "usd", title: "USD", align: "right" },
      { key: "perGpuHour", title: "USD/GPU-H", align: "right" },
      { key: "aws", title: "AWS BASELINE" },
      { key: "awsPerGpuHour", title: "AWS USD/GPU-H", align: "right" },
      { key: "awsUsd", title: "AWS USD", align: "right" },
      { key: "savings", title: "SAVED", align: "right" },
      { key: "pct", title: "%", align: "right" },
      { key: "perMillion", title: "USD/M TOKENS", align: "right" },
    ],
    rows: rows.map((r) => ({
      dseq: r.row.lease.dseq.toString(),
      provider: `${r.row.provider.slice(0, 10)}…${r.row.provider.slice(-4)}`,
      gpu: `${r.row.gpu.count} x ${r.row.gpu.model ?? r.row.gpu.models.join("/")}`,
      hours: num(r.hours, 2),
      act: r.spend.denom === "uact" ? num(r.spend.amount.div(1_000_000), 4) : `${r.spend.amount.toString()} ${r.spend.denom}`,
      usd: money(r.usd),
      perGpuHour: num(r.usdPerGpuHour, 3),
      aws: r.aws ? `${r.aws.instanceType} (${r.aws.priceDate})` : null,
      awsPerGpuHour: num(r.aws?.usdPerGpuHour, 3),
      awsUsd: money(r.aws?.usd),
      savings: money(r.savingsUsd),
      pct: r.savingsPct ? `${num(r.savingsPct, 1)}%` : null,
      perMillion: num(r.tokens?.akash.usdPerMillion, 4),
    })),
    total: { dseq: "total", hours: num(totals.hours, 2), usd: money(totals.usd), awsUsd: money(totals.awsUsd), savings: money(totals.savingsUsd), pct: totals.savingsPct ? `${num(totals.savingsPct, 1)}%` : null },
    marks: new Map(rows.flatMap((r, i) => (r.unpriced || r.noAws ? [[i, [r.unpriced ? `unpriced: ${r.unpriced}` : "", r.noAws ? (r.noAws.startsWith("no AWS") ? r.noAws : `no AWS equivalent: ${r.noAws}`) : ""].filter(Boolean).join("; ")] as [number, string]] : []))),
  };
}

function charts({ spend, rows, prices, blockTimeMs }: CostContext): Chart[] {
  const byLease = new Map(rows.map((r) => [r.row.key, r]));
  const days = groupSpend(spend.leases, "day", { clock: spend.clock }).sort((a, b) => (a.key < b.key ? -1 : 1));
  const akash: (number | null)[] = [];
  const aws: (number | null)[] = [];
  for (const day of days) {
    let akashUsd = Dec.zero;
    let awsUsd = Dec.zero;
    for (const part of day.parts) {
      const value = valueInUsd(part.amount.amount, part.amount.denom, prices);
      if (value.priced) akashUsd = akashUsd.add(value.usd);
      const baseline = byLease.get(part.row.key)?.aws;
      if (baseline) awsUsd = awsUsd.add(Dec.from(BigInt(part.blocks * part.row.gpu.count)).mul(blockTimeMs).mul(baseline.usdPerGpuHour).div(MS_PER_HOUR));
    }
    akash.push(money(akashUsd));
    aws.push(money(awsUsd));
  }
  const models = [...new Set(rows.filter((r) => r.aws && r.usd).map((r) => r.row.gpu.model!))].sort();
  const sumBy = (model: string, pick: (r: CostRow) => Dec | undefined) => money(rows.filter((r) => r.row.gpu.model === model && r.aws && r.usd).reduce((a, r) => a.add(pick(r) ?? Dec.zero), Dec.zero));
  return [
    { kind: "line", title: "Spend per day: Akash against AWS on-demand for the same GPU-hours", labels: days.map((d) => d.key.slice(5)), series: [{ name: "Akash", values: akash }, { name: "AWS on-demand", values: aws }], unit: "USD" },
    { kind: "bar", title: "Spend per GPU model: Akash against AWS (the gap is the saving)", labels: models, series: [{ name: "Akash", values: models.map((m) => sumBy(m, (r) => r.usd)) }, { name: "AWS on-demand", values: models.map((m) => sumBy(m, (r) => r.aws?.usd)) }], unit: "USD" },
  ];
}

export function costDocument(context: CostContext): ReportDocument {
  return { title: "akash-gpu cost report: Akash against AWS on-demand", subtitle: context.header, tables: [leaseTable(context), ...(context.extraTables ?? [])], charts: charts(context), notes: context.notes, json: costJson(context) };
}
