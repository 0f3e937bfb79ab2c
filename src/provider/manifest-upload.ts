/**
 * Delivering a manifest despite a flaky provider. The provider closes a lease that got no manifest within
 * 5 minutes of its creation, so a failed upload is retried — 5xx, 429, connection refused/reset/timeouts — with
 * exponential backoff and jitter until the caller's deadline. A refusal of the manifest itself (422 version
 * mismatch, 400) is final, and so is a certificate mismatch or an auth failure (thrown by `send`).
 */
import { ManifestDeadlineError, ManifestRejectedError, ProviderUnreachableError } from "./errors.js";
import type { HttpReply } from "./pinned-tls.js";
import { excerpt } from "./redact.js";

export type ManifestAttempt = { n: number; status?: number; error?: string; delayMs: number };

export interface ManifestUploadOptions {
  dseq: bigint;
  provider: string;
  deadline: Date;
  /** Called after each failed attempt that will be retried, with the wait before the next one. */
  onAttempt?: (attempt: ManifestAttempt) => void;
  /** Upper bound of one attempt. */
  attemptTimeoutMs: number;
  /** Strings that must not appear in errors (the manifest's env values). */
  secrets: readonly string[];
}

/** One upload; resolves with the provider's reply, throws ProviderUnreachableError when it could not be sent. */
export type SendManifest = (timeoutMs: number) => Promise<HttpReply>;

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;
/** An attempt gets at least this long, even when the deadline is closer (the provider may still take it). */
const MIN_ATTEMPT_MS = 5_000;
/**
 * A provider learns about new leases from chain events, a block or two after they happen; until then it answers
 * 404 "no lease for deployment". Past this grace period a 404 means there is no lease.
 */
const NOT_FOUND_GRACE_MS = 30_000;

export async function uploadManifest(send: SendManifest, options: ManifestUploadOptions): Promise<{ attempts: number; ms: number }> {
  const { dseq, provider, deadline } = options;
  const started = Date.now();
  for (let n = 1; ; n += 1) {
    const remaining = deadline.getTime() - Date.now();
    const timeoutMs = Math.min(options.attemptTimeoutMs, Math.max(remaining, MIN_ATTEMPT_MS));
    let failure: { status?: number; error: string; cause?: unknown };
    try {
      const reply = await send(timeoutMs);
      if (reply.status >= 200 && reply.status < 300) return { attempts: n, ms: Date.now() - started };
      const message = excerpt(reply.body, options.secrets);
      const retryable = reply.status >= 500 || reply.status === 429 || (reply.status === 404 && Date.now() - started < NOT_FOUND_GRACE_MS);
      if (!retryable) throw new ManifestRejectedError(dseq, provider, reply.status, message);
      failure = { status: reply.status, error: `HTTP ${reply.status}${message ? ` ${message}` : ""}` };
    } catch (error) {
      if (!(error instanceof ProviderUnreachableError)) throw error;
      failure = { error: error.code, cause: error };
    }
    const delayMs = backoff(n);
    if (Date.now() + delayMs >= deadline.getTime()) {
      throw new ManifestDeadlineError(dseq, provider, deadline, n, failure.error, failure.cause);
    }
    options.onAttempt?.({ n, ...(failure.status === undefined ? {} : { status: failure.status }), error: failure.error, delayMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** Exponential, capped, with "equal jitter": half the delay fixed, half random, so retrying clients spread out. */
export function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
