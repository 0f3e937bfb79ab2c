/** Akash module queries: deployment v1beta4, market v1beta5, escrow v1, provider v1beta4, cert v1, bme v1. */
import * as v1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as v1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as v1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { deploymentErrors, marketErrors, providerErrors } from "../akash-errors.js";
import { allCertificates } from "../modules/cert.js";
import { allDeployments, deploymentGroups, getDeployment, getGroup } from "../modules/deployment.js";
import { getEscrowAccount, getPayment } from "../modules/escrow.js";
import { allBids, allLeases, allOrders, bidEscrowXid, getBid, getLease, getOrder, leasePaymentXid } from "../modules/market.js";
import { allAudits, allProviders, auditsOf, getProvider } from "../modules/provider.js";
import { toBid, toDeployment, toEscrowAccount, toGroup, toLease, toOrder, toPayment } from "./convert.js";
import { BmeParamsResponseCodec } from "./bme-params.js";
import { LeaseResponseCodec, LeasesResponseCodec } from "./lease-codec.js";
import { escrowAccountsMatching, escrowPaymentsMatching } from "./escrow-filter.js";
import { paginate, route, type QueryCtx } from "./route.js";

type Id = { owner?: string; dseq?: { toString(): string }; gseq?: number; oseq?: number; provider?: string; bseq?: number };
const n = (value: { toString(): string } | undefined) => (value === undefined ? undefined : BigInt(value.toString()));
const matches = (filter: Id & { state?: string }, record: { owner: string; dseq: bigint; gseq?: number; oseq?: number; provider?: string; state: string }) =>
  (!filter.owner || filter.owner === record.owner) &&
  (!n(filter.dseq) || n(filter.dseq) === record.dseq) &&
  (!filter.gseq || filter.gseq === record.gseq) &&
  (!filter.oseq || filter.oseq === record.oseq) &&
  (!filter.provider || filter.provider === record.provider) &&
  (!filter.state || filter.state === record.state);

function deploymentResponse(ctx: QueryCtx, owner: string, dseq: bigint) {
  const deployment = getDeployment(ctx, owner, dseq)!;
  const escrow = getEscrowAccount(ctx, "deployment", `${owner}/${dseq}`);
  return { deployment: toDeployment(deployment), groups: deploymentGroups(ctx, owner, dseq).map(toGroup), escrowAccount: escrow ? toEscrowAccount(escrow) : undefined };
}

function paymentOf(ctx: QueryCtx, lease: Parameters<typeof leasePaymentXid>[0]) {
  const accountXid = `${lease.owner}/${lease.dseq}`;
  const payment = getPayment(ctx, "deployment", accountXid, leasePaymentXid(lease));
  const denom = getEscrowAccount(ctx, "deployment", accountXid)?.denom ?? "uact";
  return payment ? toPayment(payment, denom) : undefined;
}

function leaseEntry(ctx: QueryCtx, lease: ReturnType<typeof allLeases>[number]) {
  const r = lease.reclamation;
  const reclamation = r && { windowSeconds: r.windowSeconds, startedAt: BigInt(r.startedAt ?? 0), deadline: BigInt(r.deadline ?? 0), reason: r.reason ?? 0 };
  return { lease: toLease(lease), escrowPayment: paymentOf(ctx, lease), ...(reclamation ? { reclamation } : {}) };
}

function bidResponse(ctx: QueryCtx, bid: ReturnType<typeof allBids>[number]) {
  const escrow = getEscrowAccount(ctx, "bid", bidEscrowXid(bid));
  return { bid: toBid(bid), escrowAccount: escrow ? toEscrowAccount(escrow) : undefined };
}

