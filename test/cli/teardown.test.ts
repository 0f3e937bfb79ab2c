/**
 * `akash-gpu teardown | list | close | top-up` as a user runs them (the built CLI in a child process), against a
 * devnet started in this process. The state dir holds only devnet.json: everything else comes from the chain.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync, type CliResult } from "../../scripts/run-cli.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { getDeployment } from "../../src/chain/queries/index.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { Journal } from "../../src/engine/journal.js";
import { closeDeployments } from "../../src/engine/close-deployments.js";
import { balanceOf, clientFor, mnemonicPrefix } from "../chain/helpers.js";
import { createDeployments, labelledOrder, leaseFor } from "../engine/deployment-helpers.js";
import { tempDir } from "../temp-dir.js";

const BLOCK_MS = 300;
let devnet: Devnet;
let chain: ChainClient;
let stateDir: string;
const outputs: CliResult[] = [];

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  stateDir = tempDir("teardown-cli");
  const { chain: _c, rpcFaults: _r, providerFaults: _p, stop: _s, ...description } = devnet;
  writeFileSync(join(stateDir, "devnet.json"), `${JSON.stringify(description, null, 2)}\n`);
  ({ client: chain } = await clientFor(devnet));
});

afterAll(async () => {
  await chain?.disconnect();
  await devnet?.stop();
});

/** Runs the CLI against the devnet, keeping every output for the leak check at the end. */
async function cli(...args: string[]): Promise<CliResult> {
  const result = await runCliAsync([...args, "--network", "local", "--state-dir", stateDir]);
  outputs.push(result);
  return result;
}

const stateOf = async (dseq: bigint) => (await getDeployment(chain.sdk, { owner: chain.address, dseq }))?.state;

// Each command is a process start plus a wallet derivation: slow on a loaded machine.
const SLOW = { timeout: 180_000 };

describe("akash-gpu teardown", SLOW, () => {
  it("refuses to run without a selector, naming the flags (exit 1)", async () => {
    const result = await cli("teardown");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--label \/ --run-id \/ --older-than \/ --all/);
    expect(result.stdout).toBe("");
    const json = await cli("teardown", "--json");
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as { error: { problems: { field: string }[] } }).error.problems[0]!.field).toBe("--label / --run-id / --older-than / --all");
  });

  it("--dry-run shows what it would close and what that saves per hour, and sends nothing", async () => {
    const ml = await createDeployments(chain, await labelledOrder(BLOCK_MS, { team: "ml" }), 2);
    const [web] = await createDeployments(chain, await labelledOrder(BLOCK_MS, { team: "web" }), 1);
    const lease = await leaseFor(chain, ml[0]!);
    const uakt = await balanceOf(chain, chain.address, "uakt");

    const dry = await cli("teardown", "--label", "team=ml", "--dry-run", "--json");
    expect(dry.status).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; selected: { dseq: string; labels: Record<string, string> }[]; pricePerBlock: { denom: string; amount: string }; costPerHour: { amount: string }; usdPerHour: number };
    expect(plan.dryRun).toBe(true);
    expect(plan.selected.map((s) => s.dseq)).toEqual(ml.map(String));
    expect(plan.selected[0]!.labels).toEqual({ team: "ml" });
    expect(plan.pricePerBlock).toEqual({ denom: "uact", amount: lease.price.amount.toString() });
    expect(plan.usdPerHour).toBeGreaterThan(0);
    expect(await balanceOf(chain, chain.address, "uakt")).toBe(uakt); // no transaction, no fee
    for (const dseq of [...ml, web!]) expect(await stateOf(dseq)).toBe("active");

    const human = await cli("teardown", "--label", "team=ml", "--dry-run");
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/DSEQ\s+LABELS\s+STATE/);
    expect(human.stdout).toContain("team=ml");
    expect(human.stdout).toMatch(/would close 2 deployment\(s\), saving \$[\d.]+\/h \([\d.]+ uact\/h\); nothing was sent \(--dry-run\)/);
  });

  it("--label team=ml --json closes them and prints exactly closed, txs, refunded, failed; the others stay open", async () => {
    const before = await cli("list", "--json");
    const open = (JSON.parse(before.stdout) as { deployments: { dseq: string; labels: Record<string, string> }[] }).deployments;
    const ml = open.filter((d) => d.labels.team === "ml").map((d) => d.dseq);
    const others = open.filter((d) => d.labels.team !== "ml").map((d) => BigInt(d.dseq));
    expect(ml).toHaveLength(2);

    const result = await cli("teardown", "--label", "team=ml", "--json");
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["closed", "txs", "refunded", "failed"]);
    expect(json.closed).toEqual(ml);
    expect(json.txs).toHaveLength(1);
    expect((json.txs as string[])[0]).toMatch(/^[0-9A-F]{64}$/i);
    expect(json.refunded).toEqual({ denom: "uact", amount: expect.stringMatching(/^\d+$/) });
    expect(BigInt((json.refunded as { amount: string }).amount)).toBeGreaterThan(500_000n);
    expect(json.failed).toEqual([]);
    for (const dseq of ml) expect(await stateOf(BigInt(dseq))).toBe("closed");
    for (const dseq of others) expect(await stateOf(dseq)).toBe("active");

    // Again: nothing left to close, the same shape, exit 0.
    const again = await cli("teardown", "--label", "team=ml", "--json");
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ closed: [], txs: [], refunded: { denom: "uact", amount: "0" }, failed: [] });
    await closeDeployments(chain, others);
  });
});

