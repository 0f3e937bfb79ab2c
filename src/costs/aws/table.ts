/**
 * The AWS baseline table (data/aws-gpu-baselines.json): AWS on-demand prices of GPU instances, one row per
 * instance type, each with its region, price date and source. Prices are exact decimal strings. The table is
 * checked when read — a hand-edited or half-written file is refused with the row and field at fault — and
 * usdPerGpuHour must equal usdPerHour / gpuCount exactly, so the two can never disagree.
 */
import { readFileSync } from "node:fs";
import { packageFilePath } from "../../package-files.js";
import { Dec } from "../decimal.js";
import { CostDataError } from "../errors.js";

export const BASELINES_FILE = "data/aws-gpu-baselines.json";

export type AwsInstanceRow = {
  instanceType: string;
  family: string;
  gpuModel: string;
  gpuCount: number;
  /** Per GPU, as EC2 DescribeInstanceTypes reports it. */
  gpuMemoryMiB: number;
  vcpu: number;
  memoryGiB: number;
  usdPerHour: string;
  usdPerGpuHour: string;
  region: string;
  /** YYYY-MM-DD: the date the price is known to apply. */
  priceDate: string;
  priceDateNote?: string;
  source: string;
  preCut?: { usdPerHour: string; priceDate: string; source: string; confidence?: string };
  notes?: string[];
};

export type UnpricedInstance = { instanceType: string; family: string; gpuModel: string; gpuCount: number; reason: string; source: string };

export type AwsBaselineTable = {
  $comment?: string;
  schemaVersion: 1;
  region: string;
  currency: "USD";
  priceBasis: string;
  builtFrom: string;
  builtAt: string;
  instances: AwsInstanceRow[];
  unpriced: UnpricedInstance[];
};

let shipped: AwsBaselineTable | undefined;

/** The table shipped in data/ (read once), or the one at `path` (e.g. written by scripts/refresh-aws-prices.ts --out). */
export function loadAwsBaselineTable(path?: string): AwsBaselineTable {
  if (!path && shipped) return shipped;
  const file = path ?? packageFilePath(BASELINES_FILE);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CostDataError(file, `not readable JSON (${(error as Error).message})`, "restore data/aws-gpu-baselines.json or rebuild it with scripts/refresh-aws-prices.ts");
  }
  const table = checkAwsBaselineTable(data, file);
  if (!path) shipped = table;
  return table;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PRICE = /^\d+(\.\d+)?$/;

/** Checks the shape and the arithmetic of a table; throws CostDataError naming the row and field. */
export function checkAwsBaselineTable(data: unknown, file: string): AwsBaselineTable {
  const fail = (problem: string): never => {
    throw new CostDataError(file, problem, "fix the row, or rebuild the table with scripts/refresh-aws-prices.ts");
  };
  if (!isObject(data)) return fail("the top level is not an object");
  if (data.schemaVersion !== 1) fail(`schemaVersion ${JSON.stringify(data.schemaVersion)} (expected 1)`);
  if (data.currency !== "USD") fail(`currency ${JSON.stringify(data.currency)} (expected "USD")`);
  for (const key of ["region", "priceBasis", "builtFrom", "builtAt"]) if (typeof data[key] !== "string") fail(`"${key}" is not a string`);
  if (!Array.isArray(data.instances)) return fail('"instances" is not an array');
  const seen = new Set<string>();
  data.instances.forEach((row: unknown, index: number) => {
    const where = `instances[${index}]`;
    if (!isObject(row)) return fail(`${where} is not an object`);
    for (const key of ["instanceType", "family", "gpuModel", "region", "source"]) if (typeof row[key] !== "string" || row[key] === "") fail(`${where}.${key} is not a non-empty string`);
    for (const key of ["gpuCount", "gpuMemoryMiB", "vcpu", "memoryGiB"]) if (typeof row[key] !== "number" || !(row[key] > 0)) fail(`${where}.${key} is not a positive number`);
    if (!Number.isInteger(row.gpuCount)) fail(`${where}.gpuCount is not a whole number`);
    if (typeof row.priceDate !== "string" || !DATE.test(row.priceDate)) fail(`${where}.priceDate ${JSON.stringify(row.priceDate)} is not YYYY-MM-DD`);
    for (const key of ["usdPerHour", "usdPerGpuHour"]) if (typeof row[key] !== "string" || !PRICE.test(row[key]) || Dec.parse(row[key]).isZero()) fail(`${where}.${key} ${JSON.stringify(row[key])} is not a positive decimal string`);
    const perGpu = Dec.parse(row.usdPerHour as string).div(row.gpuCount as number);
    if (perGpu.cmp(row.usdPerGpuHour as string) !== 0) fail(`${where}.usdPerGpuHour ${String(row.usdPerGpuHour)} is not usdPerHour / gpuCount = ${perGpu.toString()}`);
    if (seen.has(row.instanceType as string)) fail(`${where}: instance type ${String(row.instanceType)} appears twice`);
    seen.add(row.instanceType as string);
  });
  if (!Array.isArray(data.unpriced)) fail('"unpriced" is not an array');
  return data as AwsBaselineTable;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
