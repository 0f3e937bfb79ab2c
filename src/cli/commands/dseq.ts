/** A dseq argument, checked. */
import { InvalidInputError } from "../../errors/invalid-input.js";

export function parseDseq(text: string, field = "<dseq>"): bigint {
  if (!/^[1-9]\d{0,19}$/.test(text)) throw new InvalidInputError("Invalid deployment sequence number", [{ field, found: text, expected: "a positive whole number, as `akash-gpu list` shows it" }]);
  return BigInt(text);
}
