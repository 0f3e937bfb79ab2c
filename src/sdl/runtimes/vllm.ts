/** vLLM's OpenAI-compatible server (`vllm serve`); flags checked against vLLM's argument parser. */
import { roundUp, type RuntimeSpec } from "./runtime.js";

const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

export const vllm: RuntimeSpec = {
  runtime: "vllm",
  template: "vllm.yaml",
  service: "vllm",
  port: 8000,
  precision: (params) => params.quantization ?? (params.dtype === "auto" ? undefined : params.dtype),
  usableFraction: (params) => params.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION,
  apiKeyEnv: "VLLM_API_KEY",
  args(params, servedModelName) {
    const args = [
      params.model,
      "--host", "0.0.0.0",
      "--port", String(this.port),
      "--tensor-parallel-size", String(params.gpuCount),
      "--served-model-name", servedModelName,
      "--gpu-memory-utilization", String(this.usableFraction(params)),
    ];
    if (params.contextLength) args.push("--max-model-len", String(params.contextLength));
    if (params.dtype) args.push("--dtype", params.dtype);
    if (params.quantization) args.push("--quantization", params.quantization);
    if (params.trustRemoteCode) args.push("--trust-remote-code");
    return args;
  },
  defaults: (gpuCount, weightsGiB) => ({
    cpu: Math.min(64, Math.max(8, 6 * gpuCount)),
    // Weights pass through host memory while loading.
    memoryGiB: Math.max(32, roundUp(weightsGiB * 1.1, 16)),
    storageGiB: 20,
    modelCacheGiB: Math.max(50, roundUp(weightsGiB * 1.25 + 10, 10)),
    // NCCL uses /dev/shm between tensor-parallel workers.
    shmGiB: Math.max(8, 4 + 4 * gpuCount),
  }),
};
