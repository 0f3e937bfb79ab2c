/** The GPU catalog (data/gpu-catalog.json): which model names providers advertise, in which memory sizes. */
import { readPackageJson } from "../package-files.js";
import { parseSize } from "./sizes.js";

export type GpuInterface = "pcie" | "sxm";

export type CatalogGpu = {
  vendor: "nvidia";
  label: string;
  ram: string[];
  interfaces: GpuInterface[];
  defaultMaxUsdPerGpuHour: string;
  aliases?: string[];
};

let cached: Map<string, CatalogGpu & { model: string }> | undefined;

function catalog(): Map<string, CatalogGpu & { model: string }> {
  if (!cached) {
    const data = readPackageJson<{ gpus: Record<string, CatalogGpu> }>("data/gpu-catalog.json");
    cached = new Map();
    for (const [model, gpu] of Object.entries(data.gpus)) {
      cached.set(model, { ...gpu, model });
      for (const alias of gpu.aliases ?? []) cached.set(alias, { ...gpu, model });
    }
  }
  return cached;
}

/** The catalog entry for a model name or alias ("a6000" → rtxa6000), case-insensitive. */
export function findGpu(name: string): (CatalogGpu & { model: string }) | undefined {
  return catalog().get(name.toLowerCase());
}

export function knownGpuModels(): string[] {
  return [...new Set([...catalog().values()].map((gpu) => gpu.model))];
}

/** Smallest memory size (GiB) the model comes in, or the given size when it is pinned. */
export function gpuMemoryGiB(gpu: CatalogGpu, ram?: string): number {
  const sizes = ram ? [ram] : gpu.ram;
  return Math.min(...sizes.map((size) => parseSize(size) / 2 ** 30));
}

/** Names close to an unknown one, for "did you mean" hints. */
export function suggestGpuModels(name: string): string[] {
  const wanted = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return knownGpuModels().filter((model) => model.includes(wanted) || (wanted.length >= 3 && wanted.includes(model.replace(/^rtx/, ""))));
}
