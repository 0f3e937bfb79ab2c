/**
 * HTTP replies exactly as the Go gateway writes them: auth failures as JSON {"message": …} (DefaultErrorHandler),
 * other failures through http.Error (text/plain, message + "\n"), JSON bodies through json.Marshal (which escapes
 * <, >, &, U+2028 and U+2029). Replies are values so the same one can go to a normal response or to a socket
 * that asked for a WebSocket upgrade.
 */
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export type Reply =
  | { status: number; kind: "json"; body: unknown }
  | { status: number; kind: "text"; body: string }
  | { status: number; kind: "empty" };

/** Thrown by route guards and handlers; the dispatcher writes its reply. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export const ok = (body?: unknown): Reply => (body === undefined ? { status: 200, kind: "empty" } : { status: 200, kind: "json", body });

/** http.Error(w, message, status). */
export const textError = (status: number, message: string): Reply => ({ status, kind: "text", body: `${message}\n` });

const authError = (status: number, message: string): Reply => ({ status, kind: "json", body: { message } });

/** provider utils/httperror, the ones the gateway's auth path returns. */
export const AUTH_ERRORS = {
  invalidAuthHeader: authError(400, "invalid authorization header"),
  ambiguous: authError(400, "auth: ambiguous authentication. may not use mTLS and JWT at the same time"),
  jwtInvalidClaims: authError(400, "JWT has invalid claims"),
  jwtInvalid: authError(401, "JWT is invalid"),
  unauthorized: authError(401, "unauthorized access"),
} as const;

const GO_JSON_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/** json.Marshal's string escaping on top of JSON.stringify (callers build objects in the Go struct field order). */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => GO_JSON_ESCAPES[ch] ?? ch);
}

function rendered(reply: Reply): { headers: Record<string, string>; body: string } {
  switch (reply.kind) {
    case "json":
      return { headers: { "Content-Type": "application/json; charset=UTF-8" }, body: goJson(reply.body) };
    case "text":
      return { headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }, body: reply.body };
    case "empty":
      return { headers: {}, body: "" };
  }
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const { headers, body } = rendered(reply);
  res.writeHead(reply.status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** For a request that came in as an upgrade: no ServerResponse exists, so write HTTP/1.1 by hand and hang up. */
export function writeRawReply(socket: Duplex, reply: Reply): void {
  const { headers, body } = rendered(reply);
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ""}`];
  for (const [name, value] of Object.entries({ ...headers, "Content-Length": String(Buffer.byteLength(body)), Connection: "close" })) {
    lines.push(`${name}: ${value}`);
  }
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}
