/**
 * The engine bench's devnet: started in this process with a state dir, the CLI pointed at it as a user would
 * (`--network local --state-dir <dir>`), the bench's own chain client on the same wallet, and the wall-clock
 * time at which each block was committed on the node (the chain emits "block" after its txs are delivered).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { connectChain, type ChainClient } from "../../src/chain/chain-client.js";
import { openWallet } from "../../src/chain/wallet.js";
import { Secret } from "../../src/config/secret.js";
import type { BlockRecord } from "../../src/devnet/node-api.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { BIN } from "../run-cli.js";

export const ENGINE_BLOCK_MS = 1000;
/** How long a devnet workload "loads the model" before /health answers: small, so polling cadence shows. */
export const WORKLOAD_LOAD_MS = 2000;

/** A line the CLI printed, with the wall-clock time (ms since the epoch) this process read it. */
export type TimedLine = { at: number; stream: "stdout" | "stderr"; text: string };
export type TimedRun = { status: number; stdout: string; stderr: string; lines: TimedLine[]; startedAt: number; wallMs: number };

export type EngineDevnet = {
  devnet: Devnet;
  stateDir: string;
  /** The bench's client of the devnet's test wallet (the wallet the CLI uses with --network local). */
  chain: ChainClient;
  mnemonic: Secret;
  /** Wall-clock time (ms since the epoch) each block was committed on the node, by height. */
  committedAt: Map<number, number>;
  /** Runs the built CLI against the devnet, timing every line it prints. */
  cli(args: string[]): Promise<TimedRun>;
  stop(): Promise<void>;
};

export async function startEngineDevnet(): Promise<EngineDevnet> {
  const stateDir = mkdtempSync(join(tmpdir(), "akash-gpu-bench-engine-"));
  const devnet = await startDevnet({ blockTimeMs: ENGINE_BLOCK_MS, stateDir, workloadLoadDelayMs: WORKLOAD_LOAD_MS });
  const committedAt = new Map<number, number>();
  const onBlock = (block: BlockRecord) => committedAt.set(block.height, Date.now());
  devnet.chain.on("block", onBlock);
  const mnemonic = new Secret(devnet.mnemonic);
  const chain = await connectChain({ rpc: devnet.rpc, grpc: devnet.grpc, chainId: devnet.chainId, gasPrice: "0.025uakt", gasAdjustment: 1.3, wallet: await openWallet(mnemonic) });
  return {
    devnet,
    stateDir,
    chain,
    mnemonic,
    committedAt,
    cli: (args) => runTimed([...args, "--network", "local", "--state-dir", stateDir]),
    async stop() {
      devnet.chain.off("block", onBlock);
      await chain.disconnect();
      await devnet.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Spawns `node bin/akash-gpu.js …` (without blocking the devnet in this process) and stamps each output line. */
function runTimed(args: string[]): Promise<TimedRun> {
  const startedAt = Date.now();
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: TimedLine[] = [];
  const read = (stream: "stdout" | "stderr") =>
    new Promise<void>((resolve) => createInterface({ input: child[stream] }).on("line", (text) => lines.push({ at: Date.now(), stream, text })).on("close", resolve));
  const done = Promise.all([read("stdout"), read("stderr")]);
  return new Promise((resolve) =>
    child.on("close", async (status) => {
      await done;
      const text = (stream: "stdout" | "stderr") => lines.filter((l) => l.stream === stream).map((l) => l.text).join("\n");
      resolve({ status: status ?? -1, stdout: text("stdout"), stderr: text("stderr"), lines, startedAt, wallMs: performance.now() - start });
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
