/**
 * market v1beta5: an order per open group, bids from providers (each with its escrow deposit), a lease from
 * an exact BidID, lease and bid closing. State changes follow node x/market (handler/server.go, hooks.go).
 */
import { Dec } from "../../../costs/decimal.js";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { marketErrors } from "../akash-errors.js";
import { seqKey } from "../kv-store.js";
import { getGroup, setGroup, type GroupRecord } from "./deployment.js";
import { closeAccount, closePayment, createAccount, createPayment, type EscrowHooks } from "./escrow.js";

export type OrderState = "open" | "active" | "closed";
export type BidState = "open" | "active" | "lost" | "closed";
export type LeaseState = "active" | "insufficient_funds" | "closed" | "reclaiming";
export type OrderId = { owner: string; dseq: bigint; gseq: number; oseq: number };
export type BidId = OrderId & { provider: string; bseq: number };
export type OrderRecord = OrderId & { state: OrderState; spec: Uint8Array; createdAt: number };
export type Price = { denom: string; amount: string };
export type BidRecord = BidId & { state: BidState; price: Price; createdAt: number; resourcesOffer: Uint8Array[] };
export type LeaseRecord = BidId & { state: LeaseState; price: Price; createdAt: number; closedOn: number; reason: number; reclamation?: { windowSeconds: bigint; startedAt?: number; deadline?: number; reason?: number } };

/** LeaseClosedReason values (akash.market.v1). */
export const CloseReason = { owner: 1, unstable: 10000, decommission: 10001, unspecified: 10002, manifestTimeout: 10003, insufficientFunds: 20000 } as const;


const orderPath = (id: OrderId) => `${id.owner}/${seqKey(id.dseq)}/${seqKey(id.gseq)}/${seqKey(id.oseq)}`;
const bidPath = (id: BidId) => `${orderPath(id)}/${id.provider}/${seqKey(id.bseq)}`;
/** BidID.String() (chain-sdk go/node/market/v1/bid.go): the bid escrow account's xid has no bseq. */
export const bidEscrowXid = (id: BidId) => `${id.owner}/${id.dseq}/${id.gseq}/${id.oseq}/${id.provider}`;
export const leasePaymentXid = (id: BidId) => `${id.gseq}/${id.oseq}/${id.provider}`;

export const getOrder = (ctx: ReadCtx, id: OrderId) => ctx.store.get<OrderRecord>(`market/order/${orderPath(id)}`);
export const getBid = (ctx: ReadCtx, id: BidId) => ctx.store.get<BidRecord>(`market/bid/${bidPath(id)}`);
export const getLease = (ctx: ReadCtx, id: BidId) => ctx.store.get<LeaseRecord>(`market/lease/${bidPath(id)}`);
export const allOrders = (ctx: ReadCtx) => ctx.store.values<OrderRecord>("market/order/");
export const allBids = (ctx: ReadCtx) => ctx.store.values<BidRecord>("market/bid/");
export const allLeases = (ctx: ReadCtx) => ctx.store.values<LeaseRecord>("market/lease/");
const setOrder = (ctx: Ctx, order: OrderRecord) => ctx.store.set(`market/order/${orderPath(order)}`, order);
const setBid = (ctx: Ctx, bid: BidRecord) => ctx.store.set(`market/bid/${bidPath(bid)}`, bid);
export const setLease = (ctx: Ctx, lease: LeaseRecord) => ctx.store.set(`market/lease/${bidPath(lease)}`, lease);

const bidsOfOrder = (ctx: Ctx, id: OrderId) => ctx.store.values<BidRecord>(`market/bid/${orderPath(id)}/`);
const ordersOfGroup = (ctx: Ctx, group: GroupRecord) => ctx.store.values<OrderRecord>(`market/order/${group.owner}/${seqKey(group.dseq)}/${seqKey(group.gseq)}/`);

export function createOrder(ctx: Ctx, group: GroupRecord): OrderRecord {
  const oseq = ordersOfGroup(ctx, group).length + 1;
  const order: OrderRecord = { owner: group.owner, dseq: group.dseq, gseq: group.gseq, oseq, state: "open", spec: group.spec, createdAt: ctx.height };
  setOrder(ctx, order);
  emit(ctx, "akash.market.v1.EventOrderCreated", { owner: order.owner, dseq: order.dseq, gseq: order.gseq, oseq });
  return order;
}

