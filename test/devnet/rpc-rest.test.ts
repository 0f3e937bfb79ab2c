/**
 * The devnet's REST gateway, driven through chain-sdk's createChainNodeWebSDK, and its JSON compared with
 * mainnet's (fixtures recorded from akashnet-2 REST endpoints).
 */
import * as market from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { createChainNodeWebSDK, SDKError } from "@akashnetwork/chain-sdk/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetTxsEventRequest } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { startRestGateway } from "../../src/devnet/rpc/rest-gateway.js";
import { buildRequest } from "../../src/devnet/rpc/rest-routes.js";
import type { RpcServerHandle } from "../../src/devnet/rpc/server-common.js";
import { fixture, mainnetJson, marketNode, OWNER, type FakeNode } from "./fake-node.js";

let node: FakeNode;
let rest: RpcServerHandle;
let sdk: ReturnType<typeof createChainNodeWebSDK>;

beforeAll(async () => {
  node = marketNode(...market.QueryBidsResponse.fromJSON(fixture("market-v1beta5-bids-list")).bids);
  rest = await startRestGateway(node, { host: "127.0.0.1", port: 0 });
  sdk = createChainNodeWebSDK({ query: { baseUrl: rest.url } });
});

afterAll(async () => {
  await rest.close();
});

async function getJson(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(rest.url + path, init);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A copy of `json` without the named keys anywhere: fields one side's schema has and the other's lacks. */
function withoutKeys(json: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(json)) return json.map((item) => withoutKeys(item, keys));
  if (typeof json !== "object" || json === null) return json;
  return Object.fromEntries(Object.entries(json).filter(([key]) => !keys.includes(key)).map(([key, value]) => [key, withoutKeys(value, keys)]));
}

/** Fields mainnet (akash node v2.1) has that chain-sdk 1.0.0-alpha.25's types do not know, and vice versa. */
const NEWER_CHAIN_FIELDS = ["reclamation", "reclamation_window"];
const OLDER_SDK_FIELDS = ["direct"];

