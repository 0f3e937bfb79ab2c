/**
 * Lease settlement on the devnet as the escrow module does it on mainnet, seen only through chain-sdk queries and
 * txs, cosmjs heights and balances, and the devnet's control API: providers withdraw every PERIOD blocks, each
 * withdrawal settles the deployment's escrow account (rate × blocks, truncated), an account that ran dry is found
 * overdrawn at the next settlement, closing refunds the rest, deposits add funds, reclamation marks the lease.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { Lease_State } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { StargateClient } from "@cosmjs/stargate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { chainSdk } from "./clients.js";
import { deployAndLease, fleetWith, LUXE_PROVIDER, renderOrder, waitFor, type Client, type Order, type Sdk } from "./devnet-harness.js";

const BLOCK_MS = 250;
const PERIOD = 5;
const DEPOSIT = 5_000_000n;

let devnet: Devnet;
let client: Client;
let sdk: Sdk;
let stargate: StargateClient;
let order: Order;
let fleetFile: string;

beforeAll(async () => {
  fleetFile = fleetWith(LUXE_PROVIDER);
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, withdrawPeriodBlocks: PERIOD, providersFile: fleetFile });
  client = chainSdk(devnet, devnet.mnemonic);
  sdk = client.sdk;
  stargate = await StargateClient.connect(devnet.rpc);
  order = await renderOrder(BLOCK_MS);
});

afterAll(async () => {
  stargate?.disconnect();
  await client?.signer.disconnect();
  await devnet?.stop();
  if (fleetFile) rmSync(dirname(fleetFile), { recursive: true, force: true });
});

const owner = () => devnet.address;
const amount = (coin: { amount: string } | undefined) => Dec.parse(coin!.amount);
const uact = async () => BigInt((await stargate.getBalance(owner(), "uact")).amount);
/** What settlements every PERIOD blocks, and one at the end, pay over `blocks` blocks: each truncates rate × Δ. */
const paidOver = (price: Dec, blocks: number) => {
  const full = Math.floor((blocks - 1) / PERIOD);
  return price.mul(PERIOD).truncate(0).mul(full).add(price.mul(blocks - PERIOD * full).truncate(0));
};

/** The deployment's escrow account and its (single) payment, read consistently (no settlement between the two queries). */
async function escrowOf(dseq: bigint) {
  const xid = `${owner()}/${dseq}`;
  // As on mainnet, the filter is a prefix of the store key "<scope>/<xid>": it names the scope, and
  // "deployment/<owner>/12" would also match dseq 123 — hence the exact match below.
  const filter = `deployment/${xid}`;
  const account = async () => (await sdk.akash.escrow.v1.getAccounts({ xid: filter, state: "" })).accounts.find((a) => a.id!.scope === 1 && a.id!.xid === xid)!.state!;
  for (;;) {
    const before = await account();
    const { payments } = await sdk.akash.escrow.v1.getPayments({ xid: filter, state: "" });
    const after = await account();
    const payment = payments.find((p) => p.id!.aid!.scope === 1 && p.id!.aid!.xid === xid)!.state!;
    if (before.settledAt.toString() === after.settledAt.toString()) return { account: after, payment, settledAt: Number(after.settledAt.toString()) };
  }
}

const leaseOf = async (dseq: bigint) => (await sdk.akash.market.v1beta5.getLeases({ filters: { owner: owner(), dseq } })).leases[0]!;

