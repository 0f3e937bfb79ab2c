/** `akash-gpu devnet start`: runs the devnet in the foreground until SIGINT or SIGTERM. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEVNET_FILE, recordedDevnet, type DevnetDescription } from "../../devnet/description.js";
import { startDevnet } from "../../devnet/start-devnet.js";
import { AkashGpuError } from "../../errors/base.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

export async function devnetStartCommand(options: { providers?: string; json?: boolean }, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io, { json: options.json });
  const config = configFromFlags({ ...globals, network: "local" }, io);
  refuseIfRunning(config.stateDir);
  const devnet = await startDevnet({ chainId: config.chainId, blockTimeMs: config.blockTimeMs, stateDir: config.stateDir, ...(options.providers ? { providersFile: options.providers } : {}) });
  const { chain: _chain, rpcFaults: _rpc, providerFaults: _faults, stop, ...description } = devnet;
  if (options.json) output.json(description);
  else printDescription(output, description, config.stateDir);

  await new Promise<void>((resolve) => {
    const shutdown = () => {
      process.off("SIGINT", shutdown);
      process.off("SIGTERM", shutdown);
      resolve();
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
  if (!options.json) output.note("stopping the devnet…");
  await stop();
  if (!options.json) output.note(`stopped at height ${devnet.chain.height}; state kept in ${config.stateDir}`);
}

function refuseIfRunning(stateDir: string): void {
  const running = recordedDevnet(stateDir);
  if (running && isAlive(running.pid)) {
    throw new AkashGpuError(`A devnet already runs from ${stateDir} (pid ${running.pid})`, {
      metaMessages: ["Stop it with `akash-gpu devnet stop`, or start another one with --state-dir <other dir>."],
    });
  }
}

/** Whether the process runs; an exited child its parent has not reaped yet (a zombie) does not count. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || readFileSync(stat, "utf8").split(") ")[1]?.[0] !== "Z";
}

function printDescription(output: Output, d: Omit<DevnetDescription, never>, stateDir: string): void {
  output.out(output.paint("green", `✓ devnet ${d.chainId} is running (blocks every ${d.blockTimeMs} ms)`));
  output.out(`  rpc    ${d.rpc}\n  grpc   ${d.grpc}\n  rest   ${d.rest}\n  admin  ${d.admin}`);
  output.out(`  wallet ${d.address}`);
  output.out(`  mnemonic (devnet only, public): ${d.mnemonic}`);
  output.out("  providers:");
  for (const p of d.providers) {
    output.out(`    ${p.name.padEnd(8)} ${p.region.padEnd(13)} ${(p.audited ? "audited" : "").padEnd(8)} ${p.gpus.map((g) => `${g.count}x${g.model}`).join(" ").padEnd(24)} ${p.hostUri}`);
  }
  output.out(`  written to ${join(stateDir, DEVNET_FILE)}; use --network local. Ctrl-C stops it.`);
}
