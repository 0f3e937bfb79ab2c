/**
 * Spend arithmetic without a chain: rows billed in a window, escrow checks (exact, truncated, overdrawn,
 * missing), grouping by deployment, label, provider, GPU and UTC day (a lease over midnight split exactly),
 * the height clock, the time→height search (few header reads on a 5-million-block chain; pruned nodes), window
 * and address input errors.
 */
import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { CometRpcError } from "../../src/chain/comet-rpc.js";
import { feesFromJournal, feesFromTxSearch, TxSearchUnavailableError } from "../../src/costs/spend/fees.js";
import { groupSpend, NO_VALUE } from "../../src/costs/spend/group.js";
import { HeightClock } from "../../src/costs/spend/height-clock.js";
import { parseOwnerAddress } from "../../src/costs/spend/owner.js";
import { spendFromInputs, spendRow } from "../../src/costs/spend/rows.js";
import type { LeaseFacts, SpendInputs } from "../../src/costs/spend/types.js";
import { parseWindowBound, resolveWindow, resolveWindowOffline, searchHeightAtOrAfter } from "../../src/costs/spend/window.js";
import type { LookedUpTx, TxLookup } from "../../src/costs/spend/tx-lookup.js";
import { Journal } from "../../src/engine/journal.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { tempDir } from "../temp-dir.js";

const OWNER = "akash1qurswpc8qurswpc8qurswpc8qurswpc87g2aem";
const PROVIDER_A = "akash1pyysjzgfpyysjzgfpyysjzgfpyysjzgfsqeghr";
const PROVIDER_B = "akash1pv9skzctpv9skzctpv9skzctpv9skzctq57vk5";
const uact = (amount: string) => ({ denom: "uact", amount: Dec.parse(amount) });

function lease(overrides: Partial<LeaseFacts> & { dseq?: bigint; provider?: string; gseq?: number } = {}): LeaseFacts {
  const { dseq = 100n, provider = PROVIDER_A, gseq = 1, ...rest } = overrides;
  return {
    id: { owner: OWNER, dseq, gseq, oseq: 1, provider, bseq: 1 },
    state: "active",
    price: uact("10"),
    createdAt: 1000,
    closedOn: 0,
    deploymentState: "active",
    groupName: "akash-1/team=ml",
    labels: { team: "ml" },
    gpu: { models: ["h100"], count: 1 },
    ...rest,
  };
}

const inputsOf = (leases: LeaseFacts[], height = 2000): SpendInputs => ({
  version: 1,
  chainId: "akash-local-1",
  owner: OWNER,
  height,
  headTime: new Date("2026-05-02T00:00:00Z"),
  leases,
  clock: [{ height: 0, time: new Date("2026-05-01T00:00:00Z") }, { height, time: new Date("2026-05-02T00:00:00Z") }],
});

