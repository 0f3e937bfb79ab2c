/**
 * The typed read-only queries (src/chain/queries) against an in-process devnet: deployments with groups and
 * escrow, pagination, bids, deployment parameters, providers with auditors, not-found, and endpoint failures.
 * Transactions go through chain-sdk's own signer (test/devnet/clients.ts); queries through createQuerySdk,
 * behind a proxy that counts gRPC calls.
 */
import { createServer } from "node:net";
import { SDKErrorCode } from "@akashnetwork/chain-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuerySdk, type QuerySdk } from "../../src/chain/query-sdk.js";
import { ChainQueryError, getDeployment, getDeploymentParams, getProvider, listBids, listDeployments, listProviders, minDepositIn } from "../../src/chain/queries/index.js";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { AKASH_AUDITOR } from "../../src/sdl/render-params.js";
import { chainSdk } from "../devnet/clients.js";
import { deploymentMsg, nextDseq, openBids, renderOrder, waitFor, type Client, type Order } from "../devnet/devnet-harness.js";
import { startGrpcCounter, type GrpcCounter } from "./grpc-counter.js";

const BLOCK_MS = 100;

let devnet: Devnet;
let client: Client;
let counter: GrpcCounter;
let sdk: QuerySdk;
let order: Order;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  client = chainSdk(devnet, devnet.mnemonic);
  counter = await startGrpcCounter(devnet.grpc);
  sdk = createQuerySdk(counter.url);
  order = await renderOrder(BLOCK_MS);
});

afterAll(async () => {
  await client?.signer.disconnect();
  await counter?.close();
  await devnet?.stop();
});

const owner = () => devnet.address;
const uact = (amount: string) => ({ denom: "uact", amount: Dec.parse(amount) });
const deploy = async (groups = order.groupSpecs, deposit = "5000000") => {
  const dseq = nextDseq();
  await client.sdk.akash.deployment.v1beta4.createDeployment({ ...deploymentMsg(owner(), dseq, order, { denom: "uact", amount: deposit }), groups });
  return dseq;
};

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(attempt: Promise<unknown>): Promise<AkashGpuError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AkashGpuError)) throw new Error(`expected an AkashGpuError, got ${String(error)}`);
  return error;
}

describe("getDeployment", () => {
  it("returns the deployment with its groups (names, GPU models and count, max price) and its escrow account", async () => {
    const [spec] = order.groupSpecs;
    const unit = spec!.resources[0]!;
    const twoGpuUnit = { ...unit, count: 2, resource: { ...unit.resource!, gpu: { units: { val: new TextEncoder().encode("2") }, attributes: [{ key: "vendor/nvidia/model/h100/ram/80Gi", value: "true" }, { key: "vendor/nvidia/model/a100", value: "true" }] } } };
    const groups = [{ ...spec!, name: "akash-gpu.run-42", resources: [twoGpuUnit] }, { ...spec!, name: "akash-gpu.run-42.spare" }];
    const dseq = await deploy(groups, "7000000");

    const deployment = await getDeployment(sdk, { owner: owner(), dseq });
    if (!deployment) throw new Error("the deployment must be found");
    expect(deployment.id).toEqual({ owner: owner(), dseq });
    expect(deployment.state).toBe("active");
    expect(deployment.hash).toBe(order.manifestVersion);
    expect(deployment.createdAt).toBeGreaterThan(0);
    const unitPrice = Dec.parse(unit.price!.amount);
    expect(deployment.groups).toEqual([
      { gseq: 1, name: "akash-gpu.run-42", state: "open", gpuModels: ["h100", "a100"], gpuCount: 4, maxPrice: { denom: "uact", amount: unitPrice.mul(2) } },
      { gseq: 2, name: "akash-gpu.run-42.spare", state: "open", gpuModels: ["h100"], gpuCount: 1, maxPrice: { denom: "uact", amount: unitPrice } },
    ]);
    // No lease yet: nothing paid, the account settled when it was created.
    expect(deployment.escrow).toEqual({
      state: "open",
      funds: uact("7000000"),
      transferred: uact("0"),
      settledAt: deployment.createdAt,
      deposited: uact("7000000"),
      deposits: [{ owner: owner(), height: deployment.createdAt, balance: uact("7000000") }],
    });
  });

  it("shows a closed deployment as closed, its groups closed and its escrow account closed and emptied", async () => {
    const dseq = await deploy();
    await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
    const deployment = await getDeployment(sdk, { owner: owner(), dseq });
    expect(deployment?.state).toBe("closed");
    expect(deployment?.groups.map((g) => g.state)).toEqual(["closed"]);
    expect(deployment?.escrow).toMatchObject({ state: "closed", funds: uact("0"), transferred: uact("0"), deposited: uact("0"), deposits: [] });
  });

  it("returns undefined for a deployment the chain does not have", async () => {
    expect(await getDeployment(sdk, { owner: owner(), dseq: 1n })).toBeUndefined();
  });
});

