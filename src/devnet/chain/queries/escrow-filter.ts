/**
 * escrow v1 Accounts and Payments filters as node x/escrow/keeper/grpc_query.go applies them. The store key
 * of an account is "<state>/<scope>/<xid>" (a payment's "<state>/<scope>/<account xid>/<payment xid>", keeper
 * key.go), and `xid` is a raw prefix of what follows the state: it starts with the scope — "deployment",
 * "deployment/<owner>", "deployment/<owner>/<dseq>" — and, being a plain prefix, "deployment/<owner>/12" also
 * matches dseq 123. Results come state by state (open, closed, overdrawn), each in key order.
 */
import { GrpcCode, grpcStatusError } from "../errors.js";
import { allEscrowAccounts, allPayments, type EscrowAccount, type EscrowState, type Payment } from "../modules/escrow.js";
import type { QueryCtx } from "./route.js";

const STATE_ORDER: readonly EscrowState[] = ["open", "closed", "overdrawn"];

/** `status.Error(codes.InvalidArgument, "invalid state value")`, as the node answers an unknown state. */
const invalidState = () => grpcStatusError(GrpcCode.InvalidArgument, "invalid state value");

export const accountKey = (account: EscrowAccount): string => `${account.scope}/${account.xid}`;
export const paymentKey = (payment: Payment): string => `${payment.scope}/${payment.accountXid}/${payment.xid}`;

export function escrowAccountsMatching(ctx: QueryCtx, state: string, xid: string): EscrowAccount[] {
  return matching(allEscrowAccounts(ctx), accountKey, state, xid);
}

export function escrowPaymentsMatching(ctx: QueryCtx, state: string, xid: string): Payment[] {
  return matching(allPayments(ctx), paymentKey, state, xid);
}

function matching<T extends { state: EscrowState }>(records: T[], keyOf: (record: T) => string, state: string, xid: string): T[] {
  const states = state === "" ? STATE_ORDER : STATE_ORDER.filter((s) => s === state);
  if (states.length === 0) throw invalidState();
  const keyed = records.map((record) => ({ record, key: keyOf(record) })).filter(({ key }) => key.startsWith(xid));
  return states.flatMap((s) =>
    keyed
      .filter(({ record }) => record.state === s)
      .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
      .map(({ record }) => record),
  );
}
