import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../src/costs/decimal.js";
import type { DevnetChain } from "../../src/devnet/chain/chain.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { getDeployment } from "../../src/devnet/chain/modules/deployment.js";
import { getEscrowAccount } from "../../src/devnet/chain/modules/escrow.js";
import { allBids, getLease } from "../../src/devnet/chain/modules/market.js";
import { BidEngine } from "../../src/devnet/fleet/bid-engine.js";
import { loadFleet } from "../../src/devnet/fleet/fleet-config.js";
import { registerProviders } from "../../src/devnet/fleet/register.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { commit, FEE, signTx } from "./chain-helpers.js";
import { fieldsOf, lastBytes } from "../../src/chain/queries/proto-fields.js";

const PRICE = { blockTimeMs: 1000, actUsd: Dec.parse("1") };
const golden = (name: string) => readFileSync(new URL(`../sdl/__golden__/${name}.yaml`, import.meta.url), "utf8");
const perBlock = (usdPerHour: string) => Dec.parse(usdPerHour).mul(1_000_000).div(3600).truncate(6).toString();
const withPrice = (text: string, amount: string, denom = "uact") => text.replace(/denom: uact\n(\s+)amount: "3333.333333"/, `denom: ${denom}\n$1amount: "${amount}"`);

let chain: DevnetChain;
let user: DevnetKey;

