/**
 * AKT staking yield against the devnet, through the product's clients only (chain-sdk gRPC, CometBFT RPC):
 * the figures must equal what the devnet's distribution module accrued — its reward-per-share accumulator,
 * read from its store at the same heights — and the withdrawals must be the payouts the txs made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBech32, toBech32 } from "@cosmjs/encoding";
import type { DeliverTxResponse } from "@cosmjs/stargate";
import { CometRpc } from "../../src/chain/comet-rpc.js";
import { createQuerySdk } from "../../src/chain/query-sdk.js";
import { Dec } from "../../src/costs/decimal.js";
import { GENESIS_FUNDS } from "../../src/devnet/chain/genesis.js";
import { supply } from "../../src/devnet/chain/modules/bank.js";
import { bondedTokens, getDelegation, totals } from "../../src/devnet/chain/modules/staking.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { stakingYield } from "../../src/yield/index.js";
import { atHeight } from "../../src/yield/staking-reads.js";
import { chainSdk } from "../devnet/clients.js";
import { FEE, waitFor } from "../devnet/devnet-harness.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ReturnType<typeof chainSdk>;
let rpc: CometRpc;
let sdk: ReturnType<typeof createQuerySdk>;
let validator: string;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  client = chainSdk(devnet, devnet.mnemonic);
  rpc = new CometRpc(devnet.rpc, 10_000);
  sdk = createQuerySdk(devnet.grpc);
  const { delegationResponses } = await sdk.cosmos.staking.v1beta1.getDelegatorDelegations({ delegatorAddr: devnet.address });
  validator = delegationResponses[0]!.delegation!.validatorAddress;
});

afterAll(async () => {
  await client?.signer.disconnect();
  await devnet?.stop();
});

const head = () => devnet.chain.height;
const waitBlocks = (n: number) => {
  const target = head() + n;
  return waitFor(`height ${target}`, async () => (head() >= target ? true : undefined));
};

/** The devnet's own accumulator at the end of `height`. */
const rewardPerShareAt = (height: number) => Dec.parse(totals({ store: devnet.chain.store.at(height, devnet.chain.height) }).rewardPerShare);

/** Sends one tx through chain-sdk and returns what the node committed. */
async function send(run: (options: { fee: typeof FEE; afterBroadcast: (tx: DeliverTxResponse) => void }) => Promise<unknown>): Promise<DeliverTxResponse> {
  let committed: DeliverTxResponse | undefined;
  await run({ fee: FEE, afterBroadcast: (tx) => (committed = tx) });
  expect(committed?.code).toBe(0);
  return committed!;
}

const eventAmount = (tx: DeliverTxResponse) => {
  const event = tx.events.find((e) => e.type === "withdraw_rewards")!;
  return Dec.parse(event.attributes.find((a) => a.key === "amount")!.value.replace(/uakt$/, ""));
};

