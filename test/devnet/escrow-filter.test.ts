/**
 * escrow v1 Accounts/Payments filters as mainnet applies them (node x/escrow/keeper/grpc_query.go, key.go):
 * `xid` is a prefix of "<scope>/<xid>" — so it starts with the scope, and is a plain string prefix.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../src/costs/decimal.js";
import type { DevnetChain } from "../../src/devnet/chain/chain.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";
import { createPayment } from "../../src/devnet/chain/modules/escrow.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { commit, signTx } from "./chain-helpers.js";

let chain: DevnetChain;
let user: DevnetKey;
let provider: string;

function accounts(xid: string, state = "") {
  const result = chain.query("/akash.escrow.v1.Query/Accounts", akashV1.QueryAccountsRequest.encode(akashV1.QueryAccountsRequest.fromPartial({ xid, state })).finish());
  if (result.code !== 0) return result;
  return akashV1.QueryAccountsResponse.decode(result.value).accounts.map((a) => `${a.id!.scope}:${a.id!.xid}:${a.state!.state}`);
}

function payments(xid: string) {
  const result = chain.query("/akash.escrow.v1.Query/Payments", akashV1.QueryPaymentsRequest.encode(akashV1.QueryPaymentsRequest.fromPartial({ xid, state: "" })).finish());
  return akashV1.QueryPaymentsResponse.decode(result.value).payments.map((p) => `${p.id!.aid!.xid}/${p.id!.xid}`);
}

beforeAll(async () => {
  const created = await createDevnetChain();
  ({ chain, user } = created);
  provider = created.providers[0]!.address;
  const analysis = await analyzeSdl(readFileSync(new URL("../sdl/__golden__/vllm-h100-x1.yaml", import.meta.url), "utf8"), { blockTimeMs: 1000, actUsd: Dec.parse("1") });
  if (!analysis.valid) throw new Error(JSON.stringify(analysis.errors));
  const create = (dseq: bigint) => ({
    typeUrl: "/akash.deployment.v1beta4.MsgCreateDeployment",
    value: { id: { owner: user.address, dseq }, groups: analysis.groupSpecs.map((g) => GroupSpec.fromPartial(g)), hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: "1000000" }, sources: [1] } },
  });
  expect(commit(chain, await signTx(chain, user, [create(12n), create(123n), create(9n)])).result?.code).toBe(0);
  const paid = chain.enqueue((ctx) => createPayment(ctx, chain.hooks, "deployment", `${user.address}/12`, `1/1/${provider}`, provider, Dec.parse("1")));
  chain.produceBlock();
  await paid;
  const close = { typeUrl: "/akash.deployment.v1beta4.MsgCloseDeployment", value: { id: { owner: user.address, dseq: 9n } } };
  expect(commit(chain, await signTx(chain, user, [close])).result?.code).toBe(0);
});

describe("escrow Accounts filter", () => {
  it("takes the scope in front: deployment, deployment/<owner>, deployment/<owner>/<dseq>", () => {
    expect(accounts("deployment")).toEqual([`1:${user.address}/12:1`, `1:${user.address}/123:1`, `1:${user.address}/9:2`]);
    expect(accounts(`deployment/${user.address}`)).toHaveLength(3);
    expect(accounts(`deployment/${user.address}/123`)).toEqual([`1:${user.address}/123:1`]);
  });

  it("is a plain prefix: dseq 12 also matches dseq 123, as on mainnet", () => {
    expect(accounts(`deployment/${user.address}/12`)).toEqual([`1:${user.address}/12:1`, `1:${user.address}/123:1`]);
  });

  it("an xid without its scope matches nothing", () => {
    expect(accounts(`${user.address}/12`)).toEqual([]);
    expect(accounts("bid")).toEqual([]);
  });

  it("lists state by state (open, closed, overdrawn), filters by state, and refuses an unknown state", () => {
    expect(accounts("", "closed")).toEqual([`1:${user.address}/9:2`]);
    expect((accounts("") as string[]).at(-1)).toBe(`1:${user.address}/9:2`);
    expect(accounts("", "active")).toMatchObject({ code: 18, log: "rpc error: code = InvalidArgument desc = invalid state value: invalid request", grpcCode: 3 });
  });
});

describe("escrow Payments filter", () => {
  it("matches the payment's key: scope, account xid, then the payment's gseq/oseq/provider", () => {
    const lease = `${user.address}/12/1/1/${provider}`;
    expect(payments(`deployment/${user.address}/12`)).toEqual([lease]);
    expect(payments(`deployment/${user.address}/12/1/1/${provider}`)).toEqual([lease]);
    expect(payments(`deployment/${user.address}/123`)).toEqual([]);
    expect(payments(`${user.address}/12`)).toEqual([]);
  });
});
