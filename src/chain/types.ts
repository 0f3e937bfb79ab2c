/**
 * What the rest of akash-gpu sees of the chain: plain records with chain-sdk's names (dseq, gseq, oseq, bseq,
 * provider, hostUri), amounts as exact decimals. The engine, the CLI and the reports use these types only, so a
 * second transport can be added behind the same shapes.
 */
import type { Dec } from "../costs/decimal.js";

export type Coin = { denom: string; amount: bigint };
/** A decimal coin, as the chain's DecCoin (prices per block, escrow balances). */
export type DecCoin = { denom: string; amount: Dec };

export type DeploymentId = { owner: string; dseq: bigint };
export type OrderId = DeploymentId & { gseq: number; oseq: number };
export type BidId = OrderId & { provider: string; bseq: number };
export type LeaseId = BidId;

export type DeploymentState = "active" | "closed";
export type BidState = "open" | "active" | "lost" | "closed";
export type LeaseState = "active" | "insufficient_funds" | "closed" | "reclaiming";

export type GroupInfo = { gseq: number; name: string; state: string; gpuModels: string[]; gpuCount: number; maxPrice: DecCoin | undefined };

/** The escrow account of a deployment, as last settled on chain (escrow settles lazily). */
export type EscrowAccount = {
  state: "open" | "closed" | "overdrawn";
  /** Funds left at the last settlement. */
  funds: DecCoin;
  /** Paid out to providers up to the last settlement. */
  transferred: DecCoin;
  /** Height of the last settlement. */
  settledAt: number;
  /**
   * What is left of the depositors' deposits: the chain pays providers from the oldest deposit first and
   * shrinks its balance, so this is the sum of `deposits[].balance`, not the sum ever deposited.
   */
  deposited: DecCoin;
  /** Each depositor's remaining deposit, oldest first (refunded to them when the account closes). */
  deposits?: { owner: string; height: number; balance: DecCoin }[];
};

export type Deployment = {
  id: DeploymentId;
  state: DeploymentState;
  hash: string;
  createdAt: number;
  groups: GroupInfo[];
  escrow: EscrowAccount | undefined;
};

export type Bid = { id: BidId; state: BidState; price: DecCoin; createdAt: number };

export type Lease = {
  id: LeaseId;
  state: LeaseState;
  price: DecCoin;
  createdAt: number;
  closedOn: number;
  /** Why the lease closed ("owner", "insufficient_funds", "manifest_timeout", "decommission", …); unset while open. */
  closeReason?: string;
  /**
   * Present once the provider started reclaiming the lease (state "reclaiming"; kept after the lease closes):
   * when it will be taken back. `startedAt` is the height the provider started; `windowSeconds` the notice
   * agreed in its bid. The deadline is unknown (undefined) only through an SDK not made by createQuerySdk.
   */
  reclamation?: { deadline: Date | undefined; reason: string; startedAt?: number; windowSeconds?: number };
  /** Escrow payment of this lease: withdrawn so far, and the balance accrued at the last settlement. */
  payment?: { state: string; withdrawn: DecCoin; balance: DecCoin; settledAt: number };
};

export type ProviderInfo = {
  owner: string;
  hostUri: string;
  attributes: Record<string, string>;
  /** Auditors that signed attributes for this provider. */
  auditors: string[];
  region: string | undefined;
};

export type TxEvent = { type: string; attributes: { key: string; value: string }[] };

export type TxResult = {
  hash: string;
  height: number;
  gasWanted: bigint;
  gasUsed: bigint;
  fee: Coin[];
  events: TxEvent[];
  /** The account sequence the transaction was signed with. */
  sequence: bigint;
};
