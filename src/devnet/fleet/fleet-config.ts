/** The devnet's provider fleet, from a YAML file (data/devnet-fleet.yaml by default), validated. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { packageFilePath } from "../../package-files.js";
import { isSize, parseSize } from "../../sdl/sizes.js";

const decimal = z.string().regex(/^\d+(\.\d+)?$/, "a decimal number as a string, e.g. \"1.25\"");
const size = z.string().refine(isSize, "a size such as 512Gi");

const providerSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, "a short lowercase name"),
  region: z.string().min(1),
  tier: z.string().default("community"),
  audited: z.boolean().default(false),
  cpu: z.number().positive(),
  memory: size,
  storage: z.record(z.string(), size),
  gpus: z.array(z.object({ model: z.string(), ram: z.string().optional(), interface: z.enum(["pcie", "sxm"]).optional(), count: z.number().int().positive() })).default([]),
  prices: z.object({ gpuPerHour: z.record(z.string(), decimal), cpuPerHour: decimal, memoryGiPerHour: decimal, storageGiPerHour: decimal }),
  spread: z.number().min(0).max(100).default(0),
  /** Faults the provider shows from the start (they can be switched later through the control API). */
  faults: z
    .object({
      down: z.boolean().optional(),
      neverBids: z.boolean().optional(),
      manifestErrors: z.number().int().min(0).optional(),
      manifestAlways500: z.boolean().optional(),
      workloadNeverReady: z.boolean().optional(),
      workloadDiesAfterMs: z.number().int().positive().optional(),
    })
    .default({}),
});

const fleetSchema = z.object({ providers: z.array(providerSchema).min(1) });

export type FleetProvider = z.infer<typeof providerSchema> & { memoryBytes: number; storageBytes: Record<string, number> };

export const DEFAULT_FLEET_FILE = packageFilePath("data/devnet-fleet.yaml");

export function loadFleet(file = DEFAULT_FLEET_FILE): FleetProvider[] {
  let data: unknown;
  try {
    data = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidInputError("Cannot read the provider fleet", [{ field: file, found: (error as Error).message.split("\n")[0]!, expected: "a readable YAML file with a providers: list" }]);
  }
  const result = fleetSchema.safeParse(data);
  if (!result.success) {
    throw new InvalidInputError("Invalid provider fleet", result.error.issues.map((issue) => ({ field: `${file}: ${issue.path.join(".")}`, found: "a value that does not fit", expected: issue.message })));
  }
  const names = new Set<string>();
  for (const provider of result.data.providers) {
    if (names.has(provider.name)) throw new InvalidInputError("Invalid provider fleet", [{ field: `${file}: providers`, found: `two providers named ${provider.name}`, expected: "unique names" }]);
    names.add(provider.name);
  }
  return result.data.providers.map((p) => ({
    ...p,
    memoryBytes: parseSize(p.memory),
    storageBytes: Object.fromEntries(Object.entries(p.storage).map(([cls, s]) => [cls, parseSize(s)])),
  }));
}
