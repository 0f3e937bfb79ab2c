/**
 * A bare gRPC unary call over HTTP/2 (node:http2), returning the response message's raw bytes.
 *
 * chain-sdk's transport decodes every response with its generated (ts-proto) types, which skip fields they do
 * not know instead of keeping them, and it exposes no hook to the bytes. The lease query needs such a field
 * (see lease-wire.ts), so it is sent here, speaking the same wire protocol chain-sdk does: POST
 * /<service>/<method>, `application/grpc+proto`, one length-prefixed uncompressed message, status in the
 * trailers (or in the headers of a trailers-only answer). Failures are chain-sdk's SDKError with the gRPC
 * code, as from the SDK's own calls.
 */
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import { SDKError, SDKErrorCode } from "@akashnetwork/chain-sdk";
import type { QueryEndpoint } from "../query-sdk.js";

export type GrpcSession = {
  unary(path: string, request: Uint8Array): Promise<Uint8Array>;
  close(): void;
};

/** One HTTP/2 connection for a series of calls (the pages of one listing); close it when done. */
export function openGrpcSession(endpoint: QueryEndpoint): GrpcSession {
  let session: ClientHttp2Session | undefined;
  const current = () => {
    if (session && !session.closed && !session.destroyed) return session;
    session = connect(endpoint.grpcUrl);
    session.on("error", () => undefined); // reported through the stream of the call that was under way
    session.unref();
    return session;
  };
  return {
    unary: (path, request) => unary(current(), path, request, endpoint.timeoutMs),
    close: () => session?.close(),
  };
}

function unary(session: ClientHttp2Session, path: string, request: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc+proto",
      te: "trailers",
      "grpc-timeout": `${timeoutMs}m`,
    });
    let settled = false;
    const finish = (error: SDKError | undefined, message?: Uint8Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(message!);
    };
    const timer = setTimeout(() => {
      stream.close(constants.NGHTTP2_CANCEL);
      finish(new SDKError(`no answer within ${timeoutMs} ms`, SDKErrorCode.DeadlineExceeded));
    }, timeoutMs);

    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on("response", (h) => (headers = h));
    stream.on("trailers", (t) => (trailers = t));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", (error) => finish(SDKError.from(error, SDKErrorCode.Unavailable)));
    stream.on("close", () => {
      try {
        finish(undefined, messageOf(headers, trailers, Buffer.concat(chunks), stream.rstCode));
      } catch (error) {
        finish(error as SDKError);
      }
    });
    stream.end(frame(request));
  });
}

function frame(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Checks status and trailers and takes the one message out of its length prefix. */
function messageOf(headers: IncomingHttpHeaders, trailers: IncomingHttpHeaders, body: Buffer, rstCode: number | undefined): Uint8Array {
  const status = Number(headers[":status"] ?? 0);
  if (status === 0) throw new SDKError(`stream closed before an answer (HTTP/2 code ${rstCode ?? "none"})`, SDKErrorCode.Unavailable);
  if (status !== 200) throw new SDKError(`HTTP ${status}`, codeOfHttpStatus(status));
  if (!String(headers["content-type"] ?? "").startsWith("application/grpc")) throw new SDKError(`unsupported content type ${String(headers["content-type"])}`, SDKErrorCode.Unknown);
  const grpcStatus = trailers["grpc-status"] ?? headers["grpc-status"];
  if (grpcStatus === undefined) throw new SDKError("protocol error: missing status", SDKErrorCode.Internal);
  if (String(grpcStatus) !== "0") {
    throw new SDKError(percentDecoded(String(trailers["grpc-message"] ?? headers["grpc-message"] ?? "")), Number(grpcStatus) as SDKErrorCode);
  }
  if (body.length < 5) throw new SDKError("protocol error: missing output message for unary method", SDKErrorCode.Internal);
  if (body[0] !== 0) throw new SDKError("protocol error: compressed message, none was accepted", SDKErrorCode.Internal);
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) throw new SDKError("protocol error: a unary answer carries exactly one message", SDKErrorCode.Internal);
  return new Uint8Array(body.subarray(5));
}

/** grpc-message is percent-encoded UTF-8; a malformed one is shown as it came. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** gRPC's mapping of HTTP statuses from proxies and load balancers (doc/http-grpc-status-mapping.md). */
function codeOfHttpStatus(status: number): SDKErrorCode {
  if (status === 400) return SDKErrorCode.Internal;
  if (status === 401) return SDKErrorCode.Unauthenticated;
  if (status === 403) return SDKErrorCode.PermissionDenied;
  if (status === 404) return SDKErrorCode.Unimplemented;
  if (status === 429 || status === 502 || status === 503 || status === 504) return SDKErrorCode.Unavailable;
  return SDKErrorCode.Unknown;
}
