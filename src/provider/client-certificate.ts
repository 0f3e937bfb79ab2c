/**
 * The tenant's client certificate for the legacy mTLS path, and where it lives on disk.
 *
 * Its shape is what Akash's cert module and providers expect (chain-sdk's certificateManager makes it): self-signed
 * EC P-256 / ECDSA-SHA256, subject CN = issuer CN = the owner's address, extended key usage clientAuth, one year.
 * On chain (MsgCreateCertificate) go the certificate PEM and its public key PEM (SPKI relabelled
 * "EC PUBLIC KEY"), as raw text bytes; the private key never leaves this machine.
 *
 * On disk it is one PEM file per owner, `<stateDir>/certificates/<owner>.pem`, holding the certificate, the public
 * key and the private key, readable by the user only (0600, directory 0700).
 */
import { X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { certificateManager } from "@akashnetwork/chain-sdk";
import { MsgCreateCertificate } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { ClientCertificateError } from "./errors.js";

export interface ClientCertificate {
  /** `-----BEGIN CERTIFICATE-----`: presented in the TLS handshake and published on chain. */
  certPem: string;
  /** `-----BEGIN EC PUBLIC KEY-----`: published on chain next to the certificate. */
  publicKeyPem: string;
  /** `-----BEGIN PRIVATE KEY-----` (PKCS#8). Secret. */
  keyPem: string;
  /** Decimal, as the chain keys certificates (owner, serial). */
  serial: string;
  validTo: Date;
}

export const CREATE_CERTIFICATE_TYPE_URL = "/akash.cert.v1.MsgCreateCertificate";

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----\r?\n[\s\S]*?-----END \1-----\r?\n?/g;

export function clientCertificatePath(stateDir: string, owner: string): string {
  return join(stateDir, "certificates", `${owner}.pem`);
}

export async function generateClientCertificate(owner: string): Promise<ClientCertificate> {
  const pem = await certificateManager.generatePEM(owner);
  return describe({ certPem: pem.cert, publicKeyPem: pem.publicKey, keyPem: pem.privateKey });
}

/** Writes atomically (no half-written key file after a crash) with mode 0600. */
export function saveClientCertificate(path: string, certificate: ClientCertificate): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = [certificate.certPem, certificate.publicKeyPem, certificate.keyPem].map((block) => `${block.trim()}\n`).join("");
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
  chmodSync(path, 0o600);
}

/** The stored certificate of `owner`, or undefined when there is none yet. */
export function loadClientCertificate(path: string, owner: string): ClientCertificate | undefined {
  if (!existsSync(path)) return undefined;
  const unusable = (found: string, cause?: unknown) =>
    new ClientCertificateError(
      `The client certificate file ${path} is unusable`,
      [`expected: a certificate, an EC PUBLIC KEY and a PRIVATE KEY PEM block for ${owner}`, `found: ${found}`, "what to do next: move the file away; a new certificate is then created and published on chain."],
      cause,
    );
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw unusable("a file that cannot be read", error);
  }
  try {
    // Tighten a file that was copied in with looser permissions: it holds a private key.
    chmodSync(path, 0o600);
  } catch {
    // Not ours to change (another user's file, a read-only mount): using it is still fine.
  }
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(PEM_BLOCK)) blocks.set(match[1] ?? "", match[0]);
  const certPem = blocks.get("CERTIFICATE");
  const publicKeyPem = blocks.get("EC PUBLIC KEY");
  const keyPem = blocks.get("PRIVATE KEY");
  if (certPem === undefined || publicKeyPem === undefined || keyPem === undefined) throw unusable(`PEM blocks ${[...blocks.keys()].join(", ") || "none"}`);
  let certificate: ClientCertificate;
  try {
    certificate = describe({ certPem, publicKeyPem, keyPem });
  } catch (error) {
    throw unusable("a certificate that does not parse", error);
  }
  const subject = new X509Certificate(certPem).subject;
  if (subject !== `CN=${owner}`) throw unusable(`a certificate for ${subject}`);
  return certificate;
}

/** MsgCreateCertificate publishing the certificate of `owner`. */
export function createCertificateMessage(owner: string, certificate: ClientCertificate): EncodeObject {
  const encoder = new TextEncoder();
  return {
    typeUrl: CREATE_CERTIFICATE_TYPE_URL,
    value: MsgCreateCertificate.fromPartial({ owner, cert: encoder.encode(certificate.certPem), pubkey: encoder.encode(certificate.publicKeyPem) }),
  };
}

/** Whether two PEM texts hold the same certificate (line endings and wrapping may differ). */
export function sameCertificate(a: string, b: string): boolean {
  try {
    return new X509Certificate(a).raw.equals(new X509Certificate(b).raw);
  } catch {
    return false;
  }
}

function describe(pems: { certPem: string; publicKeyPem: string; keyPem: string }): ClientCertificate {
  const x509 = new X509Certificate(pems.certPem);
  // Node reports serials in hex; the chain keys them in decimal.
  return { ...pems, serial: BigInt(`0x${x509.serialNumber}`).toString(10), validTo: new Date(x509.validTo) };
}
