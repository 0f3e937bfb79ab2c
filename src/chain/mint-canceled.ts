/**
 * A mint the chain took and then cancelled. MsgMintACT only queues a mint; at the epoch the bme module's end
 * blocker executes it, or cancels it and refunds the AKT (node x/bme cancelBurnMint), emitting
 * `akash.bme.v1.EventLedgerRecordCanceled` with the reason (LedgerCanceledRecord.BMCancelReason). Nothing
 * else tells the wallet: no uact arrives, so without this a client would wait until its timeout.
 *
 * Event attributes come as the node's typed events write them (cosmos-sdk TypedEventToEvent: each field's
 * JSON — `"minimum_mint"`, `{"denom":"uakt","amount":"8100251"}`), or as plain text ("minimum_mint",
 * "8100251uakt") from nodes that emit them by hand; both are read.
 */
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import type { TxEvent } from "./types.js";

export const CANCELED_EVENT = "akash.bme.v1.EventLedgerRecordCanceled";

/** BMCancelReason by number (chain-sdk proto/node/akash/bme/v1/types.proto), for nodes that print enums as numbers. */
const REASONS = ["unknown", "epsilon", "zero_price", "insufficient_funds", "invalid_denom", "invalid_amount", "minimum_mint", "mint_failed", "burn_failed", "max_attempts"];

/** Our mint request: who burnt how much uakt, in the tx at which height. */
export type MintRequest = { owner: string; burnUakt: bigint; height: number };
export type Cancellation = { reason: string; refundedUakt: bigint };

/**
 * The cancellation of `request` among a block's events. The record is recognised by owner, burnt amount and,
 * where the event carries its id (mainnet), the height of the request; a node that omits the id could
 * confuse two requests of the same wallet and amount cancelled in one block — harmless, both were refunded.
 */
export function cancellationIn(events: TxEvent[], request: MintRequest): Cancellation | undefined {
  for (const event of events) {
    if (event.type !== CANCELED_EVENT) continue;
    const attributes = new Map(event.attributes.map(({ key, value }) => [key, parsed(value)]));
    const coin = coinOf(attributes.get("coins_to_burn"));
    if (attributes.get("owner") !== request.owner || coin?.denom !== "uakt" || coin.amount !== request.burnUakt) continue;
    const id = attributes.get("id") as { height?: string | number } | undefined;
    if (typeof id === "object" && id !== null && id.height !== undefined && Number(id.height) !== request.height) continue;
    const reason = attributes.get("cancel_reason");
    return { reason: typeof reason === "number" ? (REASONS[reason] ?? String(reason)) : String(reason ?? "unknown"), refundedUakt: coin.amount };
  }
  return undefined;
}

/** An attribute's JSON value, or its text when it is not JSON. */
function parsed(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function coinOf(value: unknown): { denom: string; amount: bigint } | undefined {
  if (typeof value === "object" && value !== null) {
    const { denom, amount } = value as { denom?: unknown; amount?: unknown };
    return typeof denom === "string" && /^\d+$/.test(String(amount)) ? { denom, amount: BigInt(String(amount)) } : undefined;
  }
  const text = /^(\d+)([a-zA-Z][a-zA-Z0-9/:._-]*)$/.exec(String(value));
  return text ? { denom: text[2]!, amount: BigInt(text[1]!) } : undefined;
}

type ReasonText = { why: string; next: string };

function explain(reason: string, minMintUact: bigint): ReasonText {
  const minimum = minMintUact > 0n ? `${Dec.from(minMintUact).div(1_000_000)} ACT` : "the chain's minimum";
  switch (reason) {
    case "minimum_mint":
      return {
        why: `the ACT it would mint at the price then was below the chain's minimum mint (bme min_mint: ${minimum})`,
        next: `mint at least ${minimum}, with room for the AKT price to move until the mint executes (akash-gpu sizes the burn with a 1% margin; if the price fell by more, run again).`,
      };
    case "max_attempts":
      return {
        why: "the oracle had no fresh AKT price for the chain's max_pending_attempts blocks: minting is paused while the oracle price is stale",
        next: "try again later, once the oracle reports a price again (`/akash/oracle/v2/aggregated_price/akt`, `/akash/bme/v1/status`).",
      };
    case "zero_price":
      return { why: "the oracle's price was zero", next: "try again later, once the oracle reports a price again." };
    case "epsilon":
      return { why: "the amount is too small to mint anything", next: `mint a larger amount (at least ${minimum}).` };
    case "insufficient_funds":
      return { why: "the bme vault could not cover it", next: "try again later; check `/akash/bme/v1/status`." };
    default:
      return { why: `the chain could not execute it (reason ${reason})`, next: "check `/akash/bme/v1/status` and try again later." };
  }
}

/** The chain cancelled our mint and refunded the AKT: the wait ends at once, with the chain's reason. */
export class MintCanceledError extends AkashGpuError {
  override name = "MintCanceledError";
  readonly reason: string;
  readonly refundedUakt: bigint;
  readonly txHash: string;
  readonly canceledAt: number;

  constructor(fields: { cancellation: Cancellation; txHash: string; requestHeight: number; canceledAt: number; minMintUact: bigint }) {
    const { reason, refundedUakt } = fields.cancellation;
    const akt = Dec.from(refundedUakt).div(1_000_000);
    const text = explain(reason, fields.minMintUact);
    super(`The chain cancelled the mint of tx ${fields.txHash} and refunded the ${akt} AKT: ${text.why}`, {
      metaMessages: [
        `found: ${CANCELED_EVENT} (reason ${reason}) at height ${fields.canceledAt} for ${refundedUakt} uakt burnt at height ${fields.requestHeight}; no ACT was minted, the AKT is back in the wallet (only the gas fee was spent)`,
        `what to do next: ${text.next}`,
      ],
    });
    this.reason = reason;
    this.refundedUakt = refundedUakt;
    this.txHash = fields.txHash;
    this.canceledAt = fields.canceledAt;
  }
}
