/**
 * Tokens served, without servers: Prometheus text in both servers' dialects (labels, escapes, exponents),
 * counters summed over label sets, tokens between samples with counter resets (a drop, or a new start time),
 * a server that started inside the window, and cost per million tokens against hand-computed figures.
 */
import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { costPerMillionTokens, tokenCost } from "../../src/costs/tokens/cost.js";
import { tokenCountersOf } from "../../src/costs/tokens/counters.js";
import { leaseTokenCost } from "../../src/costs/tokens/lease-cost.js";
import { HeightClock } from "../../src/costs/spend/height-clock.js";
import { spendRow } from "../../src/costs/spend/rows.js";
import { parsePrometheusText } from "../../src/costs/tokens/prometheus-text.js";
import { tokensByLease, tokensInWindow } from "../../src/costs/tokens/window.js";
import type { MetricSample } from "../../src/store/metric-samples.js";

const VLLM = `# HELP vllm:prompt_tokens_total Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_total counter
vllm:prompt_tokens_total{engine="0",model_name="Qwen/Qwen3-8B"} 1234.0
vllm:prompt_tokens_total{engine="1",model_name="Qwen/Qwen3-8B"} 66.0
# HELP vllm:prompt_tokens_created Number of prefill tokens processed.
# TYPE vllm:prompt_tokens_created gauge
vllm:prompt_tokens_created{engine="0",model_name="Qwen/Qwen3-8B"} 1.7781e+09
vllm:prompt_tokens_created{engine="1",model_name="Qwen/Qwen3-8B"} 1.778100001e+09
# HELP vllm:generation_tokens_total Number of generation tokens processed.
# TYPE vllm:generation_tokens_total counter
vllm:generation_tokens_total{engine="0",model_name="Qwen/Qwen3-8B"} 4.5e+03
vllm:generation_tokens_total{engine="1",model_name="Qwen/Qwen3-8B"} 500.0
vllm:request_success_total{engine="0",finished_reason="stop",model_name="Qwen/Qwen3-8B"} 7.0
`;

const LLAMA = `# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 1.23457e+06
# HELP llamacpp:tokens_predicted_total Number of generation tokens processed.
# TYPE llamacpp:tokens_predicted_total counter
llamacpp:tokens_predicted_total 98765
llamacpp:requests_processing 0
`;

describe("Prometheus text", () => {
  it("parses names, labels with escapes, floats, exponents, Inf and NaN, and skips what is not a sample", () => {
    const samples = parsePrometheusText(`a_total{path="/v1",msg="say \\"hi\\"\\n",} 3.0 1700000000000\nb +Inf\nc NaN\n# comment\nnot a sample line\nd{x="1"} 2e-3\n`);
    expect(samples.map((s) => s.name)).toEqual(["a_total", "b", "c", "d"]);
    expect(samples[0]).toEqual({ name: "a_total", labels: { path: "/v1", msg: 'say "hi"\n' }, value: 3 });
    expect(samples[1]!.value).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(samples[2]!.value)).toBe(true);
    expect(samples[3]).toEqual({ name: "d", labels: { x: "1" }, value: 0.002 });
  });

  it("vLLM: sums each counter over its label sets; the start time is the earliest *_created", () => {
    expect(tokenCountersOf(VLLM)).toEqual({ flavour: "vllm", promptTokens: 1300, generationTokens: 5000, startedAt: new Date(1_778_100_000_000) });
  });

  it("llama.cpp: reads its counters (rounded as the server prints them) and the start header", () => {
    expect(tokenCountersOf(LLAMA, "1778100000")).toEqual({ flavour: "llama.cpp", promptTokens: 1_234_570, generationTokens: 98_765, startedAt: new Date(1_778_100_000_000) });
    expect(tokenCountersOf(LLAMA, null)).toEqual({ flavour: "llama.cpp", promptTokens: 1_234_570, generationTokens: 98_765 });
  });

  it("a body without token counters is not a server this can read", () => {
    expect(tokenCountersOf("process_cpu_seconds_total 12.5\n")).toBeUndefined();
  });
});

