/**
 * The AKT/USD price source chain: flag > environment > config file > price API (CoinGecko or Akash Console
 * shape, served by msw) > cached snapshot with its age; an unreachable API (a real closed port on 127.0.0.1)
 * with and without a cache.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { http, HttpResponse, delay } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeAktPrice, resolveAktPrice, type AktPriceSettings } from "../../src/costs/akt-price.js";
import { Dec } from "../../src/costs/decimal.js";
import { AktPriceUnavailableError } from "../../src/costs/errors.js";
import { parsePriceResponse } from "../../src/costs/price-api.js";
import { loadConfig } from "../../src/config/load.js";
import { DEFAULT_PRICE_API } from "../../src/config/settings.js";
import { latestPriceSnapshot, priceSnapshotAt, readPriceSnapshots, recordPriceSnapshot, snapshotFile } from "../../src/store/price-snapshots.js";
import { tempDir } from "../temp-dir.js";

const COINGECKO = "https://api.coingecko.test/api/v3/simple/price?ids=akash-network&vs_currencies=usd&include_last_updated_at=true";
const CONSOLE = "https://console-api.akash.test/v1/market-data/akash-network";
let calls = 0;
let lastAuthorization: string | null = null;
const api = setupServer(
  http.get("https://api.coingecko.test/api/v3/simple/price", ({ request }) => {
    calls++;
    lastAuthorization = request.headers.get("authorization");
    const url = new URL(request.url);
    if (url.searchParams.get("ids") !== "akash-network") return HttpResponse.json({});
    return HttpResponse.json({ "akash-network": { usd: 0.543761, last_updated_at: 1752753600 } });
  }),
  http.get(CONSOLE, () => {
    calls++;
    return HttpResponse.json({ price: 0.5434716, volume: 0, marketCap: 0, marketCapRank: 0, priceChange24h: 0, priceChangePercentage24: 0 });
  }),
  http.get("https://down.test/price", () => HttpResponse.error()),
  http.get("https://broken.test/500", () => new HttpResponse("upstream exploded", { status: 500 })),
  http.get("https://broken.test/shape", () => HttpResponse.json({ data: { akt: 1 } })),
  http.get("https://broken.test/zero", () => HttpResponse.json({ price: 0, volume: 0 })),
  http.get("https://broken.test/html", () => new HttpResponse("<html>nope</html>", { status: 200 })),
  http.get("https://slow.test/price", async () => {
    await delay("infinite");
    return HttpResponse.json({ price: 1 });
  }),
);

beforeAll(() => api.listen({ onUnhandledRequest: "bypass" })); // 127.0.0.1 requests below reach real sockets
afterEach(() => {
  api.resetHandlers();
  calls = 0;
});
afterAll(() => api.close());

const T0 = new Date("2026-07-17T12:00:00.000Z");
const settings = (priceApi: string, stateDir = tempDir("akt-price")): AktPriceSettings => ({ aktUsd: undefined, origins: {}, priceApi, stateDir });

/** A port on 127.0.0.1 that refuses connections: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("AKT price from the user", () => {
  it("takes --akt-usd over the environment, the environment over the config file, and never calls the API", async () => {
    const cwd = tempDir("akt-config");
    writeFileSync(join(cwd, "akash-gpu.config.yaml"), "aktUsd: 0.52\n");
    const now = () => T0;

    const fromFlag = await resolveAktPrice(loadConfig({ cwd, env: { AKASH_AKT_USD: "0.61" }, flags: { aktUsd: "0.6" } }), { now });
    expect(fromFlag).toMatchObject({ source: "flag", origin: "--akt-usd", at: T0 });
    expect(fromFlag.price.toString()).toBe("0.6");

    const fromEnv = await resolveAktPrice(loadConfig({ cwd, env: { AKASH_AKT_USD: "0.61" } }), { now });
    expect(fromEnv).toMatchObject({ source: "env", origin: "AKASH_AKT_USD" });
    expect(fromEnv.price.toString()).toBe("0.61");

    const fromFile = await resolveAktPrice(loadConfig({ cwd, env: {} }), { now });
    expect(fromFile.source).toBe("config");
    expect(fromFile.price.toString()).toBe("0.52");
    expect(describeAktPrice(fromFile)).toMatch(/^AKT \$0\.52 from aktUsd in .*akash-gpu\.config\.yaml$/);
    expect(calls).toBe(0);
  });

  it("defaults the price API to Akash Console and validates --price-api as a URL", () => {
    const cwd = tempDir("akt-config");
    expect(loadConfig({ cwd, env: {} }).priceApi).toBe(DEFAULT_PRICE_API);
    expect(loadConfig({ cwd, env: { AKASH_PRICE_API: COINGECKO } }).priceApi).toBe(COINGECKO);
    expect(() => loadConfig({ cwd, env: {}, flags: { priceApi: "coingecko" } })).toThrow(/--price-api[\s\S]*an http\(s\) URL answering the AKT price/);
  });
});

describe("AKT price from the price API", () => {
  it("reads CoinGecko's simple/price shape, dates it by last_updated_at and stores a snapshot", async () => {
    const stateDir = tempDir("akt-price");
    const price = await resolveAktPrice(settings(COINGECKO, stateDir), { now: () => T0 });
    expect(price).toMatchObject({ source: "api", url: COINGECKO, at: new Date(1752753600 * 1000) });
    expect(price.price.toString()).toBe("0.543761");
    const stored = readPriceSnapshots(stateDir, "akt-usd");
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: "api", url: COINGECKO, fetchedAt: T0, at: new Date(1752753600 * 1000) });
    expect(stored[0]!.price.toString()).toBe("0.543761");
  });

  it("reads Akash Console's market-data shape and dates it by the fetch time", async () => {
    const stateDir = tempDir("akt-price");
    const price = await resolveAktPrice(settings(CONSOLE, stateDir), { now: () => T0 });
    expect(price).toMatchObject({ source: "api", url: CONSOLE, at: T0 });
    expect(price.price.toString()).toBe("0.5434716");
    expect(describeAktPrice(price)).toBe(`AKT $0.5434716 from the price API ${CONSOLE} at 2026-07-17T12:00:00.000Z`);
    expect(latestPriceSnapshot(stateDir, "akt-usd")?.price.toString()).toBe("0.5434716");
  });

  it("reads a real local HTTP server too (no interception)", async () => {
    const server: Server = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ "akash-network": { usd: 1.23 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/price`;
      const price = await resolveAktPrice(settings(url), { now: () => T0 });
      expect(price).toMatchObject({ source: "api", url, at: T0 });
      expect(price.price.toString()).toBe("1.23");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("still returns the API's price when the state dir cannot be written, with a warning", async () => {
    const blocked = join(tempDir("akt-price"), "state");
    writeFileSync(blocked, "a file where the state dir should be");
    const price = await resolveAktPrice(settings(CONSOLE, blocked), { now: () => T0 });
    expect(price).toMatchObject({ source: "api", url: CONSOLE });
    expect(price.warning).toMatch(/price not cached in .*state/);
  });

  it("never shows, stores or reports a key carried in the price API URL", async () => {
    const stateDir = tempDir("akt-price");
    const keyed = "https://user:hunter2@api.coingecko.test/api/v3/simple/price?ids=akash-network&vs_currencies=usd&x_cg_pro_api_key=CG-s3cr3tk3y";
    const price = await resolveAktPrice(settings(keyed, stateDir), { now: () => T0 });
    expect(price.url).toBe("https://***@api.coingecko.test/api/v3/simple/price?ids=akash-network&vs_currencies=usd&x_cg_pro_api_key=***");
    expect(lastAuthorization).toBe(`Basic ${Buffer.from("user:hunter2").toString("base64")}`); // user:password@ sent as HTTP Basic
    expect(readFileSync(snapshotFile(stateDir, "akt-usd"), "utf8")).not.toMatch(/s3cr3t|hunter2/);
    const failed = await resolveAktPrice(settings("https://broken.test/shape?api_key=s3cr3t", tempDir("akt-price"))).catch((error: Error) => error.message);
    expect(failed).toMatch(/api_key=\*\*\*/);
    expect(failed).not.toMatch(/s3cr3t/);
  });

  it("refuses shapes without a positive price", () => {
    expect(() => parsePriceResponse({ "akash-network": { eur: 0.5 } }, "u")).toThrow(/"akash-network"\.usd = undefined/);
    expect(() => parsePriceResponse({ price: 0, volume: 0 }, "u")).toThrow(/price = 0/);
    expect(() => parsePriceResponse({ price: "-1" }, "u")).toThrow(/price = "-1"/);
    expect(() => parsePriceResponse([1, 2], "u")).toThrow(/found: an array/);
    expect(parsePriceResponse({ price: "0.5" }, "u").price.toString()).toBe("0.5");
  });
});

