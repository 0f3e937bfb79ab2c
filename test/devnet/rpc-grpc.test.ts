/** The devnet's gRPC endpoint, driven only through chain-sdk's createChainNodeSDK (native gRPC over h2c). */
import { createChainNodeSDK, SDKError } from "@akashnetwork/chain-sdk";
import { BaseAccount } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGrpcServer } from "../../src/devnet/rpc/grpc-server.js";
import type { RpcServerHandle } from "../../src/devnet/rpc/server-common.js";
import { marketNode, OWNER, PROVIDER, type FakeNode } from "./fake-node.js";

let node: FakeNode;
let grpc: RpcServerHandle;
let sdk: ReturnType<typeof createChainNodeSDK>;

beforeAll(async () => {
  node = marketNode();
  grpc = await startGrpcServer(node, { host: "127.0.0.1", port: 0 });
  sdk = createChainNodeSDK({ query: { baseUrl: grpc.url } });
});

afterAll(async () => {
  await grpc.close();
});

async function rejection(call: Promise<unknown>): Promise<SDKError> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SDKError);
  return error as SDKError;
}

describe("gRPC through createChainNodeSDK", () => {
  it("answers bank balances and auth accounts", async () => {
    expect(await sdk.cosmos.bank.v1beta1.getBalance({ address: OWNER, denom: "uact" })).toMatchObject({ balance: { denom: "uact", amount: "2500000" } });
    const { account } = await sdk.cosmos.auth.v1beta1.getAccount({ address: OWNER });
    expect(account?.typeUrl).toBe("/cosmos.auth.v1beta1.BaseAccount");
    const base = BaseAccount.decode(account!.value);
    expect(base.address).toBe(OWNER);
    expect(base.accountNumber.toString()).toBe("12");
    expect(base.sequence.toString()).toBe("4");
  });

  it("reports a missing account as gRPC NotFound (5)", async () => {
    const error = await rejection(sdk.cosmos.auth.v1beta1.getAccount({ address: "akash1nobody" }));
    expect(error.code).toBe(5);
    expect(error.message).toMatch(/account akash1nobody not found/);
  });

  it("round-trips a bid's LegacyDec price as 1.5", async () => {
    const { bids } = await sdk.akash.market.v1beta5.getBids({ filters: { owner: OWNER, dseq: 77n, state: "open" }, pagination: { limit: 10n } });
    expect(bids).toHaveLength(1);
    const bid = bids[0]!.bid!;
    expect(bid.price).toEqual({ denom: "uact", amount: "1.5" });
    expect(bid.id?.provider).toBe(PROVIDER);
    expect(bid.createdAt.toString()).toBe("120");
    expect(await sdk.akash.market.v1beta5.getBids({ filters: { owner: OWNER, dseq: 78n } })).toMatchObject({ bids: [] });
  });

  it("answers a method the node lacks with UNIMPLEMENTED (12), and keeps serving", async () => {
    const error = await rejection(sdk.cosmos.bank.v1beta1.getAllBalances({ address: OWNER }));
    expect(error.code).toBe(12);
    expect(await sdk.cosmos.bank.v1beta1.getBalance({ address: OWNER, denom: "uact" })).toMatchObject({ balance: { amount: "2500000" } });
  });

  it("closes promptly although the SDK keeps its HTTP/2 session open", async () => {
    const other = await startGrpcServer(node, { host: "127.0.0.1", port: 0 });
    const client = createChainNodeSDK({ query: { baseUrl: other.url } });
    await client.cosmos.bank.v1beta1.getBalance({ address: OWNER, denom: "uact" });
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