describe("spend rows", () => {
  it("bills an open lease price × blocks up to the window's end, and a closed one up to its close, exactly", () => {
    const open = spendRow(lease({ price: uact("1.234567890123456789") }), 0, 1500, 2000)!;
    expect(open.blocks).toBe(500);
    expect(open.amount.amount.toString()).toBe("617.2839450617283945");
    expect(open.closedOn).toBeUndefined();

    const closed = spendRow(lease({ state: "closed", closedOn: 1300, closeReason: "owner" }), 0, 2000, 2000)!;
    expect([closed.billedFrom, closed.billedTo, closed.blocks]).toEqual([1000, 1300, 300]);
    expect(closed.amount.amount.toString()).toBe("3000");
    expect(closed.closedOn).toBe(1300);
  });

  it("cuts a lease at the window's edges; windows that split a lease add up to the whole", () => {
    const facts = lease({ state: "closed", closedOn: 1800 });
    const before = spendRow(facts, 0, 1200, 2000)!;
    const after = spendRow(facts, 1200, 2000, 2000)!;
    expect([before.blocks, after.blocks]).toEqual([200, 600]);
    expect(before.amount.amount.add(after.amount.amount).toString()).toBe(spendRow(facts, 0, 2000, 2000)!.amount.amount.toString());
    // A window entirely before or after the lease leaves it out.
    expect(spendRow(facts, 0, 900, 2000)).toBeUndefined();
    expect(spendRow(facts, 1800, 2000, 2000)).toBeUndefined();
  });

  it("totals per denomination and GPU-blocks, filters by label, and lists GPUs with several or no models", () => {
    const report = spendFromInputs(
      inputsOf([
        lease({ dseq: 1n, gpu: { models: ["h100"], count: 2 } }),
        lease({ dseq: 2n, price: { denom: "uakt", amount: Dec.parse("3") }, labels: { team: "web" }, gpu: { models: ["a100", "h100"], count: 1 } }),
        lease({ dseq: 3n, gpu: { models: [], count: 0 }, labels: {} }),
      ]),
      { fromHeight: 0, toHeight: 2000, fromTime: undefined, toTime: new Date(), estimated: false },
    );
    expect(report.totals.blocks).toBe(3000);
    expect(report.totals.gpuBlocks).toBe(1000 * 2 + 1000);
    expect(report.totals.amounts.map((c) => [c.denom, c.amount.toString()])).toEqual([["uact", "20000"], ["uakt", "3000"]]);
    expect(report.leases[1]!.gpu).toEqual({ model: undefined, models: ["a100", "h100"], count: 1 });
    const ml = spendFromInputs(inputsOf(report.inputs.leases), report.window, { labels: { team: "ml" } });
    expect(ml.leases.map((r) => r.lease.dseq)).toEqual([1n]);
  });
});

describe("escrow check", () => {
  const payment = (withdrawn: string, balance: string, settledAt: number, state = "open") => ({ state, withdrawn: uact(withdrawn), balance: uact(balance), settledAt });

  it("open: withdrawn + balance + price × (height − settledAt) equals price × blocks", () => {
    const row = spendRow(lease({ payment: payment("6000", "0", 1600) }), 0, 2000, 2000)!;
    expect(row.check).toMatchObject({ status: "ok" });
    if (row.check.status === "unavailable") throw new Error("unreachable");
    expect(row.check.accrued.toString()).toBe("4000");
    expect(row.check.expected.toString()).toBe("10000");
    expect(row.check.difference.toString()).toBe("0");
  });

  it("a fractional price: the chain's truncation at each settlement is within the tolerance, more is a mismatch", () => {
    // 2.5 uact/block over 1000 blocks, settled at 1333 and 1667: each truncated to whole units.
    const price = uact("2.5");
    const firstSettle = Dec.parse("2.5").mul(333).truncate(0); // 832 of 832.5
    const secondSettle = Dec.parse("2.5").mul(334).truncate(0); // 835 exactly
    const ok = spendRow(lease({ price, payment: payment(firstSettle.add(secondSettle).toString(), "0", 1667) }), 0, 2000, 2000)!;
    expect(ok.check.status).toBe("ok");
    if (ok.check.status === "unavailable") throw new Error("unreachable");
    expect(ok.check.difference.toString()).toBe("0.5");
    expect(ok.check.tolerance.toString()).toBe("500");

    const short = spendRow(lease({ price: uact("10"), payment: payment("5999", "0", 1600) }), 0, 2000, 2000)!;
    expect(short.check).toMatchObject({ status: "mismatch", reason: expect.stringMatching(/1 uact less paid/) });
    const over = spendRow(lease({ price: uact("10"), payment: payment("6001", "0", 1600) }), 0, 2000, 2000)!;
    expect(over.check).toMatchObject({ status: "mismatch", reason: expect.stringMatching(/1 uact more paid/) });
  });

  it("closed: withdrawn + balance equals price × (closedOn − createdAt); an overdrawn lease is flagged, not hidden", () => {
    const closed = spendRow(lease({ state: "closed", closedOn: 1500, payment: payment("5000", "0", 1500, "closed") }), 0, 2000, 2000)!;
    expect(closed.check.status).toBe("ok");
    const dry = spendRow(lease({ state: "insufficient_funds", closedOn: 1500, payment: payment("4200", "0", 1500, "overdrawn") }), 0, 2000, 2000)!;
    expect(dry.check).toMatchObject({ status: "mismatch", reason: expect.stringMatching(/ran dry: the provider was paid 800 uact less/) });
    const report = spendFromInputs(inputsOf([lease({ dseq: 1n, state: "closed", closedOn: 1500, payment: payment("5000", "0", 1500, "closed") }), lease({ dseq: 2n })]), {
      fromHeight: 0,
      toHeight: 2000,
      fromTime: undefined,
      toTime: new Date(),
      estimated: false,
    });
    expect(report.checks).toEqual({ ok: 1, mismatch: 0, unavailable: 1, flagged: [`${OWNER}/2/1/1/${PROVIDER_A}`] });
  });
});

