/**
 * The HTTP surface of llama.cpp's llama-server (tools/server). It listens from the start; before each route,
 * two middlewares run in this order:
 * - while the model loads, everything but the model list answers 503 "Loading model" (unavailable_error);
 * - with an API key, everything but /health, /v1/health, /models, /v1/models, /api/tags and / needs
 *   `Authorization: Bearer <key>` (or `X-Api-Key`), else 401 "Invalid API Key". That includes /metrics:
 *   a metrics scraper must send the key.
 * Errors are `{"error":{code,message,type}}`; unknown paths (and known paths with another method) are 404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCompletionRequest, type CompletionKind } from "./completion-request.js";
import { pathOf, readJsonBody, sameKey, sendJson, sendText } from "./http-io.js";
import { llamaCppMetrics } from "./prometheus-text.js";
import { serveCompletion } from "./serve-completion.js";
import type { WorkloadContext } from "./workload-context.js";

const JSON_TYPE = "application/json; charset=utf-8";
const PUBLIC_PATHS = new Set(["/health", "/v1/health", "/models", "/v1/models", "/api/tags", "/"]);
const MODEL_LIST_PATHS = new Set(["/models", "/v1/models", "/api/tags"]);

type Route = (ctx: WorkloadContext, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const health: Route = (_ctx, _req, res) => sendJson(res, 200, { status: "ok" }, JSON_TYPE);
const models: Route = (ctx, _req, res) => sendJson(res, 200, modelList(ctx), JSON_TYPE);
const completion =
  (kind: CompletionKind): Route =>
  (ctx, req, res) =>
    complete(kind, ctx, req, res);

const GET_ROUTES: Record<string, Route> = {
  "/health": health,
  "/v1/health": health,
  "/models": models,
  "/v1/models": models,
  "/metrics": (ctx, _req, res) =>
    sendText(res, 200, llamaCppMetrics(ctx.stats), {
      "content-type": "text/plain; version=0.0.4",
      "process-start-time-unix": String(Math.floor(ctx.stats.startedAtSeconds)),
    }),
};
const POST_ROUTES: Record<string, Route> = {
  "/completion": completion("native"),
  "/completions": completion("native"),
  "/v1/completions": completion("text"),
  "/chat/completions": completion("chat"),
  "/v1/chat/completions": completion("chat"),
};

export function llamaCppRequestHandler(ctx: WorkloadContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = pathOf(req);
    // CORS preflight passes both middlewares: browsers send no Authorization header with it.
    if (req.method === "OPTIONS") {
      sendText(res, 200, "", { "access-control-allow-origin": req.headers.origin ?? "", "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "*" });
      return;
    }
    if (!ctx.isReady() && !MODEL_LIST_PATHS.has(path)) {
      sendError(res, 503, "Loading model", "unavailable_error");
      return;
    }
    if (ctx.apiKey !== undefined && !PUBLIC_PATHS.has(path) && !sameKey(presentedKey(req), ctx.apiKey)) {
      sendError(res, 401, "Invalid API Key", "authentication_error");
      return;
    }
    const route = (req.method === "GET" ? GET_ROUTES : req.method === "POST" ? POST_ROUTES : {})[path];
    if (!route) {
      sendError(res, 404, "File Not Found", "not_found_error");
      return;
    }
    try {
      await route(ctx, req, res);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendError(res, 500, (error as Error).message, "server_error");
    }
  };
}

/** llama.cpp reads Authorization, else Anthropic's X-Api-Key, and strips a "Bearer " prefix. */
function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? req.headers["x-api-key"];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.startsWith("Bearer ") ? value.slice("Bearer ".length) : value;
}

function sendError(res: ServerResponse, status: number, message: string, type: string, extra: Record<string, number> = {}): void {
  sendJson(res, status, { error: { code: status, message, type, ...extra } }, JSON_TYPE);
}

/**
 * The OpenAI list, plus the Ollama-style `models` llama.cpp also returns. Model metadata is null while loading;
 * with no GGUF file behind it, the devnet reports only the context (as n_ctx_train) once loaded.
 */
function modelList(ctx: WorkloadContext): object {
  const name = ctx.servedModelName;
  return {
    models: [{ name, model: name, modified_at: "", size: "", digest: "", type: "model", description: "", tags: [""], capabilities: ["completion"], parameters: "", details: { format: "gguf" } }],
    object: "list",
    data: [{ id: name, object: "model", created: Math.floor(Date.now() / 1000), owned_by: "llamacpp", meta: ctx.isReady() ? { n_ctx_train: ctx.contextLength } : null }],
  };
}

async function complete(kind: CompletionKind, ctx: WorkloadContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req);
  if (!body.ok) {
    // The real server answers malformed JSON with a 500 (its parser's exception); 400 says what it is.
    sendError(res, body.status, body.message, body.status === 413 ? "request_too_large" : "invalid_request_error");
    return;
  }
  const job = parseCompletionRequest(kind, body.value);
  if ("problem" in job) {
    sendError(res, 400, job.problem, "invalid_request_error");
    return;
  }
  // A slot's context holds the prompt; generation stops when it is full (llama.cpp ignores `model`: one model).
  if (job.promptTokens >= ctx.contextLength) {
    sendError(res, 400, "the request exceeds the available context size, try increasing it", "exceed_context_size_error", {
      n_prompt_tokens: job.promptTokens,
      n_ctx: ctx.contextLength,
    });
    return;
  }
  await serveCompletion(ctx, job, res, JSON_TYPE);
}
