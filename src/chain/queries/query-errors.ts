/**
 * How a failed query reaches the user: one AkashGpuError naming what was asked, of which endpoint, why it
 * failed and what to check. "Not found" is not a failure for lookups (they return undefined): see isNotFound.
 */
import { SDKError, SDKErrorCode } from "@akashnetwork/chain-sdk";
import { AkashGpuError } from "../../errors/base.js";
import { queryEndpointOf, type QuerySdk } from "../query-sdk.js";

/** A query that failed; `code` is the gRPC status (chain-sdk's SDKErrorCode), for retry policies to branch on. */
export class ChainQueryError extends AkashGpuError {
  override name = "ChainQueryError";
  constructor(
    shortMessage: string,
    readonly code: SDKErrorCode | undefined,
    options: ConstructorParameters<typeof AkashGpuError>[1],
  ) {
    super(shortMessage, options);
  }
}

export const isNotFound = (error: unknown): boolean => error instanceof SDKError && error.code === SDKErrorCode.NotFound;

const ENDPOINT_HINT = "what to do next: check the gRPC endpoint (AKASH_GRPC, --grpc or --network); for --network local, that `akash-gpu devnet start` runs";

/** What happened, in words; the technical text goes to `details`. */
function foundFor(code: SDKErrorCode | undefined): string {
  switch (code) {
    case SDKErrorCode.Unavailable:
      return "found: no connection (the endpoint is unreachable, refused the connection or is unavailable)";
    case SDKErrorCode.DeadlineExceeded:
      return "found: no answer within the timeout";
    case SDKErrorCode.Unimplemented:
      return "found: the endpoint does not serve this query (not gRPC, or not a current Akash node)";
    case undefined:
    case SDKErrorCode.Unknown:
    case SDKErrorCode.Internal:
      return "found: the endpoint failed to answer";
    default:
      return `found: the node refused the query (${SDKErrorCode[code]})`;
  }
}

function hintFor(code: SDKErrorCode | undefined): string {
  switch (code) {
    case SDKErrorCode.Unimplemented:
      return "what to do next: point AKASH_GRPC / --grpc at a node of the current Akash network (node v2.1: akash.deployment.v1beta4, akash.market.v1beta5)";
    case SDKErrorCode.InvalidArgument:
    case SDKErrorCode.FailedPrecondition:
    case SDKErrorCode.OutOfRange:
      return "what to do next: the node refused the request itself; check the address, dseq or filter given";
    default:
      return ENDPOINT_HINT;
  }
}

/** Runs one query; any failure becomes "Cannot query <what> from <grpc url>" with the cause attached. */
export async function runQuery<T>(sdk: QuerySdk, what: string, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw queryFailed(sdk, what, error);
  }
}

export function queryFailed(sdk: QuerySdk, what: string, cause: unknown): AkashGpuError {
  if (cause instanceof AkashGpuError) return cause;
  const url = queryEndpointOf(sdk)?.grpcUrl;
  const code = cause instanceof SDKError ? cause.code : undefined;
  // SDKError messages start with the gRPC code, chain-sdk's transport sometimes twice: "[unavailable] [unavailable] …".
  const details = (cause instanceof Error ? cause.message : String(cause)).replace(/^(\[[a-z_]+\] )\1+/, "$1");
  return new ChainQueryError(`Cannot query ${what} from ${url ?? "the gRPC endpoint (AKASH_GRPC / --grpc)"}`, code, {
    metaMessages: [`expected: an Akash node's gRPC endpoint answering ${what}`, foundFor(code), hintFor(code)],
    details,
    cause,
  });
}