describe("listDeployments", () => {
  it("reads every page, one query per page, with groups and escrow included", async () => {
    for (let i = 0; i < 5; i++) await deploy();
    const all = await listDeployments(sdk, { owner: owner() });
    expect(all.length).toBeGreaterThanOrEqual(7);

    counter.reset();
    const paged = await listDeployments(sdk, { owner: owner(), pageSize: 2 });
    expect(counter.count("Deployments")).toBe(Math.ceil(all.length / 2));
    expect(counter.count("Deployment")).toBe(0);
    expect(paged).toEqual(all);
    expect(new Set(paged.map((d) => d.id.dseq)).size).toBe(all.length);
    for (const d of paged) {
      expect(d.escrow).toBeDefined();
      expect(d.groups.length).toBeGreaterThan(0);
      expect(await getDeployment(sdk, d.id)).toEqual(d);
    }
  });

  it("filters by state", async () => {
    const active = await listDeployments(sdk, { owner: owner(), state: "active", pageSize: 3 });
    const closed = await listDeployments(sdk, { owner: owner(), state: "closed", pageSize: 3 });
    const all = await listDeployments(sdk, { owner: owner() });
    expect(active.every((d) => d.state === "active")).toBe(true);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(closed.every((d) => d.state === "closed")).toBe(true);
    expect(active.length + closed.length).toBe(all.length);
  });

  it("returns an empty list for an owner with no deployments, and refuses a page size of 0", async () => {
    expect(await listDeployments(sdk, { owner: devnet.providers[0]!.owner })).toEqual([]);
    await expect(listDeployments(sdk, { owner: owner(), pageSize: 0 })).rejects.toThrow(RangeError);
  });
});

describe("listBids", () => {
  it("returns every bid on the deployment over several pages, as chain-sdk reads them", async () => {
    // Open bids hold provider capacity: close what earlier tests left open so every provider can bid.
    for (const d of await listDeployments(sdk, { owner: owner(), state: "active" })) await client.sdk.akash.deployment.v1beta4.closeDeployment({ id: d.id });
    const dseq = await deploy();
    await openBids(client.sdk, owner(), dseq, 3);
    const rawBids = async () => (await client.sdk.akash.market.v1beta5.getBids({ filters: { owner: owner(), dseq } })).bids.map((b) => b.bid!);
    // Providers bid within a few blocks; compare once no bid arrived around the listing.
    const { raw, bids, queries } = await waitFor("the bids to settle", async () => {
      const before = await rawBids();
      counter.reset();
      const listed = await listBids(sdk, { owner: owner(), dseq, pageSize: 1 });
      const queries = counter.count("Bids");
      const after = await rawBids();
      return before.length === after.length && listed.length === after.length ? { raw: after, bids: listed, queries } : undefined;
    });
    expect(raw.length).toBeGreaterThanOrEqual(3);
    expect(queries).toBe(raw.length);
    expect(bids).toEqual(
      raw.map((b) => ({
        id: { owner: owner(), dseq, gseq: 1, oseq: 1, provider: b.id!.provider, bseq: b.id!.bseq },
        state: "open",
        price: { denom: "uact", amount: Dec.parse(b.price!.amount) },
        createdAt: Number(b.createdAt.toString()),
      })),
    );
    const providers = new Set(devnet.providers.map((p) => p.owner));
    expect(bids.every((b) => providers.has(b.id.provider) && b.price.amount.cmp(0) > 0 && b.createdAt > 0)).toBe(true);

    await client.sdk.akash.market.v1beta5.createLease({ bidId: raw[0]!.id! });
    const after = await listBids(sdk, { owner: owner(), dseq });
    expect(after.find((b) => b.id.provider === raw[0]!.id!.provider)?.state).toBe("active");
    expect(after.filter((b) => b.id.provider !== raw[0]!.id!.provider).every((b) => b.state === "lost" || b.state === "closed")).toBe(true);
    expect(await listBids(sdk, { owner: owner(), dseq, state: "active" })).toHaveLength(1);
  });

  it("returns no bids for a deployment that does not exist", async () => {
    expect(await listBids(sdk, { owner: owner(), dseq: 2n })).toEqual([]);
  });
});

