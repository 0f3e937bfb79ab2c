/**
 * The one error type of akash-gpu. Every failure a user can meet is an AkashGpuError (or a subclass) with:
 * - `shortMessage`: one line saying what went wrong;
 * - `metaMessages`: lines with what was expected / found / what to do next;
 * - `details`: the underlying technical text (from a cause), shown under the message;
 * - `cause`: the chain of errors that led here (standard `Error.cause`);
 * - `exitCode`: what the CLI exits with, so CI can branch on it.
 * The full `message` is assembled from these parts, the way viem's BaseError does it.
 */
import { ExitCode } from "./exit-codes.js";

export type AkashGpuErrorOptions = {
  metaMessages?: string[];
  details?: string;
  cause?: unknown;
  exitCode?: ExitCode;
};

export class AkashGpuError extends Error {
  override name = "AkashGpuError";
  readonly shortMessage: string;
  readonly metaMessages: string[];
  readonly details: string | undefined;
  readonly exitCode: ExitCode;

  constructor(shortMessage: string, options: AkashGpuErrorOptions = {}) {
    const details = options.details ?? detailsOf(options.cause);
    super(formatMessage(shortMessage, options.metaMessages ?? [], details), { cause: options.cause });
    this.shortMessage = shortMessage;
    this.metaMessages = options.metaMessages ?? [];
    this.details = details;
    this.exitCode = options.exitCode ?? ExitCode.Failure;
  }
}

function detailsOf(cause: unknown): string | undefined {
  if (cause instanceof AkashGpuError) return cause.details ?? cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? undefined : String(cause);
}

function formatMessage(shortMessage: string, metaMessages: string[], details: string | undefined): string {
  const lines = [shortMessage];
  if (metaMessages.length > 0) lines.push("", ...metaMessages);
  if (details) lines.push("", `Details: ${details}`);
  return lines.join("\n");
}
