/**
 * CometBFT method arguments, from a JSON-RPC `params` object or array, or from a GET URI's query string.
 * Each form encodes bytes its own way, as CometBFT's reflection-based decoder does: in JSON, HexBytes
 * (abci_query data) are hex and []byte (tx, hash) are base64; in a URI, bytes are `0x…` hex or a
 * `"quoted"` raw string, strings must be quoted, and ints and bools are bare.
 */
import { invalidParams } from "./json-rpc.js";

export type ParamKind = "string" | "int" | "bool" | "hex" | "bytes";
type ParamValue = string | number | boolean | Uint8Array;

/** Argument names in CometBFT's positional order, per method. */
export const METHOD_PARAMS: Readonly<Record<string, readonly (readonly [string, ParamKind])[]>> = {
  status: [],
  health: [],
  abci_info: [],
  abci_query: [["path", "string"], ["data", "hex"], ["height", "int"], ["prove", "bool"]],
  broadcast_tx_sync: [["tx", "bytes"]],
  broadcast_tx_async: [["tx", "bytes"]],
  broadcast_tx_commit: [["tx", "bytes"]],
  tx: [["hash", "bytes"], ["prove", "bool"]],
  tx_search: [["query", "string"], ["prove", "bool"], ["page", "int"], ["per_page", "int"], ["order_by", "string"]],
  block: [["height", "int"]],
  blockchain: [["minHeight", "int"], ["maxHeight", "int"]],
  block_results: [["height", "int"]],
  consensus_params: [["height", "int"]],
  subscribe: [["query", "string"]],
  unsubscribe: [["query", "string"]],
  unsubscribe_all: [],
};

/** Methods that need a websocket connection: plain HTTP answers them "method not found". */
export const WEBSOCKET_ONLY_METHODS = new Set(["subscribe", "unsubscribe", "unsubscribe_all"]);

/** Decoded arguments of one call; getters check the kind so a method reads them typed. */
export class RpcParams {
  constructor(private readonly values: ReadonlyMap<string, ParamValue>) {}

  string(name: string): string | undefined {
    return this.typed(name, (value): value is string => typeof value === "string");
  }

  int(name: string): number | undefined {
    return this.typed(name, (value): value is number => typeof value === "number");
  }

  bool(name: string): boolean | undefined {
    return this.typed(name, (value): value is boolean => typeof value === "boolean");
  }

  bytes(name: string): Uint8Array | undefined {
    return this.typed(name, (value): value is Uint8Array => value instanceof Uint8Array);
  }

  private typed<T extends ParamValue>(name: string, is: (value: ParamValue) => value is T): T | undefined {
    const value = this.values.get(name);
    return value !== undefined && is(value) ? value : undefined;
  }
}

/** JSON-RPC params: an object by name (extra keys ignored) or an array in positional order. */
export function paramsFromJson(method: string, raw: unknown): RpcParams {
  const spec = METHOD_PARAMS[method] ?? [];
  const values = new Map<string, ParamValue>();
  if (raw === undefined || raw === null) return new RpcParams(values);
  let byName: [string, ParamKind, unknown][];
  if (Array.isArray(raw)) {
    if (raw.length !== spec.length) {
      throw invalidParams(`error converting json params to arguments: expected ${spec.length} parameters (${spec.map(([name]) => name).join(" ")}), got ${raw.length}`);
    }
    byName = spec.map(([name, kind], i) => [name, kind, raw[i]]);
  } else if (typeof raw === "object") {
    byName = spec.map(([name, kind]) => [name, kind, (raw as Record<string, unknown>)[name]]);
  } else {
    throw invalidParams("error converting json params to arguments: unknown type for JSON params. Expected map or array");
  }
  for (const [name, kind, value] of byName) {
    if (value === undefined || value === null) continue;
    const decoded = fromJsonValue(kind, value);
    if (decoded === undefined) throw invalidParams(`error converting json params to arguments: ${name}: cannot decode ${JSON.stringify(value)} as ${kind}`);
    values.set(name, decoded);
  }
  return new RpcParams(values);
}

function fromJsonValue(kind: ParamKind, value: unknown): ParamValue | undefined {
  switch (kind) {
    case "string":
      return typeof value === "string" ? value : undefined;
    case "int":
      // CometBFT writes int64 as strings; clients send either.
      if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
      return typeof value === "string" && /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
    case "bool":
      return typeof value === "boolean" ? value : undefined;
    case "hex":
      return typeof value === "string" ? decodeHex(value) : undefined;
    case "bytes":
      return typeof value === "string" ? decodeBase64(value) : undefined;
  }
}

/** GET /method?arg=…: arguments from the query string; an empty value counts as absent. */
export function paramsFromUri(method: string, query: URLSearchParams): RpcParams {
  const values = new Map<string, ParamValue>();
  for (const [name, kind] of METHOD_PARAMS[method] ?? []) {
    const text = query.get(name);
    if (!text) continue;
    const decoded = fromUriValue(kind, text);
    if (decoded === undefined) throw invalidParams(`error converting http params to arguments: ${name}: cannot decode ${JSON.stringify(text)} as ${kind}`);
    values.set(name, decoded);
  }
  return new RpcParams(values);
}

function fromUriValue(kind: ParamKind, text: string): ParamValue | undefined {
  const quoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? parseJsonString(text) : undefined;
  const hex = /^0x/i.test(text) ? decodeHex(text.slice(2)) : undefined;
  switch (kind) {
    case "string":
      return hex !== undefined ? Buffer.from(hex).toString("utf8") : quoted;
    case "int":
      return fromJsonValue("int", quoted ?? text);
    case "bool":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "hex":
    case "bytes":
      return hex ?? (quoted === undefined ? undefined : new Uint8Array(Buffer.from(quoted, "utf8")));
  }
}

function parseJsonString(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function decodeHex(text: string): Uint8Array | undefined {
  return /^(?:[0-9a-fA-F]{2})*$/.test(text) ? new Uint8Array(Buffer.from(text, "hex")) : undefined;
}

function decodeBase64(text: string): Uint8Array | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? new Uint8Array(Buffer.from(text, "base64")) : undefined;
}
