/**
 * This wallet's deployments as the chain shows them — labels (from the group names), leases, escrow runway,
 * and age (from the block header time of the created height) — and the selection teardown acts on.
 * Nothing comes from the local state dir, so a fresh CI runner with only the wallet sees the same thing.
 * Queries grow with pages, not with deployments: one paged listing of deployments (escrow accounts included)
 * and one of leases; block headers are read once per distinct created height of an open deployment.
 */
import { listDeployments, listLeases } from "../chain/queries/index.js";
import type { QuerySdk } from "../chain/query-sdk.js";
import type { Deployment, Lease } from "../chain/types.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import { escrowRunway, type Runway } from "./escrow-runway.js";
import { decodeGroupName, matchesLabels, type Labels } from "./labels.js";

/** The read side of the chain client that listing and selection need. */
export interface ReadChain {
  readonly address: string;
  readonly sdk: QuerySdk;
  height(): Promise<number>;
  blockTime(height: number): Promise<Date>;
}

export type DeploymentView = {
  deployment: Deployment;
  /** The union of the labels of its groups. */
  labels: Labels;
  leases: Lease[];
  /** Undefined when the chain shows no escrow account for it. */
  runway: Runway | undefined;
  /** When its create transaction was committed (block header time of `deployment.createdAt`). */
  createdTime: Date;
  /** True when the time was estimated from the block time: a closed deployment, or a header a pruned node no longer serves. */
  createdTimeEstimated: boolean;
  /** Age as of the latest block's time. */
  ageMs: number;
};

export type DeploymentListing = { height: number; headTime: Date; views: DeploymentView[] };

export type ListOptions = {
  /** Closed deployments too (default: open only). */
  includeClosed?: boolean;
  /** Used to estimate a created time whose block header the node no longer serves. */
  blockTimeMs: number;
};

/** Distinct heights whose header is read at once; a node serves a few in parallel without complaint. */
const HEADER_CONCURRENCY = 8;

export async function listDeploymentViews(chain: ReadChain, options: ListOptions): Promise<DeploymentListing> {
  const owner = chain.address;
  const height = await chain.height();
  const [deployments, leases] = await Promise.all([
    listDeployments(chain.sdk, { owner, ...(options.includeClosed ? {} : { state: "active" as const }) }),
    listLeases(chain.sdk, { owner }),
  ]);
  const leasesOf = new Map<bigint, Lease[]>();
  for (const lease of leases) leasesOf.set(lease.id.dseq, [...(leasesOf.get(lease.id.dseq) ?? []), lease]);

  // Closed deployments (with --all, possibly thousands) get an estimated time: their age selects nothing.
  const exact = deployments.filter((d) => d.state === "active").map((d) => d.createdAt);
  const times = await headerTimes(chain, [height, ...exact], deployments.map((d) => d.createdAt), height, options.blockTimeMs);
  const headTime = times.get(height)!.time;
  const views = deployments
    .map((deployment): DeploymentView => {
      const mine = leasesOf.get(deployment.id.dseq) ?? [];
      const created = times.get(deployment.createdAt)!;
      return {
        deployment,
        labels: labelsOf(deployment),
        leases: mine,
        runway: deployment.escrow ? escrowRunway(deployment.escrow, mine, height) : undefined,
        createdTime: created.time,
        createdTimeEstimated: created.estimated,
        ageMs: Math.max(0, headTime.getTime() - created.time.getTime()),
      };
    })
    .sort((a, b) => (a.deployment.id.dseq < b.deployment.id.dseq ? -1 : a.deployment.id.dseq > b.deployment.id.dseq ? 1 : 0));
  return { height, headTime, views };
}

export function labelsOf(deployment: Deployment): Labels {
  return Object.assign({}, ...deployment.groups.map((group) => decodeGroupName(group.name).labels)) as Labels;
}

/** What teardown closes: deployments with all these labels, older than this, or all of them. */
export type Selector = { labels: Labels; olderThanMs?: number; all?: boolean };

export const hasSelector = (selector: Selector): boolean => Boolean(selector.all) || selector.olderThanMs !== undefined || Object.keys(selector.labels).length > 0;

/** Teardown without a selector would close everything by accident: it must be asked for with --all. */
export function requireSelector(selector: Selector): void {
  if (hasSelector(selector)) return;
  throw new InvalidInputError("Nothing selected to tear down", [
    { field: "--label / --run-id / --older-than / --all", found: "none of them", expected: "at least one: --label key=value (repeatable), --run-id ID, --older-than 2h, or --all for every open deployment of this wallet" },
  ]);
}

/** The open deployments the selector picks (every condition given must hold). */
export function selectViews(views: readonly DeploymentView[], selector: Selector): DeploymentView[] {
  return views.filter(
    (view) =>
      view.deployment.state === "active" &&
      matchesLabels(view.labels, selector.labels) &&
      (selector.olderThanMs === undefined || view.ageMs >= selector.olderThanMs),
  );
}

type HeaderTime = { time: Date; estimated: boolean };

async function headerTimes(chain: ReadChain, read: number[], estimate: number[], head: number, blockTimeMs: number): Promise<Map<number, HeaderTime>> {
  const distinct = [...new Set(read)];
  const found = new Map<number, Date>();
  for (let i = 0; i < distinct.length; i += HEADER_CONCURRENCY) {
    const batch = distinct.slice(i, i + HEADER_CONCURRENCY);
    const answers = await Promise.all(batch.map((h) => chain.blockTime(h).catch(() => undefined)));
    batch.forEach((h, j) => answers[j] && found.set(h, answers[j]));
  }
  const headTime = found.get(head) ?? new Date();
  return new Map(
    [...new Set([...read, ...estimate])].map((h) => {
      const time = found.get(h);
      return [h, time ? { time, estimated: false } : { time: new Date(headTime.getTime() - (head - h) * blockTimeMs), estimated: true }];
    }),
  );
}
