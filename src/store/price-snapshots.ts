/**
 * Price snapshots: every price akash-gpu fetched, with the time it applies to, when it was fetched and where
 * from, kept in the state dir so a report can be re-run offline and a price API outage is not fatal.
 * One append-only JSON-lines file per pair (prices/akt-usd.jsonl), flushed on each write; a torn last line
 * (a crash mid-write) or a hand-edited bad line is skipped, not fatal. Prices are decimal strings: exact.
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Dec } from "../costs/decimal.js";

export type PricePair = "akt-usd";

export type PriceSnapshot = {
  pair: PricePair;
  price: Dec;
  /** When the price applies (the API's own timestamp when it gives one, else when it was fetched). */
  at: Date;
  fetchedAt: Date;
  /** Where it came from: "api" (the URL is in `url`). */
  source: "api";
  url: string;
};

type StoredSnapshot = { pair: string; price: string; at: string; fetchedAt: string; source: string; url: string };

export function snapshotFile(stateDir: string, pair: PricePair): string {
  return join(stateDir, "prices", `${pair}.jsonl`);
}

export function recordPriceSnapshot(stateDir: string, snapshot: PriceSnapshot): void {
  const file = snapshotFile(stateDir, snapshot.pair);
  mkdirSync(join(stateDir, "prices"), { recursive: true, mode: 0o700 });
  const stored: StoredSnapshot = {
    pair: snapshot.pair,
    price: snapshot.price.toString(),
    at: snapshot.at.toISOString(),
    fetchedAt: snapshot.fetchedAt.toISOString(),
    source: snapshot.source,
    url: snapshot.url,
  };
  const fd = openSync(file, "a", 0o600);
  try {
    appendFileSync(fd, `${JSON.stringify(stored)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every readable snapshot of a pair, oldest first by the time the price applies to. */
export function readPriceSnapshots(stateDir: string, pair: PricePair): PriceSnapshot[] {
  let text: string;
  try {
    text = readFileSync(snapshotFile(stateDir, pair), "utf8");
  } catch {
    return [];
  }
  const snapshots: PriceSnapshot[] = [];
  for (const line of text.split("\n")) {
    const snapshot = line.trim() ? decode(line, pair) : undefined;
    if (snapshot) snapshots.push(snapshot);
  }
  return snapshots.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The snapshot with the newest price time, or undefined when none was ever stored. */
export function latestPriceSnapshot(stateDir: string, pair: PricePair): PriceSnapshot | undefined {
  return readPriceSnapshots(stateDir, pair).at(-1);
}

/** The newest snapshot at or before `at`: the price a re-run report for a past window uses. */
export function priceSnapshotAt(stateDir: string, pair: PricePair, at: Date): PriceSnapshot | undefined {
  let found: PriceSnapshot | undefined;
  for (const snapshot of readPriceSnapshots(stateDir, pair)) {
    if (snapshot.at.getTime() > at.getTime()) break;
    found = snapshot;
  }
  return found;
}

function decode(line: string, pair: PricePair): PriceSnapshot | undefined {
  try {
    const stored = JSON.parse(line) as Partial<StoredSnapshot>;
    if (stored.pair !== pair || stored.source !== "api" || typeof stored.url !== "string" || typeof stored.price !== "string") return undefined;
    const price = Dec.parse(stored.price);
    const at = new Date(String(stored.at));
    const fetchedAt = new Date(String(stored.fetchedAt));
    if (price.cmp(0) <= 0 || Number.isNaN(at.getTime()) || Number.isNaN(fetchedAt.getTime())) return undefined;
    return { pair, price, at, fetchedAt, source: "api", url: stored.url };
  } catch {
    return undefined; // a torn or hand-edited line: the others still count
  }
}
