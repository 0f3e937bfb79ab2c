/**
 * The legacy mTLS path: providers older than v0.10 do not take JWTs (or not ES256KADR36 ones) and authenticate
 * tenants by a client certificate that is valid on chain. ensureClientCertificate keeps one ready: it reuses the
 * stored certificate while the chain holds it as valid, publishes it if it never made it on chain, and otherwise
 * creates a new one (none yet, expiring soon, revoked).
 *
 * The file is written before the certificate is published, so a crash in between leaves a key whose certificate
 * the next run publishes, never a certificate on chain whose key is lost.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { Cert_State } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { InvalidInputError } from "../errors/invalid-input.js";
import {
  clientCertificatePath,
  createCertificateMessage,
  generateClientCertificate,
  loadClientCertificate,
  sameCertificate,
  saveClientCertificate,
  type ClientCertificate,
} from "./client-certificate.js";
import { ClientCertificateError } from "./errors.js";
import type { ClientIdentity } from "./pinned-tls.js";
import type { ChainSdk } from "./provider-certificates.js";

/** What publishing needs from a signer: the owner's address and a broadcast that resolves once the tx is in a block. */
export interface CertificateTx {
  readonly address: string;
  signAndBroadcast(messages: EncodeObject[]): Promise<unknown>;
}

export interface EnsureClientCertificateOptions {
  sdk: ChainSdk;
  tx: CertificateTx;
  stateDir: string;
  owner: string;
  now?: () => Date;
}

/** Replace a certificate this close to expiry, so it cannot lapse in the middle of a deployment's life. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

export async function ensureClientCertificate(options: EnsureClientCertificateOptions): Promise<ClientIdentity & { serial: string }> {
  const { sdk, tx, stateDir, owner } = options;
  if (tx.address !== owner) {
    throw new InvalidInputError("Client certificate", [{ field: "signer", found: `a signer for ${tx.address}`, expected: `the owner ${owner}: only the owner can publish its certificate` }]);
  }
  const now = (options.now ?? (() => new Date()))();
  const path = clientCertificatePath(stateDir, owner);
  const stored = loadClientCertificate(path, owner);
  if (stored !== undefined && stored.validTo.getTime() - now.getTime() > RENEW_BEFORE_MS) {
    const onChain = await certificateOnChain(sdk, owner, stored.serial);
    if (onChain !== undefined && onChain.state === Cert_State.valid && sameCertificate(onChain.certPem, stored.certPem)) return identity(stored);
    if (onChain === undefined) {
      await publish(options, stored);
      return identity(stored);
    }
    // Revoked, or another certificate under this serial: start over with a new one.
  }
  const fresh = await generateClientCertificate(owner);
  saveClientCertificate(path, fresh);
  await publish(options, fresh);
  return identity(fresh);
}

/** Ensures in flight, per certificate file: two providers falling back at once must not create two certificates. */
const inFlight = new Map<string, Promise<ClientIdentity & { serial: string }>>();
/** How long a checked certificate is reused before the chain is asked again (it may have been revoked since). */
const RECHECK_AFTER_MS = 3600_000;

/**
 * ensureClientCertificate as ProviderClient's `mtlsCredentials`: nothing happens until a provider actually needs
 * the mTLS path; the result is reused for an hour; concurrent callers share one ensure.
 */
export function clientCertificateCredentials(options: EnsureClientCertificateOptions): () => Promise<ClientIdentity> {
  const key = clientCertificatePath(options.stateDir, options.owner);
  let checked: { at: number; identity: ClientIdentity } | undefined;
  return async () => {
    if (checked !== undefined && Date.now() - checked.at < RECHECK_AFTER_MS) return checked.identity;
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = ensureClientCertificate(options).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const identity = await pending;
    checked = { at: Date.now(), identity };
    return identity;
  };
}

async function publish(options: EnsureClientCertificateOptions, certificate: ClientCertificate): Promise<void> {
  const { sdk, tx, owner } = options;
  let result: unknown;
  try {
    result = await tx.signAndBroadcast([createCertificateMessage(owner, certificate)]);
  } catch (error) {
    throw new ClientCertificateError(
      `Could not publish the client certificate of ${owner} on chain`,
      ["expected: MsgCreateCertificate to be accepted", "what to do next: check the wallet's AKT balance for gas and the node's reachability, then retry."],
      error,
    );
  }
  // The signer's result type is not ours to know; the chain is the judge of whether the certificate is there.
  const onChain = await certificateOnChain(sdk, owner, certificate.serial);
  if (onChain?.state !== Cert_State.valid || !sameCertificate(onChain.certPem, certificate.certPem)) {
    throw new ClientCertificateError(`The client certificate of ${owner} is not on chain after publishing it`, [
      `expected: certificate serial ${certificate.serial} in state valid`,
      `found: ${onChain === undefined ? "no such certificate" : "another or a revoked certificate under that serial"}${describeResult(result)}`,
      "what to do next: retry; if it keeps failing, use JWT authentication (the default for providers since v0.10).",
    ]);
  }
}

async function certificateOnChain(sdk: ChainSdk, owner: string, serial: string): Promise<{ state: Cert_State; certPem: string } | undefined> {
  const { certificates } = await sdk.akash.cert.v1.getCertificates({ filter: { owner, serial, state: "" }, pagination: { limit: 1 } });
  const certificate = certificates[0]?.certificate;
  return certificate === undefined ? undefined : { state: certificate.state, certPem: new TextDecoder().decode(certificate.cert) };
}

/** A DeliverTxResponse-like result's failure, if the signer returned one. */
function describeResult(result: unknown): string {
  if (typeof result !== "object" || result === null) return "";
  const { code, rawLog } = result as { code?: unknown; rawLog?: unknown };
  if (typeof code !== "number" || code === 0) return "";
  return `; the transaction failed with code ${code}${typeof rawLog === "string" && rawLog !== "" ? `: ${rawLog}` : ""}`;
}

function identity(certificate: ClientCertificate): ClientIdentity & { serial: string } {
  return { certPem: certificate.certPem, keyPem: certificate.keyPem, serial: certificate.serial };
}
