import { createConnection } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { params } from "../sdl/helpers.js";
import { chainSdk } from "./clients.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ReturnType<typeof chainSdk>;
const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, workloadLoadDelayMs: 100, faults: { providers: { sierra: { neverBids: true } } } });
  client = chainSdk(devnet, devnet.mnemonic);
});

afterAll(async () => {
  await client?.signer.disconnect();
  await devnet?.stop();
});

const owner = () => devnet.address;
const provider = (name: string) => devnet.providers.find((p) => p.name === name)!;
const admin = (method: string, path: string, body?: unknown) => fetch(`${devnet.admin}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

async function deployH100(dseq: bigint) {
  const analysis = await analyzeSdl(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5" }), price).yaml, price);
  if (!analysis.valid) throw new Error("invalid SDL");
  await client.sdk.akash.deployment.v1beta4.createDeployment({ id: { owner: owner(), dseq }, groups: analysis.groupSpecs, hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: "5000000" }, sources: [1] } });
  const created = devnet.chain.height;
  while (devnet.chain.height < created + 3) await new Promise((r) => setTimeout(r, 50));
  return (await client.sdk.akash.market.v1beta5.getBids({ filters: { owner: owner(), dseq, state: "open" } })).bids.map((b) => b.bid!);
}

/** Opens a TCP connection to a loopback port: "connected" or the error code. */
function connect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

describe("devnet faults, at start and at run time", () => {
  it("a provider told never to bid stays silent; the others bid", async () => {
    const bidders = (await deployH100(1n)).map((b) => b.id!.provider);
    expect(bidders).not.toContain(provider("sierra").owner);
    expect(bidders).toContain(provider("hudson").owner);
  });

  it("switches faults through the control API while running", async () => {
    expect((await admin("PUT", "/faults/providers/hudson", { neverBids: true })).status).toBe(200);
    expect((await deployH100(2n)).map((b) => b.id!.provider)).not.toContain(provider("hudson").owner);
    const faults = (await (await admin("GET", "/faults")).json()) as { providers: Record<string, { neverBids: boolean }> };
    expect(faults.providers.hudson!.neverBids).toBe(true);
    await admin("PUT", "/faults/providers/hudson", { neverBids: false });

    const port = Number(new URL(provider("rhine").hostUri).port);
    expect(await connect(port)).toBe("connected");
    await admin("PUT", "/faults/providers/rhine", { down: true });
    expect(await connect(port)).toBe("ECONNREFUSED");
    await admin("PUT", "/faults/providers/rhine", { down: false });
    expect(await connect(port)).toBe("connected");

    await admin("PUT", "/faults/rpc", { unavailable: true, forMs: 400 });
    expect((await fetch(devnet.rpc, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: {} }) })).status).toBe(503);
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(devnet.rpc, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: {} }) })).status).toBe(200);
  });

  it("a provider starts reclaiming a lease: state reclaiming, with a deadline", async () => {
    const bid = (await deployH100(3n)).find((b) => b.id!.provider === provider("fjord").owner)!;
    await client.sdk.akash.market.v1beta5.createLease({ bidId: bid.id! });
    const reply = await admin("POST", "/providers/fjord/reclaim", { owner: owner(), dseq: "3", deadlineSeconds: 600 });
    expect(reply.status).toBe(200);
    const { deadline } = (await reply.json()) as { deadline: number };
    expect(deadline).toBeGreaterThan(Date.now() / 1000 + 590);
    const { leases } = await client.sdk.akash.market.v1beta5.getLeases({ filters: { owner: owner(), dseq: 3n } });
    expect(leases[0]!.lease!.state as number).toBe(4); // reclaiming (node v2.1); chain-sdk alpha.25 has no name for it
  });
});

describe("a lagging RPC node", () => {
  it("reports an older height and answers queries with the state of that height", async () => {
    const stranger = devnet.providers[5]!.owner;
    const balance = async () => BigInt((await client.sdk.cosmos.bank.v1beta1.getBalance({ address: stranger, denom: "uakt" })).balance!.amount);
    const before = await balance();
    await client.sdk.cosmos.bank.v1beta1.send({ fromAddress: owner(), toAddress: stranger, amount: [{ denom: "uakt", amount: "999" }] });
    expect(await balance()).toBe(before + 999n);
    await admin("PUT", "/faults/rpc", { lagBlocks: 30 });
    expect(await balance()).toBe(before);
    await admin("PUT", "/faults/rpc", { lagBlocks: 0 });
    expect(await balance()).toBe(before + 999n);
  });
});

describe("audit", () => {
  it("lists the auditor's signature on audited providers, through the gRPC query", async () => {
    const { providers } = await client.sdk.akash.audit.v1.getProviderAttributes({ owner: provider("sierra").owner });
    expect(providers).toEqual([expect.objectContaining({ owner: provider("sierra").owner, auditor: "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63" })]);
    expect((await client.sdk.akash.audit.v1.getProviderAttributes({ owner: provider("garage").owner })).providers).toEqual([]);
  });
});
