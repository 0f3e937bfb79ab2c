/**
 * The AWS baseline for an Akash GPU: among the AWS instance families that carry the same GPU, the size with
 * the lowest USD per GPU-hour (sizes differ a lot: g5.16xlarge costs 4× g5.xlarge per GPU), with its price
 * date and source. Where AWS bundles far more host CPU and memory per GPU than an inference server needs, the
 * baseline says so — that part of the AWS price buys something an Akash GPU lease does not include.
 * GPUs AWS does not rent (GeForce and workstation cards) get no baseline and a reason: reports list them.
 */
import { findGpu, suggestGpuModels } from "../../sdl/gpu-catalog.js";
import { parseSize } from "../../sdl/sizes.js";
import { Dec } from "../decimal.js";
import { loadAwsGpuMap, normaliseInterface, type AkashToAws, type AwsGpuMap, type GpuInterface, type MatchKind } from "./gpu-map.js";
import { loadAwsBaselineTable, type AwsBaselineTable, type AwsInstanceRow } from "./table.js";

export type GpuQuery = { model: string; ram?: string; interface?: string };

export type AwsBaseline = {
  /** The Akash GPU, with its model name as in the GPU catalog. */
  gpu: { model: string; ram?: string; interface?: GpuInterface };
  /** The GPU as AWS names it ("NVIDIA A10G"). */
  awsGpu: string;
  instanceType: string;
  family: string;
  gpuCount: number;
  usdPerHour: Dec;
  usdPerGpuHour: Dec;
  vcpuPerGpu: number;
  memoryGiBPerGpu: number;
  region: string;
  priceDate: string;
  source: string;
  /** exact: same GPU; variant: AWS's own variant (A10G for A10); closest: same chip, other memory or form factor. */
  match: MatchKind;
  /** AWS's price includes far more host CPU/RAM per GPU than an inference server needs. */
  bundlesHost: boolean;
  /** Everything that makes the comparison less than like for like, in words. */
  notes: string[];
};

export type AwsBaselineResult =
  | { baseline: AwsBaseline; code?: undefined; reason?: undefined }
  | { baseline: undefined; code: "unknown-gpu" | "no-equivalent" | "unpriced"; reason: string };

/** Above these per GPU, the AWS instance carries host resources an inference server would not use. */
const INFERENCE_VCPU_PER_GPU = 8;
const MIN_HOST_RAM_GIB = 64;

export function awsBaseline(query: GpuQuery, sources: { table?: AwsBaselineTable; map?: AwsGpuMap } = {}): AwsBaselineResult {
  const map = sources.map ?? loadAwsGpuMap();
  const table = sources.table ?? loadAwsBaselineTable();
  const name = query.model.trim().toLowerCase();
  const model = findGpu(name)?.model ?? (map.akash[name] || map.noEquivalent[name] ? name : undefined);
  if (!model) {
    const hints = suggestGpuModels(name);
    return { baseline: undefined, code: "unknown-gpu", reason: `unknown GPU model "${query.model}"${hints.length ? ` (did you mean ${hints.join(", ")}?)` : ""}` };
  }
  const none = map.noEquivalent[model];
  if (none !== undefined) return { baseline: undefined, code: "no-equivalent", reason: `no AWS equivalent for ${model}: ${none}` };
  const entries = map.akash[model];
  if (!entries) return { baseline: undefined, code: "no-equivalent", reason: `no AWS equivalent for ${model}: it is not in data/aws-gpu-map.json` };

  const wantedGiB = query.ram ? parseSize(query.ram) / 2 ** 30 : undefined;
  if (wantedGiB !== undefined && !(wantedGiB > 0)) return { baseline: undefined, code: "unknown-gpu", reason: `GPU memory "${query.ram}" is not a size like 80Gi` };
  const candidates = wantedGiB === undefined ? entries : entries.filter((entry) => entry.ram === undefined || sameSize(parseSize(entry.ram) / 2 ** 30, wantedGiB));
  if (candidates.length === 0) {
    const sizes = entries.flatMap((entry) => (entry.ram ? [entry.ram] : [])).join(", ");
    return { baseline: undefined, code: "no-equivalent", reason: `no AWS equivalent for ${model} with ${query.ram}: AWS rents it with ${sizes}` };
  }

  const best = cheapest(table.instances, candidates);
  if (!best) {
    const families = new Set(candidates.flatMap((entry) => entry.families));
    const unpriced = table.unpriced.filter((row) => families.has(row.family)).map((row) => `${row.instanceType}: ${row.reason}`);
    return { baseline: undefined, code: "unpriced", reason: `no AWS on-demand price for ${model} (${[...families].join(", ")})${unpriced.length ? `; ${unpriced.join("; ")}` : ""}` };
  }
  return { baseline: describe(best.row, best.entry, model, query, map, wantedGiB === undefined && new Set(candidates.map((e) => e.families.join())).size > 1) };
}

