/**
 * Tokens served by real devnet workloads (a vLLM and a llama.cpp server deployed with `akash-gpu deploy`):
 * after chat completions, `list --sample-metrics` stores their counters in the ledger and shows the tokens the
 * completions' usage adds up to; llama.cpp's /metrics needs the API key (from the deploy journal), vLLM's does
 * not; the key never reaches the ledger or the output; cost per million tokens between two samples is the
 * lease's price × blocks ÷ tokens.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeases } from "../../src/chain/queries/index.js";
import { Secret } from "../../src/config/secret.js";
import { Dec } from "../../src/costs/decimal.js";
import { spendRow } from "../../src/costs/spend/rows.js";
import { leaseFacts } from "../../src/costs/spend/inputs.js";
import { tokenCost } from "../../src/costs/tokens/cost.js";
import { MetricsUnavailableError, scrapeTokenCounters } from "../../src/costs/tokens/scrape.js";
import { tokensInWindow } from "../../src/costs/tokens/window.js";
import { metricSamplesFile, readMetricSamples } from "../../src/store/metric-samples.js";
import { jsonl, startLocalDevnet, type LocalDevnet } from "../cli/local-devnet.js";

type Deployed = { dseq: string; leases: { provider: string; gseq: number; endpoint: { url: string; apiKey: string } }[] };
type MetricsJson = {
  lease: string;
  dseq: string;
  ok: boolean;
  server?: string;
  error?: string;
  counters?: { promptTokens: number; generationTokens: number };
  tokensSoFar?: { promptTokens: number; generationTokens: number; totalTokens: number; samples: number; resets: number };
};

let local: LocalDevnet;
let vllm: Deployed;
let llama: Deployed;

async function deploy(args: string[]): Promise<Deployed> {
  const result = await local.cli(["deploy", ...args, "--label", "suite=tokens", "--json", "--show-secrets"]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Deployed;
}

/** Sends chat completions; returns the tokens their usage reports. */
async function chat(deployed: Deployed, prompts: string[]): Promise<{ prompt: number; generation: number }> {
  const { url, apiKey } = deployed.leases[0]!.endpoint;
  const totals = { prompt: 0, generation: 0 };
  const models = (await (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { data: { id: string }[] };
  const model = models.data[0]!.id;
  for (const prompt of prompts) {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }], max_tokens: 12 }),
    });
    expect(response.status).toBe(200);
    const { usage } = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    totals.prompt += usage.prompt_tokens;
    totals.generation += usage.completion_tokens;
  }
  return totals;
}

async function sampleList(): Promise<MetricsJson[]> {
  const result = await local.cli(["list", "--sample-metrics", "--json"]);
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { metrics: MetricsJson[] }).metrics;
}

const metricsOf = (metrics: MetricsJson[], deployed: Deployed) => metrics.find((m) => m.dseq === deployed.dseq)!;

