/**
 * Token counters of an inference server, from its /metrics:
 * - vLLM: vllm:prompt_tokens_total and vllm:generation_tokens_total, one series per label set (model_name,
 *   engine, …): summed over all of them. Its start time is the earliest `vllm:prompt_tokens_created`.
 * - llama.cpp (server --metrics): llamacpp:prompt_tokens_total and llamacpp:tokens_predicted_total, no
 *   labels; printed with six significant digits, so above a million tokens they are rounded by the server
 *   itself. Its start time comes in the Process-Start-Time-Unix response header.
 * Counters are whole token counts; values are rounded to integers (Prometheus prints them as floats).
 */
import type { ServerFlavour } from "../../store/metric-samples.js";
import { parsePrometheusText, type PromSample } from "./prometheus-text.js";

export type TokenCounters = {
  flavour: ServerFlavour;
  promptTokens: number;
  generationTokens: number;
  /** When the server process started, when it says; a change means its counters restarted from zero. */
  startedAt?: Date;
};

const SERIES: Record<ServerFlavour, { prompt: string; generation: string }> = {
  vllm: { prompt: "vllm:prompt_tokens_total", generation: "vllm:generation_tokens_total" },
  "llama.cpp": { prompt: "llamacpp:prompt_tokens_total", generation: "llamacpp:tokens_predicted_total" },
};

/** The counters in a /metrics body, or undefined when it has neither server's token counters. */
export function tokenCountersOf(metricsText: string, processStartHeader?: string | null): TokenCounters | undefined {
  const samples = parsePrometheusText(metricsText);
  for (const flavour of ["vllm", "llama.cpp"] as const) {
    const { prompt, generation } = SERIES[flavour];
    const promptSeries = samples.filter((s) => s.name === prompt);
    const generationSeries = samples.filter((s) => s.name === generation);
    if (promptSeries.length === 0 && generationSeries.length === 0) continue;
    const startedAt = flavour === "vllm" ? vllmStart(samples) : headerStart(processStartHeader);
    return { flavour, promptTokens: total(promptSeries), generationTokens: total(generationSeries), ...(startedAt ? { startedAt } : {}) };
  }
  return undefined;
}

/** Σ over label sets; a NaN or negative series (a broken exporter) counts as nothing rather than poisoning the sum. */
function total(series: PromSample[]): number {
  return series.reduce((sum, s) => sum + (Number.isFinite(s.value) && s.value > 0 ? Math.round(s.value) : 0), 0);
}

function vllmStart(samples: PromSample[]): Date | undefined {
  const created = samples.filter((s) => s.name === "vllm:prompt_tokens_created" && Number.isFinite(s.value) && s.value > 0).map((s) => s.value);
  return created.length > 0 ? new Date(Math.round(Math.min(...created) * 1000)) : undefined;
}

function headerStart(header: string | null | undefined): Date | undefined {
  const seconds = Number(header ?? "");
  return header && Number.isFinite(seconds) && seconds > 0 ? new Date(Math.round(seconds * 1000)) : undefined;
}
