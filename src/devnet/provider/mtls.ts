/**
 * Client-certificate authentication as provider-services does it: the TLS server requests (not requires) a client
 * certificate, and one that is presented must pass chain-sdk `go/util/tls` ValidatePeerCertificates or the
 * handshake fails. A verified certificate makes its CN the owner, with full access (fullAccessClaims).
 */
import { createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import { isAkashAddress } from "./address.js";
import type { ProviderChainView } from "./chain-view.js";
import { decimalSerial } from "./tls.js";

export type ClientCertificateCheck = { ok: true; owner: string } | { ok: false; reason: string };

const CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";
const ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

/** The certificates the client sent, leaf first; empty when it sent none (then JWT or no auth applies). */
export function peerCertificates(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // Node links a self-signed certificate to itself as its own issuer; stop at the first repeat.
  while (current?.raw !== undefined && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

export function verifyClientCertificates(certificates: X509Certificate[], chainView: ProviderChainView, now: Date): ClientCertificateCheck {
  const [cert] = certificates;
  if (cert === undefined) return { ok: false, reason: "tls: empty peer certificate(s)" };
  if (certificates.length > 1) return { ok: false, reason: "tls: too many peer certificates" };

  const owner = commonName(cert.subject);
  if (owner === undefined || !isAkashAddress(owner) || commonName(cert.issuer) !== owner) {
    return { ok: false, reason: "tls: invalid certificate's subject common name" };
  }

  const onChain = chainView.certificate(owner, decimalSerial(cert));
  if (onChain === undefined || onChain.state !== "valid") {
    return { ok: false, reason: "tls: attempt to use non-existing or revoked certificate" };
  }

  const onChainKey = ecPublicKey(onChain.pubkey);
  if (onChainKey === undefined || !cert.verify(onChainKey)) {
    return { ok: false, reason: "tls: unable to verify certificate: invalid certificate signature" };
  }
  // Go's x509.Verify with the on-chain certificate as the only root: a leaf that is itself in the root pool is
  // accepted as is (pool membership is by the certificate's bytes), then checked for validity period and usage.
  if (!sameCertificate(cert, onChain.cert) || !withinValidity(cert, now) || !allowsClientAuth(cert)) {
    return { ok: false, reason: "tls: unable to verify certificate" };
  }
  return { ok: true, owner };
}

/** Node renders a subject or issuer as "CN=…" lines. */
function commonName(distinguishedName: string): string | undefined {
  const line = distinguishedName.split("\n").find((entry) => entry.startsWith("CN="));
  return line?.slice("CN=".length);
}

/** The chain stores SPKI DER relabelled "EC PUBLIC KEY" (Go accepts only that label). */
function ecPublicKey(pem: string): KeyObject | undefined {
  const match = /-----BEGIN EC PUBLIC KEY-----([\s\S]+?)-----END EC PUBLIC KEY-----/.exec(pem);
  if (match?.[1] === undefined) return undefined;
  try {
    const key = createPublicKey({ key: Buffer.from(match[1].replace(/\s+/g, ""), "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ec" ? key : undefined;
  } catch {
    return undefined;
  }
}

function sameCertificate(cert: X509Certificate, onChainPem: string): boolean {
  try {
    return new X509Certificate(onChainPem).raw.equals(cert.raw);
  } catch {
    return false;
  }
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

/** No extended key usage at all means any usage, as in Go. */
function allowsClientAuth(cert: X509Certificate): boolean {
  const usages = cert.keyUsage as string[] | undefined;
  return usages === undefined || usages.includes(CLIENT_AUTH_USAGE) || usages.includes(ANY_EXTENDED_KEY_USAGE);
}
