/**
 * Leases (akash.market.v1beta5 Query/Leases), all pages, each with its escrow payment and, on node v2.1,
 * its reclamation (deadline and reason while the provider reclaims it).
 *
 * The query is sent through grpc-unary.ts rather than chain-sdk's getLeases: alpha.25's generated Lease
 * drops field 7 (reclamation) while decoding, and the SDK gives no access to the bytes, so the raw answer is
 * decoded twice — by chain-sdk's QueryLeasesResponse for everything it knows, and by lease-wire.ts for the
 * reclamation. An SDK not made by createQuerySdk (its endpoint unknown) still gets every lease through
 * getLeases, with state "reclaiming" but without the deadline.
 */
import { QueryLeasesRequest, QueryLeasesResponse, type QueryLeaseResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { queryEndpointOf, type QuerySdk } from "../query-sdk.js";
import type { Lease, LeaseState } from "../types.js";
import { bigintOf, closeReasonName, decCoinOf, ESCROW_STATES, heightOf, LEASE_STATES, stateName } from "./chain-values.js";
import { getDeployment, listDeployments } from "./deployments.js";
import { openGrpcSession } from "./grpc-unary.js";
import { reclamationsOf, type WireReclamation } from "./lease-wire.js";
import { allPages, type PageOptions, type PageRequest } from "./pages.js";
import { runQuery } from "./query-errors.js";

export type LeaseFilter = { owner: string; dseq?: bigint; state?: LeaseState; provider?: string } & PageOptions;

type Entry = { response: QueryLeaseResponse; reclamation: WireReclamation | undefined };

const LEASES_METHOD = "/akash.market.v1beta5.Query/Leases";

export async function listLeases(sdk: QuerySdk, filter: LeaseFilter): Promise<Lease[]> {
  const what = `leases of ${filter.owner}${filter.dseq === undefined ? "" : `/${filter.dseq}`}`;
  const request = (pagination: PageRequest) => ({
    filters: { owner: filter.owner, dseq: filter.dseq ?? 0n, provider: filter.provider ?? "", state: filter.state ?? "" },
    pagination,
  });
  const endpoint = queryEndpointOf(sdk);
  let entries: Entry[];
  if (endpoint) {
    const session = openGrpcSession(endpoint);
    try {
      entries = await allPages(what, filter, async (pagination) => {
        const bytes = await runQuery(sdk, what, () => session.unary(LEASES_METHOD, QueryLeasesRequest.encode(QueryLeasesRequest.fromPartial(request(pagination))).finish()));
        const response = QueryLeasesResponse.decode(bytes);
        const reclamations = reclamationsOf(bytes);
        return { items: response.leases.map((r, i) => ({ response: r, reclamation: reclamations[i] })), nextKey: response.pagination?.nextKey };
      });
    } finally {
      session.close();
    }
  } else {
    entries = await allPages(what, filter, async (pagination) => {
      const response = await runQuery(sdk, what, () => sdk.akash.market.v1beta5.getLeases(request(pagination)));
      return { items: response.leases.map((r) => ({ response: r, reclamation: undefined })), nextKey: response.pagination?.nextKey };
    });
  }
  const settledAt = await settlementHeights(sdk, filter, entries);
  return entries.map((entry) => toLease(entry, settledAt));
}

/**
 * A payment's balance is as of its escrow account's last settlement, which the lease answer does not carry:
 * it comes from the deployments' escrow accounts — one lookup for one deployment, else one paged listing.
 */
async function settlementHeights(sdk: QuerySdk, filter: LeaseFilter, entries: Entry[]): Promise<Map<bigint, number>> {
  const dseqs = [...new Set(entries.filter((e) => e.response.escrowPayment).map((e) => bigintOf(e.response.lease?.id?.dseq)))];
  const deployments =
    dseqs.length === 0 ? [] : dseqs.length === 1 ? [await getDeployment(sdk, { owner: filter.owner, dseq: dseqs[0]! })] : await listDeployments(sdk, { owner: filter.owner, pageSize: filter.pageSize });
  return new Map(deployments.flatMap((d) => (d?.escrow ? [[d.id.dseq, d.escrow.settledAt] as const] : [])));
}

function toLease({ response, reclamation }: Entry, settledAt: Map<bigint, number>): Lease {
  const lease = response.lease!;
  const id = lease.id!;
  const dseq = bigintOf(id.dseq);
  const state = stateName("lease", LEASE_STATES, lease.state);
  const payment = response.escrowPayment?.state;
  const denom = lease.price?.denom ?? "uact";
  const reclaiming = state === "reclaiming" || (reclamation !== undefined && reclamation.startedAt !== 0);
  return {
    id: { owner: id.owner, dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq },
    state,
    price: decCoinOf(lease.price),
    createdAt: heightOf(lease.createdAt),
    closedOn: heightOf(lease.closedOn),
    ...(lease.reason !== 0 ? { closeReason: closeReasonName(lease.reason) } : {}),
    ...(reclaiming
      ? {
          reclamation: reclamation
            ? { deadline: reclamation.deadline ? new Date(reclamation.deadline * 1000) : undefined, reason: closeReasonName(reclamation.reason), startedAt: reclamation.startedAt, windowSeconds: reclamation.windowSeconds }
            : { deadline: undefined, reason: "unknown" },
        }
      : {}),
    ...(payment
      ? {
          payment: {
            state: stateName("escrow payment", ESCROW_STATES, payment.state),
            withdrawn: decCoinOf(payment.withdrawn, denom),
            balance: decCoinOf(payment.balance, denom),
            settledAt: settledAt.get(dseq) ?? 0,
          },
        }
      : {}),
  };
}
