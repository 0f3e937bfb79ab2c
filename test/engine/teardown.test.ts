/**
 * Selection and teardown from chain data alone (a client that never deployed anything: no state dir, no
 * journal), against an in-process devnet: by label, by run id, by age; 60 deployments in at most two
 * transactions; closes that meet deployments already closed, or unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { getDeployment } from "../../src/chain/queries/index.js";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { closeDeployments } from "../../src/engine/close-deployments.js";
import { costPerHour } from "../../src/engine/escrow-runway.js";
import { parseLabels } from "../../src/engine/labels.js";
import { listDeploymentViews, type ReadChain } from "../../src/engine/select-deployments.js";
import { planTeardown, teardown } from "../../src/engine/teardown.js";
import { clientFor } from "../chain/helpers.js";
import { createDeployments, labelledOrder, leaseFor, waitFor } from "./deployment-helpers.js";

const BLOCK_MS = 200;
let devnet: Devnet;
let creator: ChainClient;
/** A second client of the same wallet: it knows nothing but the chain, as a fresh CI runner. */
let fresh: ChainClient;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  ({ client: creator } = await clientFor(devnet));
  ({ client: fresh } = await clientFor(devnet));
});

afterAll(async () => {
  await creator?.disconnect();
  await fresh?.disconnect();
  await devnet?.stop();
});

const stateOf = async (dseq: bigint) => (await getDeployment(fresh.sdk, { owner: fresh.address, dseq }))?.state;
const dseqsOf = (plan: Awaited<ReturnType<typeof planTeardown>>) => plan.selected.map((v) => v.deployment.id.dseq);

