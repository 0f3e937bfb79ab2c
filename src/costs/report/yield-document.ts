/**
 * The staking-yield report as a document: stake per validator, pending and withdrawn rewards, APR, realised
 * yield over the window and the 30-day projection (cut at the staking cutover), in uakt/AKT and USD; EVM
 * positions when configured; a chart of the yield accumulated over the window. Money stays exact in the JSON
 * (uakt as decimal strings); numbers are rounded only for display.
 */
import { Dec } from "../decimal.js";
import type { EvmPositionReading } from "../../yield/evm/positions.js";
import type { Amount, StakingYield } from "../../yield/staking-yield.js";
import type { Chart, ReportDocument, Table } from "./document.js";
import type { YieldSample } from "./yield-samples.js";

const UAKT_PER_AKT = 1_000_000;
const num = (value: Dec | undefined, digits = 4): number | null => (value === undefined ? null : Number(value.toNumber().toFixed(digits)));
const akt = (uakt: Dec | undefined) => num(uakt?.div(UAKT_PER_AKT), 6);
const usd = (value: Dec | undefined) => num(value, 2);
const exact = (value: Dec | undefined) => (value === undefined ? null : value.toString());
const amountJson = (a: { uakt: Dec | undefined; usd: Dec | undefined }) => ({ uakt: exact(a.uakt), akt: akt(a.uakt), usd: num(a.usd) });

/** An EVM position that could not be read is listed with its error, not dropped. */
export type EvmResult = { name: string; reading?: EvmPositionReading; error?: string };

export type YieldContext = {
  staking: StakingYield;
  /** Header times of the window's ends (from: the first block after fromHeight). */
  window: { from: Date | undefined; to: Date };
  samples: (YieldSample & { time: Date | undefined })[];
  evm: EvmResult[];
  header: string[];
  notes: string[];
};

export function yieldJson({ staking: y, window, samples, evm }: YieldContext) {
  return {
    address: y.address,
    height: y.height,
    time: y.time,
    window: { fromHeight: y.realised.fromHeight, toHeight: y.realised.toHeight, from: window.from?.toISOString() ?? null, to: window.to.toISOString() },
    bondDenom: y.bondDenom,
    aktUsd: num(y.aktUsd, 6),
    stake: { ...amountJson(y.staked), byValidator: y.delegations.map((d) => ({ validator: d.validator, moniker: d.moniker, commission: d.commission.toString(), denom: d.denom, uakt: d.amount.toString(), usd: num(d.usd) })) },
    pendingRewards: { ...amountJson(y.pendingRewards), byValidator: y.pendingRewards.byValidator.map((v) => ({ validator: v.validator, uakt: v.amount.toString() })), otherDenoms: y.pendingRewards.otherDenoms.map((o) => ({ denom: o.denom, amount: o.amount.toString() })) },
    withdrawn: { ...amountJson(y.withdrawn), withdrawals: y.withdrawn.withdrawals.map((w) => ({ height: w.height, txHash: w.txHash, validator: w.validator, uakt: w.amount.toString() })) },
    apr: { value: y.apr.value.toString(), pct: num(y.apr.value.mul(100), 4), inputs: Object.fromEntries(Object.entries(y.apr.inputs).map(([k, v]) => [k, v instanceof Dec ? v.toString() : v])) },
    realised: { ...amountJson(y.realised), pendingAtStart: exact(y.realised.pendingAtStart), pendingAtEnd: exact(y.realised.pendingAtEnd), withdrawn: exact(y.realised.withdrawn), ...(y.realised.note ? { note: y.realised.note } : {}) },
    projected30d: { days: num(y.projected30d.days, 4), ...amountJson(y.projected30d), afterCommission: amountJson(y.projected30d.afterCommission), ...(y.projected30d.note ? { note: y.projected30d.note } : {}) },
    cutover: y.cutover ? { ...y.cutover, daysLeft: num(y.cutover.daysLeft, 4) } : null,
    evm: evm.map(evmJson),
    accumulated: samples.map((s) => ({ height: s.height, time: s.time?.toISOString() ?? null, uakt: exact(s.uakt) })),
  };
}

function evmJson(result: EvmResult) {
  if (!result.reading) return { name: result.name, error: result.error ?? "unknown" };
  const r = result.reading;
  if (r.kind === "morpheus") return { name: result.name, kind: r.kind, distribution: r.reward.distribution, poolId: r.reward.poolId.toString(), user: r.reward.user, block: r.reward.blockNumber.toString(), unclaimedMor: r.reward.rewardAmount.toString() };
  const p = r.position;
  return {
    name: result.name,
    kind: r.kind,
    vault: p.vault,
    owner: p.owner,
    asset: p.assetSymbol,
    block: p.blockNumber.toString(),
    shares: p.sharesAmount.toString(),
    assets: p.assetsAmount.toString(),
    past: p.past ? { block: p.past.blockNumber.toString(), assets: p.past.assetsAmount.toString(), gain: p.assetsAmount.sub(p.past.assetsAmount).toString() } : null,
  };
}