describe("settlement", () => {
  it("after a settlement K blocks into a lease, the payment received K × price (truncated) and the account's funds fell by the same", async () => {
    const { dseq, createdAt, price } = await deployAndLease(sdk, owner(), order);
    const { account, payment, settledAt } = await waitFor("the first settlement", async () => {
      const escrow = await escrowOf(dseq);
      return escrow.settledAt > createdAt ? escrow : undefined;
    });
    const blocks = settledAt - createdAt;
    expect(blocks % PERIOD).toBe(0); // providers withdraw every PERIOD blocks of the lease
    const paid = paidOver(price, blocks);
    if (blocks === PERIOD) expect(paid.toString()).toBe(price.mul(blocks).truncate(0).toString());
    expect(amount(payment.withdrawn).add(amount(payment.balance)).toString()).toBe(paid.toString());
    expect(amount(account.transferred[0]).toString()).toBe(paid.toString());
    expect(amount(account.funds[0]).toString()).toBe(Dec.from(DEPOSIT).sub(paid).toString());
    expect(payment.state).toBe(1); // open
    expect((await leaseOf(dseq)).lease!.state).toBe(1); // active
    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
  });

  it("closes an underfunded lease with insufficient_funds at the first settlement after its funds ran out, not before", async () => {
    const dear = await renderOrder(BLOCK_MS, { region: "lux-1", maxUsdPerHour: "1000" });
    const deposit = 500_000n;
    const { dseq, createdAt, price } = await deployAndLease(sdk, owner(), dear, { deposit: deposit.toString() });
    const runsOutAfter = Number(Dec.from(deposit).div(price).toBigInt()) + 1; // the first block the deposit does not cover
    const perSettlement = price.mul(PERIOD).truncate(0);
    let settlements = 1;
    while (perSettlement.mul(settlements).cmp(Dec.from(deposit)) <= 0) settlements++;
    const found = createdAt + PERIOD * settlements; // the first provider withdrawal that cannot be paid
    expect(createdAt + runsOutAfter).toBeLessThan(found); // a window in which the funds are gone but nobody has looked

    let activeAfterRunOut = false;
    const closed = await waitFor("the lease to close", async () => {
      const height = await stargate.getHeight();
      const { lease } = await leaseOf(dseq);
      if (lease!.state === 1 && height >= createdAt + runsOutAfter) activeAfterRunOut = true;
      return lease!.state === 1 ? undefined : lease!;
    }, 30_000, 25);
    expect(activeAfterRunOut).toBe(true); // settlement is lazy: still active after the funds ran out
    expect({ state: closed.state, reason: closed.reason, closedOn: Number(closed.closedOn.toString()) }).toEqual({ state: 2, reason: 20000, closedOn: found });

    const { account, payment } = await escrowOf(dseq);
    expect(account.state).toBe(3); // overdrawn
    expect(amount(account.transferred[0]).toString()).toBe(deposit.toString());
    expect(payment.state).toBe(3);
    expect(amount(payment.withdrawn).add(amount(payment.balance)).toString()).toBe(deposit.toString());
    expect(amount(payment.unsettled).toString()).toBe(perSettlement.mul(settlements).sub(deposit).toString()); // owed, not paid
    const { deployment } = await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner: owner(), dseq } });
    expect(deployment!.state).toBe(2); // closed
  });

  it("MsgCloseDeployment settles, pays the provider and refunds the remainder to the wallet", async () => {
    const { dseq, createdAt, price } = await deployAndLease(sdk, owner(), order);
    await waitFor("a few blocks of the lease", async () => ((await stargate.getHeight()) >= createdAt + PERIOD + 2 ? true : undefined));
    const before = await uact();
    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
    const refund = (await uact()) - before;

    const { lease } = await leaseOf(dseq);
    const closedOn = Number(lease!.closedOn.toString());
    expect({ state: lease!.state, reason: lease!.reason }).toEqual({ state: 3, reason: 1 }); // closed by its owner
    const paid = paidOver(price, closedOn - createdAt);
    const { account, payment } = await escrowOf(dseq);
    expect(account.state).toBe(2); // closed
    expect(account.deposits).toEqual([]);
    expect(amount(account.transferred[0]).toString()).toBe(paid.toString());
    expect(payment.state).toBe(2);
    expect(amount(payment.withdrawn).toString()).toBe(paid.toString());
    expect(refund).toBe(DEPOSIT - paid.toBigInt());
  });

  it("a deposit into an open account raises its funds by the amount deposited", async () => {
    const { dseq } = await deployAndLease(sdk, owner(), order);
    const xid = `${owner()}/${dseq}`;
    const wallet = await uact();
    await sdk.akash.escrow.v1.accountDeposit({ signer: owner(), id: { scope: 1, xid }, deposit: { amount: { denom: "uact", amount: "2000000" }, sources: [1] } });
    expect(wallet - (await uact())).toBe(2_000_000n);
    const { account } = await escrowOf(dseq);
    expect(account.state).toBe(1);
    // Whatever the settlements paid meanwhile, funds + transferred is everything deposited.
    expect(amount(account.funds[0]).add(amount(account.transferred[0])).toString()).toBe(Dec.from(DEPOSIT + 2_000_000n).toString());
    expect(account.deposits.map((d) => ({ owner: d.owner, amount: amount(d.balance).toString() }))).toContainEqual({ owner: owner(), amount: "2000000" });
    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
  });
});

describe("reclamation", () => {
  it("a provider's reclaim (control API) shows the lease as reclaiming: state 4, which chain-sdk alpha.25's enum does not name", async () => {
    const { dseq, bid } = await deployAndLease(sdk, owner(), order);
    const name = devnet.providers.find((p) => p.owner === bid.id!.provider)!.name;
    const reply = await fetch(`${devnet.admin}/providers/${name}/reclaim`, { method: "POST", body: JSON.stringify({ owner: owner(), dseq: dseq.toString(), gseq: 1, oseq: 1, deadlineSeconds: 600 }) });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { state: string }).state).toBe("reclaiming");

    const lease = await waitFor("the lease to be reclaiming", async () => {
      const { lease } = await leaseOf(dseq);
      return lease!.state === 1 ? undefined : lease!;
    });
    expect(lease.state).toBe(4);
    expect(Lease_State[lease.state]).toBeUndefined(); // alpha.25: invalid, active, insufficient_funds, closed only
    const { leases } = await sdk.akash.market.v1beta5.getLeases({ filters: { owner: owner(), dseq, state: "reclaiming" } });
    expect(leases.map((l) => l.lease!.state)).toEqual([4]);
    // A reclaiming lease still runs, so the provider still withdraws for it: its account keeps settling.
    const createdAt = Number(lease.createdAt.toString());
    await waitFor("a settlement after the reclaim", async () => ((await escrowOf(dseq)).settledAt > createdAt ? true : undefined));

    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner: owner(), dseq } });
    expect((await leaseOf(dseq)).lease).toMatchObject({ state: 3, reason: 1 });
  });
});
