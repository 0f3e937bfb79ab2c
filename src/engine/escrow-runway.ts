/**
 * How long a deployment's escrow lasts, computed from chain data the way the chain itself will settle it.
 *
 * Escrow settles lazily (node x/escrow/keeper accountSettle): the account's funds are as of `settledAt`, the
 * height of the last deposit, lease change or provider withdrawal. At the next settlement each open payment
 * is charged rate × (height − settledAt), truncated to whole units per payment, and taken from the funds.
 * So the funds as of now are the settled funds minus that charge, and the blocks left are what remains
 * divided by the sum of the open leases' prices per block.
 *
 * An account whose funds would be negative now is overdrawn even while the chain still shows it open:
 * providers watch exactly this number (provider-services balance_checker: blocks remaining ≤ 0 → withdraw)
 * and their withdrawal settles it, which marks it overdrawn and closes the leases with insufficient_funds.
 * A deposit into an overdrawn account only pays the debt (AccountDeposit settles it and closes it), so an
 * overdrawn deployment cannot be saved by a top-up: it must be redeployed.
 */
import { Dec } from "../costs/decimal.js";
import { blocksPerHour } from "../costs/price.js";
import type { EscrowAccount, Lease } from "../chain/types.js";

export type RunwayState = "open" | "overdrawn" | "closed";

export type Runway = {
  denom: string;
  /** The account's state as the chain stores it (as of its last settlement). */
  accountState: EscrowAccount["state"];
  /** The state as of `height`: "overdrawn" also when the chain has not yet settled an account that ran dry. */
  state: RunwayState;
  height: number;
  settledAt: number;
  /** Funds at the last settlement. */
  settledFunds: Dec;
  /** Owed to the providers since the last settlement, not yet taken from the funds. */
  accrued: Dec;
  /** Funds as of `height` (settled funds − accrued); negative when overdrawn. */
  funds: Dec;
  /** The sum of the prices per block of the leases paid from this account. */
  pricePerBlock: Dec;
  /** Whole blocks the funds still pay for; undefined while no lease draws from the account. */
  blocksRemaining: bigint | undefined;
};

/** Leases whose escrow payment is open: they draw their price from the account every block. */
export function drawingLeases(leases: readonly Lease[]): Lease[] {
  return leases.filter((lease) => (lease.payment ? lease.payment.state === "open" : lease.state === "active" || lease.state === "reclaiming"));
}

/** The runway of an escrow account at `height`, given the deployment's leases (others' leases are ignored). */
export function escrowRunway(account: EscrowAccount, leases: readonly Lease[], height: number): Runway {
  const drawing = drawingLeases(leases);
  const pricePerBlock = drawing.reduce((sum, lease) => sum.add(lease.price.amount), Dec.zero);
  const base = { denom: account.funds.denom, accountState: account.state, height, settledAt: account.settledAt, settledFunds: account.funds.amount, pricePerBlock };
  if (account.state !== "open") {
    // Closed accounts draw nothing; overdrawn ones stop accruing (the chain freezes settledAt) and owe their debt.
    return { ...base, state: account.state, accrued: Dec.zero, funds: account.funds.amount, blocksRemaining: 0n };
  }
  const blocks = Math.max(0, height - account.settledAt);
  // Per payment and truncated, as accountSettleFullBlocks charges it.
  const accrued = drawing.reduce((sum, lease) => sum.add(lease.price.amount.mul(blocks).truncate(0)), Dec.zero);
  const funds = account.funds.amount.sub(accrued);
  if (funds.isNegative()) return { ...base, state: "overdrawn", accrued, funds, blocksRemaining: 0n };
  const blocksRemaining = pricePerBlock.isZero() ? undefined : funds.div(pricePerBlock).toBigInt();
  return { ...base, state: "open", accrued, funds, blocksRemaining };
}

/** What the leases cost per hour, in the account's denomination (uact), at the measured block time. */
export function costPerHour(pricePerBlock: Dec, blockTimeMs: number): Dec {
  return pricePerBlock.mul(blocksPerHour(blockTimeMs));
}

/** Hours that `blocks` last at `blockTimeMs`: for display (rounded by the caller). */
export function blocksToHours(blocks: bigint, blockTimeMs: number): Dec {
  return Dec.from(blocks).div(blocksPerHour(blockTimeMs));
}

/** Whole blocks in a duration, rounded up: a runway of 48 h means at least 48 h. */
export function blocksIn(durationMs: number, blockTimeMs: number): bigint {
  return BigInt(Math.ceil(durationMs / blockTimeMs));
}
