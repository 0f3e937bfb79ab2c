/**
 * The denominations a lease, a bid or a payment can be in, and their value in USD.
 * - uact: ACT, the USD-pegged compute credit of BME (since 2026-03-23): 1e6 uact ≈ 1 USD, peg overridable (actUsd).
 * - uakt: AKT, 1e6 uakt per AKT, valued at an AKT/USD price (see akt-price.ts); gas is always uakt.
 * - the axlUSDC IBC denom: the AEP-23 stable-payment path before BME, 6 decimals, valued at 1 USD.
 * Amounts are in the base unit (uact, uakt, uusdc) and may carry 18 fractional digits (per-block prices).
 * Conversion is exact to 18 decimals of a USD; round only for display.
 */
import { Dec } from "./decimal.js";
import { AktPriceUnavailableError, UnknownDenomError } from "./errors.js";

/** Mainnet's axlUSDC (reference/pricing.md §3.1; akash-protocol.md, x/deployment allowed denoms before v2.0.0). */
export const USDC_IBC_DENOM = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1";

export type KnownDenom = "uact" | "uakt" | typeof USDC_IBC_DENOM;

export type DenomInfo = { denom: KnownDenom; symbol: "ACT" | "AKT" | "USDC"; /** Base units per whole token. */ unitsPerToken: bigint };

export const DENOMS: Readonly<Record<KnownDenom, DenomInfo>> = {
  uact: { denom: "uact", symbol: "ACT", unitsPerToken: 1_000_000n },
  uakt: { denom: "uakt", symbol: "AKT", unitsPerToken: 1_000_000n },
  [USDC_IBC_DENOM]: { denom: USDC_IBC_DENOM, symbol: "USDC", unitsPerToken: 1_000_000n },
};

export function denomInfo(denom: string): DenomInfo | undefined {
  return Object.hasOwn(DENOMS, denom) ? DENOMS[denom as KnownDenom] : undefined;
}

/** USD per whole token for each denomination. aktUsd is needed only when uakt amounts exist. */
export type UsdPrices = {
  /** USD per ACT: 1 unless the peg is overridden (config actUsd). */
  actUsd: Dec;
  /** USD per AKT, from resolveAktPrice (or a plain Dec). */
  aktUsd?: Dec | { price: Dec };
  /** USD per USDC; 1 when not given. */
  usdcUsd?: Dec;
};

/** A value in USD, or why there is none: a report marks the row "unpriced" and keeps it. */
export type UsdValue =
  | { priced: true; usd: Dec; denom: KnownDenom; /** USD per whole token used. */ rate: Dec }
  | { priced: false; denom: string; code: "unknown-denom" | "no-akt-price"; reason: string; error: UnknownDenomError | AktPriceUnavailableError };

/** USD per whole token of a denomination, or the error saying why it has none. */
export function usdRate(denom: string, prices: UsdPrices): Dec | UnknownDenomError | AktPriceUnavailableError {
  const info = denomInfo(denom);
  if (!info) return new UnknownDenomError(denom, Object.keys(DENOMS));
  switch (info.symbol) {
    case "ACT":
      return prices.actUsd;
    case "USDC":
      return prices.usdcUsd ?? Dec.from(1);
    case "AKT": {
      const akt = prices.aktUsd;
      if (akt === undefined) return new AktPriceUnavailableError(undefined, "uakt amounts and no AKT price given");
      return akt instanceof Dec ? akt : akt.price;
    }
  }
}

/** Never throws: the caller decides whether an unpriced amount is fatal. */
export function valueInUsd(amount: Dec, denom: string, prices: UsdPrices): UsdValue {
  const rate = usdRate(denom, prices);
  if (!(rate instanceof Dec)) {
    const code = rate instanceof UnknownDenomError ? "unknown-denom" : "no-akt-price";
    return { priced: false, denom, code, reason: rate.shortMessage, error: rate };
  }
  const info = denomInfo(denom)!;
  // Multiply before dividing: the product keeps the amount's 18 digits, the division drops only what lies below 1e-18 USD.
  return { priced: true, usd: amount.mul(rate).div(info.unitsPerToken), denom: info.denom, rate };
}

/** USD value of `amount` base units of `denom`; throws UnknownDenomError or AktPriceUnavailableError. */
export function toUsd(amount: Dec, denom: string, prices: UsdPrices): Dec {
  const value = valueInUsd(amount, denom, prices);
  if (!value.priced) throw value.error;
  return value.usd;
}

/** Whole tokens (ACT, AKT, USDC) from base units, exact. */
export function toTokens(amount: Dec, denom: string): Dec {
  const info = denomInfo(denom);
  if (!info) throw new UnknownDenomError(denom, Object.keys(DENOMS));
  return amount.div(info.unitsPerToken);
}

/** Whether any of `denoms` needs an AKT price: call resolveAktPrice only when this is true. */
export function needsAktPrice(denoms: Iterable<string>): boolean {
  for (const denom of denoms) if (denom === "uakt") return true;
  return false;
}
