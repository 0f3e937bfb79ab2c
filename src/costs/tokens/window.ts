/**
 * Tokens served in a window, from counter samples. Counters only grow while the server runs, so the tokens
 * between two samples are the difference — unless the server restarted in between, which resets its counters
 * to zero: then the later value is what the new process served since it started (what the old one served
 * after the earlier sample is lost; nothing can tell it). A restart shows as a counter that went down, or as a
 * different start time the server reports.
 * Counters are zero when a server starts, so a server that started inside the window is counted from its start
 * (a single sample then suffices); otherwise counting begins at the first sample inside the window — `from`
 * says where coverage begins, and the caller should price the same span (spend between `from` and `to`).
 */
import { samplesByLease, type MetricSample } from "../../store/metric-samples.js";

export type TokensServed = {
  promptTokens: number;
  generationTokens: number;
  totalTokens: number;
  /** Samples inside the window. */
  samples: number;
  /** Restarts seen between samples. */
  resets: number;
  /** Where counting starts (the server's start, or the first sample) and ends (the last sample); undefined without samples. */
  from: Date | undefined;
  to: Date | undefined;
};

export type TimeWindow = { from?: Date; to?: Date };

/** Start times closer than this are the same process (servers report them in whole or fractional seconds). */
const SAME_START_MS = 1000;

/** Tokens one lease served in the window, from its samples (any order). */
export function tokensInWindow(samples: readonly MetricSample[], window: TimeWindow = {}): TokensServed {
  const inside = samples
    .filter((s) => (!window.from || s.at >= window.from) && (!window.to || s.at <= window.to))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = inside[0];
  if (!first) return { promptTokens: 0, generationTokens: 0, totalTokens: 0, samples: 0, resets: 0, from: undefined, to: undefined };
  let prompt = 0;
  let generation = 0;
  let resets = 0;
  let from = first.at;
  if (first.startedAt && (!window.from || first.startedAt >= window.from) && first.startedAt <= first.at) {
    prompt += first.promptTokens;
    generation += first.generationTokens;
    from = first.startedAt;
  }
  for (let i = 1; i < inside.length; i++) {
    const previous = inside[i - 1]!;
    const current = inside[i]!;
    if (restarted(previous, current)) {
      resets++;
      prompt += current.promptTokens;
      generation += current.generationTokens;
    } else {
      prompt += current.promptTokens - previous.promptTokens;
      generation += current.generationTokens - previous.generationTokens;
    }
  }
  return { promptTokens: prompt, generationTokens: generation, totalTokens: prompt + generation, samples: inside.length, resets, from, to: inside.at(-1)!.at };
}

/** Tokens per lease (by lease id) and in total, over samples of many leases. */
export function tokensByLease(samples: readonly MetricSample[], window: TimeWindow = {}): { leases: Map<string, TokensServed>; total: { promptTokens: number; generationTokens: number; totalTokens: number } } {
  const leases = new Map([...samplesByLease(samples)].map(([lease, list]) => [lease, tokensInWindow(list, window)] as const));
  const total = { promptTokens: 0, generationTokens: 0, totalTokens: 0 };
  for (const served of leases.values()) {
    total.promptTokens += served.promptTokens;
    total.generationTokens += served.generationTokens;
    total.totalTokens += served.totalTokens;
  }
  return { leases, total };
}

export function restarted(previous: MetricSample, current: MetricSample): boolean {
  if (current.promptTokens < previous.promptTokens || current.generationTokens < previous.generationTokens) return true;
  if (previous.startedAt && current.startedAt) return Math.abs(current.startedAt.getTime() - previous.startedAt.getTime()) > SAME_START_MS;
  return false;
}
