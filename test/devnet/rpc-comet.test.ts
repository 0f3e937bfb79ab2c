/** The devnet's CometBFT RPC, driven only through cosmjs's own clients (Comet38Client, StargateClient). */
import { StargateClient } from "@cosmjs/stargate";
import { Comet38Client, connectComet, isComet38Client, WebsocketClient } from "@cosmjs/tendermint-rpc";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startCometRpc } from "../../src/devnet/rpc/comet-rpc.js";
import type { RpcServerHandle } from "../../src/devnet/rpc/server-common.js";
import { CHAIN_ID, FakeNode, sendTx, sha256Hex } from "./fake-node.js";

const ALICE = "akash1qy352eufqy352eufqy352eufqy352eufwl2q7d";
const BOB = "akash1zg69v7yszg69v7yszg69v7yszg69v7ys8xdv96";
const SLOW_MACHINE = { timeout: 20_000, interval: 20 };

let node: FakeNode;
let rpc: RpcServerHandle;

beforeAll(async () => {
  node = new FakeNode();
  node.balances.set(ALICE, new Map([["uakt", "5000000"]]));
  node.accounts.set(ALICE, { accountNumber: 7, sequence: 3 });
  node.commitBlock();
  rpc = await startCometRpc(node, { host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await rpc.close();
});

/** Broadcasts through `broadcast`, and commits the block once the tx reached the fake node's mempool. */
async function withBlockAfterMempool<T>(broadcast: Promise<T>): Promise<T> {
  await vi.waitFor(() => expect(node.mempoolSize).toBeGreaterThan(0), SLOW_MACHINE);
  node.commitBlock();
  return broadcast;
}

describe("CometBFT RPC through cosmjs", () => {
  it("is detected as CometBFT 0.38 and reports status", async () => {
    const client = await connectComet(rpc.url);
    expect(isComet38Client(client)).toBe(true);
    const status = await client.status();
    expect(status.nodeInfo.network).toBe(CHAIN_ID);
    expect(status.nodeInfo.version).toBe("0.38.17");
    expect(status.syncInfo.latestBlockHeight).toBe(node.status().height);
    expect(status.syncInfo.catchingUp).toBe(false);
    expect(await client.health()).toBeNull();
    const info = await client.abciInfo();
    expect(info.lastBlockHeight).toBe(node.status().height);
    client.disconnect();
  });

  it("serves balances and accounts to StargateClient over abci_query", async () => {
    const client = await StargateClient.connect(rpc.url);
    expect(await client.getChainId()).toBe(CHAIN_ID);
    expect(await client.getHeight()).toBe(node.status().height);
    expect(await client.getBalance(ALICE, "uakt")).toEqual({ denom: "uakt", amount: "5000000" });
    const account = await client.getAccount(ALICE);
    expect(account).toMatchObject({ address: ALICE, accountNumber: 7, sequence: 3 });
    expect(await client.getAccount(BOB)).toBeNull();
    client.disconnect();
  });

  it("broadcasts a tx and finds it committed, as SigningStargateClient does", async () => {
    const client = await StargateClient.connect(rpc.url);
    const tx = sendTx(ALICE, BOB, "1000");
    const result = await withBlockAfterMempool(client.broadcastTx(tx, 20_000, 50));
    expect(result.code).toBe(0);
    expect(result.transactionHash).toBe(sha256Hex(tx));
    expect(result.height).toBe(node.status().height);
    expect(result.gasUsed).toBe(91_234n);
    expect(result.msgResponses.map((response) => response.typeUrl)).toEqual(["/cosmos.bank.v1beta1.MsgSendResponse"]);
    expect(result.events.find((e) => e.type === "transfer")?.attributes).toContainEqual({ key: "recipient", value: BOB });
    expect(await client.getBalance(BOB, "uakt")).toEqual({ denom: "uakt", amount: "1000" });
    client.disconnect();
  });

  it("answers tx, tx_search with pagination and order, block, blockchain and block_results", async () => {
    const client = await Comet38Client.connect(rpc.url);
    const txs = [sendTx(ALICE, BOB, "1"), sendTx(ALICE, BOB, "2"), sendTx(ALICE, BOB, "3")];
    for (const tx of txs) await client.broadcastTxSync({ tx });
    const block = node.commitBlock();

    const found = await client.tx({ hash: Buffer.from(sha256Hex(txs[1]!), "hex") });
    expect(found).toMatchObject({ height: block.height, index: 1 });
    expect(found.result.code).toBe(0);

    const query = `tx.height=${block.height} AND message.sender='${ALICE}'`;
    const all = await client.txSearchAll({ query });
    expect(all.totalCount).toBe(3);
    const page = await client.txSearch({ query, page: 2, per_page: 2, order_by: "desc" });
    expect(page.totalCount).toBe(3);
    expect(page.txs.map((tx) => tx.index)).toEqual([0]);

    const fetched = await client.block(block.height);
    expect(fetched.block.header).toMatchObject({ height: block.height, chainId: CHAIN_ID });
    expect(fetched.block.txs).toHaveLength(3);
    expect(Buffer.from(fetched.blockId.hash).toString("hex").toUpperCase()).toBe(block.hash);
    expect(fetched.block.lastCommit?.height).toBe(block.height - 1);

    const chain = await client.blockchain(1, block.height);
    expect(chain.lastHeight).toBe(block.height);
    expect(chain.blockMetas.map((meta) => meta.header.height)).toEqual(Array.from({ length: block.height }, (_, i) => block.height - i));

    const results = await client.blockResults(block.height);
    expect(results.results.map((result) => result.code)).toEqual([0, 0, 0]);
    expect(results.finalizeBlockEvents.map((e) => e.type)).toEqual(["coin_spent"]);
    client.disconnect();
  });

  it("answers broadcast_tx_commit after the block, and with the CheckTx failure at once", async () => {
    const client = await Comet38Client.connect(rpc.url);
    const committed = await withBlockAfterMempool(client.broadcastTxCommit({ tx: sendTx(ALICE, BOB, "5") }));
    expect(committed.height).toBe(node.status().height);
    expect(committed.txResult?.code).toBe(0);

    const rejected = await client.broadcastTxCommit({ tx: sendTx(ALICE, BOB, "5", "reject") });
    expect(rejected.checkTx.code).toBe(13);
    expect(rejected.checkTx.log).toMatch(/insufficient fee/);

    const async = await client.broadcastTxAsync({ tx: sendTx(ALICE, BOB, "6") });
    expect(Buffer.from(async.hash).toString("hex").toUpperCase()).toHaveLength(64);
    node.commitBlock();
    client.disconnect();
  });

  it("pushes NewBlock and Tx events to websocket subscribers", async () => {
    const client = Comet38Client.create(new WebsocketClient(rpc.url.replace(/^http/, "ws")));
    const blocks: number[] = [];
    const txHeights: number[] = [];
    const tx = sendTx(ALICE, BOB, "9");
    const blockSubscription = client.subscribeNewBlock().subscribe({ next: (event) => blocks.push(event.header.height) });
    const txSubscription = client.subscribeTx(`tx.hash='${sha256Hex(tx)}'`).subscribe({ next: (event) => txHeights.push(event.height) });
    // Requests on one websocket are answered in order: once status is back, both subscriptions are in place.
    await client.status();

    await client.broadcastTxSync({ tx });
    const block = node.commitBlock();
    node.commitBlock();
    await vi.waitFor(() => expect(blocks).toEqual([block.height, block.height + 1]), SLOW_MACHINE);
    await vi.waitFor(() => expect(txHeights).toEqual([block.height]), SLOW_MACHINE);

    blockSubscription.unsubscribe();
    txSubscription.unsubscribe();
    client.disconnect();
  });
});
