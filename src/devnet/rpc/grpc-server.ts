/**
 * The devnet's native gRPC endpoint (port 9090 on a real node) for chain-sdk's `createChainNodeSDK`: HTTP/2
 * cleartext with prior knowledge (h2c), unary calls only. Every POST `/pkg.Service/Method` goes to
 * `node.query(path, bytes)` — the same handler abci_query uses. Answers are one length-prefixed message
 * plus trailers; failures are trailers-only responses with the gRPC status the node mapped.
 */
import {
  constants as http2Constants,
  createServer,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { DevnetNode, QueryResult } from "../node-api.js";
import { visibleHeight, type RpcFaults } from "./faults.js";
import { faultsOf, listenOnLoopback, type RpcServerHandle, type RpcServerOptions } from "./server-common.js";

/** gRPC status codes used here. */
const GrpcStatus = { ok: 0, unknown: 2, invalidArgument: 3, resourceExhausted: 8, unimplemented: 12, internal: 13 } as const;

/** grpc-go's default limit on a received message. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** The header through which cosmos-sdk's gRPC server takes, and reports, the height of a query. */
const BLOCK_HEIGHT_HEADER = "x-cosmos-block-height";
/** How long sessions get to finish on shutdown before they are destroyed. */
const SESSION_CLOSE_GRACE_MS = 1_000;

class GrpcFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startGrpcServer(node: DevnetNode, options: RpcServerOptions): Promise<RpcServerHandle> {
  const faults = faultsOf(options);
  const shutdown = new AbortController();
  const server = createServer();
  // chain-sdk's client keeps its session open (15 min idle timeout), so the server must end sessions itself.
  const sessions = new Set<Http2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    void handleStream(node, faults, stream, headers, shutdown.signal).catch((error: unknown) => {
      respondFailure(stream, new GrpcFailure(GrpcStatus.internal, error instanceof Error ? error.message : String(error)));
    });
  });

  const { url, port } = await listenOnLoopback(server, options);
  return { url, port, close: () => closeHttp2Server(server, sessions, shutdown) };
}

async function handleStream(node: DevnetNode, faults: RpcFaults, stream: ServerHttp2Stream, headers: IncomingHttpHeaders, shutdown: AbortSignal): Promise<void> {
  const gone = new AbortController();
  stream.on("close", () => gone.abort());
  if (!(await faults.holdWhileTimingOut(AbortSignal.any([gone.signal, shutdown])))) {
    if (!stream.closed) stream.close(http2Constants.NGHTTP2_CANCEL);
    return;
  }
  if (faults.isUnavailable()) return respondHttp(stream, 503, "Service Unavailable");
  if (headers[":method"] !== "POST") return respondHttp(stream, 405, "Method Not Allowed");
  if (!String(headers["content-type"] ?? "").startsWith("application/grpc")) return respondHttp(stream, 415, "Unsupported Media Type");

  try {
    const request = unframe(await readStream(stream));
    const path = headers[":path"] ?? "";
    const height = requestedHeight(headers) ?? (faults.lagBlocks() > 0 ? visibleHeight(node, faults) : undefined);
    const result = node.query(path, request, height);
    if (result.code !== 0 || result.grpcCode !== 0) throw failureOf(result);
    respondMessage(stream, result);
  } catch (error) {
    respondFailure(stream, error instanceof GrpcFailure ? error : new GrpcFailure(GrpcStatus.internal, error instanceof Error ? error.message : String(error)));
  }
}

function failureOf(result: QueryResult): GrpcFailure {
  return new GrpcFailure(result.grpcCode !== 0 ? result.grpcCode : GrpcStatus.unknown, result.log);
}

function requestedHeight(headers: IncomingHttpHeaders): number | undefined {
  const value = headers[BLOCK_HEIGHT_HEADER];
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new GrpcFailure(GrpcStatus.invalidArgument, `invalid height header "${BLOCK_HEIGHT_HEADER}": ${text}`);
  const height = Number(text);
  return height > 0 ? height : undefined;
}

function readStream(stream: ServerHttp2Stream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES + 5) {
        stream.pause();
        reject(new GrpcFailure(GrpcStatus.resourceExhausted, `grpc: received message larger than max (${size - 5} vs. ${MAX_REQUEST_BYTES})`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** The one message of a unary call: flag byte (0 = uncompressed), 4-byte big-endian length, protobuf bytes. */
function unframe(body: Buffer): Uint8Array {
  if (body.length < 5) throw new GrpcFailure(GrpcStatus.internal, "grpc: request has no message");
  if (body[0] !== 0) throw new GrpcFailure(GrpcStatus.unimplemented, "grpc: compressed messages are not supported (no grpc-encoding is installed)");
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) throw new GrpcFailure(GrpcStatus.internal, "grpc: a unary call carries exactly one message");
  return new Uint8Array(body.subarray(5));
}

function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function respondMessage(stream: ServerHttp2Stream, result: QueryResult): void {
  if (stream.closed || stream.headersSent) return;
  stream.respond({ ":status": 200, "content-type": "application/grpc", [BLOCK_HEIGHT_HEADER]: String(result.height) }, { waitForTrailers: true });
  stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(GrpcStatus.ok), "grpc-message": "" }));
  stream.end(frame(result.value));
}

/** Trailers-only response: status and message in the headers, no body. */
function respondFailure(stream: ServerHttp2Stream, failure: GrpcFailure): void {
  if (stream.closed || stream.headersSent) return;
  const headers: OutgoingHttpHeaders = {
    ":status": 200,
    "content-type": "application/grpc",
    "grpc-status": String(failure.status),
    "grpc-message": percentEncode(failure.message),
  };
  stream.respond(headers, { endStream: true });
}

function respondHttp(stream: ServerHttp2Stream, status: number, text: string): void {
  if (stream.closed || stream.headersSent) return;
  stream.respond({ ":status": status, "content-type": "text/plain" });
  stream.end(text);
}

/** grpc-message is percent-encoded UTF-8: everything outside printable ASCII, and '%' itself. */
function percentEncode(message: string): string {
  return Array.from(Buffer.from(message, "utf8"), (byte) =>
    byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join("");
}

async function closeHttp2Server(server: Http2Server, sessions: Set<Http2Session>, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const session of sessions) {
    session.close();
    setTimeout(() => session.destroy(), SESSION_CLOSE_GRACE_MS).unref();
  }
  await closed;
}
