/**
 * The local ledger: metric samples (append, filter, torn lines, no credentials in URLs) and report inputs
 * (exact round trip of 18-decimal amounts, bigints and times; a damaged file says how to recover).
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { spendOffline } from "../../src/costs/spend/compute.js";
import type { SpendInputs } from "../../src/costs/spend/types.js";
import { appendMetricSamples, metricSamplesFile, readMetricSamples, type MetricSample } from "../../src/store/metric-samples.js";
import { loadReportInputs, ReportInputsError, reportInputsFile, saveReportInputs } from "../../src/store/report-inputs.js";
import { tempDir } from "../temp-dir.js";

const CHAIN = "akash-local-1";
const OWNER = "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem";
const PROVIDER = "akash1pyysjzgfpyysjzgfpyysjzgfpyysjzgfsqeghr";

const sample = (lease: string, minute: number, generation: number): MetricSample => ({
  at: new Date(Date.UTC(2026, 4, 1, 0, minute)),
  lease,
  flavour: "llama.cpp",
  promptTokens: 10,
  generationTokens: generation,
  startedAt: new Date(Date.UTC(2026, 4, 1)),
  height: 100 + minute,
  url: "http://user:pass@127.0.0.1:8080/metrics?key=sk-ag-secretsecretsecret",
});

describe("metric samples", () => {
  it("round-trips, filters by lease, owner and time, in time order, and keeps no credentials from the URL", () => {
    const stateDir = tempDir("ledger-samples");
    const a = `${OWNER}/1/1/1/${PROVIDER}`;
    const b = `akash1other/2/1/1/${PROVIDER}`;
    appendMetricSamples(stateDir, CHAIN, [sample(a, 20, 300), sample(b, 5, 7)]);
    appendMetricSamples(stateDir, CHAIN, [sample(a, 10, 100)]);
    const all = readMetricSamples(stateDir, CHAIN);
    expect(all.map((s) => [s.lease, s.generationTokens])).toEqual([[b, 7], [a, 100], [a, 300]]);
    expect(all[1]).toEqual({ ...sample(a, 10, 100), url: "http://127.0.0.1:8080/metrics" });
    expect(readMetricSamples(stateDir, CHAIN, { lease: a }).map((s) => s.generationTokens)).toEqual([100, 300]);
    expect(readMetricSamples(stateDir, CHAIN, { owner: OWNER })).toHaveLength(2);
    expect(readMetricSamples(stateDir, CHAIN, { from: new Date(Date.UTC(2026, 4, 1, 0, 15)) }).map((s) => s.generationTokens)).toEqual([300]);
    expect(readFileSync(metricSamplesFile(stateDir, CHAIN), "utf8")).not.toMatch(/sk-ag-|pass/);
  });

  it("skips a torn last line and records that are not samples; an empty ledger is no samples", () => {
    const stateDir = tempDir("ledger-torn");
    expect(readMetricSamples(stateDir, CHAIN)).toEqual([]);
    appendMetricSamples(stateDir, CHAIN, [sample("l", 1, 1)]);
    appendFileSync(metricSamplesFile(stateDir, CHAIN), '{"at":"2026-05-01T00:02:00Z","lease":"l","flavour":"tgi","promptTokens":1,"generationTokens":1,"url":"x"}\n{"at":"2026-05-01T00:0');
    expect(readMetricSamples(stateDir, CHAIN).map((s) => s.generationTokens)).toEqual([1]);
    // The next append starts on a line of its own: the torn line does not swallow it.
    appendMetricSamples(stateDir, CHAIN, [sample("l", 3, 3)]);
    expect(readMetricSamples(stateDir, CHAIN).map((s) => s.generationTokens)).toEqual([1, 3]);
  });

  it("refuses a chain id that is not a plain name (no path tricks)", () => {
    expect(() => metricSamplesFile(tempDir("ledger-id"), "../etc")).toThrow(RangeError);
  });
});

function inputs(): SpendInputs {
  return {
    version: 1,
    chainId: CHAIN,
    owner: OWNER,
    height: 5000,
    headTime: new Date("2026-05-01T10:00:00.123Z"),
    leases: [
      {
        id: { owner: OWNER, dseq: 18_446_744_073_709_551_615n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 2 },
        state: "closed",
        price: { denom: "uact", amount: Dec.parse("123.456789012345678901") },
        createdAt: 1000,
        closedOn: 4000,
        closeReason: "owner",
        payment: { state: "closed", withdrawn: { denom: "uact", amount: Dec.parse("370370") }, balance: { denom: "uact", amount: Dec.parse("0.367036") }, settledAt: 4000 },
        deploymentState: "closed",
        groupName: "akash-1/team=ml",
        labels: { team: "ml" },
        gpu: { models: ["h100"], count: 8 },
      },
    ],
    clock: [{ height: 1000, time: new Date("2026-05-01T05:00:00Z") }, { height: 5000, time: new Date("2026-05-01T10:00:00.123Z") }],
    fees: {
      source: "tx-search",
      address: OWNER,
      fromHeight: 0,
      toHeight: 5000,
      txs: [{ hash: "AB".repeat(32), height: 999, code: 0, fee: [{ denom: "uakt", amount: 12_345n }], messages: ["/akash.deployment.v1beta4.MsgCreateDeployment"], failed: false, tool: true }],
      totals: [{ denom: "uakt", amount: 12_345n }],
      missing: [],
    },
  };
}

describe("report inputs", () => {
  it("round-trip exactly: 18-decimal amounts, 64-bit dseqs, times, fees — and re-run to the same report", () => {
    const stateDir = tempDir("ledger-inputs");
    const saved = inputs();
    const file = saveReportInputs(stateDir, saved, new Date("2026-05-01T10:00:01Z"));
    expect(file).toBe(reportInputsFile(stateDir, CHAIN, OWNER));
    expect(readdirSync(dirname(file))).toEqual([`${OWNER}.json`]); // nothing left aside
    const loaded = loadReportInputs(stateDir, CHAIN, OWNER)!;
    expect(loaded.savedAt).toEqual(new Date("2026-05-01T10:00:01Z"));
    const { savedAt: _savedAt, ...rest } = loaded;
    expect(rest).toEqual(saved);
    expect(loaded.leases[0]!.price.amount.toFixed18()).toBe("123.456789012345678901".slice(0, 22));
    const report = spendOffline(loaded);
    expect(report.leases[0]!.amount.amount.toString()).toBe(Dec.parse("123.456789012345678901").mul(3000).toString());
    expect(report.leases[0]!.check.status).toBe("ok");
    expect(report.fees?.totals).toEqual([{ denom: "uakt", amount: 12_345n }]);
  });

  it("none saved: undefined; a damaged file: an error saying to run online once", () => {
    const stateDir = tempDir("ledger-damaged");
    expect(loadReportInputs(stateDir, CHAIN, OWNER)).toBeUndefined();
    saveReportInputs(stateDir, inputs());
    const file = reportInputsFile(stateDir, CHAIN, OWNER);
    writeFileSync(file, readFileSync(file, "utf8").replace('"closedOn":4000', '"closedOn":"soon"'));
    const error = (() => {
      try {
        loadReportInputs(stateDir, CHAIN, OWNER);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReportInputsError);
    expect((error as ReportInputsError).details).toBe("lease.closedOn: expected a whole number");
    expect((error as ReportInputsError).metaMessages.join("\n")).toMatch(/without --offline/);
    writeFileSync(file, "{ not json");
    expect(() => loadReportInputs(stateDir, CHAIN, OWNER)).toThrow(ReportInputsError);
  });
});
