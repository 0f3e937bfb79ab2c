/**
 * Does what escrow paid for a lease agree with price × blocks? Escrow settles lazily (engine/escrow-runway.ts):
 * a payment's `withdrawn` and `balance` are as of the account's last settlement, and what accrued since is
 * price × (height − settledAt). So, over the lease's whole life:
 *   open:   withdrawn + balance + price × (height − settledAt)  =  price × (height − createdAt)
 *   closed: withdrawn + balance                                  =  price × (closedOn − createdAt)
 * The chain charges each settlement truncated to whole units, so escrow may show less than price × blocks by
 * under one unit per settlement — and never by more than frac(price) × blocks (each truncation drops less than
 * frac(price) × the blocks it settled). That is the tolerance; integer prices must match exactly.
 * A difference outside it (an overdrawn account that paid the provider less, a payment missing) is flagged.
 */
import { Dec } from "../decimal.js";
import type { EscrowCheck, LeaseFacts } from "./types.js";

export function checkEscrow(lease: LeaseFacts, height: number): EscrowCheck {
  const payment = lease.payment;
  if (!payment) return { status: "unavailable", reason: "the chain shows no escrow payment for this lease" };
  const price = lease.price.amount;
  const open = lease.closedOn === 0;
  const end = open ? height : lease.closedOn;
  if (open && payment.state === "open" && payment.settledAt === 0) {
    return { status: "unavailable", reason: "the deployment's escrow account (its last settlement height) was not found" };
  }
  const expected = price.mul(BigInt(Math.max(0, end - lease.createdAt)));
  const withdrawn = payment.withdrawn.amount;
  const balance = payment.balance.amount;
  // Only an open payment accrues; an overdrawn one stopped at its settlement, a closed one was settled on close.
  const accrued = payment.state === "open" && open ? price.mul(BigInt(Math.max(0, height - payment.settledAt))) : Dec.zero;
  const escrow = withdrawn.add(balance).add(accrued);
  const difference = expected.sub(escrow);
  const tolerance = fractionOf(price).mul(BigInt(Math.max(0, end - lease.createdAt)));
  const base = { height, expected, escrow, withdrawn, balance, accrued, difference, tolerance };
  if (!difference.isNegative() && difference.cmp(tolerance) <= 0) return { status: "ok", ...base };
  return { status: "mismatch", ...base, reason: explain(lease, payment.state, difference) };
}

function explain(lease: LeaseFacts, paymentState: string, difference: Dec): string {
  if (difference.isNegative()) return `escrow shows ${difference.toString().slice(1)} ${lease.price.denom} more paid than price × blocks`;
  if (paymentState === "overdrawn" || lease.state === "insufficient_funds") {
    return `the escrow account ran dry: the provider was paid ${difference.toString()} ${lease.price.denom} less than price × blocks (owed, unsettled)`;
  }
  return `escrow shows ${difference.toString()} ${lease.price.denom} less paid than price × blocks`;
}

/** The fractional part of a non-negative amount. */
const fractionOf = (amount: Dec): Dec => amount.sub(amount.truncate(0));
