import { fromBech32 } from "@cosmjs/encoding";

const ACCOUNT_PREFIX = "akash";

/**
 * Accepts what cosmos-sdk's AccAddressFromBech32 accepts with the akash prefix: valid bech32, prefix "akash",
 * 1–255 bytes of data. The provider uses it for JWT issuers, permission providers and certificate CNs.
 */
export function isAkashAddress(value: string): boolean {
  try {
    const { prefix, data } = fromBech32(value);
    return prefix === ACCOUNT_PREFIX && data.length > 0 && data.length <= 255;
  } catch {
    return false;
  }
}