describe("akash-gpu list", SLOW, () => {
  it("shows this wallet's deployments from chain with labels, leases, cost, escrow and runway, and interrupted deploys", async () => {
    const [leased, idle] = await createDeployments(chain, await labelledOrder(BLOCK_MS, { team: "search" }), 2, 2_000_000n);
    const lease = await leaseFor(chain, leased!);
    // A deploy killed before its create reached the chain: only the journal knows it.
    const journal = Journal.open(stateDir, devnet.chainId, devnet.address, 99n);
    journal.record("plan", "done", { labels: {} });
    journal.record("create", "begin", { dseq: 99n });

    const result = await cli("list", "--json");
    expect(result.status).toBe(0);
    type Listed = { dseq: string; state: string; labels: Record<string, string>; leases: { provider: string; pricePerBlock: { amount: string } }[]; pricePerBlock: { amount: string }; costPerHour: { denom: string; amount: string }; escrow: { state: string; funds: { denom: string; amount: string } }; runway: { blocks: string | null; hours: number | null; overdrawn: boolean }; createdAt: number; ageSeconds: number };
    const json = JSON.parse(result.stdout) as { owner: string; deployments: Listed[]; interrupted: { dseq: string; hint: string }[] };
    expect(json.owner).toBe(devnet.address);
    const byDseq = new Map(json.deployments.map((d) => [d.dseq, d]));
    const one = byDseq.get(leased!.toString())!;
    expect(one.labels).toEqual({ team: "search" });
    expect(one.leases).toEqual([expect.objectContaining({ provider: lease.id.provider, pricePerBlock: { denom: "uact", amount: lease.price.amount.toString() } })]);
    expect(one.pricePerBlock.amount).toBe(lease.price.amount.toString());
    expect(one.costPerHour.denom).toBe("uact");
    expect(one.escrow.state).toBe("open");
    expect(BigInt(one.escrow.funds.amount.split(".")[0]!)).toBeLessThanOrEqual(2_000_000n);
    expect(one.runway.overdrawn).toBe(false);
    expect(Number(one.runway.blocks)).toBeGreaterThan(0);
    expect(one.ageSeconds).toBeGreaterThanOrEqual(0);
    const two = byDseq.get(idle!.toString())!;
    expect(two.leases).toEqual([]);
    expect(two.runway.blocks).toBeNull(); // nothing draws from it
    expect(two.escrow.funds).toEqual({ denom: "uact", amount: "2000000" });
    expect(json.interrupted).toEqual([{ dseq: "99", interrupted: true, hint: "interrupted: run `akash-gpu deploy --resume`" }]);

    const filtered = JSON.parse((await cli("list", "--label", "team=nobody", "--json")).stdout) as { deployments: unknown[] };
    expect(filtered.deployments).toEqual([]);
    const human = await cli("list");
    expect(human.stdout).toContain(leased!.toString());
    expect(human.stdout).toContain("team=search");
    expect(human.stdout).toContain("99: interrupted: run `akash-gpu deploy --resume`");
    const lines = (await cli("list", "-o", "jsonl")).stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((l) => l.type)).toEqual([...json.deployments.map(() => "deployment"), "interrupted", "total"]);
    journal.record("close", "done", { reason: "test" });
  });
});

describe("akash-gpu close | top-up", SLOW, () => {
  it("close: already closed is skipped, unknown is failed (exit 2), a bad dseq is a usage error (exit 1)", async () => {
    const [open, done] = await createDeployments(chain, await labelledOrder(BLOCK_MS, {}), 2);
    await closeDeployments(chain, [done!]);
    // A deploy of this state dir that was interrupted: once closed, it needs no resume any more.
    Journal.open(stateDir, devnet.chainId, devnet.address, open!).record("create", "begin", { dseq: open! });
    expect(Journal.unfinished(stateDir, devnet.chainId, devnet.address).map((j) => j.dseq)).toContain(open);
    const result = await cli("close", open!.toString(), done!.toString(), "--json");
    expect(Journal.unfinished(stateDir, devnet.chainId, devnet.address).map((j) => j.dseq)).not.toContain(open);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as { closed: string[]; skipped: string[]; txs: string[]; refunded: { amount: string }; failed: unknown[] };
    expect(json).toMatchObject({ closed: [open!.toString()], skipped: [done!.toString()], failed: [], refunded: { denom: "uact", amount: "500000" } });
    expect(json.txs).toHaveLength(1);

    const unknown = await cli("close", "777", "--json");
    expect(unknown.status).toBe(2);
    expect((JSON.parse(unknown.stdout) as { failed: { dseq: string; error: string }[] }).failed).toEqual([{ dseq: "777", error: `No deployment 777 of ${devnet.address} on this chain` }]);
    const bad = await cli("close", "12x");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("<dseq>: found 12x");
  });

  it("top-up: --amount deposits, --dry-run sends nothing, and a closed deployment is refused", async () => {
    const [dseq] = await createDeployments(chain, await labelledOrder(BLOCK_MS, {}), 1);
    const dry = await cli("top-up", dseq!.toString(), "--amount", "1.5", "--dry-run", "--json");
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, deposit: { denom: "uact", amount: "1500000" }, before: { funds: { amount: "500000" } } });
    const done = await cli("top-up", dseq!.toString(), "--amount", "1.5", "--json");
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ deposit: { amount: "1500000" }, tx: expect.stringMatching(/^[0-9A-F]{64}$/i), after: { funds: { amount: "2000000" } } });
    expect((await cli("top-up", dseq!.toString())).stderr).toContain("--runway / --amount: found neither");

    await closeDeployments(chain, [dseq!]);
    const refused = await cli("top-up", dseq!.toString(), "--runway", "48h");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`Deployment ${dseq} is closed`);
    expect(refused.stderr).toContain("deploy again");
  });

  it("no output of any command carries the devnet mnemonic", () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(mnemonicPrefix(devnet.mnemonic));
  });
});