function summaryTable(y: StakingYield): Table {
  const row = (what: string, a: Amount | { uakt: Dec | undefined; usd: Dec | undefined }, note: string | null = null) => ({ what, akt: akt(a.uakt), usd: usd(a.usd), note });
  const rows = [
    row("staked", y.staked),
    row("pending rewards", y.pendingRewards),
    row("withdrawn in window", y.withdrawn, `${y.withdrawn.withdrawals.length} withdrawal(s)`),
    row("realised in window", y.realised, `heights ${y.realised.fromHeight}–${y.realised.toHeight}`),
    row(`projected ${num(y.projected30d.days, 1)} days`, y.projected30d, `APR ${num(y.apr.value.mul(100), 2)}%`),
    row("  after commission", y.projected30d.afterCommission),
  ];
  const noUsd = y.aktUsd === undefined ? "no AKT price: USD not shown" : undefined;
  return {
    title: "Staking",
    columns: [{ key: "what", title: "FIGURE" }, { key: "akt", title: "AKT", align: "right" }, { key: "usd", title: "USD", align: "right" }, { key: "note", title: "NOTE" }],
    rows,
    marks: new Map(
      rows.flatMap((_, i) => {
        const marks = [noUsd, i === 3 && y.realised.uakt === undefined ? "start state pruned: see notes" : undefined].filter(Boolean);
        return marks.length > 0 ? [[i, marks.join("; ")] as [number, string]] : [];
      }),
    ),
  };
}

function validatorTable(y: StakingYield): Table {
  const pending = new Map(y.pendingRewards.byValidator.map((v) => [v.validator, v.amount]));
  return {
    title: "Stake per validator",
    columns: [{ key: "validator", title: "VALIDATOR" }, { key: "moniker", title: "MONIKER" }, { key: "commission", title: "COMMISSION", align: "right" }, { key: "akt", title: "STAKED AKT", align: "right" }, { key: "usd", title: "USD", align: "right" }, { key: "pending", title: "PENDING AKT", align: "right" }],
    rows: y.delegations.map((d) => ({ validator: d.validator, moniker: d.moniker, commission: `${num(d.commission.mul(100), 2)}%`, akt: akt(d.amount), usd: usd(d.usd), pending: akt(pending.get(d.validator)) })),
    total: { validator: "total", akt: akt(y.staked.uakt), usd: usd(y.staked.usd), pending: akt(y.pendingRewards.uakt) },
    ...(y.aktUsd === undefined ? { marks: new Map(y.delegations.map((_, i) => [i, "no AKT price: USD not shown"])) } : {}),
  };
}

function evmTable(evm: EvmResult[]): Table {
  return {
    title: "EVM positions",
    columns: [{ key: "name", title: "NAME" }, { key: "kind", title: "KIND" }, { key: "value", title: "VALUE" }, { key: "gain", title: "GAIN SINCE fromBlock" }],
    rows: evm.map((e) => {
      const r = e.reading;
      if (!r) return { name: e.name, kind: null, value: null, gain: null };
      if (r.kind === "morpheus") return { name: e.name, kind: "morpheus", value: `${r.reward.rewardAmount.toString()} MOR unclaimed`, gain: null };
      const p = r.position;
      return { name: e.name, kind: "erc4626", value: `${p.assetsAmount.toString()} ${p.assetSymbol}`, gain: p.past ? `${p.assetsAmount.sub(p.past.assetsAmount).toString()} ${p.assetSymbol}` : null };
    }),
    marks: new Map(evm.flatMap((e, i) => (e.error ? [[i, `not read: ${e.error}`] as [number, string]] : []))),
  };
}

function chart({ staking: y, samples }: YieldContext): Chart {
  // Within a day the date says nothing: show the time of day, to the second (a devnet window lasts minutes).
  const times = samples.flatMap((s) => (s.time ? [s.time.getTime()] : []));
  const short = times.length > 0 && Math.max(...times) - Math.min(...times) < 86_400_000;
  const labels = samples.map((s) => (s.time ? (short ? s.time.toISOString().slice(11, 19) : s.time.toISOString().slice(5, 16).replace("T", " ")) : `h${s.height}`));
  const values = (pick: (uakt: Dec) => Dec | undefined) => samples.map((s) => (s.uakt === undefined ? null : num(pick(s.uakt), 6)));
  const priced = y.aktUsd !== undefined;
  return {
    kind: "line",
    title: `Staking yield accumulated over the window (${priced ? "USD" : "AKT"})`,
    labels,
    series: [{ name: "realised yield", values: priced ? values((u) => u.div(UAKT_PER_AKT).mul(y.aktUsd!)) : values((u) => u.div(UAKT_PER_AKT)) }],
    unit: priced ? "USD" : "AKT",
  };
}

export function yieldDocument(context: YieldContext): ReportDocument {
  const y = context.staking;
  const notes = [
    ...(y.cutover ? [`rewards end at cutover ${y.cutover.at} (${y.cutover.kind === "height" ? `about ${y.cutover.time}` : `about height ${y.cutover.height}`}): ${y.cutover.note}`] : []),
    ...(y.realised.note ? [y.realised.note] : []),
    `APR = inflation ${y.apr.inputs.inflation.toString()} × (1 − community tax ${y.apr.inputs.communityTax.toString()}) × supply ÷ bonded, read at height ${y.apr.inputs.height}; before validator commission.`,
    ...context.notes,
  ];
  const tables = [summaryTable(y), validatorTable(y), ...(context.evm.length > 0 ? [evmTable(context.evm)] : [])];
  return { title: "akash-gpu staking yield report", subtitle: context.header, tables, charts: [chart(context)], notes, json: yieldJson(context) };
}
