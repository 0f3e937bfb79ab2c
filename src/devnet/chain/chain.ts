/**
 * The devnet's single-validator chain: a mempool filled by CheckTx, a block produced on a timer that runs
 * begin-block work (rewards, provider actions), the block's transactions, and end-block work (mint
 * settlement, unbondings, providers' periodic withdrawals). Implements DevnetNode for the RPC servers.
 */
import { EventEmitter } from "node:events";
import { createHash } from "node:crypto";
import { SimulateRequest, SimulateResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { AbciEvent, BlockRecord, CheckTxResult, DevnetNode, NodeStatus, QueryResult, TxRecord, TxSearchCondition } from "../node-api.js";
import type { Ctx } from "./context.js";
import { ChainError, GrpcCode } from "./errors.js";
import { createEscrowHooks } from "./hooks.js";
import { KvStore } from "./kv-store.js";
import type { ChainParams } from "./params.js";
import { akashQueries } from "./queries/akash.js";
import { consensusQueries } from "./queries/consensus.js";
import { cosmosQueries } from "./queries/cosmos.js";
import { oracleQueries } from "./queries/oracle.js";
import { route, type QueryHandler } from "./queries/route.js";
import { runTx } from "./tx.js";
import { TxIndex } from "./tx-index.js";
import type { ChainSnapshot } from "./snapshot.js";
import { settleMints } from "./modules/bme.js";
import { completeUnbondings, distributeBlockRewards } from "./modules/staking.js";
import { withdrawDuePayments } from "./withdrawals.js";

export type ChainOptions = {
  params: ChainParams;
  blockTimeMs: number;
  /** Providers withdraw each lease's earnings every this many blocks (mainnet providers: about hourly). */
  withdrawPeriodBlocks: number;
  /** Runs once at height 0 to fund accounts and create the validator and providers. */
  genesis(ctx: Ctx): void;
  /** State saved by a previous run: genesis is skipped and the chain continues from there. */
  restore?: ChainSnapshot;
};

/** A state change by the devnet itself (a simulated provider's bid, withdrawal or close), run in the next block. */
export type ChainAction = (ctx: Ctx) => void;

/** Blocks whose state queries can still read (a lagging node answers at an older height). */
const HISTORY_BLOCKS = 100;
/** Blocks kept in a saved state (transactions are all kept: reports search them). */
const KEPT_BLOCKS_IN_SNAPSHOT = 1000;
const SIMULATE_PATH = "/cosmos.tx.v1beta1.Service/Simulate";
const NODE_ID = createHash("sha256").update("akash-gpu devnet node").digest("hex").slice(0, 40);
const VALIDATOR_ADDRESS = createHash("sha256").update("akash-gpu devnet validator").digest("hex").slice(0, 40).toUpperCase();
const VALIDATOR_KEY = createHash("sha256").update("akash-gpu devnet validator key").digest("base64");

export class DevnetChain extends EventEmitter<{ block: [BlockRecord]; tx: [TxRecord] }> implements DevnetNode {
  readonly store = new KvStore();
  readonly params: ChainParams;
  readonly hooks = createEscrowHooks();
  readonly #txs = new TxIndex();
  readonly #blocks = new Map<number, BlockRecord>();
  readonly #queries = new Map<string, QueryHandler>();
  #mempool: { bytes: Uint8Array; gasWanted: bigint }[] = [];
  #actions: { action: ChainAction; done: (error?: unknown) => void }[] = [];
  #pendingSequences = new Map<string, bigint>();
  #height = 0;
  #time = new Date();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ChainOptions) {
    super();
    this.params = options.params;
    for (const handler of [...cosmosQueries, ...consensusQueries, ...akashQueries, ...oracleQueries]) this.#queries.set(handler.path, handler);
    this.#queries.set(SIMULATE_PATH, route(SIMULATE_PATH, "/cosmos/tx/v1beta1/simulate", SimulateRequest, SimulateResponse, (_ctx, req) => this.#simulate(req.txBytes)));
    if (options.restore) {
      this.#restore(options.restore);
    } else {
      options.genesis(this.#context([]));
      this.#commitBlock([], []);
    }
  }

  snapshot(): ChainSnapshot {
    const blocks = [...this.#blocks.values()].slice(-KEPT_BLOCKS_IN_SNAPSHOT);
    return { version: 1, chainId: this.chainId, height: this.#height, time: this.#time.toISOString(), store: [...this.store.entries()], txs: [...this.#txs.records()], blocks };
  }

  #restore(snapshot: ChainSnapshot): void {
    if (snapshot.chainId !== this.chainId) throw new Error(`saved state is for chain ${snapshot.chainId}, not ${this.chainId}`);
    this.store.load(snapshot.store);
    this.#height = snapshot.height;
    this.#time = new Date(snapshot.time);
    for (const block of snapshot.blocks) this.#blocks.set(block.height, block);
    for (const record of snapshot.txs) this.#txs.add(record);
  }

  get chainId(): string {
    return this.params.chainId;
  }

  get height(): number {
    return this.#height;
  }

  start(): void {
    const interval = this.options.blockTimeMs;
    let next = Date.now() + interval;
    const tick = () => {
      this.produceBlock();
      // Schedule against the ideal timeline, so the interval holds under load instead of drifting.
      next = Math.max(next + interval, Date.now() + 1);
      this.#timer = setTimeout(tick, next - Date.now());
    };
    this.#timer = setTimeout(tick, interval);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Queues a devnet-internal state change for the next block; resolves once it ran (rejects if it failed). */
  enqueue(action: ChainAction): Promise<void> {
    return new Promise((resolve, reject) => this.#actions.push({ action, done: (error) => (error ? reject(error) : resolve()) }));
  }

  produceBlock(): BlockRecord {
    this.#height += 1;
    this.#time = new Date(Math.max(Date.now(), this.#time.getTime() + 1));
    const blockEvents: AbciEvent[] = [];
    const ctx = this.#context(blockEvents);
    distributeBlockRewards(ctx);
    for (const { action, done } of this.#actions.splice(0)) {
      try {
        this.store.atomically(() => action(ctx));
        done();
      } catch (error) {
        done(error);
      }
    }
    const txs = this.#reapForBlock();
    const records = txs.map((bytes, index) => this.#deliver(bytes, index));
    settleMints(ctx);
    completeUnbondings(ctx);
    withdrawDuePayments(ctx, this.hooks, this.options.withdrawPeriodBlocks);
    return this.#commitBlock(txs, blockEvents, records);
  }

  status(): NodeStatus {
    const block = this.#blocks.get(this.#height)!;
    return {
      chainId: this.chainId, height: this.#height, earliestHeight: 1, latestBlockHash: block.hash, latestAppHash: block.appHash,
      latestBlockTime: block.time, validatorAddress: VALIDATOR_ADDRESS, validatorPubKey: VALIDATOR_KEY, nodeId: NODE_ID,
    };
  }

  /** Answers at the latest height, or at an earlier one still kept (the last HISTORY_BLOCKS blocks). */
  query(path: string, data: Uint8Array, atHeight?: number): QueryResult {
    const handler = this.#queries.get(path);
    const height = atHeight !== undefined && atHeight > 0 && atHeight < this.#height ? atHeight : this.#height;
    if (!handler) return failure(new ChainError("sdk", 6, `unknown query path: ${path}: unknown request`, GrpcCode.Unimplemented), height);
    if (height < this.store.oldestReadable(this.#height)) {
      return failure(new ChainError("sdk", 18, `failed to load state at height ${height}; version does not exist (latest height: ${this.#height}): invalid request`, GrpcCode.InvalidArgument), this.#height);
    }
    try {
      const request = handler.request.decode(data);
      const ctx = { ...this.#context([]), store: this.store.at(height, this.#height), height, time: this.#blocks.get(height)?.time ?? this.#time };
      const response = handler.handle(ctx, request);
      return { code: 0, codespace: "", log: "", value: handler.response.encode(handler.response.fromPartial(response)).finish(), height, grpcCode: 0 };
    } catch (error) {
      return failure(error, height);
    }
  }

  checkTx(bytes: Uint8Array): CheckTxResult {
    const hash = txHash(bytes);
    try {
      const result = this.store.dryRun(() => runTx(this.#context([]), this.hooks, bytes, "check", (signer) => this.#pendingSequences.get(signer)));
      this.#pendingSequences.set(result.signer, result.sequence + 1n);
      this.#mempool.push({ bytes, gasWanted: result.gasWanted });
      return { code: 0, codespace: "", log: "", hash, gasWanted: result.gasWanted, gasUsed: result.gasUsed };
    } catch (error) {
      return { ...errorFields(error), hash, gasWanted: 0n, gasUsed: 0n };
    }
  }

  getTx(hash: string): TxRecord | undefined {
    return this.#txs.get(hash);
  }

  searchTxs(conditions: TxSearchCondition[]): TxRecord[] {
    return this.#txs.search(conditions);
  }

  block(height?: number): BlockRecord | undefined {
    return this.#blocks.get(height ?? this.#height);
  }

  routes(): readonly QueryHandler[] {
    return [...this.#queries.values()];
  }

  /**
   * The mempool's txs in arrival order while they fit the block's max_bytes and max_gas (by gas wanted), as
   * CometBFT's ReapMaxBytesMaxGas takes them; the rest wait for the next block.
   */
  #reapForBlock(): Uint8Array[] {
    const { maxBlockBytes, maxBlockGas } = this.params;
    let bytes = 0n;
    let gas = 0n;
    let taken = 0;
    for (const tx of this.#mempool) {
      bytes += BigInt(tx.bytes.length);
      gas += tx.gasWanted;
      if (bytes > maxBlockBytes || (maxBlockGas > 0n && gas > maxBlockGas)) break;
      taken += 1;
    }
    return this.#mempool.splice(0, taken).map((tx) => tx.bytes);
  }

  /** After a commit, what stays in the mempool is checked again against the new state (CometBFT's recheck). */
  #recheckMempool(): void {
    const waiting = this.#mempool.splice(0);
    for (const tx of waiting) {
      try {
        const result = this.store.dryRun(() => runTx(this.#context([]), this.hooks, tx.bytes, "check", (signer) => this.#pendingSequences.get(signer)));
        this.#pendingSequences.set(result.signer, result.sequence + 1n);
        this.#mempool.push(tx);
      } catch {
        // No longer valid (its sequence was taken, its fee no longer affordable): dropped, as on a node.
      }
    }
  }

  #deliver(bytes: Uint8Array, index: number): TxRecord {
    const hash = txHash(bytes);
    const height = this.#height;
    try {
      const outcome = this.store.atomically(() => runTx(this.#context([]), this.hooks, bytes, "deliver"));
      const status = outcome.error ? errorFields(outcome.error) : { code: 0, codespace: "", log: "" };
      return { hash, height, index, tx: bytes, result: { ...status, data: outcome.data, gasWanted: outcome.gasWanted, gasUsed: outcome.gasUsed, events: outcome.events } };
    } catch (error) {
      return { hash, height, index, tx: bytes, result: { ...errorFields(error), data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [] } };
    }
  }

  #simulate(txBytes: Uint8Array): unknown {
    const result = this.store.dryRun(() => runTx(this.#context([]), this.hooks, txBytes, "simulate"));
    return { gasInfo: { gasWanted: result.gasWanted, gasUsed: result.gasUsed }, result: { data: result.data, log: "", events: result.events, msgResponses: [] } };
  }

  #commitBlock(txs: Uint8Array[], events: AbciEvent[], records: TxRecord[] = []): BlockRecord {
    const last = this.#blocks.get(this.#height - 1);
    const hash = createHash("sha256").update(`${this.#height}/${last?.hash ?? ""}`).update(Buffer.concat(txs)).digest("hex").toUpperCase();
    const block: BlockRecord = { height: this.#height, time: this.#time, hash, lastBlockHash: last?.hash ?? "", appHash: createHash("sha256").update(hash).digest("hex").toUpperCase(), txs, events };
    this.#blocks.set(this.#height, block);
    this.store.commitVersion(this.#height, HISTORY_BLOCKS);
    for (const record of records) this.#txs.add(record);
    this.#pendingSequences.clear();
    this.#recheckMempool();
    this.emit("block", block);
    for (const record of records) this.emit("tx", record);
    return block;
  }

  #context(events: AbciEvent[]): Ctx {
    return { store: this.store, height: this.#height, time: this.#time, params: this.params, events };
  }
}

export const txHash = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex").toUpperCase();

function errorFields(error: unknown): { code: number; codespace: string; log: string } {
  if (error instanceof ChainError) return { code: error.code, codespace: error.codespace, log: error.message };
  return { code: 1, codespace: "undefined", log: `internal error: ${(error as Error).message}` };
}

function failure(error: unknown, height: number): QueryResult {
  const grpcCode = error instanceof ChainError ? error.grpcCode : GrpcCode.Internal;
  return { ...errorFields(error), value: new Uint8Array(), height, grpcCode };
}
