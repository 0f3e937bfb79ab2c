import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../src/costs/decimal.js";
import { DevnetChain } from "../../src/devnet/chain/chain.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { getEscrowAccount, getPayment } from "../../src/devnet/chain/modules/escrow.js";
import { allBids, getLease } from "../../src/devnet/chain/modules/market.js";
import { BidEngine } from "../../src/devnet/fleet/bid-engine.js";
import { loadFleet } from "../../src/devnet/fleet/fleet-config.js";
import { registerProviders } from "../../src/devnet/fleet/register.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { commit, signTx } from "./chain-helpers.js";

const PRICE = { blockTimeMs: 1000, actUsd: Dec.parse("1") };
const sdl = (gpu: string, usd = "5") =>
  readFileSync(new URL(`../sdl/__golden__/vllm-${gpu}-x1.yaml`, import.meta.url), "utf8").replace(/amount: "3333.333333"/, `amount: "${Dec.parse(usd).mul(1_000_000).div(3600).truncate(6)}"`);

let chain: DevnetChain;
let user: DevnetKey;
let providers: DevnetKey[];

async function createDeployment(dseq: bigint, text: string, deposit = "5000000") {
  const analysis = await analyzeSdl(text, PRICE);
  if (!analysis.valid) throw new Error(JSON.stringify(analysis.errors));
  const msg = {
    typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment",
    value: { id: { owner: user.address, dseq }, groups: analysis.groupSpecs.map((g) => GroupSpec.fromPartial(g)), hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: deposit }, sources: [1] } },
  };
  return commit(chain, await signTx(chain, user, [msg]));
}

beforeEach(async () => {
  ({ chain, user, providers } = await createDevnetChain({ withdrawPeriodBlocks: 5 }));
  const fleet = loadFleet();
  const members = fleet.map((config, i) => ({ config, address: providers[i]!.address, faults: {} }));
  const registered = registerProviders(chain, members.map((m) => ({ ...m, hostUri: `https://127.0.0.1:${8443 + members.indexOf(m)}` })));
  chain.produceBlock();
  await registered;
  new BidEngine(chain, members, 1000).start();
});

describe("market and escrow on the devnet chain", () => {
  it("gets bids from every provider with a fitting h100 within two blocks, none from the others", async () => {
    const { result } = await createDeployment(100n, sdl("h100"));
    expect(result?.code).toBe(0);
    chain.produceBlock(); // providers see the order
    chain.produceBlock(); // their bids land
    const bidders = allBids(chain).filter((b) => b.dseq === 100n).map((b) => b.provider);
    const h100Providers = loadFleet().flatMap((p, i) => (p.gpus.some((g) => g.model === "h100") ? [providers[i]!.address] : []));
    expect(new Set(bidders)).toEqual(new Set(h100Providers));
    expect(bidders.length).toBeGreaterThanOrEqual(3);
  });

  it("settles a lease lazily: after K blocks the payment has K × price and the funds fell by the same", async () => {
    await createDeployment(101n, sdl("h100"));
    chain.produceBlock();
    chain.produceBlock();
    const bid = allBids(chain).filter((b) => b.dseq === 101n).sort((a, b) => Dec.parse(a.price.amount).cmp(b.price.amount))[0]!;
    const lease = { typeUrl: "/akash.market.v1beta5.MsgCreateLease", value: { bidId: { owner: bid.owner, dseq: bid.dseq, gseq: bid.gseq, oseq: bid.oseq, provider: bid.provider, bseq: bid.bseq } } };
    const { result } = commit(chain, await signTx(chain, user, [lease]));
    expect(result?.code).toBe(0);
    const leaseHeight = chain.height;
    const xid = `${user.address}/101`;
    const providerBefore = balance(chain.store, bid.provider, "uact");
    while (chain.height < leaseHeight + 5) chain.produceBlock(); // the provider withdraws at +5
    const blocks = 5;
    const price = Dec.parse(bid.price.amount);
    const payment = getPayment(chain, "deployment", xid, `1/1/${bid.provider}`)!;
    const expected = price.mul(blocks).truncate(0);
    expect(Dec.parse(payment.balance).add(payment.withdrawn).toString()).toBe(expected.toString());
    const account = getEscrowAccount(chain, "deployment", xid)!;
    expect(account.settledAt).toBe(leaseHeight + blocks);
    expect(Dec.parse(account.transferred).toString()).toBe(expected.toString());
    expect(Dec.parse(account.funds).toString()).toBe(Dec.from(5_000_000).sub(expected).toString());
    expect(balance(chain.store, bid.provider, "uact") - providerBefore).toBe(payment.withdrawn);
    expect(getLease(chain, bid)!.state).toBe("active");
  });
});
