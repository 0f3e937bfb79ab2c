/**
 * Spend from chain against an in-process devnet, through the product's chain client: leases opened and closed
 * at known heights cost price × blocks exactly and agree with the escrow payments; a window cuts a lease;
 * an account that ran dry is flagged; grouping by label, provider, GPU and day adds up; fees come from the
 * journal's hashes and from tx search; report inputs re-run offline; queries grow with pages, not leases.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { msgCloseDeployment, msgCloseLease } from "../../src/chain/messages.js";
import type { Lease } from "../../src/chain/types.js";
import { Dec } from "../../src/costs/decimal.js";
import { computeSpend, spendOffline } from "../../src/costs/spend/compute.js";
import { feesFromJournal, feesFromTxSearch } from "../../src/costs/spend/fees.js";
import { groupSpend } from "../../src/costs/spend/group.js";
import { cometTxLookup } from "../../src/costs/spend/tx-lookup.js";
import type { SpendReport, SpendRow } from "../../src/costs/spend/types.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { Journal } from "../../src/engine/journal.js";
import { loadReportInputs, saveReportInputs } from "../../src/store/report-inputs.js";
import { clientFor } from "../chain/helpers.js";
import { startGrpcCounter } from "../chain/grpc-counter.js";
import { fleetWith, LUXE_PROVIDER } from "../devnet/devnet-harness.js";
import { createDeployments, labelledOrder, leaseFor, waitFor } from "../engine/deployment-helpers.js";
import { tempDir } from "../temp-dir.js";

const BLOCK_MS = 150;
/** Providers withdraw every PERIOD blocks: several settlements (each truncating) during a lease. */
const PERIOD = 4;

let devnet: Devnet;
let chain: ChainClient;
let fleetFile: string;
/** Three leases: ml/h100 closed by MsgCloseLease, ml/h100 closed with its deployment, web/a100 left open. */
let leases: { closedByLease: Lease; closedWithDeployment: Lease; open: Lease };
let closeHeights: { lease: number; deployment: number };
let closeTxs: { hash: string; fee: bigint }[];

async function waitBlocks(n: number): Promise<number> {
  const target = (await chain.height()) + n;
  for (let h = await chain.height(); h < target; ) h = await chain.waitForBlock(h);
  return chain.height();
}

beforeAll(async () => {
  fleetFile = fleetWith(LUXE_PROVIDER);
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, withdrawPeriodBlocks: PERIOD, providersFile: fleetFile });
  ({ client: chain } = await clientFor(devnet));
  const ml = await labelledOrder(BLOCK_MS, { team: "ml" });
  const web = await labelledOrder(BLOCK_MS, { team: "web" }, { gpus: ["a100"] });
  const [d1, d2] = await createDeployments(chain, ml, 2, 2_000_000n);
  const [d3] = await createDeployments(chain, web, 1, 2_000_000n);
  leases = { closedByLease: await leaseFor(chain, d1!), closedWithDeployment: await leaseFor(chain, d2!), open: await leaseFor(chain, d3!) };
  await waitBlocks(PERIOD * 2 + 1);
  const byLease = await chain.signAndBroadcast([msgCloseLease(leases.closedByLease.id)]);
  await waitBlocks(3);
  const byDeployment = await chain.signAndBroadcast([msgCloseDeployment({ owner: chain.address, dseq: d2! })]);
  closeHeights = { lease: byLease.height, deployment: byDeployment.height };
  closeTxs = [byLease, byDeployment].map((tx) => ({ hash: tx.hash, fee: tx.fee[0]!.amount }));
  await waitBlocks(PERIOD + 1);
});

afterAll(async () => {
  await chain?.disconnect();
  await devnet?.stop();
  if (fleetFile) rmSync(dirname(fleetFile), { recursive: true, force: true });
});

const rowOf = (report: SpendReport, lease: Lease): SpendRow | undefined => report.leases.find((r) => r.lease.dseq === lease.id.dseq && r.provider === lease.id.provider);

