/**
 * Reads what spend is computed from: every lease of an owner (open and closed: the chain keeps closed ones)
 * with its escrow payment, and every deployment of the owner for the groups' GPUs and labels. Two paged
 * listings (leases; deployments — listLeases reads the deployments' settlement heights with one more), so
 * the number of queries grows with pages, never with leases. Headers are read once for the head and a fixed
 * number of samples across the leases' lifetimes, for the day clock.
 */
import { listDeployments, listLeases } from "../../chain/queries/index.js";
import type { QuerySdk } from "../../chain/query-sdk.js";
import type { Deployment, GroupInfo, Lease } from "../../chain/types.js";
import { decodeGroupName } from "../../engine/labels.js";
import { labelsOf } from "../../engine/select-deployments.js";
import { HeightClock } from "./height-clock.js";
import type { LeaseFacts, SpendInputs } from "./types.js";
import { readHeaderTime, type HeaderSource } from "./window.js";

/** The read side of the chain client spend needs (ChainClient has all of it). */
export interface SpendChain extends HeaderSource {
  readonly chainId: string;
  readonly sdk: QuerySdk;
}

export type FetchOptions = {
  owner: string;
  /** Records per query page; default 100. */
  pageSize?: number;
  /** Header samples spread over the leases' lifetimes for the day clock; default 16. */
  clockSamples?: number;
  /** A clock with headers already read (e.g. while resolving the window): they are kept. */
  clock?: HeightClock;
};

const HEADER_CONCURRENCY = 8;

export async function fetchSpendInputs(chain: SpendChain, options: FetchOptions): Promise<SpendInputs> {
  const { owner } = options;
  const page = options.pageSize === undefined ? {} : { pageSize: options.pageSize };
  const [leases, deployments] = await Promise.all([listLeases(chain.sdk, { owner, ...page }), listDeployments(chain.sdk, { owner, ...page })]);
  // Read after the listings: every settlement and close they show happened at or before this height.
  const height = await chain.height();
  const clock = options.clock ?? new HeightClock();
  const headTime = (await readHeaderTime(chain, clock, height)) ?? new Date();
  const byDseq = new Map(deployments.map((d) => [d.id.dseq, d]));
  const facts = leases.map((lease) => leaseFacts(lease, byDseq.get(lease.id.dseq)));
  await sampleClock(chain, clock, facts, height, options.clockSamples ?? 16);
  return { version: 1, chainId: chain.chainId, owner, height, headTime, leases: facts, clock: clock.samples };
}

export function leaseFacts(lease: Lease, deployment: Deployment | undefined): LeaseFacts {
  const group: GroupInfo | undefined = deployment?.groups.find((g) => g.gseq === lease.id.gseq);
  const { reclamation: _reclamation, ...rest } = lease;
  return {
    ...rest,
    deploymentState: deployment?.state ?? "unknown",
    groupName: group?.name ?? "",
    // The deployment's labels; a group the deployment listing lacks still carries its own in its name.
    labels: deployment ? labelsOf(deployment) : decodeGroupName(group?.name ?? "").labels,
    gpu: { models: group?.gpuModels ?? [], count: group?.gpuCount ?? 0 },
  };
}

/** Evenly spaced header samples from the oldest lease's creation to `head` (those a pruned node lacks are skipped). */
async function sampleClock(chain: HeaderSource, clock: HeightClock, leases: LeaseFacts[], head: number, count: number): Promise<void> {
  if (leases.length === 0 || count < 2) return;
  const oldest = Math.max(1, leases.reduce((min, l) => Math.min(min, l.createdAt), head));
  const step = (head - oldest) / (count - 1);
  const heights = [...new Set(Array.from({ length: count }, (_, i) => Math.round(oldest + i * step)))].filter((h) => clock.timeOf(h) === undefined);
  for (let i = 0; i < heights.length; i += HEADER_CONCURRENCY) {
    await Promise.all(heights.slice(i, i + HEADER_CONCURRENCY).map((h) => readHeaderTime(chain, clock, h)));
  }
}
