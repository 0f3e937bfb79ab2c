/** llama.cpp's `llama-server` (CUDA image); flags checked against llama.cpp's argument parser. */
import { roundUp, type RuntimeSpec } from "./runtime.js";

const DEFAULT_QUANT = "Q4_K_M";
/** Tokens per request. llama-server splits --ctx-size between its slots, so it gets context × slots. */
const DEFAULT_CONTEXT = 8192;
const DEFAULT_SLOTS = 4;
/** Offload every layer: more than any model has. */
const ALL_LAYERS = "999";

export const llamaCpp: RuntimeSpec = {
  runtime: "llama-cpp",
  template: "llama-cpp.yaml",
  service: "llama-cpp",
  port: 8080,
  precision: (params) => (params.ggufFile ? quantOfFile(params.ggufFile) : (params.quant ?? DEFAULT_QUANT)),
  usableFraction: () => 0.95,
  apiKeyEnv: "LLAMA_API_KEY",
  args(params, servedModelName) {
    const source = params.ggufFile
      ? ["--hf-repo", params.model, "--hf-file", params.ggufFile]
      : ["--hf-repo", `${params.model}:${params.quant ?? DEFAULT_QUANT}`];
    const slots = params.parallel ?? DEFAULT_SLOTS;
    return [
      ...source,
      "--n-gpu-layers", ALL_LAYERS,
      "--ctx-size", String((params.contextLength ?? DEFAULT_CONTEXT) * slots),
      "--parallel", String(slots),
      "--host", "0.0.0.0",
      "--port", String(this.port),
      "--alias", servedModelName,
      "--metrics",
    ];
  },
  defaults: (gpuCount, weightsGiB) => ({
    cpu: Math.min(32, Math.max(4, 4 * gpuCount)),
    memoryGiB: Math.max(16, roundUp(weightsGiB * 1.1, 8)),
    storageGiB: 10,
    // Only the chosen GGUF file is downloaded.
    modelCacheGiB: Math.max(20, roundUp(weightsGiB * 1.2 + 5, 10)),
    shmGiB: 4,
  }),
};

/** "qwen3-8b-q5_k_m.gguf" → "q5_k_m"; undefined when the name does not say. */
function quantOfFile(file: string): string | undefined {
  return /((?:ud-)?i?q\d+(?:_[a-z0-9]+)*|f16|bf16|f32)\.gguf$/i.exec(file)?.[1]?.toLowerCase().replace(/^ud-/, "");
}
