/**
 * The chain client: block heights and times, block waits, simulation, and signing and broadcasting with the
 * wallet (CometBFT JSON-RPC), plus chain-sdk's query SDK (gRPC) for typed queries. One client signs for one
 * wallet; its transactions run one at a time, in order, so the cached sequence stays right.
 *
 * Gas is simulated × gasAdjustment unless given; the fee is gas × gasPrice. Transient faults are retried
 * with backoff; a sequence mismatch (another client used the wallet) re-reads the account and signs again —
 * only when the chain has certainly not taken the earlier copy (see broadcast.ts).
 */
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { AccountState } from "./account-state.js";
import { broadcastBatched, type BatchResult } from "./batching.js";
import { BlockWatcher } from "./block-watcher.js";
import { broadcastAndConfirm, type BroadcastDeps } from "./broadcast.js";
import { CometRpc, CometRpcError } from "./comet-rpc.js";
import { ChainIdMismatchError, ChainTxError, isSequenceMismatch, type TxPhase } from "./errors.js";
import { createQuerySdk, type QuerySdk } from "./query-sdk.js";
import { DEFAULT_RETRY, grpcFailure, withRetry, type RetryEvent, type RetryPolicy } from "./retry.js";
import { adjustGas, encodeBody, feeFor, parseGasPrice, signTx, simulationTx, txHash, type GasPrice } from "./tx-encoding.js";
import type { TxEvent, TxResult } from "./types.js";
import type { Wallet } from "./wallet.js";

export type ChainClientEvent =
  | ({ type: "retry" } & RetryEvent)
  | { type: "sequence-mismatch"; phase: TxPhase; sequence: bigint }
  | { type: "broadcast"; hash: string; sequence: bigint; messages: number; gas: bigint }
  | { type: "committed"; hash: string; height: number };

export type ChainClientOptions = {
  rpc: string;
  grpc: string;
  chainId: string;
  gasPrice: string;
  gasAdjustment: number;
  wallet: Wallet;
  /** How often a broadcast tx is looked up until committed; default 100 ms. */
  broadcastPollMs?: number;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** How long a broadcast tx may take to be committed; default 2 minutes. */
  commitTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Progress and recoveries (retries, sequence mismatches, broadcasts, commits), for logs and tests. */
  onEvent?: (event: ChainClientEvent) => void;
};

export type SignOptions = { memo?: string; gas?: bigint };

export interface ChainClient {
  readonly address: string;
  readonly chainId: string;
  /** chain-sdk's query SDK (gRPC), for the typed queries in src/chain/queries. */
  readonly sdk: QuerySdk;
  readonly grpcUrl: string;
  height(): Promise<number>;
  /** The header time of a block. */
  blockTime(height: number): Promise<Date>;
  /**
   * Waits until a block above `afterHeight` is committed (websocket NewBlockHeader, polling as fallback) and
   * resolves with the newest height known then — afterHeight + 1 when waiting for the next block. Default
   * timeout 60 s (BlockTimeoutError).
   */
  waitForBlock(afterHeight: number, timeoutMs?: number): Promise<number>;
  /**
   * What modules did in a block outside its transactions (CometBFT block_results: finalize_block_events, or
   * begin/end_block_events of older nodes) — e.g. bme executing or cancelling the mints of an epoch.
   * Throws CometRpcError when the node does not have the block's results (pruned, or not yet committed).
   */
  blockEvents(height: number): Promise<TxEvent[]>;
  /** Gas the messages use, by the node's simulation. */
  simulate(messages: EncodeObject[], memo?: string): Promise<bigint>;
  signAndBroadcast(messages: EncodeObject[], options?: SignOptions): Promise<TxResult>;
  /** Sends many messages in as few transactions as the gas limit allows; isolates messages that would fail. */
  broadcastBatched(messages: EncodeObject[], options?: { memo?: string; maxGasPerTx?: bigint }): Promise<BatchResult>;
  /** The block gas limit from the consensus params; undefined when unlimited or not served. */
  maxBlockGas(): Promise<bigint | undefined>;
  /** Runs a chain-sdk query with the client's retries; transport faults become NodeUnreachableError (naming AKASH_GRPC). */
  query<T>(operation: string, run: (sdk: QuerySdk) => Promise<T>): Promise<T>;
  /** A raw ABCI query (gRPC method path, protobuf request); throws ChainTxError if the node refuses it. */
  abciQuery(path: string, request: Uint8Array): Promise<Uint8Array>;
  disconnect(): Promise<void>;
}

const MAX_SEQUENCE_RECOVERIES = 3;