const START = Date.parse("2026-05-01T00:00:00Z");
const at = (minutes: number) => new Date(START + minutes * 60_000);
const sample = (minutes: number, prompt: number, generation: number, startedAtMinutes?: number): MetricSample => ({
  at: at(minutes),
  lease: "akash1owner/1/1/1/akash1provider",
  flavour: "vllm",
  promptTokens: prompt,
  generationTokens: generation,
  ...(startedAtMinutes !== undefined ? { startedAt: at(startedAtMinutes) } : {}),
  url: "http://127.0.0.1:1/metrics",
});

describe("tokens in a window", () => {
  it("adds the differences between samples", () => {
    const served = tokensInWindow([sample(10, 100, 1000), sample(20, 150, 1600), sample(30, 200, 2500)]);
    expect(served).toMatchObject({ promptTokens: 100, generationTokens: 1500, totalTokens: 1600, samples: 3, resets: 0, from: at(10), to: at(30) });
  });

  it("after a counter drop (a restart), counts the new process from zero", () => {
    // 100 → 400 (+300), restart: 50 (+50 since the restart), then 80 (+30).
    const served = tokensInWindow([sample(0, 0, 100), sample(10, 0, 400), sample(20, 0, 50), sample(30, 0, 80)]);
    expect(served).toMatchObject({ generationTokens: 380, resets: 1 });
  });

  it("sees a restart by the server's new start time even when the counter did not drop", () => {
    // The first process served 100 by the first sample (it started at minute 5, counted from there); the second 500.
    const served = tokensInWindow([sample(10, 0, 100, 5), sample(20, 0, 500, 15)]);
    expect(served).toMatchObject({ generationTokens: 600, resets: 1, from: at(5) });
  });

  it("counts a server that started inside the window from its start (one sample suffices), and only the window's samples", () => {
    const samples = [sample(5, 10, 20, 1), sample(20, 30, 70, 1), sample(40, 60, 100, 1)];
    expect(tokensInWindow(samples.slice(0, 1), { from: at(0) })).toMatchObject({ promptTokens: 10, generationTokens: 20, from: at(1) });
    // Window from minute 10: the server started before it, so counting starts at the first sample inside.
    expect(tokensInWindow(samples, { from: at(10), to: at(40) })).toMatchObject({ promptTokens: 30, generationTokens: 30, from: at(20), to: at(40), samples: 2 });
    expect(tokensInWindow(samples, { from: at(50) })).toMatchObject({ totalTokens: 0, samples: 0, from: undefined });
  });

  it("per lease and in total", () => {
    const other = { ...sample(30, 5, 5), lease: "akash1owner/2/1/1/akash1provider" };
    const { leases, total } = tokensByLease([sample(10, 0, 0), sample(20, 10, 90), other, { ...other, at: at(40), generationTokens: 25 }]);
    expect(leases.size).toBe(2);
    expect(total).toEqual({ promptTokens: 10, generationTokens: 110, totalTokens: 120 });
  });
});

