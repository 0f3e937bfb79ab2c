/**
 * The devnet's inference workloads over real sockets, with plain fetch as akash-gpu's clients use it. The
 * machine may be slow: readiness is polled, never slept for, and timing is only asserted as "over time".
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWorkload, type Workload, type WorkloadOptions } from "../../src/devnet/workload/start-workload.js";

const KEY = "sk-test-workload-key";
const MODEL = "Qwen/Qwen3-8B";
const started: Workload[] = [];

async function start(options: Partial<WorkloadOptions> & Pick<WorkloadOptions, "flavor">): Promise<Workload> {
  const workload = await startWorkload({ servedModelName: MODEL, apiKey: KEY, tokensPerSecond: 1000, ...options });
  started.push(workload);
  return workload;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((workload) => workload.stop()));
});

function get(workload: Workload, path: string, key?: string): Promise<Response> {
  return fetch(`${workload.url}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
}

/** `key: null` sends no Authorization header. */
function post(workload: Workload, path: string, body: unknown, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${workload.url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };
type ChatReply = { model: string; choices: { message: { content: string }; finish_reason: string }[]; usage: Usage };

async function chat(workload: Workload, content: string, extra: Record<string, unknown> = {}): Promise<ChatReply> {
  const response = await post(workload, "/v1/chat/completions", { model: MODEL, messages: [{ role: "user", content }], ...extra });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ChatReply;
}

/** A server-sent event stream read to its end: its `data:` payloads and how many reads the body took. */
async function readEvents(response: Response): Promise<{ events: string[]; reads: number }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let reads = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    reads += 1;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return { events: text.split("\n\n").filter((block) => block.startsWith("data: ")).map((block) => block.slice(6)), reads };
}

/** The value of the first sample named `name` whose line contains `labelPart`. */
function metric(text: string, name: string, labelPart = ""): number {
  const line = text.split("\n").find((candidate) => /^[^ {]+/.exec(candidate)?.[0] === name && candidate.includes(labelPart));
  if (line === undefined) throw new Error(`no sample ${name} in:\n${text}`);
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The code under fetch's "fetch failed" (ECONNREFUSED, ECONNRESET, …), or the HTTP status. */
async function outcome(url: string): Promise<string | number> {
  try {
    return (await fetch(url)).status;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? String(error);
  }
}

describe("API keys, as each server checks them", () => {
  it("vLLM guards /v1 with its own 401 body and leaves /health and /metrics open", async () => {
    const vllm = await start({ flavor: "vllm" });
    const missing = await get(vllm, "/v1/models");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "Unauthorized" });
    expect((await get(vllm, "/v1/models", "sk-wrong")).status).toBe(401);
    expect((await post(vllm, "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }] }, null)).status).toBe(401);
    const models = (await (await get(vllm, "/v1/models", KEY)).json()) as { data: { id: string; owned_by: string; max_model_len: number }[] };
    expect(models.data).toEqual([expect.objectContaining({ id: MODEL, object: "model", owned_by: "vllm", root: MODEL, max_model_len: 32768 })]);
    expect((await get(vllm, "/health")).status).toBe(200);
    expect((await get(vllm, "/metrics")).status).toBe(200);
  });

  it("llama.cpp guards everything but health and the model list, /metrics included", async () => {
    const llama = await start({ flavor: "llama-cpp", servedModelName: "Qwen/Qwen3-8B-GGUF" });
    const missing = await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }] }, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 401, message: "Invalid API Key", type: "authentication_error" } });
    expect((await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }] }, "sk-wrong")).status).toBe(401);
    expect((await get(llama, "/metrics")).status).toBe(401);
    expect((await get(llama, "/metrics", KEY)).status).toBe(200);
    expect(await (await get(llama, "/health")).json()).toEqual({ status: "ok" });
    const models = (await (await get(llama, "/v1/models")).json()) as { data: { id: string; owned_by: string }[] };
    expect(models.data.map((model) => [model.id, model.owned_by])).toEqual([["Qwen/Qwen3-8B-GGUF", "llamacpp"]]);
    const reply = await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }], max_tokens: 3 });
    expect(reply.status).toBe(200);
  });
});