describe("getDeploymentParams", () => {
  it("reads the minimum deposits from the chain", async () => {
    const params = await getDeploymentParams(sdk);
    expect(params.minDeposits).toEqual([uact("500000"), { denom: "uakt", amount: Dec.parse("500000") }]);
    expect(minDepositIn(params, "uact")).toEqual(uact("500000"));
    expect(minDepositIn(params, "ibc/unknown")).toBeUndefined();
  });
});

describe("providers", () => {
  it("getProvider returns host URI, attributes, region and the auditors that signed the provider", async () => {
    for (const described of devnet.providers) {
      const info = await getProvider(sdk, described.owner);
      expect(info).toMatchObject({ owner: described.owner, hostUri: described.hostUri, region: described.region, auditors: described.audited ? [AKASH_AUDITOR] : [] });
      expect(info!.attributes).toMatchObject({ host: "akash", organization: described.name, region: described.region, tier: described.tier });
      for (const gpu of described.gpus) expect(info!.attributes[`capabilities/gpu/vendor/nvidia/model/${gpu.model}`]).toBe("true");
    }
  });

  it("listProviders reads every page of providers and of audits, and matches getProvider", async () => {
    counter.reset();
    const providers = await listProviders(sdk, { pageSize: 2 });
    expect(counter.count("Providers")).toBe(Math.ceil(devnet.providers.length / 2));
    expect(counter.count("AllProvidersAttributes")).toBe(Math.ceil(devnet.providers.filter((p) => p.audited).length / 2));
    expect(counter.count("ProviderAttributes")).toBe(0);
    expect(providers.map((p) => p.owner).sort()).toEqual(devnet.providers.map((p) => p.owner).sort());
    for (const provider of providers) expect(provider).toEqual(await getProvider(sdk, provider.owner));
  });

  it("returns undefined for an address with no provider", async () => {
    expect(await getProvider(sdk, owner())).toBeUndefined();
  });
});

describe("endpoint failures", () => {
  it("an unreachable endpoint: a typed error naming the query, the URL, AKASH_GRPC / --grpc and the cause", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = createQuerySdk(url, 2_000);
    const error = await failure(getDeployment(unreachable, { owner: owner(), dseq: 5n }));
    expect(error.shortMessage).toBe(`Cannot query deployment ${owner()}/5 from ${url}`);
    expect(error.metaMessages.join("\n")).toMatch(/AKASH_GRPC, --grpc/);
    expect(error.metaMessages.join("\n")).toMatch(/found: no connection/);
    expect(error.details).toBe("[unavailable] connect ECONNREFUSED " + url.slice("http://".length));
    expect(error.cause).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ChainQueryError);
    expect((error as ChainQueryError).code).toBe(SDKErrorCode.Unavailable);

    for (const attempt of [listDeployments(unreachable, { owner: owner() }), listBids(unreachable, { owner: owner(), dseq: 5n }), getProvider(unreachable, owner()), listProviders(unreachable), getDeploymentParams(unreachable)]) {
      expect((await failure(attempt)).shortMessage).toMatch(new RegExp(`^Cannot query .+ from ${url}$`));
    }
  });

  it("a node that does not answer: the query gives up after the SDK's timeout with the same typed error", async () => {
    const slow = createQuerySdk(devnet.grpc, 300);
    await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ timeout: true }) });
    try {
      const error = await failure(getDeploymentParams(slow));
      expect(error.shortMessage).toBe(`Cannot query deployment parameters from ${devnet.grpc}`);
      expect(error.metaMessages).toContain("found: no answer within the timeout");
      expect((error as ChainQueryError).code).toBe(SDKErrorCode.DeadlineExceeded);
      expect(error.details).toMatch(/deadline_exceeded/);
    } finally {
      await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ timeout: false }) });
    }
  });

  it("an SDK created elsewhere still queries; its errors name AKASH_GRPC instead of a URL", async () => {
    expect((await getDeploymentParams(client.sdk)).minDeposits).toHaveLength(2);
    await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ unavailable: true }) });
    try {
      const error = await failure(getDeploymentParams(client.sdk));
      expect(error.shortMessage).toBe("Cannot query deployment parameters from the gRPC endpoint (AKASH_GRPC / --grpc)");
    } finally {
      await fetch(`${devnet.admin}/faults/rpc`, { method: "PUT", body: JSON.stringify({ unavailable: false }) });
    }
  });
});
