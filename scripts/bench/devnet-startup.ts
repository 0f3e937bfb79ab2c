/** The devnet's start-up to ready: `startDevnet()` must resolve in under 2 s. */
import { loadFleet } from "../../src/devnet/fleet/fleet-config.js";
import { startDevnet } from "../../src/devnet/start-devnet.js";
import { median, ms } from "./devnet-stats.js";

const STARTUP_RUNS = 3;

/** Wall times (ms) of in-process starts, stopped between runs. */
export async function benchReady(): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const start = performance.now();
    const devnet = await startDevnet({ blockTimeMs: 1000 });
    runs.push(performance.now() - start);
    await devnet.stop();
  }
  return runs;
}

export function readyLines(ready: number[]): string[] {
  const readyMedian = median(ready);
  return [
    "### Start-up to ready",
    "",
    `Wall time of \`startDevnet({ blockTimeMs: 1000 })\` until it resolves (chain with genesis, CometBFT RPC, gRPC, REST, ${loadFleet().length} provider gateways and bid engines, control API), in process, stopped between runs; the first run is the first in the process. Goal: under 2 s.`,
    "",
    "| runs (ms) | median ms | goal met |",
    "|---|---:|---|",
    `| ${ready.map(ms).join(", ")} | ${ms(readyMedian)} | ${readyMedian < 2000 ? "yes" : "**no**"} |`,
  ];
}
