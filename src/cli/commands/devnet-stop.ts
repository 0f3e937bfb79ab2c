/** `akash-gpu devnet stop`: signals the devnet that runs from the state dir and waits until it is gone. */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEVNET_FILE, recordedDevnet } from "../../devnet/description.js";
import { AkashGpuError } from "../../errors/base.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";
import { isAlive } from "./devnet-start.js";

const STOP_TIMEOUT_MS = 15_000;

export async function devnetStopCommand(globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io);
  const config = configFromFlags({ ...globals, network: "local" }, io);
  const running = recordedDevnet(config.stateDir);
  if (!running) throw new AkashGpuError(`No devnet runs from ${config.stateDir}`, { metaMessages: [`expected: ${join(config.stateDir, DEVNET_FILE)}, written by \`akash-gpu devnet start\``] });
  const { pid } = running;
  if (!isAlive(pid)) {
    output.note(`the devnet (pid ${pid}) is no longer running`);
    return;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new AkashGpuError(`The devnet (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`, { metaMessages: [`kill it with: kill -9 ${pid}`] });
    await sleep(100);
  }
  output.note(`stopped the devnet (pid ${pid})`);
}
