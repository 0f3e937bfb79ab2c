/**
 * The mapping from Akash GPU models to AWS instance families (data/aws-gpu-map.json): which families carry
 * the same GPU, narrowed by memory and form factor. Kept apart from gpu-catalog.json: that file says what
 * Akash providers advertise (and the SDL side owns it); this one says what AWS rents, has its own sources,
 * and is what scripts/refresh-aws-prices.ts reads to know which instance families to keep.
 */
import { readPackageJson } from "../../package-files.js";
import { CostDataError } from "../errors.js";

export const GPU_MAP_FILE = "data/aws-gpu-map.json";

export type GpuInterface = "sxm" | "pcie";
export type MatchKind = "exact" | "variant" | "closest";

export type AwsFamily = { gpu: string; gpuMemoryMiB: number; interface: GpuInterface };
export type AkashToAws = { ram?: string; interface?: GpuInterface; families: string[]; match: MatchKind; note?: string };

export type AwsGpuMap = {
  schemaVersion: 1;
  families: Record<string, AwsFamily>;
  akash: Record<string, AkashToAws[]>;
  noEquivalent: Record<string, string>;
};

let shipped: AwsGpuMap | undefined;

export function loadAwsGpuMap(): AwsGpuMap {
  shipped ??= checkAwsGpuMap(readPackageJson<unknown>(GPU_MAP_FILE), GPU_MAP_FILE);
  return shipped;
}

export function checkAwsGpuMap(data: unknown, file: string): AwsGpuMap {
  const fail = (problem: string): never => {
    throw new CostDataError(file, problem, "fix data/aws-gpu-map.json (every family an Akash model names must be listed under families)");
  };
  const map = data as Partial<AwsGpuMap>;
  if (typeof data !== "object" || data === null || map.schemaVersion !== 1) return fail("not a schemaVersion 1 map");
  if (!map.families || !map.akash || !map.noEquivalent) return fail("families, akash or noEquivalent is missing");
  for (const [name, family] of Object.entries(map.families)) {
    if (typeof family.gpu !== "string" || !(family.gpuMemoryMiB > 0) || (family.interface !== "sxm" && family.interface !== "pcie")) fail(`family ${name} needs gpu, gpuMemoryMiB and interface sxm|pcie`);
  }
  for (const [model, entries] of Object.entries(map.akash)) {
    if (!Array.isArray(entries) || entries.length === 0) fail(`akash.${model} has no entries`);
    for (const entry of entries) {
      for (const family of entry.families ?? []) if (!map.families[family]) fail(`akash.${model} names family ${family}, which is not under families`);
      if (!["exact", "variant", "closest"].includes(entry.match)) fail(`akash.${model}: match must be exact, variant or closest`);
    }
    if (map.noEquivalent[model] !== undefined) fail(`${model} is both mapped and listed under noEquivalent`);
  }
  return map as AwsGpuMap;
}

/** The instance family of an instance type: "p5.48xlarge" → "p5", "p6-b200.48xlarge" → "p6-b200". */
export function familyOf(instanceType: string): string {
  const dot = instanceType.indexOf(".");
  return dot < 0 ? instanceType : instanceType.slice(0, dot);
}

/** "SXM5", "sxm4", "PCIe", "pcie" → sxm | pcie; anything else → undefined. */
export function normaliseInterface(value: string | undefined): GpuInterface | undefined {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  if (text.startsWith("sxm")) return "sxm";
  if (text.startsWith("pci")) return "pcie";
  return undefined;
}
