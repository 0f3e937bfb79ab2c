/**
 * oracle v2: the AKT price in USD, the one the bme module mints at (node x/oracle/keeper GetAggregatedPrice).
 * Mainnet aggregates it from price feeds into a TWAP with a health record; the devnet has a single feed, the
 * genesis price (params.oracle.aktUsd), which a devnet action can move or mark stale (setAktPrice).
 * ACT is pegged at 1 USD and has no feed, as on mainnet.
 */
import { oracleErrors } from "../akash-errors.js";
import type { Ctx, ReadCtx } from "../context.js";
import type { ChainParams } from "../params.js";

export type AktPrice = { usd: string; healthy: boolean };

const PRICE_KEY = "oracle/price/akt";

/** The AKT feed as stored, or the genesis price when no feed update happened yet. */
export function aktPrice(ctx: ReadCtx & { params: ChainParams }): AktPrice {
  return ctx.store.get<AktPrice>(PRICE_KEY) ?? { usd: ctx.params.oracle.aktUsd, healthy: true };
}

/** A feed update: a new price, or (healthy: false) a feed that stopped, as when the oracle's sources go stale. */
export function setAktPrice(ctx: Ctx, price: AktPrice): void {
  ctx.store.set(PRICE_KEY, price);
}

/** "uakt" and "akt" are AKT, "uact" and "act" ACT: the oracle keys prices by base denomination. */
export function baseDenom(denom: string): string {
  if (denom === "uakt") return "akt";
  if (denom === "uact") return "act";
  return denom;
}

/** GetAggregatedPrice: the USD price bme converts at; a stalled or missing feed is ErrPriceStalled. */
export function usdPrice(ctx: ReadCtx & { params: ChainParams }, denom: string): string {
  const base = baseDenom(denom);
  if (base === "act") return "1";
  if (base !== "akt") throw oracleErrors.priceStalled(`collections: not found: key '${base}/usd'`);
  const price = aktPrice(ctx);
  if (!price.healthy) throw oracleErrors.priceStalled();
  return price.usd;
}
