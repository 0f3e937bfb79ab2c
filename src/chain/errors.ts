/**
 * Typed errors of the chain client. A refusal by the chain (simulation, CheckTx, DeliverTx, a query) is a
 * ChainTxError carrying the codespace, code, raw log and tx hash, explained from the catalog; a node that
 * cannot be reached is a NodeUnreachableError naming the setting to change. Neither ever holds the mnemonic:
 * they are built from what the node answered and from the endpoint URLs.
 */
import { AkashGpuError } from "../errors/base.js";
import { embeddedErrorText, identifyByText, lookupExplanation } from "./error-catalog.js";

/** Where the chain refused: a dry run, the mempool's CheckTx, the block's DeliverTx, or a query. */
export type TxPhase = "simulate" | "check" | "deliver" | "query";

export type ChainTxErrorFields = {
  codespace: string;
  code: number;
  rawLog: string;
  phase: TxPhase;
  txHash?: string;
  height?: number;
  /** The wallet's address, so the advice can name it. */
  address?: string;
};

const PHASE_TEXT: Record<TxPhase, string> = {
  simulate: "The transaction would fail",
  check: "The node refused the transaction",
  deliver: "The transaction failed on chain",
  query: "The chain refused the query",
};

export class ChainTxError extends AkashGpuError {
  override name = "ChainTxError";
  readonly codespace: string;
  readonly code: number;
  readonly rawLog: string;
  readonly phase: TxPhase;
  readonly txHash: string | undefined;
  /** The failing message's position in the transaction, when the chain names it. */
  readonly messageIndex: number | undefined;
  /**
   * The module error inside a failed simulation that mainnet's nodes wrap as sdk 6 (codespace lost),
   * identified by its registered text; undefined otherwise. `is()` answers for it too.
   */
  readonly embedded: { codespace: string; code: number } | undefined;

  constructor(fields: ChainTxErrorFields) {
    const explanation = lookupExplanation(fields.codespace, fields.code, fields.rawLog);
    const text = embeddedErrorText(fields.codespace, fields.code, fields.rawLog);
    const identified = text === undefined ? undefined : identifyByText(text);
    const embedded = identified && { codespace: identified.codespace, code: identified.explanation.code };
    const what = explanation?.explain ?? `the chain answered with error ${fields.codespace}/${fields.code}`;
    const next = explanation ? (typeof explanation.next === "string" ? explanation.next : explanation.next({ rawLog: fields.rawLog, address: fields.address })) : "Read the details below; they are the node's own words.";
    const code = `codespace ${fields.codespace}, code ${fields.code}` + (embedded ? ` around ${embedded.codespace} ${embedded.code} (known by its text: the node drops the codespace of a failed simulation)` : "");
    const where = [code, fields.txHash ? `tx ${fields.txHash}` : undefined, fields.height ? `height ${fields.height}` : undefined].filter(Boolean).join(", ");
    super(`${PHASE_TEXT[fields.phase]}: ${lowerFirst(what)}`, {
      metaMessages: [`found: ${where}`, `what to do next: ${next}`],
      details: fields.rawLog || undefined,
    });
    this.codespace = fields.codespace;
    this.code = fields.code;
    this.rawLog = fields.rawLog;
    this.phase = fields.phase;
    this.txHash = fields.txHash;
    const index = /message index: (\d+)/.exec(fields.rawLog)?.[1];
    this.messageIndex = index === undefined ? undefined : Number(index);
    this.embedded = embedded;
  }

  /** Whether this is that error: as the node reported it, or as identified inside a wrapped simulation failure. */
  is(codespace: string, code: number): boolean {
    return (this.codespace === codespace && this.code === code) || (this.embedded?.codespace === codespace && this.embedded.code === code);
  }
}

export const isSequenceMismatch = (error: unknown): error is ChainTxError =>
  error instanceof ChainTxError && (error.is("sdk", 32) || (error.codespace === "sdk" && /account sequence mismatch/i.test(error.rawLog)));

/** The client-side view of which endpoint failed, so the message names the right setting. */
export type Endpoint = { url: string; kind: "rpc" | "grpc" };

const SETTING: Record<Endpoint["kind"], { env: string; flag: string; what: string }> = {
  rpc: { env: "AKASH_RPC", flag: "--rpc", what: "a CometBFT RPC endpoint (port 26657 on a node)" },
  grpc: { env: "AKASH_GRPC", flag: "--grpc", what: "a gRPC endpoint (port 9090 on a node)" },
};

/** The node did not answer, or answered with something that is not the protocol. `transient`: worth retrying. */
export class NodeUnreachableError extends AkashGpuError {
  override name = "NodeUnreachableError";
  readonly endpoint: Endpoint;
  readonly transient: boolean;
  readonly reason: string;

  constructor(endpoint: Endpoint, reason: string, options: { transient: boolean; cause?: unknown }) {
    const setting = SETTING[endpoint.kind];
    super(`Cannot reach the node at ${endpoint.url}`, {
      metaMessages: [
        `found: ${reason}`,
        `expected: ${setting.what} at ${setting.env} / ${setting.flag}`,
        `what to do next: check the URL and your connection, or point ${setting.env} (${setting.flag}) at another node; for --network local, start the devnet with \`akash-gpu devnet start\`.`,
      ],
      cause: options.cause,
    });
    this.endpoint = endpoint;
    this.transient = options.transient;
    this.reason = reason;
  }
}

export class ChainIdMismatchError extends AkashGpuError {
  override name = "ChainIdMismatchError";

  constructor(rpc: string, configured: string, actual: string) {
    super(`The node at ${rpc} serves chain ${actual}, not ${configured}`, {
      metaMessages: [
        `expected: chain id ${configured} (AKASH_CHAIN_ID / --chain-id)`,
        `found: ${actual}`,
        `what to do next: point AKASH_RPC (--rpc) at a node of ${configured}, or set --chain-id ${actual} if that is the network you mean.`,
      ],
    });
  }
}

export class AccountNotFoundError extends AkashGpuError {
  override name = "AccountNotFoundError";

  constructor(address: string, chainId: string) {
    super(`The wallet ${address} has no account on ${chainId} yet`, {
      metaMessages: ["found: no account: an address gets one when it first receives funds", `what to do next: send AKT to ${address} (gas is paid in AKT), then run again.`],
    });
  }
}

/** A transaction left the client but was not seen in a block in time: it may still land. */
export class TxNotCommittedError extends AkashGpuError {
  override name = "TxNotCommittedError";
  readonly txHash: string;

  constructor(txHash: string, waitedMs: number, cause?: unknown) {
    super(`Transaction ${txHash} was not seen in a block within ${Math.round(waitedMs / 1000)} s`, {
      metaMessages: [
        "found: the node did not report it committed; it may still be committed later, or have been dropped",
        `what to do next: look the hash up (e.g. \`akash query tx ${txHash}\` or an explorer) before sending the same action again.`,
      ],
      cause,
    });
    this.txHash = txHash;
  }
}

/** No new block within the wait: the chain stalled, or the node stopped answering. */
export class BlockTimeoutError extends AkashGpuError {
  override name = "BlockTimeoutError";

  constructor(rpc: string, afterHeight: number, waitedMs: number, cause?: unknown) {
    super(`No block after height ${afterHeight} within ${Math.round(waitedMs / 1000)} s from ${rpc}`, {
      metaMessages: ["found: the chain did not advance, or the node stopped answering", "what to do next: check the node (AKASH_RPC / --rpc) and run again."],
      cause,
    });
  }
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