export async function connectChain(options: ChainClientOptions): Promise<ChainClient> {
  const gasPrice = parseGasPrice(options.gasPrice);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = options.retry ?? DEFAULT_RETRY;
  const rpc = new CometRpc(options.rpc, timeoutMs);
  const onRetry = (event: RetryEvent) => options.onEvent?.({ type: "retry", ...event });
  const status = await withRetry("status", () => rpc.call<{ node_info: { network: string } }>("status"), retry, onRetry);
  if (status.node_info.network !== options.chainId) throw new ChainIdMismatchError(options.rpc, options.chainId, status.node_info.network);
  const [account] = await options.wallet.signer.getAccounts();
  if (!account || account.address !== options.wallet.address) throw new Error("the wallet's signer does not hold its address");
  return new Client(options, rpc, retry, account.pubkey, gasPrice, createQuerySdk(options.grpc, timeoutMs));
}

class Client implements ChainClient {
  readonly address: string;
  readonly chainId: string;
  readonly grpcUrl: string;
  readonly #gasPrice: GasPrice;
  readonly #watcher: BlockWatcher;
  readonly #account: AccountState;
  readonly #deps: BroadcastDeps;
  #queue: Promise<unknown> = Promise.resolve();
  #maxBlockGas: Promise<bigint | undefined> | undefined;
  readonly #onRetry = (event: RetryEvent): void => this.#emit({ type: "retry", ...event });

  constructor(
    private readonly options: ChainClientOptions,
    private readonly rpc: CometRpc,
    private readonly retry: RetryPolicy,
    private readonly pubkey: Uint8Array,
    gasPrice: GasPrice,
    readonly sdk: QuerySdk,
  ) {
    this.address = options.wallet.address;
    this.chainId = options.chainId;
    this.grpcUrl = options.grpc;
    this.#gasPrice = gasPrice;
    const pollMs = options.broadcastPollMs ?? 100;
    this.#watcher = new BlockWatcher(rpc, { fallbackPollMs: pollMs });
    this.#account = new AccountState(rpc, this.address, this.chainId, retry, this.#onRetry);
    this.#deps = { rpc, retry, pollMs, commitTimeoutMs: options.commitTimeoutMs ?? 120_000, onRetry: this.#onRetry, observeHeight: (h) => this.#watcher.observe(h), address: this.address };
  }

