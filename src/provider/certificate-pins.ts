/**
 * The set of certificates a provider's gateway may present: the SHA-256 fingerprints of its valid certificates on
 * chain. Certificates whose subject is not the provider are refused up front: the chain only stores certificates
 * whose CN is their owner, so one with another CN was not read from the provider's records, and pinning it would
 * let a token scoped to this provider go to someone else.
 */
import { X509Certificate } from "node:crypto";
import { ProviderNotVerifiableError } from "./errors.js";

export class CertificatePins {
  readonly fingerprints: readonly string[];

  constructor(
    readonly provider: string,
    certificatePems: readonly string[],
  ) {
    if (certificatePems.length === 0) throw new ProviderNotVerifiableError(provider, "no valid certificate on chain");
    this.fingerprints = certificatePems.map((pem, index) => {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(pem);
      } catch {
        throw new ProviderNotVerifiableError(provider, `certificate #${index + 1} is not a PEM X.509 certificate`);
      }
      const subject = commonName(cert.subject);
      if (subject !== provider) throw new ProviderNotVerifiableError(provider, `certificate #${index + 1} belongs to ${subject ?? "nobody (no CN)"}, not to the provider`);
      return cert.fingerprint256;
    });
  }

  /** Whether the presented certificate is one of the provider's. */
  accepts(cert: X509Certificate | undefined): boolean {
    return cert !== undefined && this.fingerprints.includes(cert.fingerprint256);
  }
}

/** Node renders a distinguished name as "CN=…" lines. */
function commonName(distinguishedName: string): string | undefined {
  return distinguishedName
    .split("\n")
    .find((entry) => entry.startsWith("CN="))
    ?.slice("CN=".length);
}
