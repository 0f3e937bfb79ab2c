/**
 * A small in-memory DevnetNode for the RPC server tests: bank balances, auth accounts, market bids and a few
 * mainnet-fixture responses behind real chain-sdk types, and a tx log fed by MsgSend txs. Blocks are made only
 * when a test calls commitBlock(), so nothing depends on timers.
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import * as market from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import * as deployment from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { AbciEvent, BlockRecord, CheckTxResult, DevnetNode, MessageType, NodeStatus, QueryResult, QueryRoute, TxRecord, TxSearchCondition } from "../../src/devnet/node-api.js";

export const CHAIN_ID = "devnet-test-1";
const GENESIS_TIME = Date.parse("2026-01-01T00:00:00Z");
const BLOCK_MS = 6_000;

/** A mainnet REST response as recorded from akashnet-2. */
export function mainnetJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`/work/shared/fixtures/api/rest-${name}.json`, "utf8")) as Record<string, unknown>;
}

/** A mainnet REST response as ts-proto's fromJSON needs it to rebuild the message. */
export function fixture(name: string): Record<string, unknown> {
  // ResourceValue.val is bytes holding ASCII digits: mainnet prints the digits, ts-proto's fromJSON wants base64.
  return JSON.parse(JSON.stringify(mainnetJson(name)), (key, value: unknown) =>
    key === "val" && typeof value === "string" ? Buffer.from(value).toString("base64") : value,
  ) as Record<string, unknown>;
}

class NotFound extends Error {}

type Handler = { route: QueryRoute; answer(request: unknown): unknown };
type Account = { accountNumber: number; sequence: number };

export class FakeNode extends EventEmitter<{ block: [BlockRecord]; tx: [TxRecord] }> implements DevnetNode {
  readonly chainId = CHAIN_ID;
  readonly balances = new Map<string, Map<string, string>>();
  readonly accounts = new Map<string, Account>();
  readonly bids: market.QueryBidResponse[] = [];
  /** Every query the servers made, decoded, with the height asked for (undefined = latest); newest last. */
  readonly queries: { path: string; request: unknown; height: number | undefined }[] = [];
  private readonly blocks: BlockRecord[] = [];
  private readonly txs = new Map<string, TxRecord>();
  private mempool: Uint8Array[] = [];
  private readonly handlers = new Map<string, Handler>();

  constructor() {
    super();
    this.handle("/cosmos.bank.v1beta1.Query/Balance", "/cosmos/bank/v1beta1/balances/{address}/by_denom", cosmos.QueryBalanceRequest, cosmos.QueryBalanceResponse, (request) => {
      const { address, denom } = request as cosmos.QueryBalanceRequest;
      return { balance: { denom, amount: this.balances.get(address)?.get(denom) ?? "0" } };
    });
    this.handle("/cosmos.auth.v1beta1.Query/Account", "/cosmos/auth/v1beta1/accounts/{address}", cosmos.QueryAccountRequest, cosmos.QueryAccountResponse, (request) => {
      const { address } = request as cosmos.QueryAccountRequest;
      const account = this.accounts.get(address);
      if (account === undefined) throw new NotFound(`account ${address} not found`);
      const base = cosmos.BaseAccount.fromPartial({ address, accountNumber: BigInt(account.accountNumber), sequence: BigInt(account.sequence) });
      return { account: { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: cosmos.BaseAccount.encode(base).finish() } };
    });
    this.handle("/akash.market.v1beta5.Query/Bids", "/akash/market/v1beta5/bids/list", market.QueryBidsRequest, market.QueryBidsResponse, (request) => {
      const filters = (request as market.QueryBidsRequest).filters;
      const bids = this.bids.filter(({ bid }) => {
        if (filters?.owner && bid?.id?.owner !== filters.owner) return false;
        if (filters && !filters.dseq.isZero() && !bid?.id?.dseq.equals(filters.dseq)) return false;
        return !filters?.state || market.Bid_State[bid?.state ?? 0] === filters.state;
      });
      return { bids, pagination: { nextKey: new Uint8Array(), total: BigInt(bids.length) } };
    });
    const leases = market.QueryLeasesResponse.fromJSON(fixture("market-v1beta5-leases-list"));
    this.handle("/akash.market.v1beta5.Query/Leases", "/akash/market/v1beta5/leases/list", market.QueryLeasesRequest, market.QueryLeasesResponse, () => leases);
    const info = deployment.QueryDeploymentResponse.fromJSON(fixture("deployment-v1beta4-deployments-info"));
    this.handle("/akash.deployment.v1beta4.Query/Deployment", "/akash/deployment/v1beta4/deployments/info", deployment.QueryDeploymentRequest, deployment.QueryDeploymentResponse, (request) => {
      const id = (request as deployment.QueryDeploymentRequest).id;
      if (id?.owner !== info.deployment?.id?.owner || !id?.dseq.equals(info.deployment?.id?.dseq ?? 0)) throw new NotFound("deployment not found");
      return info;
    });
    const provider = deployment.QueryProviderResponse.fromJSON(fixture("provider-v1beta4-providers-by-owner"));
    this.handle("/akash.provider.v1beta4.Query/Provider", "/akash/provider/v1beta4/providers/{owner}", deployment.QueryProviderRequest, deployment.QueryProviderResponse, () => provider);
    this.commitBlock();
  }

