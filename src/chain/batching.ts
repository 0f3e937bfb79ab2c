/**
 * Many messages in as few transactions as the gas limit allows (teardown: 60 closes in one or two txs).
 *
 * The plan comes from simulations: a chunk is simulated, shrunk in proportion if its adjusted gas exceeds the
 * per-transaction limit, and accepted otherwise. When a simulation fails because of a message (a deployment
 * already closed), that message is taken out — the one the chain names by "message index", or else found by
 * bisecting the chunk — and reported in `failed` with its index; the rest still go out.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { AkashGpuError } from "../errors/base.js";
import type { ChainClient } from "./chain-client.js";
import { ChainTxError, NodeUnreachableError } from "./errors.js";
import { adjustGas } from "./tx-encoding.js";
import type { TxResult } from "./types.js";

export type BatchFailure = { index: number; error: AkashGpuError };
export type BatchResult = { txs: TxResult[]; failed: BatchFailure[] };

/** Per-transaction gas ceiling when none is given: about 0.5 AKT of fees at 0.025 uakt/gas. */
export const DEFAULT_MAX_GAS_PER_TX = 20_000_000n;

/** A transaction takes at most this share (in %) of the block gas limit, leaving room for others'. */
const BLOCK_SHARE_PERCENT = 75n;

/** Errors about the transaction as a whole (signer, fee, size, sequence), not about one of its messages. */
const TX_LEVEL_SDK_CODES = new Set([3, 4, 8, 9, 11, 12, 13, 19, 20, 21, 28, 30, 32, 41]);

export function isMessageFailure(error: unknown): error is ChainTxError {
  if (!(error instanceof ChainTxError) || (error.phase !== "simulate" && error.phase !== "deliver")) return false;
  const { codespace, code } = error.embedded ?? error; // mainnet wraps a failed simulation's error in sdk 6
  return codespace !== "sdk" || !TX_LEVEL_SDK_CODES.has(code);
}

const isTooLarge = (error: unknown): boolean => error instanceof ChainTxError && error.is("sdk", 21);

export type PlannedBatch = { indices: number[]; gas: bigint };
/** Simulates the messages at these indices together; resolves with the gas used. */
export type Simulator = (indices: number[]) => Promise<bigint>;

export async function planBatches(indices: number[], simulate: Simulator, gasAdjustment: number, maxGasPerTx: bigint): Promise<{ batches: PlannedBatch[]; failed: BatchFailure[] }> {
  const batches: PlannedBatch[] = [];
  const failed: BatchFailure[] = [];
  let pending = [...indices];
  let size = pending.length;
  const samples = new GasSamples();
  while (pending.length > 0) {
    const chunk = pending.slice(0, Math.max(1, size));
    let gas: bigint;
    try {
      const simulated = await simulate(chunk);
      samples.add(chunk.length, simulated);
      gas = adjustGas(simulated, gasAdjustment);
    } catch (error) {
      if (isTooLarge(error) && chunk.length > 1) {
        size = Math.ceil(chunk.length / 2);
        continue;
      }
      if (!isMessageFailure(error)) throw error;
      const bad = await isolate(chunk, simulate, error);
      if (bad.length === 0) {
        size = Math.ceil(chunk.length / 2); // each half passes alone: send them apart
        continue;
      }
      failed.push(...bad);
      const dropped = new Set(bad.map((b) => b.index));
      pending = pending.filter((index) => !dropped.has(index));
      continue;
    }
    if (gas > maxGasPerTx) {
      if (chunk.length === 1) {
        failed.push({ index: chunk[0]!, error: tooMuchGas(gas, maxGasPerTx) });
        pending = pending.slice(1);
        continue;
      }
      size = Math.max(1, Math.min(samples.fitting(Number(maxGasPerTx) / gasAdjustment) ?? proportional(chunk.length, gas, maxGasPerTx), chunk.length - 1));
      continue;
    }
    batches.push({ indices: chunk, gas });
    pending = pending.slice(chunk.length);
  }
  return { batches, failed };
}

/** A first guess from one simulation: the same gas per message, 5% under (a transaction has a fixed part too). */
const proportional = (count: number, gas: bigint, limit: bigint): number => Number((BigInt(count) * limit * 95n) / (gas * 100n));

