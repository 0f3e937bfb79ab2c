/**
 * secp256k1 signature checks for transactions, with node:crypto (OpenSSL: several times faster than a
 * pure-JS curve) and a cache of results, since CheckTx and DeliverTx check the same signature over the same
 * bytes with the same key — the answer cannot change between them.
 */
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";

/** The curve order's half: Cosmos SDK refuses signatures whose s is above it (malleable "high-S" forms). */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
/** SubjectPublicKeyInfo prefix for an EC key on secp256k1 with a 33-byte compressed point. */
const SPKI_PREFIX = Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex");
const CACHE_LIMIT = 20_000;

const keys = new Map<string, KeyObject>();
const verified = new Map<string, boolean>();

export function verifySecp256k1(signature: Uint8Array, message: Uint8Array, compressedPubKey: Uint8Array): boolean {
  if (signature.length !== 64 || compressedPubKey.length !== 33) return false;
  if (BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`) > HALF_ORDER) return false;
  const cacheKey = createHash("sha256").update(compressedPubKey).update(signature).update(message).digest("base64");
  const known = verified.get(cacheKey);
  if (known !== undefined) return known;
  let valid = false;
  try {
    valid = verify("sha256", message, { key: keyOf(compressedPubKey), dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    valid = false;
  }
  if (verified.size >= CACHE_LIMIT) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, valid);
  return valid;
}

function keyOf(compressed: Uint8Array): KeyObject {
  const id = Buffer.from(compressed).toString("hex");
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, compressed]), format: "der", type: "spki" });
    if (keys.size >= CACHE_LIMIT) keys.delete(keys.keys().next().value!);
    keys.set(id, key);
  }
  return key;
}