  private handle<Req, Res>(path: string, httpPath: string, request: MessageType<Req>, response: MessageType<Res>, answer: (request: unknown) => unknown): void {
    this.handlers.set(path, { route: { path, httpPath, request: request as MessageType, response: response as MessageType }, answer });
  }

  routes(): readonly QueryRoute[] {
    return [...this.handlers.values()].map(({ route }) => route);
  }

  status(): NodeStatus {
    const head = this.blocks.at(-1)!;
    return {
      chainId: CHAIN_ID,
      height: head.height,
      earliestHeight: 1,
      latestBlockHash: head.hash,
      latestAppHash: head.appHash,
      latestBlockTime: head.time,
      validatorAddress: "A".repeat(40),
      validatorPubKey: Buffer.alloc(32, 7).toString("base64"),
      nodeId: "ab".repeat(20),
    };
  }

  query(path: string, data: Uint8Array, height?: number): QueryResult {
    const served = height ?? this.status().height;
    const handler = this.handlers.get(path);
    const request = handler?.route.request.decode(data);
    this.queries.push({ path, request, height });
    if (handler === undefined) return { code: 6, codespace: "sdk", log: `unknown query path ${path}`, value: new Uint8Array(), height: served, grpcCode: 12 };
    try {
      const { response } = handler.route;
      const answer = handler.answer(request);
      return { code: 0, codespace: "", log: "", value: response.encode(response.fromPartial(answer)).finish(), height: served, grpcCode: 0 };
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      const log = `rpc error: code = NotFound desc = ${error.message}: key not found`;
      return { code: 22, codespace: "sdk", log, value: new Uint8Array(), height: served, grpcCode: 5 };
    }
  }

  checkTx(tx: Uint8Array): CheckTxResult {
    const hash = sha256Hex(tx);
    const base = { hash, gasWanted: 200_000n, gasUsed: 0n, codespace: "sdk" };
    let memo: string;
    try {
      memo = cosmos.TxBody.decode(cosmos.TxRaw.decode(tx).bodyBytes).memo;
    } catch {
      return { ...base, code: 2, log: "tx parse error" };
    }
    if (memo === "reject") return { ...base, code: 13, log: "insufficient fees; got: 0uakt required: 5000uakt: insufficient fee" };
    this.mempool.push(tx);
    return { ...base, code: 0, codespace: "", log: "" };
  }

  get mempoolSize(): number {
    return this.mempool.length;
  }

  getTx(hash: string): TxRecord | undefined {
    return this.txs.get(hash.toUpperCase());
  }

  searchTxs(conditions: TxSearchCondition[]): TxRecord[] {
    return [...this.txs.values()].filter((tx) => conditions.every((condition) => matches(tx, condition)));
  }

  block(height?: number): BlockRecord | undefined {
    return this.blocks[(height ?? this.blocks.length) - 1];
  }

  /** Puts the mempool into a new block, then announces the block and its txs as a node does. */
  commitBlock(): BlockRecord {
    const height = this.blocks.length + 1;
    const txs = this.mempool;
    this.mempool = [];
    const records = txs.map((tx, index) => this.deliver(tx, height, index));
    const block: BlockRecord = {
      height,
      time: new Date(GENESIS_TIME + height * BLOCK_MS),
      hash: sha256Hex(`block ${height}`),
      lastBlockHash: this.blocks.at(-1)?.hash ?? "",
      appHash: sha256Hex(`app ${height}`),
      txs,
      events: [{ type: "coin_spent", attributes: [{ key: "spender", value: "akash1fees", index: true }] }],
    };
    this.blocks.push(block);
    this.emit("block", block);
    for (const record of records) this.emit("tx", record);
    return block;
  }

