import type { Dec } from "./decimal.js";
import { toFixedText } from "./round.js";

/** "$2.00" for people; amounts below a cent keep four decimals so they do not read as zero. */
export function formatUsd(amount: Dec): string {
  const value = amount.toNumber();
  return `$${Math.abs(value) < 0.01 && value !== 0 ? value.toFixed(4) : value.toFixed(2)}`;
}

/** USD as a JSON number, rounded to 4 decimals (display only; exact amounts travel as uact strings). */
export function usdNumber(amount: Dec): number {
  return Number(amount.toNumber().toFixed(4));
}

/** "$0.02", "-$1.50": an exact amount rounded half up at `digits`, with no float on the way (for reports). */
export function formatUsdExact(amount: Dec, digits = 2): string {
  const text = toFixedText(amount, digits);
  return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
}