/** A provider's bid on an open order, with its deposit into a bid escrow account. */
export function createBid(ctx: Ctx, id: BidId, price: Price, maxPrice: Dec, resourcesOffer: Uint8Array[]): BidRecord {
  const order = getOrder(ctx, id);
  if (!order) throw marketErrors.orderNotFound();
  // Order.ValidateCanBid, then the price check of node x/market/handler CreateBid.
  if (order.state === "active") throw marketErrors.orderActive();
  if (order.state !== "open") throw marketErrors.orderClosed();
  if (Dec.parse(price.amount).cmp(maxPrice) > 0) throw marketErrors.bidInvalidPrice();
  if (bidsOfOrder(ctx, id).some((bid) => bid.provider === id.provider)) throw marketErrors.bidExists();
  const deposit = ctx.params.market.bidMinDeposits.find((d) => d.denom === price.denom) ?? ctx.params.market.bidMinDeposits[0]!;
  const bid: BidRecord = { ...id, state: "open", price, createdAt: ctx.height, resourcesOffer };
  setBid(ctx, bid);
  createAccount(ctx, "bid", bidEscrowXid(id), id.provider, id.provider, deposit.amount, deposit.denom);
  emit(ctx, "akash.market.v1.EventBidCreated", { owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq, price: `${price.amount}${price.denom}` });
  return bid;
}

export function createLease(ctx: Ctx, hooks: EscrowHooks, id: BidId): LeaseRecord {
  const bid = getBid(ctx, id);
  if (!bid) throw marketErrors.bidNotFound();
  if (bid.state !== "open") throw marketErrors.bidNotOpen();
  const order = getOrder(ctx, id);
  if (!order) throw marketErrors.orderNotFound();
  if (order.state !== "open") throw marketErrors.orderNotOpen();
  const group = getGroup(ctx, id.owner, id.dseq, id.gseq);
  if (!group) throw marketErrors.groupNotFound();
  if (group.state !== "open") throw marketErrors.groupNotOpen();

  createPayment(ctx, hooks, "deployment", `${id.owner}/${id.dseq}`, leasePaymentXid(id), id.provider, Dec.parse(bid.price.amount));
  const lease: LeaseRecord = { ...id, state: "active", price: bid.price, createdAt: ctx.height, closedOn: 0, reason: 0 };
  setLease(ctx, lease);
  setOrder(ctx, { ...order, state: "active" });
  setBid(ctx, { ...bid, state: "active" });
  for (const other of bidsOfOrder(ctx, id)) {
    if (other.state !== "open") continue;
    setBid(ctx, { ...other, state: "lost" });
    closeAccount(ctx, hooks, "bid", bidEscrowXid(other));
  }
  emit(ctx, "akash.market.v1.EventLeaseCreated", { owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq, price: `${bid.price.amount}${bid.price.denom}` });
  return lease;
}

/** The tenant closes a lease: the order reopens for new bids, as on mainnet. */
export function closeLeaseByOwner(ctx: Ctx, hooks: EscrowHooks, id: BidId, reason: number): void {
  if (reason >= 10000) throw marketErrors.invalidLeaseClosedReason(`reason ${reason} is for providers`);
  const order = getOrder(ctx, id);
  if (!order) throw marketErrors.orderNotFound();
  if (order.state !== "active") throw marketErrors.orderClosed();
  const bid = getBid(ctx, id);
  if (!bid) throw marketErrors.bidNotFound();
  if (bid.state !== "active") throw marketErrors.bidNotActive();
  const lease = getLease(ctx, id);
  if (!lease) throw marketErrors.leaseNotFound();
  if (lease.state !== "active" && lease.state !== "reclaiming") throw marketErrors.orderClosed();
  closeMatched(ctx, hooks, lease, "closed", reason || CloseReason.owner);
  const group = getGroup(ctx, id.owner, id.dseq, id.gseq);
  if (group?.state === "open") createOrder(ctx, group);
}

/** The provider closes its bid (e.g. no manifest within the deadline): the group pauses. */
export function closeBidByProvider(ctx: Ctx, hooks: EscrowHooks, id: BidId, reason: number): void {
  const bid = getBid(ctx, id);
  if (!bid) throw marketErrors.bidNotFound();
  if (bid.state === "open") return closeBid(ctx, hooks, bid);
  const lease = getLease(ctx, id);
  if (!lease || (lease.state !== "active" && lease.state !== "reclaiming")) throw marketErrors.leaseNotActive();
  const group = getGroup(ctx, id.owner, id.dseq, id.gseq);
  if (group && group.state === "open") setGroup(ctx, { ...group, state: "paused" });
  closeMatched(ctx, hooks, lease, "closed", reason);
}

