/** What an SDL asks for, read from the group specs chain-sdk generates (the same numbers the chain sees). */
import { Dec } from "../costs/decimal.js";
import { uactPerBlockToUsdPerHour, type PriceContext } from "../costs/price.js";

type GroupSpec = {
  name: string;
  requirements?: { attributes?: { key: string; value: string }[]; signedBy?: { allOf?: string[]; anyOf?: string[] } };
  resources: {
    count: number;
    price?: { denom: string; amount: string };
    resource?: {
      cpu?: { units?: { val: Uint8Array } };
      memory?: { quantity?: { val: Uint8Array } };
      storage?: { name: string; quantity?: { val: Uint8Array }; attributes?: { key: string; value: string }[] }[];
      gpu?: { units?: { val: Uint8Array }; attributes?: { key: string; value: string }[] };
    };
  }[];
};

export type GpuRequirement = { vendor: string; model: string; ram?: string; interface?: string };

export type GroupSummary = {
  name: string;
  attributes: Record<string, string>;
  signedBy: { allOf: string[]; anyOf: string[] };
  resources: {
    count: number;
    cpu: number;
    memoryBytes: number;
    storage: { name: string; bytes: number; class?: string; persistent: boolean }[];
    gpu: { units: number; models: GpuRequirement[] };
    pricePerBlock: { denom: string; amount: string };
  }[];
};

export type SdlSummary = {
  groups: GroupSummary[];
  /** The most the deployment can cost per block: Σ price × count over every unit. */
  pricePerBlock: { denom: string; amount: string };
  /** Undefined unless every unit is priced in uact. */
  usdPerHour: Dec | undefined;
  gpus: number;
};

const text = (value: { val: Uint8Array } | undefined): string => (value ? new TextDecoder().decode(value.val) : "0");

export function summarizeGroups(groupSpecs: readonly GroupSpec[], price: PriceContext): SdlSummary {
  const groups = groupSpecs.map((group) => ({
    name: group.name,
    attributes: Object.fromEntries((group.requirements?.attributes ?? []).map((a) => [a.key, a.value])),
    signedBy: { allOf: group.requirements?.signedBy?.allOf ?? [], anyOf: group.requirements?.signedBy?.anyOf ?? [] },
    resources: group.resources.map(({ count, price: unitPrice, resource }) => ({
      count,
      cpu: Number(text(resource?.cpu?.units)) / 1000,
      memoryBytes: Number(text(resource?.memory?.quantity)),
      storage: (resource?.storage ?? []).map((volume) => {
        const attributes = Object.fromEntries((volume.attributes ?? []).map((a) => [a.key, a.value]));
        return { name: volume.name, bytes: Number(text(volume.quantity)), class: attributes.class, persistent: attributes.persistent === "true" };
      }),
      gpu: { units: Number(text(resource?.gpu?.units)), models: (resource?.gpu?.attributes ?? []).map((a) => gpuFromAttribute(a.key)) },
      pricePerBlock: { denom: unitPrice?.denom ?? "", amount: unitPrice?.amount ?? "0" },
    })),
  }));
  const units = groups.flatMap((group) => group.resources);
  const denoms = new Set(units.map((unit) => unit.pricePerBlock.denom));
  const denom = denoms.size === 1 ? [...denoms][0]! : [...denoms].join("+");
  const total = units.reduce((sum, unit) => sum.add(Dec.parse(unit.pricePerBlock.amount).mul(unit.count)), Dec.zero);
  return {
    groups,
    pricePerBlock: { denom, amount: total.toString() },
    usdPerHour: denom === "uact" ? uactPerBlockToUsdPerHour(total, price) : undefined,
    gpus: units.reduce((sum, unit) => sum + unit.gpu.units * unit.count, 0),
  };
}

/** "vendor/nvidia/model/h100/ram/80Gi/interface/sxm" → {vendor, model, ram, interface}; model "*" means any. */
function gpuFromAttribute(key: string): GpuRequirement {
  const parts = key.split("/");
  const field = (name: string) => {
    const at = parts.indexOf(name);
    return at >= 0 ? parts[at + 1] : undefined;
  };
  const ram = field("ram");
  const iface = field("interface");
  return { vendor: field("vendor") ?? "", model: field("model") ?? "*", ...(ram ? { ram } : {}), ...(iface ? { interface: iface } : {}) };
}