describe("cost per million tokens", () => {
  it("is spend ÷ tokens × 1e6, exact to 18 decimals", () => {
    // 1,234,567 uact for 3,000,000 tokens: 411,522.333… uact per million.
    expect(costPerMillionTokens(Dec.parse("1234567"), 3_000_000)!.toString()).toBe("411522.333333333333333333");
    // The smallest amount over one token: 1e-18 × 1e6 — nothing is lost to a float.
    expect(costPerMillionTokens(Dec.parse("0.000000000000000001"), 1)!.toString()).toBe("0.000000000001");
    // Truncated at the 18th decimal, as the chain truncates: 1 ÷ 3 per token.
    expect(costPerMillionTokens(Dec.parse("1"), 3_000_000)!.toString()).toBe("0.333333333333333333");
    expect(costPerMillionTokens(Dec.parse("5"), 0)).toBeUndefined();
    expect(() => costPerMillionTokens(Dec.parse("5"), 1.5)).toThrow(RangeError);
  });

  it("on Akash in uact and USD, and at the AWS baseline for the same hours", () => {
    // 2 h of an H100 at 1.95 USD/h = 3,900,000 uact; 650,000 tokens; AWS p5 at 6.88 USD per GPU-hour → 13.76 USD.
    const cost = tokenCost({ tokens: 650_000, spend: { denom: "uact", amount: Dec.parse("3900000") }, prices: { actUsd: Dec.from(1) }, awsUsd: Dec.parse("13.76") });
    expect(cost.akash.perMillion!.toString()).toBe("6000000");
    expect(cost.akash.usdPerMillion!.toString()).toBe("6");
    expect(cost.aws!.usdPerMillion!.toString()).toBe("21.16923076923076923"); // 13.76 × 1e6 ÷ 650,000, 18 decimals
    // A denomination without a price: the uact figure stays, USD says why not.
    const unpriced = tokenCost({ tokens: 10, spend: { denom: "uakt", amount: Dec.parse("100") }, prices: { actUsd: Dec.from(1) } });
    expect(unpriced.akash.perMillion!.toString()).toBe("10000000");
    expect(unpriced.akash.usdPerMillion).toBeUndefined();
    expect(unpriced.akash.usd).toMatchObject({ priced: false, code: "no-akt-price" });
    expect(unpriced.aws).toBeUndefined();
  });
});

describe("cost per million tokens of a lease", () => {
  it("prices the span the tokens were counted in, on Akash and at the AWS rate per GPU-hour", () => {
    // Blocks every 6 s from height 1000 at START; a 2-GPU lease at 100 uact/block from height 1000 to now (3000).
    const clock = new HeightClock([{ height: 1000, time: at(0) }, { height: 3000, time: at(200) }]);
    const row = spendRow(
      {
        id: { owner: "akash1owner", dseq: 1n, gseq: 1, oseq: 1, provider: "akash1provider", bseq: 1 },
        state: "active", price: { denom: "uact", amount: Dec.parse("100") }, createdAt: 1000, closedOn: 0,
        deploymentState: "active", groupName: "", labels: {}, gpu: { models: ["h100"], count: 2 },
      },
      0, 3000, 3000,
    )!;
    // Samples at minutes 50 and 150 (heights 1500 and 2500): 600,000 tokens between them.
    const served = tokensInWindow([sample(50, 0, 100_000), sample(150, 100_000, 600_000)]);
    const cost = leaseTokenCost({ row, served, clock, prices: { actUsd: Dec.from(1) }, blockTimeMs: 6000, awsUsdPerGpuHour: Dec.parse("6.88") })!;
    expect([cost.fromHeight, cost.toHeight, cost.blocks, cost.tokens]).toEqual([1500, 2500, 1000, 600_000]);
    // 1000 blocks × 100 uact = 100,000 uact = $0.10 for 600,000 tokens: 166,666.66… uact ($0.1666…) per million.
    expect(cost.akash.perMillion!.toString()).toBe("166666.666666666666666666");
    expect(cost.akash.usdPerMillion!.toString()).toBe("0.166666666666666666");
    // 1000 blocks × 6 s × 2 GPUs = 3.333… GPU-hours × $6.88 = $22.933… → $38.222… per million.
    expect(cost.gpuHours.toString()).toBe("3.333333333333333333");
    expect(cost.aws!.usd.toString()).toBe("22.933333333333333333");
    expect(cost.aws!.usdPerMillion!.toString()).toBe("38.222222222222222221");
    expect(leaseTokenCost({ row, served: tokensInWindow([]), clock, prices: { actUsd: Dec.from(1) }, blockTimeMs: 6000 })).toBeUndefined();
  });
});
