/** `deploy` flags → engine settings, each checked with an error that names the flag and the expected form. */
import { parseDuration } from "../../config/duration.js";
import { Dec } from "../../costs/decimal.js";
import { usdPerHourToUactPerBlock, type PriceContext } from "../../costs/price.js";
import type { Config } from "../../config/load.js";
import { InvalidInputError, type InputProblem } from "../../errors/invalid-input.js";
import { DEFAULT_BID_WINDOW } from "../../engine/bid-window.js";
import { parseStrategy } from "../../engine/choose-bids.js";
import type { DeploySettings } from "../../engine/deploy-types.js";
import { parseLabels, type Labels } from "../../engine/labels.js";

export type DeployFlags = Record<string, unknown> & {
  sdl?: string;
  replicas?: string;
  strategy?: string;
  provider?: string[];
  excludeProvider?: string[];
  region?: string;
  label?: string[];
  runId?: string;
  runway?: string;
  readyTimeout?: string;
  bidWindow?: string;
  minBids?: string;
  mintAct?: boolean;
  keepOnFailure?: boolean;
  maxUactPerBlock?: string;
};

const split = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

function whole(flags: DeployFlags, key: keyof DeployFlags & string, flag: string, fallback: number, min: number, max: number, problems: InputProblem[]): number {
  const raw = flags[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push({ field: flag, found: String(raw), expected: `a whole number from ${min} to ${max}` });
  return fallback;
}

function duration(raw: string | undefined, flag: string, fallbackMs: number, minMs: number, problems: InputProblem[]): number {
  if (raw === undefined) return fallbackMs;
  const ms = parseDuration(raw);
  if (ms !== undefined && ms >= minMs) return ms;
  problems.push({ field: flag, found: raw, expected: `a duration of at least ${minMs / 60_000} min, e.g. 24h, 90m or 2d` });
  return fallbackMs;
}

function bidCeiling(flags: DeployFlags, price: PriceContext): Dec | undefined {
  const decimal = (raw: unknown) => (typeof raw === "string" && /^\d+(\.\d+)?$/.test(raw) ? Dec.parse(raw) : undefined);
  const uact = decimal(flags.maxUactPerBlock);
  const usd = decimal(flags.maxUsdPerHour);
  return uact ?? (usd ? usdPerHourToUactPerBlock(usd, price) : undefined);
}

export function parseDeployFlags(flags: DeployFlags, config: Config, env: NodeJS.ProcessEnv, price: PriceContext): DeploySettings & { replicas: number; labels: Labels } {
  const problems: InputProblem[] = [];
  const replicas = whole(flags, "replicas", "--replicas", 1, 1, 20, problems);
  const strategy = parseStrategy(flags.strategy ?? "cheapest");
  if (!strategy) problems.push({ field: "--strategy", found: String(flags.strategy), expected: "cheapest, cheapest-audited, or prefer=<provider>[,<provider>...]" });
  const runwayMs = duration(flags.runway, "--runway", 24 * 3_600_000, 3_600_000, problems);
  const readyTimeoutMs = duration(flags.readyTimeout, "--ready-timeout", 20 * 60_000, 60_000, problems);
  const maxBlocks = whole(flags, "bidWindow", "--bid-window", DEFAULT_BID_WINDOW.maxBlocks, 1, 200, problems);
  const minBids = whole(flags, "minBids", "--min-bids", DEFAULT_BID_WINDOW.minBids, 1, 100, problems);
  let labels: Labels = {};
  try {
    labels = parseLabels(flags.label ?? [], flags.runId ?? (env.GITHUB_RUN_ID || undefined));
  } catch (error) {
    problems.push(...(error as InvalidInputError).problems);
  }
  if (problems.length > 0) throw new InvalidInputError("Invalid deploy options", problems);
  return {
    replicas,
    labels,
    strategy: strategy!,
    filters: {
      // A rendered SDL carries the ceiling on chain; with --sdl the flags filter the bids instead.
      ...(flags.sdl ? { maxPricePerBlock: bidCeiling(flags, price) } : {}),
      regions: flags.region ? [flags.region] : [],
      allow: split(flags.provider),
      deny: split(flags.excludeProvider),
    },
    window: { ...DEFAULT_BID_WINDOW, maxBlocks, minBids },
    runwayMs,
    mintAct: Boolean(flags.mintAct),
    aktUsd: config.aktUsd,
    readyTimeoutMs,
    keepOnFailure: Boolean(flags.keepOnFailure),
    price,
  };
}