function cheapest(rows: AwsInstanceRow[], entries: AkashToAws[]): { row: AwsInstanceRow; entry: AkashToAws } | undefined {
  let best: { row: AwsInstanceRow; entry: AkashToAws; perGpu: Dec } | undefined;
  for (const row of rows) {
    const entry = entries.find((e) => e.families.includes(row.family));
    if (!entry) continue;
    const perGpu = Dec.parse(row.usdPerGpuHour);
    // Ties (p5.4xlarge and p5.48xlarge are both $6.88 per GPU) go to the smaller instance: closer to one lease.
    const better = !best || perGpu.cmp(best.perGpu) < 0 || (perGpu.cmp(best.perGpu) === 0 && (row.gpuCount < best.row.gpuCount || (row.gpuCount === best.row.gpuCount && row.vcpu < best.row.vcpu)));
    if (better) best = { row, entry, perGpu };
  }
  return best;
}

function describe(row: AwsInstanceRow, entry: AkashToAws, model: string, query: GpuQuery, map: AwsGpuMap, memoryUnspecified: boolean): AwsBaseline {
  const family = map.families[row.family]!;
  const notes: string[] = [];
  let match = entry.match;
  if (entry.note) notes.push(entry.note);
  if (memoryUnspecified) notes.push(`GPU memory not given: the cheapest ${model} AWS rents is used (${row.gpuModel})`);
  const wanted = normaliseInterface(query.interface);
  if (wanted && wanted !== family.interface) {
    match = "closest";
    notes.push(`AWS rents the ${family.interface.toUpperCase()} form of this GPU; the Akash GPU is ${wanted.toUpperCase()}`);
  }
  const vcpuPerGpu = row.vcpu / row.gpuCount;
  const memoryGiBPerGpu = row.memoryGiB / row.gpuCount;
  const gpuMemoryGiB = row.gpuMemoryMiB / 1024;
  const bundlesHost = vcpuPerGpu > INFERENCE_VCPU_PER_GPU || memoryGiBPerGpu > Math.max(MIN_HOST_RAM_GIB, 2 * gpuMemoryGiB);
  if (bundlesHost) {
    notes.push(
      `${row.instanceType} bundles ${round1(vcpuPerGpu)} vCPU and ${round1(memoryGiBPerGpu)} GiB RAM per GPU; an inference server needs about 4–8 vCPU and host RAM near the GPU's memory, so part of this AWS price pays for host resources an Akash GPU lease does not include`,
    );
  }
  return {
    gpu: { model, ...(query.ram ? { ram: query.ram } : {}), ...(wanted ? { interface: wanted } : {}) },
    awsGpu: row.gpuModel,
    instanceType: row.instanceType,
    family: row.family,
    gpuCount: row.gpuCount,
    usdPerHour: Dec.parse(row.usdPerHour),
    usdPerGpuHour: Dec.parse(row.usdPerGpuHour),
    vcpuPerGpu,
    memoryGiBPerGpu,
    region: row.region,
    priceDate: row.priceDate,
    source: row.source,
    match,
    bundlesHost,
    notes,
  };
}

/** Memory sizes as providers write them are rounded (80Gi for 81,920 MiB, 48Gi for 45,776 MiB): within 1 GiB is the same. */
function sameSize(a: number, b: number): boolean {
  return Math.abs(a - b) < 1;
}

function round1(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
