import type { Dec } from "./decimal.js";

/** "$2.00" for people; amounts below a cent keep four decimals so they do not read as zero. */
export function formatUsd(amount: Dec): string {
  const value = amount.toNumber();
  return `$${Math.abs(value) < 0.01 && value !== 0 ? value.toFixed(4) : value.toFixed(2)}`;
}

/** USD as a JSON number, rounded to 4 decimals (display only; exact amounts travel as uact strings). */
export function usdNumber(amount: Dec): number {
  return Number(amount.toNumber().toFixed(4));
}
