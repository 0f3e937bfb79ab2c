/**
 * How much AKT to burn for N ACT. Mainnet's bme module (node x/bme `prepareToBM`) mints
 * trunc(burned × AKT price / ACT price) — ACT is pegged at $1, the AKT price is the oracle's TWAP — and keeps
 * trunc(minted × mint_spread_bps / 10000) of it in its vault. The price is the one when the mint executes,
 * an epoch (min_epoch_blocks) after the request, so the burn carries a safety margin.
 *
 * The AKT price comes from the chain's oracle where it can be read: mainnet v2.1 serves oracle v2, whose
 * AggregatedPrice messages have the same wire format as the v1 types chain-sdk alpha.25 ships, so the v2 path
 * is asked with the v1 codecs (then v1 itself). Otherwise the configured price (--akt-usd) is used.
 *
 * Below the chain's minimum mint (bme min_mint, 10 ACT on mainnet) the node takes the burn and cancels the
 * mint an epoch later, refunding the AKT: a quote for less is raised to the minimum (with a note saying so)
 * or refused, as the caller chooses. Sized for the minimum, the burn's margin keeps the gross mint — what the
 * node compares with min_mint — above it unless the price falls by more than the margin in the meantime.
 */
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import type { ChainClient } from "./chain-client.js";
import { getBmeParams } from "./bme-params.js";
import { ChainTxError } from "./errors.js";

export type PriceSource = "oracle" | "config";

/** What to do with an amount below the chain's minimum mint: mint the minimum instead, or refuse. */
export type BelowMinimum = "raise" | "refuse";

export type MintQuote = {
  /** ACT the burn is sized for: the amount asked for, or the chain's minimum when that is more (see `note`). */
  act: Dec;
  /** ACT asked for. */
  requested: Dec;
  /** The chain's minimum mint in uact (bme min_mint); 0n when it has none. */
  minMintUact: bigint;
  /** Set when the amount was raised to the minimum: says from what, to what, and why. */
  note?: string;
  /** USD per AKT used for the quote, and where it came from. */
  aktUsd: Dec;
  priceSource: PriceSource;
  spreadBps: number;
  marginBps: number;
  /** Blocks until a mint executes (the bme epoch). */
  epochBlocks: number;
  burnUakt: bigint;
  /** What the burn mints at this price, after the spread. */
  expectedUact: bigint;
};

/** 1%: covers the TWAP moving during the epoch between the request and the mint. */
export const DEFAULT_MARGIN_BPS = 100;

const ORACLE_PATHS = ["/akash.oracle.v2.Query/AggregatedPrice", "/akash.oracle.v1.Query/AggregatedPrice"];
const UACT_PER_ACT = 1_000_000n;

export type QuoteInput = {
  act: Dec;
  aktUsd?: Dec;
  marginBps?: number;
  /** Below the chain's minimum: "raise" (default) mints the minimum, "refuse" throws MintBelowMinimumError. */
  belowMinimum?: BelowMinimum;
};

export async function quoteMint(client: ChainClient, input: QuoteInput): Promise<MintQuote> {
  if (input.act.cmp(0) <= 0) throw new InvalidInputError("Cannot mint that amount", [{ field: "--amount", found: input.act.toString(), expected: "a positive amount of ACT, e.g. 5 or 12.5" }]);
  const marginBps = input.marginBps ?? DEFAULT_MARGIN_BPS;
  const params = await getBmeParams(client);
  const requestedUact = input.act.mul(UACT_PER_ACT).ceil(0).toBigInt();
  const belowMinimum = requestedUact < params.minMintUact;
  if (belowMinimum && input.belowMinimum === "refuse") throw new MintBelowMinimumError(input.act, params.minMintUact);
  const act = belowMinimum ? Dec.from(params.minMintUact).div(UACT_PER_ACT) : input.act;
  const price = await aktPrice(client, input.aktUsd);
  const keep = Dec.from(10_000 - params.spreadBps).div(10_000);
  const burnUakt = act.mul(UACT_PER_ACT).ceil(0).mul(Dec.from(10_000 + marginBps).div(10_000)).div(price.usd.mul(keep)).ceil(0).toBigInt();
  return {
    act, requested: input.act, minMintUact: params.minMintUact,
    ...(belowMinimum ? { note: `raised from ${input.act} ACT to ${act} ACT, the chain's minimum mint (bme min_mint): a smaller mint is cancelled and its AKT refunded` } : {}),
    aktUsd: price.usd, priceSource: price.source, spreadBps: params.spreadBps, marginBps, epochBlocks: params.epochBlocks, burnUakt, expectedUact: mintedFor(burnUakt, price.usd, params.spreadBps),
  };
}

/** An amount below the chain's minimum mint, when the caller asked not to raise it (`wallet mint-act --amount`). */
export class MintBelowMinimumError extends InvalidInputError {
  override name = "MintBelowMinimumError";
  readonly minMintUact: bigint;

  constructor(requested: Dec, minMintUact: bigint) {
    const minimum = Dec.from(minMintUact).div(UACT_PER_ACT);
    super(`Cannot mint less than the chain's minimum of ${minimum} ACT`, [
      {
        field: "--amount",
        found: `${requested} ACT`,
        expected: `at least ${minimum} ACT (the chain's bme min_mint): the chain would take the AKT and cancel the mint at the next epoch, refunding it; mint --amount ${minimum} or more`,
      },
    ]);
    this.minMintUact = minMintUact;
  }
}

/** uact that burning `burnUakt` mints at `aktUsd`, after the spread (node x/bme prepareToBM). */
export function mintedFor(burnUakt: bigint, aktUsd: Dec, spreadBps: number): bigint {
  const gross = Dec.from(burnUakt).mul(aktUsd).toBigInt();
  return gross - (gross * BigInt(spreadBps)) / 10_000n;
}

async function aktPrice(client: ChainClient, configured: Dec | undefined): Promise<{ usd: Dec; source: PriceSource }> {
  const oracle = await oraclePrice(client);
  if (oracle) return { usd: oracle, source: "oracle" };
  if (configured && configured.cmp(0) > 0) return { usd: configured, source: "config" };
  throw new AkashGpuError("The AKT price is needed to know how much AKT to burn, and the chain did not give it", {
    metaMessages: [
      `found: no readable oracle price on ${client.chainId}, and no configured price`,
      "expected: the AKT price in USD from --akt-usd or AKASH_AKT_USD (e.g. 1.25)",
      "what to do next: pass --akt-usd <USD per AKT> (or set AKASH_AKT_USD); akash-gpu burns a 1% margin more than that price needs.",
    ],
  });
}

/** The oracle's healthy TWAP of AKT in USD, or undefined when this node does not serve one. */
async function oraclePrice(client: ChainClient): Promise<Dec | undefined> {
  const request = akashV1.QueryAggregatedPriceRequest.encode(akashV1.QueryAggregatedPriceRequest.fromPartial({ denom: "akt" })).finish();
  for (const path of ORACLE_PATHS) {
    let bytes: Uint8Array;
    try {
      bytes = await client.abciQuery(path, request);
    } catch (error) {
      if (error instanceof ChainTxError) continue; // unknown path, no price recorded, price stalled
      throw error;
    }
    const { aggregatedPrice, priceHealth } = akashV1.QueryAggregatedPriceResponse.decode(bytes);
    const twap = aggregatedPrice?.twap ? Dec.parse(aggregatedPrice.twap) : undefined;
    if (priceHealth?.isHealthy && twap && twap.cmp(0) > 0) return twap;
  }
  return undefined;
}
