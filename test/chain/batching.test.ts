import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBatches, type Simulator } from "../../src/chain/batching.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { ChainTxError } from "../../src/chain/errors.js";
import { msgCloseDeployment, msgCreateDeployment } from "../../src/chain/messages.js";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { params } from "../sdl/helpers.js";
import { clientFor, nextDseq } from "./helpers.js";

describe("planBatches (simulations stubbed)", () => {
  /** 100 gas per message plus 1000 per tx; messages in `bad` fail, named by index only when `namesIndex`. */
  const simulator = (bad: Set<number>, namesIndex: boolean, calls: number[][]): Simulator => async (indices) => {
    calls.push(indices);
    const position = indices.findIndex((i) => bad.has(i));
    if (position >= 0) {
      const log = namesIndex ? `failed to execute message; message index: ${position}: Deployment closed` : "Deployment closed";
      throw new ChainTxError({ codespace: "deployment", code: 5, rawLog: log, phase: "simulate" });
    }
    return 1000n + 100n * BigInt(indices.length);
  };
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("bisects to the failing messages when the chain does not name them, and sends the rest", async () => {
    const calls: number[][] = [];
    const { batches, failed } = await planBatches(all(16), simulator(new Set([3, 11]), false, calls), 1, 1_000_000n);
    expect(failed.map((f) => f.index)).toEqual([3, 11]);
    expect(failed[0]!.error).toBeInstanceOf(ChainTxError);
    expect(batches).toEqual([{ indices: all(16).filter((i) => i !== 3 && i !== 11), gas: 2400n }]);
    expect(calls.length).toBeLessThanOrEqual(2 * 2 * Math.log2(16) + 2); // about 2k·log2(n) simulations for k bad messages
  });

  it("takes out the message the chain names, one simulation each", async () => {
    const calls: number[][] = [];
    const { batches, failed } = await planBatches(all(10), simulator(new Set([2, 7]), true, calls), 1, 1_000_000n);
    expect(failed.map((f) => f.index)).toEqual([2, 7]);
    expect(batches.map((b) => b.indices.length)).toEqual([8]);
    expect(calls.length).toBe(3);
  });

  it("splits by the gas limit, with the adjustment applied", async () => {
    // 30 messages: 1000 + 30 × 100 gas, × 1.5 = 6000 > 3000 allowed: at most 10 per transaction fit.
    const { batches, failed } = await planBatches(all(30), simulator(new Set(), false, []), 1.5, 3_000n);
    expect(failed).toEqual([]);
    expect(batches.flatMap((b) => b.indices)).toEqual(all(30));
    expect(batches.every((b) => b.gas <= 3_000n)).toBe(true);
    expect(batches.map((b) => b.indices.length)).toEqual([10, 10, 10]);
  });
});

describe("broadcastBatched on the devnet", () => {
  const BLOCK_MS = 250;
  let devnet: Devnet;
  let client: ChainClient;

  beforeAll(async () => {
    devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
    ({ client } = await clientFor(devnet));
  });

  afterAll(async () => {
    await client?.disconnect();
    await devnet?.stop();
  });

  it("closes 60 deployments in at most 2 transactions, isolating one that was already closed", async () => {
    const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };
    const analysis = await analyzeSdl(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5" }), price).yaml, price);
    if (!analysis.valid) throw new Error("the rendered SDL must be valid");
    const hash = Buffer.from(analysis.manifestVersion, "hex");
    const owner = client.address;
    const dseqs = Array.from({ length: 60 }, () => nextDseq());

    const created = await client.broadcastBatched(dseqs.map((dseq) => msgCreateDeployment({ owner, dseq, groups: analysis.groupSpecs, hash, deposit: { denom: "uact", amount: 500_000n } })));
    expect(created.failed).toEqual([]);
    expect(created.txs.length).toBeLessThanOrEqual(2);

    const closedEarlier = 17;
    await client.signAndBroadcast([msgCloseDeployment({ owner, dseq: dseqs[closedEarlier]! })]);

    const result = await client.broadcastBatched(dseqs.map((dseq) => msgCloseDeployment({ owner, dseq })), { memo: "akash-gpu: teardown" });
    expect(result.txs.length).toBeGreaterThanOrEqual(1);
    expect(result.txs.length).toBeLessThanOrEqual(2);
    expect(result.failed.map((f) => f.index)).toEqual([closedEarlier]);
    expect(result.failed[0]!.error).toMatchObject({ codespace: "deployment", code: 5 });
    const closes = result.txs.flatMap((tx) => tx.events.filter((e) => e.type === "message").map((e) => e.attributes.find((a) => a.key === "action")?.value));
    expect(closes).toHaveLength(59);

    for (const dseq of dseqs) {
      const { deployment } = await client.sdk.akash.deployment.v1beta4.getDeployment({ id: { owner, dseq } });
      expect(deployment?.state).toBe(2); // closed
    }
  });

  it("keeps each transaction under the gas limit it is given", async () => {
    const owner = client.address;
    const dseqs = Array.from({ length: 6 }, () => nextDseq());
    const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };
    const analysis = await analyzeSdl(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5" }), price).yaml, price);
    if (!analysis.valid) throw new Error("the rendered SDL must be valid");
    const hash = Buffer.from(analysis.manifestVersion, "hex");
    await client.broadcastBatched(dseqs.map((dseq) => msgCreateDeployment({ owner, dseq, groups: analysis.groupSpecs, hash, deposit: { denom: "uact", amount: 500_000n } })));

    const closes = dseqs.map((dseq) => msgCloseDeployment({ owner, dseq }));
    const one = await client.simulate(closes.slice(0, 1));
    const limit = (one * 13n * 2n) / 10n; // room for about two closes per transaction
    const result = await client.broadcastBatched(closes, { maxGasPerTx: limit });
    expect(result.failed).toEqual([]);
    expect(result.txs.length).toBeGreaterThanOrEqual(3);
    expect(result.txs.every((tx) => tx.gasWanted <= limit)).toBe(true);

    // Not one close fits in 1 gas: each is reported, nothing is sent.
    const none = await client.broadcastBatched(closes, { maxGasPerTx: 1n });
    expect(none.txs).toEqual([]);
    expect(none.failed.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
