import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "../../scripts/run-cli.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { mintAct, quoteMint } from "../../src/chain/mint-act.js";
import { mintedFor } from "../../src/chain/mint-quote.js";
import { Dec } from "../../src/costs/decimal.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { setAktPrice } from "../../src/devnet/chain/modules/oracle.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { tempDir } from "../temp-dir.js";
import { balanceOf, clientFor, mnemonicPrefix } from "./helpers.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ChainClient;
let stateDir: string;
const local = () => ["--network", "local", "--state-dir", stateDir];
/** The devnet's oracle feed, as a price feeder would move it: its genesis price, healthy or stale. */
const oracle = (healthy: boolean) => devnet.chain.enqueue((ctx) => setAktPrice(ctx, { usd: devnet.chain.params.oracle.aktUsd, healthy }));
/** Runs `body` while the oracle's AKT price is stale (the chain then gives no usable price). */
async function withStaleOracle<T>(body: () => Promise<T>): Promise<T> {
  await oracle(false);
  try {
    return await body();
  } finally {
    await oracle(true);
  }
}

beforeAll(async () => {
  stateDir = tempDir("mint-act");
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, stateDir });
  ({ client } = await clientFor(devnet));
});

afterAll(async () => {
  await client?.disconnect();
  await devnet?.stop();
});

