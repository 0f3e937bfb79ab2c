import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeases } from "../../src/chain/queries/index.js";
import { startLocalDevnet, type LocalDevnet } from "./local-devnet.js";

type CostJson = {
  window: { fromHeight: number; toHeight: number };
  leases: {
    dseq: string;
    gpu: { model: string | null; count: number };
    blocks: number;
    hours: number;
    spend: { uact: string; usd: number };
    aws: { instanceType: string; usdPerGpuHour: number; priceDate: string; usd: number } | null;
    noAws?: string;
    savingsPct: number | null;
    tokens: { total: number } | null;
    escrowCheck: string;
  }[];
  total: { usd: number; aws: { usd: number }; savingsPct: number; withoutAws: number };
};

let local: LocalDevnet;
const BLOCK_MS = 400;

beforeAll(async () => {
  local = await startLocalDevnet({ blockTimeMs: BLOCK_MS, prefix: "report-cost" });
});

afterAll(async () => {
  await local?.devnet.stop();
});

describe("akash-gpu report cost", () => {
  it("prices each lease from chain against AWS for the same GPU-hours, lists a GPU without an AWS equivalent, and counts tokens", async () => {
    const vllm = JSON.parse((await local.cli(["deploy", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--json", "--show-secrets"])).stdout) as { dseq: string; leases: { endpoint: { url: string; apiKey: string } }[] };
    const llama = JSON.parse((await local.cli(["deploy", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "rtx4090", "--json"])).stdout) as { dseq: string };
    expect((await local.cli(["list", "--sample-metrics", "--json"])).status).toBe(0);
    const { url, apiKey } = vllm.leases[0]!.endpoint;
    const chat = (await (await fetch(`${url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "hello" }], max_tokens: 20 }) })).json()) as { usage: { total_tokens: number } };

    const result = await local.cli(["report", "cost", "--format", "json"]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as CostJson;
    const h100 = report.leases.find((l) => l.dseq === vllm.dseq)!;
    const rtx = report.leases.find((l) => l.dseq === llama.dseq)!;
    const [lease] = await listLeases(local.sdk, { owner: local.devnet.address, dseq: BigInt(vllm.dseq) });

    // Spend is price × blocks billed, exactly; the escrow payments agree.
    expect(h100.blocks).toBe(report.window.toHeight - lease!.createdAt);
    expect(h100.spend.uact).toBe(lease!.price.amount.mul(h100.blocks).toString());
    expect(h100.escrowCheck).toBe("ok");
    // AWS: the cheapest H100 instance per GPU-hour from the dated table, for the same GPU-hours.
    expect(h100.gpu).toEqual({ model: "h100", count: 1 });
    expect(h100.aws).toMatchObject({ instanceType: "p5.4xlarge", usdPerGpuHour: 6.88 });
    expect(h100.aws!.usd).toBeCloseTo(h100.hours * 6.88, 3);
    expect(h100.savingsPct).toBeCloseTo(((h100.aws!.usd - h100.spend.usd) / h100.aws!.usd) * 100, 0);
    expect(h100.savingsPct!).toBeGreaterThan(50);
    // A consumer GPU has no AWS equivalent: listed, marked, left out of the savings.
    expect(rtx.aws).toBeNull();
    expect(rtx.noAws).toMatch(/rtx4090/);
    expect(report.total.withoutAws).toBe(1);
    expect(h100.tokens?.total).toBe(chat.usage.total_tokens);

    const table = await local.cli(["report", "cost"]);
    expect(table.stdout).toMatch(/p5\.4xlarge \(\d{4}-\d{2}-\d{2}\)/);
    expect(table.stdout).toMatch(/<- no AWS equivalent/);

    const file = join(local.stateDir, "cost.html");
    const html = await local.cli(["report", "cost", "--format", "html", "-o", file]);
    expect(html.status, html.stderr).toBe(0);
    const page = readFileSync(file, "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page).not.toMatch(/<script|src="http|href="http/);
    expect((await local.cli(["report", "cost", "--format", "csv"])).stdout.split("\r\n")[0]).toBe("# Leases");

    const offline = await local.cli(["report", "cost", "--offline", "--format", "json"]);
    expect(offline.status, offline.stderr).toBe(0);
    expect((JSON.parse(offline.stdout) as CostJson).leases.map((l) => l.dseq).sort()).toEqual(report.leases.map((l) => l.dseq).sort());

    const pricesFile = join(local.stateDir, "hosted.json");
    writeFileSync(pricesFile, JSON.stringify([{ name: "hosted-8b", usdPerMillionInput: 0.2, usdPerMillionOutput: 0.8 }]));
    const withHosted = JSON.parse((await local.cli(["report", "cost", "--format", "json", "--hosted-prices", pricesFile, "--no-sample-metrics"])).stdout) as { tokens: { promptTokens: number; generationTokens: number; total: number }; hosted: { name: string; usdForTheseTokens: number }[] };
    const { promptTokens, generationTokens } = withHosted.tokens;
    expect(promptTokens + generationTokens).toBe(withHosted.tokens.total);
    expect(withHosted.hosted[0]!.usdForTheseTokens).toBeCloseTo((promptTokens * 0.2 + generationTokens * 0.8) / 1e6, 8);
    writeFileSync(pricesFile, JSON.stringify([{ name: "x", usdPerMillionInput: "cheap" }]));
    const badPrices = await local.cli(["report", "cost", "--hosted-prices", pricesFile]);
    expect(badPrices.status).toBe(1);
    expect(badPrices.stderr).toContain(`${pricesFile}[0].usdPerMillionInput`);

    const bad = await local.cli(["report", "cost", "--since", "yesterday"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--since");
  });
});