describe("completions", () => {
  it("answer deterministically, with usage that adds up and max_tokens respected", async () => {
    const vllm = await start({ flavor: "vllm" });
    const first = await chat(vllm, "What does a lease cost per hour?");
    const again = await chat(vllm, "What does a lease cost per hour?");
    const other = await chat(vllm, "Something else entirely, and a good deal longer than the first question was.");
    expect(again.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(other.choices[0]!.message.content).not.toBe(first.choices[0]!.message.content);
    expect(first.choices[0]!.message.content).toMatch(/^[A-Z][a-z]+( [a-z]+[,.]?)+/);
    expect(first.usage.total_tokens).toBe(first.usage.prompt_tokens + first.usage.completion_tokens);
    expect(other.usage.prompt_tokens).toBeGreaterThan(first.usage.prompt_tokens);
    expect(first.choices[0]!.finish_reason).toBe("stop");

    const cut = await chat(vllm, "What does a lease cost per hour?", { max_tokens: 5 });
    expect(cut.usage.completion_tokens).toBe(5);
    expect(cut.choices[0]!.finish_reason).toBe("length");
    expect(first.choices[0]!.message.content.startsWith(cut.choices[0]!.message.content)).toBe(true);
  });

  it("stream as server-sent events that arrive over time, ending with usage and [DONE]", async () => {
    const vllm = await start({ flavor: "vllm", tokensPerSecond: 20 });
    const request = { model: MODEL, messages: [{ role: "user", content: "Stream please" }], max_tokens: 6 };
    const response = await post(vllm, "/v1/chat/completions", { ...request, stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { events, reads } = await readEvents(response);
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: Usage });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBe(6);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("length");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 6 } });

    const whole = (await (await post(vllm, "/v1/chat/completions", request)).json()) as ChatReply;
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(chunks.at(-1)!.usage).toEqual({ ...whole.usage, prompt_tokens_details: undefined });
  });

  it("stream llama.cpp's way: a separate finish chunk, usage only when asked", async () => {
    const llama = await start({ flavor: "llama-cpp", tokensPerSecond: 50 });
    const response = await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "hi" }], max_tokens: 4, stream: true });
    const { events } = await readEvents(response);
    expect(events.at(-1)).toBe("[DONE]");
    const last = JSON.parse(events.at(-2)!) as { choices: { delta: object; finish_reason: string }[]; usage?: Usage; timings?: object };
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: "length" });
    expect(last.usage).toBeUndefined();
    expect(last.timings).toMatchObject({ predicted_n: 4 });
  });
});

describe("metrics", () => {
  it("vLLM counters equal the usage the replies reported, labelled with the served model", async () => {
    const vllm = await start({ flavor: "vllm" });
    const replies = [await chat(vllm, "one"), await chat(vllm, "two, a little longer", { max_tokens: 7 })];
    const streamed = await post(vllm, "/v1/completions", { prompt: "three", max_tokens: 9, stream: true, stream_options: { include_usage: true } });
    const usage = JSON.parse((await readEvents(streamed)).events.at(-2)!) as { usage: Usage };
    const prompt = replies.reduce((sum, reply) => sum + reply.usage.prompt_tokens, usage.usage.prompt_tokens);
    const generated = replies.reduce((sum, reply) => sum + reply.usage.completion_tokens, usage.usage.completion_tokens);

    const text = await (await get(vllm, "/metrics")).text();
    const labels = `model_name="${MODEL}"`;
    expect(metric(text, "vllm:prompt_tokens_total", labels)).toBe(prompt);
    expect(metric(text, "vllm:generation_tokens_total", labels)).toBe(generated);
    expect(metric(text, "vllm:num_requests_running", labels)).toBe(0);
    expect(metric(text, "vllm:num_requests_waiting", labels)).toBe(0);
    expect(metric(text, "vllm:time_to_first_token_seconds_count", labels)).toBe(3);
    expect(metric(text, "vllm:time_to_first_token_seconds_bucket", 'le="+Inf"')).toBe(3);
    expect(metric(text, "vllm:time_to_first_token_seconds_sum", labels)).toBeGreaterThan(0);
    expect(metric(text, "vllm:request_success_total", 'finished_reason="length"')).toBe(2);
  });

  it("llama.cpp counts tokens and shows requests waiting for a slot as deferred", async () => {
    const llama = await start({ flavor: "llama-cpp", maxConcurrentRequests: 1, tokensPerSecond: 20 });
    const metrics = async (): Promise<string> => (await get(llama, "/metrics", KEY)).text();
    const slow = post(llama, "/completion", { prompt: "a slow one", n_predict: 60 });
    await eventually(async () => metric(await metrics(), "llamacpp:requests_processing") === 1, "the slow request to run");
    const queued = post(llama, "/completion", { prompt: "queued", n_predict: 2 });
    await eventually(async () => metric(await metrics(), "llamacpp:requests_deferred") === 1, "a deferred request");
    expect(metric(await metrics(), "llamacpp:requests_processing")).toBe(1);
    const results = (await Promise.all([(await slow).json(), (await queued).json()])) as { tokens_predicted: number; tokens_evaluated: number }[];

    const text = await metrics();
    expect(metric(text, "llamacpp:requests_deferred")).toBe(0);
    expect(metric(text, "llamacpp:tokens_predicted_total")).toBe(62);
    expect(results.map((result) => result.tokens_predicted)).toEqual([60, 2]);
    expect(metric(text, "llamacpp:prompt_tokens_total")).toBe(results[0]!.tokens_evaluated + results[1]!.tokens_evaluated);
  });
});

