/**
 * The provider's TLS identity. A real provider serves its gateway with the certificate it registered on chain
 * (`provider-services tx cert generate server` + publish), so tenants can pin it: self-signed, CN = provider address.
 * chain-sdk's generator makes exactly that shape (EC P-256, CN = issuer = address), and Node serves it fine.
 */
import { X509Certificate } from "node:crypto";
import { certificateManager } from "@akashnetwork/chain-sdk";

/** The public half: what the provider registers on chain and what tenants pin. */
export interface ProviderCertificate {
  /** `-----BEGIN CERTIFICATE-----` PEM: served in the TLS handshake and sent as MsgCreateCertificate.cert. */
  certPem: string;
  /** `-----BEGIN EC PUBLIC KEY-----` PEM: MsgCreateCertificate.pubkey. */
  publicKeyPem: string;
  /** Serial number in decimal, as the chain keys certificates (owner, serial). */
  serial: string;
  /** SHA-256 fingerprint ("AB:CD:…"), what a tenant compares the handshake's certificate with. */
  fingerprint256: string;
}

export interface ProviderTlsIdentity {
  certificate: ProviderCertificate;
  /** PKCS#8 PEM; never leaves the gateway. */
  privateKeyPem: string;
}

export async function createProviderTlsIdentity(providerAddress: string): Promise<ProviderTlsIdentity> {
  const pem = await certificateManager.generatePEM(providerAddress);
  const x509 = new X509Certificate(pem.cert);
  return {
    certificate: { certPem: pem.cert, publicKeyPem: pem.publicKey, serial: decimalSerial(x509), fingerprint256: x509.fingerprint256 },
    privateKeyPem: pem.privateKey,
  };
}

/** Node reports serials in hex; the chain (Go big.Int.String()) and chain-sdk use decimal. */
export function decimalSerial(cert: X509Certificate): string {
  return BigInt(`0x${cert.serialNumber}`).toString(10);
}