describe("teardown", () => {
  it("refuses to run without a selector, naming the flags", async () => {
    const error = await planTeardown(fresh, { labels: {} }, BLOCK_MS).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/--label[\s\S]*--run-id[\s\S]*--older-than[\s\S]*--all/);
  });

  it("by label: closes the matching deployments (leased or not), leaves the others open, and knew what they cost", async () => {
    const [ml1, ml2] = await createDeployments(creator, await labelledOrder(BLOCK_MS, { team: "ml", env: "ci" }), 2);
    const [web] = await createDeployments(creator, await labelledOrder(BLOCK_MS, { team: "web" }), 1);
    const [plain] = await createDeployments(creator, await labelledOrder(BLOCK_MS, {}), 1);
    const lease = await leaseFor(creator, ml1!);

    const plan = await planTeardown(fresh, { labels: { team: "ml" } }, BLOCK_MS);
    expect(dseqsOf(plan)).toEqual([ml1, ml2]);
    expect(plan.selected[0]!.labels).toEqual({ team: "ml", env: "ci" });
    expect(plan.pricePerBlock.toString()).toBe(lease.price.amount.toString());
    expect(plan.costPerHour.toString()).toBe(costPerHour(lease.price.amount, BLOCK_MS).toString());

    const result = await teardown(fresh, plan);
    expect(result.closed).toEqual([ml1, ml2]);
    expect(result.failed).toEqual([]);
    expect(result.txs).toHaveLength(1);
    expect(result.refunded).toBeGreaterThan(500_000n); // the unleased one whole, the leased one less what its lease was paid
    expect(result.refunded).toBeLessThan(1_000_000n);
    for (const dseq of [ml1, ml2]) expect(await stateOf(dseq!)).toBe("closed");
    for (const dseq of [web, plain]) expect(await stateOf(dseq!)).toBe("active");
    // Closed ones are no longer selected.
    expect(dseqsOf(await planTeardown(fresh, { labels: { team: "ml" } }, BLOCK_MS))).toEqual([]);
    await closeDeployments(fresh, [web!, plain!]);
  });

  it("by run id: only that run's deployments", async () => {
    const mine = await createDeployments(creator, await labelledOrder(BLOCK_MS, parseLabels(["team=ml"], "4242")), 2);
    const [other] = await createDeployments(creator, await labelledOrder(BLOCK_MS, parseLabels([], "4243")), 1);
    const plan = await planTeardown(fresh, { labels: parseLabels([], "4242") }, BLOCK_MS);
    expect(dseqsOf(plan)).toEqual(mine);
    expect((await teardown(fresh, plan)).closed).toEqual(mine);
    expect(await stateOf(other!)).toBe("active");
    await closeDeployments(fresh, [other!]);
  });

  it("by age: from the block header time of each deployment's created height", async () => {
    const [old] = await createDeployments(creator, await labelledOrder(BLOCK_MS, { age: "test" }), 1);
    const oldCreated = (await getDeployment(fresh.sdk, { owner: fresh.address, dseq: old! }))!.createdAt;
    const oldTime = await fresh.blockTime(oldCreated);
    // Five seconds of chain time later, a young one.
    await waitFor("5 s of chain time", async () => ((await fresh.blockTime(await fresh.height())).getTime() - oldTime.getTime() >= 5000 ? true : undefined));
    const [young] = await createDeployments(creator, await labelledOrder(BLOCK_MS, { age: "test" }), 1);
    const youngTime = await fresh.blockTime((await getDeployment(fresh.sdk, { owner: fresh.address, dseq: young! }))!.createdAt);
    // Older than the gap between the two (≥ 5 s): the old one is, the young one will not be for as long again.
    const olderThanMs = youngTime.getTime() - oldTime.getTime();

    const plan = await planTeardown(fresh, { labels: { age: "test" }, olderThanMs }, BLOCK_MS);
    const head = await fresh.blockTime(plan.height);
    const view = (dseq: bigint) => plan.selected.find((v) => v.deployment.id.dseq === dseq);
    expect(view(old!)?.createdTime).toEqual(oldTime);
    expect(view(old!)?.createdTimeEstimated).toBe(false);
    expect(view(old!)?.ageMs).toBe(head.getTime() - oldTime.getTime());
    expect(head.getTime() - youngTime.getTime()).toBeLessThan(olderThanMs); // the plan was made well within 5 s
    expect(view(young!)).toBeUndefined();

    expect((await teardown(fresh, plan)).closed).toEqual([old]);
    expect(await stateOf(young!)).toBe("active");
    await closeDeployments(fresh, [young!]);
  });

  it("by age on a pruned node: a created time it no longer serves is estimated from the block time", async () => {
    const [dseq] = await createDeployments(creator, await labelledOrder(BLOCK_MS, { pruned: "yes" }), 1);
    const head = await fresh.waitForBlock(await fresh.height()); // a block after the one it was created in
    const pruned: ReadChain = { address: fresh.address, sdk: fresh.sdk, height: async () => head, blockTime: (h) => (h === head ? fresh.blockTime(h) : Promise.reject(new Error("height is not available"))) };
    const { views } = await listDeploymentViews(pruned, { blockTimeMs: 1000 });
    const view = views.find((v) => v.deployment.id.dseq === dseq)!;
    expect(view.createdTimeEstimated).toBe(true);
    expect(view.ageMs).toBe((head - view.deployment.createdAt) * 1000);
    await closeDeployments(fresh, [dseq!]);
  });

  it("closes 60 deployments in at most two transactions and refunds every deposit", async () => {
    const order = await labelledOrder(BLOCK_MS, parseLabels([], "sixty"));
    const dseqs = await createDeployments(creator, order, 60);
    const plan = await planTeardown(fresh, { labels: { run: "sixty" } }, BLOCK_MS);
    expect(plan.selected).toHaveLength(60);
    const result = await teardown(fresh, plan);
    expect(result.txs.length).toBeLessThanOrEqual(2);
    expect(result.closed).toEqual(dseqs);
    expect(result.failed).toEqual([]);
    expect(result.refunded).toBe(60n * 500_000n); // nothing was leased: every deposit comes back whole
    expect(plan.pricePerBlock.cmp(Dec.zero)).toBe(0);
  });

  it("--all selects every open deployment; nothing when none is open", async () => {
    const made = await createDeployments(creator, await labelledOrder(BLOCK_MS, {}), 2);
    const plan = await planTeardown(fresh, { labels: {}, all: true }, BLOCK_MS);
    expect(dseqsOf(plan)).toEqual(made);
    await teardown(fresh, plan);
    const none = await planTeardown(fresh, { labels: {}, all: true }, BLOCK_MS);
    expect(none.selected).toEqual([]);
    expect(await teardown(fresh, none)).toEqual({ closed: [], skipped: [], txs: [], refunded: 0n, failed: [] });
  });
});

describe("closeDeployments", () => {
  it("skips a deployment closed before, fails an unknown one without sending it, closes the rest", async () => {
    const [first, second, third] = await createDeployments(creator, await labelledOrder(BLOCK_MS, {}), 3);
    expect((await closeDeployments(fresh, [first!])).closed).toEqual([first]);
    const result = await closeDeployments(fresh, [first!, second!, third!, 777n]);
    expect(result.closed).toEqual([second, third]);
    expect(result.skipped).toEqual([first]);
    expect(result.failed.map((f) => f.dseq)).toEqual([777n]);
    expect(result.failed[0]!.error.shortMessage).toContain("No deployment 777");
    expect(result.txs).toHaveLength(1);
    expect(result.refunded).toBe(1_000_000n);
  });
});
