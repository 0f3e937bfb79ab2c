/**
 * Minting ACT: burn AKT with MsgMintACT, then wait — block by block — until the ACT arrives. On mainnet the
 * mint executes at the next bme epoch, about a minute later; the amount minted is read from the wallet's
 * uact balance (its increase), since it depends on the oracle price at that moment.
 */
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import type { ChainClient } from "./chain-client.js";
import { msgMintAct } from "./messages.js";
import { quoteMint, type MintQuote } from "./mint-quote.js";
import type { TxResult } from "./types.js";

export { quoteMint, type MintQuote } from "./mint-quote.js";

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
  let height = tx.height;
  for (;;) {
    const now = await uactBalance(client);
    if (now > before) return { tx, burnedUakt: quote.burnUakt, mintedUact: now - before, quote, settledAt: height };
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) throw notArrived(tx, quote, timeoutMs);
    try {
      height = await client.waitForBlock(height, left);
    } catch (error) {
      throw notArrived(tx, quote, timeoutMs, error);
    }
    options.onProgress?.({ step: "waiting", height, waitedMs: Date.now() - started });
  }
}

async function uactBalance(client: ChainClient): Promise<bigint> {
  const { balance } = await client.query("uact balance", (sdk) => sdk.cosmos.bank.v1beta1.getBalance({ address: client.address, denom: "uact" }));
  return BigInt(balance?.amount ?? "0");
}

function notArrived(tx: TxResult, quote: MintQuote, timeoutMs: number, cause?: unknown): AkashGpuError {
  return new AkashGpuError(`The ACT minted by tx ${tx.hash} did not arrive within ${Math.round(timeoutMs / 1000)} s`, {
    metaMessages: [
      `found: ${Dec.from(quote.burnUakt).div(1_000_000)} AKT burnt at height ${tx.height}; no uact credited since (a mint executes about ${quote.epochBlocks} blocks later)`,
      "what to do next: check `akash-gpu wallet balance` in a few minutes before minting again; if the chain's circuit breaker is active (/akash/bme/v1/status), the mint waits until it lifts.",
    ],
    cause,
  });
}
