/** What the devnet's three RPC servers (CometBFT, gRPC, REST) share: options, handle, listening, bodies. */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { RpcFaults } from "./faults.js";

export type RpcServerOptions = {
  /** A loopback address: the devnet never listens on a public interface. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Shared with the other servers of the same node; read on every request. */
  faults?: RpcFaults;
};

export type RpcServerHandle = {
  /** Base URL to give a client, e.g. "http://127.0.0.1:26657". */
  url: string;
  port: number;
  close(): Promise<void>;
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

export function faultsOf(options: RpcServerOptions): RpcFaults {
  return options.faults ?? new RpcFaults();
}

export async function listenOnLoopback(server: HttpServer | Http2Server, options: RpcServerOptions): Promise<{ url: string; port: number }> {
  if (!LOOPBACK_HOSTS.has(options.host)) throw new Error(`devnet RPC servers listen on loopback only, not on "${options.host}"`);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, port };
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: "too-large" | "aborted" };

/** Reads a request body up to `limit` bytes; a larger body is not buffered, the rest of it is discarded. */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ ok: false, reason: "too-large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!tooLarge) resolve({ ok: true, body: Buffer.concat(chunks) });
    });
    req.on("error", () => resolve({ ok: false, reason: "aborted" }));
    req.on("close", () => {
      if (!req.complete) resolve({ ok: false, reason: "aborted" });
    });
  });
}

/** Fires when the client goes away before its answer was sent, or when the server shuts down. */
export function abandonedSignal(res: ServerResponse, shutdown: AbortSignal): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return AbortSignal.any([controller.signal, shutdown]);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Stops accepting connections, aborts held requests and drops idle keep-alive sockets so close() completes. */
export async function closeHttpServer(server: HttpServer, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
