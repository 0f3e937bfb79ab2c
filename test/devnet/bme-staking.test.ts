import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import { GENESIS_FUNDS } from "../../src/devnet/chain/genesis.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { getDelegation, pendingRewards, totals } from "../../src/devnet/chain/modules/staking.js";
import { commit, signTx } from "./chain-helpers.js";

describe("bme: minting ACT from AKT", () => {
  it("burns AKT at once and delivers ACT after an epoch at the AKT price less the spread", async () => {
    const { chain, user } = await createDevnetChain();
    const uakt = balance(chain.store, user.address, "uakt");
    const uact = balance(chain.store, user.address, "uact");
    const mint = { typeUrl: "/akash.bme.v1.MsgMintACT", value: { owner: user.address, to: user.address, coinsToBurn: { denom: "uakt", amount: "10000000" } } };
    const { result } = commit(chain, await signTx(chain, user, [mint]));
    expect(result?.code).toBe(0);
    const mintedAt = chain.height;
    expect(balance(chain.store, user.address, "uakt")).toBe(uakt - 10_000_000n - 25_000n);
    while (chain.height < mintedAt + chain.params.bme.epochBlocks - 1) chain.produceBlock();
    expect(balance(chain.store, user.address, "uact")).toBe(uact);
    chain.produceBlock();
    // 10 AKT × $1.25 × (1 − 0.0025) = 12.46875 ACT
    expect(balance(chain.store, user.address, "uact")).toBe(uact + 12_468_750n);
  });

  it("refuses sending ACT between wallets", async () => {
    const { chain, user, providers } = await createDevnetChain();
    const send = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uact", amount: "1000" }] } };
    const { result } = commit(chain, await signTx(chain, user, [send]));
    expect(result).toMatchObject({ code: 5, codespace: "bank", log: "failed to execute message; message index: 0: uact transfers are currently disabled: send transactions are disabled" });
  });
});

describe("staking rewards", () => {
  it("accrue every block from inflation less community tax and commission, and can be withdrawn", async () => {
    const { chain, user, validatorOperator } = await createDevnetChain();
    const start = pendingRewards(chain, getDelegation(chain, user.address, validatorOperator)!);
    chain.produceBlock();
    const supply = Dec.from(chain.store.get<bigint>("bank/supply/uakt")!);
    for (let i = 0; i < 9; i++) chain.produceBlock();
    const earned = pendingRewards(chain, getDelegation(chain, user.address, validatorOperator)!).sub(start);
    // Per block: supply × 4% ÷ blocks per year, × (1 − 2% tax) × (1 − 5% commission), × the user's share of the stake.
    const share = Dec.from(GENESIS_FUNDS.userDelegation).div(GENESIS_FUNDS.userDelegation + GENESIS_FUNDS.validatorSelfBond);
    const perBlock = supply.mul("0.04").div(chain.params.mint.blocksPerYear).mul("0.98").mul("0.95").mul(share);
    const ratio = earned.div(perBlock.mul(10)).toNumber();
    expect(ratio).toBeGreaterThan(0.99);
    expect(ratio).toBeLessThan(1.01);
    expect(Dec.parse(totals(chain).communityPool).isZero()).toBe(false);

    const before = balance(chain.store, user.address, "uakt");
    const withdraw = { typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", value: { delegatorAddress: user.address, validatorAddress: validatorOperator } };
    const { result } = commit(chain, await signTx(chain, user, [withdraw]));
    expect(result?.code).toBe(0);
    const event = result!.events.find((e) => e.type === "withdraw_rewards")!;
    const paid = BigInt(event.attributes.find((a) => a.key === "amount")!.value.replace("uakt", ""));
    expect(paid).toBeGreaterThan(0n);
    expect(balance(chain.store, user.address, "uakt")).toBe(before - 25_000n + paid);
  });
});
