import { describe, expect, it } from "vitest";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { commit, signTx } from "./chain-helpers.js";

describe("devnet chain (in process)", () => {
  it("commits a bank send in the next block and bumps the sequence", async () => {
    const { chain, user, providers } = await createDevnetChain();
    const before = balance(chain.store, providers[0]!.address, "uakt");
    const tx = await signTx(chain, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "1000" }] } }]);
    const { check, result } = commit(chain, tx);
    expect(check.code).toBe(0);
    expect(result).toMatchObject({ code: 0 });
    expect(balance(chain.store, providers[0]!.address, "uakt")).toBe(before + 1000n);
    expect(chain.store.get<{ sequence: bigint }>(`auth/account/${user.address}`)!.sequence).toBe(1n);
  });

  it("refuses a replayed sequence with the chain's code 32 text", async () => {
    const { chain, user, providers } = await createDevnetChain();
    const send = [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "1" }] } }];
    commit(chain, await signTx(chain, user, send));
    const stale = chain.checkTx(await signTx(chain, user, send, { sequence: 0n }));
    expect(stale).toMatchObject({ code: 32, codespace: "sdk", log: "account sequence mismatch, expected 1, got 0: incorrect account sequence" });
  });

  it("refuses a signature for another chain id", async () => {
    const { chain, user, providers } = await createDevnetChain();
    const tx = await signTx(chain, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "1" }] } }], { chainId: "akashnet-2" });
    expect(chain.checkTx(tx)).toMatchObject({ code: 4, log: expect.stringMatching(/^signature verification failed; please verify account number \(\d+\) and chain-id \(akash-local-1\): \(unable to verify single signer signature\): unauthorized$/) });
  });
});

describe("devnet chain state", () => {
  it("survives a snapshot round trip: balances, sequences, transactions and height", async () => {
    const { DevnetChain } = await import("../../src/devnet/chain/chain.js");
    const { decodeSnapshot, encodeSnapshot } = await import("../../src/devnet/chain/snapshot.js");
    const { chain, user, providers } = await createDevnetChain();
    const tx = await signTx(chain, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[1]!.address, amount: [{ denom: "uakt", amount: "777" }] } }]);
    const { check } = commit(chain, tx);
    const restored = new DevnetChain({ params: chain.params, blockTimeMs: 1000, withdrawPeriodBlocks: 10, genesis: () => undefined, restore: decodeSnapshot(encodeSnapshot(chain.snapshot())) });
    expect(restored.height).toBe(chain.height);
    expect(balance(restored.store, providers[1]!.address, "uakt")).toBe(balance(chain.store, providers[1]!.address, "uakt"));
    expect(restored.getTx(check.hash)?.result.code).toBe(0);
    const next = await signTx(restored, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[1]!.address, amount: [{ denom: "uakt", amount: "1" }] } }]);
    expect(restored.checkTx(next).code).toBe(0);
  });
});

describe("signature checks", () => {
  it("refuses the high-S twin of a valid signature, as the Cosmos SDK does", async () => {
    const { TxRaw } = await import("@akashnetwork/chain-sdk/private-types/cosmos.v1beta1");
    const { chain, user, providers } = await createDevnetChain();
    const bytes = await signTx(chain, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "5" }] } }]);
    const raw = TxRaw.decode(bytes);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const signature = raw.signatures[0]!;
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);
    const highS = Buffer.concat([signature.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, "0"), "hex")]);
    const malleated = TxRaw.encode({ ...raw, signatures: [highS] }).finish();
    expect(chain.checkTx(malleated)).toMatchObject({ code: 4 });
    expect(chain.checkTx(bytes)).toMatchObject({ code: 0 });
  });
});

describe("queries at earlier heights", () => {
  it("reads the state as it was at the end of an earlier block, and refuses heights no longer kept", async () => {
    const { QueryBalanceRequest, QueryBalanceResponse } = await import("@akashnetwork/chain-sdk/private-types/cosmos.v1beta1");
    const { chain, user, providers } = await createDevnetChain();
    const to = providers[2]!.address;
    chain.produceBlock();
    const before = chain.height;
    commit(chain, await signTx(chain, user, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: user.address, toAddress: to, amount: [{ denom: "uakt", amount: "4242" }] } }]));
    const request = QueryBalanceRequest.encode({ address: to, denom: "uakt" }).finish();
    const at = (height?: number) => {
      const result = chain.query("/cosmos.bank.v1beta1.Query/Balance", request, height);
      return { height: result.height, amount: result.code === 0 ? BigInt(QueryBalanceResponse.decode(result.value).balance!.amount) : undefined, code: result.code };
    };
    const now = at();
    const then = at(before);
    expect(now.amount! - then.amount!).toBe(4242n);
    expect(then.height).toBe(before);
    for (let i = 0; i < 101; i++) chain.produceBlock();
    expect(at(before)).toMatchObject({ code: 18 });
  });
});
