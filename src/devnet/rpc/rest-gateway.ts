/**
 * The devnet's REST API (port 1317 on a real node): cosmos-sdk's grpc-gateway over HTTP/1.1 GET, for
 * chain-sdk's `createChainNodeWebSDK` and for people with curl. Routes come from `node.routes()`; answers are
 * the node's query results in the JSON mainnet writes (see gateway-json.ts); errors are
 * `{"code": <gRPC code>, "message": …, "details": []}` with grpc-gateway v1's HTTP status for the code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { DevnetNode } from "../node-api.js";
import { visibleHeight } from "./faults.js";
import { toGatewayJson } from "./gateway-json.js";
import { BadRestRequest, buildRequest, compileRoutes, matchRoute, type CompiledRoute } from "./rest-routes.js";
import { abandonedSignal, closeHttpServer, faultsOf, listenOnLoopback, sendJson, type RpcServerHandle, type RpcServerOptions } from "./server-common.js";

/** grpc-gateway v1's runtime.HTTPStatusFromCode. */
const HTTP_STATUS_BY_GRPC_CODE: Readonly<Record<number, number>> = {
  0: 200,
  1: 408,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};
const GRPC_UNKNOWN = 2;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_UNIMPLEMENTED = 12;
const GRPC_INTERNAL = 13;
const GRPC_UNAVAILABLE = 14;
/** Request header a client sets to query an older height; the answer names the height it was served at. */
const BLOCK_HEIGHT_HEADER = "x-cosmos-block-height";
const BLOCK_HEIGHT_RESPONSE_HEADER = "grpc-metadata-x-cosmos-block-height";

export async function startRestGateway(node: DevnetNode, options: RpcServerOptions): Promise<RpcServerHandle> {
  const faults = faultsOf(options);
  const shutdown = new AbortController();
  let routes: CompiledRoute[] | undefined;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => sendError(res, GRPC_INTERNAL, error instanceof Error ? error.message : String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // GET queries carry no body worth reading
    if (!(await faults.holdWhileTimingOut(abandonedSignal(res, shutdown.signal)))) return;
    if (faults.isUnavailable()) return sendError(res, GRPC_UNAVAILABLE, "service unavailable", { connection: "close" });

    const url = new URL(req.url ?? "/", "http://devnet");
    // The node's routes are fixed once it runs; compile them on first use.
    routes ??= compileRoutes(node.routes());
    const matched = matchRoute(routes, url.pathname);
    if (matched === undefined) return sendError(res, GRPC_UNIMPLEMENTED, "Not Implemented");
    if (req.method !== "GET") return sendError(res, GRPC_UNIMPLEMENTED, "Method Not Allowed");

    const { route, pathParams } = matched;
    let request: Uint8Array;
    let height: number | undefined;
    try {
      request = buildRequest(route.request, pathParams, url.searchParams);
      height = requestedHeight(req) ?? (faults.lagBlocks() > 0 ? visibleHeight(node, faults) : undefined);
    } catch (error) {
      if (error instanceof BadRestRequest) return sendError(res, GRPC_INVALID_ARGUMENT, error.message);
      throw error;
    }
    const result = node.query(route.path, request, height);
    if (result.code !== 0 || result.grpcCode !== 0) return sendError(res, result.grpcCode || GRPC_UNKNOWN, result.log);
    const body = toGatewayJson(route.response, route.response.decode(result.value));
    sendJson(res, 200, body, { [BLOCK_HEIGHT_RESPONSE_HEADER]: String(result.height) });
  }

  const { url, port } = await listenOnLoopback(server, options);
  return { url, port, close: () => closeHttpServer(server, shutdown) };
}

function requestedHeight(req: IncomingMessage): number | undefined {
  const header = req.headers[BLOCK_HEIGHT_HEADER];
  if (header === undefined) return undefined;
  const text = String(header);
  if (!/^\d+$/.test(text)) throw new BadRestRequest(`invalid height header "${BLOCK_HEIGHT_HEADER}": ${text}`);
  const height = Number(text);
  return height > 0 ? height : undefined;
}

function sendError(res: ServerResponse, grpcCode: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, HTTP_STATUS_BY_GRPC_CODE[grpcCode] ?? 500, { code: grpcCode, message, details: [] }, headers);
}
