/**
 * Samples the token counters of inference servers into the ledger: each target's /metrics is read (a few at a
 * time), and every reading becomes a MetricSample appended to <stateDir>/ledger/<chainId>/metric-samples.jsonl.
 * A server that cannot be read is a failed result with the reason, not a lost run: the others are stored.
 */
import { appendMetricSamples, type MetricSample } from "../../store/metric-samples.js";
import { metricsUrlOf, scrapeTokenCounters } from "./scrape.js";
import type { MetricsTarget } from "./targets.js";

export type SampleResult = { lease: string; target: MetricsTarget } & ({ ok: true; sample: MetricSample } | { ok: false; error: unknown });

export type SampleOptions = {
  stateDir: string;
  chainId: string;
  /** The chain height now, stored with each sample. */
  height?: number;
  timeoutMs?: number;
  now?: () => Date;
};

const CONCURRENCY = 8;

export async function sampleMetrics(targets: readonly MetricsTarget[], options: SampleOptions): Promise<SampleResult[]> {
  const now = options.now ?? (() => new Date());
  const results: SampleResult[] = [];
  for (let i = 0; i < targets.length; i += CONCURRENCY) {
    const batch = targets.slice(i, i + CONCURRENCY);
    results.push(
      ...(await Promise.all(
        batch.map(async (target): Promise<SampleResult> => {
          try {
            const counters = await scrapeTokenCounters(target.endpoint, { ...(target.apiKey ? { apiKey: target.apiKey } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
            const sample: MetricSample = {
              at: now(),
              lease: target.lease,
              ...counters,
              ...(options.height !== undefined ? { height: options.height } : {}),
              url: metricsUrlOf(target.endpoint),
            };
            return { lease: target.lease, target, ok: true, sample };
          } catch (error) {
            return { lease: target.lease, target, ok: false, error };
          }
        }),
      )),
    );
  }
  appendMetricSamples(options.stateDir, options.chainId, results.flatMap((r) => (r.ok ? [r.sample] : [])));
  return results;
}
