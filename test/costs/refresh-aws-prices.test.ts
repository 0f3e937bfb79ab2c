/**
 * The offer-file refresher on synthetic files in the real formats (CSV with its preamble and header, JSON
 * with products and terms), through the library and through scripts/refresh-aws-prices.ts; malformed files
 * fail with the line (and column) at fault; the JSON reader holds one product at a time, not the file.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { awsBaseline } from "../../src/costs/aws/baseline.js";
import { loadAwsGpuMap } from "../../src/costs/aws/gpu-map.js";
import { OfferCollector } from "../../src/costs/aws/offer-collector.js";
import { OfferFileError } from "../../src/costs/aws/offer-filter.js";
import { readCsvOffer } from "../../src/costs/aws/offer-csv.js";
import { readJsonOffer } from "../../src/costs/aws/offer-json.js";
import { buildBaselinesFromOffer, type RefreshResult } from "../../src/costs/aws/refresh.js";
import { loadAwsBaselineTable } from "../../src/costs/aws/table.js";
import { tempDir } from "../temp-dir.js";
import { csvOffer, jsonOffer, SYNTHETIC_SKUS, VERSION } from "./offer-fixtures.js";

function write(name: string, text: string): string {
  const path = join(tempDir("offer"), name);
  writeFileSync(path, text);
  return path;
}

function expectSyntheticTable(result: RefreshResult, format: "csv" | "json"): void {
  const { table, skipped } = result;
  expect(result.format).toBe(format);
  expect(skipped).toEqual([]);
  expect(table.instances.map((row) => [row.instanceType, row.usdPerHour, row.usdPerGpuHour, row.gpuCount, row.vcpu, row.memoryGiB])).toEqual([
    ["p5.48xlarge", "55.04", "6.88", 8, 192, 2048], // not the cheaper Capacity Block, Windows, Dedicated, SQL, reservation or Reserved rows
    ["g6.xlarge", "0.8048", "0.8048", 1, 4, 16], // not the us-west-2 price
    ["g4dn.metal", "7.824", "0.978", 8, 96, 384], // bare metal counts as a compute instance
  ]);
  const p5 = table.instances[0]!;
  expect(p5).toMatchObject({ family: "p5", gpuModel: "NVIDIA H100 SXM", gpuMemoryMiB: 81920, region: "us-east-1", priceDate: "2026-11-20" });
  expect(p5.source).toContain(`AmazonEC2 version ${VERSION} published 2026-11-20T19:27:36Z`);
  expect(p5.source).toContain("no Capacity Block");
  expect(table.unpriced.map((row) => row.instanceType)).toEqual(["p5.4xlarge", "p5e.48xlarge"]); // only $0 on-demand prices
  expect(table.builtAt).toBe("2026-11-25");
}

describe("refreshing the AWS baselines from an offer file", () => {
  it("reads the CSV offer file: preamble, header, filters, cheapest on-demand price per instance type", async () => {
    const file = write("index.csv", csvOffer(SYNTHETIC_SKUS));
    expectSyntheticTable(await buildBaselinesFromOffer({ location: file, builtAt: "2026-11-25" }), "csv");
  });

  it("reads the JSON offer file the same way, products first or terms first", async () => {
    const file = write("index.json", jsonOffer(SYNTHETIC_SKUS));
    expectSyntheticTable(await buildBaselinesFromOffer({ location: file, builtAt: "2026-11-25" }), "json");
    const termsFirst = write("offer", jsonOffer(SYNTHETIC_SKUS, { termsFirst: true })); // no extension: format from the content
    expectSyntheticTable(await buildBaselinesFromOffer({ location: termsFirst, builtAt: "2026-11-25" }), "json");
  });

  it("writes a table the baseline lookup uses, carrying pre-cut prices over from the previous table", async () => {
    const file = write("index.csv", csvOffer(SYNTHETIC_SKUS));
    const { table } = await buildBaselinesFromOffer({ location: file, builtAt: "2026-11-25", previous: loadAwsBaselineTable() });
    expect(table.instances[0]!.preCut?.usdPerHour).toBe("98.32");
    expect(awsBaseline({ model: "h100" }, { table }).baseline).toMatchObject({ instanceType: "p5.48xlarge", priceDate: "2026-11-20" });
    expect(awsBaseline({ model: "l4" }, { table }).baseline?.usdPerGpuHour.toString()).toBe("0.8048");
    expect(awsBaseline({ model: "h200" }, { table })).toMatchObject({ code: "unpriced" });
  });

  it("refuses a file with no prices for the region", async () => {
    const file = write("index.csv", csvOffer(SYNTHETIC_SKUS));
    await expect(buildBaselinesFromOffer({ location: file, region: "eu-north-1" })).rejects.toThrow(/No GPU instance prices for eu-north-1[\s\S]*check --region/);
  });

  it("rebuilds data/aws-gpu-baselines.json through the script, and prints what it found", () => {
    const dir = tempDir("refresh-script");
    const offer = join(dir, "index.json");
    writeFileSync(offer, jsonOffer(SYNTHETIC_SKUS));
    const out = join(dir, "baselines.json");
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/refresh-aws-prices.ts", "--offer", offer, "--out", out, "--date", "2026-11-25"], { encoding: "utf8" });
    expect(run.stderr).toContain("(streamed)");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/wrote .*baselines\.json: 3 instance types \(json, us-east-1/);
    expect(run.stdout).toMatch(/p5\.48xlarge +8× NVIDIA H100 SXM +\$55\.04\/h +\$6\.88\/GPU-h +\(2026-11-20\)/);
    const written = loadAwsBaselineTable(out);
    expect(written.instances).toHaveLength(3);

    const bad = spawnSync(process.execPath, ["--import", "tsx", "scripts/refresh-aws-prices.ts", "--offer", write("index.csv", '"FormatVersion","v1.0"\n"SKU","Instance Type"\n'), "--out", out], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Malformed AWS offer file .*index\.csv at line 2: the header lacks column\(s\) TermType/);
    expect(loadAwsBaselineTable(out).instances).toHaveLength(3); // the previous table is untouched
  });
});

describe("malformed offer files", () => {
  const csv = csvOffer(SYNTHETIC_SKUS).split("\n");

  const failure = async (name: string, text: string, format?: "csv" | "json"): Promise<OfferFileError> => {
    const error = await buildBaselinesFromOffer({ location: write(name, text), ...(format ? { format } : {}) }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OfferFileError);
    return error as OfferFileError;
  };

  it("CSV: a row with fields missing names its line", async () => {
    const lines = [...csv];
    lines[7] = lines[7]!.split(",").slice(0, 40).join(",");
    expect((await failure("index.csv", lines.join("\n"))).message).toMatch(/at line 8: 40 fields where the header has 91/);
  });

  it("CSV: a quote never closed names the line the record starts on", async () => {
    const lines = [...csv];
    lines[9] = lines[9]!.replace('"Hrs"', '"Hrs');
    expect((await failure("index.csv", lines.join("\n"))).message).toMatch(/at line 10: a quoted field is never closed/);
  });

  it("CSV: text after a closing quote names line and column", async () => {
    const lines = [...csv];
    lines[6] = lines[6]!.replace('"OnDemand"', '"OnDemand"x');
    expect((await failure("index.csv", lines.join("\n"))).message).toMatch(/at line 7, column \d+: expected "," after a quoted field, found "x"/);
  });

  it("CSV: no header within the preamble", async () => {
    expect((await failure("index.csv", csv.slice(0, 5).concat(csv.slice(6)).join("\n"))).message).toMatch(/at line 11: no header row/);
    expect((await failure("index.csv", csv.slice(0, 3).join("\n"))).message).toMatch(/at end of file: no header row/);
  });

  it("JSON: a file cut off mid-way", async () => {
    const json = jsonOffer(SYNTHETIC_SKUS);
    expect((await failure("index.json", json.slice(0, Math.floor(json.length / 2)))).message).toMatch(/the file ends inside \d+ unclosed object\(s\) or array\(s\)|unterminated string/);
  });

  it("JSON: a missing comma names line and column", async () => {
    const lines = jsonOffer(SYNTHETIC_SKUS).split("\n");
    const at = lines.findIndex((line) => line.includes('"instanceType": "g6.xlarge"'));
    lines[at] = lines[at]!.replace(/,$/, "");
    const message = (await failure("index.json", lines.join("\n"))).message;
    expect(message).toMatch(new RegExp(`at line ${at + 2}, column \\d+: expected "," or "}"`));
  });

  it("JSON: not an offer file, or stray content", async () => {
    expect((await failure("index.json", '{"formatVersion":"v1.0","terms":{"OnDemand":{}}}')).message).toMatch(/no "products" object/);
    expect((await failure("index.json", '{"products":{},"terms":{}}')).message).toMatch(/no "terms\.OnDemand" object/);
    expect((await failure("index.json", '{"products":{}} {')).message).toMatch(/line 1, column 17: unexpected content after the end/);
    expect((await failure("index.json", '{"products":{"A":{"x":tru}}}')).message).toMatch(/line 1, column 23: unexpected "t"/);
  });
});

describe("streaming", () => {
  it("hands each product over as soon as it is read, with the rest of the file still unread", async () => {
    const collector = new OfferCollector({ region: "us-east-1", map: loadAwsGpuMap() });
    const kept: string[] = [];
    const addProduct = collector.addProduct.bind(collector);
    collector.addProduct = (product) => {
      kept.push(product.sku);
      return addProduct(product);
    };
    const text = jsonOffer(SYNTHETIC_SKUS);
    const firstProductEnd = text.indexOf('"P5CAPBLOCK000001"');
    const seenAt: number[] = [];
    async function* chunks(): AsyncGenerator<string> {
      yield text.slice(0, firstProductEnd);
      seenAt.push(kept.length);
      for (let i = firstProductEnd; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    await readJsonOffer(chunks(), collector, "chunked.json");
    expect(seenAt).toEqual([1]); // P5ONDEMAND000001 was complete before the next chunk was asked for
    expect(kept).toHaveLength(SYNTHETIC_SKUS.length);
    expect(collector.build({ sourceName: "chunked.json", builtAt: "2026-11-25" }).table.instances).toHaveLength(3);
  });

  it("reads the CSV a line at a time: a row counts before the next chunk is read", async () => {
    const collector = new OfferCollector({ region: "us-east-1", map: loadAwsGpuMap() });
    const lines = csvOffer(SYNTHETIC_SKUS).split("\n");
    const seen: number[] = [];
    let kept = 0;
    const addProduct = collector.addProduct.bind(collector);
    collector.addProduct = (product) => {
      kept++;
      return addProduct(product);
    };
    async function* chunks(): AsyncGenerator<string> {
      for (const line of lines) {
        yield `${line}\n`;
        seen.push(kept);
      }
    }
    await readCsvOffer(chunks(), collector, "chunked.csv");
    // Lines 7.. (index 6..) are SKUs: each is handed over once its line is complete, before the next line is read.
    expect(seen.slice(5, 9)).toEqual([0, 1, 2, 3]);
    expect(collector.build({ sourceName: "chunked.csv", builtAt: "2026-11-25" }).table.instances).toHaveLength(3);
  });

});
