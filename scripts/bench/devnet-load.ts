/**
 * The devnet's block interval under load: 200 tx/s at 100 ms blocks, sent over the real CometBFT RPC from a
 * worker thread, so the chain's event loop pays only for HTTP, CheckTx and DeliverTx.
 */
import type { StdFee } from "@cosmjs/stargate";
import { txHash, type DevnetChain } from "../../src/devnet/chain/chain.js";
import { devnetKeys } from "../../src/devnet/chain/genesis.js";
import { loadFleet } from "../../src/devnet/fleet/fleet-config.js";
import type { BlockRecord } from "../../src/devnet/node-api.js";
import { startDevnet } from "../../src/devnet/start-devnet.js";
import { broadcastTxSync, offlineSigner } from "./devnet-client.js";
import { sendLoad } from "./devnet-load-sender.js";
import { mean, median, ms, quantile } from "./devnet-stats.js";

const LOAD_BLOCK_MS = 100;
const LOAD_RATE = 200; // tx/s offered
const LOAD_SECONDS = 10;
/** Sending accounts per load run: the test wallet alone; the genesis-funded accounts; those plus accounts funded for the run. */
export const LOAD_ACCOUNTS = [1, 2 + loadFleet().length, 32];

export type LoadResult = {
  accounts: number;
  funded: number;
  sent: number;
  accepted: number;
  committed: number;
  firstRefusal?: string;
  sentRate: number;
  lateP95Ms: number;
  rttMedianMs: number;
  rttP95Ms: number;
  blocks: number;
  maxTxsPerBlock: number;
  intervals: { mean: number; median: number; p95: number; max: number };
  blockWorkMs: { mean: number; p95: number; max: number };
  held: boolean;
};

/** Resolves after the chain has produced `count` more blocks. */
const blocks = (chain: DevnetChain, count: number) =>
  new Promise<void>((resolve) => {
    let seen = 0;
    const listener = () => {
      if (++seen < count) return;
      chain.off("block", listener);
      resolve();
    };
    chain.on("block", listener);
  });

function chainAccount(chain: DevnetChain, address: string): { accountNumber: bigint; sequence: bigint } {
  const account = chain.store.get<{ accountNumber: bigint; sequence: bigint }>(`auth/account/${address}`);
  if (!account) throw new Error(`no account ${address} on the devnet`);
  return account;
}

export async function benchLoad(accounts: number): Promise<LoadResult> {
  const devnet = await startDevnet({ blockTimeMs: LOAD_BLOCK_MS });
  try {
    const chain = devnet.chain;
    // Index 0: the test wallet; 1: the validator; 2…: the providers — all funded with uakt at genesis.
    const genesisFunded = 2 + devnet.providers.length;
    const keys = await devnetKeys(Math.max(accounts, 2));
    const lanesKeys = keys.slice(0, accounts);
    const recipient = keys[1]!.address;
    let funded = 0;
    if (accounts > genesisFunded) {
      // More accounts than genesis funded: the test wallet funds the rest (10 AKT each) in one tx first.
      const extra = lanesKeys.slice(genesisFunded);
      const wallet = await offlineSigner(keys[0]!, chainAccount(chain, keys[0]!.address), chain.chainId);
      const sends = extra.map((key) => ({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: keys[0]!.address, toAddress: key.address, amount: [{ denom: "uakt", amount: "10000000" }] } }));
      const tx = await wallet.sign(sends, { amount: [{ denom: "uakt", amount: "5000" }], gas: "2000000" }, wallet.sequence);
      const reply = await broadcastTxSync(devnet.rpc, tx, 0);
      if (reply.code !== 0) throw new Error(`funding tx refused: ${reply.log}`);
      await blocks(chain, 1);
      if (chain.getTx(txHash(tx))?.result.code !== 0) throw new Error(`funding tx failed: ${chain.getTx(txHash(tx))?.result.log}`);
      funded = extra.length;
    }

    const total = LOAD_RATE * LOAD_SECONDS;
    const fee: StdFee = { amount: [{ denom: "uakt", amount: "250" }], gas: "100000" };
    const signers = await Promise.all(lanesKeys.map((key) => offlineSigner(key, chainAccount(chain, key.address), chain.chainId)));
    const lanes: Uint8Array[][] = lanesKeys.map(() => []);
    for (let k = 0; k < total; k++) {
      const lane = k % accounts;
      const s = signers[lane]!;
      const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: lanesKeys[lane]!.address, toAddress: recipient, amount: [{ denom: "uakt", amount: "1" }] } };
      lanes[lane]!.push(await s.sign([msg], fee, s.sequence + BigInt(lanes[lane]!.length)));
    }

    const records: { block: BlockRecord; emittedAt: number }[] = [];
    const onBlock = (block: BlockRecord) => records.push({ block, emittedAt: Date.now() });
    await blocks(chain, 1); // start right after a block
    chain.on("block", onBlock);
    const sender = await sendLoad({ rpc: devnet.rpc, lanes: lanes.map((txs) => txs.map((tx) => Buffer.from(tx).toString("base64"))), rate: LOAD_RATE, windowMs: LOAD_SECONDS * 1000 });
    await blocks(chain, 3); // everything accepted is in a block by now
    chain.off("block", onBlock);

    const { results } = sender;
    const accepted = results.filter((r) => r.code === 0);
    const committed = accepted.filter((r) => chain.getTx(txHash(lanes[r.lane]![r.j]!))?.result.code === 0).length;
    const sendSeconds = Math.max(...results.map((r) => r.sentAt)) / 1000;
    // Blocks produced while the load ran: from the first send to one block interval after the last answer.
    const endAt = sender.startedAt + sender.elapsedMs + LOAD_BLOCK_MS;
    const during = records.filter((r) => r.block.time.getTime() >= sender.startedAt && r.block.time.getTime() <= endAt);
    const times = during.map((r) => r.block.time.getTime());
    const intervals = times.slice(1).map((t, i) => t - times[i]!);
    const work = during.map((r) => r.emittedAt - r.block.time.getTime());
    const rtts = results.map((r) => r.rttMs);
    const p95 = quantile(intervals, 0.95);
    const refusal = results.find((r) => r.code !== 0);
    return {
      accounts,
      funded,
      sent: results.length,
      accepted: accepted.length,
      committed,
      ...(refusal ? { firstRefusal: refusal.log } : {}),
      sentRate: results.length / sendSeconds,
      lateP95Ms: quantile(results.map((r) => r.lateMs), 0.95),
      rttMedianMs: median(rtts),
      rttP95Ms: quantile(rtts, 0.95),
      blocks: during.length,
      maxTxsPerBlock: Math.max(...during.map((r) => r.block.txs.length)),
      intervals: { mean: mean(intervals), median: median(intervals), p95, max: Math.max(...intervals) },
      blockWorkMs: { mean: mean(work), p95: quantile(work, 0.95), max: Math.max(...work) },
      held: p95 >= LOAD_BLOCK_MS * 0.5 && p95 <= LOAD_BLOCK_MS * 1.5,
    };
  } finally {
    await devnet.stop();
  }
}

