/** Request and response plumbing shared by both servers' routes. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Bodies above this are refused with 413: the provider's ingress enforces the manifest's
 * httpOptions.maxBodySize, 1 MiB by default, in front of the container.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/**
 * Reads and parses a JSON body. A body over the limit is read to its end without being kept, so the client,
 * still sending, gets the 413 instead of a reset connection.
 */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        resolve({ ok: false, status: 413, message: `request body of ${size} bytes exceeds the limit of ${MAX_BODY_BYTES} bytes` });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown });
      } catch (error) {
        resolve({ ok: false, status: 400, message: `invalid JSON body: ${(error as Error).message}` });
      }
    });
    // The client went away mid-body: whatever is answered goes nowhere.
    req.on("error", () => resolve({ ok: false, status: 400, message: "request body aborted" }));
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function openEventStream(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
}

/** One server-sent event; written at once, so each token reaches the client as it is produced. */
export function writeEvent(res: ServerResponse, data: object | "[DONE]"): void {
  res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

/** The path of a request target, without query; "/" for targets that do not parse. */
export function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://workload").pathname;
  } catch {
    return "/";
  }
}

/** Compares keys by their SHA-256 digests in constant time, as vLLM does, so timing reveals nothing. */
export function sameKey(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (key: string): Buffer => createHash("sha256").update(key).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
