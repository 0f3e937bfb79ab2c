/**
 * Samples of inference servers' token counters, one JSON line each, per chain: when, which lease, the
 * counters, and the server's start time (a restart resets the counters; see costs/tokens/window.ts). Tokens
 * served over a window are differences between samples, so every sample is kept. The metrics URL is stored
 * without credentials; the API key used to read it never is.
 */
import { join } from "node:path";
import { appendJsonLines, ledgerDir, readJsonLines } from "./ledger-files.js";

export type ServerFlavour = "vllm" | "llama.cpp";

export type MetricSample = {
  /** When the counters were read. */
  at: Date;
  /** The lease id "owner/dseq/gseq/oseq/provider". */
  lease: string;
  flavour: ServerFlavour;
  /** Counter values (token counts; whole numbers). */
  promptTokens: number;
  generationTokens: number;
  /** When the server process started, as it reports it; a different start means the counters were reset. */
  startedAt?: Date;
  /** The chain height when sampled, when known: lines the sample up with spend. */
  height?: number;
  /** Where the metrics were read (no credentials). */
  url: string;
};

type Stored = { at: string; lease: string; flavour: string; promptTokens: number; generationTokens: number; startedAt?: string; height?: number; url: string };

export function metricSamplesFile(stateDir: string, chainId: string): string {
  return join(ledgerDir(stateDir, chainId), "metric-samples.jsonl");
}

export function appendMetricSamples(stateDir: string, chainId: string, samples: readonly MetricSample[]): void {
  appendJsonLines(metricSamplesFile(stateDir, chainId), samples.map(encode));
}

export type SampleFilter = {
  /** Only this lease (its id string), or these. */
  lease?: string | readonly string[];
  /** Only leases of this owner. */
  owner?: string;
  from?: Date;
  to?: Date;
};

/** Samples in time order (file order breaks ties: the order they were taken). */
export function readMetricSamples(stateDir: string, chainId: string, filter: SampleFilter = {}): MetricSample[] {
  const leases = filter.lease === undefined ? undefined : new Set(typeof filter.lease === "string" ? [filter.lease] : filter.lease);
  return readJsonLines(metricSamplesFile(stateDir, chainId), decode)
    .filter((s) => (!leases || leases.has(s.lease)) && (!filter.owner || s.lease.startsWith(`${filter.owner}/`)))
    .filter((s) => (!filter.from || s.at >= filter.from) && (!filter.to || s.at <= filter.to))
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.i - b.i)
    .map(({ s }) => s);
}

/** Samples per lease id, each list in time order. */
export function samplesByLease(samples: readonly MetricSample[]): Map<string, MetricSample[]> {
  const byLease = new Map<string, MetricSample[]>();
  for (const sample of samples) {
    const list = byLease.get(sample.lease);
    if (list) list.push(sample);
    else byLease.set(sample.lease, [sample]);
  }
  return byLease;
}

function encode(sample: MetricSample): Stored {
  return {
    at: sample.at.toISOString(),
    lease: sample.lease,
    flavour: sample.flavour,
    promptTokens: sample.promptTokens,
    generationTokens: sample.generationTokens,
    ...(sample.startedAt ? { startedAt: sample.startedAt.toISOString() } : {}),
    ...(sample.height !== undefined ? { height: sample.height } : {}),
    url: withoutCredentials(sample.url),
  };
}

function decode(value: unknown): MetricSample | undefined {
  const stored = value as Partial<Stored>;
  if (typeof stored !== "object" || stored === null) return undefined;
  if (stored.flavour !== "vllm" && stored.flavour !== "llama.cpp") return undefined;
  if (typeof stored.lease !== "string" || typeof stored.url !== "string" || !isCount(stored.promptTokens) || !isCount(stored.generationTokens)) return undefined;
  const at = new Date(String(stored.at));
  if (Number.isNaN(at.getTime())) return undefined;
  const startedAt = stored.startedAt === undefined ? undefined : new Date(stored.startedAt);
  return {
    at,
    lease: stored.lease,
    flavour: stored.flavour,
    promptTokens: stored.promptTokens,
    generationTokens: stored.generationTokens,
    ...(startedAt && !Number.isNaN(startedAt.getTime()) ? { startedAt } : {}),
    ...(Number.isSafeInteger(stored.height) ? { height: stored.height } : {}),
    url: stored.url,
  };
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

/** A URL without user:password@ or a query string (where a key could hide). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}
