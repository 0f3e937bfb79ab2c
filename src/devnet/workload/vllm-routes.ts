/**
 * The HTTP surface of vLLM's OpenAI-compatible server (v0.11, `vllm serve`). Its AuthenticationMiddleware
 * guards every path under /v1 and answers 401 `{"error":"Unauthorized"}` (not an OpenAI error object);
 * /health and /metrics are open. Errors from the API are `{"error":{message,type,param,code}}`; paths
 * FastAPI does not know get its `{"detail":"Not Found"}`.
 *
 * While the model loads, the real server has bound its port but does not listen yet, so clients cannot
 * connect at all; the workload's listener imitates that (see start-workload.ts), so these routes only ever
 * run on a ready server.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCompletionRequest, type CompletionKind } from "./completion-request.js";
import { pathOf, readJsonBody, sameKey, sendJson, sendText } from "./http-io.js";
import { vllmMetrics } from "./prometheus-text.js";
import { serveCompletion } from "./serve-completion.js";
import type { WorkloadContext } from "./workload-context.js";

type Route = (ctx: WorkloadContext, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  "/health": { GET: (_ctx, _req, res) => sendText(res, 200, "", {}) },
  "/metrics": {
    GET: (ctx, _req, res) => sendText(res, 200, vllmMetrics(ctx.stats, ctx.servedModelName), { "content-type": "text/plain; version=0.0.4; charset=utf-8" }),
  },
  "/v1/models": { GET: (ctx, _req, res) => sendJson(res, 200, modelList(ctx)) },
  "/v1/chat/completions": { POST: (ctx, req, res) => complete("chat", ctx, req, res) },
  "/v1/completions": { POST: (ctx, req, res) => complete("text", ctx, req, res) },
};

export function vllmRequestHandler(ctx: WorkloadContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = pathOf(req);
    if (path.startsWith("/v1") && req.method !== "OPTIONS" && ctx.apiKey !== undefined && !sameKey(bearerToken(req), ctx.apiKey)) {
      sendJson(res, 401, { error: "Unauthorized" });
      return;
    }
    const methods = ROUTES[path];
    const route = methods?.[req.method ?? ""];
    if (!methods) sendJson(res, 404, { detail: "Not Found" });
    else if (!route) sendJson(res, 405, { detail: "Method Not Allowed" });
    else {
      try {
        await route(ctx, req, res);
      } catch (error) {
        if (res.headersSent) res.destroy();
        else sendError(res, 500, `Internal server error: ${(error as Error).message}`, "InternalServerError");
      }
    }
  };
}

/** vLLM takes the header's scheme case-insensitively and the token after the first space. */
function bearerToken(req: IncomingMessage): string | undefined {
  const [scheme, ...rest] = (req.headers.authorization ?? "").split(" ");
  return scheme?.toLowerCase() === "bearer" ? rest.join(" ") : undefined;
}

function sendError(res: ServerResponse, status: number, message: string, type: string, param: string | null = null): void {
  sendJson(res, status, { error: { message, type, param, code: status } });
}

function modelList(ctx: WorkloadContext): object {
  const created = Math.floor(Date.now() / 1000);
  const permission = {
    id: `modelperm-${randomBytes(16).toString("hex")}`,
    object: "model_permission",
    created,
    allow_create_engine: false,
    allow_sampling: true,
    allow_logprobs: true,
    allow_search_indices: false,
    allow_view: true,
    allow_fine_tuning: false,
    organization: "*",
    group: null,
    is_blocking: false,
  };
  const card = { id: ctx.servedModelName, object: "model", created, owned_by: "vllm", root: ctx.model, parent: null, max_model_len: ctx.contextLength, permission: [permission] };
  return { object: "list", data: [card] };
}

async function complete(kind: CompletionKind, ctx: WorkloadContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req);
  if (!body.ok) {
    sendError(res, body.status, body.message, body.status === 413 ? "Request Entity Too Large" : "Bad Request");
    return;
  }
  const job = parseCompletionRequest(kind, body.value);
  if ("problem" in job) {
    sendError(res, 400, job.problem, "BadRequestError", job.param);
    return;
  }
  // Without `model`, vLLM answers with its (only) served model.
  if (job.model !== undefined && job.model !== ctx.servedModelName) {
    sendError(res, 404, `The model \`${job.model}\` does not exist.`, "NotFoundError", "model");
    return;
  }
  const requested = job.promptTokens + (job.maxTokens ?? 0);
  if (job.promptTokens >= ctx.contextLength || requested > ctx.contextLength) {
    sendError(
      res,
      400,
      `This model's maximum context length is ${ctx.contextLength} tokens. However, you requested ${requested} tokens ` +
        `(${job.promptTokens} in the messages, ${job.maxTokens ?? 0} in the completion). Please reduce the length of the messages or completion.`,
      "BadRequestError",
    );
    return;
  }
  await serveCompletion(ctx, job, res, "application/json");
}
