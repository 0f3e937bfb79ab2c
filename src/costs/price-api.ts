/**
 * Reads the AKT/USD price from a price API. Two response shapes are understood, so the URL can point at either:
 * - CoinGecko simple/price: {"akash-network":{"usd":0.5437,"last_updated_at":1752710400}} (last_updated_at
 *   in Unix seconds, present with include_last_updated_at=true);
 * - Akash Console market-data (/v1/market-data[/akash-network]): {"price":0.5434,"volume":…,"marketCap":…,
 *   "marketCapRank":…,"priceChange24h":…,"priceChangePercentage24":…}; the price is the chain oracle's median.
 */
import { Dec } from "./decimal.js";
import { PriceApiResponseError } from "./errors.js";

const COINGECKO_ID = "akash-network";
export const DEFAULT_PRICE_API_TIMEOUT_MS = 10_000;

export type ApiPrice = { price: Dec; /** The API's own timestamp, when it sends one. */ at: Date | undefined; shape: "coingecko" | "akash-console" };

/** Fetches and parses; throws PriceApiResponseError for an answer without a price, and the fetch error (with its cause) when unreachable. */
export async function fetchAktPrice(url: string, timeoutMs = DEFAULT_PRICE_API_TIMEOUT_MS): Promise<ApiPrice> {
  const shown = redactUrl(url);
  const { target, headers } = withBasicAuth(url);
  let response: Response;
  let text: string;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    throw scrubbed(error, [url, target], shown);
  }
  if (!response.ok) throw new PriceApiResponseError(shown, `HTTP ${response.status}${text ? `: ${text.slice(0, 120)}` : ""}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new PriceApiResponseError(shown, `a body that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return parsePriceResponse(body, shown);
}

export function parsePriceResponse(body: unknown, url: string): ApiPrice {
  if (isObject(body) && isObject(body[COINGECKO_ID])) {
    const entry = body[COINGECKO_ID];
    const price = positivePrice(entry.usd, url, `"${COINGECKO_ID}".usd`);
    const seconds = entry.last_updated_at;
    const at = typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
    return { price, at, shape: "coingecko" };
  }
  if (isObject(body) && "price" in body) {
    return { price: positivePrice(body.price, url, "price"), at: undefined, shape: "akash-console" };
  }
  const keys = isObject(body) ? `an object with keys ${Object.keys(body).slice(0, 8).join(", ") || "(none)"}` : `${Array.isArray(body) ? "an array" : typeof body}`;
  throw new PriceApiResponseError(url, keys);
}

function positivePrice(value: unknown, url: string, field: string): Dec {
  // JSON numbers arrive as floats; their shortest decimal text is what the API sent, so the Dec is exact.
  const valid = (typeof value === "number" && Number.isFinite(value) && value > 0) || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value) && Number(value) > 0);
  if (!valid) throw new PriceApiResponseError(url, `${field} = ${JSON.stringify(value)}`);
  return Dec.from(value as number | string);
}

/** fetch refuses URLs with user:password@: send them as HTTP Basic credentials instead. */
function withBasicAuth(url: string): { target: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: "application/json" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { target: url, headers };
  }
  if (!parsed.username && !parsed.password) return { target: url, headers };
  headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString("base64")}`;
  parsed.username = "";
  parsed.password = "";
  return { target: parsed.toString(), headers };
}

/** The same failure with the URL's secrets taken out of its message (the cause keeps its code: ECONNREFUSED, …). */
function scrubbed(error: unknown, urls: string[], shown: string): unknown {
  if (!(error instanceof Error)) return error;
  const message = urls.reduce((text, url) => text.split(url).join(shown), error.message);
  if (message === error.message) return error;
  const copy = error instanceof TypeError ? new TypeError(message, { cause: error.cause }) : new Error(message, { cause: error.cause });
  copy.name = error.name;
  return copy;
}

/**
 * The URL as it may be shown, stored or put in an error: a paid price API takes its key in the query
 * (CoinGecko's x_cg_pro_api_key) or in user:password@, and secrets never reach output.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = "***";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) if (/key|token|secret|auth|password/i.test(name)) parsed.searchParams.set(name, "***");
  return parsed.toString().replace(/%2A%2A%2A/g, "***");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
