/**
 * JSON-RPC 2.0 envelopes as CometBFT 0.38 writes them (rpc/jsonrpc/types): error codes and messages, a
 * free-text `data`, `id` echoed back and left out when the request had none to detect.
 */
export type JsonRpcId = number | string;

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id?: JsonRpcId; result: unknown }
  | { jsonrpc: "2.0"; id?: JsonRpcId; error: { code: number; message: string; data?: string } };

/** A failure to report as a JSON-RPC error object. */
export class JsonRpcError extends Error {
  override readonly name = "JsonRpcError";

  constructor(
    readonly code: number,
    readonly rpcMessage: string,
    readonly data: string,
  ) {
    super(`${rpcMessage}${data ? `: ${data}` : ""}`);
  }
}

export const parseError = (data: string): JsonRpcError => new JsonRpcError(-32700, "Parse error. Invalid JSON", data);
export const invalidRequest = (data: string): JsonRpcError => new JsonRpcError(-32600, "Invalid Request", data);
export const methodNotFound = (): JsonRpcError => new JsonRpcError(-32601, "Method not found", "");
export const invalidParams = (data: string): JsonRpcError => new JsonRpcError(-32602, "Invalid params", data);
/** CometBFT answers every failure inside a method (unknown tx, height out of range, …) with this code. */
export const internalError = (data: string): JsonRpcError => new JsonRpcError(-32603, "Internal error", data);

export function successResponse(id: JsonRpcId | undefined, result: unknown): JsonRpcResponse {
  return { jsonrpc: "2.0", ...(id === undefined ? {} : { id }), result };
}

export function errorResponse(id: JsonRpcId | undefined, error: JsonRpcError): JsonRpcResponse {
  const body = { code: error.code, message: error.rpcMessage, ...(error.data ? { data: error.data } : {}) };
  return { jsonrpc: "2.0", ...(id === undefined ? {} : { id }), error: body };
}

/** A request with its id, method and raw params, once the envelope is known to be well-formed. */
export type JsonRpcRequest = { id: JsonRpcId | undefined; method: string; params: unknown };

/**
 * Checks one request object. `undefined` id means a notification, which CometBFT does not answer.
 * Returns a JsonRpcError for objects that are no request at all.
 */
export function readRequest(value: unknown): JsonRpcRequest | JsonRpcError {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return invalidRequest("request must be a JSON object");
  const record = value as Record<string, unknown>;
  const id = record.id;
  if (id !== undefined && id !== null && typeof id !== "number" && typeof id !== "string") return invalidRequest("id must be a number or a string");
  if (typeof record.method !== "string") return invalidRequest("method must be a string");
  return { id: id ?? undefined, method: record.method, params: record.params };
}
