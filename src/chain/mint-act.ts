/**
 * Minting ACT: burn AKT with MsgMintACT, then wait — block by block — until the ACT arrives. On mainnet the
 * mint executes at the next bme epoch, about a minute later; the amount minted is read from the wallet's
 * uact balance (its increase), since it depends on the oracle price at that moment.
 *
 * The chain may also cancel the mint at the epoch and refund the AKT (below min_mint at the price then, or no
 * usable oracle price for max_pending_attempts blocks). It says so only in the block's events, so each block
 * waited for is read for EventLedgerRecordCanceled of this request, and the wait ends at once with
 * MintCanceledError. Amounts below the minimum are raised to it before anything is burnt (quoteMint).
 */
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import type { ChainClient } from "./chain-client.js";
import { CometRpcError } from "./comet-rpc.js";
import { msgMintAct } from "./messages.js";
import { cancellationIn, MintCanceledError, type Cancellation, type MintRequest } from "./mint-canceled.js";
import { quoteMint, type BelowMinimum, type MintQuote } from "./mint-quote.js";
import type { TxResult } from "./types.js";

export { MintCanceledError } from "./mint-canceled.js";
export { MintBelowMinimumError, quoteMint, type BelowMinimum, type MintQuote } from "./mint-quote.js";

export type MintProgress =
  | { step: "quoted"; quote: MintQuote }
  | { step: "broadcast"; tx: TxResult }
  | { step: "waiting"; height: number; waitedMs: number };

export type MintActOptions = {
  /** ACT wanted. */
  act: Dec;
  /** USD per AKT when the chain's oracle cannot be read (--akt-usd / AKASH_AKT_USD). */
  aktUsd?: Dec;
  /** Burn this much more than the price says (basis points); default 100 (1%). */
  marginBps?: number;
  /** Below the chain's minimum mint: "raise" (default) mints the minimum — see `quote.note` — or "refuse". */
  belowMinimum?: BelowMinimum;
  /** How long to wait for the ACT after the burn is committed; default 3 minutes. */
  timeoutMs?: number;
  onProgress?: (progress: MintProgress) => void;
};

export type MintActResult = { tx: TxResult; burnedUakt: bigint; mintedUact: bigint; quote: MintQuote; settledAt: number };

const DEFAULT_TIMEOUT_MS = 180_000;

export async function mintAct(client: ChainClient, options: MintActOptions): Promise<MintActResult> {
  const quote = await quoteMint(client, options);
  options.onProgress?.({ step: "quoted", quote });
  const before = await uactBalance(client);
  const tx = await client.signAndBroadcast([msgMintAct({ owner: client.address, burn: { denom: "uakt", amount: quote.burnUakt } })], { memo: "akash-gpu: mint ACT" });
  options.onProgress?.({ step: "broadcast", tx });

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const watch = new CancellationWatch(client, { owner: client.address, burnUakt: quote.burnUakt, height: tx.height });
  let height = tx.height;
  for (;;) {
    const canceled = await watch.through(height);
    if (canceled) throw new MintCanceledError({ cancellation: canceled.cancellation, txHash: tx.hash, requestHeight: tx.height, canceledAt: canceled.height, minMintUact: quote.minMintUact });
    const now = await uactBalance(client);
    if (now > before) return { tx, burnedUakt: quote.burnUakt, mintedUact: now - before, quote, settledAt: height };
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) throw notArrived(tx, quote, timeoutMs, watch.blind);
    try {
      height = await client.waitForBlock(height, left);
    } catch (error) {
      throw notArrived(tx, quote, timeoutMs, watch.blind, error);
    }
    options.onProgress?.({ step: "waiting", height, waitedMs: Date.now() - started });
  }
}

/**
 * Reads the events of every block from the request's on, once each: waitForBlock may skip heights when
 * blocks come faster than it is asked. A node without block results (CometRpcError) leaves it blind — the
 * wait then ends by the balance or the timeout, as before.
 */
class CancellationWatch {
  #next: number;
  blind = false;

  constructor(
    private readonly client: ChainClient,
    private readonly request: MintRequest,
  ) {
    this.#next = request.height;
  }

  async through(height: number): Promise<{ cancellation: Cancellation; height: number } | undefined> {
    for (; !this.blind && this.#next <= height; this.#next++) {
      let events;
      try {
        events = await this.client.blockEvents(this.#next);
      } catch (error) {
        if (!(error instanceof CometRpcError)) throw error;
        this.blind = true;
        return undefined;
      }
      const cancellation = cancellationIn(events, this.request);
      if (cancellation) return { cancellation, height: this.#next };
    }
    return undefined;
  }
}

async function uactBalance(client: ChainClient): Promise<bigint> {
  const { balance } = await client.query("uact balance", (sdk) => sdk.cosmos.bank.v1beta1.getBalance({ address: client.address, denom: "uact" }));
  return BigInt(balance?.amount ?? "0");
}

function notArrived(tx: TxResult, quote: MintQuote, timeoutMs: number, blind: boolean, cause?: unknown): AkashGpuError {
  return new AkashGpuError(`The ACT minted by tx ${tx.hash} did not arrive within ${Math.round(timeoutMs / 1000)} s`, {
    metaMessages: [
      `found: ${Dec.from(quote.burnUakt).div(1_000_000)} AKT burnt at height ${tx.height}; no uact credited since (a mint executes about ${quote.epochBlocks} blocks later)` +
        (blind ? "; the node does not serve block results, so a cancellation (with a refund of the AKT) could not be seen" : "; no cancellation seen"),
      "what to do next: check `akash-gpu wallet balance` in a few minutes before minting again: a mint either arrives as ACT or is cancelled with the AKT refunded; if the chain's circuit breaker is active (/akash/bme/v1/status), the mint waits until it lifts.",
    ],
    cause,
  });
}
