import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "../../scripts/run-cli.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { mintAct, quoteMint } from "../../src/chain/mint-act.js";
import { mintedFor } from "../../src/chain/mint-quote.js";
import { Dec } from "../../src/costs/decimal.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { tempDir } from "../temp-dir.js";
import { balanceOf, clientFor, mnemonicPrefix } from "./helpers.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ChainClient;
let stateDir: string;
const local = () => ["--network", "local", "--state-dir", stateDir];

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
  it("quotes the burn from the price, the spread and a margin, as the bme module mints", async () => {
    const quote = await quoteMint(client, { act: Dec.parse("10"), aktUsd: Dec.parse("2") });
    expect(quote).toMatchObject({ aktUsd: Dec.parse("2"), priceSource: "config", spreadBps: 25, marginBps: 100, epochBlocks: 10 });
    // 10 ACT × 1.01 / (2 USD × 0.9975) = 5.062657 AKT, rounded up to the uakt
    expect(quote.burnUakt).toBe(5_062_657n);
    expect(quote.expectedUact).toBe(mintedFor(5_062_657n, Dec.parse("2"), 25));
    expect(quote.expectedUact).toBeGreaterThanOrEqual(10_000_000n);
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

  it("without an oracle price nor --akt-usd, says which setting to give", async () => {
    const error = await mintAct(client, { act: Dec.parse("4") }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AkashGpuError);
    expect((error as AkashGpuError).message).toContain("--akt-usd or AKASH_AKT_USD");
  });
});

describe("akash-gpu wallet mint-act", () => {
  it("--dry-run shows the burn and changes nothing", async () => {
    const before = await balanceOf(client, client.address, "uact");
    const result = await runCliAsync(["wallet", "mint-act", "--amount", "3", "--dry-run", "--akt-usd", "1.25", ...local(), "--json"]);
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, string>;
    expect(plan).toMatchObject({ network: "local", address: devnet.address, dryRun: true, act: "3", aktUsd: "1.25", priceSource: "config" });
    expect(BigInt(plan.burnUakt!)).toBeGreaterThan(2_400_000n);
    expect(BigInt(plan.expectedUact!)).toBeGreaterThanOrEqual(3_000_000n);
    expect(await balanceOf(client, client.address, "uact")).toBe(before);

    const human = await runCliAsync(["wallet", "mint-act", "--amount", "3", "--dry-run", "--akt-usd", "1.25", ...local()]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`Would mint 3 ACT for ${devnet.address} on local (akash-local-1)`);
    expect(human.stdout).toContain("$1.25 (from --akt-usd)");
    expect(human.stdout).toContain("Dry run: nothing was sent.");
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
    const noPrice = await runCliAsync(["wallet", "mint-act", "--amount", "1", ...local()], { env: { AKASH_AKT_USD: "" } });
    expect(noPrice.status).toBe(1);
    expect(noPrice.stderr).toContain("--akt-usd or AKASH_AKT_USD");
    for (const output of [bad, noPrice]) expect(output.stdout + output.stderr).not.toContain(mnemonicPrefix(devnet.mnemonic));
  });
});
