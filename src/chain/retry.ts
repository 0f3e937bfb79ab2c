/**
 * Retries of transient faults with exponential backoff (p-retry): timeouts, refused or reset connections,
 * HTTP 408/429/5xx, gRPC Unavailable/DeadlineExceeded, a full mempool. Everything else — a node's verdict
 * on a transaction, a bad URL — fails at once. Broadcasts are not retried through here blindly: see
 * broadcast.ts for how a repeated broadcast stays safe.
 */
import pRetry from "p-retry";
import { ChainTxError, NodeUnreachableError, type Endpoint } from "./errors.js";

export type RetryPolicy = {
  /** Further attempts after the first. */
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
};

/** About 14 s of retries in all: covers a node restarting or a load balancer's brief 503s. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minDelayMs: 250, maxDelayMs: 5_000 };

export type RetryEvent = { operation: string; attempt: number; retriesLeft: number; error: Error };

export function isTransient(error: unknown): boolean {
  if (error instanceof NodeUnreachableError) return error.transient;
  if (error instanceof ChainTxError) return error.is("sdk", 20); // mempool is full
  return false;
}

export function withRetry<T>(operation: string, run: () => Promise<T>, policy: RetryPolicy, onRetry?: (event: RetryEvent) => void): Promise<T> {
  return pRetry(run, {
    retries: policy.retries,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    factor: 2,
    shouldRetry: ({ error }) => isTransient(error),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (isTransient(error) && retriesLeft > 0) onRetry?.({ operation, attempt: attemptNumber, retriesLeft, error });
    },
  });
}

/** gRPC status codes (chain-sdk's SDKError.code) that mean "try again". */
const TRANSIENT_GRPC = new Set([4 /* DeadlineExceeded */, 8 /* ResourceExhausted */, 14 /* Unavailable */]);

/**
 * A chain-sdk query failure as the client's errors: transport faults become NodeUnreachableError for the
 * gRPC endpoint (transient or not); a node's refusal (NotFound, InvalidArgument, …) is returned unchanged.
 */
export function grpcFailure(endpoint: Endpoint, error: unknown): unknown {
  const err = error as { code?: unknown; message?: string; rawMessage?: string; cause?: { code?: string } };
  const message = String(err?.rawMessage ?? err?.message ?? error);
  const causeCode = err?.cause?.code;
  if (typeof err?.code === "number" && TRANSIENT_GRPC.has(err.code)) return new NodeUnreachableError(endpoint, message, { transient: true, cause: error });
  if (/HTTP 5\d\d|ECONNREFUSED|ECONNRESET|socket hang up|GOAWAY/i.test(message) || (causeCode && /^E(CONN|PIPE|TIMEDOUT)/.test(causeCode))) {
    return new NodeUnreachableError(endpoint, message, { transient: true, cause: error });
  }
  if (/ENOTFOUND|protocol error|unsupported content type/i.test(message)) return new NodeUnreachableError(endpoint, message, { transient: false, cause: error });
  return error;
}
