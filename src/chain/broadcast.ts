/**
 * Putting signed bytes on chain without ever executing them twice. A broadcast that failed in transport may
 * have reached the node, so the only thing ever repeated is the same signed bytes (one sequence number: the
 * chain runs them at most once), and after such a failure the hash is looked up first. Once a broadcast is in
 * doubt, a refusal of the copy sent again ("sequence mismatch", "already in cache", fees already spent) may
 * come from the first copy: the client then waits for the hash to be committed — it never signs anew.
 */
import type { CometRpc } from "./comet-rpc.js";
import { CometRpcError } from "./comet-rpc.js";
import { ChainTxError, TxNotCommittedError } from "./errors.js";
import { isTransient, withRetry, type RetryEvent, type RetryPolicy } from "./retry.js";
import type { TxEvent } from "./types.js";

/** A committed transaction as `tx` reports it. */
export type CommittedTx = { hash: string; height: number; code: number; codespace: string; log: string; gasWanted: bigint; gasUsed: bigint; events: TxEvent[] };

type TxJson = {
  hash: string;
  height: string;
  tx_result: { code?: number; codespace?: string; log?: string; gas_wanted?: string; gas_used?: string; events?: { type: string; attributes?: { key: string; value?: string | null }[] }[] };
};

export type BroadcastDeps = {
  rpc: CometRpc;
  retry: RetryPolicy;
  pollMs: number;
  commitTimeoutMs: number;
  onRetry?: (event: RetryEvent) => void;
  /** Called with each height learnt, so block waits profit from it. */
  observeHeight?: (height: number) => void;
  /** The signer, named in advice about funds. */
  address?: string;
};

/** Broadcasts (sync: CheckTx only) and waits for the commit. Throws ChainTxError for CheckTx refusals. */
export async function broadcastAndConfirm(deps: BroadcastDeps, bytes: Uint8Array, hash: string): Promise<CommittedTx> {
  let inDoubt = false;
  let refusedInDoubt: ChainTxError | undefined;
  const tx = Buffer.from(bytes).toString("base64");
  const accepted = await withRetry(
    "broadcast",
    async () => {
      if (inDoubt) {
        const committed = await lookup(deps, hash);
        if (committed) return committed;
      }
      try {
        const result = await deps.rpc.call<{ code?: number; codespace?: string; log?: string }>("broadcast_tx_sync", { tx });
        if (!result.code) return undefined;
        const refusal = new ChainTxError({ codespace: result.codespace ?? "", code: result.code, rawLog: result.log ?? "", phase: "check", txHash: hash, address: deps.address });
        if (refusal.is("sdk", 19)) return undefined; // this very tx is in the mempool already
        // In doubt, any refusal (a taken sequence, a fee already spent) may come from our earlier copy: wait for it.
        if (inDoubt && !isTransient(refusal)) {
          refusedInDoubt = refusal;
          return undefined;
        }
        throw refusal;
      } catch (error) {
        if (error instanceof CometRpcError && /already exists in cache/i.test(`${error.message} ${error.data}`)) return undefined;
        if (isTransient(error)) inDoubt = true;
        throw error;
      }
    },
    deps.retry,
    deps.onRetry,
  );
  return accepted ?? waitForCommit(deps, hash, refusedInDoubt);
}

/** Polls `tx` by hash every pollMs until the node reports it, or commitTimeoutMs passes. */
export async function waitForCommit(deps: BroadcastDeps, hash: string, refusal?: ChainTxError): Promise<CommittedTx> {
  const started = Date.now();
  let lastError: unknown = refusal;
  for (;;) {
    try {
      const committed = await lookup(deps, hash);
      if (committed) return committed;
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastError = error; // keep polling: the node may come back before the deadline
    }
    const waited = Date.now() - started;
    if (waited >= deps.commitTimeoutMs) throw new TxNotCommittedError(hash, waited, lastError);
    await new Promise((resolve) => setTimeout(resolve, Math.min(deps.pollMs, deps.commitTimeoutMs - waited)));
  }
}

/** The committed tx, or undefined while the node does not know it (CometBFT answers "tx (…) not found"). */
async function lookup(deps: BroadcastDeps, hash: string): Promise<CommittedTx | undefined> {
  let found: TxJson;
  try {
    found = await deps.rpc.call<TxJson>("tx", { hash: Buffer.from(hash, "hex").toString("base64"), prove: false });
  } catch (error) {
    if (error instanceof CometRpcError && /not found/i.test(`${error.message} ${error.data}`)) return undefined;
    throw error;
  }
  const result = found.tx_result;
  const height = Number(found.height);
  deps.observeHeight?.(height);
  return {
    hash,
    height,
    code: result.code ?? 0,
    codespace: result.codespace ?? "",
    log: result.log ?? "",
    gasWanted: BigInt(result.gas_wanted ?? "0"),
    gasUsed: BigInt(result.gas_used ?? "0"),
    events: (result.events ?? []).map((event) => ({ type: event.type, attributes: (event.attributes ?? []).map((a) => ({ key: a.key, value: a.value ?? "" })) })),
  };
}