export const akashQueries = [
  route("/akash.deployment.v1beta4.Query/Deployments", "/akash/deployment/v1beta4/deployments/list", v1beta4.QueryDeploymentsRequest, v1beta4.QueryDeploymentsResponse, (ctx, req) => {
    const filter = req.filters ?? { owner: "", dseq: undefined, state: "" };
    const list = allDeployments(ctx, filter.owner || undefined).filter((d) => matches({ owner: filter.owner, dseq: filter.dseq, state: filter.state }, d));
    const page = paginate(list, req.pagination);
    return { deployments: page.items.map((d) => deploymentResponse(ctx, d.owner, d.dseq)), pagination: page.pagination };
  }),
  route("/akash.deployment.v1beta4.Query/Deployment", "/akash/deployment/v1beta4/deployments/info", v1beta4.QueryDeploymentRequest, v1beta4.QueryDeploymentResponse, (ctx, req) => {
    const owner = req.id?.owner ?? "";
    const dseq = n(req.id?.dseq) ?? 0n;
    if (!getDeployment(ctx, owner, dseq)) throw deploymentErrors.notFound();
    return deploymentResponse(ctx, owner, dseq);
  }),
  route("/akash.deployment.v1beta4.Query/Group", "/akash/deployment/v1beta4/groups/info", v1beta4.QueryGroupRequest, v1beta4.QueryGroupResponse, (ctx, req) => {
    const group = getGroup(ctx, req.id?.owner ?? "", n(req.id?.dseq) ?? 0n, req.id?.gseq ?? 0);
    if (!group) throw deploymentErrors.groupNotFound();
    return { group: toGroup(group) };
  }),
  route("/akash.deployment.v1beta4.Query/Params", "/akash/deployment/v1beta4/params", v1beta4.QueryParamsRequest, v1beta4.QueryParamsResponse, (ctx) => ({
    params: { minDeposits: ctx.params.deployment.minDeposits.map((d) => ({ denom: d.denom, amount: d.amount.toString() })) },
  })),
  route("/akash.market.v1beta5.Query/Orders", "/akash/market/v1beta5/orders/list", v1beta5.QueryOrdersRequest, v1beta5.QueryOrdersResponse, (ctx, req) => {
    const page = paginate(allOrders(ctx).filter((o) => matches(req.filters ?? {}, o)), req.pagination);
    return { orders: page.items.map(toOrder), pagination: page.pagination };
  }),
  route("/akash.market.v1beta5.Query/Order", "/akash/market/v1beta5/orders/info", v1beta5.QueryOrderRequest, v1beta5.QueryOrderResponse, (ctx, req) => {
    const order = getOrder(ctx, { owner: req.id?.owner ?? "", dseq: n(req.id?.dseq) ?? 0n, gseq: req.id?.gseq ?? 0, oseq: req.id?.oseq ?? 0 });
    if (!order) throw marketErrors.orderNotFound();
    return { order: toOrder(order) };
  }),
  route("/akash.market.v1beta5.Query/Bids", "/akash/market/v1beta5/bids/list", v1beta5.QueryBidsRequest, v1beta5.QueryBidsResponse, (ctx, req) => {
    const filter = req.filters ?? ({} as NonNullable<typeof req.filters>);
    const list = allBids(ctx).filter((b) => matches(filter, b) && (!filter.bseq || filter.bseq === b.bseq));
    const page = paginate(list, req.pagination);
    return { bids: page.items.map((b) => bidResponse(ctx, b)), pagination: page.pagination };
  }),
  route("/akash.market.v1beta5.Query/Bid", "/akash/market/v1beta5/bids/info", v1beta5.QueryBidRequest, v1beta5.QueryBidResponse, (ctx, req) => {
    const id = req.id;
    const bid = id && getBid(ctx, { owner: id.owner, dseq: n(id.dseq)!, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq });
    if (!bid) throw marketErrors.bidNotFound();
    return bidResponse(ctx, bid);
  }),
  route("/akash.market.v1beta5.Query/Leases", "/akash/market/v1beta5/leases/list", v1beta5.QueryLeasesRequest, LeasesResponseCodec, (ctx, req) => {
    const filter = req.filters ?? ({} as NonNullable<typeof req.filters>);
    const list = allLeases(ctx).filter((l) => matches(filter, l) && (!filter.bseq || filter.bseq === l.bseq));
    const page = paginate(list, req.pagination);
    return { leases: page.items.map((l) => leaseEntry(ctx, l)), pagination: page.pagination };
  }),
  route("/akash.market.v1beta5.Query/Lease", "/akash/market/v1beta5/leases/info", v1beta5.QueryLeaseRequest, LeaseResponseCodec, (ctx, req) => {
    const id = req.id;
    const lease = id && getLease(ctx, { owner: id.owner, dseq: n(id.dseq)!, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq });
    if (!lease) throw marketErrors.leaseNotFound();
    return leaseEntry(ctx, lease);
  }),
  route("/akash.market.v1beta5.Query/Params", "/akash/market/v1beta5/params", v1beta5.QueryParamsRequest, v1beta5.QueryParamsResponse, (ctx) => ({
    params: { bidMinDeposits: ctx.params.market.bidMinDeposits.map((d) => ({ denom: d.denom, amount: d.amount.toString() })), orderMaxBids: ctx.params.market.orderMaxBids },
  })),
  route("/akash.escrow.v1.Query/Accounts", "/akash/escrow/v1/types/accounts", v1.QueryAccountsRequest, v1.QueryAccountsResponse, (ctx, req) => {
    const page = paginate(escrowAccountsMatching(ctx, req.state, req.xid), req.pagination);
    return { accounts: page.items.map(toEscrowAccount), pagination: page.pagination };
  }),
  route("/akash.escrow.v1.Query/Payments", "/akash/escrow/v1/types/payments", v1.QueryPaymentsRequest, v1.QueryPaymentsResponse, (ctx, req) => {
    const page = paginate(escrowPaymentsMatching(ctx, req.state, req.xid), req.pagination);
    return { payments: page.items.map((p) => toPayment(p, getEscrowAccount(ctx, p.scope, p.accountXid)?.denom ?? "uact")), pagination: page.pagination };
  }),
  route("/akash.provider.v1beta4.Query/Providers", "/akash/provider/v1beta4/providers", v1beta4.QueryProvidersRequest, v1beta4.QueryProvidersResponse, (ctx, req) => {
    const page = paginate(allProviders(ctx), req.pagination);
    return { providers: page.items, pagination: page.pagination };
  }),
  route("/akash.provider.v1beta4.Query/Provider", "/akash/provider/v1beta4/providers/{owner}", v1beta4.QueryProviderRequest, v1beta4.QueryProviderResponse, (ctx, req) => {
    const provider = getProvider(ctx, req.owner);
    if (!provider) throw providerErrors.notFound();
    return { provider };
  }),
  route("/akash.cert.v1.Query/Certificates", "/akash/cert/v1/certificates/list", v1.QueryCertificatesRequest, v1.QueryCertificatesResponse, (ctx, req) => {
    const f = req.filter ?? { owner: "", serial: "", state: "" };
    const list = allCertificates(ctx).filter((c) => (!f.owner || c.owner === f.owner) && (!f.serial || c.serial === f.serial) && (!f.state || c.state === f.state));
    const page = paginate(list, req.pagination);
    return { certificates: page.items.map((c) => ({ certificate: { state: c.state === "valid" ? 1 : 2, cert: c.cert, pubkey: c.pubkey }, serial: c.serial })), pagination: page.pagination };
  }),
  route("/akash.audit.v1.Query/AllProvidersAttributes", "/akash/audit/v1/audit/attributes/list", v1.QueryAllProvidersAttributesRequest, v1.QueryProvidersResponse, (ctx, req) => {
    const page = paginate(allAudits(ctx), req.pagination);
    return { providers: page.items, pagination: page.pagination };
  }),
  route("/akash.audit.v1.Query/ProviderAttributes", "/akash/audit/v1/audit/attributes/{owner}/list", v1.QueryProviderAttributesRequest, v1.QueryProvidersResponse, (ctx, req) => {
    const page = paginate(auditsOf(ctx, req.owner), req.pagination);
    return { providers: page.items, pagination: page.pagination };
  }),
  route("/akash.audit.v1.Query/ProviderAuditorAttributes", "/akash/audit/v1/audit/attributes/{auditor}/{owner}", v1.QueryProviderAuditorRequest, v1.QueryProvidersResponse, (ctx, req) => ({
    providers: auditsOf(ctx, req.owner).filter((a) => a.auditor === req.auditor),
  })),
  route("/akash.bme.v1.Query/Params", "/akash/bme/v1/params", v1.QueryParamsRequest, BmeParamsResponseCodec, (ctx) => ({ chain: ctx.params })),
];
