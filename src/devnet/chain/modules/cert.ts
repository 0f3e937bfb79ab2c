/**
 * cert v1: client and provider certificates, stored by (owner, serial) with the checks mainnet's
 * ParseAndValidateCertificate makes: one CERTIFICATE PEM, an EC PUBLIC KEY PEM that verifies it, CN = owner.
 */
import { X509Certificate, createPublicKey } from "node:crypto";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { moduleError } from "../errors.js";

export type CertificateRecord = { owner: string; serial: string; state: "valid" | "revoked"; cert: Uint8Array; pubkey: Uint8Array };

const certErrors = {
  exists: moduleError("cert", 2, "certificate already exists", 6),
  notFound: moduleError("cert", 3, "certificate not found", 5),
  revoked: moduleError("cert", 4, "certificate revoked", 9),
  invalid: moduleError("cert", 7, "invalid certificate"),
};

const key = (owner: string, serial: string) => `cert/${owner}/${serial.padStart(40, "0")}`;

export const getCertificate = (ctx: ReadCtx, owner: string, serial: string) => ctx.store.get<CertificateRecord>(key(owner, serial));
export const allCertificates = (ctx: ReadCtx) => ctx.store.values<CertificateRecord>("cert/");

export function createCertificate(ctx: Ctx, owner: string, certPem: Uint8Array, pubkeyPem: Uint8Array): CertificateRecord {
  const serial = parseAndValidate(owner, certPem, pubkeyPem);
  if (getCertificate(ctx, owner, serial)) throw certErrors.exists(`serial ${serial}`);
  const record: CertificateRecord = { owner, serial, state: "valid", cert: certPem, pubkey: pubkeyPem };
  ctx.store.set(key(owner, serial), record);
  emit(ctx, "akash.cert.v1.EventCertificateCreated", { owner, serial });
  return record;
}

export function revokeCertificate(ctx: Ctx, owner: string, serial: string): void {
  const record = getCertificate(ctx, owner, serial);
  if (!record) throw certErrors.notFound(`serial ${serial}`);
  if (record.state === "revoked") throw certErrors.revoked();
  ctx.store.set(key(owner, serial), { ...record, state: "revoked" });
  emit(ctx, "akash.cert.v1.EventCertificateRevoked", { owner, serial });
}

/** The certificate's serial in decimal, as the chain keys it. */
function parseAndValidate(owner: string, certPem: Uint8Array, pubkeyPem: Uint8Array): string {
  const certText = new TextDecoder().decode(certPem);
  const keyText = new TextDecoder().decode(pubkeyPem);
  if ((certText.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length !== 1) throw certErrors.invalid("cert must be a single CERTIFICATE PEM block");
  if ((keyText.match(/-----BEGIN EC PUBLIC KEY-----/g) ?? []).length !== 1) throw certErrors.invalid("pubkey must be a single EC PUBLIC KEY PEM block");
  try {
    const der = Buffer.from(keyText.replace(/-----(BEGIN|END) EC PUBLIC KEY-----|\s/g, ""), "base64");
    const publicKey = createPublicKey({ key: der, format: "der", type: "spki" });
    if (publicKey.asymmetricKeyType !== "ec") throw new Error("not an EC key");
    const x509 = new X509Certificate(certText);
    if (!x509.verify(publicKey)) throw new Error("signature does not verify with the public key");
    const cn = /CN=([^\n,]+)/.exec(x509.subject)?.[1];
    if (cn !== owner) throw new Error(`CN ${cn ?? "(none)"} is not the owner ${owner}`);
    return BigInt(`0x${x509.serialNumber}`).toString();
  } catch (error) {
    throw certErrors.invalid((error as Error).message);
  }
}
