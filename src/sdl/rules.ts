/**
 * Checks beyond chain-sdk's schema: what current mainnet refuses (non-uact pricing, the chain's limits),
 * GPU model names against the catalog, reclamation windows, and exposure mistakes that break inference.
 * Paths are the YAML paths of the SDL, so a message points at the line to change.
 */
import { findGpu, suggestGpuModels } from "./gpu-catalog.js";
import { issue, type SdlIssue } from "./issues.js";
import { parseSize } from "./sizes.js";

// The chain's limits per resource unit (chain-sdk go/node/deployment/v1beta4 validation_config.go).
const LIMITS = {
  cpuMilli: [10, 384_000],
  memory: [2 ** 20, 2 * 2 ** 40],
  storage: [5 * 2 ** 20, 32 * 2 ** 40],
  gpuUnits: 24,
  count: 50,
  pricePerBlock: 10_000_000,
  groups: 20,
  unitsPerGroup: 20,
} as const;
const UACT_FIX = "price in uact: 1,000,000 uact ≈ 1 USD; ACT is minted from AKT (akash-gpu wallet mint-act)";

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value && typeof value === "object" ? [value] : []);

export type RuleFindings = { errors: SdlIssue[]; warnings: SdlIssue[] };

export function checkRules(sdl: Obj): RuleFindings {
  const found: RuleFindings = { errors: [], warnings: [] };
  checkReclamation(sdl, found);
  const profiles = asObj(sdl.profiles);
  for (const [name, profile] of Object.entries(asObj(profiles.compute))) checkCompute(name, asObj(asObj(profile).resources), found);
  for (const [name, placement] of Object.entries(asObj(profiles.placement))) checkPricing(name, asObj(asObj(placement).pricing), found);
  checkDeployment(sdl, found);
  checkExposure(sdl, found);
  return found;
}

function checkReclamation(sdl: Obj, found: RuleFindings): void {
  if (sdl.reclamation === undefined) return;
  const window = asObj(sdl.reclamation).min_window;
  if (typeof window !== "string" || !/^[1-9][0-9]*(s|m|h)$/.test(window)) {
    found.errors.push(issue(["reclamation", "min_window"], `reclamation window ${JSON.stringify(window)} is not a duration`, "a whole number of s, m or h, e.g. min_window: 24h"));
  }
}

function checkPricing(placement: string, pricing: Obj, found: RuleFindings): void {
  for (const [profile, coin] of Object.entries(pricing)) {
    const path = ["profiles", "placement", placement, "pricing", profile];
    const { denom, amount } = asObj(coin);
    if (denom === "uakt") {
      found.errors.push(issue([...path, "denom"], "uakt pricing is refused: since 2026-03-23 (Mainnet 17) new deployments are priced and deposited in ACT only", `set denom: uact (${UACT_FIX})`));
    } else if (typeof denom === "string" && denom.startsWith("ibc/")) {
      found.errors.push(issue([...path, "denom"], "USDC (IBC) pricing is refused: since 2026-03-23 (Mainnet 17) new deployments are priced and deposited in ACT only", `set denom: uact (${UACT_FIX})`));
    } else if (denom !== undefined && denom !== "uact") {
      found.errors.push(issue([...path, "denom"], `unknown denomination ${JSON.stringify(denom)}`, `set denom: uact (${UACT_FIX})`));
    }
    if (Number(amount) > LIMITS.pricePerBlock) {
      found.errors.push(issue([...path, "amount"], `price ${String(amount)} per block is above the chain's limit`, `at most ${LIMITS.pricePerBlock} per block`));
    }
  }
}

function checkCompute(profile: string, resources: Obj, found: RuleFindings): void {
  const path = ["profiles", "compute", profile, "resources"];
  const cpu = asObj(resources.cpu).units;
  const milli = typeof cpu === "string" && cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
  if (cpu !== undefined && (milli < LIMITS.cpuMilli[0] || milli > LIMITS.cpuMilli[1])) {
    found.errors.push(issue([...path, "cpu", "units"], `${String(cpu)} CPU is outside the chain's limits`, "0.01 to 384 CPUs per unit"));
  }
  const memory = asObj(resources.memory).size;
  if (typeof memory === "string" && outside(parseSize(memory), LIMITS.memory)) {
    found.errors.push(issue([...path, "memory", "size"], `memory ${memory} is outside the chain's limits`, "1Mi to 2Ti per unit"));
  }
  asList(resources.storage).forEach((volume, i) => {
    const size = asObj(volume).size;
    const at = Array.isArray(resources.storage) ? [...path, "storage", i, "size"] : [...path, "storage", "size"];
    if (typeof size === "string" && outside(parseSize(size), LIMITS.storage)) found.errors.push(issue(at, `storage ${size} is outside the chain's limits`, "5Mi to 32Ti per volume"));
  });
  checkGpu([...path, "gpu"], asObj(resources.gpu), found);
}

