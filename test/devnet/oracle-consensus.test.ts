/**
 * The oracle's AKT price (akash.oracle.v2 AggregatedPrice) and CometBFT's consensus params, served on every
 * wire a node serves them (gRPC, ABCI query, REST; JSON-RPC consensus_params), and what they govern: the price
 * bme mints at, and the gas a transaction and a block may take.
 */
import { connect } from "node:http2";
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { QueryParamsRequest, QueryParamsResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevnetChain } from "../../src/devnet/chain/chain.js";
import { createDevnetChain } from "../../src/devnet/chain/create-chain.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { setAktPrice } from "../../src/devnet/chain/modules/oracle.js";
import { consensusParamsJson } from "../../src/devnet/rpc/comet-consensus.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { commit, signTx } from "./chain-helpers.js";

const AGGREGATED_PRICE = "/akash.oracle.v2.Query/AggregatedPrice";
const priceRequest = (denom: string) => akashV1.QueryAggregatedPriceRequest.encode({ denom }).finish();

/** One unary gRPC call over h2c: the response message, or the grpc-status and message of a failure. */
function grpcCall(url: string, path: string, request: Uint8Array): Promise<{ status: number; message: string; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const session = connect(url);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    const chunks: Buffer[] = [];
    let headers: Record<string, unknown> = {};
    stream.on("response", (h) => (headers = h));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("trailers", (t) => (headers = { ...headers, ...t }));
    stream.on("end", () => {
      session.close();
      const body = Buffer.concat(chunks);
      resolve({ status: Number(headers["grpc-status"]), message: decodeURIComponent(String(headers["grpc-message"] ?? "")), body: new Uint8Array(body.subarray(5)) });
    });
    stream.on("error", reject);
    const frame = Buffer.alloc(5 + request.length);
    frame.writeUInt32BE(request.length, 1);
    frame.set(request, 5);
    stream.end(frame);
  });
}

async function jsonRpc(url: string, method: string, params: Record<string, unknown> = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return (await response.json()) as { result?: Record<string, unknown>; error?: { message: string; data?: string } };
}

describe("on the wire", () => {
  let devnet: Devnet;

  beforeAll(async () => {
    devnet = await startDevnet({ blockTimeMs: 250 });
  });

  afterAll(async () => {
    await devnet?.stop();
  });

  it("AggregatedPrice over gRPC: the devnet's AKT price, a healthy one-source TWAP", async () => {
    const answer = await grpcCall(devnet.grpc, AGGREGATED_PRICE, priceRequest("akt"));
    expect(answer.status).toBe(0);
    const { aggregatedPrice, priceHealth } = akashV1.QueryAggregatedPriceResponse.decode(answer.body);
    expect(aggregatedPrice).toMatchObject({ denom: "akt", twap: "1.25", medianPrice: "1.25", numSources: 1 });
    expect(priceHealth).toMatchObject({ denom: "akt", isHealthy: true, totalHealthySources: 1 });
    // No other denomination has a feed (ACT's dollar is a peg); the v1 service is gone on mainnet v2.1.
    expect(await grpcCall(devnet.grpc, AGGREGATED_PRICE, priceRequest("act"))).toMatchObject({ status: 2, message: expect.stringContaining("not found") });
    expect((await grpcCall(devnet.grpc, "/akash.oracle.v1.Query/AggregatedPrice", priceRequest("akt"))).status).toBe(12);
  });

  it("AggregatedPrice over ABCI query and REST", async () => {
    const { result } = await jsonRpc(devnet.rpc, "abci_query", { path: AGGREGATED_PRICE, data: Buffer.from(priceRequest("akt")).toString("hex") });
    const response = (result as { response: { code: number; value: string } }).response;
    expect(response.code).toBe(0);
    expect(akashV1.QueryAggregatedPriceResponse.decode(Buffer.from(response.value, "base64")).aggregatedPrice?.twap).toBe("1.25");

    const rest = (await (await fetch(`${devnet.rest}/akash/oracle/v2/aggregated_price/akt`)).json()) as { aggregated_price: { twap: string }; price_health: { is_healthy: boolean } };
    expect(rest.aggregated_price.twap).toBe("1.250000000000000000");
    expect(rest.price_health.is_healthy).toBe(true);
  });

  it("consensus_params over JSON-RPC (GET and POST), gRPC and REST, with the block's max gas", async () => {
    const { result } = await jsonRpc(devnet.rpc, "consensus_params");
    expect(result).toMatchObject({
      consensus_params: { block: { max_bytes: "22020096", max_gas: "100000000" }, evidence: { max_age_num_blocks: "100000", max_age_duration: "172800000000000", max_bytes: "1048576" }, validator: { pub_key_types: ["ed25519"] } },
    });
    expect(Number(result!.block_height)).toBeGreaterThan(0);
    const atOne = (await (await fetch(`${devnet.rpc}/consensus_params?height=1`)).json()) as { result: { block_height: string } };
    expect(atOne.result.block_height).toBe("1");
    const future = await jsonRpc(devnet.rpc, "consensus_params", { height: "99999999" });
    expect(future.error?.data).toMatch(/must be less than or equal to the current blockchain height/);

    const grpc = await grpcCall(devnet.grpc, "/cosmos.consensus.v1.Query/Params", QueryParamsRequest.encode({}).finish());
    expect(QueryParamsResponse.decode(grpc.body).params?.block?.maxGas.toString()).toBe("100000000");
    const rest = (await (await fetch(`${devnet.rest}/cosmos/consensus/v1/params`)).json()) as { params: { block: { max_gas: string } } };
    expect(rest.params.block.max_gas).toBe("100000000");
  });
});

