/** `akash-gpu devnet stop`: signals the devnet that runs from the state dir and waits until it is gone. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEVNET_FILE, type DevnetDescription } from "../../devnet/description.js";
import { AkashGpuError } from "../../errors/base.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";
import { isAlive } from "./devnet-start.js";

const STOP_TIMEOUT_MS = 15_000;

export async function devnetStopCommand(globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io);
  const config = configFromFlags({ ...globals, network: "local" }, io);
  const file = join(config.stateDir, DEVNET_FILE);
  if (!existsSync(file)) throw new AkashGpuError(`No devnet runs from ${config.stateDir}`, { metaMessages: [`expected: ${file}, written by \`akash-gpu devnet start\``] });
  const { pid } = JSON.parse(readFileSync(file, "utf8")) as DevnetDescription;
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
