/** The address a spend or fee report is for: an Akash account address (bech32, prefix "akash"). */
import { fromBech32 } from "@cosmjs/encoding";
import { InvalidInputError } from "../../errors/invalid-input.js";

export const ACCOUNT_PREFIX = "akash";

/** The address, checked; InvalidInputError naming `field` for a wrong prefix, a bad checksum or a typo. */
export function parseOwnerAddress(text: string, field = "--address"): string {
  const address = text.trim();
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address);
  } catch {
    throw new InvalidInputError("Invalid address", [{ field, found: address || "an empty value", expected: `an Akash account address: ${ACCOUNT_PREFIX}1… (bech32, with a valid checksum)` }]);
  }
  if (decoded.prefix !== ACCOUNT_PREFIX) {
    throw new InvalidInputError("Invalid address", [
      { field, found: `an address with the prefix "${decoded.prefix}"`, expected: `an Akash account address with the prefix "${ACCOUNT_PREFIX}" (a ${decoded.prefix}1… address belongs to another chain or is a validator operator address)` },
    ]);
  }
  if (decoded.data.length !== 20 && decoded.data.length !== 32) {
    throw new InvalidInputError("Invalid address", [{ field, found: `an address of ${decoded.data.length} bytes`, expected: "an account address of 20 bytes (or 32 for a module/contract account)" }]);
  }
  return address.toLowerCase();
}
