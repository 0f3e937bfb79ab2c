/**
 * Providers withdraw what their leases earned on a period, as mainnet providers do (about hourly there).
 * Withdrawing settles the deployment's escrow account, which is also when an account that ran dry is found
 * overdrawn and its leases close with insufficient_funds.
 */
import type { Ctx } from "./context.js";
import { allPayments, withdrawPayment, type EscrowHooks } from "./modules/escrow.js";
import { allLeases } from "./modules/market.js";

export function withdrawDuePayments(ctx: Ctx, hooks: EscrowHooks, periodBlocks: number): void {
  const due = new Set(
    allLeases(ctx)
      .filter((lease) => (lease.state === "active" || lease.state === "reclaiming") && ctx.height > lease.createdAt && (ctx.height - lease.createdAt) % periodBlocks === 0)
      .map((lease) => `${lease.owner}/${lease.dseq}|${lease.gseq}/${lease.oseq}/${lease.provider}`),
  );
  for (const payment of allPayments(ctx)) {
    if (payment.scope !== "deployment" || payment.state !== "open" || !due.has(`${payment.accountXid}|${payment.xid}`)) continue;
    ctx.store.atomically(() => withdrawPayment(ctx, hooks, payment.scope, payment.accountXid, payment.xid));
  }
}