beforeAll(async () => {
  local = await startLocalDevnet({ blockTimeMs: 300, prefix: "tokens" });
  vllm = await deploy(["--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"]);
  llama = await deploy(["--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "h100"]);
});

afterAll(async () => {
  await local?.cli(["teardown", "--label", "suite=tokens"]);
  await local?.devnet.stop();
});

describe("tokens served", () => {
  it("llama.cpp's /metrics needs the API key; vLLM's is open", async () => {
    const llamaUrl = llama.leases[0]!.endpoint.url;
    const refused = await scrapeTokenCounters(llamaUrl).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(MetricsUnavailableError);
    expect((refused as MetricsUnavailableError).reason).toBe("unauthorized");
    expect(String((refused as Error).message)).not.toContain(llama.leases[0]!.endpoint.apiKey);
    const wrong = await scrapeTokenCounters(llamaUrl, { apiKey: new Secret("sk-wrong") }).then(() => undefined, (e: unknown) => e);
    expect((wrong as MetricsUnavailableError).reason).toBe("unauthorized");
    expect(await scrapeTokenCounters(llamaUrl, { apiKey: new Secret(llama.leases[0]!.endpoint.apiKey) })).toMatchObject({ flavour: "llama.cpp" });
    expect(await scrapeTokenCounters(vllm.leases[0]!.endpoint.url)).toMatchObject({ flavour: "vllm" });
  });

  it("list --sample-metrics stores both servers' counters and shows what the completions' usage adds up to", async () => {
    const firstVllm = await chat(vllm, ["Hello there", "What is a GPU?"]);
    const firstLlama = await chat(llama, ["Count to three", "Name a colour", "Why is the sky blue?"]);
    const first = await sampleList();
    expect(metricsOf(first, vllm)).toMatchObject({ ok: true, server: "vllm", counters: { promptTokens: firstVllm.prompt, generationTokens: firstVllm.generation } });
    expect(metricsOf(first, llama)).toMatchObject({ ok: true, server: "llama.cpp", counters: { promptTokens: firstLlama.prompt, generationTokens: firstLlama.generation } });
    // Both servers started after the lease: one sample counts from their start.
    expect(metricsOf(first, vllm).tokensSoFar).toMatchObject({ totalTokens: firstVllm.prompt + firstVllm.generation, samples: 1, resets: 0 });

    const secondVllm = await chat(vllm, ["And a TPU?"]);
    const second = await sampleList();
    expect(metricsOf(second, vllm).tokensSoFar).toMatchObject({ promptTokens: firstVllm.prompt + secondVllm.prompt, generationTokens: firstVllm.generation + secondVllm.generation, samples: 2 });
    expect(metricsOf(second, llama).tokensSoFar).toMatchObject({ totalTokens: firstLlama.prompt + firstLlama.generation, samples: 2 });

    // The ledger has every sample, with the URL and no key.
    const file = readFileSync(metricSamplesFile(local.stateDir, local.devnet.chainId), "utf8");
    expect(file.trim().split("\n")).toHaveLength(4);
    for (const deployed of [vllm, llama]) expect(file).not.toContain(deployed.leases[0]!.endpoint.apiKey);

    // Human output: a table of tokens, and (scanned after each test) no API key.
    const human = await local.cli(["list", "--sample-metrics"]);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/TOKENS SO FAR/);
    expect(human.stdout).toMatch(/vllm/);
    const records = jsonl((await local.cli(["list", "--sample-metrics", "-o", "jsonl"])).stdout);
    expect(records.filter((r) => r.type === "metrics")).toHaveLength(2);
  });

  it("cost per million tokens between two samples: the lease's price × blocks ÷ the tokens served between them", async () => {
    const lease = (await listLeases(local.sdk, { owner: local.devnet.address, dseq: BigInt(vllm.dseq) }))[0]!;
    const key = `${lease.id.owner}/${lease.id.dseq}/${lease.id.gseq}/${lease.id.oseq}/${lease.id.provider}`;
    await chat(vllm, ["One more question", "And another"]);
    await sampleList();
    const samples = readMetricSamples(local.stateDir, local.devnet.chainId, { lease: key });
    const [a, b] = samples.slice(-2) as [(typeof samples)[number], (typeof samples)[number]];
    expect(b.height! - a.height!).toBeGreaterThan(0);
    const served = tokensInWindow(samples, { from: a.at, to: b.at });
    expect(served.totalTokens).toBe(b.promptTokens + b.generationTokens - a.promptTokens - a.generationTokens);
    const row = spendRow(leaseFacts(lease, undefined), a.height!, b.height!, b.height!)!;
    const cost = tokenCost({ tokens: served.totalTokens, spend: row.amount, prices: { actUsd: Dec.from(1) } });
    expect(cost.akash.perMillion!.toString()).toBe(lease.price.amount.mul(b.height! - a.height!).mul(1_000_000).div(served.totalTokens).toString());
  });
});
