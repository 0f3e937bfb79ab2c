/**
 * cert v1: client and provider certificates, stored by (owner, serial) with the checks of mainnet's
 * ParseAndValidateCertificate (chain-sdk go/node/cert/v1/cert.go), in its order: one EC PUBLIC KEY PEM block,
 * then one CERTIFICATE PEM block, signed by that key, whose CN is the owner.
 */
import { X509Certificate, createPublicKey } from "node:crypto";
import { isAddress } from "../address.js";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { certErrors } from "../akash-errors.js";
import { sdkError } from "../errors.js";

export type CertificateRecord = { owner: string; serial: string; state: "valid" | "revoked"; cert: Uint8Array; pubkey: Uint8Array };

const key = (owner: string, serial: string) => `cert/${owner}/${serial.padStart(40, "0")}`;

export const getCertificate = (ctx: ReadCtx, owner: string, serial: string) => ctx.store.get<CertificateRecord>(key(owner, serial));
export const allCertificates = (ctx: ReadCtx) => ctx.store.values<CertificateRecord>("cert/");

export function createCertificate(ctx: Ctx, owner: string, certPem: Uint8Array, pubkeyPem: Uint8Array): CertificateRecord {
  const serial = parseAndValidate(owner, certPem, pubkeyPem);
  if (getCertificate(ctx, owner, serial)) throw certErrors.exists();
  const record: CertificateRecord = { owner, serial, state: "valid", cert: certPem, pubkey: pubkeyPem };
  ctx.store.set(key(owner, serial), record);
  emit(ctx, "akash.cert.v1.EventCertificateCreated", { owner, serial });
  return record;
}

export function revokeCertificate(ctx: Ctx, owner: string, serial: string): void {
  const record = getCertificate(ctx, owner, serial);
  if (!record) throw certErrors.notFound();
  if (record.state === "revoked") throw certErrors.alreadyRevoked();
  ctx.store.set(key(owner, serial), { ...record, state: "revoked" });
  emit(ctx, "akash.cert.v1.EventCertificateRevoked", { owner, serial });
}

/** MsgCreateCertificate.ValidateBasic: a valid owner, and the certificate checks (again in the handler). */
export function validateCertificate(owner: string, certPem: Uint8Array, pubkeyPem: Uint8Array): void {
  if (!isAddress(owner)) throw sdkError.invalidAddress("MsgCreateCertificate: Invalid Owner Address");
  parseAndValidate(owner, certPem, pubkeyPem);
}

/** MsgRevokeCertificate.ValidateBasic: the serial is a decimal number. */
export function validateSerial(serial: string): void {
  if (!/^\d+$/.test(serial)) throw certErrors.invalidSerialNumber();
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----\r?\n([\s\S]*?)-----END \1-----\r?\n?/;

/** Go's pem.Decode of the whole input: one block (text before it is skipped), nothing after its END line. */
function singlePem(pem: Uint8Array): { type: string; der: Buffer } | undefined {
  const text = new TextDecoder().decode(pem);
  const start = text.indexOf("-----BEGIN ");
  const match = start < 0 ? null : PEM_BLOCK.exec(text.slice(start));
  if (!match || text.length > start + match[0].length) return undefined;
  return { type: match[1]!, der: Buffer.from(match[2]!.replace(/\s/g, ""), "base64") };
}

/** The certificate's serial in decimal, as the chain keys it. */
function parseAndValidate(owner: string, certPem: Uint8Array, pubkeyPem: Uint8Array): string {
  const key = singlePem(pubkeyPem);
  if (!key) throw certErrors.invalidPubkeyValue();
  if (key.type !== "EC PUBLIC KEY") throw certErrors.invalidPubkeyValue.after("invalid pem block type");
  let publicKey;
  try {
    publicKey = createPublicKey({ key: key.der, format: "der", type: "spki" });
  } catch (error) {
    throw certErrors.invalidPubkeyValue.after((error as Error).message);
  }
  if (publicKey.asymmetricKeyType !== "ec") throw certErrors.invalidPubkeyValue.after("invalid public key type");
  const cert = singlePem(certPem);
  if (!cert) throw certErrors.invalidCertificateValue();
  if (cert.type !== "CERTIFICATE") throw certErrors.invalidCertificateValue.after("invalid pem block type");
  let x509;
  try {
    x509 = new X509Certificate(cert.der);
  } catch (error) {
    // x509.ParseCertificate's own error on the node (unregistered); the devnet keeps it in cert's codespace.
    throw certErrors.invalidCertificateValue.after((error as Error).message);
  }
  if (!x509.verify(publicKey)) throw certErrors.invalidCertificateValue.after("invalid certificate signature");
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject)?.[1];
  if (!cn || !isAddress(cn)) throw certErrors.invalidCertificateValue.after(`decoding bech32 failed: invalid common name ${JSON.stringify(cn ?? "")}`);
  if (cn !== owner) throw certErrors.invalidCertificateValue.after("CommonName does not match owner");
  return BigInt(`0x${x509.serialNumber}`).toString();
}