async function deploymentMsg(dseq: bigint, text: string, deposit: { denom: string; amount: string }) {
  const analysis = await analyzeSdl(text.replace("denom: uakt", "denom: uact"), PRICE);
  if (!analysis.valid) throw new Error(JSON.stringify(analysis.errors));
  const groups = analysis.groupSpecs.map((g) => GroupSpec.fromPartial(g));
  if (text.includes("denom: uakt")) for (const g of groups) for (const r of g.resources) r.price!.denom = "uakt";
  return { typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment", value: { id: { owner: user.address, dseq }, groups, hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: deposit, sources: [1] } } };
}
const send = async (msgs: { typeUrl: string; value: unknown }[], fee = FEE) => commit(chain, await signTx(chain, user, msgs, { fee }));
const leaseMsg = (bid: ReturnType<typeof allBids>[number]) => ({ typeUrl: "/akash.market.v1beta5.MsgCreateLease", value: { bidId: { owner: bid.owner, dseq: bid.dseq, gseq: bid.gseq, oseq: bid.oseq, provider: bid.provider, bseq: bid.bseq } } });
const cheapest = (dseq: bigint) => allBids(chain).filter((b) => b.dseq === dseq && b.state === "open").sort((a, b) => Dec.parse(a.price.amount).cmp(b.price.amount))[0]!;

beforeEach(async () => {
  const created = await createDevnetChain({ withdrawPeriodBlocks: 10 });
  ({ chain, user } = created);
  const members = loadFleet().map((config, i) => ({ config, address: created.providers[i]!.address, faults: {} }));
  const registered = registerProviders(chain, members.map((m, i) => ({ ...m, hostUri: `https://127.0.0.1:${9000 + i}` })));
  chain.produceBlock();
  await registered;
  new BidEngine(chain, members, 1000).start();
});

describe("deployment refusals with mainnet's codes and texts", () => {
  it("refuses uakt pricing", async () => {
    const { result } = await send([await deploymentMsg(1n, golden("vllm-h100-x1").replace("denom: uact", "denom: uakt"), { denom: "uakt", amount: "5000000" })]);
    expect(result).toMatchObject({ code: 20, codespace: "deployment", log: "failed to execute message; message index: 0: Deposit invalid" });
    // ValidateBasic refuses a deposit in another denomination than the price before any fee is taken.
    const mixed = await send([await deploymentMsg(2n, golden("vllm-h100-x1").replace("denom: uact", "denom: uakt"), { denom: "uact", amount: "5000000" })]);
    expect(mixed.check).toMatchObject({ code: 20, codespace: "deployment", log: "Mismatched denominations (uact != uakt): Deposit invalid" });
  });

  it("refuses a deposit below min_deposits", async () => {
    const { result } = await send([await deploymentMsg(3n, golden("vllm-h100-x1"), { denom: "uact", amount: "499999" })]);
    expect(result).toMatchObject({ code: 20, log: "failed to execute message; message index: 0: Deposit too low - 499999 < 500000uact: Deposit invalid" });
  });

  it("refuses a duplicate dseq", async () => {
    expect((await send([await deploymentMsg(4n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" })])).result?.code).toBe(0);
    const { result } = await send([await deploymentMsg(4n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" })]);
    expect(result).toMatchObject({ code: 3, codespace: "deployment", log: "failed to execute message; message index: 0: Deployment exists" });
  });

  it("refuses a fee below the minimum gas price, and keeps a failed tx's fee", async () => {
    const low = chain.checkTx(await signTx(chain, user, [await deploymentMsg(5n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" })], { fee: { amount: [{ denom: "uakt", amount: "10" }], gas: "400000" } }));
    expect(low).toMatchObject({ code: 13, log: "insufficient fees; got: 10uakt required: 1000uakt: insufficient fee" });
    const before = balance(chain.store, user.address, "uakt");
    await send([await deploymentMsg(6n, golden("vllm-h100-x1"), { denom: "uact", amount: "1" })]);
    expect(balance(chain.store, user.address, "uakt")).toBe(before - 25_000n);
  });

  it("makes a multi-message tx atomic", async () => {
    const ok = await deploymentMsg(7n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" });
    const bad = await deploymentMsg(7n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" });
    const { result } = await send([ok, bad]);
    expect(result).toMatchObject({ code: 3, log: expect.stringContaining("message index: 1") });
    expect(getDeployment(chain, user.address, 7n)).toBeUndefined();
  });
});

describe("leases and escrow", () => {
  async function leased(dseq: bigint, deposit: string, usdPerHour = "5") {
    await send([await deploymentMsg(dseq, withPrice(golden("vllm-h100-x1"), perBlock(usdPerHour)), { denom: "uact", amount: deposit })]);
    chain.produceBlock();
    chain.produceBlock();
    const bid = cheapest(dseq);
    expect((await send([leaseMsg(bid)])).result?.code).toBe(0);
    return bid;
  }

  it("refuses a lease on a closed bid", async () => {
    const bid = await leased(10n, "5000000");
    const other = allBids(chain).find((b) => b.dseq === 10n && b.provider !== bid.provider)!;
    expect(other.state).toBe("lost");
    const { result } = await send([leaseMsg(other)]);
    expect(result).toMatchObject({ code: 12, codespace: "market", log: "failed to execute message; message index: 0: bid not open" });
  });

  it("closes an underfunded lease with insufficient_funds at the first settlement after its funds ran out", async () => {
    const bid = await leased(11n, "500000");
    const price = Dec.parse(bid.price.amount);
    const runsOutAfter = Number(Dec.from(500_000).div(price).toBigInt()) + 1;
    // Providers withdraw every 10 blocks: the first withdrawal after the funds ran out finds it overdrawn.
    const leaseHeight = chain.height;
    const found = leaseHeight + Math.ceil(runsOutAfter / 10) * 10;
    while (chain.height < found - 1) chain.produceBlock();
    expect(leaseHeight + runsOutAfter).toBeLessThanOrEqual(found);
    expect(getLease(chain, bid)!.state).toBe("active"); // settlement is lazy: nobody has looked yet
    chain.produceBlock();
    expect(getLease(chain, bid)).toMatchObject({ state: "insufficient_funds", reason: 20000, closedOn: found });
    expect(getEscrowAccount(chain, "deployment", `${user.address}/11`)!.state).toBe("overdrawn");
    expect(getDeployment(chain, user.address, 11n)!.state).toBe("closed");
    // A deposit into an overdrawn account pays the debt but does not revive it.
    const deposit = { typeUrl: "/akash.escrow.v1.MsgAccountDeposit", value: { signer: user.address, id: { scope: 1, xid: `${user.address}/11` }, deposit: { amount: { denom: "uact", amount: "5000000" }, sources: [1] } } };
    await send([deposit]);
    expect(getLease(chain, bid)!.state).toBe("insufficient_funds");
    expect(getEscrowAccount(chain, "deployment", `${user.address}/11`)!.state).not.toBe("open");
  });

  it("closing a deployment settles, pays the provider and refunds the rest", async () => {
    const bid = await leased(12n, "5000000");
    const leaseHeight = chain.height;
    chain.produceBlock();
    chain.produceBlock();
    const before = balance(chain.store, user.address, "uact");
    const close = { typeUrl: "/akash.deployment.v1beta4.MsgCloseDeployment", value: { id: { owner: user.address, dseq: 12n } } };
    expect((await send([close])).result?.code).toBe(0);
    const paid = Dec.parse(bid.price.amount).mul(chain.height - leaseHeight).truncate(0).toBigInt();
    expect(balance(chain.store, user.address, "uact") - before).toBe(5_000_000n - paid);
    expect(getLease(chain, bid)).toMatchObject({ state: "closed", reason: 1 });
    expect(getEscrowAccount(chain, "deployment", `${user.address}/12`)).toMatchObject({ state: "closed", deposits: [], transferred: paid.toString() });
  });
});

describe("reclamation (AEP-82)", () => {
  it("shows a reclaiming lease with its deadline in Lease.reclamation, as node v2.1 encodes it", async () => {
    await send([await deploymentMsg(20n, golden("vllm-h100-x1"), { denom: "uact", amount: "5000000" })]);
    chain.produceBlock();
    chain.produceBlock();
    const bid = cheapest(20n);
    await send([leaseMsg(bid)]);
    const { startReclaim } = await import("../../src/devnet/chain/modules/market.js");
    const deadline = Math.floor(Date.now() / 1000) + 3600;
    const reclaimed = chain.enqueue((ctx) => startReclaim(ctx, bid, deadline));
    chain.produceBlock();
    await reclaimed;
    const { QueryLeaseRequest } = await import("@akashnetwork/chain-sdk/private-types/akash.v1beta5");
    const request = QueryLeaseRequest.encode(QueryLeaseRequest.fromPartial({ id: { owner: bid.owner, dseq: bid.dseq, gseq: bid.gseq, oseq: bid.oseq, provider: bid.provider, bseq: bid.bseq } })).finish();
    const reply = chain.query("/akash.market.v1beta5.Query/Lease", request);
    expect(reply.code).toBe(0);
    const varints = (fields: ReturnType<typeof fieldsOf>, number: number) => fields.filter((f) => f.number === number).map((f) => f.varint);
    const lease = fieldsOf(lastBytes(fieldsOf(reply.value), 1)!);
    expect(varints(lease, 2)).toEqual([4n]); // state reclaiming
    const reclamation = fieldsOf(lastBytes(lease, 7)!);
    expect(varints(reclamation, 3)).toEqual([BigInt(deadline)]);
    expect(varints(reclamation, 2)).toEqual([BigInt(chain.height)]);
  });
});
