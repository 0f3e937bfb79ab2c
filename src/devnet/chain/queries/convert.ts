/** Chain records as chain-sdk's generated message objects (what queries return). */
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../../costs/decimal.js";
import type { DeploymentRecord, GroupRecord } from "../modules/deployment.js";
import type { EscrowAccount, Payment } from "../modules/escrow.js";
import type { BidRecord, LeaseRecord, OrderRecord } from "../modules/market.js";

/** DecCoin text as the chain prints LegacyDec: always 18 fractional digits. */
export const decCoin = (denom: string, amount: string) => ({ denom, amount: Dec.parse(amount).toFixed18() });

const STATE = { open: 1, closed: 2, overdrawn: 3 } as const;
const SCOPE = { deployment: 1, bid: 2 } as const;
const ORDER_STATE = { open: 1, active: 2, closed: 3 } as const;
const BID_STATE = { open: 1, active: 2, lost: 3, closed: 4 } as const;
const LEASE_STATE = { active: 1, insufficient_funds: 2, closed: 3, reclaiming: 4 } as const;
const GROUP_STATE = { open: 1, paused: 2, insufficient_funds: 3, closed: 4 } as const;
const DEPLOYMENT_STATE = { active: 1, closed: 2 } as const;

export const toDeployment = (d: DeploymentRecord) => ({ id: { owner: d.owner, dseq: d.dseq }, state: DEPLOYMENT_STATE[d.state], hash: d.hash, createdAt: BigInt(d.createdAt) });

export const toGroup = (g: GroupRecord) => ({
  id: { owner: g.owner, dseq: g.dseq, gseq: g.gseq },
  state: GROUP_STATE[g.state],
  groupSpec: GroupSpec.decode(g.spec),
  createdAt: BigInt(g.createdAt),
});

export const toOrder = (o: OrderRecord) => ({ id: { owner: o.owner, dseq: o.dseq, gseq: o.gseq, oseq: o.oseq }, state: ORDER_STATE[o.state], spec: GroupSpec.decode(o.spec), createdAt: BigInt(o.createdAt) });

const bidId = (b: BidRecord | LeaseRecord) => ({ owner: b.owner, dseq: b.dseq, gseq: b.gseq, oseq: b.oseq, provider: b.provider, bseq: b.bseq });

export const toBid = (b: BidRecord) => ({ id: bidId(b), state: BID_STATE[b.state], price: decCoin(b.price.denom, b.price.amount), createdAt: BigInt(b.createdAt), resourcesOffer: [] });

export const toLease = (l: LeaseRecord) => ({ id: bidId(l), state: LEASE_STATE[l.state], price: decCoin(l.price.denom, l.price.amount), createdAt: BigInt(l.createdAt), closedOn: BigInt(l.closedOn), reason: l.reason });

export const toEscrowAccount = (a: EscrowAccount) => ({
  id: { scope: SCOPE[a.scope], xid: a.xid },
  state: {
    owner: a.owner,
    state: STATE[a.state],
    transferred: [decCoin(a.denom, a.transferred)],
    settledAt: BigInt(a.settledAt),
    funds: [{ denom: a.denom, amount: Dec.parse(a.funds).toFixed18() }],
    deposits: a.deposits.map((d) => ({ owner: d.owner, height: BigInt(d.height), source: d.source === "balance" ? 1 : 2, balance: decCoin(a.denom, d.balance), direct: false })),
  },
});

export const toPayment = (p: Payment, denom: string) => ({
  id: { aid: { scope: SCOPE[p.scope], xid: p.accountXid }, xid: p.xid },
  state: {
    owner: p.owner,
    state: STATE[p.state],
    rate: decCoin(denom, p.rate),
    balance: decCoin(denom, p.balance),
    unsettled: decCoin(denom, p.unsettled),
    withdrawn: { denom, amount: p.withdrawn.toString() },
  },
});
