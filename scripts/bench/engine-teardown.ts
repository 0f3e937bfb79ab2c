/**
 * Teardown of 100 deployments: created quickly with the product's batching (MsgCreateDeployment, labelled
 * `bench=teardown` in their group names, the minimum deposit each), left until the providers' bids are in,
 * then closed by the real CLI as a CI job does it: `akash-gpu teardown --label bench=teardown --json`.
 */
import { msgCreateDeployment } from "../../src/chain/messages.js";
import { getDeploymentParams, listDeployments, minDepositIn } from "../../src/chain/queries/index.js";
import { allBids } from "../../src/devnet/chain/modules/market.js";
import { qwenOrder } from "./engine-baseline.js";
import type { EngineDevnet } from "./engine-devnet.js";

export const TEARDOWN_DEPLOYMENTS = 100;
/** On chain in the group names; what `--label bench=teardown` selects. */
const LABELS = { bench: "teardown" };

export type TeardownResult = {
  created: { txs: number; ms: number; deposit: bigint };
  bidsBeforeTeardown: number;
  closed: number;
  failed: number;
  txs: number;
  /** Heights of the teardown's txs, lowest and highest. */
  firstHeight: number;
  lastHeight: number;
  wallMs: number;
  refunded: bigint;
  stillOpen: number;
};

type TeardownJson = { closed: string[]; txs: string[]; refunded: { amount: string }; failed: unknown[] };

export async function benchTeardown(local: EngineDevnet): Promise<TeardownResult> {
  const { chain, devnet } = local;
  const order = await qwenOrder(LABELS);
  const deposit = minDepositIn(await getDeploymentParams(chain.sdk), "uact")!.amount.ceil(0).toBigInt();

  const base = BigInt(await chain.height()) * 1000n;
  const dseqs = Array.from({ length: TEARDOWN_DEPLOYMENTS }, (_, i) => base + BigInt(i));
  const messages = dseqs.map((dseq) => msgCreateDeployment({ owner: chain.address, dseq, groups: order.groupSpecs, hash: Buffer.from(order.manifestVersion, "hex"), deposit: { denom: "uact", amount: deposit } }));
  const createStart = performance.now();
  const created = await chain.broadcastBatched(messages, { memo: "bench: create for teardown" });
  const createMs = performance.now() - createStart;
  if (created.failed.length > 0) throw created.failed[0]!.error;
  // Let the providers bid (they do in the next block or two), so the closes also close open bids and orders.
  const bidsIn = await waitForBids(local, dseqs);

  const run = await local.cli(["teardown", "--label", "bench=teardown", "--json"]);
  if (run.status !== 0) throw new Error(`akash-gpu teardown exited ${run.status}:\n${run.stderr}`);
  const result = JSON.parse(run.stdout) as TeardownJson;
  const heights = result.txs.map((hash) => {
    const tx = devnet.chain.getTx(hash);
    if (!tx) throw new Error(`teardown tx ${hash} is not on the devnet`);
    return tx.height;
  });
  const wanted = new Set(dseqs);
  const stillOpen = (await listDeployments(chain.sdk, { owner: chain.address, state: "active" })).filter((d) => wanted.has(d.id.dseq)).length;
  return {
    created: { txs: created.txs.length, ms: createMs, deposit },
    bidsBeforeTeardown: bidsIn,
    closed: result.closed.length,
    failed: result.failed.length,
    txs: result.txs.length,
    firstHeight: Math.min(...heights),
    lastHeight: Math.max(...heights),
    wallMs: run.wallMs,
    refunded: BigInt(result.refunded.amount),
    stillOpen,
  };
}

/** Waits until no new bid came on these deployments for 3 blocks (at most 30 blocks); the open bids then. */
async function waitForBids(local: EngineDevnet, dseqs: bigint[]): Promise<number> {
  const wanted = new Set(dseqs);
  // Read from the devnet's store in this process: one look per block instead of 100 queries.
  const count = () => allBids(local.devnet.chain).filter((bid) => bid.state === "open" && bid.owner === local.chain.address && wanted.has(bid.dseq)).length;
  let last = -1;
  let height = await local.chain.height();
  for (let quiet = 0, blocks = 0; quiet < 3 && blocks < 30; blocks++) {
    height = await local.chain.waitForBlock(height);
    const now = count();
    quiet = now > 0 && now === last ? quiet + 1 : 0;
    last = now;
  }
  return last;
}
