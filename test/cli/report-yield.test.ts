/**
 * `akash-gpu report yield` and `report net` against an in-process devnet: the devnet wallet has a 100k AKT
 * delegation from genesis, so it earns rewards every block; one deployment gives it compute spend. The
 * figures must be the library's and the distribution module's, for the same heights.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import { CometRpc } from "../../src/chain/comet-rpc.js";
import { Dec } from "../../src/costs/decimal.js";
import { GENESIS_FUNDS } from "../../src/devnet/chain/genesis.js";
import { totals } from "../../src/devnet/chain/modules/staking.js";
import { computeApr, stakingYield } from "../../src/yield/index.js";
import { waitFor } from "../devnet/devnet-harness.js";
import { tempDir } from "../temp-dir.js";
import { startLocalDevnet, type LocalDevnet } from "./local-devnet.js";

type YieldJson = {
  address: string;
  window: { fromHeight: number; toHeight: number };
  aktUsd: number;
  stake: { uakt: string; byValidator: { validator: string; uakt: string; commission: string }[] };
  pendingRewards: { uakt: string };
  withdrawn: { uakt: string; withdrawals: { txHash: string }[] };
  apr: { value: string; inputs: Record<string, string | number> };
  realised: { uakt: string; usd: number; pendingAtStart: string; pendingAtEnd: string; withdrawn: string };
  projected30d: { days: number; uakt: string; note?: string };
  cutover: { height: number; reached: boolean } | null;
  accumulated: { height: number; uakt: string | null }[];
};

let local: LocalDevnet;
let rpc: CometRpc;
const head = () => local.devnet.chain.height;
const waitBlocks = (n: number) => {
  const target = head() + n;
  return waitFor(`height ${target}`, async () => (head() >= target ? true : undefined));
};
const rewardPerShareAt = (height: number) => Dec.parse(totals({ store: local.devnet.chain.store.at(height, local.devnet.chain.height) }).rewardPerShare);
const price = ["--akt-usd", "2"];

beforeAll(async () => {
  local = await startLocalDevnet({ blockTimeMs: 300, prefix: "report-yield" });
  rpc = new CometRpc(local.devnet.rpc, 10_000);
  await waitBlocks(3);
});

afterAll(async () => {
  await local?.devnet.stop();
});

describe("akash-gpu report yield", () => {
  it("--format json gives the library's figures, and realised yield equal to what distribution accrued", async () => {
    const from = head();
    await waitBlocks(4);
    const to = head();
    const result = await local.cli(["report", "yield", "--since", String(from), "--until", String(to), "--format", "json", ...price]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as YieldJson;
    const library = await stakingYield(local.sdk, rpc, { address: local.devnet.address, window: { fromHeight: from, toHeight: to }, aktUsd: Dec.from(2) });

    expect(report.address).toBe(local.devnet.address);
    expect(report.window).toMatchObject({ fromHeight: from, toHeight: to });
    expect(report.stake.uakt).toBe(GENESIS_FUNDS.userDelegation.toString());
    expect(report.stake.byValidator).toEqual(library.delegations.map((d) => expect.objectContaining({ validator: d.validator, uakt: d.amount.toString(), commission: d.commission.toString() })));
    expect(report.realised.uakt).toBe(library.realised.uakt!.toString());
    expect(report.realised.pendingAtStart).toBe(library.realised.pendingAtStart!.toString());
    expect(report.realised.pendingAtEnd).toBe(library.realised.pendingAtEnd.toString());
    expect(report.withdrawn.uakt).toBe("0");
    expect(report.withdrawn.withdrawals).toEqual([]);

    // The distribution module's own accumulator over the same blocks, for the unchanged genesis delegation.
    const accrued = rewardPerShareAt(to).sub(rewardPerShareAt(from)).mul(GENESIS_FUNDS.userDelegation);
    expect(Dec.parse(report.realised.uakt).sub(accrued).toNumber()).toBeCloseTo(0, 9);
    expect(accrued.isZero()).toBe(false);
    expect(report.realised.usd).toBeCloseTo(accrued.div(1_000_000).mul(2).toNumber(), 3);

    // APR: the chain's parameters as read, and the value they give.
    expect(report.apr.inputs.inflation).toBe(library.apr.inputs.inflation.toString());
    expect(report.apr.inputs.communityTax).toBe(library.apr.inputs.communityTax.toString());
    const inputs = report.apr.inputs;
    const apr = computeApr({ inflation: Dec.parse(String(inputs.inflation)), communityTax: Dec.parse(String(inputs.communityTax)), totalSupply: Dec.parse(String(inputs.totalSupply)), bondedTokens: Dec.parse(String(inputs.bondedTokens)) });
    expect(report.apr.value).toBe(apr.toString());
    expect(report.projected30d.days).toBe(30);
    expect(report.cutover).toBeNull();

    // The chart's last sample is the realised yield at the window's end; samples grow with height.
    expect(report.accumulated.at(-1)).toEqual({ height: to, time: expect.any(String), uakt: report.realised.uakt });
    const values = report.accumulated.map((s) => Dec.parse(s.uakt!));
    for (let i = 1; i < values.length; i++) expect(values[i]!.cmp(values[i - 1]!)).toBeGreaterThanOrEqual(0);
  });

  it("stops the projection at a configured staking cutover and says so", async () => {
    const cutover = head() + 50;
    const result = await local.cli(["report", "yield", "--since", String(head() - 2), "--format", "md", ...price], { AKASH_STAKING_CUTOVER: String(cutover) });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`rewards end at cutover height ${cutover}`);
    const json = await local.cli(["report", "yield", "--since", String(head() - 2), "--format", "json", ...price], { AKASH_STAKING_CUTOVER: String(cutover) });
    const report = JSON.parse(json.stdout) as YieldJson;
    expect(report.cutover).toMatchObject({ height: cutover, reached: false });
    expect(report.projected30d.days).toBeLessThan(1);
    expect(report.projected30d.note).toContain("cutover");
  });

  it("--format html -o writes one self-contained file with an inline SVG chart", async () => {
    const out = join(tempDir("report-yield-html"), "yield.html");
    const result = await local.cli(["report", "yield", "--since", String(head() - 4), "--format", "html", "-o", out, ...price]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(out);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<svg");
    expect(html).toContain("Staking yield accumulated");
    expect(html).not.toMatch(/<script/i);
    // The SVG namespace is a name, not something fetched; nothing else may point at the network.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/i);
  });

  it("refuses an address with the wrong prefix, naming --address", async () => {
    const cosmos = toBech32("cosmos", fromBech32(local.devnet.address).data);
    const result = await local.cli(["report", "yield", "--address", cosmos, ...price]);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain("--address");
    expect(result.stderr).toContain('prefix "cosmos"');
  });

  it("reports on any akash address: one that never staked has no stake, no rewards, no USD without a price", async () => {
    const stranger = toBech32("akash", new Uint8Array(20).fill(7));
    const result = await local.cli(["report", "yield", "--address", stranger, "--since", String(head() - 2), "--format", "json", "--price-api", "http://127.0.0.1:9/none"]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as YieldJson & { stake: { usd: number | null } };
    expect(report.address).toBe(stranger);
    expect(report.stake).toMatchObject({ uakt: "0", usd: null, byValidator: [] });
    expect(report.realised.uakt).toBe("0");
    const table = await local.cli(["report", "yield", "--address", stranger, "--since", String(head() - 2), "--price-api", "http://127.0.0.1:9/none"]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain("AKT price unavailable");
    expect(table.stdout).toContain("no AKT price: USD not shown");
  });

  it("refuses --since later than --until with a clear error", async () => {
    const until = head() - 3;
    for (const command of ["yield", "net"]) {
      const result = await local.cli(["report", command, "--since", String(until + 2), "--until", String(until), ...price]);
      expect(result.status, command).toBe(1);
      expect(result.stderr).toContain("Invalid report window");
      expect(result.stderr).toContain("--since before --until");
    }
  });
});

describe("akash-gpu report net", () => {
  it("--format json sets spend and yield side by side with the share the yield paid for", async () => {
    const since = head();
    const deploy = await local.cli(["deploy", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--json"]);
    expect(deploy.status, deploy.stderr).toBe(0);
    await waitBlocks(4);
    const whole = await local.cli(["report", "net", "--format", "json", ...price]);
    expect(whole.status, whole.stderr).toBe(0);
    // Without --since the yield starts at the first block billed (the devnet, like a pruned node, keeps 100 blocks).
    const billedFrom = (JSON.parse(whole.stdout) as { yield: { fromHeight: number } }).yield.fromHeight;
    expect(billedFrom).toBeGreaterThanOrEqual(since);
    const result = await local.cli(["report", "net", "--since", String(since), "--format", "json", ...price]);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      spend: { usd: number; leases: number; amounts: Record<string, string> };
      yield: { uakt: string; usd: number; fromHeight: number; toHeight: number };
      share: { pct: number };
      window: { fromHeight: number; toHeight: number };
      days: { day: string; spendUsdAccumulated: number; yieldUsdAccumulated: number | null }[];
    };
    expect(report.spend.leases).toBe(1);
    expect(Dec.parse(report.spend.amounts.uact!).isZero()).toBe(false);
    expect(report.spend.usd).toBeGreaterThan(0);
    // The yield over the same window as the library reads it.
    expect(report.yield.fromHeight).toBe(since);
    expect(report.yield.toHeight).toBe(report.window.toHeight);
    const library = await stakingYield(local.sdk, rpc, { address: local.devnet.address, window: { fromHeight: since, toHeight: report.yield.toHeight }, aktUsd: Dec.from(2) });
    expect(report.yield.uakt).toBe(library.realised.uakt!.toString());
    expect(report.yield.usd).toBeGreaterThan(0);
    // yield ÷ spend from the exact amounts: uakt at $2, uact at $1 (the default peg).
    const exactShare = Dec.parse(report.yield.uakt).mul(2).div(Dec.parse(report.spend.amounts.uact!)).mul(100);
    expect(report.share.pct).toBeCloseTo(exactShare.toNumber(), 2);
    expect(report.days.length).toBeGreaterThan(0);
    const last = report.days.at(-1)!;
    expect(last.spendUsdAccumulated).toBeCloseTo(report.spend.usd, 1);
    expect(last.yieldUsdAccumulated).toBeCloseTo(report.yield.usd, 1);
  });
});