describe("loading and crashing", () => {
  it("llama.cpp answers 503 Loading model until loaded, then 200", async () => {
    const llama = await start({ flavor: "llama-cpp", loadDelayMs: 2000 });
    const loading = await get(llama, "/health");
    expect(loading.status).toBe(503);
    expect(await loading.json()).toEqual({ error: { code: 503, message: "Loading model", type: "unavailable_error" } });
    expect(llama.state()).toBe("loading");
    await eventually(async () => (await get(llama, "/health")).status === 200, "llama.cpp to load");
    expect(llama.ready()).toBe(true);
    expect(llama.getLogs()).toContain("main: model loaded");
  });

  it("vLLM takes no connections while loading", async () => {
    const vllm = await start({ flavor: "vllm", neverReady: true });
    expect(await outcome(`${vllm.url}/health`)).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(vllm.ready()).toBe(false);
  });

  it("after dieAfterMs, connections are refused", async () => {
    const vllm = await start({ flavor: "vllm", dieAfterMs: 300 });
    await eventually(() => vllm.state() === "crashed", "the crash");
    expect(await outcome(`${vllm.url}/health`)).toBe("ECONNREFUSED");
    expect(vllm.getLogs(1)[0]).toMatch(/died unexpectedly/);
  });

  it("a crash cuts a stream in flight", async () => {
    const llama = await start({ flavor: "llama-cpp", tokensPerSecond: 20 });
    const response = await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "long" }], max_tokens: 100, stream: true });
    const reader = response.body!.getReader();
    await reader.read();
    llama.crash();
    await expect((async () => { for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()); })()).rejects.toThrow();
  });
});

describe("bad input", () => {
  it("is refused with 400, 404, 405 or 413, and the server keeps serving", async () => {
    const vllm = await start({ flavor: "vllm" });
    const badJson = await post(vllm, "/v1/chat/completions", "{not json");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 400, message: expect.stringContaining("JSON") } });
    expect((await post(vllm, "/v1/chat/completions", { messages: "nope" })).status).toBe(400);
    expect((await post(vllm, "/v1/chat/completions", { messages: [{ role: "user", content: "x" }], max_tokens: -1 })).status).toBe(400);
    const huge = await post(vllm, "/v1/chat/completions", { messages: [{ role: "user", content: "x".repeat(1024 * 1024) }] });
    expect(huge.status).toBe(413);
    const otherModel = await post(vllm, "/v1/chat/completions", { model: "gpt-4", messages: [{ role: "user", content: "x" }] });
    expect(otherModel.status).toBe(404);
    expect((await get(vllm, "/nowhere")).status).toBe(404);
    expect((await get(vllm, "/v1/chat/completions", KEY)).status).toBe(405);
    expect((await chat(vllm, "still there?")).choices).toHaveLength(1);

    const llama = await start({ flavor: "llama-cpp" });
    const llamaBad = await post(llama, "/v1/chat/completions", "[1,");
    expect(llamaBad.status).toBe(400);
    expect(await llamaBad.json()).toMatchObject({ error: { code: 400, type: "invalid_request_error" } });
    expect((await get(llama, "/nowhere", KEY)).status).toBe(404);
    const tooLong = await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "x".repeat(20_000) }] });
    expect(await tooLong.json()).toMatchObject({ error: { code: 400, type: "exceed_context_size_error" } });
    expect((await post(llama, "/v1/chat/completions", { messages: [{ role: "user", content: "ok?" }], max_tokens: 2 })).status).toBe(200);
  });

  it("keeps the API key out of the logs", async () => {
    const vllm = await start({ flavor: "vllm" });
    await chat(vllm, "hello");
    const lines = vllm.getLogs();
    expect(lines.some((line) => line.includes('"POST /v1/chat/completions HTTP/1.1" 200 OK'))).toBe(true);
    expect(lines.join("\n")).not.toContain(KEY);
  });
});
