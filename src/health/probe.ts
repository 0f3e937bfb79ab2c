/**
 * Readiness of an inference endpoint as a client sees it: `/health` answers 200 (vLLM answers only once the
 * model is loaded; llama-server answers 503 while loading) and `/v1/models` lists the expected model when
 * asked with the API key. A probe never throws: it reports what it saw, for the progress display.
 */
import type { Secret } from "../config/secret.js";

export type ProbeResult = { ready: boolean; detail: string; models: string[] };

const TIMEOUT_MS = 5_000;

export async function probeInference(baseUrl: string, options: { apiKey?: Secret; model?: string }): Promise<ProbeResult> {
  const headers = options.apiKey ? { authorization: `Bearer ${options.apiKey.reveal()}` } : undefined;
  try {
    const health = await fetch(new URL("/health", baseUrl), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await health.body?.cancel();
    if (health.status !== 200) return { ready: false, detail: `/health answered ${health.status}`, models: [] };
    const reply = await fetch(new URL("/v1/models", baseUrl), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (reply.status === 401 || reply.status === 403) return { ready: false, detail: `/v1/models refused the API key (${reply.status})`, models: [] };
    if (reply.status !== 200) return { ready: false, detail: `/v1/models answered ${reply.status}`, models: [] };
    const body = (await reply.json()) as { data?: { id?: unknown }[] };
    const models = (body.data ?? []).map((m) => String(m.id));
    if (options.model && !models.includes(options.model)) return { ready: false, detail: `/v1/models lists ${models.join(", ") || "nothing"}, not ${options.model}`, models };
    return { ready: true, detail: `serves ${models.join(", ")}`, models };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ready: false, detail: `not answering (${cause?.code ?? (error as Error).name})`, models: [] };
  }
}
