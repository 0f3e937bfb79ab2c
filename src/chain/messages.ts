/**
 * Message builders for mainnet's current types (node v2.x): deployment v1beta4, market v1beta5, escrow v1,
 * cert v1, bme v1, cosmos bank. Each returns a cosmjs EncodeObject for ChainClient.signAndBroadcast; several
 * may go into one transaction (all must have the same signer).
 */
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { BidId, Coin, LeaseId } from "./types.js";

export const TYPE_URL = {
  createDeployment: "/akash.deployment.v1beta4.MsgCreateDeployment",
  closeDeployment: "/akash.deployment.v1beta4.MsgCloseDeployment",
  createLease: "/akash.market.v1beta5.MsgCreateLease",
  closeLease: "/akash.market.v1beta5.MsgCloseLease",
  accountDeposit: "/akash.escrow.v1.MsgAccountDeposit",
  mintAct: "/akash.bme.v1.MsgMintACT",
  createCertificate: "/akash.cert.v1.MsgCreateCertificate",
  send: "/cosmos.bank.v1beta1.MsgSend",
} as const;

/** akash.base.deposit.v1.Source: funds come from the signer's balance (not an authz grant). */
const SOURCE_BALANCE = 1;
/** akash.escrow.id.v1.Scope of a deployment's escrow account. */
const SCOPE_DEPLOYMENT = 1;
/** akash.market.v1.LeaseClosedReason for a close by the tenant. */
const LEASE_CLOSED_OWNER = 1;

const coin = (c: Coin) => ({ denom: c.denom, amount: c.amount.toString() });

export type GroupSpec = akashV1beta4.GroupSpec;

export type CreateDeploymentInput = {
  owner: string;
  dseq: bigint;
  /** The placement groups, as analyzeSdl returns them (analysis.groupSpecs). */
  groups: readonly GroupSpec[];
  /** The manifest version: SHA-256 of the sorted manifest JSON, 32 bytes. */
  hash: Uint8Array;
  /** The first deposit, from the owner's balance: uact on mainnet, at least the min_deposits parameter. */
  deposit: Coin;
};

export function msgCreateDeployment(input: CreateDeploymentInput): EncodeObject {
  return {
    typeUrl: TYPE_URL.createDeployment,
    value: akashV1beta4.MsgCreateDeployment.fromPartial({
      id: { owner: input.owner, dseq: input.dseq },
      groups: [...input.groups],
      hash: input.hash,
      deposit: { amount: coin(input.deposit), sources: [SOURCE_BALANCE] },
    }),
  };
}

/** Closes the deployment with its leases and refunds what is left in escrow. */
export function msgCloseDeployment(id: { owner: string; dseq: bigint }): EncodeObject {
  return { typeUrl: TYPE_URL.closeDeployment, value: akashV1beta4.MsgCloseDeployment.fromPartial({ id: { owner: id.owner, dseq: id.dseq } }) };
}

const bidIdFields = (id: BidId) => ({ owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq });

/** Accepts a bid: the BidID is copied verbatim, bseq included. Signed by the owner. */
export function msgCreateLease(bidId: BidId): EncodeObject {
  return { typeUrl: TYPE_URL.createLease, value: akashV1beta5.MsgCreateLease.fromPartial({ bidId: bidIdFields(bidId) }) };
}

export function msgCloseLease(leaseId: LeaseId): EncodeObject {
  return { typeUrl: TYPE_URL.closeLease, value: akashV1beta5.MsgCloseLease.fromPartial({ id: bidIdFields(leaseId), reason: LEASE_CLOSED_OWNER }) };
}

export type DepositInput = { signer: string; owner: string; dseq: bigint; amount: Coin };

/** Tops up a deployment's escrow account (xid "<owner>/<dseq>", as the node's DeploymentID.String()). */
export function msgDeposit(input: DepositInput): EncodeObject {
  return {
    typeUrl: TYPE_URL.accountDeposit,
    value: akashV1.MsgAccountDeposit.fromPartial({
      signer: input.signer,
      id: { scope: SCOPE_DEPLOYMENT, xid: `${input.owner}/${input.dseq}` },
      deposit: { amount: coin(input.amount), sources: [SOURCE_BALANCE] },
    }),
  };
}

/** Burns `burn` (uakt) to mint ACT to the owner itself (ACT can only be minted to the burner). */
export function msgMintAct(input: { owner: string; burn: Coin }): EncodeObject {
  return { typeUrl: TYPE_URL.mintAct, value: akashV1.MsgMintACT.fromPartial({ owner: input.owner, to: input.owner, coinsToBurn: coin(input.burn) }) };
}

/** Puts an mTLS client certificate on chain: the PEM texts themselves, as bytes. */
export function msgCreateCertificate(input: { owner: string; certPem: string; pubkeyPem: string }): EncodeObject {
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
  return { typeUrl: TYPE_URL.createCertificate, value: akashV1.MsgCreateCertificate.fromPartial({ owner: input.owner, cert: utf8(input.certPem), pubkey: utf8(input.pubkeyPem) }) };
}

/** A bank transfer (AKT; ACT is send-disabled on mainnet). */
export function msgSend(input: { from: string; to: string; amount: Coin[] }): EncodeObject {
  return { typeUrl: TYPE_URL.send, value: cosmos.MsgSend.fromPartial({ fromAddress: input.from, toAddress: input.to, amount: input.amount.map(coin) }) };
}
