/**
 * Whether a provider can take an order, and at what price: placement attributes, auditors, and every
 * resource unit (CPU, memory, storage by class, GPU model/ram/interface and count) against what the
 * provider has left after its active leases.
 */
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../costs/decimal.js";
import type { FleetProvider } from "./fleet-config.js";

export type Usage = { cpu: number; memory: number; storage: Record<string, number>; gpus: Record<string, number> };

const text = (value: { val: Uint8Array } | undefined) => Number(new TextDecoder().decode(value?.val ?? new Uint8Array()) || 0);
const gpuKey = (gpu: { model: string; ram?: string; interface?: string }) => `${gpu.model}/${gpu.ram ?? ""}/${gpu.interface ?? ""}`;

export const emptyUsage = (): Usage => ({ cpu: 0, memory: 0, storage: {}, gpus: {} });

/** What one order takes from a provider (to add to its usage), or the reason it does not fit. */
export function fitOrder(provider: FleetProvider, attributes: Record<string, string>, auditors: Set<string>, spec: GroupSpec, used: Usage): { usage: Usage; hourlyUsd: Dec } | { reason: string } {
  for (const { key, value } of spec.requirements?.attributes ?? []) {
    if (attributes[key] !== value) return { reason: `attribute ${key}=${value} not offered` };
  }
  const { allOf = [], anyOf = [] } = spec.requirements?.signedBy ?? {};
  if (allOf.some((a) => !auditors.has(a)) || (anyOf.length > 0 && !anyOf.some((a) => auditors.has(a)))) return { reason: "not audited by a required auditor" };

  const usage: Usage = { cpu: used.cpu, memory: used.memory, storage: { ...used.storage }, gpus: { ...used.gpus } };
  let hourly = Dec.zero;
  for (const unit of spec.resources) {
    const resource = unit.resource;
    const count = unit.count;
    const cpu = (text(resource?.cpu?.units) / 1000) * count;
    const memory = text(resource?.memory?.quantity) * count;
    usage.cpu += cpu;
    usage.memory += memory;
    if (usage.cpu > provider.cpu) return { reason: "not enough CPU" };
    if (usage.memory > provider.memoryBytes) return { reason: "not enough memory" };
    let storageBytes = 0;
    for (const volume of resource?.storage ?? []) {
      const cls = volume.attributes?.find((a) => a.key === "class")?.value ?? "default";
      const bytes = text(volume.quantity) * count;
      usage.storage[cls] = (usage.storage[cls] ?? 0) + bytes;
      storageBytes += bytes;
      if (usage.storage[cls]! > (provider.storageBytes[cls] ?? 0)) return { reason: `no ${cls} storage left` };
    }
    const gpuUnits = text(resource?.gpu?.units) * count;
    let gpuPrice = Dec.zero;
    if (gpuUnits > 0) {
      const slot = provider.gpus.find((gpu) => (resource?.gpu?.attributes ?? []).some((a) => gpuMatches(a.key, gpu)) && gpu.count - (usage.gpus[gpuKey(gpu)] ?? 0) >= gpuUnits);
      if (!slot) return { reason: "no fitting GPU free" };
      usage.gpus[gpuKey(slot)] = (usage.gpus[gpuKey(slot)] ?? 0) + gpuUnits;
      gpuPrice = Dec.parse(provider.prices.gpuPerHour[slot.model] ?? "0").mul(gpuUnits);
    }
    hourly = hourly
      .add(gpuPrice)
      .add(Dec.parse(provider.prices.cpuPerHour).mul(Dec.from(cpu)))
      .add(Dec.parse(provider.prices.memoryGiPerHour).mul(Dec.from(memory / 2 ** 30).truncate(6)))
      .add(Dec.parse(provider.prices.storageGiPerHour).mul(Dec.from(storageBytes / 2 ** 30).truncate(6)));
  }
  return { usage, hourlyUsd: hourly };
}

/** "vendor/nvidia/model/h100/ram/80Gi/interface/sxm" (or model "*") against a provider's GPU. */
function gpuMatches(key: string, gpu: { model: string; ram?: string; interface?: string }): boolean {
  const parts = key.split("/");
  const field = (name: string) => {
    const at = parts.indexOf(name);
    return at >= 0 ? parts[at + 1] : undefined;
  };
  if (field("vendor") !== "nvidia") return false;
  const model = field("model");
  if (model !== "*" && model !== gpu.model) return false;
  const ram = field("ram");
  if (ram && ram !== gpu.ram) return false;
  const iface = field("interface");
  return !iface || iface === gpu.interface;
}

export function addUsage(a: Usage, b: Usage): Usage {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory, storage: sum(a.storage, b.storage), gpus: sum(a.gpus, b.gpus) };
}
