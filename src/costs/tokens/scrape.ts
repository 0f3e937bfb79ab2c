/**
 * Reads an inference server's token counters from GET <endpoint>/metrics. vLLM serves /metrics without
 * authentication; llama.cpp started with --api-key guards it like every other path, so the key goes along as
 * a Bearer token when there is one. The key is never part of an error, a log line or the ledger.
 */
import type { Secret } from "../../config/secret.js";
import { AkashGpuError } from "../../errors/base.js";
import { tokenCountersOf, type TokenCounters } from "./counters.js";

export type ScrapeOptions = { apiKey?: Secret; timeoutMs?: number };

export class MetricsUnavailableError extends AkashGpuError {
  override name = "MetricsUnavailableError";

  constructor(
    readonly url: string,
    readonly reason: "unreachable" | "unauthorized" | "status" | "no-token-counters",
    found: string,
    whatNext: string,
    cause?: unknown,
  ) {
    super(`No token counters from ${url}`, {
      metaMessages: ["expected: HTTP 200 with vLLM (vllm:prompt_tokens_total, vllm:generation_tokens_total) or llama.cpp (llamacpp:prompt_tokens_total, llamacpp:tokens_predicted_total) metrics", `found: ${found}`, `what to do next: ${whatNext}`],
      cause,
    });
  }
}

/** The metrics URL of an endpoint ("http://host:port" → "http://host:port/metrics"). */
export function metricsUrlOf(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/metrics`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

export async function scrapeTokenCounters(endpoint: string, options: ScrapeOptions = {}): Promise<TokenCounters> {
  const url = metricsUrlOf(endpoint);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey.reveal()}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const found = (error as Error).name === "TimeoutError" ? `no answer within ${options.timeoutMs ?? 10_000} ms` : (cause?.code ?? "a connection failure");
    throw new MetricsUnavailableError(url, "unreachable", found, "check that the lease is active and its server ready (`akash-gpu status <dseq>`)");
  }
  const body = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new MetricsUnavailableError(
      url,
      "unauthorized",
      `HTTP ${response.status}${options.apiKey ? " with the API key from the deploy journal" : " without an API key"}`,
      options.apiKey ? "the server's API key differs from the one akash-gpu deployed it with; redeploy, or sample from the machine that deployed it" : "llama.cpp guards /metrics with its --api-key: sample from the machine whose deploy journal holds the key",
    );
  }
  if (response.status !== 200) throw new MetricsUnavailableError(url, "status", `HTTP ${response.status}`, "the server does not serve /metrics (llama.cpp needs --metrics); check the SDL's command");
  const counters = tokenCountersOf(body, response.headers.get("process-start-time-unix"));
  if (!counters) throw new MetricsUnavailableError(url, "no-token-counters", "a /metrics body without token counters", "this is not a vLLM or llama.cpp server, or its metrics are disabled");
  return counters;
}
