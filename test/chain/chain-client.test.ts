import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainClient, ChainClientEvent } from "../../src/chain/chain-client.js";
import { NodeUnreachableError } from "../../src/chain/errors.js";
import { msgSend } from "../../src/chain/messages.js";
import { adjustGas } from "../../src/chain/tx-encoding.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { balanceOf, clientFor, fundedWallet } from "./helpers.js";
import { startLossyProxy } from "./lossy-proxy.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ChainClient;
let events: ChainClientEvent[];
const opened: ChainClient[] = [];

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  ({ client, events } = await clientFor(devnet));
  opened.push(client);
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.disconnect()));
  await devnet?.stop();
});

const send = (to: string, uakt: bigint) => msgSend({ from: client.address, to, amount: [{ denom: "uakt", amount: uakt }] });
const since = (mark: number) => events.slice(mark);

describe("ChainClient: transactions", () => {
  it("sends several messages in one transaction, with gas = simulated × adjustment and fee = gas × price", async () => {
    const [a, b] = [devnet.providers[0]!.owner, devnet.providers[1]!.owner];
    const before = await Promise.all([balanceOf(client, a, "uakt"), balanceOf(client, b, "uakt")]);
    const messages = [send(a, 1_111n), send(b, 2_222n)];
    const simulated = await client.simulate(messages);

    const tx = await client.signAndBroadcast(messages);

    expect(tx.gasWanted).toBe(adjustGas(simulated, 1.3));
    expect(tx.gasWanted).toBe((simulated * 13n + 9n) / 10n);
    expect(tx.fee).toEqual([{ denom: "uakt", amount: (tx.gasWanted * 25n + 999n) / 1000n }]);
    expect(tx.gasUsed).toBeGreaterThan(0n);
    expect(tx.gasUsed).toBeLessThanOrEqual(tx.gasWanted);
    expect(tx.hash).toMatch(/^[0-9A-F]{64}$/);
    const actions = tx.events.filter((e) => e.type === "message").map((e) => e.attributes.find((x) => x.key === "action")?.value);
    expect(actions).toEqual(["/cosmos.bank.v1beta1.MsgSend", "/cosmos.bank.v1beta1.MsgSend"]);
    const after = await Promise.all([balanceOf(client, a, "uakt"), balanceOf(client, b, "uakt")]);
    expect([after[0] - before[0], after[1] - before[1]]).toEqual([1_111n, 2_222n]);
  });

  it("knows of the commit within a couple of polls, and of each new block as it is committed", async () => {
    const committedAt = new Map<string, number>();
    const onTx = (record: { hash: string }) => committedAt.set(record.hash, performance.now());
    devnet.chain.on("tx", onTx);
    const tx = await client.signAndBroadcast([send(devnet.providers[2]!.owner, 1n)]);
    const learnt = performance.now();
    devnet.chain.off("tx", onTx);
    expect(learnt - committedAt.get(tx.hash)!).toBeLessThan(400);

    const producedAt = new Map<number, number>();
    const onBlock = (block: { height: number }) => producedAt.set(block.height, performance.now());
    devnet.chain.on("block", onBlock);
    const delays: number[] = [];
    let height = await client.height();
    for (let i = 0; i < 5; i++) {
      height = await client.waitForBlock(height);
      delays.push(performance.now() - producedAt.get(height)!);
    }
    devnet.chain.off("block", onBlock);
    delays.sort((x, y) => x - y);
    expect(delays[2]).toBeLessThan(100); // the median: the websocket subscription, not polling
  });

  it("recovers from a stale sequence (another client used the wallet in between) by reading it again", async () => {
    const { client: other } = await clientFor(devnet);
    opened.push(other);
    const first = await client.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)]);
    const theirs = await other.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)]);
    expect(theirs.sequence).toBe(first.sequence + 1n);

    const mark = events.length;
    const mine = await client.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)]);
    expect(mine.sequence).toBe(theirs.sequence + 1n);
    expect(since(mark)).toContainEqual({ type: "sequence-mismatch", phase: "simulate", sequence: first.sequence + 1n });

    // With the gas given, nothing is simulated: the node's CheckTx reports the mismatch.
    const again = await other.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)]);
    const mark2 = events.length;
    const viaCheckTx = await client.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)], { gas: 200_000n });
    expect(viaCheckTx.sequence).toBe(again.sequence + 1n);
    expect(viaCheckTx.gasWanted).toBe(200_000n);
    expect(since(mark2)).toContainEqual({ type: "sequence-mismatch", phase: "check", sequence: mine.sequence + 1n });

    // Consecutive transactions need no account query: the sequence is counted locally.
    const next = await client.signAndBroadcast([send(devnet.providers[0]!.owner, 1n)]);
    expect(next.sequence).toBe(viaCheckTx.sequence + 1n);
  });

  it("retries through an RPC node answering 503 for a moment", async () => {
    const mark = events.length;
    devnet.rpcFaults.set({ unavailable: true, until: new Date(Date.now() + 1_500) });
    const started = Date.now();
    const tx = await client.signAndBroadcast([send(devnet.providers[1]!.owner, 7n)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(tx.height).toBeGreaterThan(0);
    const retries = since(mark).filter((e): e is Extract<ChainClientEvent, { type: "retry" }> => e.type === "retry");
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]!.error).toBeInstanceOf(NodeUnreachableError);
    expect((retries[0]!.error as NodeUnreachableError).reason).toContain("503");
  });

  it("gives up on a hanging node after its timeout, and retries until the node answers again", async () => {
    const { client: impatient, events: impatientEvents } = await clientFor(devnet, { timeoutMs: 300 });
    opened.push(impatient);
    devnet.rpcFaults.set({ timeout: true, until: new Date(Date.now() + 1_000) });
    const tx = await impatient.signAndBroadcast([send(devnet.providers[1]!.owner, 3n)]);
    expect(tx.height).toBeGreaterThan(0);
    const reasons = impatientEvents.flatMap((e) => (e.type === "retry" && e.error instanceof NodeUnreachableError ? [e.error.reason] : []));
    expect(reasons).toContain("no answer within 300 ms");
  });

  it("never sends a transaction twice when the answer to its broadcast is lost", async () => {
    const proxy = await startLossyProxy(devnet.rpc, (method) => method === "broadcast_tx_sync");
    const { wallet } = await fundedWallet(client, 1_000_000n);
    const { client: lossy, events: lossyEvents } = await clientFor(devnet, { rpc: proxy.url, wallet });
    opened.push(lossy);
    try {
      const recipient = (await fundedWallet(client, 1n)).wallet.address;
      const tx = await lossy.signAndBroadcast([msgSend({ from: wallet.address, to: recipient, amount: [{ denom: "uakt", amount: 1234n }] })]);
      expect(proxy.lost).toEqual(["broadcast_tx_sync"]);
      expect(lossyEvents.some((e) => e.type === "retry" && e.operation === "broadcast")).toBe(true);
      expect(await balanceOf(client, recipient, "uakt")).toBe(1n + 1234n);
      const next = await lossy.signAndBroadcast([msgSend({ from: wallet.address, to: recipient, amount: [{ denom: "uakt", amount: 1n }] })]);
      expect(next.sequence).toBe(tx.sequence + 1n);
      // The proxy refuses websockets: new blocks are still learnt, by polling.
      const height = await lossy.height();
      expect(await lossy.waitForBlock(height, 10_000)).toBeGreaterThan(height);
    } finally {
      await proxy.close();
    }
  });
});
