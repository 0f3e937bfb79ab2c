/**
 * Chain-sdk's decoded values as akash-gpu's record types: 64-bit heights (Long) as numbers, dseq as bigint,
 * LegacyDec and Coin amounts as exact Dec, enum numbers as the chain's state names.
 */
import { Dec } from "../../costs/decimal.js";
import { AkashGpuError } from "../../errors/base.js";
import type { DecCoin } from "../types.js";

type Int64 = { toString(): string } | undefined;

/** A block height (int64 on chain, far below 2^53). */
export const heightOf = (value: Int64): number => (value === undefined ? 0 : Number(value.toString()));

export const bigintOf = (value: Int64): bigint => (value === undefined ? 0n : BigInt(value.toString()));

/** A DecCoin or Coin as decoded by chain-sdk (LegacyDec amounts already unscaled: "1.5", Coin amounts integers). */
export function decCoinOf(coin: { denom: string; amount: string } | undefined, fallbackDenom = ""): DecCoin {
  return { denom: coin?.denom ?? fallbackDenom, amount: coin?.amount ? Dec.parse(coin.amount) : Dec.zero };
}

/** Sums coins of one denomination; other denominations are not part of the sum. */
export function sumOf(coins: { denom: string; amount: string }[], denom: string): DecCoin {
  return { denom, amount: coins.filter((c) => c.denom === denom).reduce((sum, c) => sum.add(Dec.parse(c.amount)), Dec.zero) };
}

export const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/**
 * Maps an enum number to its state name. A number this version does not know means the chain is newer than
 * akash-gpu: acting on a record whose state is unknown could leave a deployment open, so it is an error.
 */
export function stateName<S extends string>(what: string, names: Record<number, S>, value: number): S {
  const name = names[value];
  if (name !== undefined) return name;
  throw new AkashGpuError(`The chain returned ${what} state ${value}, which this version of akash-gpu does not know`, {
    metaMessages: [`expected: one of ${Object.entries(names).map(([n, s]) => `${n} (${s})`).join(", ")}`, "what to do next: update akash-gpu; the node runs a newer protocol version"],
  });
}

export const DEPLOYMENT_STATES = { 1: "active", 2: "closed" } as const;
export const GROUP_STATES = { 1: "open", 2: "paused", 3: "insufficient_funds", 4: "closed" } as const;
export const BID_STATES = { 1: "open", 2: "active", 3: "lost", 4: "closed" } as const;
/** 4 (reclaiming, node v2.1 / AEP-82) is missing from chain-sdk alpha.25's enum, but decodes as the number. */
export const LEASE_STATES = { 1: "active", 2: "insufficient_funds", 3: "closed", 4: "reclaiming" } as const;
export const ESCROW_STATES = { 1: "open", 2: "closed", 3: "overdrawn" } as const;

/** akash.market.v1.LeaseClosedReason, without the "lease_closed_reason_" prefix: "decommission", "insufficient_funds". */
const CLOSE_REASONS: Record<number, string> = {
  0: "invalid",
  1: "owner",
  10000: "unstable",
  10001: "decommission",
  10002: "unspecified",
  10003: "manifest_timeout",
  20000: "insufficient_funds",
};

/** Reasons are informative, not acted on: an unknown number is shown, not refused. */
export const closeReasonName = (value: number): string => CLOSE_REASONS[value] ?? `reason_${value}`;
