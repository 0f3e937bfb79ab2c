/**
 * listLeases against an in-process devnet: an active lease and its escrow payment, a closed lease (closedOn,
 * close reason, what settlement paid), a lease the provider reclaims (state 4 and Lease.reclamation, which
 * chain-sdk alpha.25 cannot decode itself), a lease closed for insufficient funds, filters and pagination.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { SDKErrorCode } from "@akashnetwork/chain-sdk";
import { StargateClient } from "@cosmjs/stargate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuerySdk, type QuerySdk } from "../../src/chain/query-sdk.js";
import { ChainQueryError, getDeployment, listDeployments, listLeases } from "../../src/chain/queries/index.js";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { chainSdk } from "../devnet/clients.js";
import { deployAndLease, fleetWith, LUXE_PROVIDER, renderOrder, waitFor, waitForHeight, type Client, type Order } from "../devnet/devnet-harness.js";
import { startGrpcCounter, type GrpcCounter } from "./grpc-counter.js";

const BLOCK_MS = 100;
/** Providers withdraw (and so settle the escrow account) every PERIOD blocks of a lease. */
const PERIOD = 10;
const DEPOSIT = "5000000";

let devnet: Devnet;
let client: Client;
let counter: GrpcCounter;
let sdk: QuerySdk;
let order: Order;
let fleetFile: string;
let stargate: StargateClient;

beforeAll(async () => {
  fleetFile = fleetWith(LUXE_PROVIDER);
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, withdrawPeriodBlocks: PERIOD, providersFile: fleetFile });
  client = chainSdk(devnet, devnet.mnemonic);
  counter = await startGrpcCounter(devnet.grpc);
  sdk = createQuerySdk(counter.url);
  stargate = await StargateClient.connect(devnet.rpc);
  order = await renderOrder(BLOCK_MS);
});

afterAll(async () => {
  stargate?.disconnect();
  await client?.signer.disconnect();
  await counter?.close();
  await devnet?.stop();
  if (fleetFile) rmSync(dirname(fleetFile), { recursive: true, force: true });
});

const owner = () => devnet.address;
const uact = (amount: Dec | string) => ({ denom: "uact", amount: Dec.from(amount) });
/** What the settlements of a lease paid over `blocks` blocks: one every PERIOD blocks and one at the end, each rate × Δ truncated. */
const paidOver = (price: Dec, blocks: number) => {
  const full = Math.floor((blocks - 1) / PERIOD);
  return price.mul(PERIOD).truncate(0).mul(full).add(price.mul(blocks - PERIOD * full).truncate(0));
};
const leaseOf = async (dseq: bigint, querySdk = sdk) => {
  const leases = await listLeases(querySdk, { owner: owner(), dseq });
  expect(leases).toHaveLength(1);
  return leases[0]!;
};

