/** Bech32 addresses as the Cosmos SDK derives them. */
import { ripemd160, sha256 } from "@cosmjs/crypto";
import { fromBech32, toBech32 } from "@cosmjs/encoding";

export const PREFIX = "akash";

/** Account address of a compressed secp256k1 public key: ripemd160(sha256(key)). */
export function addressOfPubKey(pubKey: Uint8Array): string {
  return toBech32(PREFIX, ripemd160(sha256(pubKey)));
}

/** Module accounts (escrow, fee_collector, …): sha256(name)[:20], as x/auth's NewModuleAddress. */
export function moduleAddress(name: string): string {
  return toBech32(PREFIX, sha256(new TextEncoder().encode(name)).slice(0, 20));
}

export function isAddress(value: string, prefix = PREFIX): boolean {
  try {
    const decoded = fromBech32(value);
    return decoded.prefix === prefix && decoded.data.length === 20;
  } catch {
    return false;
  }
}

export function toValoper(address: string): string {
  return toBech32(`${PREFIX}valoper`, fromBech32(address).data);
}

export const MODULES = {
  feeCollector: moduleAddress("fee_collector"),
  escrow: moduleAddress("escrow"),
  bme: moduleAddress("bme"),
  bondedPool: moduleAddress("bonded_tokens_pool"),
  distribution: moduleAddress("distribution"),
  mint: moduleAddress("mint"),
} as const;
