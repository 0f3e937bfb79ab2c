/**
 * Where the AKT/USD price comes from, in order:
 *   1. `--akt-usd` (flag), 2. AKASH_AKT_USD (environment or .env), 3. aktUsd in the config file,
 *   4. the price API (AKASH_PRICE_API / --price-api; every answer is stored as a snapshot in the state dir),
 *   5. the newest stored snapshot, with its age, when the API cannot be reached or answers nonsense.
 * The result says which source and when, so a report can print "AKT $0.54 (price API, 2026-07-17 12:00 UTC)".
 * Nothing found → AktPriceUnavailableError naming the flag, the variable and the API setting.
 */
import type { Config } from "../config/load.js";
import { AkashGpuError } from "../errors/base.js";
import { latestPriceSnapshot, recordPriceSnapshot } from "../store/price-snapshots.js";
import type { Dec } from "./decimal.js";
import { AktPriceUnavailableError } from "./errors.js";
import { fetchAktPrice, DEFAULT_PRICE_API_TIMEOUT_MS, redactUrl } from "./price-api.js";

export type AktPriceSource = "flag" | "env" | "config" | "api" | "cache";

export type AktPrice = {
  price: Dec;
  source: AktPriceSource;
  /** When the price applies: the API's timestamp (or fetch time); the snapshot's for "cache"; resolution time for user-given prices. */
  at: Date;
  /** The price API that answered ("api") or had answered ("cache"). */
  url?: string;
  /** The setting that gave it, for user-given prices: "--akt-usd", "AKASH_AKT_USD", "aktUsd in <file>". */
  origin?: string;
  /** For "cache": how old the snapshot is at resolution time. */
  ageMs?: number;
  /** For "cache": why the price API was not used. */
  apiError?: string;
  /** For "api": the price could not be stored as a snapshot (the state dir is not writable). */
  warning?: string;
};

export type AktPriceSettings = Pick<Config, "aktUsd" | "priceApi" | "stateDir"> & { origins: Partial<Record<"aktUsd", string>> };

export type ResolveAktPriceOptions = { now?: () => Date; timeoutMs?: number };

export async function resolveAktPrice(settings: AktPriceSettings, options: ResolveAktPriceOptions = {}): Promise<AktPrice> {
  const now = options.now ?? (() => new Date());
  if (settings.aktUsd !== undefined) {
    const origin = settings.origins.aktUsd;
    return { price: settings.aktUsd, source: userSource(origin), at: now(), ...(origin ? { origin } : {}) };
  }

  // Shown, stored and put in errors without any key the URL carries.
  const url = redactUrl(settings.priceApi);
  let apiFailure: unknown;
  try {
    const answer = await fetchAktPrice(settings.priceApi, options.timeoutMs ?? DEFAULT_PRICE_API_TIMEOUT_MS);
    const fetchedAt = now();
    const at = answer.at ?? fetchedAt;
    const fetched: AktPrice = { price: answer.price, source: "api", at, url };
    try {
      recordPriceSnapshot(settings.stateDir, { pair: "akt-usd", price: answer.price, at, fetchedAt, source: "api", url });
    } catch (error) {
      // A state dir that cannot be written must not cost the user a price the API just gave.
      fetched.warning = `price not cached in ${settings.stateDir}: ${(error as Error).message}`;
    }
    return fetched;
  } catch (error) {
    apiFailure = error;
  }

  const reason = describeApiFailure(apiFailure);
  const cached = latestPriceSnapshot(settings.stateDir, "akt-usd");
  if (cached) {
    return { price: cached.price, source: "cache", at: cached.at, url: cached.url, ageMs: Math.max(0, now().getTime() - cached.at.getTime()), apiError: reason };
  }
  throw new AktPriceUnavailableError(url, `the price API failed (${reason}) and no price is cached in ${settings.stateDir}`, apiFailure);
}

function userSource(origin: string | undefined): AktPriceSource {
  if (origin?.startsWith("--")) return "flag";
  if (origin === "AKASH_AKT_USD") return "env";
  return "config";
}

/** One line on why the API gave no price: a refused connection, a timeout, an HTTP error, a wrong shape. */
export function describeApiFailure(error: unknown): string {
  if (error instanceof AkashGpuError) return error.metaMessages.find((line) => line.startsWith("found: "))?.slice(7) ?? error.shortMessage;
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "no answer in time";
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (cause && typeof cause.code === "string") return `unreachable (${cause.code})`;
    if (cause && typeof cause.message === "string") return `unreachable (${cause.message})`;
    // fetch rejects with a TypeError for every network failure (refused, reset, DNS, TLS).
    return error instanceof TypeError ? `unreachable (${error.message})` : error.message;
  }
  return String(error);
}

/** "AKT $0.5435 from --akt-usd", "… from the price API <url> at <time>", "… cached 3h 5m ago from <url> (price API: <why>)". */
export function describeAktPrice(price: AktPrice): string {
  const value = `AKT $${price.price.toString()}`;
  switch (price.source) {
    case "flag":
    case "env":
    case "config":
      return `${value} from ${price.origin ?? "the configuration"}`;
    case "api":
      return `${value} from the price API ${price.url} at ${price.at.toISOString()}`;
    case "cache":
      return `${value} cached ${formatAge(price.ageMs ?? 0)} ago (${price.at.toISOString()}) from ${price.url}; price API not used: ${price.apiError ?? "unknown"}`;
  }
}

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
