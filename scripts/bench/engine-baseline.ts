/**
 * The baseline the engine is compared with: the flow of Akash's official GitHub deploy action
 * (akash-network/gh-actions, packages/deploy), which sleeps 10 s before each look at the bids and takes the
 * first look that finds any. The action looks at the lease status once after the manifest; to compare time to
 * a *serving* endpoint, the baseline keeps the same 10 s cadence until the provider reports the service
 * available and its /health answers 200. Built from the product's own chain and provider clients, in process.
 */
import type { ChainClient } from "../../src/chain/chain-client.js";
import { msgCreateDeployment, msgCreateLease } from "../../src/chain/messages.js";
import { getDeploymentParams, listBids, minDepositIn } from "../../src/chain/queries/index.js";
import type { Bid } from "../../src/chain/types.js";
import type { Secret } from "../../src/config/secret.js";
import { Dec } from "../../src/costs/decimal.js";
import type { ValidAnalysis } from "../../src/engine/deploy-types.js";
import { closeDeployments } from "../../src/engine/close-deployments.js";
import { endpointOf, exposedServices } from "../../src/engine/endpoint.js";
import type { Labels } from "../../src/engine/labels.js";
import { placeGroups } from "../../src/engine/place-groups.js";
import { ProviderClient } from "../../src/provider/provider-client.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { parseRenderParams } from "../../src/sdl/render-params.js";
import { renderSdl } from "../../src/sdl/render.js";
import { ENGINE_BLOCK_MS, sleep } from "./engine-devnet.js";

/** The action's cadence: `await wait(10_000)` before every look. */
export const BASELINE_POLL_MS = 10_000;
/** The action's default lease-timeout (180 s) in looks; the bench uses the same bound for readiness. */
const MAX_LOOKS = 18;

export type BaselineRun = {
  dseq: bigint;
  createdHeight: number;
  firstBidHeight: number;
  leaseHeight: number;
  bidLooks: number;
  statusLooks: number;
  /** Milliseconds from just before the create tx to each step's end. */
  ms: { created: number; bidChosen: number; leased: number; manifestSent: number; ready: number };
};

/**
 * The order `akash-gpu deploy --runtime vllm --model Qwen/Qwen3-8B --gpu h100` sends (the CLI's defaults: one
 * GPU, the default price ceiling), its groups carrying `labels` as `--label` puts them.
 */
export async function qwenOrder(labels: Labels = {}): Promise<ValidAnalysis> {
  const price = { blockTimeMs: ENGINE_BLOCK_MS, actUsd: Dec.parse("1") };
  const rendered = renderSdl(parseRenderParams({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], gpuCount: "1" }), price);
  const analysis = await analyzeSdl(placeGroups(rendered.yaml, { replicas: 1, labels }), price);
  if (!analysis.valid) throw new Error(`the rendered SDL must be valid: ${JSON.stringify(analysis.errors)}`);
  return analysis;
}

const cheapest = (bids: Bid[]): Bid => [...bids].sort((a, b) => a.price.amount.cmp(b.price.amount))[0]!;

export async function baselineDeploy(chain: ChainClient, mnemonic: Secret, order: ValidAnalysis): Promise<BaselineRun> {
  const params = await getDeploymentParams(chain.sdk);
  const deposit = minDepositIn(params, "uact")?.amount.ceil(0).toBigInt() ?? 500_000n; // the action's default: 500000
  const start = performance.now();
  const since = () => performance.now() - start;
  const dseq = BigInt(await chain.height()); // the action's dseq: the latest height
  const created = await chain.signAndBroadcast([msgCreateDeployment({ owner: chain.address, dseq, groups: order.groupSpecs, hash: Buffer.from(order.manifestVersion, "hex"), deposit: { denom: "uact", amount: deposit } })], { memo: "bench: baseline create" });
  const ms = { created: since(), bidChosen: 0, leased: 0, manifestSent: 0, ready: 0 };
  const close = async () => {
    const closed = await closeDeployments(chain, [dseq], "bench: baseline close");
    if (closed.failed.length > 0) throw closed.failed[0]!.error;
  };
  try {
    let bids: Bid[] = [];
    let bidLooks = 0;
    while (bids.length === 0) {
      if (bidLooks === MAX_LOOKS) throw new Error(`baseline: no bid on ${dseq} after ${MAX_LOOKS} looks`);
      await sleep(BASELINE_POLL_MS);
      bidLooks++;
      bids = await listBids(chain.sdk, { owner: chain.address, dseq, state: "open" });
    }
    const bid = cheapest(bids);
    ms.bidChosen = since();
    const lease = await chain.signAndBroadcast([msgCreateLease(bid.id)], { memo: "bench: baseline lease" });
    ms.leased = since();
    const provider = await ProviderClient.connect({ sdk: chain.sdk, provider: bid.id.provider, owner: chain.address, mnemonic });
    await provider.sendManifest(dseq, order.manifestJson, { deadline: new Date(Date.now() + 5 * 60_000) });
    ms.manifestSent = since();
    const exposed = exposedServices(order.manifestJson);
    let statusLooks = 0;
    for (let ready = false; !ready; ) {
      if (statusLooks === MAX_LOOKS) throw new Error(`baseline: ${dseq} not ready after ${MAX_LOOKS} looks`);
      await sleep(BASELINE_POLL_MS);
      statusLooks++;
      const status = await provider.leaseStatus({ dseq, gseq: bid.id.gseq, oseq: bid.id.oseq }).catch(() => undefined);
      const services = Object.values(status?.services ?? {});
      const url = status && endpointOf(status, exposed);
      if (services.length === 0 || services.some((s) => s.total === 0 || s.available < s.total) || !url) continue;
      ready = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(5_000) }).then((reply) => reply.status === 200, () => false);
    }
    ms.ready = since();
    await close();
    return { dseq, createdHeight: created.height, firstBidHeight: Math.min(...bids.map((b) => b.createdAt)), leaseHeight: lease.height, bidLooks, statusLooks, ms };
  } catch (error) {
    await close().catch(() => undefined); // the bench's own failure is the one to report
    throw error;
  }
}
