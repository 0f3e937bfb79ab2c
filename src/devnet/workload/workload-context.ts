/** What the request handlers and the generation engine share about the workload serving them. */
import type { Slots } from "./slots.js";
import type { WorkloadStats } from "./workload-stats.js";

export type Flavor = "vllm" | "llama-cpp";

export type WorkloadContext = {
  flavor: Flavor;
  /** The name clients send as `model` and /v1/models lists (vLLM's --served-model-name, llama.cpp's --alias). */
  servedModelName: string;
  /** The weights the server loaded (vLLM's model argument, llama.cpp's --hf-repo). */
  model: string;
  apiKey: string | undefined;
  /** Context window in tokens: prompt plus completion must fit. */
  contextLength: number;
  tokensPerSecond: number;
  stats: WorkloadStats;
  slots: Slots;
  /** Aborts when the workload stops or crashes; generation in flight ends with it. */
  lifetime: AbortSignal;
  isReady(): boolean;
  log(line: string): void;
};