describe("REST through createChainNodeWebSDK", () => {
  it("answers balances with path parameters", async () => {
    expect(await sdk.cosmos.bank.v1beta1.getBalance({ address: OWNER, denom: "uact" })).toMatchObject({ balance: { denom: "uact", amount: "2500000" } });
  });

  it("builds the request from dotted query parameters and prints prices as mainnet does", async () => {
    const { bids } = await sdk.akash.market.v1beta5.getBids({ filters: { owner: OWNER, dseq: 77n, state: "open" }, pagination: { limit: 10n, countTotal: true } });
    const request = node.queries.at(-1)!.request as market.QueryBidsRequest;
    expect(request.filters).toMatchObject({ owner: OWNER, state: "open" });
    expect(request.filters?.dseq.toString()).toBe("77");
    expect(request.pagination?.countTotal).toBe(true);
    expect(request.pagination?.reverse).toBe(false);
    expect(bids).toHaveLength(1);
    // grpc-gateway prints LegacyDec with 18 decimals and the web SDK's fromJSON keeps that text.
    expect(bids[0]!.bid?.price).toEqual({ denom: "uact", amount: "1.500000000000000000" });
    expect(Number(bids[0]!.bid?.price?.amount)).toBe(1.5);
  });

  it("reports a missing account as 404 with gRPC code 5", async () => {
    const error = await sdk.cosmos.auth.v1beta1.getAccount({ address: "akash1nobody" }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(SDKError);
    expect((error as SDKError).code).toBe(5);
    const raw = await getJson("/cosmos/auth/v1beta1/accounts/akash1nobody");
    expect(raw).toMatchObject({ status: 404, body: { code: 5, message: expect.stringMatching(/not found/), details: [] } });
  });
});

describe("REST JSON against mainnet fixtures", () => {
  it("matches bids/list", async () => {
    const { body } = await getJson("/akash/market/v1beta5/bids/list?filters.owner=akash1008l639687lnkcscsrha36n5zdt3qzz30yzc67");
    expect(withoutKeys((body as { bids: unknown[] }).bids, OLDER_SDK_FIELDS)).toEqual(withoutKeys(mainnetJson("market-v1beta5-bids-list").bids, NEWER_CHAIN_FIELDS));
  });

  it("matches leases/list, deployments/info and providers/{owner}", async () => {
    const leases = (await getJson("/akash/market/v1beta5/leases/list")).body as { leases: unknown[]; pagination: { total: string } };
    expect(leases.leases).toEqual(withoutKeys(mainnetJson("market-v1beta5-leases-list").leases, NEWER_CHAIN_FIELDS));
    expect(leases.pagination.total).toBe("1");

    const info = await getJson("/akash/deployment/v1beta4/deployments/info?id.owner=akash100dwtg4hqnd240x583spjwnk4kanp559xwtvmg&id.dseq=16122570");
    expect(withoutKeys(info.body, OLDER_SDK_FIELDS)).toEqual(withoutKeys(mainnetJson("deployment-v1beta4-deployments-info"), NEWER_CHAIN_FIELDS));

    const provider = await getJson("/akash/provider/v1beta4/providers/akash1qpy7waukp7nxlcxmwjcgtmyzu2auk3p5dc3gg6");
    expect(provider.body).toEqual(mainnetJson("provider-v1beta4-providers-by-owner"));
  });

  it("unpacks Any accounts next to their @type", async () => {
    const { body, headers } = await getJson(`/cosmos/auth/v1beta1/accounts/${OWNER}`);
    expect(body).toEqual({ account: { "@type": "/cosmos.auth.v1beta1.BaseAccount", address: OWNER, pub_key: null, account_number: "12", sequence: "4" } });
    expect(headers.get("grpc-metadata-x-cosmos-block-height")).toBe(String(node.status().height));
  });

  it("leaves the web SDK unable to read an account, exactly as mainnet's REST does", async () => {
    // ts-proto's Any.fromJSON expects {type_url, value}; grpc-gateway writes {"@type", ...fields}. Use gRPC or
    // CometBFT for accounts.
    expect(await sdk.cosmos.auth.v1beta1.getAccount({ address: OWNER })).toEqual({ account: { typeUrl: "", value: new Uint8Array() } });
  });
});

describe("REST request building", () => {
  it("reads repeated keys, enums, booleans and path parameters into the request message", () => {
    const query = new URLSearchParams("events=message.sender%3D'a'&events=tx.height%3D5&order_by=ORDER_BY_DESC&pagination.reverse=false&pagination.key=AAE%3D&limit=7");
    const request = GetTxsEventRequest.decode(buildRequest(GetTxsEventRequest, new Map([["query", "tx.height=5"]]), query));
    expect(request.events).toEqual(["message.sender='a'", "tx.height=5"]);
    expect(request.orderBy).toBe(2);
    expect(request.pagination?.reverse).toBe(false);
    expect(request.pagination?.key).toEqual(new Uint8Array([0, 1]));
    expect(request.limit.toString()).toBe("7");
    expect(request.query).toBe("tx.height=5");
  });
});

describe("REST errors", () => {
  it("answers unknown paths and other methods with 501 / code 12, bad parameters with 400 / code 3", async () => {
    expect(await getJson("/cosmos/bank/v1beta1/nothing-here")).toMatchObject({ status: 501, body: { code: 12, message: "Not Implemented", details: [] } });
    expect(await getJson("/akash/market/v1beta5/bids/list", { method: "POST", body: "{}" })).toMatchObject({ status: 501, body: { code: 12 } });
    const badBool = await getJson("/akash/market/v1beta5/bids/list?pagination.count_total=maybe");
    expect(badBool).toMatchObject({ status: 400, body: { code: 3, message: expect.stringMatching(/pagination\.count_total/) } });
    expect(await sdk.cosmos.bank.v1beta1.getBalance({ address: OWNER, denom: "uact" })).toMatchObject({ balance: { amount: "2500000" } });
  });
});
