/**
 * The contract between the devnet's chain (src/devnet/chain/) and what serves it on the wire
 * (src/devnet/rpc/: CometBFT JSON-RPC, gRPC, REST) and its providers (src/devnet/provider/).
 * Everything here is plain data: bytes are protobuf-encoded with chain-sdk's generated types.
 */
import type { EventEmitter } from "node:events";

/** Cosmos SDK ABCI event. */
export type AbciEvent = { type: string; attributes: { key: string; value: string; index: boolean }[] };

export type TxResult = {
  /** 0 = success; otherwise the cosmos-sdk error code within `codespace` (e.g. 32 "sdk" = sequence mismatch). */
  code: number;
  codespace: string;
  log: string;
  /** Encoded cosmos.base.abci.v1beta1.TxMsgData (msg_responses as Any[]). */
  data: Uint8Array;
  gasWanted: bigint;
  gasUsed: bigint;
  events: AbciEvent[];
};

export type TxRecord = {
  /** Upper-case hex SHA-256 of the tx bytes. */
  hash: string;
  height: number;
  /** Position of the tx in its block. */
  index: number;
  tx: Uint8Array;
  result: TxResult;
};

export type BlockRecord = {
  height: number;
  time: Date;
  /** Upper-case hex. */
  hash: string;
  lastBlockHash: string;
  appHash: string;
  txs: Uint8Array[];
  /** Events of the block's begin/end (e.g. escrow settlement, bids by providers). */
  events: AbciEvent[];
};

export type NodeStatus = {
  chainId: string;
  height: number;
  earliestHeight: number;
  latestBlockHash: string;
  latestAppHash: string;
  latestBlockTime: Date;
  /** Hex address and base64 ed25519 key of the single validator. */
  validatorAddress: string;
  validatorPubKey: string;
  nodeId: string;
};

export type QueryResult = {
  /** ABCI code: 0 = ok. */
  code: number;
  codespace: string;
  log: string;
  /** Encoded response message (empty when code ≠ 0). */
  value: Uint8Array;
  height: number;
  /** gRPC status the same failure maps to (5 NotFound, 3 InvalidArgument, 12 Unimplemented, …); 0 when ok. */
  grpcCode: number;
};

export type CheckTxResult = {
  code: number;
  codespace: string;
  log: string;
  hash: string;
  gasWanted: bigint;
  gasUsed: bigint;
};

/** A ts-proto message type from chain-sdk's generated code (encode/decode/fromJSON/toJSON). */
export type MessageType<T = unknown> = {
  readonly $type: string;
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
  fromPartial(object: unknown): T;
};

/** One gRPC query method the chain answers, with its REST (gRPC-gateway) route. */
export type QueryRoute = {
  /** "/akash.market.v1beta5.Query/Bids": gRPC path and ABCI query path alike. */
  path: string;
  /** gRPC-gateway route as the node declares it, e.g. "/akash/market/v1beta5/bids/list" or "/cosmos/bank/v1beta1/balances/{address}". */
  httpPath: string;
  request: MessageType;
  response: MessageType;
};

/** Simple `tx_search` query: conditions joined by AND, as CometBFT's query language allows. */
export type TxSearchCondition = { key: string; op: "=" | "<" | "<=" | ">" | ">=" | "CONTAINS" | "EXISTS"; value?: string | number };

export interface DevnetNode extends EventEmitter<{ block: [BlockRecord]; tx: [TxRecord] }> {
  readonly chainId: string;
  status(): NodeStatus;
  /** ABCI query at the latest height (or the given one, if still kept). */
  query(path: string, data: Uint8Array, height?: number): QueryResult;
  /** Simulate is a query too ("/cosmos.tx.v1beta1.Service/Simulate"); this is broadcast_tx_sync: CheckTx, then the mempool. */
  checkTx(tx: Uint8Array): CheckTxResult;
  getTx(hash: string): TxRecord | undefined;
  /** Matching txs, oldest first; `tx.hash`, `tx.height` and any indexed event attribute (`message.sender`, …). */
  searchTxs(conditions: TxSearchCondition[]): TxRecord[];
  block(height?: number): BlockRecord | undefined;
  routes(): readonly QueryRoute[];
}
