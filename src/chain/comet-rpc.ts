/**
 * CometBFT JSON-RPC over HTTP POST, with a timeout per request. The chain client uses this rather than
 * cosmjs's CometClient because it must tell apart a node's answer (a JSON-RPC error, an ABCI code) from a
 * transport failure — which may or may not have reached the node, and decides whether a broadcast may be
 * repeated — and it needs per-request timeouts and HTTP statuses that cosmjs hides.
 */
import { AkashGpuError } from "../errors/base.js";
import { NodeUnreachableError, type Endpoint } from "./errors.js";

/** A JSON-RPC error answer: the node understood the call and said no (e.g. "tx (…) not found"). */
export class CometRpcError extends AkashGpuError {
  override name = "CometRpcError";
  readonly rpcCode: number;
  readonly data: string;

  constructor(url: string, method: string, error: { code?: number; message?: string; data?: unknown }) {
    const data = typeof error.data === "string" ? error.data : error.data === undefined ? "" : JSON.stringify(error.data);
    super(`The node at ${url} refused ${method}: ${error.message ?? "error"}`, { details: data || undefined });
    this.rpcCode = error.code ?? 0;
    this.data = data;
  }
}

export type AbciQueryResult = { code: number; codespace: string; log: string; value: Uint8Array; height: number };

export class CometRpc {
  readonly endpoint: Endpoint;
  #id = 0;

  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    this.endpoint = { url, kind: "rpc" };
  }

  async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#id;
    let body: { result?: T; error?: { code?: number; message?: string; data?: unknown } };
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new NodeUnreachableError(this.endpoint, `HTTP ${response.status} ${response.statusText}`.trim(), { transient: transientStatus(response.status) });
      }
      body = (await response.json()) as typeof body;
    } catch (error) {
      if (error instanceof NodeUnreachableError) throw error;
      throw transportFailure(this.endpoint, error, this.timeoutMs);
    }
    if (body.error) throw new CometRpcError(this.url, method, body.error);
    if (body.result === undefined) throw new NodeUnreachableError(this.endpoint, `an answer to ${method} without a result`, { transient: false });
    return body.result;
  }

  /** ABCI query: `data` goes out as hex, the value comes back from base64 (CometBFT's JSON encodings). */
  async abciQuery(path: string, data: Uint8Array): Promise<AbciQueryResult> {
    const { response } = await this.call<{ response: { code?: number; codespace?: string; log?: string; value?: string | null; height?: string } }>("abci_query", {
      path,
      data: Buffer.from(data).toString("hex"),
      prove: false,
    });
    return {
      code: response.code ?? 0,
      codespace: response.codespace ?? "",
      log: response.log ?? "",
      value: response.value ? new Uint8Array(Buffer.from(response.value, "base64")) : new Uint8Array(),
      height: Number(response.height ?? 0),
    };
  }
}

/** 408, 429 and 5xx are a node or its load balancer being busy or down for a moment. */
const transientStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

const NETWORK_CODES: Record<string, { reason: string; transient: boolean }> = {
  ECONNREFUSED: { reason: "connection refused (nothing listens there)", transient: true },
  ECONNRESET: { reason: "connection reset by the node", transient: true },
  EPIPE: { reason: "connection closed by the node", transient: true },
  ETIMEDOUT: { reason: "connection timed out", transient: true },
  EAI_AGAIN: { reason: "the host name could not be resolved right now", transient: true },
  ENOTFOUND: { reason: "the host name does not exist", transient: false },
  UND_ERR_SOCKET: { reason: "connection closed by the node", transient: true },
  UND_ERR_CONNECT_TIMEOUT: { reason: "connection timed out", transient: true },
  UND_ERR_HEADERS_TIMEOUT: { reason: "no answer in time", transient: true },
  UND_ERR_BODY_TIMEOUT: { reason: "the answer stopped midway", transient: true },
  CERT_HAS_EXPIRED: { reason: "the node's TLS certificate has expired", transient: false },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "the node's TLS certificate is self-signed", transient: false },
};

/** Classifies what fetch threw: a timeout, a refused or reset connection, a bad URL, a non-JSON answer. */
export function transportFailure(endpoint: Endpoint, error: unknown, timeoutMs: number): NodeUnreachableError {
  const err = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") {
    return new NodeUnreachableError(endpoint, `no answer within ${timeoutMs} ms`, { transient: true, cause: error });
  }
  const code = err?.cause?.code ?? err?.code;
  const known = code ? NETWORK_CODES[code] : undefined;
  if (known) return new NodeUnreachableError(endpoint, known.reason, { transient: known.transient, cause: error });
  if (error instanceof SyntaxError) return new NodeUnreachableError(endpoint, "an answer that is not JSON-RPC (is this the right port?)", { transient: false, cause: error });
  if (/invalid url|failed to parse url/i.test(`${err?.message} ${err?.cause?.message}`)) {
    return new NodeUnreachableError(endpoint, "the URL is not valid", { transient: false, cause: error });
  }
  if (/^bad port$/i.test(err?.cause?.message ?? "")) return new NodeUnreachableError(endpoint, "a port HTTP clients refuse to use (fetch's blocked ports)", { transient: false, cause: error });
  // "fetch failed" without a known code, "other side closed", …: a network fault worth another try.
  return new NodeUnreachableError(endpoint, err?.cause?.message ?? err?.message ?? String(error), { transient: true, cause: error });
}
