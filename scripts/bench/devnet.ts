/**
 * What the devnet promises: ready in under 2 s, a block interval that holds under load (200 tx/s at 100 ms
 * blocks, sent over the real CometBFT RPC), and under 300 MB with 100 open deployments. Each is measured by its
 * own module; this runs them one after the other and puts their tables in one section.
 */
import { benchLoad, LOAD_ACCOUNTS, loadLines, type LoadResult } from "./devnet-load.js";
import { benchMemory, memoryLines } from "./devnet-memory.js";
import { benchReady, readyLines } from "./devnet-startup.js";

type Section = { title: string; lines: string[] };

export async function benchDevnet(): Promise<Section> {
  const ready = await benchReady();
  const loads: LoadResult[] = [];
  for (const accounts of LOAD_ACCOUNTS) loads.push(await benchLoad(accounts));
  const memory = await benchMemory();
  return { title: "Devnet", lines: [...readyLines(ready), "", ...loadLines(loads), "", ...memoryLines(memory)] };
}
