/**
 * The AWS baseline table as shipped (it must agree with reference/aws-gpu-baselines.json) and the lookup:
 * each mapped Akash GPU gets the cheapest AWS size per GPU-hour with date and source; GPUs AWS does not rent
 * get a reason instead; bad input (unknown model, odd memory) is explained.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { awsBaseline } from "../../src/costs/aws/baseline.js";
import { checkAwsGpuMap, loadAwsGpuMap } from "../../src/costs/aws/gpu-map.js";
import { checkAwsBaselineTable, loadAwsBaselineTable } from "../../src/costs/aws/table.js";
import { Dec } from "../../src/costs/decimal.js";
import { CostDataError } from "../../src/costs/errors.js";
import { knownGpuModels } from "../../src/sdl/gpu-catalog.js";

type ReferenceRow = { instanceType: string; gpuCount: number; vcpu: number; memoryGiB: number; onDemandUsdPerHour: number | null; gpuMemoryMiBFromAwsApi: number };
const reference = JSON.parse(readFileSync(new URL("../fixtures/aws-gpu-baselines.reference.json", import.meta.url), "utf8")) as { instances: ReferenceRow[] };

describe("the shipped baseline table", () => {
  const table = loadAwsBaselineTable();

  it("has every priced instance of the reference, with the same figures, a date and a source per row", () => {
    const priced = reference.instances.filter((row) => row.onDemandUsdPerHour !== null);
    expect(table.instances.map((row) => row.instanceType).sort()).toEqual(priced.map((row) => row.instanceType).sort());
    for (const ref of priced) {
      const row = table.instances.find((r) => r.instanceType === ref.instanceType)!;
      expect(Dec.parse(row.usdPerHour).cmp(String(ref.onDemandUsdPerHour)), row.instanceType).toBe(0);
      expect([row.gpuCount, row.vcpu, row.memoryGiB, row.gpuMemoryMiB]).toEqual([ref.gpuCount, ref.vcpu, ref.memoryGiB, ref.gpuMemoryMiBFromAwsApi]);
      expect(row.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.source).toMatch(/skypilot-catalog/);
      expect(row.region).toBe("us-east-1");
    }
    expect(table.unpriced.map((row) => row.instanceType)).toEqual(["p5e.48xlarge"]);
    expect(table.instances.find((r) => r.instanceType === "p5.48xlarge")?.preCut?.usdPerHour).toBe("98.32");
  });

  it("maps every GPU of the Akash catalog either to AWS families or to a reason there is none", () => {
    const map = loadAwsGpuMap();
    for (const model of knownGpuModels()) expect(Boolean(map.akash[model]) !== Boolean(map.noEquivalent[model]), model).toBe(true);
    for (const family of Object.keys(map.families)) expect(table.instances.some((r) => r.family === family) || table.unpriced.some((r) => r.family === family), family).toBe(true);
  });

  it("refuses a table whose per-GPU price disagrees with price / GPU count, naming the row", () => {
    const broken = structuredClone(table);
    broken.instances[1]!.usdPerGpuHour = "6.89";
    expect(() => checkAwsBaselineTable(broken, "edited.json")).toThrow(CostDataError);
    expect(() => checkAwsBaselineTable(broken, "edited.json")).toThrow(/instances\[1\]\.usdPerGpuHour 6\.89 is not usdPerHour \/ gpuCount = 6\.88/);
    const undated = structuredClone(table);
    undated.instances[0]!.priceDate = "late 2025";
    expect(() => checkAwsBaselineTable(undated, "edited.json")).toThrow(/priceDate "late 2025" is not YYYY-MM-DD/);
    expect(() => checkAwsGpuMap({ schemaVersion: 1, families: {}, akash: { h100: [{ families: ["p5"], match: "exact" }] }, noEquivalent: {} }, "m.json")).toThrow(/names family p5/);
  });
});

describe("awsBaseline", () => {
  const cases: [query: { model: string; ram?: string; interface?: string }, instance: string, perGpu: string, match: string][] = [
    [{ model: "h100", ram: "80Gi", interface: "sxm" }, "p5.4xlarge", "6.88", "exact"], // ties with p5.48xlarge: the 1-GPU size wins
    [{ model: "h200" }, "p5en.48xlarge", "7.912", "exact"], // p5e has no on-demand price
    [{ model: "b200" }, "p6-b200.48xlarge", "14.2416", "exact"],
    [{ model: "a100", ram: "80Gi" }, "p4de.24xlarge", "3.43088125", "exact"],
    [{ model: "a100", ram: "40Gi" }, "p4d.24xlarge", "2.74470525", "exact"],
    [{ model: "l40s" }, "g6e.xlarge", "1.861", "exact"],
    [{ model: "a10" }, "g5.xlarge", "1.006", "variant"],
    [{ model: "l4" }, "g6.xlarge", "0.8048", "exact"],
    [{ model: "t4" }, "g4dn.xlarge", "0.526", "exact"],
    [{ model: "v100", ram: "16Gi" }, "p3.2xlarge", "3.06", "exact"],
    [{ model: "v100", ram: "32Gi" }, "p3dn.24xlarge", "3.9015", "exact"],
  ];
  for (const [query, instance, perGpu, match] of cases) {
    it(`${query.model}${query.ram ? ` ${query.ram}` : ""} → ${instance} at $${perGpu}/GPU-h`, () => {
      const { baseline, reason } = awsBaseline(query);
      expect(reason).toBeUndefined();
      expect(baseline).toMatchObject({ instanceType: instance, match, region: "us-east-1" });
      expect(baseline!.usdPerGpuHour.toString()).toBe(perGpu);
      expect(baseline!.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(baseline!.source.length).toBeGreaterThan(20);
    });
  }

  it("says when AWS bundles far more CPU and memory per GPU than an inference server needs", () => {
    const h100 = awsBaseline({ model: "h100" }).baseline!;
    expect(h100.bundlesHost).toBe(true);
    expect(h100.notes.join("\n")).toMatch(/p5\.4xlarge bundles 16 vCPU and 256 GiB RAM per GPU/);
    const a100 = awsBaseline({ model: "a100", ram: "80Gi" }).baseline!;
    expect(a100.notes.join("\n")).toMatch(/p4de\.24xlarge bundles 12 vCPU and 144 GiB RAM per GPU/);
    const l4 = awsBaseline({ model: "l4" }).baseline!;
    expect(l4.bundlesHost).toBe(false); // g6.xlarge: 4 vCPU, 16 GiB for one 24 GB GPU
    expect(l4.notes).toEqual([]);
    expect(awsBaseline({ model: "a10" }).baseline!.notes.join()).toMatch(/A10G, AWS's variant of the A10/);
  });

  it("takes the cheapest variant when memory is not given, and says so", () => {
    const { baseline } = awsBaseline({ model: "a100" });
    expect(baseline?.instanceType).toBe("p4d.24xlarge");
    expect(baseline?.notes.join("\n")).toMatch(/GPU memory not given: the cheapest a100 AWS rents is used \(NVIDIA A100 SXM4 40GB\)/);
  });

  it("marks a form-factor mismatch as the closest match, accepting Akash's interface spellings", () => {
    const { baseline } = awsBaseline({ model: "H100", ram: "80Gi", interface: "PCIe" });
    expect(baseline).toMatchObject({ instanceType: "p5.4xlarge", match: "closest", gpu: { model: "h100", interface: "pcie" } });
    expect(baseline!.notes.join("\n")).toMatch(/AWS rents the SXM form of this GPU; the Akash GPU is PCIE/);
    expect(awsBaseline({ model: "h100", ram: "94Gi" }).baseline).toMatchObject({ match: "closest", instanceType: "p5.4xlarge" });
    expect(awsBaseline({ model: "a100", ram: "80Gi", interface: "SXM4" }).baseline?.match).toBe("exact");
  });

  it("gives consumer and workstation GPUs no baseline, with a reason (callers list them)", () => {
    for (const model of ["rtx4090", "4090", "rtx3090", "rtx5090", "rtxa6000"]) {
      const result = awsBaseline({ model });
      expect(result.baseline, model).toBeUndefined();
      expect(result.code).toBe("no-equivalent");
      expect(result.reason).toMatch(/no AWS equivalent for rtx/);
    }
    expect(awsBaseline({ model: "rtx4090" }).reason).toBe("no AWS equivalent for rtx4090: consumer GeForce card: AWS rents no GeForce GPUs");
    expect(awsBaseline({ model: "l40" }).reason).toMatch(/nearest GPU is the L40S/);
  });

  it("explains an unknown model, a memory size AWS does not rent, and a size that is not a size", () => {
    expect(awsBaseline({ model: "h900" })).toMatchObject({ baseline: undefined, code: "unknown-gpu" });
    expect(awsBaseline({ model: "h900" }).reason).toMatch(/unknown GPU model "h900"/);
    expect(awsBaseline({ model: "a100", ram: "20Gi" })).toMatchObject({ code: "no-equivalent", reason: "no AWS equivalent for a100 with 20Gi: AWS rents it with 80Gi, 40Gi" });
    expect(awsBaseline({ model: "a100", ram: "lots" })).toMatchObject({ code: "unknown-gpu", reason: 'GPU memory "lots" is not a size like 80Gi' });
  });

  it("reports a mapped GPU whose AWS instances have no on-demand price as unpriced", () => {
    const table = structuredClone(loadAwsBaselineTable());
    table.instances = table.instances.filter((row) => row.family !== "p5en");
    const result = awsBaseline({ model: "h200" }, { table });
    expect(result).toMatchObject({ baseline: undefined, code: "unpriced" });
    expect(result.reason).toMatch(/p5e\.48xlarge: No on-demand Linux price/);
  });
});