function checkGpu(path: (string | number)[], gpu: Obj, found: RuleFindings): void {
  const units = Number(gpu.units ?? 0);
  if (units > LIMITS.gpuUnits) found.errors.push(issue([...path, "units"], `${units} GPUs per unit is above the chain's limit`, `at most ${LIMITS.gpuUnits} GPUs per unit; use more units (count) instead`));
  if (units <= 0) return;
  const vendor = asObj(asObj(gpu.attributes).vendor);
  if (!("nvidia" in vendor)) {
    found.errors.push(issue([...path, "attributes"], `${units} GPU(s) requested without nvidia attributes`, "add attributes: {vendor: {nvidia: [{model: h100}]}} (or nvidia: null for any model)"));
    return;
  }
  asList(vendor.nvidia).forEach((entry, i) => {
    const { model, ram } = asObj(entry);
    const at = [...path, "attributes", "vendor", "nvidia", i];
    const known = typeof model === "string" ? findGpu(model) : undefined;
    if (!known || known.model !== model) {
      const hints = typeof model === "string" ? (known ? [known.model] : suggestGpuModels(model)) : [];
      found.errors.push(issue([...at, "model"], `unknown GPU model ${JSON.stringify(model)}`, hints.length > 0 ? `use the name providers advertise: ${hints.join(" or ")}` : "use a model from data/gpu-catalog.json, e.g. h100, a100, rtx4090"));
    } else if (typeof ram === "string" && !known.ram.includes(ram)) {
      found.warnings.push(issue([...at, "ram"], `${known.model} is not known to come with ${ram}`, `${known.model} comes with ${known.ram.join(" or ")}; no provider may match`));
    }
  });
}

function checkDeployment(sdl: Obj, found: RuleFindings): void {
  const placements = new Set<string>();
  const unitsPerPlacement = new Map<string, number>();
  for (const [service, byPlacement] of Object.entries(asObj(sdl.deployment))) {
    for (const [placement, entry] of Object.entries(asObj(byPlacement))) {
      placements.add(placement);
      unitsPerPlacement.set(placement, (unitsPerPlacement.get(placement) ?? 0) + 1);
      const count = Number(asObj(entry).count ?? 1);
      if (count > LIMITS.count) found.errors.push(issue(["deployment", service, placement, "count"], `count ${count} is above the chain's limit`, `at most ${LIMITS.count} replicas per unit`));
    }
  }
  if (placements.size > LIMITS.groups) found.errors.push(issue("deployment", `${placements.size} placement groups`, `at most ${LIMITS.groups} groups per deployment`));
  for (const [placement, units] of unitsPerPlacement) {
    if (units > LIMITS.unitsPerGroup) found.errors.push(issue(["deployment"], `placement ${placement} has ${units} resource units`, `at most ${LIMITS.unitsPerGroup} units per group`));
  }
}

/** Inference needs a port that is reachable and not cut at 60 s by the shared HTTP ingress. */
function checkExposure(sdl: Obj, found: RuleFindings): void {
  const gpuProfiles = new Set(
    Object.entries(asObj(asObj(sdl.profiles).compute))
      .filter(([, p]) => Number(asObj(asObj(asObj(p).resources).gpu).units ?? 0) > 0)
      .map(([name]) => name),
  );
  for (const [service, byPlacement] of Object.entries(asObj(sdl.deployment))) {
    const usesGpu = Object.values(asObj(byPlacement)).some((e) => gpuProfiles.has(String(asObj(e).profile)));
    const expose = asList(asObj(asObj(sdl.services)[service]).expose);
    const seen = new Set<string>();
    let global = 0;
    expose.forEach((entry, i) => {
      const { port, as, proto, to } = asObj(entry);
      if (!asList(to).some((target) => asObj(target).global === true)) return;
      global++;
      const external = Number(as ?? port);
      const key = `${external}/${String(proto ?? "tcp").toLowerCase()}`;
      if (seen.has(key)) found.errors.push(issue(["services", service, "expose", i, "as"], `port ${key} is exposed globally twice`, "give each global port its own `as`"));
      seen.add(key);
      if (usesGpu && external === 80) {
        found.warnings.push(issue(["services", service, "expose", i], "the inference port goes through the shared HTTP ingress (as: 80), which cuts requests at 60 s", `expose it as itself: as: ${String(port)}`));
      }
    });
    if (usesGpu && global === 0) found.warnings.push(issue(["services", service, "expose"], "the GPU service exposes no port globally: nothing outside the deployment can reach it", "add an expose entry with to: [{global: true}]"));
  }
}

function outside(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isNaN(value) || value < min || value > max;
}