describe("grouping", () => {
  const window = { fromHeight: 0, toHeight: 2000, fromTime: undefined, toTime: new Date(), estimated: false };
  const rows = spendFromInputs(
    inputsOf([
      lease({ dseq: 1n, provider: PROVIDER_A, labels: { team: "ml" } }),
      lease({ dseq: 1n, gseq: 2, provider: PROVIDER_B, labels: { team: "ml" }, gpu: { models: ["a100"], count: 2 } }),
      lease({ dseq: 2n, provider: PROVIDER_B, labels: { team: "web" }, price: uact("0.5") }),
      lease({ dseq: 3n, provider: PROVIDER_A, labels: {}, gpu: { models: [], count: 0 }, state: "closed", closedOn: 1100 }),
    ]),
    window,
  ).leases;

  it("by deployment, label (rows without it last), provider and GPU model, each summing to the total", () => {
    const sum = (groups: ReturnType<typeof groupSpend>) => groups.reduce((s, g) => s.add(g.amounts[0]!.amount), Dec.zero).toString();
    const byDeployment = groupSpend(rows, "deployment");
    expect(byDeployment.map((g) => [g.key, g.leases, g.blocks])).toEqual([["1", 2, 2000], ["2", 1, 1000], ["3", 1, 100]]);
    const byLabel = groupSpend(rows, { label: "team" });
    expect(byLabel.map((g) => [g.key, g.amounts[0]!.amount.toString()])).toEqual([["ml", "20000"], ["web", "500"], [NO_VALUE, "1000"]]);
    const byProvider = groupSpend(rows, "provider");
    expect(byProvider.map((g) => [g.key, g.leases])).toEqual([[PROVIDER_B, 2], [PROVIDER_A, 2]]); // sorted by address
    const byGpu = groupSpend(rows, "gpu");
    expect(byGpu.map((g) => [g.key, g.gpuBlocks])).toEqual([["a100", 2000], ["h100", 2000], [NO_VALUE, 0]]);
    for (const groups of [byDeployment, byLabel, byProvider, byGpu]) expect(sum(groups)).toBe("21500");
  });

  it("by UTC day: a lease over midnight is split at the first block of the next day, exactly", () => {
    // 1000 blocks of 100 s each from 2026-05-01T20:00Z: 144 blocks to midnight, then the rest.
    const start = Date.parse("2026-05-01T20:00:00Z");
    const clock = new HeightClock([{ height: 1000, time: new Date(start) }, { height: 3000, time: new Date(start + 2000 * 100_000) }]);
    const row = spendRow(lease({ createdAt: 1000, price: uact("0.3") }), 0, 2000, 2000)!;
    const days = groupSpend([row], "day", { clock });
    // Block h is at start + (h − 1000) × 100 s; midnight is 14,400 s after the start: block 1144.
    expect(days.map((d) => [d.key, d.blocks])).toEqual([["2026-05-01", 143], ["2026-05-02", 857]]);
    expect(days[0]!.parts[0]).toMatchObject({ fromHeight: 1000, toHeight: 1143 });
    expect(days.reduce((s, d) => s.add(d.amounts[0]!.amount), Dec.zero).toString()).toBe(row.amount.amount.toString());
    expect(() => groupSpend([row], "day")).toThrow(/header samples/);
  });
});