describe("listLeases", () => {
  it("an active lease: its id, price and height, and its escrow payment as of the account's last settlement", async () => {
    const { dseq, bid, createdAt, price } = await deployAndLease(client.sdk, owner(), order, { deposit: DEPOSIT });
    // Wait past a provider withdrawal so the payment has moved; read lease and deployment between two settlements.
    const { lease, deployment } = await waitFor("a settlement after the lease", async () => {
      const before = await getDeployment(sdk, { owner: owner(), dseq });
      const lease = await leaseOf(dseq);
      const after = await getDeployment(sdk, { owner: owner(), dseq });
      return after!.escrow!.settledAt > createdAt && before!.escrow!.settledAt === after!.escrow!.settledAt ? { lease, deployment: after! } : undefined;
    });
    const id = bid.id!;
    expect(lease.id).toEqual({ owner: owner(), dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq });
    expect(lease.state).toBe("active");
    expect(lease.price).toEqual(uact(price));
    expect(lease.createdAt).toBe(createdAt);
    expect(lease.closedOn).toBe(0);
    expect(lease.closeReason).toBeUndefined();
    expect(lease.reclamation).toBeUndefined();

    const settledAt = deployment.escrow!.settledAt;
    const paid = paidOver(price, settledAt - createdAt);
    expect((settledAt - createdAt) % PERIOD).toBe(0);
    expect(lease.payment).toEqual({ state: "open", withdrawn: uact(paid), balance: uact("0"), settledAt });
    expect(deployment.escrow).toMatchObject({ state: "open", transferred: uact(paid), funds: uact(Dec.parse(DEPOSIT).sub(paid)), deposited: uact(Dec.parse(DEPOSIT).sub(paid)), settledAt });
    await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
  });

  it("a lease the owner closed: closedOn, the reason, and the escrow paid up to the close and no further", async () => {
    const { dseq, bid, createdAt, price } = await deployAndLease(client.sdk, owner(), order, { deposit: DEPOSIT });
    const id = bid.id!;
    await client.sdk.akash.market.v1beta5.closeLease({ id: { owner: owner(), dseq, gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq }, reason: 1 });
    const lease = await leaseOf(dseq);
    expect(lease.state).toBe("closed");
    expect(lease.closedOn).toBeGreaterThan(createdAt);
    expect(lease.closeReason).toBe("owner");

    const paid = paidOver(price, lease.closedOn - createdAt);
    expect(lease.payment).toEqual({ state: "closed", withdrawn: uact(paid), balance: uact("0"), settledAt: lease.closedOn });
    const deployment = await getDeployment(sdk, { owner: owner(), dseq });
    expect(deployment!.escrow).toMatchObject({ transferred: uact(paid), funds: uact(Dec.parse(DEPOSIT).sub(paid)), settledAt: lease.closedOn });
    // Closed: nothing accrues any more, not even past the next time the provider would have withdrawn.
    await waitForHeight(stargate, lease.closedOn + PERIOD + 1);
    expect(await leaseOf(dseq)).toEqual(lease);
    expect((await getDeployment(sdk, { owner: owner(), dseq }))!.escrow!.settledAt).toBe(lease.closedOn);
    await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
  });

  it("a lease the provider reclaims: state reclaiming with its deadline, reason and start height (Lease field 7)", async () => {
    const { dseq, bid, createdAt } = await deployAndLease(client.sdk, owner(), order, { deposit: DEPOSIT });
    const name = devnet.providers.find((p) => p.owner === bid.id!.provider)!.name;
    const asked = Math.floor(Date.now() / 1000);
    const reply = await fetch(`${devnet.admin}/providers/${name}/reclaim`, { method: "POST", body: JSON.stringify({ owner: owner(), dseq: dseq.toString(), gseq: 1, oseq: 1, deadlineSeconds: 3600 }) });
    expect(reply.status).toBe(200);
    const { deadline } = (await reply.json()) as { deadline: number };

    const lease = await leaseOf(dseq);
    expect(lease.state).toBe("reclaiming");
    expect(lease.reclamation).toEqual({ deadline: new Date(deadline * 1000), reason: "decommission", startedAt: expect.any(Number), windowSeconds: expect.any(Number) });
    expect(lease.reclamation!.startedAt).toBeGreaterThan(createdAt);
    expect(lease.reclamation!.windowSeconds).toBeGreaterThan(3600 - 60);
    expect(lease.reclamation!.windowSeconds).toBeLessThanOrEqual(deadline - asked + 1);
    expect(lease.closedOn).toBe(0);
    expect(lease.payment?.state).toBe("open");

    expect((await listLeases(sdk, { owner: owner(), state: "reclaiming" })).map((l) => l.id.dseq)).toEqual([dseq]);
    // An SDK from elsewhere (endpoint unknown) reads the state through chain-sdk, which cannot see the deadline.
    expect((await leaseOf(dseq, client.sdk)).reclamation).toEqual({ deadline: undefined, reason: "unknown" });
    expect((await leaseOf(dseq, client.sdk)).state).toBe("reclaiming");
  });

  it("a lease whose escrow ran dry: insufficient_funds, the account overdrawn", async () => {
    const dear = await renderOrder(BLOCK_MS, { region: "lux-1", maxUsdPerHour: "1000" });
    const luxe = devnet.providers.find((p) => p.name === "luxe")!.owner;
    const { dseq } = await deployAndLease(client.sdk, owner(), dear, { deposit: "500000", pick: (bids) => bids.find((b) => b.id!.provider === luxe)! });
    const lease = await waitFor("the lease to run out of funds", async () => {
      const lease = await leaseOf(dseq);
      return lease.state === "active" ? undefined : lease;
    });
    expect(lease).toMatchObject({ state: "insufficient_funds", closeReason: "insufficient_funds", payment: { state: "overdrawn" } });
    expect(lease.closedOn).toBeGreaterThan(lease.createdAt);
    const deployment = await getDeployment(sdk, { owner: owner(), dseq });
    expect(deployment!.escrow!.state).toBe("overdrawn");
    expect(deployment!.escrow!.transferred).toEqual(uact("500000"));
  });

  it("reads every page, one Leases query per page, and the settlement heights from one paged deployment listing", async () => {
    const all = await listLeases(sdk, { owner: owner() });
    expect(all.length).toBeGreaterThanOrEqual(4);
    const deployments = new Set(all.map((l) => l.id.dseq));

    // The reclaiming lease is still paid for (and settled every PERIOD blocks): bracket the listing.
    const settledAt = async () => new Map((await listDeployments(sdk, { owner: owner() })).map((d) => [d.id.dseq, d.escrow!.settledAt]));
    const before = await settledAt();
    counter.reset();
    const paged = await listLeases(sdk, { owner: owner(), pageSize: 2 });
    expect(counter.count("Leases")).toBe(Math.ceil(all.length / 2));
    expect(counter.count("Deployment")).toBe(0);
    expect(counter.count("Deployments")).toBeGreaterThanOrEqual(Math.ceil(deployments.size / 2));
    const after = await settledAt();
    expect(paged.map((l) => l.id)).toEqual(all.map((l) => l.id));
    expect(paged.find((l) => l.state === "reclaiming")?.reclamation?.deadline).toBeInstanceOf(Date);
    for (const lease of paged) {
      expect(lease.payment!.settledAt).toBeGreaterThanOrEqual(before.get(lease.id.dseq)!);
      expect(lease.payment!.settledAt).toBeLessThanOrEqual(after.get(lease.id.dseq)!);
      if (lease.state !== "reclaiming") expect(lease.payment!.settledAt).toBe(after.get(lease.id.dseq));
    }

    counter.reset();
    const one = await listLeases(sdk, { owner: owner(), dseq: all[0]!.id.dseq });
    expect(one.map((l) => l.id)).toEqual([all[0]!.id]);
    expect(counter.count("Deployment")).toBe(1);
    expect(counter.count("Deployments")).toBe(0);
  });

  it("filters by state and provider; nothing for an owner without leases", async () => {
    const all = await listLeases(sdk, { owner: owner() });
    for (const state of ["active", "closed", "reclaiming", "insufficient_funds"] as const) {
      expect((await listLeases(sdk, { owner: owner(), state })).map((l) => l.id)).toEqual(all.filter((l) => l.state === state).map((l) => l.id));
    }
    const provider = all[0]!.id.provider;
    expect((await listLeases(sdk, { owner: owner(), provider })).map((l) => l.id)).toEqual(all.filter((l) => l.id.provider === provider).map((l) => l.id));
    expect(await listLeases(sdk, { owner: devnet.providers[0]!.owner })).toEqual([]);
  });

  it("a reclaimed lease that closes keeps its reclamation: why it went away", async () => {
    const reclaiming = (await listLeases(sdk, { owner: owner(), state: "reclaiming" }))[0]!;
    await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq: reclaiming.id.dseq } });
    const closed = await leaseOf(reclaiming.id.dseq);
    expect(closed.state).toBe("closed");
    expect(closed.closedOn).toBeGreaterThan(0);
    expect(closed.reclamation).toEqual(reclaiming.reclamation);
  });

  it("an unreachable endpoint: the typed error, from the raw lease query too", async () => {
    const unreachable = createQuerySdk("http://127.0.0.1:1", 2_000);
    const error = await listLeases(unreachable, { owner: owner() }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AkashGpuError);
    expect((error as AkashGpuError).shortMessage).toBe(`Cannot query leases of ${owner()} from http://127.0.0.1:1`);
    expect((error as AkashGpuError).metaMessages.join("\n")).toMatch(/AKASH_GRPC, --grpc/);
    expect((error as AkashGpuError).metaMessages.join("\n")).toMatch(/found: no connection/);
    expect((error as AkashGpuError).details).toMatch(/ECONNREFUSED/);
  });

  it("a node behind a load balancer with no healthy backend (HTTP 503): the typed error", async () => {
    await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ unavailable: true }) });
    try {
      const error = await listLeases(sdk, { owner: owner(), dseq: 7n }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AkashGpuError);
      expect((error as AkashGpuError).shortMessage).toBe(`Cannot query leases of ${owner()}/7 from ${counter.url}`);
      expect((error as AkashGpuError).metaMessages.join("\n")).toMatch(/found: no connection/);
      expect((error as AkashGpuError).details).toBe("[unavailable] HTTP 503");
      expect((error as ChainQueryError).code).toBe(SDKErrorCode.Unavailable);
    } finally {
      await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ unavailable: false }) });
    }
  });

  it("a node that does not answer: the raw lease query gives up after the timeout", async () => {
    const slow = createQuerySdk(devnet.grpc, 300);
    await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ timeout: true }) });
    try {
      const error = await listLeases(slow, { owner: owner() }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(AkashGpuError);
      expect((error as AkashGpuError).metaMessages).toContain("found: no answer within the timeout");
      expect((error as AkashGpuError).details).toMatch(/deadline_exceeded/);
    } finally {
      await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ timeout: false }) });
    }
  });
});