export function loadLines(loads: LoadResult[]): string[] {
  const who = (r: LoadResult) => (r.accounts === 1 ? "1 (test wallet)" : r.funded ? `${r.accounts} (${r.accounts - r.funded} genesis + ${r.funded} funded for the run)` : `${r.accounts} (test wallet, validator, providers)`);
  const refusals = loads.filter((r) => r.firstRefusal).map((r) => `- ${r.accounts} account(s), first refusal: \`${r.firstRefusal}\``);
  return [
    "### Block interval under load",
    "",
    `\`startDevnet({ blockTimeMs: ${LOAD_BLOCK_MS} })\`; ${LOAD_RATE * LOAD_SECONDS} bank MsgSend txs pre-signed offline with cosmjs (consecutive sequences per account), offered at ${LOAD_RATE} tx/s for ${LOAD_SECONDS} s as \`broadcast_tx_sync\` JSON-RPC POSTs to the devnet's CometBFT RPC on loopback, from a worker thread. Tx *k* is due at *k*/${LOAD_RATE} s and goes to account *k* mod *n*; each account's txs go one after the other (the next after the previous one's CheckTx answer — the only way to keep one account's sequences in order), accounts in parallel. So one account can send at most 1 / round trip per second, and the offered rate is reached only with enough accounts. Block intervals from the block times of the blocks produced while the load ran. Held: p95 interval within ${LOAD_BLOCK_MS} ms ± 50 %.`,
    "",
    "| sending accounts | sent | accepted (CheckTx) | committed | achieved tx/s | blocks | max txs/block | mean ms | median ms | p95 ms | max ms | held |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...loads.map((r) => `| ${who(r)} | ${r.sent} | ${r.accepted} | ${r.committed} | ${r.sentRate.toFixed(0)} | ${r.blocks} | ${r.maxTxsPerBlock} | ${ms(r.intervals.mean)} | ${ms(r.intervals.median)} | ${ms(r.intervals.p95)} | ${ms(r.intervals.max)} | ${r.held ? "yes" : "**no**"} |`),
    "",
    "| sending accounts | broadcast_tx_sync round trip, median / p95 ms | sends behind schedule, p95 ms | block production (timer → block event), mean / p95 / max ms |",
    "|---:|---:|---:|---:|",
    ...loads.map((r) => `| ${r.accounts} | ${r.rttMedianMs.toFixed(1)} / ${r.rttP95Ms.toFixed(1)} | ${ms(Math.max(0, r.lateP95Ms))} | ${r.blockWorkMs.mean.toFixed(1)} / ${ms(r.blockWorkMs.p95)} / ${ms(r.blockWorkMs.max)} |`),
    ...(refusals.length ? ["", ...refusals] : []),
    ...(loads.some((r) => !r.held)
      ? [
          "",
          "Where it did not hold: the devnet runs the block timer, the RPC servers, CheckTx and DeliverTx on one event loop, and most of that loop's time goes to secp256k1 signature verification (pure JS, once in CheckTx and again in DeliverTx). Near that loop's capacity, each of its turns first serves every waiting connection's CheckTx, so with many concurrent senders the block timer fires late by that backlog; with fewer senders the same rate leaves the interval intact.",
        ]
      : []),
  ];
}