describe("stakingYield on the devnet", () => {
  it("reads delegations, pending rewards, withdrawals between two heights and realised yield equal to what distribution accrued", async () => {
    await waitBlocks(3);
    const from = head();
    await waitBlocks(3);
    const withdraw = await send((o) => client.sdk.cosmos.distribution.v1beta1.withdrawDelegatorReward({ delegatorAddress: devnet.address, validatorAddress: validator }, o));
    const extra = 1_000_000_000n; // 1,000 AKT more: cosmos-sdk pays out the pending rewards first
    const redelegate = await send((o) => client.sdk.cosmos.staking.v1beta1.delegate({ delegatorAddress: devnet.address, validatorAddress: validator, amount: { denom: "uakt", amount: extra.toString() } }, o));
    await waitBlocks(3);

    const result = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: from }, aktUsd: Dec.parse("2") });
    const to = result.height;

    expect(result.delegations).toEqual([
      { validator, moniker: "devnet-validator", commission: Dec.parse("0.05"), amount: Dec.from(GENESIS_FUNDS.userDelegation + extra), denom: "uakt", usd: Dec.from(GENESIS_FUNDS.userDelegation + extra).div(1_000_000).mul(2) },
    ]);
    expect(result.staked.uakt.toString()).toBe((GENESIS_FUNDS.userDelegation + extra).toString());

    // Both payouts, found by tx_search on the withdraw_rewards events, with their heights and hashes.
    expect(result.withdrawn.withdrawals.map((w) => ({ height: w.height, txHash: w.txHash, validator: w.validator, amount: w.amount.toString() }))).toEqual([
      { height: withdraw.height, txHash: withdraw.transactionHash, validator, amount: eventAmount(withdraw).toString() },
      { height: redelegate.height, txHash: redelegate.transactionHash, validator, amount: eventAmount(redelegate).toString() },
    ]);
    expect(eventAmount(withdraw).isZero()).toBe(false);
    expect(result.withdrawn.uakt.toString()).toBe(eventAmount(withdraw).add(eventAmount(redelegate)).toString());
    expect(result.withdrawn.usd!.toString()).toBe(result.withdrawn.uakt.div(1_000_000).mul(2).toString());

    // Pending now is exactly what the chain's rewards query answers at that height.
    const stored = getDelegation({ store: devnet.chain.store.at(to, devnet.chain.height) }, devnet.address, validator)!;
    const pendingNow = Dec.parse(stored.pendingRewards).add(rewardPerShareAt(to).sub(stored.rewardPerShareAtUpdate).mul(stored.shares));
    expect(result.pendingRewards.uakt.toString()).toBe(pendingNow.toString());

    // Realised = what the accumulator grew by for the stake held: the genesis stake up to the re-delegation's
    // block, the larger stake after it.
    const accrued = rewardPerShareAt(redelegate.height).sub(rewardPerShareAt(from)).mul(GENESIS_FUNDS.userDelegation)
      .add(rewardPerShareAt(to).sub(rewardPerShareAt(redelegate.height)).mul(GENESIS_FUNDS.userDelegation + extra));
    expect(result.realised.fromHeight).toBe(from);
    expect(result.realised.toHeight).toBe(to);
    expect(result.realised.uakt!.sub(accrued).toNumber()).toBeCloseTo(0, 12);
    expect(result.realised.uakt!.isNegative() || result.realised.uakt!.isZero()).toBe(false);
    expect(result.realised.usd).toBeDefined();
    expect(result.realised.note).toBeUndefined();

    // The user's bank balance moved by exactly the payouts, less what the two txs cost and the stake added.
    const balanceAt = async (height: number) => Dec.parse((await sdk.cosmos.bank.v1beta1.getBalance({ address: devnet.address, denom: "uakt" }, atHeight(height))).balance!.amount);
    expect((await balanceAt(to)).sub(await balanceAt(from)).toString()).toBe(result.withdrawn.uakt.sub(50_000).sub(Dec.from(extra)).toString());
  });

  it("computes the APR from the chain's parameters as inflation × (1 − community tax) × supply ÷ bonded, and projects 30 days from it", async () => {
    const result = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: head() - 1 }, aktUsd: Dec.parse("0.5") });
    const store = devnet.chain.store.at(result.height, devnet.chain.height);
    const totalSupply = supply(store, "uakt");
    const bonded = bondedTokens({ store });
    expect(result.apr.inputs).toEqual({ inflation: Dec.parse("0.04"), communityTax: Dec.parse("0.02"), totalSupply: Dec.from(totalSupply), bondedTokens: Dec.from(bonded), bondDenom: "uakt", height: result.height });
    // By hand, in integers: 4% × 98% = 392 / 10,000.
    const apr = Dec.from(totalSupply * 392n).div(Dec.from(bonded * 10_000n));
    expect(result.apr.value.toString()).toBe(apr.toString());
    expect(result.apr.value.toNumber()).toBeGreaterThan(0.04); // more supply than bonded stake

    expect(result.projected30d.days.toString()).toBe("30");
    expect(result.projected30d.uakt.toString()).toBe(result.staked.uakt.mul(apr).mul(Dec.from(30).div(365)).toString());
    expect(result.projected30d.afterCommission.uakt.toString()).toBe(result.staked.uakt.mul(apr).mul("0.95").mul(Dec.from(30).div(365)).toString());
    expect(result.projected30d.usd!.toString()).toBe(result.projected30d.uakt.div(1_000_000).mul("0.5").toString());
    expect(result.cutover).toBeUndefined();
    expect(result.projected30d.note).toBeUndefined();
  });

  it("stops projections at a cutover height, and projects nothing once it is reached", async () => {
    const now = head();
    // At 6 s blocks, 14,400 blocks are one day.
    const ahead = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: now }, cutover: { kind: "height", height: now + 14_400 }, blockTimeMs: 6000 });
    const blocksLeft = 14_400 - (ahead.height - now);
    const days = Dec.from(blocksLeft * 6000).div(86_400_000);
    expect(ahead.cutover).toMatchObject({ at: `height ${now + 14_400}`, kind: "height", reached: false, estimated: "time" });
    expect(ahead.cutover!.daysLeft.toString()).toBe(days.toString());
    expect(ahead.projected30d.days.toString()).toBe(days.toString());
    expect(ahead.projected30d.uakt.toString()).toBe(ahead.staked.uakt.mul(ahead.apr.value).mul(days.div(365)).toString());
    expect(ahead.projected30d.note).toContain("rewards end at the Solana migration cutover");

    const past = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: now }, cutover: { kind: "height", height: now } });
    expect(past.cutover).toMatchObject({ reached: true, height: now });
    expect(past.cutover!.note).toContain("has been reached");
    expect(past.projected30d.uakt.isZero()).toBe(true);
    // History is history: rewards accrued before the (configured) cutover are still reported.
    expect(past.pendingRewards.uakt.isZero()).toBe(false);
  });

  it("stops projections at a cutover date, measured from the chain's clock", async () => {
    const probe = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: head() } });
    const cutoverTime = new Date(Date.parse(probe.time) + 10 * 86_400_000);
    const result = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: head() }, cutover: { kind: "time", time: cutoverTime } });
    const days = Dec.from(cutoverTime.getTime() - Date.parse(result.time)).div(86_400_000);
    expect(result.cutover).toMatchObject({ at: cutoverTime.toISOString(), kind: "time", reached: false, estimated: "height" });
    expect(result.projected30d.days.toString()).toBe(days.toString());
    expect(days.cmp(10)).toBeLessThanOrEqual(0);
    expect(days.cmp(9)).toBe(1);
    // The height is estimated from the block time measured on the chain's recent headers (about 250 ms here).
    expect(result.cutover!.height).toBeGreaterThan(result.height + 10 * 86_400);
  });

  it("refuses an address that is not an akash1… account address, naming the field", async () => {
    const data = fromBech32(devnet.address).data;
    const cosmos = await stakingYield(sdk, rpc, { address: toBech32("cosmos", data), window: { fromHeight: 1 } }).catch((e: unknown) => e);
    expect(cosmos).toBeInstanceOf(InvalidInputError);
    expect((cosmos as InvalidInputError).problems[0]).toMatchObject({ field: "--address", found: expect.stringContaining('prefix "cosmos"'), expected: expect.stringContaining("akash1…") });

    const valoper = await stakingYield(sdk, rpc, { address: validator, addressField: "report.address", window: { fromHeight: 1 } }).catch((e: unknown) => e);
    expect(valoper).toBeInstanceOf(InvalidInputError);
    expect((valoper as InvalidInputError).problems[0]).toMatchObject({ field: "report.address", found: expect.stringContaining("validator operator address") });
    expect((valoper as Error).message).toContain("akash1…");
  });

  it("refuses a window that ends after the chain's head or before it starts", async () => {
    const error = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: 5, toHeight: head() + 1000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.field)).toEqual(["window.toHeight"]);
    const backwards = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: 5, toHeight: 4 } }).catch((e: unknown) => e);
    expect((backwards as InvalidInputError).problems[0]!.expected).toContain("≥ window.fromHeight");
    const zero = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: 0 } }).catch((e: unknown) => e);
    expect((zero as InvalidInputError).problems[0]!.field).toBe("window.fromHeight");
  });

  it("reports realised yield over a past window that ends before the head", async () => {
    await waitBlocks(2);
    const from = head() - 2;
    const to = head() - 1;
    const result = await stakingYield(sdk, rpc, { address: devnet.address, window: { fromHeight: from, toHeight: to } });
    const shares = Dec.from(getDelegation({ store: devnet.chain.store.at(to, devnet.chain.height) }, devnet.address, validator)!.shares);
    expect(result.withdrawn.withdrawals).toEqual([]);
    expect(result.realised.uakt!.sub(rewardPerShareAt(to).sub(rewardPerShareAt(from)).mul(shares)).toNumber()).toBeCloseTo(0, 12);
    expect(result.realised.pendingAtEnd.cmp(result.pendingRewards.uakt)).toBe(-1); // the head has accrued more since
  });
});

describe("stakingYield where the node has pruned the window's start", () => {
  let fast: Devnet;
  beforeAll(async () => {
    fast = await startDevnet({ blockTimeMs: 50 });
  });
  afterAll(async () => {
    await fast?.stop();
  });

  it("still reports, with realised yield unknown and a note saying why", async () => {
    await waitFor("height 110", async () => (fast.chain.height > 110 ? true : undefined), 60_000);
    const result = await stakingYield(createQuerySdk(fast.grpc), new CometRpc(fast.rpc, 10_000), { address: fast.address, window: { fromHeight: 2 } });
    expect(result.realised.uakt).toBeUndefined();
    expect(result.realised.pendingAtStart).toBeUndefined();
    expect(result.realised.note).toContain("no longer keeps the state at height 2");
    expect(result.pendingRewards.uakt.isZero()).toBe(false);
  });
});
