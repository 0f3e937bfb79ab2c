/**
 * The address a staking report is for: an Akash account address (akash1…). Validator operator addresses
 * (akashvaloper1…) and other chains' addresses (cosmos1…) decode as bech32 too, so the prefix is what tells
 * them apart — and each mistake gets its own explanation.
 */
import { fromBech32 } from "@cosmjs/encoding";
import { InvalidInputError } from "../errors/invalid-input.js";

const ACCOUNT_PREFIX = "akash";
const EXPECTED = `an Akash account address: ${ACCOUNT_PREFIX}1… (bech32, 20 bytes, valid checksum)`;

/** The address, lower-cased; InvalidInputError naming `field` when it is not an akash1… account address. */
export function parseDelegatorAddress(text: string, field = "--address"): string {
  const address = text.trim();
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(address);
  } catch {
    throw invalid(field, address === "" ? "an empty value" : JSON.stringify(address), EXPECTED);
  }
  if (decoded.prefix === `${ACCOUNT_PREFIX}valoper`) {
    throw invalid(field, `a validator operator address (${address})`, `${EXPECTED}; a delegator's rewards belong to its account address, not to the validator it stakes with`);
  }
  if (decoded.prefix !== ACCOUNT_PREFIX) {
    throw invalid(field, `an address with the prefix "${decoded.prefix}" (${address})`, `${EXPECTED}; "${decoded.prefix}1…" is another chain's or another kind of address`);
  }
  if (decoded.data.length !== 20) throw invalid(field, `an address of ${decoded.data.length} bytes (${address})`, EXPECTED);
  return address.toLowerCase();
}

const invalid = (field: string, found: string, expected: string) => new InvalidInputError("Invalid delegator address", [{ field, found, expected }]);
