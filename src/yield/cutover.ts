/**
 * The staking cutover: Akash's migration to Solana (AEP-79) ends AKT staking rewards at a height or date that
 * governance sets. It is configured (AKASH_STAKING_CUTOVER / --staking-cutover), not read from the chain, and
 * every projection stops there. A height is compared with the chain's height, a date with the latest block's
 * time (the chain's clock, not this machine's); the other one is estimated from the block time.
 */
import { Dec } from "../costs/decimal.js";
import { InvalidInputError } from "../errors/invalid-input.js";

export type StakingCutover = { kind: "height"; height: number } | { kind: "time"; time: Date };

export const STAKING_CUTOVER_EXPECTED = "an ISO date or UTC time (2027-03-01 or 2027-03-01T12:00:00Z) or a block height (e.g. 25000000)";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A time of day needs its zone: "2027-03-01T12:00" would mean a different instant on every machine.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The cutover a setting's text names, or undefined when the text has neither form. Never throws. */
export function cutoverFromText(text: string): StakingCutover | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const height = Number(value);
    return Number.isSafeInteger(height) && height > 0 ? { kind: "height", height } : undefined;
  }
  if (!DATE_ONLY.test(value) && !DATE_TIME.test(value)) return undefined;
  const time = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  // Date accepts 2027-02-31 by rolling over; a calendar date that does not exist is a typo.
  if (Number.isNaN(time.getTime()) || (DATE_ONLY.test(value) && time.toISOString().slice(0, 10) !== value)) return undefined;
  return { kind: "time", time };
}

/** As cutoverFromText, or InvalidInputError naming `field`. */
export function parseStakingCutover(text: string, field = "AKASH_STAKING_CUTOVER"): StakingCutover {
  const cutover = cutoverFromText(text);
  if (!cutover) throw new InvalidInputError("Invalid staking cutover", [{ field, found: JSON.stringify(text), expected: STAKING_CUTOVER_EXPECTED }]);
  return cutover;
}

export type ChainHead = { height: number; time: Date };

export type CutoverStatus = {
  /** As configured: an ISO time, or "height N". */
  at: string;
  kind: StakingCutover["kind"];
  /** The cutover height: configured, or estimated from the block time when the cutover is a date. */
  height: number;
  /** The cutover time (ISO): configured, or estimated from the block time when the cutover is a height. */
  time: string;
  /** Which of height and time is an estimate. */
  estimated: "height" | "time";
  reached: boolean;
  /** Days from the chain's head to the cutover; 0 once reached. Exact decimal. */
  daysLeft: Dec;
  note: string;
};

const MS_PER_DAY = 86_400_000;

export function cutoverStatus(cutover: StakingCutover, head: ChainHead, blockTimeMs: number): CutoverStatus {
  if (!(blockTimeMs > 0)) throw new RangeError(`block time must be positive, got ${blockTimeMs}`);
  const headMs = head.time.getTime();
  const msLeft = cutover.kind === "height" ? (cutover.height - head.height) * blockTimeMs : cutover.time.getTime() - headMs;
  const reached = cutover.kind === "height" ? head.height >= cutover.height : headMs >= cutover.time.getTime();
  const height = cutover.kind === "height" ? cutover.height : head.height + Math.floor(msLeft / blockTimeMs);
  const time = cutover.kind === "time" ? cutover.time : new Date(headMs + msLeft);
  const at = cutover.kind === "height" ? `height ${cutover.height}` : cutover.time.toISOString();
  const other = cutover.kind === "height" ? `about ${time.toISOString().slice(0, 16)}Z` : `about height ${height}`;
  const note = reached
    ? `The Solana migration cutover (${at}) has been reached: AKT staking rewards have ended, so nothing is projected past it.`
    : `AKT staking rewards end at the Solana migration cutover (${at}, ${other}): projections stop there.`;
  return {
    at,
    kind: cutover.kind,
    height,
    time: time.toISOString(),
    estimated: cutover.kind === "height" ? "time" : "height",
    reached,
    daysLeft: reached ? Dec.zero : Dec.from(msLeft).div(MS_PER_DAY),
    note,
  };
}
