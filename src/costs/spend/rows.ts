/**
 * Spend in a window, from what was read from chain (pure: the same inputs give the same report, online or
 * offline). A lease is billed price × blocks for the heights (createdAt, closedOn] — up to the window's end
 * while open — intersected with the window's (fromHeight, toHeight]. Every lease that overlaps the window is a
 * row, closed ones included, each with its escrow check.
 */
import type { DecCoin } from "../../chain/types.js";
import { matchesLabels, type Labels } from "../../engine/labels.js";
import { Dec } from "../decimal.js";
import { checkEscrow } from "./escrow-check.js";
import type { CheckSummary, LeaseFacts, ResolvedWindow, SpendInputs, SpendReport, SpendRow, SpendTotals } from "./types.js";

export type SpendOptions = {
  /** Only leases whose deployment has all these labels. */
  labels?: Labels;
};

/** "owner/dseq/gseq/oseq/provider". */
export const leaseKey = (id: { owner: string; dseq: bigint; gseq: number; oseq: number; provider: string }): string => `${id.owner}/${id.dseq}/${id.gseq}/${id.oseq}/${id.provider}`;

export function spendFromInputs(inputs: SpendInputs, window: ResolvedWindow, options: SpendOptions = {}): SpendReport {
  const toHeight = Math.min(window.toHeight, inputs.height);
  const rows = inputs.leases
    .filter((lease) => !options.labels || matchesLabels(lease.labels, options.labels))
    .map((lease) => spendRow(lease, window.fromHeight, toHeight, inputs.height))
    .filter((row): row is SpendRow => row !== undefined)
    .sort(byLease);
  const fees = inputs.fees && { ...inputs.fees, txs: inputs.fees.txs.filter((tx) => tx.height > window.fromHeight && tx.height <= toHeight) };
  return {
    owner: inputs.owner,
    chainId: inputs.chainId,
    height: inputs.height,
    window: { ...window, toHeight },
    leases: rows,
    totals: totalsOf(rows),
    checks: summarise(rows),
    fees: fees && { ...fees, totals: sumCoins(fees.txs.flatMap((tx) => tx.fee)) },
    clock: inputs.clock,
    inputs,
  };
}

/** The lease's row for the window, or undefined when it was not billed in it and not created in it. */
export function spendRow(lease: LeaseFacts, fromHeight: number, toHeight: number, readAt: number): SpendRow | undefined {
  const open = lease.closedOn === 0;
  const end = open ? toHeight : lease.closedOn;
  const billedFrom = Math.max(lease.createdAt, fromHeight);
  const billedTo = Math.min(end, toHeight);
  const blocks = Math.max(0, billedTo - billedFrom);
  const createdInWindow = lease.createdAt >= fromHeight && lease.createdAt <= toHeight;
  if (blocks === 0 && !createdInWindow) return undefined;
  const models = lease.gpu.models;
  return {
    lease: lease.id,
    key: leaseKey(lease.id),
    provider: lease.id.provider,
    state: lease.state,
    ...(lease.closeReason ? { closeReason: lease.closeReason } : {}),
    deploymentState: lease.deploymentState,
    price: lease.price,
    createdAt: lease.createdAt,
    closedOn: open ? undefined : lease.closedOn,
    billedFrom,
    billedTo: Math.max(billedFrom, billedTo),
    blocks,
    amount: { denom: lease.price.denom, amount: lease.price.amount.mul(BigInt(blocks)) },
    gpu: { model: models.length === 1 && models[0] !== "*" ? models[0] : undefined, models, count: lease.gpu.count },
    labels: lease.labels,
    groupName: lease.groupName,
    check: checkEscrow(lease, readAt),
  };
}

/** The part of a row billed in the heights (fromHeight, toHeight]: blocks and price × blocks. */
export function clipRow(row: SpendRow, fromHeight: number, toHeight: number): { fromHeight: number; toHeight: number; blocks: number; amount: DecCoin } {
  const from = Math.max(row.billedFrom, fromHeight);
  const to = Math.max(from, Math.min(row.billedTo, toHeight));
  return { fromHeight: from, toHeight: to, blocks: to - from, amount: { denom: row.price.denom, amount: row.price.amount.mul(BigInt(to - from)) } };
}

export function totalsOf(rows: readonly SpendRow[]): SpendTotals {
  return {
    leases: rows.length,
    blocks: rows.reduce((sum, row) => sum + row.blocks, 0),
    gpuBlocks: rows.reduce((sum, row) => sum + row.blocks * row.gpu.count, 0),
    amounts: sumDecCoins(rows.map((row) => row.amount)),
  };
}

function summarise(rows: readonly SpendRow[]): CheckSummary {
  const count = (status: SpendRow["check"]["status"]) => rows.filter((row) => row.check.status === status).length;
  return { ok: count("ok"), mismatch: count("mismatch"), unavailable: count("unavailable"), flagged: rows.filter((row) => row.check.status !== "ok").map((row) => row.key) };
}

/** Σ per denomination, sorted by denomination. */
export function sumDecCoins(coins: readonly DecCoin[]): DecCoin[] {
  const sums = new Map<string, Dec>();
  for (const coin of coins) sums.set(coin.denom, (sums.get(coin.denom) ?? Dec.zero).add(coin.amount));
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([denom, amount]) => ({ denom, amount }));
}

export function sumCoins(coins: readonly { denom: string; amount: bigint }[]): { denom: string; amount: bigint }[] {
  const sums = new Map<string, bigint>();
  for (const coin of coins) sums.set(coin.denom, (sums.get(coin.denom) ?? 0n) + coin.amount);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([denom, amount]) => ({ denom, amount }));
}

function byLease(a: SpendRow, b: SpendRow): number {
  if (a.lease.dseq !== b.lease.dseq) return a.lease.dseq < b.lease.dseq ? -1 : 1;
  if (a.lease.gseq !== b.lease.gseq) return a.lease.gseq - b.lease.gseq;
  if (a.lease.oseq !== b.lease.oseq) return a.lease.oseq - b.lease.oseq;
  return a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0;
}
