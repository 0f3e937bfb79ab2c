/**
 * Errors of EVM position reads. Each names the setting the RPC URL or contract address came from, so the user
 * knows what to change; none carries a private key (these reads never sign).
 */
import { AkashGpuError } from "../../errors/base.js";

/** No answer from the EVM JSON-RPC endpoint: refused, timed out, not JSON-RPC, or an HTTP error. */
export class EvmRpcUnreachableError extends AkashGpuError {
  override name = "EvmRpcUnreachableError";
  constructor(
    readonly setting: string,
    readonly rpcUrl: string,
    reason: string,
    cause: unknown,
  ) {
    super(`Cannot reach the EVM RPC endpoint ${rpcUrl} (${setting})`, {
      metaMessages: [
        `expected: an Ethereum JSON-RPC endpoint (http(s)://…) at ${setting}`,
        `found: ${reason}`,
        `what to do next: check ${setting} — the URL, the port, and that the node runs — or point it at another RPC provider`,
      ],
      cause,
    });
  }
}

/** The endpoint answered, but the contract call failed: no contract there, not that interface, or a revert. */
export class EvmContractReadError extends AkashGpuError {
  override name = "EvmContractReadError";
  constructor(what: string, address: string, setting: string, found: string, cause: unknown) {
    super(`Cannot read ${what} from ${address}`, {
      metaMessages: [
        `expected: ${what} at ${address} (${setting})`,
        `found: ${found}`,
        `what to do next: check ${setting} and the chain its RPC URL serves (the contract must exist there, at that block)`,
      ],
      cause,
    });
  }
}