describe("height clock and time search", () => {
  it("is exact at samples, interpolates between them, and inverts its own interpolation", () => {
    const clock = new HeightClock([{ height: 100, time: new Date(0) }, { height: 200, time: new Date(600_000) }, { height: 300, time: new Date(900_000) }]);
    expect(clock.timeAt(150).getTime()).toBe(300_000);
    expect(clock.timeAt(250).getTime()).toBe(750_000);
    expect(clock.timeAt(400).getTime()).toBe(1_200_000); // extrapolated at the last segment's 3 s pace
    expect(clock.firstHeightAtOrAfter(new Date(300_001))).toBe(151);
    expect(clock.lastHeightAtOrBefore(new Date(300_000))).toBe(150);
  });

  /** A chain of `head` blocks with irregular times (pace 5.5–6.5 s), counting header reads; heights below `earliest` are pruned. */
  function fakeChain(head: number, earliest = 1) {
    const genesis = Date.parse("2024-01-01T00:00:00Z");
    const timeOf = (h: number) => genesis + h * 6000 + Math.round(500 * Math.sin(h / 1000));
    let reads = 0;
    return {
      timeOf,
      get reads() {
        return reads;
      },
      height: async () => head,
      blockTime: async (h: number) => {
        reads++;
        if (h < earliest || h > head) throw new Error(`height ${h} is not available`);
        return new Date(timeOf(h));
      },
    };
  }

  it("finds the height of a time on a 5-million-block chain in a handful of header reads", async () => {
    const chain = fakeChain(5_000_000);
    for (const target of [123_456, 2_500_000, 4_999_999]) {
      const clock = new HeightClock();
      const before = chain.reads;
      expect(await searchHeightAtOrAfter(chain, new Date(chain.timeOf(target) - 1), 5_000_000, clock)).toBe(target);
      expect(chain.reads - before).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(5_000_000)));
    }
    // A time after the newest block: none.
    expect(await searchHeightAtOrAfter(chain, new Date(chain.timeOf(5_000_000) + 1), 5_000_000, new HeightClock())).toBe(5_000_001);
  });

  it("on a pruned node, a time before its earliest block resolves to the earliest it keeps", async () => {
    const chain = fakeChain(100_000, 60_000);
    expect(await searchHeightAtOrAfter(chain, new Date(chain.timeOf(10)), 100_000, new HeightClock())).toBe(60_000);
  });

  it("resolves since/until given as times or heights; offline it interpolates and says so", async () => {
    const chain = fakeChain(10_000);
    const window = await resolveWindow(chain, { since: new Date(chain.timeOf(2000)), until: 9000 }, 10_000, new HeightClock());
    expect(window).toMatchObject({ fromHeight: 1999, toHeight: 9000, estimated: false });
    expect(window.fromTime!.getTime()).toBe(chain.timeOf(2000));
    const clock = new HeightClock([{ height: 1, time: new Date(chain.timeOf(1)) }, { height: 10_000, time: new Date(chain.timeOf(10_000)) }]);
    const offline = resolveWindowOffline({ since: new Date(chain.timeOf(2000)) }, 10_000, clock);
    expect(offline.estimated).toBe(true);
    expect(Math.abs(offline.fromHeight - 1999)).toBeLessThanOrEqual(2);
    expect(offline.toHeight).toBe(10_000);
  });

  it("refuses a window that ends before it starts, starts in the future, or is not a height or time", async () => {
    const chain = fakeChain(10_000);
    await expect(resolveWindow(chain, { since: 5000, until: 4000 }, 10_000, new HeightClock())).rejects.toThrow(InvalidInputError);
    await expect(resolveWindow(chain, { since: new Date(chain.timeOf(10_000) + 60_000) }, 10_000, new HeightClock())).rejects.toThrow(/--since before --until, and --since not in the future/);
    await expect(resolveWindow(chain, { since: 20_000 }, 10_000, new HeightClock())).rejects.toThrow(/--since/);
    expect(parseWindowBound("--since", "h123")).toBe(123);
    expect(parseWindowBound("--since", "2026-05-01")).toEqual(new Date("2026-05-01T00:00:00Z"));
    expect(parseWindowBound("--until", "2026-05-01T12:30:00+02:00")).toEqual(new Date("2026-05-01T10:30:00Z"));
    expect(parseWindowBound("--until", "2026-05-01T12:30")).toEqual(new Date("2026-05-01T12:30:00Z")); // no zone: UTC
    expect(() => parseWindowBound("--until", "last tuesday")).toThrow(/--until[\s\S]*block height .* or a date/);
  });
});