/** Marks a lease reclaiming with a deadline (unix seconds; AEP-82): the provider wants its resources back. */
export function startReclaim(ctx: Ctx, id: BidId, deadline: number, reason: number = CloseReason.decommission): void {
  const lease = getLease(ctx, id);
  if (!lease || lease.state !== "active") throw marketErrors.leaseNotActive();
  const windowSeconds = lease.reclamation?.windowSeconds ?? BigInt(Math.max(0, deadline - Math.floor(ctx.time.getTime() / 1000)));
  setLease(ctx, { ...lease, state: "reclaiming", reclamation: { windowSeconds, startedAt: ctx.height, deadline, reason } });
  emit(ctx, "akash.market.v1.EventLeaseReclaimStarted", { owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, deadline });
}

function closeMatched(ctx: Ctx, hooks: EscrowHooks, lease: LeaseRecord, state: LeaseState, reason: number): void {
  closeLeaseRecord(ctx, lease, state, reason);
  closeBidAndOrder(ctx, hooks, lease);
  closePayment(ctx, hooks, "deployment", `${lease.owner}/${lease.dseq}`, leasePaymentXid(lease));
}

/** A bid closes with its escrow account: the provider's deposit goes back. */
function closeBid(ctx: Ctx, hooks: EscrowHooks, bid: BidRecord): void {
  setBid(ctx, { ...bid, state: "closed" });
  closeAccount(ctx, hooks, "bid", bidEscrowXid(bid));
}

/** When a lease ends, its (active) bid and its order close too. */
function closeBidAndOrder(ctx: Ctx, hooks: EscrowHooks, lease: LeaseRecord): void {
  const bid = getBid(ctx, lease);
  if (bid?.state === "active") closeBid(ctx, hooks, bid);
  const order = getOrder(ctx, lease);
  if (order) setOrder(ctx, { ...order, state: "closed" });
}

function closeLeaseRecord(ctx: Ctx, lease: LeaseRecord, state: LeaseState, reason: number): void {
  setLease(ctx, { ...lease, state, closedOn: ctx.height, reason });
  emit(ctx, "akash.market.v1.EventLeaseClosed", { owner: lease.owner, dseq: lease.dseq, gseq: lease.gseq, oseq: lease.oseq, provider: lease.provider, bseq: lease.bseq, reason });
}

/** Escrow hooks: a closed payment closes its lease; a closed account closes the deployment, its groups and orders. */
export function marketHooks(onDeploymentClosed: (ctx: Ctx, owner: string, dseq: bigint, overdrawn: boolean) => void): EscrowHooks {
  return {
    onAccountClosed(ctx, account) {
      if (account.scope !== "deployment") return;
      const [owner, dseq] = account.xid.split("/") as [string, string];
      onDeploymentClosed(ctx, owner, BigInt(dseq), account.state === "overdrawn");
    },
    onPaymentClosed(ctx, payment) {
      if (payment.scope !== "deployment") return;
      const [owner, dseq] = payment.accountXid.split("/") as [string, string];
      const [gseq, oseq, provider] = payment.xid.split("/") as [string, string, string];
      const lease = allLeasesOf(ctx, owner, BigInt(dseq)).find((l) => l.gseq === Number(gseq) && l.oseq === Number(oseq) && l.provider === provider);
      if (!lease || (lease.state !== "active" && lease.state !== "reclaiming")) return;
      closeBidAndOrder(ctx, this, lease);
      if (payment.state === "overdrawn") closeLeaseRecord(ctx, lease, "insufficient_funds", CloseReason.insufficientFunds);
      else closeLeaseRecord(ctx, lease, "closed", CloseReason.unspecified);
    },
  };
}

export const allLeasesOf = (ctx: ReadCtx, owner: string, dseq: bigint) => ctx.store.values<LeaseRecord>(`market/lease/${owner}/${seqKey(dseq)}/`);

/** When a group closes (deployment closed or out of funds): its orders close, open bids close, leases end. */
export function onGroupClosed(ctx: Ctx, hooks: EscrowHooks, group: GroupRecord, overdrawn: boolean): void {
  for (const order of ordersOfGroup(ctx, group)) {
    if (order.state !== "closed") setOrder(ctx, { ...order, state: "closed" });
    for (const bid of bidsOfOrder(ctx, order)) {
      if (bid.state === "open" || bid.state === "active") closeBid(ctx, hooks, bid);
    }
  }
  for (const lease of ctx.store.values<LeaseRecord>(`market/lease/${group.owner}/${seqKey(group.dseq)}/${seqKey(group.gseq)}/`)) {
    if (lease.state !== "active" && lease.state !== "reclaiming") continue;
    if (overdrawn) closeLeaseRecord(ctx, lease, "insufficient_funds", CloseReason.insufficientFunds);
    else closeLeaseRecord(ctx, lease, "closed", CloseReason.owner);
  }
}