describe("what they govern (in-process chain)", () => {
  const send = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: {} };
  let chain: DevnetChain;

  const price = (): ReturnType<typeof akashV1.QueryAggregatedPriceResponse.decode> =>
    akashV1.QueryAggregatedPriceResponse.decode(chain.query(AGGREGATED_PRICE, priceRequest("akt")).value);

  it("bme mints at the oracle's price: one source for both", async () => {
    const created = await createDevnetChain();
    chain = created.chain;
    const moved = chain.enqueue((ctx) => setAktPrice(ctx, { usd: "2", healthy: true }));
    chain.produceBlock();
    await moved;
    expect(price().aggregatedPrice?.twap).toBe("2");
    const before = balance(chain.store, created.user.address, "uact");
    const mint = { typeUrl: "/akash.bme.v1.MsgMintACT", value: { owner: created.user.address, to: created.user.address, coinsToBurn: { denom: "uakt", amount: "10000000" } } };
    expect(commit(chain, await signTx(chain, created.user, [mint])).result?.code).toBe(0);
    for (let i = 0; i < chain.params.bme.epochBlocks; i++) chain.produceBlock();
    // 10 AKT × $2 = 20 ACT, less the 0.25% spread.
    expect(balance(chain.store, created.user.address, "uact") - before).toBe(20_000_000n - 50_000n);

    const stalled = chain.enqueue((ctx) => setAktPrice(ctx, { usd: "2", healthy: false }));
    chain.produceBlock();
    await stalled;
    expect(price().priceHealth).toMatchObject({ isHealthy: false, totalHealthySources: 0 });
  });

  it("a tx may not ask for more gas than a block holds (CheckTx: out of gas, 11)", async () => {
    const { chain: fresh, user, providers } = await createDevnetChain();
    const value = { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "1" }] };
    const tx = await signTx(fresh, user, [{ ...send, value }], { fee: { amount: [{ denom: "uakt", amount: "250001" }], gas: "100000001" } });
    expect(fresh.checkTx(tx)).toMatchObject({ code: 11, codespace: "sdk", log: "tx gas wanted 100000001 exceeds block max gas limit 100000000: out of gas" });
  });

  it("a block takes txs up to its max gas; the rest wait for the next block", async () => {
    const { chain: small, user, providers } = await createDevnetChain({ params: (p) => ({ ...p, maxBlockGas: 2_500_000n }) });
    const value = { fromAddress: user.address, toAddress: providers[0]!.address, amount: [{ denom: "uakt", amount: "1" }] };
    const fee = { amount: [{ denom: "uakt", amount: "2500" }], gas: "1000000" };
    const hashes = [];
    for (let sequence = 0n; sequence < 3n; sequence++) {
      const account = small.store.get<{ sequence: bigint }>(`auth/account/${user.address}`)!;
      const check = small.checkTx(await signTx(small, user, [{ ...send, value }], { fee, sequence: account.sequence + sequence }));
      expect(check.code).toBe(0);
      hashes.push(check.hash);
    }
    const first = small.produceBlock();
    expect(first.txs).toHaveLength(2);
    const second = small.produceBlock();
    expect(second.txs).toHaveLength(1);
    expect(hashes.map((hash) => small.getTx(hash)?.result.code)).toEqual([0, 0, 0]);
    expect(JSON.stringify(consensusParamsJson(small, small.height))).toContain('"max_gas":"2500000"');
  });

  it("max_gas -1 means no limit, as CometBFT prints it", async () => {
    const { chain: unlimited } = await createDevnetChain({ params: (p) => ({ ...p, maxBlockGas: -1n }) });
    expect(consensusParamsJson(unlimited, 1)).toMatchObject({ block_height: "1", consensus_params: { block: { max_gas: "-1" } } });
  });
});
