/**
 * The devnet's memory with 100 open deployments: under 300 MB. The figures come from a separate plain
 * `node --expose-gc` process running the built devnet (dist/, as `akash-gpu devnet start` runs it), driven over
 * its CometBFT RPC like any client, so neither tsx nor the bench's own signing counts.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { StargateClient, type StdFee } from "@cosmjs/stargate";
import { Secret } from "../../src/config/secret.js";
import { Dec } from "../../src/costs/decimal.js";
import { devnetKeys } from "../../src/devnet/chain/genesis.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { parseRenderParams } from "../../src/sdl/render-params.js";
import { renderSdl } from "../../src/sdl/render.js";
import { broadcastTxSync, offlineSigner } from "./devnet-client.js";

const MEMORY_BLOCK_MS = 200;
const DEPLOYMENTS = 100;
const DEPLOYMENTS_PER_TX = 10;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The devnet process for the memory figures: plain node running dist/, answering one JSON line per command
 * on stdin ("memory": usage after two forced GCs; "market": the test wallet's deployments, orders and bids).
 */
const MEMORY_CHILD = `
const dist = process.env.BENCH_DIST_URL;
const { startDevnet } = await import(dist + "devnet/start-devnet.js");
const { allBids, allOrders } = await import(dist + "devnet/chain/modules/market.js");
const { allDeployments } = await import(dist + "devnet/chain/modules/deployment.js");
const memory = () => {
  gc(); gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, maxRss: process.resourceUsage().maxRSS * 1024 };
};
const reply = (value) => process.stdout.write(JSON.stringify(value) + "\\n");
const loaded = memory();
const devnet = await startDevnet({ blockTimeMs: Number(process.env.BENCH_BLOCK_MS) });
reply({ rpc: devnet.rpc, address: devnet.address, chainId: devnet.chainId, loaded });
for await (const line of (await import("node:readline")).createInterface({ input: process.stdin })) {
  if (line === "memory") reply(memory());
  if (line === "market") {
    const owner = devnet.address;
    const orders = allOrders(devnet.chain).filter((o) => o.owner === owner);
    const bids = allBids(devnet.chain).filter((b) => b.owner === owner);
    const withBids = new Set(bids.map((b) => b.dseq + "/" + b.gseq + "/" + b.oseq));
    reply({ height: devnet.chain.height, deployments: allDeployments(devnet.chain, owner).length, orders: orders.length, ordersWithBids: orders.filter((o) => withBids.has(o.dseq + "/" + o.gseq + "/" + o.oseq)).length, bids: bids.length });
  }
  if (line === "stop") {
    await devnet.stop();
    process.exit(0);
  }
}
`;

type MemoryUsage = { rss: number; heapUsed: number; heapTotal: number; external: number; maxRss: number };
type Market = { height: number; deployments: number; orders: number; ordersWithBids: number; bids: number };
export type MemoryResult = { samples: { label: string; usage: MemoryUsage }[]; market: Market; waitSeconds: number };

