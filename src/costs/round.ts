/**
 * Rounding of exact amounts for display. Dec itself only truncates (as the chain does); a report that shows
 * $0.015 as "$0.01" would under-state spend, so display goes through these instead. Both are exact: no float.
 */
import { Dec } from "./decimal.js";

function unitAt(digits: number): Dec {
  if (!Number.isInteger(digits) || digits < 0 || digits > 18) throw new RangeError(`digits must be an integer from 0 to 18, got ${digits}`);
  return digits === 0 ? Dec.from(1n) : Dec.parse(`0.${"0".repeat(digits - 1)}1`);
}

/** Rounds to `digits` fractional digits, halves away from zero (1.005 → 1.01, -1.005 → -1.01). */
export function roundHalfUp(value: Dec, digits: number): Dec {
  return roundWith(value, digits, (remainderTimesTwo, unit) => remainderTimesTwo.cmp(unit) >= 0);
}

/** Rounds to `digits` fractional digits, halves to the even neighbour (banker's rounding: 1.005 → 1.00, 1.015 → 1.02). */
export function roundHalfEven(value: Dec, digits: number): Dec {
  return roundWith(value, digits, (remainderTimesTwo, unit, truncated) => {
    const side = remainderTimesTwo.cmp(unit);
    if (side !== 0) return side > 0;
    // Exactly half: go away from zero only when the truncated last digit is odd.
    const lastDigit = truncated.mul(Dec.from(10n ** BigInt(digits))).toBigInt() % 2n;
    return lastDigit !== 0n;
  });
}

function roundWith(value: Dec, digits: number, awayFromZero: (remainderTimesTwo: Dec, unit: Dec, truncated: Dec) => boolean): Dec {
  const unit = unitAt(digits);
  const negative = value.isNegative();
  const magnitude = negative ? Dec.zero.sub(value) : value;
  const truncated = magnitude.truncate(digits);
  const remainder = magnitude.sub(truncated);
  const rounded = !remainder.isZero() && awayFromZero(remainder.mul(2), unit, truncated) ? truncated.add(unit) : truncated;
  return negative ? Dec.zero.sub(rounded) : rounded;
}

/** Exact fixed-point text with exactly `digits` fractional digits, rounded half up ("0.10", "12", "-3.457"). */
export function toFixedText(value: Dec, digits: number): string {
  const text = roundHalfUp(value, digits).toString();
  if (digits === 0) return text;
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(digits, "0")}`;
}