describe("spend from chain", () => {
  it("bills every lease, open and closed, price × blocks exactly, and the escrow payments agree", async () => {
    const report = await computeSpend(chain, { owner: chain.address });
    const closed = rowOf(report, leases.closedByLease)!;
    expect(closed).toMatchObject({ state: "closed", closeReason: "owner", createdAt: leases.closedByLease.createdAt, closedOn: closeHeights.lease, labels: { team: "ml" } });
    expect(closed.blocks).toBe(closeHeights.lease - leases.closedByLease.createdAt);
    expect(closed.amount.amount.toString()).toBe(leases.closedByLease.price.amount.mul(closeHeights.lease - leases.closedByLease.createdAt).toString());

    const withDeployment = rowOf(report, leases.closedWithDeployment)!;
    expect(withDeployment).toMatchObject({ state: "closed", closedOn: closeHeights.deployment, deploymentState: "closed" });
    expect(withDeployment.amount.amount.toString()).toBe(leases.closedWithDeployment.price.amount.mul(closeHeights.deployment - leases.closedWithDeployment.createdAt).toString());

    const open = rowOf(report, leases.open)!;
    expect(open).toMatchObject({ state: "active", closedOn: undefined, billedTo: report.height, labels: { team: "web" }, gpu: { model: "a100", count: 1 } });
    expect(open.blocks).toBe(report.height - leases.open.createdAt);
    expect(open.amount.amount.toString()).toBe(leases.open.price.amount.mul(report.height - leases.open.createdAt).toString());
    expect(closed.gpu).toEqual({ model: "h100", models: ["h100"], count: 1 });

    for (const row of [closed, withDeployment, open]) {
      expect(row.check.status, JSON.stringify(row.check)).toBe("ok");
      if (row.check.status === "unavailable") continue;
      // Providers withdrew several times: escrow is short of price × blocks only by the chain's truncation.
      expect(row.check.withdrawn.isZero()).toBe(false);
      expect(row.check.difference.cmp(Math.ceil(row.blocks / PERIOD) + 1)).toBeLessThan(0);
    }
    // The open lease: what accrued since its account's last settlement is price × (height − settledAt).
    const settledAt = report.inputs.leases.find((l) => l.id.dseq === leases.open.id.dseq)!.payment!.settledAt;
    if (open.check.status === "ok") expect(open.check.accrued.toString()).toBe(leases.open.price.amount.mul(report.height - settledAt).toString());
    expect(report.totals.amounts).toEqual([{ denom: "uact", amount: report.leases.reduce((s, r) => s.add(r.amount.amount), Dec.zero) }]);
  });

  it("cuts a lease at a window given in heights or in times", async () => {
    const lease = leases.closedByLease;
    const since = lease.createdAt + 3;
    const until = closeHeights.lease - 2;
    const byHeight = await computeSpend(chain, { owner: chain.address, window: { since, until } });
    const row = rowOf(byHeight, lease)!;
    expect([row.billedFrom, row.billedTo, row.blocks]).toEqual([since, until, until - since]);
    expect(row.amount.amount.toString()).toBe(lease.price.amount.mul(until - since).toString());
    // The open lease is billed to the window's end, not to now.
    expect(rowOf(byHeight, leases.open)!.billedTo).toBe(until);

    // The same window in times: from the header time of the first block billed to that of the last.
    const byTime = await computeSpend(chain, { owner: chain.address, window: { since: await chain.blockTime(since + 1), until: await chain.blockTime(until) } });
    expect(byTime.window).toMatchObject({ fromHeight: since, toHeight: until, estimated: false });
    expect(rowOf(byTime, lease)!.amount.amount.toString()).toBe(row.amount.amount.toString());
  });

  it("groups by label, provider, GPU model and day, each adding up to the total", async () => {
    const report = await computeSpend(chain, { owner: chain.address });
    const total = report.totals.amounts[0]!.amount.toString();
    const sum = (groups: ReturnType<typeof groupSpend>) => groups.reduce((s, g) => s.add(g.amounts[0]?.amount ?? Dec.zero), Dec.zero).toString();
    const byLabel = groupSpend(report.leases, { label: "team" });
    expect(byLabel.map((g) => [g.key, g.leases])).toEqual([["ml", 2], ["web", 1]]);
    const byGpu = groupSpend(report.leases, "gpu");
    expect(byGpu.map((g) => g.key)).toEqual(["a100", "h100"]);
    const byProvider = groupSpend(report.leases, "provider");
    expect(byProvider.flatMap((g) => g.parts.map((p) => p.row.provider === g.key))).not.toContain(false);
    const byDay = groupSpend(report.leases, "day", { clock: report.clock });
    const days = new Set(await Promise.all([leases.closedByLease.createdAt + 1, report.height].map(async (h) => (await chain.blockTime(h)).toISOString().slice(0, 10))));
    expect(byDay.map((g) => g.key)).toEqual([...days].sort());
    for (const groups of [byLabel, byGpu, byProvider, byDay]) expect(sum(groups)).toBe(total);
  });

  it("flags the lease of an account that ran dry: escrow paid the provider less than price × blocks", async () => {
    const luxe = devnet.providers.find((p) => p.name === "luxe")!.owner;
    const [dseq] = await createDeployments(chain, await labelledOrder(BLOCK_MS, { team: "dry" }, { maxUsdPerHour: "800" }), 1, 500_000n);
    const lease = await leaseFor(chain, dseq!, (bids) => bids.find((b) => b.id.provider === luxe));
    const closed = await waitFor("the lease to close for insufficient funds", async () => {
      const row = rowOf(await computeSpend(chain, { owner: chain.address, labels: { team: "dry" } }), lease);
      return row?.state === "insufficient_funds" ? row : undefined;
    });
    expect(closed.check).toMatchObject({ status: "mismatch", reason: expect.stringMatching(/ran dry/) });
    if (closed.check.status === "unavailable") return;
    // Everything deposited went to the provider; the rest is owed.
    expect(closed.check.escrow.truncate(0).toString()).toBe("500000");
    expect(closed.amount.amount.cmp(500_000)).toBeGreaterThan(0);
  });

  it("finds the fees of its own transactions from the journal's hashes and by tx search, across pages", async () => {
    const stateDir = tempDir("spend-fees");
    const journal = Journal.open(stateDir, chain.chainId, chain.address, leases.closedWithDeployment.id.dseq);
    journal.record("close", "done", { txs: closeTxs.map((t) => t.hash) });
    const lookup = cometTxLookup(devnet.rpc);
    const window = { fromHeight: leases.closedByLease.createdAt, toHeight: await chain.height() };
    const fromJournal = await feesFromJournal(lookup, { stateDir, chainId: chain.chainId, owner: chain.address, ...window });
    expect(fromJournal).toMatchObject({ source: "journal", missing: [] });
    expect(fromJournal.txs.map((t) => [t.hash, t.fee[0]!.amount, t.tool, t.failed])).toEqual(closeTxs.map((t) => [t.hash, t.fee, true, false]));
    expect(fromJournal.totals).toEqual([{ denom: "uakt", amount: closeTxs[0]!.fee + closeTxs[1]!.fee }]);

    const searched = await feesFromTxSearch(lookup, { address: chain.address, ...window, perPage: 2 });
    expect(searched.source).toBe("tx-search");
    expect(searched.txs.map((t) => t.hash)).toEqual(expect.arrayContaining(closeTxs.map((t) => t.hash)));
    expect(searched.txs.every((t) => t.height > window.fromHeight && t.height <= window.toHeight)).toBe(true);
    const onePage = await feesFromTxSearch(lookup, { address: chain.address, ...window });
    expect(searched.txs.map((t) => t.hash)).toEqual(onePage.txs.map((t) => t.hash));
    expect(searched.totals).toEqual(onePage.totals);

    // Through computeSpend, the report carries them, inside its window.
    const report = await computeSpend(chain, { owner: chain.address, window: { since: window.fromHeight, until: window.toHeight }, fees: { source: "journal", lookup, stateDir } });
    expect(report.fees?.totals).toEqual(fromJournal.totals);
  });

  it("saves its inputs and re-runs offline to the same rows", async () => {
    const stateDir = tempDir("spend-offline");
    const online = await computeSpend(chain, { owner: chain.address, window: { since: leases.closedByLease.createdAt + 1 } });
    saveReportInputs(stateDir, online.inputs);
    const saved = loadReportInputs(stateDir, chain.chainId, chain.address)!;
    const offline = spendOffline(saved, { window: { since: leases.closedByLease.createdAt + 1 } });
    const text = (report: SpendReport) => JSON.stringify(report.leases, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(text(offline)).toBe(text(online));
    expect(offline.window.toHeight).toBe(online.height);
    // Times offline come from the saved header samples: estimated, close to the chain's.
    const since = await chain.blockTime(leases.open.createdAt + 1);
    const estimated = spendOffline(saved, { window: { since } });
    expect(estimated.window.estimated).toBe(true);
    expect(Math.abs(estimated.window.fromHeight - leases.open.createdAt)).toBeLessThanOrEqual(3);
  });

  it("asks the chain a number of queries that grows with pages, not with leases or blocks", async () => {
    const counter = await startGrpcCounter(devnet.grpc);
    const { client: counted } = await clientFor(devnet, { grpc: counter.url });
    let headers = 0;
    const reader = { chainId: counted.chainId, sdk: counted.sdk, height: () => counted.height(), blockTime: (h: number) => (headers++, counted.blockTime(h)) };
    try {
      const report = await computeSpend(reader, { owner: counted.address, pageSize: 2, clockSamples: 8 });
      const leaseCount = report.inputs.leases.length;
      const pages = Math.ceil(leaseCount / 2);
      expect(leaseCount).toBeGreaterThanOrEqual(4);
      expect(counter.count("Leases")).toBeGreaterThanOrEqual(pages);
      expect(counter.count("Leases")).toBeLessThanOrEqual(pages + 1);
      // Deployments: our listing and the one listLeases makes for settlement heights, each paged.
      expect(counter.count("Deployments")).toBeLessThanOrEqual(2 * (Math.ceil(leaseCount / 2) + 1));
      expect(counter.count("Deployment")).toBe(0);
      // Headers: the head and the clock's samples, whatever the number of leases or blocks.
      expect(headers).toBeLessThanOrEqual(8);
      counter.reset();
      await computeSpend(reader, { owner: counted.address });
      expect(counter.count("Leases")).toBe(1);
      expect(counter.count("Deployments")).toBeLessThanOrEqual(2);
    } finally {
      await counted.disconnect();
      await counter.close();
    }
  });

  it("refuses an address with another prefix, before asking the chain anything", async () => {
    await expect(computeSpend(chain, { owner: "cosmos1qurswpc8qurswpc8qurswpc8qurswpc8nn86qp" })).rejects.toThrow(/prefix "cosmos"/);
  });
});