export async function benchMemory(): Promise<MemoryResult> {
  const child = spawn(process.execPath, ["--expose-gc", "--input-type=module", "-e", MEMORY_CHILD], {
    env: { ...process.env, BENCH_DIST_URL: new URL("../../dist/", import.meta.url).href, BENCH_BLOCK_MS: String(MEMORY_BLOCK_MS) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the devnet process for the memory figures exited (${child.exitCode})`);
    return JSON.parse(line.value) as T;
  };
  const ask = <T>(command: string): Promise<T> => {
    child.stdin.write(`${command}\n`);
    return next<T>();
  };
  try {
    const started = await next<{ rpc: string; address: string; chainId: string; loaded: MemoryUsage }>();
    await sleep(3 * MEMORY_BLOCK_MS);
    const samples = [{ label: "node + the devnet's modules (dist) loaded, no devnet", usage: started.loaded }, { label: "devnet started, no deployments", usage: await ask<MemoryUsage>("memory") }];

    const price = { blockTimeMs: MEMORY_BLOCK_MS, actUsd: Dec.parse("1") };
    const renderParams = parseRenderParams({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100", "a100", "h200", "l40s", "rtxa6000"], gpuCount: "1", maxUsdPerHour: "5" }, { apiKey: new Secret("sk-bench-0123456789abcdef") });
    const analysis = await analyzeSdl(renderSdl(renderParams, price).yaml, price);
    if (!analysis.valid) throw new Error("the rendered SDL must be valid");
    const groups = analysis.groupSpecs.map((g) => akashV1beta4.GroupSpec.fromPartial(g));
    const hash = Buffer.from(analysis.manifestVersion, "hex");

    // The account's number and sequence as a client gets them: a query over the CometBFT RPC.
    const [user] = await devnetKeys(1);
    const query = await StargateClient.connect(started.rpc);
    const account = await query.getSequence(user!.address);
    const firstDseq = BigInt(await query.getHeight()) * 1000n;
    query.disconnect();
    const wallet = await offlineSigner(user!, account, started.chainId);
    const fee: StdFee = { amount: [{ denom: "uakt", amount: "7500" }], gas: "3000000" };
    for (let t = 0; t < DEPLOYMENTS / DEPLOYMENTS_PER_TX; t++) {
      const messages = Array.from({ length: DEPLOYMENTS_PER_TX }, (_, i) => ({
        typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment",
        value: { id: { owner: user!.address, dseq: firstDseq + BigInt(t * DEPLOYMENTS_PER_TX + i) }, groups, hash, deposit: { amount: { denom: "uact", amount: "500000" }, sources: [1] } },
      }));
      const reply = await broadcastTxSync(started.rpc, await wallet.sign(messages, fee, wallet.sequence + BigInt(t)), t);
      if (reply.code !== 0) throw new Error(`MsgCreateDeployment tx ${t} refused: ${reply.log}`);
    }

    // Bids come a block or two after the orders; wait until no new bid arrived for 10 blocks, at most 30 s.
    const waitStart = performance.now();
    let market = await ask<Market>("market");
    for (let quiet = 0; quiet < 10 && performance.now() - waitStart < 30_000; ) {
      await sleep(MEMORY_BLOCK_MS);
      const now = await ask<Market>("market");
      quiet = now.deployments === DEPLOYMENTS && now.bids === market.bids && now.bids > 0 ? quiet + 1 : 0;
      market = now;
    }
    if (market.deployments !== DEPLOYMENTS) throw new Error(`only ${market.deployments} of ${DEPLOYMENTS} deployments were created`);
    const waitSeconds = (performance.now() - waitStart) / 1000;
    samples.push({ label: `${DEPLOYMENTS} deployments open, bids in`, usage: await ask<MemoryUsage>("memory") });
    return { samples, market, waitSeconds };
  } finally {
    child.stdin.write("stop\n");
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(undefined)));
  }
}

export function memoryLines(memory: MemoryResult): string[] {
  const after = memory.samples.at(-1)!.usage;
  return [
    "### Memory with 100 open deployments",
    "",
    `A separate \`node --expose-gc\` process runs the built devnet (\`dist/\`, as \`akash-gpu devnet start\` does) with \`blockTimeMs: ${MEMORY_BLOCK_MS}\`. The bench creates ${DEPLOYMENTS} deployments in it over the CometBFT RPC (${DEPLOYMENTS / DEPLOYMENTS_PER_TX} txs of ${DEPLOYMENTS_PER_TX} MsgCreateDeployment from the test wallet, signed offline; vLLM Qwen/Qwen3-8B on one GPU of h100/a100/h200/l40s/rtxa6000, deposit 500000 uact each) and waits until no new bid came for 10 blocks (${memory.waitSeconds.toFixed(1)} s): ${memory.market.deployments} deployments, ${memory.market.orders} open orders, ${memory.market.ordersWithBids} of them with bids (a provider bids only while its free GPUs, less those held by its open bids, fit), ${memory.market.bids} bids. Figures after two forced \`gc()\`; peak RSS is the process's maximum so far. Goal: under 300 MB.`,
    "",
    "| state | RSS MiB | peak RSS MiB | heap used MiB | heap total MiB | external MiB |",
    "|---|---:|---:|---:|---:|---:|",
    ...memory.samples.map(({ label, usage: u }) => `| ${label} | ${mib(u.rss)} | ${mib(u.maxRss)} | ${(u.heapUsed / 2 ** 20).toFixed(1)} | ${mib(u.heapTotal)} | ${(u.external / 2 ** 20).toFixed(1)} |`),
    "",
    `Goal met: ${after.rss < 300e6 && after.maxRss < 300e6 ? "yes" : "**no**"} (RSS ${mib(after.rss)} MiB, peak ${mib(after.maxRss)} MiB).`,
  ];
}
