/**
 * CometBFT's /websocket endpoint: JSON-RPC over a websocket, with `subscribe`/`unsubscribe`/`unsubscribe_all`
 * for events (NewBlock, NewBlockHeader, Tx with `tx.hash`, `tx.height` and the txs' own event attributes).
 * Events go out with the id of the subscribe request and `result: {query, data: {type, value}, events}`, as
 * CometBFT 0.38 sends them and cosmjs's WebsocketClient routes them.
 */
import type { RawData, WebSocket } from "ws";
import type { BlockRecord, DevnetNode, TxRecord, TxSearchCondition } from "../node-api.js";
import { base64, blockJson, finalizeBlockJson, sha256Hex, txResultJson } from "./comet-json.js";
import { paramsFromJson } from "./comet-params.js";
import { indexEvents, matchesQuery, parseQuery, QuerySyntaxError, type EventIndex } from "./comet-query.js";
import type { RpcFaults } from "./faults.js";
import { errorResponse, internalError, JsonRpcError, parseError, readRequest, successResponse, type JsonRpcRequest, type JsonRpcResponse } from "./json-rpc.js";

/** CometBFT's default `max_subscriptions_per_client`. */
const MAX_SUBSCRIPTIONS_PER_CLIENT = 5;
/** A client this far behind in reading its events is dropped, as CometBFT drops slow subscribers. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Websocket close code 1013: "try again later". */
const CLOSE_TRY_AGAIN_LATER = 1013;

/** Answers any non-subscription method, as the HTTP endpoint does. */
export type Dispatch = (request: JsonRpcRequest, abandoned: AbortSignal) => Promise<JsonRpcResponse | undefined>;

type Subscription = { id: JsonRpcRequest["id"]; conditions: TxSearchCondition[] };
/** `pending` chains the client's requests: CometBFT handles a connection's requests one at a time, in order. */
type Client = { socket: WebSocket; subscriptions: Map<string, Subscription>; closed: AbortSignal; pending: Promise<void> };
type PublishedEvent = { type: string; value: unknown; index: EventIndex };

export class CometWebsocketHub {
  private readonly clients = new Set<Client>();
  private readonly onBlock = (block: BlockRecord): void => this.publishBlock(block);
  private readonly onTx = (tx: TxRecord): void => this.publishTx(tx);

  constructor(
    private readonly node: DevnetNode,
    private readonly faults: RpcFaults,
    private readonly dispatch: Dispatch,
    private readonly shutdown: AbortSignal,
  ) {
    node.on("block", this.onBlock);
    node.on("tx", this.onTx);
  }

  attach(socket: WebSocket): void {
    const closed = new AbortController();
    const client: Client = { socket, subscriptions: new Map(), closed: AbortSignal.any([closed.signal, this.shutdown]), pending: Promise.resolve() };
    this.clients.add(client);
    socket.on("close", () => {
      closed.abort();
      this.clients.delete(client);
    });
    socket.on("error", () => socket.terminate());
    socket.on("message", (data) => {
      // A request that fails outside JSON-RPC's error handling leaves the connection in an unknown state: drop it.
      client.pending = client.pending.then(() => this.receive(client, data)).catch(() => socket.terminate());
    });
  }

  /** Stops publishing and closes every client connection. */
  close(): void {
    this.node.off("block", this.onBlock);
    this.node.off("tx", this.onTx);
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
  }

  private async receive(client: Client, data: RawData): Promise<void> {
    if (this.faults.isUnavailable()) {
      client.socket.close(CLOSE_TRY_AGAIN_LATER, "node unavailable");
      return;
    }
    if (!(await this.faults.holdWhileTimingOut(client.closed))) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch (error) {
      this.send(client, errorResponse(undefined, parseError(`error unmarshaling request: ${(error as Error).message}`)));
      return;
    }
    const request = readRequest(parsed);
    if (request instanceof JsonRpcError) {
      this.send(client, errorResponse(undefined, request));
      return;
    }
    if (request.id === undefined) return;
    const response = await this.answer(client, request);
    if (response !== undefined) this.send(client, response);
  }

  private async answer(client: Client, request: JsonRpcRequest): Promise<JsonRpcResponse | undefined> {
    const { id, method } = request;
    try {
      switch (method) {
        case "subscribe":
          this.subscribe(client, request);
          return successResponse(id, {});
        case "unsubscribe": {
          const query = paramsFromJson(method, request.params).string("query") ?? "";
          if (!client.subscriptions.delete(query)) throw internalError("subscription not found");
          return successResponse(id, {});
        }
        case "unsubscribe_all":
          if (client.subscriptions.size === 0) throw internalError("subscription not found");
          client.subscriptions.clear();
          return successResponse(id, {});
        default:
          return await this.dispatch(request, client.closed);
      }
    } catch (error) {
      if (error instanceof JsonRpcError) return errorResponse(id, error);
      return errorResponse(id, internalError(error instanceof Error ? error.message : String(error)));
    }
  }

  private subscribe(client: Client, request: JsonRpcRequest): void {
    const query = paramsFromJson("subscribe", request.params).string("query") ?? "";
    let conditions: TxSearchCondition[];
    try {
      conditions = parseQuery(query);
    } catch (error) {
      if (error instanceof QuerySyntaxError) throw internalError(`failed to parse query: ${error.message}`);
      throw error;
    }
    if (client.subscriptions.has(query)) throw internalError("already subscribed");
    if (client.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      throw internalError(`max_subscriptions_per_client ${MAX_SUBSCRIPTIONS_PER_CLIENT} reached`);
    }
    client.subscriptions.set(query, { id: request.id, conditions });
  }

  private publishBlock(block: BlockRecord): void {
    const { block_id, block: blockBody } = blockJson(block, this.node.status());
    const txs = block.txs.map((tx) => this.node.getTx(sha256Hex(tx))).filter((tx): tx is TxRecord => tx !== undefined);
    this.publish({
      type: "NewBlock",
      value: { block: blockBody, block_id, result_finalize_block: finalizeBlockJson(block, txs) },
      index: indexEvents(block.events, { "tm.event": "NewBlock", "block.height": String(block.height) }),
    });
    this.publish({
      type: "NewBlockHeader",
      value: { header: blockBody.header },
      index: indexEvents([], { "tm.event": "NewBlockHeader", "block.height": String(block.height) }),
    });
  }

  private publishTx(tx: TxRecord): void {
    this.publish({
      type: "Tx",
      value: { TxResult: { height: String(tx.height), index: tx.index, tx: base64(tx.tx), result: txResultJson(tx.result) } },
      index: indexEvents(tx.result.events, { "tm.event": "Tx", "tx.hash": tx.hash, "tx.height": String(tx.height) }),
    });
  }

  /** A node that is down or hanging sends no events; they are not replayed afterwards. */
  private publish(event: PublishedEvent): void {
    if (this.faults.isUnavailable() || this.faults.isTimingOut()) return;
    const events = Object.fromEntries(event.index);
    for (const client of this.clients) {
      for (const [query, subscription] of client.subscriptions) {
        if (!matchesQuery(subscription.conditions, event.index)) continue;
        this.send(client, successResponse(subscription.id, { query, data: { type: `tendermint/event/${event.type}`, value: event.value }, events }));
      }
    }
  }

  private send(client: Client, response: JsonRpcResponse): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.socket.terminate();
      return;
    }
    client.socket.send(JSON.stringify(response));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}
