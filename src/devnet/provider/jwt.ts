/**
 * Bearer JWT verification as provider-services does it (gateway/utils AuthProcess → golang-jwt v5 ParseWithClaims
 * with chain-sdk's ES256KADR36/ES256K methods), in golang-jwt's order: parse → allowed alg → key lookup by issuer
 * → signature → claims. Everything up to the signature fails as 401 "JWT is invalid"; claims fail as
 * 400 "JWT has invalid claims".
 *
 * Expired and not-yet-valid tokens are 400 too, not 401: golang-jwt v5 wraps ErrTokenExpired inside
 * ErrTokenInvalidClaims, and the provider's jwtErrorToHTTP tests for ErrTokenInvalidClaims first, so its
 * dedicated "JWT is expired" (401) branch is unreachable (chain-sdk-wire.md §3.2; read from the code, not run).
 */
import { createHash } from "node:crypto";
import { makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { Secp256k1, Secp256k1Signature } from "@cosmjs/crypto";
import { isAkashAddress } from "./address.js";
import type { Claims } from "./access.js";
import { decodeClaims, InvalidClaims, validateClaims, type DecodedClaims } from "./jwt-claims.js";
import { AUTH_ERRORS, ReplyError } from "./replies.js";

/** The on-chain account public key (compressed secp256k1) of an address, if it has one. */
export type AccountPubKeyLookup = (address: string) => Uint8Array | undefined;

const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const invalid = (): ReplyError => new ReplyError(AUTH_ERRORS.jwtInvalid);

export async function verifyJwt(token: string, accountPubKey: AccountPubKeyLookup, nowMs: number): Promise<Claims> {
  const parts = token.split(".");
  if (parts.length !== 3) throw invalid();
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;

  const header = parseSegment(headerPart);
  const payload = parseSegment(payloadPart);
  let decoded: DecodedClaims;
  try {
    decoded = decodeClaims(payload);
  } catch {
    throw invalid();
  }
  const alg = typeof header === "object" && header !== null ? (header as Record<string, unknown>).alg : undefined;
  if (alg !== "ES256KADR36" && alg !== "ES256K") throw invalid();
  const signature = decodeSegment(signaturePart);

  // keyFunc: the issuer must be an akash address whose account has a public key on chain.
  if (!isAkashAddress(decoded.iss)) throw invalid();
  const pubKey = accountPubKey(decoded.iss);
  if (pubKey === undefined) throw invalid();

  const signingString = `${headerPart}.${payloadPart}`;
  const signedBytes = alg === "ES256KADR36" ? adr36SignBytes(decoded.iss, signingString) : new TextEncoder().encode(signingString);
  if (!(await verifySecp256k1(signature, signedBytes, pubKey))) throw invalid();

  try {
    return validateClaims(decoded, nowMs);
  } catch (error) {
    if (error instanceof InvalidClaims) throw new ReplyError(AUTH_ERRORS.jwtInvalidClaims);
    throw error;
  }
}

/** golang-jwt decodes segments as unpadded base64url and rejects anything else. */
function decodeSegment(segment: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) throw invalid();
  return Buffer.from(segment, "base64url");
}

function parseSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(decodeSegment(segment)).toString("utf8"));
  } catch {
    throw invalid();
  }
}

/**
 * ADR-36 offline signing document, byte-identical to Go's StdSignBytes("", 0, 0, 0, StdFee{}, [MsgSignData], ""):
 * sorted amino JSON with `data` = std base64 of the signing string.
 */
function adr36SignBytes(signer: string, signingString: string): Uint8Array {
  const msg = { type: "sign/MsgSignData", value: { signer, data: Buffer.from(signingString, "utf8").toString("base64") } };
  return serializeSignDoc(makeSignDoc([msg], { gas: "0", amount: [] }, "", "", 0, 0));
}

/** cosmos-sdk secp256k1 PubKey.VerifySignature: 64-byte r‖s, low-S only, ECDSA over sha256(message). */
async function verifySecp256k1(signature: Uint8Array, message: Uint8Array, pubKey: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false;
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);
  if (s > SECP256K1_HALF_ORDER) return false;
  try {
    const digest = createHash("sha256").update(message).digest();
    return await Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(signature), digest, pubKey);
  } catch {
    // Malformed key or signature values (r or s out of range): not a valid signature.
    return false;
  }
}
