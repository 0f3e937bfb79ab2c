import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "../../scripts/run-cli.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { getBmeParams } from "../../src/chain/bme-params.js";
import { ChainTxError } from "../../src/chain/errors.js";
import { MintBelowMinimumError, MintCanceledError, mintAct, quoteMint, type MintProgress } from "../../src/chain/mint-act.js";
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

  it("with --akt-usd but a stale oracle price, the chain refuses the burn (oracle.v2 4): minting is paused, nothing is burnt", async () => {
    const uakt = await balanceOf(client, client.address, "uakt");
    const error = await withStaleOracle(() => mintAct(client, { act: Dec.parse("2"), aktUsd: Dec.parse("1.25") }).then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(ChainTxError);
    expect((error as ChainTxError).is("oracle.v2", 4)).toBe(true);
    expect((error as ChainTxError).shortMessage).toBe("The transaction would fail: the oracle's AKT price is stale, so minting ACT is paused");
    expect((error as ChainTxError).message).toContain("Try again later");
    expect(await balanceOf(client, client.address, "uakt")).toBe(uakt);
  });

  it("without a healthy oracle price nor --akt-usd, says which setting to give", async () => {
    const error = await withStaleOracle(() => mintAct(client, { act: Dec.parse("4") }).then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(AkashGpuError);
    expect((error as AkashGpuError).message).toContain("--akt-usd or AKASH_AKT_USD");
  });
});

describe("the chain's minimum mint (bme min_mint) and cancelled mints", () => {
  /** The error a mint fails with, the tx that burnt, and the wallet's balances before and after. */
  async function mintFailing(act: string, onBroadcast: () => Promise<void>) {
    const [uaktBefore, uactBefore] = [await balanceOf(client, client.address, "uakt"), await balanceOf(client, client.address, "uact")];
    let tx: Extract<MintProgress, { step: "broadcast" }>["tx"] | undefined;
    let moved: Promise<void> | undefined;
    const error = await mintAct(client, {
      act: Dec.parse(act),
      timeoutMs: 120_000,
      onProgress: (progress) => {
        if (progress.step !== "broadcast") return;
        tx = progress.tx;
        moved = onBroadcast();
      },
    }).then(() => undefined, (e: unknown) => e);
    await moved;
    return { error, tx: tx!, uaktBefore, uactBefore, uaktAfter: await balanceOf(client, client.address, "uakt"), uactAfter: await balanceOf(client, client.address, "uact") };
  }
  const genesisPrice = () => devnet.chain.enqueue((ctx) => setAktPrice(ctx, { usd: devnet.chain.params.oracle.aktUsd, healthy: true }));

  it("is read from the chain: the field chain-sdk alpha.25 cannot decode", async () => {
    expect(await getBmeParams(client)).toMatchObject({ minMintUact: devnet.chain.params.bme.minMintUact, maxPendingAttempts: devnet.chain.params.bme.maxPendingAttempts, epochBlocks: 10, spreadBps: 25, source: "chain" });
    expect(devnet.chain.params.bme.minMintUact).toBe(1_000_000n); // the devnet's minimum: 1 ACT (mainnet: 10)
  });

  it("a smaller mint is raised to the minimum, with a note saying so; or refused when asked", async () => {
    const quote = await quoteMint(client, { act: Dec.parse("0.4") });
    expect(quote).toMatchObject({ act: Dec.parse("1"), requested: Dec.parse("0.4"), minMintUact: 1_000_000n });
    expect(quote.note).toBe("raised from 0.4 ACT to 1 ACT, the chain's minimum mint (bme min_mint): a smaller mint is cancelled and its AKT refunded");
    expect((await quoteMint(client, { act: Dec.parse("1") })).note).toBeUndefined();

    const refused = await quoteMint(client, { act: Dec.parse("0.4"), belowMinimum: "refuse" }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(MintBelowMinimumError);
    expect((refused as MintBelowMinimumError).message).toContain("Cannot mint less than the chain's minimum of 1 ACT");
    expect((refused as MintBelowMinimumError).message).toContain("--amount: found 0.4 ACT");

    const quotes: string[] = [];
    const minted = await mintAct(client, { act: Dec.parse("0.4"), onProgress: (p) => p.step === "quoted" && quotes.push(p.quote.note ?? "") });
    expect(quotes).toEqual([quote.note]);
    expect(minted.quote.note).toBe(quote.note);
    expect(minted.mintedUact).toBeGreaterThanOrEqual(1_000_000n); // minted, not cancelled
  });

  it("a mint cancelled at the epoch (the price fell below min_mint meanwhile) ends the wait at once, with the reason and the refund", async () => {
    try {
      const run = await mintFailing("1", () => devnet.chain.enqueue((ctx) => setAktPrice(ctx, { usd: "1", healthy: true })));
      expect(run.error).toBeInstanceOf(MintCanceledError);
      const error = run.error as MintCanceledError;
      expect(error).toMatchObject({ reason: "minimum_mint", txHash: run.tx.hash, canceledAt: run.tx.height + 10 });
      expect(error.shortMessage).toMatch(/^The chain cancelled the mint of tx [0-9A-F]{64} and refunded the [\d.]+ AKT: the ACT it would mint at the price then was below the chain's minimum mint \(bme min_mint: 1 ACT\)$/);
      // The burn came back; only the gas fee was spent, and no ACT arrived.
      expect(run.uaktAfter).toBe(run.uaktBefore - run.tx.fee[0]!.amount);
      expect(error.refundedUakt).toBeGreaterThan(0n);
      expect(run.uactAfter).toBe(run.uactBefore);
    } finally {
      await genesisPrice();
    }
  });

  it("the oracle price going stale after the burn: retried for max_pending_attempts blocks, then cancelled (max_attempts)", async () => {
    try {
      const run = await mintFailing("2", () => devnet.chain.enqueue((ctx) => setAktPrice(ctx, { usd: devnet.chain.params.oracle.aktUsd, healthy: false })));
      expect(run.error).toBeInstanceOf(MintCanceledError);
      const error = run.error as MintCanceledError;
      expect(error).toMatchObject({ reason: "max_attempts", canceledAt: run.tx.height + 10 + devnet.chain.params.bme.maxPendingAttempts - 1 });
      expect(error.shortMessage).toContain("minting is paused while the oracle price is stale");
      expect(error.message).toContain("what to do next: try again later");
      expect(run.uaktAfter).toBe(run.uaktBefore - run.tx.fee[0]!.amount);
      expect(run.uactAfter).toBe(run.uactBefore);
    } finally {
      await genesisPrice();
    }
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

  it("refuses an amount below the chain's minimum mint, naming it, with and without --dry-run", async () => {
    const before = [await balanceOf(client, client.address, "uakt"), await balanceOf(client, client.address, "uact")];
    for (const extra of [[], ["--dry-run"]]) {
      const small = await runCliAsync(["wallet", "mint-act", "--amount", "0.5", ...extra, ...local()]);
      expect(small.status).toBe(1);
      expect(small.stderr).toContain("Cannot mint less than the chain's minimum of 1 ACT: --amount");
      expect(small.stderr).toContain("mint --amount 1 or more");
      expect(small.stdout + small.stderr).not.toContain(mnemonicPrefix(devnet.mnemonic));
    }
    expect([await balanceOf(client, client.address, "uakt"), await balanceOf(client, client.address, "uact")]).toEqual(before);
    const plan = await runCliAsync(["wallet", "mint-act", "--amount", "1", "--dry-run", ...local(), "--json"]);
    expect(JSON.parse(plan.stdout)).toMatchObject({ act: "1", minMintUact: "1000000" });
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
