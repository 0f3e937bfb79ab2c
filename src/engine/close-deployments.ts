/**
 * Closing deployments returns what is left in their escrow accounts to the wallet. Many closes go into as few
 * transactions as the gas limit allows; deployments already closed on chain are skipped, not failed, and
 * dseqs the chain does not know fail without being sent (a batch with one refused message fails whole).
 * The refund is measured as the change of the wallet's uact balance around the closes (fees are paid in uakt).
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { msgCloseDeployment } from "../chain/messages.js";
import { getDeployment, listDeployments } from "../chain/queries/index.js";
import type { QuerySdk } from "../chain/query-sdk.js";
import type { TxResult } from "../chain/types.js";
import { AkashGpuError } from "../errors/base.js";

export interface BatchingChain {
  readonly address: string;
  readonly sdk: QuerySdk;
  broadcastBatched(messages: EncodeObject[], options?: { memo?: string }): Promise<{ txs: TxResult[]; failed: { index: number; error: AkashGpuError }[] }>;
}

export type CloseResult = {
  /** Closed by this call. */
  closed: bigint[];
  /** Already closed on chain (by an earlier close, or by the chain when escrow ran out): nothing to do. */
  skipped: bigint[];
  txs: TxResult[];
  refunded: bigint;
  failed: { dseq: bigint; error: AkashGpuError }[];
};

export async function uactBalance(sdk: QuerySdk, address: string): Promise<bigint> {
  const { balance } = await sdk.cosmos.bank.v1beta1.getBalance({ address, denom: "uact" });
  return BigInt(balance?.amount ?? "0");
}

/** Up to this many dseqs are looked up one by one; more are checked against one paged listing. */
const SINGLE_LOOKUPS = 3;

export async function closeDeployments(chain: BatchingChain, dseqs: bigint[], memo = "akash-gpu: close"): Promise<CloseResult> {
  const unique = [...new Set(dseqs)];
  if (unique.length === 0) return { closed: [], skipped: [], txs: [], refunded: 0n, failed: [] };
  const states = await statesOf(chain, unique);
  const open = unique.filter((dseq) => states.get(dseq) === "active");
  const skipped = unique.filter((dseq) => states.get(dseq) === "closed");
  const failed: CloseResult["failed"] = unique.filter((dseq) => states.get(dseq) === undefined).map((dseq) => ({ dseq, error: notFound(chain.address, dseq) }));
  if (open.length === 0) return { closed: [], skipped, txs: [], refunded: 0n, failed };

  const before = await uactBalance(chain.sdk, chain.address);
  const messages = open.map((dseq) => msgCloseDeployment({ owner: chain.address, dseq }));
  const sent = await chain.broadcastBatched(messages, { memo });
  const after = await uactBalance(chain.sdk, chain.address);
  const failedAt = new Map(sent.failed.map((f) => [f.index, f.error]));
  // One that failed because the chain closed it meanwhile (its escrow ran out) is closed all the same.
  const recheck = await statesOf(chain, open.filter((_, i) => failedAt.has(i)));
  const closed: bigint[] = [];
  open.forEach((dseq, i) => {
    const error = failedAt.get(i);
    if (!error) closed.push(dseq);
    else if (recheck.get(dseq) === "closed") skipped.push(dseq);
    else failed.push({ dseq, error });
  });
  return { closed, skipped, txs: sent.txs, refunded: after - before, failed };
}

async function statesOf(chain: BatchingChain, dseqs: bigint[]): Promise<Map<bigint, "active" | "closed">> {
  const owner = chain.address;
  const states = new Map<bigint, "active" | "closed">();
  if (dseqs.length > SINGLE_LOOKUPS) {
    const wanted = new Set(dseqs);
    for (const d of await listDeployments(chain.sdk, { owner, state: "active" })) if (wanted.has(d.id.dseq)) states.set(d.id.dseq, d.state);
  }
  const rest = dseqs.filter((dseq) => !states.has(dseq));
  const found = await Promise.all(rest.map((dseq) => getDeployment(chain.sdk, { owner, dseq })));
  for (const deployment of found) if (deployment) states.set(deployment.id.dseq, deployment.state);
  return states;
}

function notFound(owner: string, dseq: bigint): AkashGpuError {
  return new AkashGpuError(`No deployment ${dseq} of ${owner} on this chain`, {
    metaMessages: ["expected: the dseq of one of this wallet's deployments", "what to do next: `akash-gpu list --all` shows them; check --network and the wallet"],
  });
}