describe("AKT price when the API fails", () => {
  it("falls back to the newest cached snapshot and reports its age and why", async () => {
    const stateDir = tempDir("akt-price");
    recordPriceSnapshot(stateDir, { pair: "akt-usd", price: Dec.parse("0.55"), at: new Date("2026-07-17T09:00:00Z"), fetchedAt: new Date("2026-07-17T09:00:05Z"), source: "api", url: CONSOLE });
    recordPriceSnapshot(stateDir, { pair: "akt-usd", price: Dec.parse("0.50"), at: new Date("2026-07-16T09:00:00Z"), fetchedAt: new Date("2026-07-16T09:00:05Z"), source: "api", url: CONSOLE });
    appendFileSync(snapshotFile(stateDir, "akt-usd"), '{"pair":"akt-usd","price":"9'); // a torn last line from a crash

    const price = await resolveAktPrice(settings("https://down.test/price", stateDir), { now: () => T0 });
    expect(price).toMatchObject({ source: "cache", url: CONSOLE, at: new Date("2026-07-17T09:00:00Z"), ageMs: 3 * 3_600_000 });
    expect(price.price.toString()).toBe("0.55"); // the newest by price time, not the last written
    expect(price.apiError).toMatch(/^unreachable \(/);
    expect(describeAktPrice(price)).toMatch(/^AKT \$0\.55 cached 3h 0m ago \(2026-07-17T09:00:00\.000Z\) from https:\/\/console-api\.akash\.test.*; price API not used: /);
  });

  it("uses the cache when the API answers HTTP 500, nonsense, zero, HTML or not in time, and says which", async () => {
    const stateDir = tempDir("akt-price");
    await resolveAktPrice(settings(CONSOLE, stateDir), { now: () => T0 }); // a good answer, cached
    const cases: [string, RegExp][] = [
      ["https://broken.test/500", /HTTP 500: upstream exploded/],
      ["https://broken.test/shape", /an object with keys data/],
      ["https://broken.test/zero", /price = 0/],
      ["https://broken.test/html", /not JSON/],
      ["https://slow.test/price", /no answer in time/],
    ];
    for (const [url, why] of cases) {
      const price = await resolveAktPrice(settings(url, stateDir), { now: () => new Date(T0.getTime() + 60_000), timeoutMs: 300 });
      expect(price.source, url).toBe("cache");
      expect(price.price.toString()).toBe("0.5434716");
      expect(price.ageMs).toBe(60_000);
      expect(price.apiError, url).toMatch(why);
    }
  });

  it("without a cache, an unreachable API is a clear error naming the settings and the URL", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1/market-data`;
    const stateDir = tempDir("akt-price");
    const error = await resolveAktPrice(settings(url, stateDir)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AktPriceUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/No AKT\/USD price/);
    expect(message).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(message).toMatch(/--akt-usd/);
    expect(message).toMatch(/AKASH_AKT_USD/);
    expect(message).toContain(`--price-api / AKASH_PRICE_API, now ${url}`);
    expect(message).toContain(stateDir);
    expect(readPriceSnapshots(stateDir, "akt-usd")).toEqual([]);
  });

  it("without a cache, a bad answer is an error too, with the answer described", async () => {
    await expect(resolveAktPrice(settings("https://broken.test/shape"))).rejects.toThrow(/the price API failed \(an object with keys data\)/);
  });
});

describe("price snapshots", () => {
  it("answer the price at a past time for re-run reports", () => {
    const stateDir = tempDir("akt-price");
    for (const [at, price] of [["2026-07-01", "0.40"], ["2026-07-10", "0.45"], ["2026-07-20", "0.50"]] as const) {
      recordPriceSnapshot(stateDir, { pair: "akt-usd", price: Dec.parse(price), at: new Date(`${at}T00:00:00Z`), fetchedAt: new Date(`${at}T00:00:01Z`), source: "api", url: CONSOLE });
    }
    expect(priceSnapshotAt(stateDir, "akt-usd", new Date("2026-07-15T00:00:00Z"))?.price.toString()).toBe("0.45");
    expect(priceSnapshotAt(stateDir, "akt-usd", new Date("2026-06-01T00:00:00Z"))).toBeUndefined();
    expect(latestPriceSnapshot(stateDir, "akt-usd")?.price.toString()).toBe("0.5");
    expect(latestPriceSnapshot(tempDir("empty"), "akt-usd")).toBeUndefined();
  });
});
