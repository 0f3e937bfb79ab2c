/**
 * The shapes of spend from chain. Two layers, so a report can be re-run offline:
 * - SpendInputs: what was read from the chain (every lease of an owner with its escrow payment, the GPUs and
 *   labels of its group, a few block header times, fees), with the height it was read at. The ledger keeps it.
 * - SpendReport: what a window makes of them (rows billed inside the window, totals, escrow checks). Pure.
 * Amounts are exact decimals in the lease's own denomination (uact on mainnet); USD is the caller's step.
 */
import type { DecCoin, DeploymentState, Lease, LeaseId, LeaseState } from "../../chain/types.js";
import type { Dec } from "../decimal.js";
import type { Labels } from "../../engine/labels.js";
import type { FeeReport } from "./fees.js";

/** A block height and its header time. */
export type HeightTime = { height: number; time: Date };

/** A lease as read from chain, with what its deployment group says about it. */
export type LeaseFacts = Omit<Lease, "reclamation"> & {
  /** The deployment's state; "unknown" when the chain no longer answers for it. */
  deploymentState: DeploymentState | "unknown";
  /** The group's name (GroupSpec.name), where akash-gpu encodes labels. */
  groupName: string;
  /** The deployment's labels: the union over its groups. */
  labels: Labels;
  /** GPU models the group asked for (several, or "*", when it accepted any of them) and GPUs per lease. */
  gpu: { models: string[]; count: number };
};

export type SpendInputs = {
  version: 1;
  chainId: string;
  owner: string;
  /** The height the leases were read at: open payments are checked as of this height. */
  height: number;
  /** The header time of `height`. */
  headTime: Date;
  leases: LeaseFacts[];
  /** Header times sampled from chain, oldest first: the clock that maps heights to days, also offline. */
  clock: HeightTime[];
  /** Fees of the wallet's own transactions, when they were asked for. */
  fees?: FeeReport;
};

/** A window bound as the user gives it: a height, or a time. */
export type WindowBound = number | Date;
export type WindowInput = { since?: WindowBound; until?: WindowBound };

/**
 * A window in heights. The blocks billed in it are the heights in (fromHeight, toHeight]: a lease created at
 * height c and closed at e is billed for the blocks c+1 … e, that is e − c blocks, as escrow charges it.
 */
export type ResolvedWindow = {
  fromHeight: number;
  toHeight: number;
  /** Header time of fromHeight + 1 (the first block billed); undefined from the chain's start. */
  fromTime: Date | undefined;
  /** Header time of toHeight. */
  toTime: Date;
  /** True when a time was turned into a height by interpolation (offline) rather than by reading headers. */
  estimated: boolean;
};

export type EscrowCheck =
  | {
      status: "ok" | "mismatch";
      /** The height the payment was read at. */
      height: number;
      /** price × blocks from creation to the close (or to `height` while open). */
      expected: Dec;
      /** withdrawn + balance + accrued: what escrow shows paid for the lease. */
      escrow: Dec;
      withdrawn: Dec;
      balance: Dec;
      /** price × (height − settledAt) for an open payment: owed since the account was last settled. */
      accrued: Dec;
      /** expected − escrow. */
      difference: Dec;
      /** The most the chain's truncation to whole units at each settlement can account for. */
      tolerance: Dec;
      reason?: string;
    }
  | { status: "unavailable"; reason: string };

export type SpendRow = {
  lease: LeaseId;
  /** "owner/dseq/gseq/oseq/provider": the lease id, as the inference pool and the metrics ledger key it. */
  key: string;
  provider: string;
  state: LeaseState;
  closeReason?: string;
  deploymentState: LeaseFacts["deploymentState"];
  price: DecCoin;
  createdAt: number;
  /** Undefined while the lease is open. */
  closedOn: number | undefined;
  /** Blocks billed inside the window: heights (billedFrom, billedTo]. */
  billedFrom: number;
  billedTo: number;
  blocks: number;
  /** price × blocks, exact. */
  amount: DecCoin;
  /** `model` is set when the group asked for exactly one GPU model. */
  gpu: { model: string | undefined; models: string[]; count: number };
  labels: Labels;
  groupName: string;
  /** Escrow payments against price × blocks, over the lease's whole life (not just the window). */
  check: EscrowCheck;
};

export type SpendTotals = {
  leases: number;
  blocks: number;
  /** Σ blocks × GPUs: GPU-blocks, for USD per GPU-hour. */
  gpuBlocks: number;
  /** Σ amount per denomination, sorted by denomination. */
  amounts: DecCoin[];
};

export type CheckSummary = { ok: number; mismatch: number; unavailable: number; flagged: string[] };

export type SpendReport = {
  owner: string;
  chainId: string;
  /** The height the leases were read at. */
  height: number;
  window: ResolvedWindow;
  leases: SpendRow[];
  totals: SpendTotals;
  checks: CheckSummary;
  fees: FeeReport | undefined;
  /** Header samples, for day grouping (groupSpend by "day") and time display. */
  clock: HeightTime[];
  /** What was read from chain: save it (saveReportInputs) to re-run the report offline. */
  inputs: SpendInputs;
};
