/**
 * A report window (`--since`, `--until`: heights or times) in heights. A time becomes a height by searching
 * block headers: each probe is guided by interpolation between the headers already read (blocks come at a
 * steady pace, so two or three probes usually land on it), with a bisection step whenever a probe fails to
 * halve the range — at most about 2·log2(height) header reads, and none per lease. Offline, the ledger's
 * header samples stand in for the chain, and the window says its heights are estimated.
 */
import { InvalidInputError } from "../../errors/invalid-input.js";
import type { HeightClock } from "./height-clock.js";
import type { ResolvedWindow, WindowBound, WindowInput } from "./types.js";

export interface HeaderSource {
  height(): Promise<number>;
  /** The header time of a block; may throw for heights a pruned node no longer keeps. */
  blockTime(height: number): Promise<Date>;
}

/** Reads a header time into the clock; undefined when the node does not have it (pruned, or not yet). */
export async function readHeaderTime(chain: HeaderSource, clock: HeightClock, height: number): Promise<Date | undefined> {
  try {
    const time = await chain.blockTime(height);
    clock.add({ height, time });
    return time;
  } catch {
    return undefined;
  }
}

/** The first height in [1, head] whose header time is at or after `time`; head + 1 when there is none. */
export async function searchHeightAtOrAfter(chain: HeaderSource, time: Date, head: number, clock: HeightClock): Promise<number> {
  const t = time.getTime();
  const headTime = clock.timeOf(head) ?? (await readHeaderTime(chain, clock, head));
  if (!headTime || headTime.getTime() < t) return head + 1;
  let lo = 1;
  let hi = head;
  let bisect = false;
  while (lo < hi) {
    const span = hi - lo;
    const guess = clock.firstHeightAtOrAfter(time);
    const probe = bisect ? lo + Math.floor(span / 2) : Math.min(Math.max(guess, lo), hi - 1);
    const probed = clock.timeOf(probe) ?? (await readHeaderTime(chain, clock, probe));
    // A header the node no longer has lies before its earliest kept block: the answer is above it.
    if (!probed || probed.getTime() < t) lo = probe + 1;
    else hi = probe;
    bisect = hi - lo > span / 2;
  }
  return lo;
}

/** Turns since/until into heights at the chain's `head`. Heights are taken as given; times are searched. */
export async function resolveWindow(chain: HeaderSource, input: WindowInput, head: number, clock: HeightClock): Promise<ResolvedWindow> {
  checkBounds(input, head);
  const toHeight =
    input.until === undefined ? head : typeof input.until === "number" ? Math.min(input.until, head) : Math.min(head, (await searchHeightAtOrAfter(chain, new Date(input.until.getTime() + 1), head, clock)) - 1);
  const fromHeight = input.since === undefined ? 0 : typeof input.since === "number" ? input.since : (await searchHeightAtOrAfter(chain, input.since, head, clock)) - 1;
  // A start after the newest block (head + 1 − 1) is in the future: nothing could be billed yet.
  if (fromHeight > toHeight || (input.since instanceof Date && fromHeight >= head)) throw emptyWindow(input);
  const exactTime = async (height: number) => clock.timeOf(height) ?? (await readHeaderTime(chain, clock, height)) ?? clock.timeAt(height);
  const toTime = await exactTime(toHeight);
  const fromTime = fromHeight === 0 ? undefined : await exactTime(fromHeight + 1);
  return { fromHeight, toHeight, fromTime, toTime, estimated: false };
}

/** The same from the ledger's header samples alone: times become heights by interpolation (estimated). */
export function resolveWindowOffline(input: WindowInput, head: number, clock: HeightClock): ResolvedWindow {
  checkBounds(input, head);
  const toHeight = input.until === undefined ? head : typeof input.until === "number" ? Math.min(input.until, head) : Math.min(head, clock.lastHeightAtOrBefore(input.until));
  const fromHeight = input.since === undefined ? 0 : typeof input.since === "number" ? input.since : clock.firstHeightAtOrAfter(input.since) - 1;
  if (fromHeight > toHeight || (input.since instanceof Date && fromHeight >= head)) throw emptyWindow(input);
  const estimated = input.since instanceof Date || input.until instanceof Date;
  return { fromHeight, toHeight, fromTime: fromHeight === 0 ? undefined : clock.timeAt(fromHeight + 1), toTime: clock.timeAt(toHeight), estimated };
}

/** Parses a `--since`/`--until` value: a height ("123456", "h123456") or a date/time ("2026-05-01", ISO 8601). */
export function parseWindowBound(field: "--since" | "--until", text: string): WindowBound {
  const trimmed = text.trim();
  const height = /^h?(\d+)$/i.exec(trimmed);
  if (height) return Number(height[1]);
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]([\d:.]+)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(trimmed);
  // A bare date is midnight UTC, and a time without a zone is UTC too: the same window on every machine.
  const time = match ? new Date(`${match[1]}T${match[2] ?? "00:00:00"}${match[3] ?? "Z"}`) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new InvalidInputError("Invalid report window", [{ field, found: text, expected: "a block height (e.g. 1234567) or a date or time in ISO 8601 (e.g. 2026-05-01 or 2026-05-01T12:00:00Z; without a zone, UTC)" }]);
  }
  return time;
}

function checkBounds(input: WindowInput, head: number): void {
  for (const [field, bound] of [["--since", input.since], ["--until", input.until]] as const) {
    if (typeof bound === "number" && (!Number.isSafeInteger(bound) || bound < 0)) {
      throw new InvalidInputError("Invalid report window", [{ field, found: String(bound), expected: "a block height: a whole number ≥ 0" }]);
    }
    if (bound instanceof Date && Number.isNaN(bound.getTime())) throw new InvalidInputError("Invalid report window", [{ field, found: "an invalid date", expected: "a date or time in ISO 8601" }]);
  }
  if (typeof input.since === "number" && input.since > head) {
    throw new InvalidInputError("Invalid report window", [{ field: "--since", found: `height ${input.since}`, expected: `a height the chain has reached (now ${head})` }]);
  }
}

function emptyWindow(input: WindowInput): InvalidInputError {
  const text = (bound: WindowBound | undefined) => (bound === undefined ? "now" : typeof bound === "number" ? `height ${bound}` : bound.toISOString());
  return new InvalidInputError("Invalid report window", [{ field: "--since / --until", found: `since ${text(input.since)}, until ${text(input.until)}`, expected: "--since before --until, and --since not in the future" }]);
}
