/**
 * Samples the metrics of the given (open) leases into the ledger and says, per lease, what its server
 * reports now and how many tokens the ledger's samples add up to so far — what `list --sample-metrics` shows.
 */
import type { Lease } from "../../chain/types.js";
import { AkashGpuError } from "../../errors/base.js";
import { readMetricSamples, type ServerFlavour } from "../../store/metric-samples.js";
import { leaseKey } from "../spend/rows.js";
import { sampleMetrics } from "./sampler.js";
import { metricsTargets, type TargetDeps } from "./targets.js";
import { tokensInWindow, type TokensServed } from "./window.js";

export type LeaseTokens = { lease: string; dseq: bigint; gseq: number; provider: string } & (
  | { ok: true; flavour: ServerFlavour; url: string; sampledAt: Date; promptTokens: number; generationTokens: number; served: TokensServed }
  | { ok: false; reason: string }
);

export type SampleLeasesDeps = TargetDeps & {
  height?: number;
  timeoutMs?: number;
  /** Told every API key used, so the caller's output can redact it wherever it might appear. */
  guard?: (secret: string) => void;
};

export async function sampleLeases(leases: readonly Lease[], deps: SampleLeasesDeps): Promise<LeaseTokens[]> {
  const { targets, failures } = await metricsTargets(leases, deps);
  for (const target of targets) if (target.apiKey) deps.guard?.(target.apiKey.reveal());
  const results = await sampleMetrics(targets, { stateDir: deps.stateDir, chainId: deps.chainId, ...(deps.height !== undefined ? { height: deps.height } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
  const byKey = new Map(leases.map((lease) => [leaseKey(lease.id), lease]));
  const samples = readMetricSamples(deps.stateDir, deps.chainId, { lease: targets.map((t) => t.lease) });
  const out: LeaseTokens[] = [];
  for (const result of results) {
    const id = byKey.get(result.lease)!.id;
    const base = { lease: result.lease, dseq: id.dseq, gseq: id.gseq, provider: id.provider };
    if (!result.ok) out.push({ ...base, ok: false, reason: reasonOf(result.error) });
    else {
      const { sample } = result;
      const served = tokensInWindow(samples.filter((s) => s.lease === result.lease));
      out.push({ ...base, ok: true, flavour: sample.flavour, url: sample.url, sampledAt: sample.at, promptTokens: sample.promptTokens, generationTokens: sample.generationTokens, served });
    }
  }
  for (const failure of failures) {
    const id = byKey.get(failure.lease)!.id;
    out.push({ lease: failure.lease, dseq: id.dseq, gseq: id.gseq, provider: id.provider, ok: false, reason: reasonOf(failure.error) });
  }
  return out.sort((a, b) => (a.dseq !== b.dseq ? (a.dseq < b.dseq ? -1 : 1) : a.gseq - b.gseq));
}

/** One line: the error's short message and what it found (never a secret: these errors carry none). */
function reasonOf(error: unknown): string {
  if (error instanceof AkashGpuError) {
    const found = error.metaMessages.find((m) => m.startsWith("found: "));
    return found ? `${error.shortMessage} (${found.slice(7)})` : error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** JSON for a lease's tokens (counts as numbers; times in ISO 8601). */
export function leaseTokensJson(tokens: LeaseTokens) {
  const base = { lease: tokens.lease, dseq: tokens.dseq.toString(), gseq: tokens.gseq, provider: tokens.provider };
  if (!tokens.ok) return { ...base, ok: false as const, error: tokens.reason };
  const { served } = tokens;
  return {
    ...base,
    ok: true as const,
    server: tokens.flavour,
    url: tokens.url,
    sampledAt: tokens.sampledAt.toISOString(),
    counters: { promptTokens: tokens.promptTokens, generationTokens: tokens.generationTokens },
    tokensSoFar: { promptTokens: served.promptTokens, generationTokens: served.generationTokens, totalTokens: served.totalTokens, since: served.from?.toISOString() ?? null, samples: served.samples, resets: served.resets },
  };
}
