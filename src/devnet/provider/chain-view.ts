/**
 * What a simulated provider's gateway needs to know from the devnet chain — the same facts a real
 * provider-services reads from its node (x/auth, x/deployment, x/market, x/cert) or writes to it.
 * The devnet chain implements this; the gateway never reaches into chain state any other way.
 */

/** akash.market.v1.LeaseID: the order (owner/dseq/gseq/oseq) and the provider that won it. */
export interface LeaseId {
  owner: string;
  dseq: bigint;
  gseq: number;
  oseq: number;
  provider: string;
}

/** A lease the chain still runs: state `active`, or `reclaiming` (it keeps running until the reclamation deadline). */
export interface OpenLease {
  id: LeaseId;
  /** GroupSpec.name of the lease's group: the provider deploys the manifest group with this name. */
  groupName: string;
  /** Block time of the MsgCreateLease: the manifest deadline counts from here. */
  createdAt: Date;
}

/** An akash.cert.v1 certificate as stored on chain: the PEM texts the owner sent in MsgCreateCertificate. */
export interface OnChainCertificate {
  /** `-----BEGIN CERTIFICATE-----` PEM. */
  cert: string;
  /** SPKI DER in a PEM labelled `-----BEGIN EC PUBLIC KEY-----`. */
  pubkey: string;
  state: "valid" | "revoked";
}

/** Why a provider closes a lease on its own; the chain records it as LeaseClosedReason (manifest_timeout = 10003). */
export type ProviderCloseReason = "manifest_timeout";

export interface ProviderChainView {
  /**
   * The account's compressed secp256k1 public key (33 bytes), known once the account has signed its first tx;
   * undefined for unknown accounts and accounts that never signed. JWTs are verified against it.
   */
  accountPubKey(address: string): Uint8Array | undefined;

  /** Deployment.hash (sha256 of the sorted manifest JSON) while the deployment is active; undefined otherwise. */
  deploymentHash(owner: string, dseq: bigint): Uint8Array | undefined;

  /** Every open lease won by `provider`, any owner. Called on each sync() and on each manifest upload. */
  openLeases(provider: string): OpenLease[];

  /** The certificate `owner` registered with this serial (decimal string, as the chain keys it), any state. */
  certificate(owner: string, serial: string): OnChainCertificate | undefined;

  /**
   * Close the lease as the provider's MsgCloseBid with this reason does (the real provider broadcasts that tx when
   * no manifest arrived in time). The lease then no longer appears in openLeases().
   */
  closeLease(id: LeaseId, reason: ProviderCloseReason): void;
}

/** LeaseID.String() of the Go types: "owner/dseq/gseq/oseq/provider". */
export function leaseKey(id: LeaseId): string {
  return `${id.owner}/${id.dseq}/${id.gseq}/${id.oseq}/${id.provider}`;
}

/** DeploymentID.String(): "owner/dseq". */
export function deploymentKey(owner: string, dseq: bigint): string {
  return `${owner}/${dseq}`;
}
