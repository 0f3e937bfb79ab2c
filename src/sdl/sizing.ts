/**
 * The GPU memory check: refuse a request that cannot load the model, with the numbers, and pin the memory
 * size of a GPU that comes in several sizes when only the larger one fits (a100 → ram: 80Gi).
 */
import { InvalidInputError } from "../errors/invalid-input.js";
import { findGpu, gpuMemoryGiB } from "./gpu-catalog.js";
import { weightsGiB, type ModelSize } from "./model-size.js";
import type { GpuChoice } from "./render-params.js";
import { parseSize } from "./sizes.js";

/** KV cache, activations and the CUDA context need room beside the weights: this much more, plus 1 GiB a GPU. */
const RUNTIME_OVERHEAD = 1.2;
const CUDA_CONTEXT_GIB = 1;

export type SizingResult = {
  /** GPU memory the model needs in total, in GiB (rounded up). */
  neededGiB: number;
  weightsGiB: number;
  /** The GPU choices, with `ram` pinned where only a larger memory size fits. */
  gpus: GpuChoice[];
};

/**
 * @param usableFraction share of GPU memory the server may use (vLLM's --gpu-memory-utilization).
 */
export function checkSizing(size: ModelSize, gpus: GpuChoice[], gpuCount: number, usableFraction: number): SizingResult {
  const weights = weightsGiB(size);
  const needed = Math.ceil((weights * RUNTIME_OVERHEAD + CUDA_CONTEXT_GIB * gpuCount) / usableFraction);
  const refusals: string[] = [];
  const sized = gpus.map((choice) => {
    const gpu = findGpu(choice.model);
    if (!gpu) return choice; // unknown models are refused by parameter validation
    const sizes = (choice.ram ? [choice.ram] : gpu.ram).slice().sort((a, b) => parseSize(a) - parseSize(b));
    const fitting = sizes.find((ram) => gpuMemoryGiB(gpu, ram) * gpuCount >= needed);
    if (!fitting) {
      const largest = sizes[sizes.length - 1]!;
      const perGpu = gpuMemoryGiB(gpu, largest);
      const countThatFits = Math.ceil(needed / perGpu);
      refusals.push(
        `${gpuCount} x ${choice.model} with ${largest} has ${Math.round(perGpu * gpuCount)}` +
          (countThatFits <= 24 ? ` (${countThatFits} would fit: --gpu-count ${countThatFits})` : ""),
      );
      return choice;
    }
    const pinNeeded = !choice.ram && fitting !== sizes[0];
    return pinNeeded ? { ...choice, ram: fitting } : choice;
  });
  if (refusals.length > 0) {
    const what = `${size.paramsB}B parameters at ${size.precision} (${size.source})`;
    throw new InvalidInputError("The model does not fit in the GPUs asked for", [
      {
        field: "--gpu / --gpu-count",
        found: `needs about ${needed} GiB of GPU memory for ${what}; ${refusals.join("; ")}`,
        expected: "GPUs with enough memory in total: a larger model (--gpu h200), more GPUs (--gpu-count), or a smaller precision (--quantization / --quant)",
      },
    ]);
  }
  return { neededGiB: needed, weightsGiB: Math.round(weights * 10) / 10, gpus: sized };
}
