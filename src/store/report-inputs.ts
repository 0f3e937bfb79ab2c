/**
 * Report inputs: what a spend report read from chain (every lease with its payment, GPUs and labels, header
 * samples, fees) and the height it was read at — one JSON document per owner and chain, replaced by each
 * online run, so `report cost --offline` can re-run without the network. The chain stays the truth: these
 * are as of `height`, and an offline report says so.
 */
import { join } from "node:path";
import type { Coin, DecCoin } from "../chain/types.js";
import type { FeeReport, FeeTx } from "../costs/spend/fees.js";
import type { LeaseFacts, SpendInputs } from "../costs/spend/types.js";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import { ledgerDir, readJsonDocument, writeJsonAtomically } from "./ledger-files.js";

export type SavedReportInputs = SpendInputs & { savedAt: Date };

export function reportInputsFile(stateDir: string, chainId: string, owner: string): string {
  if (!/^[a-z0-9]+$/.test(owner)) throw new RangeError(`not an account address: ${JSON.stringify(owner)}`);
  return join(ledgerDir(stateDir, chainId), "report-inputs", `${owner}.json`);
}

export function saveReportInputs(stateDir: string, inputs: SpendInputs, savedAt = new Date()): string {
  const file = reportInputsFile(stateDir, inputs.chainId, inputs.owner);
  writeJsonAtomically(file, { ...inputs, savedAt });
  return file;
}

/** The inputs saved for this owner on this chain; undefined when none were; ReportInputsError when damaged. */
export function loadReportInputs(stateDir: string, chainId: string, owner: string): SavedReportInputs | undefined {
  const file = reportInputsFile(stateDir, chainId, owner);
  try {
    const json = readJsonDocument(file);
    return json === undefined ? undefined : decodeInputs(json);
  } catch (error) {
    throw new ReportInputsError(file, error);
  }
}

export class ReportInputsError extends AkashGpuError {
  override name = "ReportInputsError";

  constructor(readonly file: string, cause: unknown) {
    super(`The saved report inputs in ${file} cannot be read`, {
      metaMessages: ["expected: the JSON document an online `akash-gpu report cost` run saved", "what to do next: run the report once without --offline to read the chain again (it replaces the file)"],
      cause,
    });
  }
}

type Json = Record<string, unknown>;

function decodeInputs(value: unknown): SavedReportInputs {
  const json = object(value, "document");
  if (json.version !== 1) throw new TypeError(`unknown version ${String(json.version)}`);
  return {
    version: 1,
    chainId: text(json.chainId, "chainId"),
    owner: text(json.owner, "owner"),
    height: integer(json.height, "height"),
    headTime: date(json.headTime, "headTime"),
    savedAt: date(json.savedAt, "savedAt"),
    leases: array(json.leases, "leases").map(decodeLease),
    clock: array(json.clock, "clock").map((s) => ({ height: integer(object(s, "clock").height, "clock.height"), time: date(object(s, "clock").time, "clock.time") })),
    ...(json.fees === undefined ? {} : { fees: decodeFees(json.fees) }),
  };
}

function decodeLease(value: unknown): LeaseFacts {
  const json = object(value, "lease");
  const id = object(json.id, "lease.id");
  const payment = json.payment === undefined ? undefined : object(json.payment, "lease.payment");
  const gpu = object(json.gpu, "lease.gpu");
  const labels = object(json.labels, "lease.labels");
  return {
    id: { owner: text(id.owner, "id.owner"), dseq: BigInt(text(id.dseq, "id.dseq")), gseq: integer(id.gseq, "id.gseq"), oseq: integer(id.oseq, "id.oseq"), provider: text(id.provider, "id.provider"), bseq: integer(id.bseq, "id.bseq") },
    state: oneOf(json.state, ["active", "insufficient_funds", "closed", "reclaiming"] as const, "lease.state"),
    price: decCoin(json.price, "lease.price"),
    createdAt: integer(json.createdAt, "lease.createdAt"),
    closedOn: integer(json.closedOn, "lease.closedOn"),
    ...(json.closeReason === undefined ? {} : { closeReason: text(json.closeReason, "lease.closeReason") }),
    ...(payment
      ? { payment: { state: text(payment.state, "payment.state"), withdrawn: decCoin(payment.withdrawn, "payment.withdrawn"), balance: decCoin(payment.balance, "payment.balance"), settledAt: integer(payment.settledAt, "payment.settledAt") } }
      : {}),
    deploymentState: oneOf(json.deploymentState, ["active", "closed", "unknown"] as const, "lease.deploymentState"),
    groupName: text(json.groupName, "lease.groupName"),
    labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, text(v, `labels.${k}`)])),
    gpu: { models: array(gpu.models, "gpu.models").map((m) => text(m, "gpu.models[]")), count: integer(gpu.count, "gpu.count") },
  };
}

function decodeFees(value: unknown): FeeReport {
  const json = object(value, "fees");
  return {
    source: oneOf(json.source, ["journal", "tx-search"] as const, "fees.source"),
    address: text(json.address, "fees.address"),
    fromHeight: integer(json.fromHeight, "fees.fromHeight"),
    toHeight: integer(json.toHeight, "fees.toHeight"),
    txs: array(json.txs, "fees.txs").map((t): FeeTx => {
      const tx = object(t, "fees.txs[]");
      return {
        hash: text(tx.hash, "tx.hash"),
        height: integer(tx.height, "tx.height"),
        code: integer(tx.code, "tx.code"),
        fee: array(tx.fee, "tx.fee").map((c) => coin(c, "tx.fee[]")),
        messages: array(tx.messages, "tx.messages").map((m) => text(m, "tx.messages[]")),
        failed: tx.failed === true,
        tool: tx.tool === true,
      };
    }),
    totals: array(json.totals, "fees.totals").map((c) => coin(c, "fees.totals[]")),
    missing: array(json.missing, "fees.missing").map((h) => text(h, "fees.missing[]")),
  };
}

function object(value: unknown, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`${what}: expected an object`);
  return value as Json;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected a list`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw new TypeError(`${what}: expected text`);
  return value;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new TypeError(`${what}: expected a whole number`);
  return value;
}

function date(value: unknown, what: string): Date {
  const time = new Date(text(value, what));
  if (Number.isNaN(time.getTime())) throw new TypeError(`${what}: expected a time`);
  return time;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) throw new TypeError(`${what}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

function decCoin(value: unknown, what: string): DecCoin {
  const json = object(value, what);
  return { denom: text(json.denom, `${what}.denom`), amount: Dec.parse(text(json.amount, `${what}.amount`)) };
}

function coin(value: unknown, what: string): Coin {
  const json = object(value, what);
  const amount = text(json.amount, `${what}.amount`);
  if (!/^\d+$/.test(amount)) throw new TypeError(`${what}.amount: expected a whole number`);
  return { denom: text(json.denom, `${what}.denom`), amount: BigInt(amount) };
}
