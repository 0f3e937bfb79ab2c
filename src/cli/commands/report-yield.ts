/**
 * `akash-gpu report yield`: AKT staking of the wallet (or --address) over the report window — stake, pending
 * and withdrawn rewards, APR, realised and projected yield — plus EVM positions listed in --evm-positions.
 * `report net` reads the same staking figures through stakingInWindow.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { ChainClient } from "../../chain/chain-client.js";
import { CometRpc } from "../../chain/comet-rpc.js";
import type { Config } from "../../config/load.js";
import type { Dec } from "../../costs/decimal.js";
import { yieldDocument, type EvmResult } from "../../costs/report/yield-document.js";
import { accumulatedYield, sampleHeights, type YieldSample } from "../../costs/report/yield-samples.js";
import { HeightClock, resolveWindow, type ResolvedWindow } from "../../costs/spend/index.js";
import { AkashGpuError } from "../../errors/base.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { parseEvmPositions, readEvmPosition, type EvmPositionConfig } from "../../yield/evm/positions.js";
import { stakingYield, type StakingYield } from "../../yield/staking-yield.js";
import { onChain } from "../connect.js";
import type { Io } from "../io.js";
import type { CommandContext } from "../main.js";
import { emitReport, optionalAktPrice, reportAddress, reportWindow, type ReportFlags } from "./report-common.js";

type Flags = ReportFlags & { evmPositions?: string };

const RPC_TIMEOUT_MS = 15_000;

export async function reportYieldCommand(flags: Flags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  if (flags.offline) throw new InvalidInputError("report yield cannot run offline", [{ field: "--offline", found: "set", expected: "no --offline: staking figures are read from the chain (only `report cost` re-runs from saved inputs)" }]);
  const evmPositions = flags.evmPositions ? loadEvmPositions(flags.evmPositions, io) : [];
  const note = (text: string) => io.stderr.write(`${text}\n`);
  await onChain(io, globals, { json: flags.format === "json" }, async ({ config, session, blockTime }) => {
    const { chain } = session;
    const address = reportAddress(flags, chain.address);
    const window = await resolveWindow(chain, reportWindow(flags), await chain.height(), new HeightClock([], blockTime.ms));
    const akt = await optionalAktPrice(config);
    const staking = await stakingInWindow(chain, config, { address, window, aktUsd: akt.price?.price, blockTimeMs: blockTime.ms, heights: (from, to) => sampleHeights(from, to) });
    const evm = await Promise.all(evmPositions.map(readEvm));
    const header = [
      `address ${address} on ${chain.chainId}, read at height ${staking.yield.height} (${staking.yield.time})`,
      `window: heights ${staking.yield.realised.fromHeight}–${staking.yield.realised.toHeight}, ${window.fromTime?.toISOString() ?? "chain start"} → ${window.toTime.toISOString()}`,
      `block time ${Math.round(blockTime.ms)} ms (${blockTime.source === "chain" ? "measured from recent blocks" : "configured"})`,
      akt.line,
    ];
    const notes = akt.price ? [] : ["USD columns are empty: no AKT price (set --akt-usd or AKASH_AKT_USD, or make the price API reachable)."];
    emitReport(yieldDocument({ staking: staking.yield, window: { from: window.fromTime, to: window.toTime }, samples: staking.samples, evm, header, notes }), flags, io, note);
  });
}

export type StakingInWindow = { yield: StakingYield; samples: (YieldSample & { time: Date | undefined })[] };

/**
 * Staking yield over a resolved report window, and the yield accumulated at the heights `heights` picks
 * (each sample is one pending-rewards read and one header read: callers keep the count small).
 */
export async function stakingInWindow(
  chain: ChainClient,
  config: Config,
  input: { address: string; window: ResolvedWindow; aktUsd: Dec | undefined; blockTimeMs: number; heights: (fromHeight: number, toHeight: number) => number[] },
): Promise<StakingInWindow> {
  const rpc = new CometRpc(config.rpc, RPC_TIMEOUT_MS);
  // Staking reads need a real state to start from: height 0 ("from the chain's start") is read as height 1.
  const fromHeight = Math.max(1, input.window.fromHeight);
  const result = await stakingYield(chain.sdk, rpc, {
    address: input.address,
    window: { fromHeight, toHeight: Math.max(fromHeight, input.window.toHeight) },
    ...(input.aktUsd ? { aktUsd: input.aktUsd } : {}),
    ...(config.stakingCutover ? { cutover: config.stakingCutover } : {}),
    blockTimeMs: input.blockTimeMs,
  });
  const { realised } = result;
  const heights = input.heights(realised.fromHeight, realised.toHeight);
  const accumulated = await accumulatedYield(chain.sdk, { address: result.address, bondDenom: result.bondDenom, fromHeight: realised.fromHeight, pendingAtStart: realised.pendingAtStart, withdrawals: result.withdrawn.withdrawals, heights });
  const samples = await Promise.all(accumulated.map(async (s) => ({ ...s, time: await chain.blockTime(s.height).catch(() => undefined) })));
  return { yield: result, samples };
}

/** `--evm-positions FILE`: a YAML or JSON list of { kind: erc4626 | morpheus, … } (src/yield/evm/positions.ts). */
function loadEvmPositions(file: string, io: Io): EvmPositionConfig[] {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch {
    throw new InvalidInputError("Cannot read the EVM positions file", [{ field: "--evm-positions", found: `no readable file ${file}`, expected: "a YAML or JSON file listing EVM staking positions" }]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new InvalidInputError("Cannot parse the EVM positions file", [{ field: "--evm-positions", found: `invalid YAML/JSON (${(error as Error).message.split("\n")[0]})`, expected: "a YAML or JSON list of positions" }]);
  }
  return parseEvmPositions(raw, file);
}

/** One unreachable EVM endpoint marks its row; the staking report still comes out. */
async function readEvm(config: EvmPositionConfig): Promise<EvmResult> {
  const name = config.name ?? config.path;
  try {
    return { name, reading: await readEvmPosition(config) };
  } catch (error) {
    if (error instanceof AkashGpuError) return { name, error: error.shortMessage };
    throw error;
  }
}