  private deliver(tx: Uint8Array, height: number, index: number): TxRecord {
    const body = cosmos.TxBody.decode(cosmos.TxRaw.decode(tx).bodyBytes);
    const send = cosmos.MsgSend.decode(body.messages[0]!.value);
    for (const coin of send.amount) {
      this.credit(send.fromAddress, coin.denom, -BigInt(coin.amount));
      this.credit(send.toAddress, coin.denom, BigInt(coin.amount));
    }
    const amount = send.amount.map((coin) => `${coin.amount}${coin.denom}`).join(",");
    const events: AbciEvent[] = [
      event("message", { action: "/cosmos.bank.v1beta1.MsgSend", sender: send.fromAddress, module: "bank" }),
      event("transfer", { recipient: send.toAddress, sender: send.fromAddress, amount }),
    ];
    const msgResponse = { typeUrl: "/cosmos.bank.v1beta1.MsgSendResponse", value: cosmos.MsgSendResponse.encode({}).finish() };
    const data = cosmos.TxMsgData.encode(cosmos.TxMsgData.fromPartial({ msgResponses: [msgResponse] })).finish();
    const record: TxRecord = { hash: sha256Hex(tx), height, index, tx, result: { code: 0, codespace: "", log: "", data, gasWanted: 200_000n, gasUsed: 91_234n, events } };
    this.txs.set(record.hash, record);
    return record;
  }

  private credit(address: string, denom: string, delta: bigint): void {
    const balances = this.balances.get(address) ?? new Map<string, string>();
    balances.set(denom, (BigInt(balances.get(denom) ?? "0") + delta).toString());
    this.balances.set(address, balances);
  }
}

/** The tenant and provider of the query servers' tests (gRPC, REST). */
export const OWNER = "akash1ownerownerownerownerownerownerownerqz3xy";
export const PROVIDER = "akash1providerproviderproviderproviderprvq8k";

/** A FakeNode where OWNER has 2.5 ACT (2500000 uact), account 12 at sequence 4, and an open bid on dseq 77 at 1.5 uact; then `moreBids`. */
export function marketNode(...moreBids: market.QueryBidResponse[]): FakeNode {
  const node = new FakeNode();
  node.balances.set(OWNER, new Map([["uact", "2500000"]]));
  node.accounts.set(OWNER, { accountNumber: 12, sequence: 4 });
  node.bids.push(
    market.QueryBidResponse.fromPartial({
      bid: { id: { owner: OWNER, dseq: 77n, gseq: 1, oseq: 1, provider: PROVIDER, bseq: 0 }, state: market.Bid_State.open, price: { denom: "uact", amount: "1.5" }, createdAt: 120n },
    }),
    ...moreBids,
  );
  return node;
}

/** An encoded TxRaw with one MsgSend; the fake node neither checks signatures nor fees. */
export function sendTx(from: string, to: string, amount: string, memo = ""): Uint8Array {
  const msg = cosmos.MsgSend.fromPartial({ fromAddress: from, toAddress: to, amount: [{ denom: "uakt", amount }] });
  const body = cosmos.TxBody.fromPartial({ messages: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: cosmos.MsgSend.encode(msg).finish() }], memo });
  return cosmos.TxRaw.encode(cosmos.TxRaw.fromPartial({ bodyBytes: cosmos.TxBody.encode(body).finish(), signatures: [new Uint8Array(64)] })).finish();
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex").toUpperCase();
}

function event(type: string, attributes: Record<string, string>): AbciEvent {
  return { type, attributes: Object.entries(attributes).map(([key, value]) => ({ key, value, index: true })) };
}

function matches(tx: TxRecord, condition: TxSearchCondition): boolean {
  const values =
    condition.key === "tx.hash" ? [tx.hash] : condition.key === "tx.height" ? [String(tx.height)] : tx.result.events.flatMap((e) => e.attributes.filter((a) => `${e.type}.${a.key}` === condition.key).map((a) => a.value));
  if (condition.op === "EXISTS") return values.length > 0;
  return values.some((value) => {
    if (condition.op === "=") return typeof condition.value === "number" ? Number(value) === condition.value : value === condition.value;
    if (condition.op === "CONTAINS") return value.includes(String(condition.value));
    const [left, right] = [Number(value), Number(condition.value)];
    return condition.op === "<" ? left < right : condition.op === "<=" ? left <= right : condition.op === ">" ? left > right : left >= right;
  });
}
