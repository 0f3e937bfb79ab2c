/** Fault injection shared by the three servers: unavailable (503), timeout (hang), lag (stale height). */
import { createChainNodeSDK, SDKError } from "@akashnetwork/chain-sdk";
import { createChainNodeWebSDK } from "@akashnetwork/chain-sdk/web";
import { StargateClient } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startCometRpc } from "../../src/devnet/rpc/comet-rpc.js";
import { RpcFaults } from "../../src/devnet/rpc/faults.js";
import { startGrpcServer } from "../../src/devnet/rpc/grpc-server.js";
import { startRestGateway } from "../../src/devnet/rpc/rest-gateway.js";
import type { RpcServerHandle } from "../../src/devnet/rpc/server-common.js";
import { FakeNode, sendTx, sha256Hex } from "./fake-node.js";

const ALICE = "akash1alicealicealicealicealicealicealiceq9x7";
const BOB = "akash1bobbobbobbobbobbobbobbobbobbobbobbobbq2w";

let node: FakeNode;
const faults = new RpcFaults();
let servers: { comet: RpcServerHandle; grpc: RpcServerHandle; rest: RpcServerHandle };

beforeAll(async () => {
  node = new FakeNode();
  node.balances.set(ALICE, new Map([["uakt", "900"]]));
  for (let i = 0; i < 4; i++) node.commitBlock();
  const options = { host: "127.0.0.1", port: 0, faults };
  servers = { comet: await startCometRpc(node, options), grpc: await startGrpcServer(node, options), rest: await startRestGateway(node, options) };
});

afterEach(() => faults.clear());

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => "no failure",
    (error: unknown) => error,
  );
}

function websocketStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/websocket`);
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
    socket.on("error", reject);
  });
}

const sleep = (ms: number): Promise<string> => new Promise((resolve) => setTimeout(() => resolve("still waiting"), ms));

describe("unavailable", () => {
  it("answers 503 on every server until switched off", async () => {
    const grpcSdk = createChainNodeSDK({ query: { baseUrl: servers.grpc.url } });
    const webSdk = createChainNodeWebSDK({ query: { baseUrl: servers.rest.url } });
    faults.set({ unavailable: true });

    expect(String(await failure(StargateClient.connect(servers.comet.url)))).toMatch(/Bad status on response: 503/);
    expect(await failure(grpcSdk.cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" }))).toMatchObject({ code: 14 });
    expect(await failure(webSdk.cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" }))).toMatchObject({ code: 14 });
    expect(await websocketStatus(servers.comet.url)).toBe(503);

    faults.set({ unavailable: false });
    const client = await StargateClient.connect(servers.comet.url);
    expect(await client.getBalance(ALICE, "uakt")).toEqual({ denom: "uakt", amount: "900" });
    client.disconnect();
    expect(await grpcSdk.cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" })).toMatchObject({ balance: { amount: "900" } });
    expect(await webSdk.cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" })).toMatchObject({ balance: { amount: "900" } });
    expect(await websocketStatus(servers.comet.url)).toBe(101);
  });

  it("ends by itself at its `until` time", () => {
    const until = new Date(Date.now() + 60_000);
    const timed = new RpcFaults({ unavailable: true, lagBlocks: 3, until });
    expect(timed.isUnavailable(until.getTime() - 1)).toBe(true);
    expect(timed.lagBlocks(until.getTime() - 1)).toBe(3);
    expect(timed.isUnavailable(until.getTime())).toBe(false);
    expect(timed.lagBlocks(until.getTime())).toBe(0);
  });
});

describe("timeout", () => {
  it("leaves clients to give up, and answers held requests once it ends", async () => {
    faults.set({ timeout: true });
    expect(await failure(fetch(`${servers.comet.url}/status`, { signal: AbortSignal.timeout(300) }))).toMatchObject({ name: "TimeoutError" });
    expect(await failure(fetch(`${servers.rest.url}/cosmos/bank/v1beta1/balances/${ALICE}/by_denom?denom=uakt`, { signal: AbortSignal.timeout(300) }))).toMatchObject({
      name: "TimeoutError",
    });
    const grpcSdk = createChainNodeSDK({ query: { baseUrl: servers.grpc.url, transportOptions: { defaultTimeoutMs: 300 } } });
    const deadline = await failure(grpcSdk.cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" }));
    expect(deadline).toBeInstanceOf(SDKError);
    expect(deadline).toMatchObject({ code: 4 });

    const held = fetch(`${servers.comet.url}/health`).then((response) => response.status);
    expect(await Promise.race([held, sleep(300)])).toBe("still waiting");
    faults.set({ timeout: false });
    expect(await held).toBe(200);
  });

  it("does not keep close() waiting on held requests", async () => {
    const hanging = new RpcFaults({ timeout: true });
    const options = { host: "127.0.0.1", port: 0, faults: hanging };
    const comet = await startCometRpc(node, options);
    const grpc = await startGrpcServer(node, options);
    const rest = await startRestGateway(node, options);
    const requests = [
      failure(fetch(`${comet.url}/status`)),
      failure(fetch(`${rest.url}/cosmos/bank/v1beta1/balances/${ALICE}/by_denom`)),
      failure(createChainNodeSDK({ query: { baseUrl: grpc.url } }).cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" })),
    ];
    expect(await Promise.race([Promise.all(requests), sleep(300)])).toBe("still waiting");
    await Promise.all([comet.close(), grpc.close(), rest.close()]);
    for (const outcome of await Promise.all(requests)) expect(outcome).not.toBe("no failure");
  });
});

describe("lag", () => {
  it("reports and queries a height N blocks behind the head, and hides newer txs", async () => {
    const tx = sendTx(ALICE, BOB, "100");
    node.checkTx(tx);
    const head = node.commitBlock().height;
    faults.set({ lagBlocks: 2 });

    const comet = await Comet38Client.connect(servers.comet.url);
    expect((await comet.status()).syncInfo.latestBlockHeight).toBe(head - 2);
    expect(String(await failure(comet.block(head)))).toMatch(/must be less than or equal to the current blockchain height/);
    const stargate = await StargateClient.connect(servers.comet.url);
    expect(await stargate.getHeight()).toBe(head - 2);
    expect(await stargate.getTx(sha256Hex(tx))).toBeNull();
    await stargate.getBalance(ALICE, "uakt");
    expect(node.queries.at(-1)?.height).toBe(head - 2);

    await createChainNodeSDK({ query: { baseUrl: servers.grpc.url } }).cosmos.bank.v1beta1.getBalance({ address: ALICE, denom: "uakt" });
    expect(node.queries.at(-1)?.height).toBe(head - 2);
    const rest = await fetch(`${servers.rest.url}/cosmos/bank/v1beta1/balances/${ALICE}/by_denom?denom=uakt`);
    expect(rest.headers.get("grpc-metadata-x-cosmos-block-height")).toBe(String(head - 2));

    faults.set({ lagBlocks: 0 });
    expect(await stargate.getHeight()).toBe(head);
    expect((await stargate.getTx(sha256Hex(tx)))?.height).toBe(head);
    comet.disconnect();
    stargate.disconnect();
  });
});
