/** The CometBFT endpoint on the raw wire: malformed input, errors, URI form, batches; the server keeps answering. */
import { QueryBalanceRequest, QueryBalanceResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startCometRpc } from "../../src/devnet/rpc/comet-rpc.js";
import type { RpcServerHandle } from "../../src/devnet/rpc/server-common.js";
import { FakeNode, sendTx, sha256Hex } from "./fake-node.js";

const ALICE = "akash1alicealicealicealicealicealicealiceq9x7";

let node: FakeNode;
let rpc: RpcServerHandle;
let txHash: string;

beforeAll(async () => {
  node = new FakeNode();
  const tx = sendTx(ALICE, ALICE, "1");
  node.checkTx(tx);
  node.commitBlock();
  txHash = sha256Hex(tx);
  rpc = await startCometRpc(node, { host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await rpc.close();
});

async function post(body: string | Uint8Array): Promise<{ status: number; json: unknown }> {
  const response = await fetch(rpc.url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(rpc.url + path);
  const text = await response.text();
  return { status: response.status, json: text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text };
}

async function expectStillServing(): Promise<void> {
  const { status, json } = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status" }));
  expect(status).toBe(200);
  expect(json).toMatchObject({ result: { sync_info: { latest_block_height: String(node.status().height) } } });
}

describe("JSON-RPC errors", () => {
  it("answers malformed JSON with a parse error (-32700) and HTTP 500", async () => {
    const { status, json } = await post('{"jsonrpc":"2.0","id":1,"method":');
    expect(status).toBe(500);
    expect(json).toMatchObject({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error. Invalid JSON" } });
    expect(json).not.toHaveProperty("id");
    await expectStillServing();
  });

  it("answers an unknown method with -32601 and a non-request with -32600", async () => {
    expect(await post(JSON.stringify({ jsonrpc: "2.0", id: "a", method: "no_such_method" }))).toEqual({
      status: 200,
      json: { jsonrpc: "2.0", id: "a", error: { code: -32601, message: "Method not found" } },
    });
    expect(await post("42")).toMatchObject({ status: 200, json: { error: { code: -32600 } } });
    expect(await post(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "subscribe", params: { query: "tm.event='Tx'" } }))).toMatchObject({ json: { error: { code: -32601 } } });
    await expectStillServing();
  });

  it("answers undecodable params with -32602 and failures inside a method with -32603", async () => {
    const badHex = await post(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "abci_query", params: { path: "/x", data: "not hex" } }));
    expect(badHex.json).toMatchObject({ id: 4, error: { code: -32602, message: "Invalid params" } });
    const badArity = await post(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "block", params: [1, 2] }));
    expect(badArity.json).toMatchObject({ error: { code: -32602 } });
    const future = await post(JSON.stringify({ jsonrpc: "2.0", id: 6, method: "block", params: { height: "999" } }));
    expect(future.json).toMatchObject({ error: { code: -32603, message: "Internal error", data: expect.stringMatching(/must be less than or equal to the current blockchain height/) } });
    const badQuery = await post(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tx_search", params: { query: "tx.height=='" } }));
    expect(badQuery.json).toMatchObject({ error: { code: -32603 } });
    await expectStillServing();
  });

  it("refuses a body over 2 MiB with -32600 and HTTP 400, and keeps serving", async () => {
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 8, method: "broadcast_tx_sync", params: { tx: Buffer.alloc(3 * 1024 * 1024).toString("base64") } });
    const { status, json } = await post(huge);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: -32600, data: expect.stringMatching(/too large/) } });
    await expectStillServing();
  });

  it("gives up broadcast_tx_commit after its timeout with -32603", async () => {
    const quiet = await startCometRpc(new FakeNode(), { host: "127.0.0.1", port: 0, broadcastTxCommitTimeoutMs: 200 });
    const body = JSON.stringify({ jsonrpc: "2.0", id: 11, method: "broadcast_tx_commit", params: { tx: Buffer.from(sendTx(ALICE, ALICE, "2")).toString("base64") } });
    const response = await fetch(quiet.url, { method: "POST", body });
    expect(await response.json()).toMatchObject({ id: 11, error: { code: -32603, data: "timed out waiting for tx to be included in a block" } });
    await quiet.close();
  });

  it("answers batches with an array and notifications with nothing", async () => {
    const batch = await post(JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "health" }, { jsonrpc: "2.0", method: "health" }, { jsonrpc: "2.0", id: 2, method: "nope" }]));
    expect(batch.json).toEqual([
      { jsonrpc: "2.0", id: 1, result: {} },
      { jsonrpc: "2.0", id: 2, error: { code: -32601, message: "Method not found" } },
    ]);
    expect(await post(JSON.stringify({ jsonrpc: "2.0", method: "health" }))).toEqual({ status: 200, json: undefined });
  });
});

describe("GET URI form", () => {
  it("answers /status, /abci_query, /tx, /block and /tx_search with id -1", async () => {
    expect(await get("/status")).toMatchObject({ status: 200, json: { id: -1, result: { node_info: { version: "0.38.17" } } } });
    const request = Buffer.from(QueryBalanceRequest.encode({ address: ALICE, denom: "uakt" }).finish()).toString("hex");
    const query = await get(`/abci_query?path="/cosmos.bank.v1beta1.Query/Balance"&data=0x${request}`);
    expect(query).toMatchObject({ status: 200, json: { result: { response: { code: 0, height: String(node.status().height) } } } });
    const { response } = (query.json as { result: { response: { value: string } } }).result;
    expect(QueryBalanceResponse.decode(Buffer.from(response.value, "base64")).balance).toEqual({ denom: "uakt", amount: "0" });
    expect(await get(`/tx?hash=0x${txHash}`)).toMatchObject({ json: { result: { hash: txHash, height: "2", index: 0 } } });
    expect(await get("/block?height=2")).toMatchObject({ json: { result: { block: { header: { height: "2" }, data: { txs: [expect.any(String)] } } } } });
    expect(await get(`/tx_search?query="tx.height=2"`)).toMatchObject({ json: { result: { total_count: "1" } } });
  });

  it("answers bad URI arguments with -32602 / HTTP 500, unknown paths with 404", async () => {
    expect(await get("/block?height=abc")).toMatchObject({ status: 500, json: { id: -1, error: { code: -32602 } } });
    expect(await get("/tx_search?query=tx.height=2")).toMatchObject({ status: 500, json: { error: { code: -32602 } } });
    expect(await get("/subscribe?query=%22tm.event='Tx'%22")).toMatchObject({ status: 404, json: { error: { code: -32601 } } });
    expect((await get("/no/such/path")).status).toBe(404);
    await expectStillServing();
  });
});

describe("websocket", () => {
  it("answers a malformed message with a parse error and keeps the connection", async () => {
    const socket = new WebSocket(`${rpc.url.replace(/^http/, "ws")}/websocket`);
    const replies: unknown[] = [];
    socket.on("message", (data: Buffer) => replies.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    socket.send("{not json");
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 9, method: "health" }));
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 10, method: "unsubscribe", params: { query: "tm.event='Tx'" } }));
    await expect.poll(() => replies.length, { timeout: 20_000 }).toBe(3);
    expect(replies[0]).toMatchObject({ error: { code: -32700 } });
    expect(replies[1]).toEqual({ jsonrpc: "2.0", id: 9, result: {} });
    expect(replies[2]).toMatchObject({ id: 10, error: { code: -32603, data: "subscription not found" } });
    socket.close();
  });
});
