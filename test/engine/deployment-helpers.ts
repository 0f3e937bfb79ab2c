/**
 * Deployments on a devnet made the way the product makes them: an SDL rendered from parameters, its groups
 * placed and labelled (placeGroups), analysed (analyzeSdl), and sent with the product's chain client.
 */
import type { ChainClient } from "../../src/chain/chain-client.js";
import { msgCreateDeployment, msgCreateLease } from "../../src/chain/messages.js";
import { listBids, listLeases } from "../../src/chain/queries/index.js";
import type { Bid, Lease } from "../../src/chain/types.js";
import { Dec } from "../../src/costs/decimal.js";
import type { Labels } from "../../src/engine/labels.js";
import { placeGroups } from "../../src/engine/place-groups.js";
import { analyzeSdl, type SdlAnalysis } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { params } from "../sdl/helpers.js";
import { waitFor as waitForCondition } from "../devnet/devnet-harness.js";

export type ValidAnalysis = Extract<SdlAnalysis, { valid: true }>;

/** The harness's waitFor with a longer default: these flows wait on bids and settlements. */
export const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 50): Promise<T> => waitForCondition(what, probe, timeoutMs, intervalMs);

/** A vLLM order (llama.cpp with `raw.runtime`), its groups carrying `labels`. */
export async function labelledOrder(blockTimeMs: number, labels: Labels, raw: Record<string, unknown> = {}): Promise<ValidAnalysis> {
  const price = { blockTimeMs, actUsd: Dec.parse("1") };
  const rendered = renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5", ...raw }), price);
  const analysis = await analyzeSdl(placeGroups(rendered.yaml, { replicas: 1, labels }), price);
  if (!analysis.valid) throw new Error(`rendered SDL must be valid: ${JSON.stringify(analysis.errors)}`);
  return analysis;
}

let counter = 0;

/** Creates `count` deployments of `order` in as few transactions as the client batches them; returns their dseqs. */
export async function createDeployments(chain: ChainClient, order: ValidAnalysis, count: number, deposit = 500_000n): Promise<bigint[]> {
  const base = BigInt(await chain.height()) * 1000n + BigInt((counter += count) * 7);
  const dseqs = Array.from({ length: count }, (_, i) => base + BigInt(i));
  const messages = dseqs.map((dseq) =>
    msgCreateDeployment({ owner: chain.address, dseq, groups: order.groupSpecs, hash: Buffer.from(order.manifestVersion, "hex"), deposit: { denom: "uact", amount: deposit } }),
  );
  const { failed } = await chain.broadcastBatched(messages, { memo: "test: create" });
  if (failed.length > 0) throw failed[0]!.error;
  return dseqs;
}

export const cheapest = (bids: Bid[]): Bid => [...bids].sort((a, b) => a.price.amount.cmp(b.price.amount))[0]!;

/** Waits for bids on the deployment's order, leases the one `pick` chooses (default the cheapest); returns the lease. */
export async function leaseFor(chain: ChainClient, dseq: bigint, pick: (bids: Bid[]) => Bid | undefined = cheapest): Promise<Lease> {
  const bid = await waitFor(`a bid on ${dseq}`, async () => {
    const bids = await listBids(chain.sdk, { owner: chain.address, dseq, state: "open" });
    return bids.length > 0 ? pick(bids) : undefined;
  });
  await chain.signAndBroadcast([msgCreateLease(bid.id)]);
  const leases = await listLeases(chain.sdk, { owner: chain.address, dseq });
  return leases.find((l) => l.id.provider === bid.id.provider && l.state === "active")!;
}