/**
 * Gas as a fixed part per transaction plus a part per message, fitted to the last two simulations of
 * different sizes: how many messages fit under a raw (unadjusted) gas limit.
 */
class GasSamples {
  #last: { count: number; gas: number }[] = [];

  add(count: number, gas: bigint): void {
    this.#last = [...this.#last.filter((s) => s.count !== count), { count, gas: Number(gas) }].slice(-2);
  }

  fitting(rawLimit: number): number | undefined {
    const [a, b] = this.#last;
    if (!a || !b) return undefined;
    const perMessage = (a.gas - b.gas) / (a.count - b.count);
    if (!(perMessage > 0)) return undefined;
    return Math.floor((rawLimit - (a.gas - perMessage * a.count)) / perMessage);
  }
}

/** The messages of `chunk` that fail: the one the chain names, else those bisection finds. */
async function isolate(chunk: number[], simulate: Simulator, error: ChainTxError): Promise<BatchFailure[]> {
  if (error.messageIndex !== undefined && error.messageIndex < chunk.length) return [{ index: chunk[error.messageIndex]!, error }];
  if (chunk.length === 1) return [{ index: chunk[0]!, error }];
  const half = Math.ceil(chunk.length / 2);
  const bad: BatchFailure[] = [];
  for (const part of [chunk.slice(0, half), chunk.slice(half)]) {
    try {
      await simulate(part);
    } catch (partError) {
      if (!isMessageFailure(partError)) throw partError;
      bad.push(...(await isolate(part, simulate, partError)));
    }
  }
  return bad;
}

function tooMuchGas(gas: bigint, limit: bigint): AkashGpuError {
  return new AkashGpuError(`This message alone needs ${gas} gas, more than the ${limit} a transaction may use here`, {
    metaMessages: ["what to do next: raise maxGasPerTx if the block gas limit allows, or split the action."],
  });
}

export async function gasLimitPerTx(client: Pick<ChainClient, "maxBlockGas">, requested: bigint | undefined): Promise<bigint> {
  const block = await client.maxBlockGas().catch(() => undefined);
  const limits = [requested ?? DEFAULT_MAX_GAS_PER_TX, ...(block ? [(block * BLOCK_SHARE_PERCENT) / 100n] : [])];
  return limits.reduce((a, b) => (b < a ? b : a));
}

export async function broadcastBatched(
  client: Pick<ChainClient, "simulate" | "signAndBroadcast" | "maxBlockGas">,
  messages: EncodeObject[],
  options: { memo?: string; maxGasPerTx?: bigint; gasAdjustment: number },
): Promise<BatchResult> {
  const memo = options.memo ?? "";
  const limit = await gasLimitPerTx(client, options.maxGasPerTx);
  const simulate: Simulator = (indices) => client.simulate(indices.map((i) => messages[i]!), memo);
  const send = (batch: PlannedBatch) => client.signAndBroadcast(batch.indices.map((i) => messages[i]!), { memo, gas: batch.gas });
  const plan = await planBatches(messages.map((_, i) => i), simulate, options.gasAdjustment, limit);
  const txs: TxResult[] = [];
  const failed = [...plan.failed];
  const fail = (indices: number[], error: unknown) => failed.push(...indices.map((index) => ({ index, error: asAkashGpuError(error) })));

  for (const [position, batch] of plan.batches.entries()) {
    try {
      txs.push(await send(batch));
    } catch (error) {
      if (isMessageFailure(error) && error.phase === "deliver") {
        // The chain changed since the simulation (a provider closed a lease, …): plan these messages again, once.
        const again = await planBatches(batch.indices, simulate, options.gasAdjustment, limit);
        failed.push(...again.failed);
        for (const retry of again.batches) await send(retry).then((tx) => txs.push(tx), (retryError: unknown) => fail(retry.indices, retryError));
        continue;
      }
      fail(batch.indices, error);
      if (error instanceof NodeUnreachableError) {
        // The node is gone: the later batches would only wait for it again.
        for (const rest of plan.batches.slice(position + 1)) fail(rest.indices, error);
        break;
      }
    }
  }
  failed.sort((a, b) => a.index - b.index);
  return { txs, failed };
}

function asAkashGpuError(error: unknown): AkashGpuError {
  return error instanceof AkashGpuError ? error : new AkashGpuError("The transaction could not be sent", { cause: error });
}
