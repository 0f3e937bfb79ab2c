/**
 * A read-only viem client for one EVM JSON-RPC endpoint, and the translation of viem's failures into errors
 * that name the setting at fault: an endpoint that does not answer is the RPC URL's problem, a call that
 * returns nothing or reverts is the contract address's.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  createPublicClient,
  getAddress,
  http,
  HttpRequestError,
  isAddress,
  TimeoutError,
  type Address,
  type PublicClient,
} from "viem";
import { Dec } from "../../costs/decimal.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { EvmContractReadError, EvmRpcUnreachableError } from "./errors.js";

export type EvmEndpoint = { rpcUrl: string; /** The setting the URL came from, e.g. "yield.evm[0].rpcUrl" or "--evm-rpc". */ setting: string; timeoutMs?: number };

export function evmClient(endpoint: EvmEndpoint): PublicClient {
  let url: URL | undefined;
  try {
    url = new URL(endpoint.rpcUrl);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new InvalidInputError("Invalid EVM RPC URL", [{ field: endpoint.setting, found: JSON.stringify(endpoint.rpcUrl), expected: "an http(s) URL of an Ethereum JSON-RPC endpoint" }]);
  }
  // One try: a report reads a handful of values, and a dead endpoint should say so at once.
  return createPublicClient({ transport: http(endpoint.rpcUrl, { timeout: endpoint.timeoutMs ?? 10_000, retryCount: 0 }) });
}

/** A checksummed address, or InvalidInputError naming `field`. */
export function evmAddress(value: string, field: string): Address {
  if (!isAddress(value, { strict: false })) throw new InvalidInputError("Invalid EVM address", [{ field, found: JSON.stringify(value), expected: "a 20-byte hex address, 0x followed by 40 hex digits" }]);
  return getAddress(value);
}

/** Runs a read; viem's errors become EvmRpcUnreachableError or EvmContractReadError. */
export async function evmRead<T>(endpoint: EvmEndpoint, target: { what: string; address: string; setting: string }, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw evmFailure(endpoint, target, error);
  }
}

function evmFailure(endpoint: EvmEndpoint, target: { what: string; address: string; setting: string }, error: unknown): Error {
  if (!(error instanceof BaseError)) return error as Error;
  const transport = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
  if (transport instanceof TimeoutError) return new EvmRpcUnreachableError(endpoint.setting, endpoint.rpcUrl, `no answer within ${endpoint.timeoutMs ?? 10_000} ms`, error);
  if (transport instanceof HttpRequestError) {
    const reason = transport.status ? `HTTP ${transport.status}` : (causeMessage(transport) ?? transport.shortMessage);
    return new EvmRpcUnreachableError(endpoint.setting, endpoint.rpcUrl, reason, error);
  }
  if (error.walk((e) => e instanceof ContractFunctionZeroDataError)) {
    return new EvmContractReadError(target.what, target.address, target.setting, "no data: there is no contract at that address (at that block), or it does not have this function", error);
  }
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  if (reverted) return new EvmContractReadError(target.what, target.address, target.setting, `the call reverted${reverted.reason ? `: ${reverted.reason}` : ""}`, error);
  return new EvmContractReadError(target.what, target.address, target.setting, error.shortMessage, error);
}

/** The network error under viem's "HTTP request failed" (ECONNREFUSED, ENOTFOUND, …). */
function causeMessage(error: HttpRequestError): string | undefined {
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    if (code) return `${code} (${cause.message})`;
    cause = cause.cause;
  }
  return undefined;
}

/** A token amount in whole tokens, exact up to 18 decimals. */
export const tokenAmount = (raw: bigint, decimals: number): Dec => Dec.from(raw).div(Dec.from(10n ** BigInt(decimals)));