describe("minting ACT", () => {
  it("quotes the burn from the chain's oracle price (AggregatedPrice), the spread and a margin, as the bme module mints", async () => {
    // A configured price does not win over the chain's own.
    const quote = await quoteMint(client, { act: Dec.parse("10"), aktUsd: Dec.parse("2") });
    expect(quote).toMatchObject({ aktUsd: Dec.parse("1.25"), priceSource: "oracle", spreadBps: 25, marginBps: 100, epochBlocks: 10 });
    // 10 ACT × 1.01 / (1.25 USD × 0.9975) = 8.1002506 AKT, rounded up to the uakt
    expect(quote.burnUakt).toBe(8_100_251n);
    expect(quote.expectedUact).toBe(mintedFor(8_100_251n, Dec.parse("1.25"), 25));
    expect(quote.expectedUact).toBeGreaterThanOrEqual(10_000_000n);
  });

  it("falls back to the configured price when the oracle's price is stale", async () => {
    const quote = await withStaleOracle(() => quoteMint(client, { act: Dec.parse("10"), aktUsd: Dec.parse("2") }));
    expect(quote).toMatchObject({ aktUsd: Dec.parse("2"), priceSource: "config" });
    // 10 ACT × 1.01 / (2 USD × 0.9975) = 5.062657 AKT, rounded up to the uakt
    expect(quote.burnUakt).toBe(5_062_657n);
  });

  it("burns AKT, waits for the mint to settle, and reports what arrived", async () => {
    const [uactBefore, uaktBefore] = [await balanceOf(client, client.address, "uact"), await balanceOf(client, client.address, "uakt")];
    const steps: string[] = [];
    const result = await mintAct(client, { act: Dec.parse("4"), aktUsd: Dec.parse("1.25"), onProgress: (p) => steps.push(p.step) });

    expect(result.mintedUact).toBeGreaterThanOrEqual(4_000_000n);
    // The devnet's price is the configured one; it rounds once where mainnet rounds the spread apart (±1 uact).
    const difference = result.mintedUact - result.quote.expectedUact;
    expect(difference >= -1n && difference <= 1n).toBe(true);
    expect(await balanceOf(client, client.address, "uact")).toBe(uactBefore + result.mintedUact);
    const fee = result.tx.fee[0]!.amount;
    expect(await balanceOf(client, client.address, "uakt")).toBe(uaktBefore - result.burnedUakt - fee);
    expect(result.settledAt).toBeGreaterThanOrEqual(result.tx.height + 10); // one bme epoch later
    expect(steps.slice(0, 2)).toEqual(["quoted", "broadcast"]);
    expect(steps).toContain("waiting");
  });

  it("without a healthy oracle price nor --akt-usd, says which setting to give", async () => {
    const error = await withStaleOracle(() => mintAct(client, { act: Dec.parse("4") }).then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(AkashGpuError);
    expect((error as AkashGpuError).message).toContain("--akt-usd or AKASH_AKT_USD");
  });
});

describe("akash-gpu wallet mint-act", () => {
  it("--dry-run shows the burn at the oracle's price and changes nothing", async () => {
    const before = await balanceOf(client, client.address, "uact");
    const result = await runCliAsync(["wallet", "mint-act", "--amount", "3", "--dry-run", ...local(), "--json"], { env: { AKASH_AKT_USD: "" } });
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, string>;
    expect(plan).toMatchObject({ network: "local", address: devnet.address, dryRun: true, act: "3", aktUsd: "1.25", priceSource: "oracle" });
    expect(BigInt(plan.burnUakt!)).toBeGreaterThan(2_400_000n);
    expect(BigInt(plan.expectedUact!)).toBeGreaterThanOrEqual(3_000_000n);
    expect(await balanceOf(client, client.address, "uact")).toBe(before);

    const human = await runCliAsync(["wallet", "mint-act", "--amount", "3", "--dry-run", ...local()], { env: { AKASH_AKT_USD: "" } });
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`Would mint 3 ACT for ${devnet.address} on local (akash-local-1)`);
    expect(human.stdout).toContain("$1.25 (from the chain's oracle (TWAP))");
    expect(human.stdout).toContain("Dry run: nothing was sent.");
  });

  it("mints 5 ACT without --akt-usd: the devnet's oracle prices the burn", async () => {
    const before = await balanceOf(client, client.address, "uact");
    const result = await runCliAsync(["wallet", "mint-act", "--network", "local", "--amount", "5", "--state-dir", stateDir, "--json"], { env: { AKASH_AKT_USD: "" } });
    expect(result.status).toBe(0);
    const minted = JSON.parse(result.stdout) as Record<string, string | number>;
    expect(minted).toMatchObject({ network: "local", act: "5", aktUsd: "1.25", priceSource: "oracle" });
    expect(BigInt(minted.mintedUact!)).toBeGreaterThanOrEqual(5_000_000n);
    expect(await balanceOf(client, client.address, "uact")).toBe(before + BigInt(minted.mintedUact!));
  });

  it("mints on the devnet and prints one JSON object", async () => {
    const before = await balanceOf(client, client.address, "uact");
    const result = await runCliAsync(["wallet", "mint-act", "--amount", "2.5", ...local(), "--json"], { env: { AKASH_AKT_USD: "1.25" } });
    expect(result.status).toBe(0);
    const minted = JSON.parse(result.stdout) as Record<string, string | number>;
    expect(minted).toMatchObject({ network: "local", address: devnet.address, act: "2.5", aktUsd: "1.25" });
    expect(minted.txHash).toMatch(/^[0-9A-F]{64}$/);
    expect(BigInt(minted.mintedUact!)).toBeGreaterThanOrEqual(2_500_000n);
    expect(await balanceOf(client, client.address, "uact")).toBe(before + BigInt(minted.mintedUact!));
    for (const output of [result.stdout, result.stderr]) expect(output).not.toContain(mnemonicPrefix(devnet.mnemonic));
  });

  it("refuses a bad amount, and a missing price, naming the flag", async () => {
    const bad = await runCliAsync(["wallet", "mint-act", "--amount", "0.1234567", ...local()]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--amount");
    const noPrice = await withStaleOracle(() => runCliAsync(["wallet", "mint-act", "--amount", "1", ...local()], { env: { AKASH_AKT_USD: "" } }));
    expect(noPrice.status).toBe(1);
    expect(noPrice.stderr).toContain("--akt-usd or AKASH_AKT_USD");
    for (const output of [bad, noPrice]) expect(output.stdout + output.stderr).not.toContain(mnemonicPrefix(devnet.mnemonic));
  });
});
