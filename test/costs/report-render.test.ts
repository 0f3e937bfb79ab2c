import { describe, expect, it } from "vitest";
import type { ReportDocument } from "../../src/costs/report/document.js";
import { renderReport } from "../../src/costs/report/render.js";
import { niceTicks } from "../../src/costs/report/svg-chart.js";

const doc: ReportDocument = {
  title: "Cost <report>",
  subtitle: ["window: 2026-11-01 → 2026-11-25", "AKT/USD 1.25 (flag)"],
  tables: [
    {
      title: "Leases",
      columns: [
        { key: "dseq", title: "DSEQ" },
        { key: "gpu", title: "GPU" },
        { key: "usd", title: "USD", align: "right" },
      ],
      rows: [
        { dseq: "12", gpu: "h100", usd: 10.5 },
        { dseq: "13", gpu: "rtx4090, \"consumer\"", usd: 2 },
      ],
      total: { dseq: "total", gpu: "", usd: 12.5 },
      marks: new Map([[1, "no AWS equivalent"]]),
    },
  ],
  charts: [
    { kind: "line", title: "Spend per day", labels: ["11-01", "11-02", "11-03"], series: [{ name: "Akash", values: [1, 2.5, null] }, { name: "AWS", values: [3, 6, 9] }], unit: "USD" },
    { kind: "bar", title: "Savings per GPU", labels: ["h100", "a100"], series: [{ name: "savings", values: [40, -5] }], unit: "USD" },
  ],
  notes: ["prices from data/aws-gpu-baselines.json (2026-11-25)"],
  json: { total: { usd: 12.5 } },
};

describe("report formats", () => {
  it("table: aligned columns, numbers right-aligned, total under a rule, marks shown", () => {
    const text = renderReport(doc, "table");
    expect(text).toContain("DSEQ   GPU                   USD");
    expect(text).toMatch(/^12 {5}h100 {17}10\.5$/m);
    expect(text).toMatch(/^-+ {2}-+ {2}-+$/m);
    expect(text).toMatch(/^total\s+12\.5$/m);
    expect(text).toMatch(/^13 {5}rtx4090, "consumer" {5}2 {2}<- no AWS equivalent$/m);
    expect(text).toContain("note: prices from");
  });

  it("md and csv: escaped, totals last, marks in their own CSV column", () => {
    expect(renderReport(doc, "md")).toContain("|---|---|---:|");
    const csv = renderReport(doc, "csv").split("\r\n");
    expect(csv.slice(0, 5)).toEqual(["# Leases", "dseq,gpu,usd,mark", "12,h100,10.5,", '13,"rtx4090, ""consumer""",2,no AWS equivalent', "total,,12.5,"]);
    expect(JSON.parse(renderReport(doc, "json"))).toEqual({ total: { usd: 12.5 } });
  });

  it("html: one self-contained file, charts as inline SVG, nothing fetched or run at view time", () => {
    const html = renderReport(doc, "html");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/i);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<polyline /g)).toHaveLength(2);
    // Two points for Akash (null skipped), three for AWS; a bar per value.
    expect(html.match(/<circle /g)).toHaveLength(5);
    expect(html.match(/<rect [^>]*><title>/g)).toHaveLength(2);
    expect(html).toContain("<title>Cost &lt;report&gt;</title>");
    expect(html).toContain('<tr class="marked">');
    expect(html).toContain('<tr class="total">');
  });

  it("ticks are round numbers covering the values", () => {
    expect(niceTicks(9)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(40, -5)).toEqual([-10, 0, 10, 20, 30, 40]);
    expect(niceTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