describe("owner address", () => {
  it("accepts an akash address and refuses another chain's prefix or a typo, naming the flag", () => {
    expect(parseOwnerAddress(` ${OWNER} `)).toBe(OWNER);
    expect(() => parseOwnerAddress("cosmos1qurswpc8qurswpc8qurswpc8qurswpc8nn86qp")).toThrow(/--address[\s\S]*prefix "cosmos"/);
    const typo = `${OWNER.slice(0, -1)}n`;
    expect(() => parseOwnerAddress(typo)).toThrow(/valid checksum/);
  });
});

describe("fees", () => {
  const tx = (n: number, messages = ["/akash.market.v1beta5.MsgCreateLease"], code = 0): LookedUpTx => ({
    hash: n.toString(16).toUpperCase().padStart(64, "0"),
    height: 100 + n,
    code,
    fee: [{ denom: "uakt", amount: BigInt(1000 * n) }],
    messages,
  });
  /** A node holding `txs`, answering searches by page as CometBFT does, counting calls. */
  function node(txs: LookedUpTx[], refuse = false) {
    const calls = { tx: 0, search: 0 };
    const lookup: TxLookup = {
      tx: async (hash) => (calls.tx++, txs.find((t) => t.hash === hash)),
      search: async (_query, page, perPage) => {
        calls.search++;
        if (refuse) throw new CometRpcError("http://node", "tx_search", { code: -32603, message: "Internal error", data: "transaction indexing is disabled" });
        return { txs: txs.slice((page - 1) * perPage, page * perPage), totalCount: txs.length };
      },
    };
    return { lookup, calls };
  }

  it("by tx search: one query per page; failed txs paid their fee; txs of other kinds are marked", async () => {
    const txs = [tx(1), tx(2, ["/cosmos.bank.v1beta1.MsgSend", "/cosmos.gov.v1.MsgVote"]), tx(3, undefined, 11), tx(4), tx(5)];
    const { lookup, calls } = node(txs);
    const fees = await feesFromTxSearch(lookup, { address: OWNER, fromHeight: 0, toHeight: 200, perPage: 2 });
    expect(calls.search).toBe(3);
    expect(fees.txs.map((t) => [t.height, t.tool, t.failed])).toEqual([[101, true, false], [102, false, false], [103, true, true], [104, true, false], [105, true, false]]);
    expect(fees.totals).toEqual([{ denom: "uakt", amount: 15_000n }]);
  });

  it("a node that does not index transactions: a clear error with the way out", async () => {
    const error = await feesFromTxSearch(node([], true).lookup, { address: OWNER, fromHeight: 0, toHeight: 10 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TxSearchUnavailableError);
    expect((error as TxSearchUnavailableError).metaMessages.join("\n")).toMatch(/tx_index[\s\S]*deploy journal/);
  });

  it("from the journal: every recorded hash, looked up; those the node lacks are listed as missing", async () => {
    const stateDir = tempDir("fees-journal");
    const journal = Journal.open(stateDir, "akash-local-1", OWNER, 77n);
    journal.record("create", "done", { dseq: 77n, txHash: tx(1).hash.toLowerCase(), height: 101 });
    journal.record("lease", "done", { txHash: tx(2).hash });
    journal.record("close", "done", { txs: [tx(3).hash, "F".repeat(64)] });
    const { lookup } = node([tx(1), tx(2), tx(3)]);
    const fees = await feesFromJournal(lookup, { stateDir, chainId: "akash-local-1", owner: OWNER, fromHeight: 101, toHeight: 200 });
    expect(fees.source).toBe("journal");
    expect(fees.txs.map((t) => t.height)).toEqual([102, 103]); // 101 is outside (101, 200]
    expect(fees.missing).toEqual(["F".repeat(64)]);
  });
});
