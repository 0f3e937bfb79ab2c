/**
 * Admission of requests to the "GPU": up to `capacity` run at once (vLLM's --max-num-seqs, llama.cpp's
 * --parallel slots), the rest wait in arrival order. The waiting and running counts are the gauges both
 * servers export (vllm:num_requests_waiting / llamacpp:requests_deferred, and the running ones).
 */
import type { WorkloadStats } from "./workload-stats.js";

export class Slots {
  readonly #free: number[];
  readonly #queue: { admit: (slot: number) => void }[] = [];
  readonly #stats: WorkloadStats;

  constructor(capacity: number, stats: WorkloadStats) {
    this.#free = Array.from({ length: capacity }, (_, slot) => slot);
    this.#stats = stats;
  }

  /** Resolves with a slot id once one is free; rejects if `signal` aborts first (client gone, workload down). */
  acquire(signal: AbortSignal): Promise<number> {
    signal.throwIfAborted();
    const slot = this.#free.shift();
    if (slot !== undefined) {
      this.#stats.running += 1;
      return Promise.resolve(slot);
    }
    return new Promise((resolve, reject) => {
      const entry = {
        admit: (admitted: number) => {
          signal.removeEventListener("abort", onAbort);
          resolve(admitted);
        },
      };
      const onAbort = (): void => {
        this.#queue.splice(this.#queue.indexOf(entry), 1);
        this.#stats.waiting -= 1;
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(entry);
      this.#stats.waiting += 1;
    });
  }

  release(slot: number): void {
    const next = this.#queue.shift();
    if (next) {
      // The slot passes straight to the next request: running stays the same.
      this.#stats.waiting -= 1;
      next.admit(slot);
    } else {
      this.#stats.running -= 1;
      this.#free.push(slot);
    }
  }
}
