/**
 * What a workload has done, in the units both servers' /metrics report. Counters only grow; the generation
 * engine updates them as tokens are produced, so after a reply is complete they include its usage exactly.
 */
import type { FinishReason } from "./generate-text.js";

/** Upper bounds of vLLM's vllm:time_to_first_token_seconds buckets (v0.11). */
export const TTFT_BUCKET_BOUNDS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];

/** Why a request ended, as vLLM's request_success counter labels it. */
export type EndReason = FinishReason | "abort";

export class WorkloadStats {
  /** Unix seconds; the servers report it (vLLM as *_created series, llama.cpp as a Process-Start-Time-Unix header). */
  readonly startedAtSeconds = Date.now() / 1000;
  running = 0;
  waiting = 0;
  promptTokens = 0;
  generationTokens = 0;
  promptSeconds = 0;
  generationSeconds = 0;
  /** Forward passes, and the running requests summed over them (llama.cpp's n_busy_slots_per_decode). */
  decodeSteps = 0;
  busySlotsOverSteps = 0;
  readonly ended: Record<EndReason, number> = { stop: 0, length: 0, abort: 0 };
  /** Cumulative counts per bound of TTFT_BUCKET_BOUNDS, as Prometheus histograms keep them. */
  readonly ttftBuckets = TTFT_BUCKET_BOUNDS.map(() => 0);
  ttftCount = 0;
  ttftSum = 0;

  observeTimeToFirstToken(seconds: number): void {
    for (const [i, bound] of TTFT_BUCKET_BOUNDS.entries()) if (seconds <= bound) this.ttftBuckets[i]! += 1;
    this.ttftCount += 1;
    this.ttftSum += seconds;
  }

  recordPrefill(tokens: number, seconds: number): void {
    this.promptTokens += tokens;
    this.promptSeconds += seconds;
    this.#decodeStep();
  }

  recordGeneratedToken(secondsSincePrevious: number): void {
    this.generationTokens += 1;
    this.generationSeconds += secondsSincePrevious;
    this.#decodeStep();
  }

  #decodeStep(): void {
    this.decodeSteps += 1;
    this.busySlotsOverSteps += this.running;
  }
}