  #emit(event: ChainClientEvent): void {
    this.options.onEvent?.(event);
  }

  async height(): Promise<number> {
    const status = await withRetry("status", () => this.rpc.call<{ sync_info: { latest_block_height: string } }>("status"), this.retry, this.#onRetry);
    const height = Number(status.sync_info.latest_block_height);
    this.#watcher.observe(height);
    return height;
  }

  async blockTime(height: number): Promise<Date> {
    const result = await withRetry(
      "blockchain",
      () => this.rpc.call<{ block_metas: { header: { height: string; time: string } }[] }>("blockchain", { minHeight: String(height), maxHeight: String(height) }),
      this.retry,
      this.#onRetry,
    );
    const header = result.block_metas.find((meta) => Number(meta.header.height) === height)?.header;
    if (!header) throw new ChainTxError({ codespace: "sdk", code: 26, rawLog: `height ${height} is not available: invalid height`, phase: "query" });
    return new Date(header.time);
  }

  waitForBlock(afterHeight: number, timeoutMs = 60_000): Promise<number> {
    return this.#watcher.waitForBlock(afterHeight, timeoutMs);
  }

  async blockEvents(height: number): Promise<TxEvent[]> {
    type Events = { type: string; attributes?: { key: string; value?: string | null }[] | null }[] | null | undefined;
    const result = await withRetry(
      "block_results",
      () => this.rpc.call<{ finalize_block_events?: Events; begin_block_events?: Events; end_block_events?: Events }>("block_results", { height: String(height) }),
      this.retry,
      this.#onRetry,
    );
    const events = [...(result.begin_block_events ?? []), ...(result.finalize_block_events ?? []), ...(result.end_block_events ?? [])];
    return events.map((event) => ({ type: event.type, attributes: (event.attributes ?? []).map(({ key, value }) => ({ key, value: value ?? "" })) }));
  }

  async simulate(messages: EncodeObject[], memo = ""): Promise<bigint> {
    const body = encodeBody(messages, memo);
    return this.#exclusive(async () => {
      for (let recoveries = 0; ; recoveries++) {
        const { sequence } = await this.#account.current();
        try {
          return await this.#simulate(body, sequence);
        } catch (error) {
          if (!isSequenceMismatch(error) || recoveries >= MAX_SEQUENCE_RECOVERIES) throw error;
          this.#recoverSequence("simulate", sequence);
        }
      }
    });
  }

  async signAndBroadcast(messages: EncodeObject[], options: SignOptions = {}): Promise<TxResult> {
    const body = encodeBody(messages, options.memo ?? "");
    return this.#exclusive(async () => {
      for (let recoveries = 0; ; recoveries++) {
        const { accountNumber, sequence } = await this.#account.current();
        try {
          return await this.#signAndSend(body, messages.length, accountNumber, sequence, options.gas);
        } catch (error) {
          // Safe to sign anew: a refusal in simulation, CheckTx or DeliverTx ran nothing (broadcast.ts waits instead when in doubt).
          if (!isSequenceMismatch(error) || recoveries >= MAX_SEQUENCE_RECOVERIES) throw error;
          this.#recoverSequence(error.phase, sequence);
        }
      }
    });
  }

  broadcastBatched(messages: EncodeObject[], options: { memo?: string; maxGasPerTx?: bigint } = {}): Promise<BatchResult> {
    return broadcastBatched(this, messages, { ...options, gasAdjustment: this.options.gasAdjustment });
  }

  maxBlockGas(): Promise<bigint | undefined> {
    this.#maxBlockGas ??= withRetry("consensus_params", () => this.rpc.call<{ consensus_params?: { block?: { max_gas?: string } } }>("consensus_params"), this.retry, this.#onRetry).then(
      (result) => {
        const maxGas = BigInt(result.consensus_params?.block?.max_gas ?? "-1");
        return maxGas > 0n ? maxGas : undefined;
      },
      (error: unknown) => {
        this.#maxBlockGas = undefined; // not cached: ask again next time
        if (error instanceof CometRpcError) return undefined; // a node that does not serve consensus_params
        throw error;
      },
    );
    return this.#maxBlockGas;
  }

  query<T>(operation: string, run: (sdk: QuerySdk) => Promise<T>): Promise<T> {
    const endpoint = { url: this.grpcUrl, kind: "grpc" } as const;
    return withRetry(operation, () => run(this.sdk).catch((error: unknown) => Promise.reject(grpcFailure(endpoint, error))), this.retry, this.#onRetry);
  }

  async abciQuery(path: string, request: Uint8Array): Promise<Uint8Array> {
    const result = await withRetry(path, () => this.rpc.abciQuery(path, request), this.retry, this.#onRetry);
    if (result.code !== 0) throw new ChainTxError({ codespace: result.codespace, code: result.code, rawLog: result.log, phase: "query", address: this.address });
    return result.value;
  }

  async disconnect(): Promise<void> {
    this.#watcher.close();
    await this.#queue.catch(() => undefined);
  }

  async #signAndSend(body: Uint8Array, count: number, accountNumber: bigint, sequence: bigint, givenGas: bigint | undefined): Promise<TxResult> {
    const gas = givenGas ?? adjustGas(await this.#simulate(body, sequence), this.options.gasAdjustment);
    const fee = feeFor(gas, this.#gasPrice);
    const bytes = await signTx(this.options.wallet, { bodyBytes: body, signer: { pubkey: this.pubkey, sequence }, gas, fee: [fee], chainId: this.chainId, accountNumber });
    const hash = txHash(bytes);
    this.#emit({ type: "broadcast", hash, sequence, messages: count, gas });
    let committed;
    try {
      committed = await broadcastAndConfirm(this.#deps, bytes, hash);
    } catch (error) {
      // Refused in CheckTx: nothing changed. Anything else (no confirmation): the chain may have taken the sequence.
      if (!(error instanceof ChainTxError)) this.#account.invalidate();
      throw error;
    }
    this.#emit({ type: "committed", hash, height: committed.height });
    if (committed.code !== 0) {
      this.#account.invalidate(); // whether the ante handler took the sequence depends on where it failed
      throw new ChainTxError({ codespace: committed.codespace, code: committed.code, rawLog: committed.log, phase: "deliver", txHash: hash, height: committed.height, address: this.address });
    }
    this.#account.committed(sequence);
    return { hash, height: committed.height, gasWanted: committed.gasWanted, gasUsed: committed.gasUsed, fee: [fee], events: committed.events, sequence };
  }

  async #simulate(body: Uint8Array, sequence: bigint): Promise<bigint> {
    const request = cosmos.SimulateRequest.encode(cosmos.SimulateRequest.fromPartial({ txBytes: simulationTx(body, { pubkey: this.pubkey, sequence }) })).finish();
    const result = await withRetry("simulate", () => this.rpc.abciQuery("/cosmos.tx.v1beta1.Service/Simulate", request), this.retry, this.#onRetry);
    if (result.code !== 0) throw new ChainTxError({ codespace: result.codespace, code: result.code, rawLog: result.log, phase: "simulate", address: this.address });
    const gasUsed = cosmos.SimulateResponse.decode(result.value).gasInfo?.gasUsed;
    return BigInt(gasUsed?.toString() ?? "0");
  }

  #recoverSequence(phase: TxPhase, sequence: bigint): void {
    this.#emit({ type: "sequence-mismatch", phase, sequence });
    this.#account.invalidate();
  }

  /** Runs `task` after every earlier one: transactions of one wallet go out in order. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
