/**
 * Rebuilds data/aws-gpu-baselines.json from the AWS Price List (Bulk) offer file for a region — no AWS
 * credentials needed. The file (hundreds of MB) is streamed from AWS or from a downloaded copy, never read
 * whole. Filters: reference/pricing.md §1.3 (on-demand, Linux, Shared, no pre-installed software,
 * CapacityStatus Used, no Capacity Block SKUs, price > 0); the cheapest SKU per instance type is kept.
 *
 *   npx tsx scripts/refresh-aws-prices.ts                        # current us-east-1 CSV from AWS
 *   npx tsx scripts/refresh-aws-prices.ts --offer index.json     # a downloaded copy (CSV or JSON)
 *   npx tsx scripts/refresh-aws-prices.ts --region us-west-2 --format json --out /tmp/baselines.json
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildBaselinesFromOffer, offerUrl, type OfferFormat } from "../src/costs/aws/refresh.js";
import { BASELINES_FILE, loadAwsBaselineTable } from "../src/costs/aws/table.js";
import { AkashGpuError } from "../src/errors/base.js";
import { packageFilePath } from "../src/package-files.js";

const USAGE = `usage: refresh-aws-prices [--offer FILE|URL] [--format csv|json] [--region us-east-1] [--out FILE] [--date YYYY-MM-DD]
  --offer   the offer file (default: the current one for --region from ${offerUrl("<region>", "csv").replace("/<region>/index.csv", "")})
  --format  csv or json (default: from the name, else from the content)
  --region  region code the prices are for (default us-east-1)
  --out     where to write the table (default ${BASELINES_FILE})
  --date    the table's build date (default today)`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { offer: { type: "string" }, format: { type: "string" }, region: { type: "string" }, out: { type: "string" }, date: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.format !== undefined && values.format !== "csv" && values.format !== "json") {
    console.error(`--format must be csv or json, got ${values.format}\n${USAGE}`);
    return 1;
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    console.error(`--date must be YYYY-MM-DD, got ${values.date}`);
    return 1;
  }
  const region = values.region ?? "us-east-1";
  const format = values.format as OfferFormat | undefined;
  const location = values.offer ?? offerUrl(region, format ?? "csv");
  const out = resolve(values.out ?? packageFilePath(BASELINES_FILE));
  const previous = existsSync(out) ? loadAwsBaselineTable(out) : undefined;

  console.error(`reading ${location} (streamed)…`);
  const started = performance.now();
  const result = await buildBaselinesFromOffer({ location, region, ...(format ? { format } : {}), ...(previous ? { previous } : {}), ...(values.date ? { builtAt: values.date } : {}) });
  const { table, skipped } = result;
  // Write beside the target and rename: a failed run never leaves a half-written table.
  writeFileSync(`${out}.tmp`, `${JSON.stringify(table, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${out}: ${table.instances.length} instance types (${result.format}, ${region}, ${seconds} s)`);
  for (const row of table.instances) console.log(`  ${row.instanceType.padEnd(18)} ${row.gpuCount}× ${row.gpuModel.padEnd(22)} $${row.usdPerHour}/h  $${row.usdPerGpuHour}/GPU-h  (${row.priceDate})`);
  for (const row of table.unpriced) console.log(`  ${row.instanceType.padEnd(18)} no on-demand price`);
  for (const line of skipped) console.log(`  skipped ${line}`);
  const dropped = previous?.instances.filter((row) => !table.instances.some((r) => r.instanceType === row.instanceType)) ?? [];
  if (dropped.length > 0) console.log(`  no longer in the offer file: ${dropped.map((row) => row.instanceType).join(", ")}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof AkashGpuError ? error.message : error);
    process.exit(1);
  },
);
