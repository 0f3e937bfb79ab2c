/**
 * HTTPS requests and WebSocket connections to a provider's gateway, trusting its self-signed certificate only when
 * it is one of the provider's certificates on chain (CertificatePins).
 *
 * The order is what makes this safe: the TLS connection is opened and its certificate checked first, and only a
 * connection that passed is handed to the HTTP or WebSocket client, which writes the request (and its
 * Authorization header) on it. Bytes of a request are never queued on an unverified socket, so a token cannot
 * reach a man-in-the-middle even for a moment.
 */
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { WebSocket } from "ws";
import type { CertificatePins } from "./certificate-pins.js";
import { ProviderCertificateMismatchError, ProviderReplyError, ProviderUnreachableError } from "./errors.js";

/** A client certificate and its key, for the legacy mTLS path. */
export interface ClientIdentity {
  certPem: string;
  keyPem: string;
}

export interface PinnedConnectOptions {
  /** The provider's host URI, named in errors. */
  hostUri: string;
  pins: CertificatePins;
  clientIdentity?: ClientIdentity;
  /** Budget for the TCP connect and TLS handshake. */
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  body: string;
}

/** Replies larger than this are cut off: no provider reply we read is anywhere near it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Opens a TLS connection to the URL's host and resolves only once the peer's certificate passed the pin check. */
export function pinnedConnect(url: URL, options: PinnedConnectOptions): Promise<TLSSocket> {
  const { hostUri, pins, clientIdentity, timeoutMs } = options;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port,
      // SNI only for names, as node:https does; an IP address may not be sent as a server name.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      // The certificate is self-signed, so the CA check cannot pass; the pin check below is the whole trust decision.
      rejectUnauthorized: false,
      ...(clientIdentity ? { cert: clientIdentity.certPem, key: clientIdentity.keyPem } : {}),
    });
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => settle(new ProviderUnreachableError(hostUri, "ETIMEDOUT")), timeoutMs);
    socket.once("secureConnect", () => {
      const presented = socket.getPeerX509Certificate();
      if (pins.accepts(presented)) settle(undefined);
      else settle(new ProviderCertificateMismatchError(hostUri, pins.provider, presented?.fingerprint256, pins.fingerprints));
    });
    // Stays attached: errors after the handoff are reported by the HTTP or WebSocket client that owns the socket.
    socket.on("error", (error) => settle(unreachable(hostUri, error, clientIdentity !== undefined)));
  });
}

export interface PinnedRequestOptions extends PinnedConnectOptions {
  method: "GET" | "PUT";
  headers: Record<string, string>;
  body?: string;
  /** What the request is for, named in errors ("lease status", …). */
  what: string;
}

/** One HTTPS request on a fresh pinned connection; resolves with any status, rejects on connection failures. */
export async function pinnedRequest(url: URL, options: PinnedRequestOptions): Promise<HttpReply> {
  const socket = await pinnedConnect(url, options);
  const { hostUri, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body, "utf8");
    const headers = { ...options.headers, ...(body ? { "content-length": String(body.length) } : {}) };
    const req = httpsRequest(url, { method: options.method, headers, createConnection: () => socket });
    req.setTimeout(timeoutMs, () => req.destroy(new ProviderUnreachableError(hostUri, "ETIMEDOUT")));
    const mtls = options.clientIdentity !== undefined;
    req.once("error", (error) => reject(error instanceof ProviderUnreachableError || error instanceof ProviderReplyError ? error : unreachable(hostUri, error, mtls)));
    req.once("response", (res) => {
      readBody(res, hostUri, options.what).then((text) => resolve({ status: res.statusCode ?? 0, body: text }), (error: Error) => req.destroy(error));
    });
    req.end(body);
  });
}

export interface PinnedWebSocketOptions extends PinnedConnectOptions {
  headers: Record<string, string>;
  what: string;
}

/** The open WebSocket, or the HTTP reply with which the provider refused the upgrade (401, 404, …). */
export type WebSocketOutcome = { ws: WebSocket } | { refused: HttpReply };

/** A WebSocket (wss://) on a pinned connection. */
export async function pinnedWebSocket(url: URL, options: PinnedWebSocketOptions): Promise<WebSocketOutcome> {
  const socket = await pinnedConnect(url, options);
  const { hostUri, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const wsUrl = new URL(url);
    wsUrl.protocol = "wss:";
    const ws = new WebSocket(wsUrl, { headers: options.headers, handshakeTimeout: timeoutMs, createConnection: (() => socket) as never });
    let settled = false;
    const settle = (outcome: WebSocketOutcome | Error): void => {
      if (settled) return;
      settled = true;
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    ws.once("open", () => settle({ ws }));
    ws.once("unexpected-response", (_req, res: IncomingMessage) => {
      readBody(res, hostUri, options.what).then(
        (body) => settle({ refused: { status: res.statusCode ?? 0, body } }),
        (error: Error) => settle(error),
      );
      res.once("end", () => ws.terminate());
    });
    // Stays attached for the socket's life: the stream reader adds its own listeners once it is open.
    ws.on("error", (error) => settle(unreachable(hostUri, error, options.clientIdentity !== undefined)));
  });
}

function readBody(res: IncomingMessage, hostUri: string, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.destroy();
        reject(new ProviderReplyError(hostUri, what, res.statusCode ?? 0, `a body of more than ${MAX_BODY_BYTES} bytes`, "a reply of a few kilobytes"));
        return;
      }
      chunks.push(chunk);
    });
    res.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.once("error", (error) => reject(unreachable(hostUri, error)));
  });
}

/** A socket-level failure as a typed error; the code decides whether a caller retries. */
export function unreachable(hostUri: string, error: Error, withClientCertificate = false): ProviderUnreachableError {
  if (error instanceof ProviderUnreachableError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const tls = code === undefined ? false : code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code === "EPROTO";
  return new ProviderUnreachableError(hostUri, tls ? "TLS" : (code ?? "ECONNRESET"), error, withClientCertificate);
}
