/**
 * The devnet's CometBFT RPC (port 26657 on a real node): JSON-RPC 2.0 over HTTP POST to "/", the GET URI form
 * (`/status`, `/abci_query?path="…"&data=0x…`, `/tx?hash=0x…`, `/block?height=N`) and a websocket at
 * `/websocket` for event subscriptions. Status codes follow CometBFT 0.38: JSON-RPC errors come with HTTP 200,
 * except unparsable JSON (500), unreadable or oversized bodies (400) and failed URI calls (500).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { DevnetNode } from "../node-api.js";
import { DEFAULT_BROADCAST_TX_COMMIT_TIMEOUT_MS } from "./comet-broadcast.js";
import { cometMethods, type CometMethod } from "./comet-methods.js";
import { paramsFromJson, paramsFromUri, WEBSOCKET_ONLY_METHODS } from "./comet-params.js";
import { CometWebsocketHub } from "./comet-websocket.js";
import {
  errorResponse,
  internalError,
  invalidRequest,
  JsonRpcError,
  methodNotFound,
  parseError,
  readRequest,
  successResponse,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from "./json-rpc.js";
import { abandonedSignal, closeHttpServer, faultsOf, listenOnLoopback, readLimitedBody, sendJson, type RpcServerHandle, type RpcServerOptions } from "./server-common.js";

export type CometRpcOptions = RpcServerOptions & {
  /** How long broadcast_tx_commit waits for the block; CometBFT's default is 10 s. */
  broadcastTxCommitTimeoutMs?: number;
  /** Largest request body (and websocket message) accepted; a signed tx is at most 1 MiB, base64 adds a third. */
  maxBodyBytes?: number;
};

const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** The id CometBFT puts on answers to GET URI calls, which carry none. */
const URI_REQUEST_ID = -1;

export async function startCometRpc(node: DevnetNode, options: CometRpcOptions): Promise<RpcServerHandle> {
  const faults = faultsOf(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const shutdown = new AbortController();
  const methods = cometMethods(node, faults, { broadcastTxCommitTimeoutMs: options.broadcastTxCommitTimeoutMs ?? DEFAULT_BROADCAST_TX_COMMIT_TIMEOUT_MS });

  const dispatch = async (request: JsonRpcRequest, abandoned: AbortSignal): Promise<JsonRpcResponse | undefined> => {
    if (request.id === undefined) return undefined; // a notification: CometBFT answers none
    const method = methods[request.method];
    if (method === undefined) return errorResponse(request.id, methodNotFound());
    try {
      return successResponse(request.id, await method(paramsFromJson(request.method, request.params), abandoned));
    } catch (error) {
      return errorResponse(request.id, asJsonRpcError(error));
    }
  };

  const hub = new CometWebsocketHub(node, faults, dispatch, shutdown.signal);
  const websockets = new WebSocketServer({ noServer: true, maxPayload: maxBodyBytes });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => sendJson(res, 500, errorResponse(undefined, asJsonRpcError(error))));
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abandoned = abandonedSignal(res, shutdown.signal);
    if (!(await faults.holdWhileTimingOut(abandoned))) return;
    if (faults.isUnavailable()) {
      req.resume();
      res.writeHead(503, { "content-type": "text/plain", connection: "close" }).end("Service Unavailable");
      return;
    }
    const url = new URL(req.url ?? "/", "http://devnet");
    const route = url.pathname.replace(/^\/+|\/+$/g, "");
    if (route === "" || route === "v1") return handleJsonRpc(req, res, abandoned);
    req.resume();
    const method = methods[route];
    if (method !== undefined) return handleUri(route, method, url.searchParams, res, abandoned);
    if (WEBSOCKET_ONLY_METHODS.has(route)) return sendJson(res, 404, errorResponse(URI_REQUEST_ID, methodNotFound()));
    if (route === "websocket") return void res.writeHead(400, { "content-type": "text/plain" }).end("Bad Request: expected a websocket upgrade");
    res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
  }

  async function handleUri(route: string, method: CometMethod, query: URLSearchParams, res: ServerResponse, abandoned: AbortSignal): Promise<void> {
    try {
      const result = await method(paramsFromUri(route, query), abandoned);
      sendJson(res, 200, successResponse(URI_REQUEST_ID, result));
    } catch (error) {
      sendJson(res, 500, errorResponse(URI_REQUEST_ID, asJsonRpcError(error)));
    }
  }

  async function handleJsonRpc(req: IncomingMessage, res: ServerResponse, abandoned: AbortSignal): Promise<void> {
    const read = await readLimitedBody(req, maxBodyBytes);
    if (!read.ok) {
      if (read.reason === "too-large") {
        const error = invalidRequest(`error reading request body: http: request body too large (limit ${maxBodyBytes} bytes)`);
        sendJson(res, 400, errorResponse(undefined, error), { connection: "close" });
      }
      return;
    }
    if (read.body.length === 0) return listEndpoints(res);
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.body.toString("utf8"));
    } catch (error) {
      return sendJson(res, 500, errorResponse(undefined, parseError(`error unmarshaling request: ${(error as Error).message}`)));
    }
    const requests = Array.isArray(parsed) ? parsed : [parsed];
    const responses: JsonRpcResponse[] = [];
    for (const item of requests) {
      const request = readRequest(item);
      const response = request instanceof JsonRpcError ? errorResponse(undefined, request) : await dispatch(request, abandoned);
      if (response !== undefined) responses.push(response);
    }
    if (responses.length === 0) return void res.writeHead(200).end();
    sendJson(res, 200, Array.isArray(parsed) ? responses : responses[0]);
  }

  function listEndpoints(res: ServerResponse): void {
    const links = Object.keys(methods)
      .sort()
      .map((name) => `<a href="/${name}">${name}</a><br>`)
      .join("");
    res.writeHead(200, { "content-type": "text/html" }).end(`<html><body><br>Available endpoints:<br>${links}</body></html>`);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (new URL(req.url ?? "/", "http://devnet").pathname !== "/websocket") return rejectUpgrade(socket, "404 Not Found");
    const gone = new AbortController();
    socket.once("close", () => gone.abort());
    if (!(await faults.holdWhileTimingOut(AbortSignal.any([gone.signal, shutdown.signal])))) return void socket.destroy();
    if (faults.isUnavailable()) return rejectUpgrade(socket, "503 Service Unavailable");
    websockets.handleUpgrade(req, socket, head, (ws) => hub.attach(ws));
  }
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head));

  const { url, port } = await listenOnLoopback(server, options);
  return {
    url,
    port,
    close: async () => {
      hub.close();
      websockets.close();
      await closeHttpServer(server, shutdown);
    },
  };
}

function asJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof JsonRpcError) return error;
  return internalError(error instanceof Error ? error.message : String(error));
}

function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
