/**
 * escrow v1, settled as mainnet's keeper settles it (node x/escrow/keeper): lazily, only when something
 * touches an account (a deposit, a payment created or closed, a provider's withdrawal). Each settlement pays
 * every open payment rate × blocks since `settledAt`, truncated to whole units; when funds run short the
 * account and its payments go overdrawn, the shortfall is kept as `unsettled`, and the hooks close the
 * deployment's leases with insufficient_funds. A deposit into an overdrawn account only pays the debt.
 * Amounts are exact 18-decimal strings (Dec), as LegacyDec on chain.
 */
import { Dec } from "../../../costs/decimal.js";
import { isAddress, MODULES } from "../address.js";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { escrowErrors, marketErrors } from "../akash-errors.js";
import { balance, transfer } from "./bank.js";

export type EscrowScope = "deployment" | "bid";
export type EscrowState = "open" | "closed" | "overdrawn";
export type Deposit = { owner: string; height: number; source: "balance" | "grant"; balance: string };

export type EscrowAccount = {
  scope: EscrowScope;
  xid: string;
  owner: string;
  state: EscrowState;
  denom: string;
  transferred: string;
  settledAt: number;
  /** Remaining funds; negative once overdrawn. */
  funds: string;
  deposits: Deposit[];
};

export type Payment = {
  scope: EscrowScope;
  accountXid: string;
  /** "gseq/oseq/provider" for a lease. */
  xid: string;
  owner: string;
  state: EscrowState;
  rate: string;
  /** Settled, not yet withdrawn. */
  balance: string;
  /** Owed but not paid (overdrawn). */
  unsettled: string;
  withdrawn: bigint;
};

const SCOPES: Record<number, EscrowScope> = { 1: "deployment", 2: "bid" };

/** escrow id.v1 Account.ValidateBasic: "<owner>/<dseq>" for a deployment, "<owner>/<dseq>/<gseq>/<oseq>/<provider>" for a bid. */
export function validateAccountId(scope: number, xid: string): EscrowScope {
  const named = SCOPES[scope];
  if (!named) throw escrowErrors.invalidId("invalid scope");
  const parts = xid.split("/");
  if (parts.length !== (named === "deployment" ? 2 : 5)) throw escrowErrors.invalidId("invalid xid format");
  const [owner, dseq, gseq, oseq, provider] = parts as [string, string, string?, string?, string?];
  if (!isAddress(owner)) throw escrowErrors.invalidId(`invalid xid/owner: decoding bech32 failed: ${JSON.stringify(owner)}`);
  if (!isUint(dseq, 64n)) throw escrowErrors.invalidId(`invalid xid/dseq: strconv.ParseUint: parsing ${JSON.stringify(dseq)}: invalid syntax`);
  if (named === "bid") {
    if (!isUint(gseq!, 32n)) throw escrowErrors.invalidId(`invalid xid/gseq: strconv.ParseUint: parsing ${JSON.stringify(gseq)}: invalid syntax`);
    if (!isUint(oseq!, 32n)) throw escrowErrors.invalidId(`invalid xid/oseq: strconv.ParseUint: parsing ${JSON.stringify(oseq)}: invalid syntax`);
    if (!isAddress(provider!)) throw escrowErrors.invalidId(`invalid xid/provider: decoding bech32 failed: ${JSON.stringify(provider)}`);
  }
  return named;
}

const isUint = (text: string, bits: bigint) => /^\d+$/.test(text) && BigInt(text) < 1n << bits;

/** Called when an account or payment closes (overdrawn included): the market and deployment modules react. */
export type EscrowHooks = {
  onAccountClosed(ctx: Ctx, account: EscrowAccount): void;
  onPaymentClosed(ctx: Ctx, payment: Payment): void;
};

const accountKey = (scope: EscrowScope, xid: string) => `escrow/account/${scope}/${xid}`;
const paymentKey = (scope: EscrowScope, accountXid: string, xid: string) => `escrow/payment/${scope}/${accountXid}/${xid}`;

export function getEscrowAccount(ctx: ReadCtx, scope: EscrowScope, xid: string): EscrowAccount | undefined {
  return ctx.store.get<EscrowAccount>(accountKey(scope, xid));
}

export function allEscrowAccounts(ctx: ReadCtx): EscrowAccount[] {
  return ctx.store.values<EscrowAccount>("escrow/account/");
}

export function getPayment(ctx: ReadCtx, scope: EscrowScope, accountXid: string, xid: string): Payment | undefined {
  return ctx.store.get<Payment>(paymentKey(scope, accountXid, xid));
}

export function accountPayments(ctx: ReadCtx, scope: EscrowScope, accountXid: string): Payment[] {
  return ctx.store.values<Payment>(`escrow/payment/${scope}/${accountXid}/`);
}

export function allPayments(ctx: ReadCtx): Payment[] {
  return ctx.store.values<Payment>("escrow/payment/");
}

/**
 * AuthorizeDeposits for a deposit from the depositor's balance: what the balance cannot cover is refused
 * before anything moves — with market's "deposit invalid", the error the node's escrow keeper uses here.
 */
export function authorizeDeposit(ctx: ReadCtx, depositor: string, amount: bigint, denom: string): void {
  if (balance(ctx.store, depositor, denom) < amount) throw marketErrors.invalidDeposit.after("insufficient balance");
}

export function createAccount(ctx: Ctx, scope: EscrowScope, xid: string, owner: string, depositor: string, amount: bigint, denom: string): EscrowAccount {
  authorizeDeposit(ctx, depositor, amount, denom);
  if (getEscrowAccount(ctx, scope, xid)) throw escrowErrors.accountExists();
  transfer(ctx, depositor, MODULES.escrow, denom, amount);
  const account: EscrowAccount = {
    scope, xid, owner, state: "open", denom,
    transferred: "0", settledAt: ctx.height, funds: amount.toString(),
    deposits: [{ owner: depositor, height: ctx.height, source: "balance", balance: amount.toString() }],
  };
  ctx.store.set(accountKey(scope, xid), account);
  emit(ctx, "akash.escrow.v1.EventAccountCreated", { scope, xid, owner });
  return account;
}

export function deposit(ctx: Ctx, hooks: EscrowHooks, scope: EscrowScope, xid: string, depositor: string, amount: bigint, denom: string): void {
  authorizeDeposit(ctx, depositor, amount, denom);
  const account = getEscrowAccount(ctx, scope, xid);
  if (!account) throw escrowErrors.accountNotFound();
  if (account.state === "closed") throw escrowErrors.accountClosed();
  // Stricter than the node, which would open a second funds entry in the other denomination: one denomination per account here.
  if (denom !== account.denom) throw escrowErrors.invalidDenomination(`deposit in ${denom} into an account in ${account.denom}`);
  transfer(ctx, depositor, MODULES.escrow, denom, amount);
  let updated: EscrowAccount = {
    ...account,
    funds: Dec.parse(account.funds).add(amount).toString(),
    deposits: [...account.deposits, { owner: depositor, height: ctx.height, source: "balance", balance: amount.toString() }],
  };
  emit(ctx, "akash.escrow.v1.EventAccountDeposit", { scope, xid, depositor, amount: `${amount}${denom}` });
  if (account.state !== "overdrawn") {
    ctx.store.set(accountKey(scope, xid), updated);
    return;
  }
  // Overdrawn: the deposit pays what is owed; the account does not come back to life.
  const { account: settled, payments, overdrawn } = settle(ctx, updated);
  const closedPayments = payments.map((p) => withdraw(ctx, { ...p, state: p.state === "open" ? "closed" : p.state }));
  updated = overdrawn ? settled : { ...settled, state: "closed" };
  save(ctx, hooks, updated, closedPayments);
}

export function createPayment(ctx: Ctx, hooks: EscrowHooks, scope: EscrowScope, accountXid: string, xid: string, owner: string, rate: Dec): void {
  const account = getEscrowAccount(ctx, scope, accountXid);
  if (!account) throw escrowErrors.accountNotFound();
  if (account.state === "closed") throw escrowErrors.accountClosed();
  const { account: settled, payments, overdrawn } = settle(ctx, account);
  if (overdrawn) {
    save(ctx, hooks, settled, payments);
    throw escrowErrors.accountOverdrawn();
  }
  if (rate.isZero()) throw escrowErrors.paymentRateZero();
  if (getPayment(ctx, scope, accountXid, xid)) throw escrowErrors.paymentExists();
  ctx.store.set(accountKey(scope, accountXid), settled);
  for (const payment of payments) ctx.store.set(paymentKey(scope, accountXid, payment.xid), payment);
  const payment: Payment = { scope, accountXid, xid, owner, state: "open", rate: rate.toString(), balance: "0", unsettled: "0", withdrawn: 0n };
  ctx.store.set(paymentKey(scope, accountXid, xid), payment);
}

/** A provider's withdrawal of what a payment has earned: settles the account first. */
export function withdrawPayment(ctx: Ctx, hooks: EscrowHooks, scope: EscrowScope, accountXid: string, xid: string): void {
  const account = getEscrowAccount(ctx, scope, accountXid);
  const payment = getPayment(ctx, scope, accountXid, xid);
  if (!account) throw escrowErrors.accountNotFound();
  if (!payment) throw escrowErrors.paymentNotFound();
  if (payment.state !== "open") throw escrowErrors.paymentClosed();
  const { account: settled, payments, overdrawn } = settle(ctx, account);
  save(ctx, hooks, settled, overdrawn ? payments : payments.map((p) => (p.xid === xid ? withdraw(ctx, p) : p)));
}

export function closePayment(ctx: Ctx, hooks: EscrowHooks, scope: EscrowScope, accountXid: string, xid: string): void {
  const account = getEscrowAccount(ctx, scope, accountXid);
  const payment = getPayment(ctx, scope, accountXid, xid);
  if (!account) throw escrowErrors.accountNotFound();
  if (!payment) throw escrowErrors.paymentNotFound();
  if (payment.state === "closed") throw escrowErrors.paymentClosed();
  const { account: settled, payments } = settle(ctx, account);
  const updated = payments.map((p) => (p.xid === xid ? withdraw(ctx, { ...p, state: p.state === "open" ? "closed" : p.state }) : p));
  save(ctx, hooks, settled, updated);
}

/** Closes an account: settles, closes and pays out its payments, refunds what is left to the depositors. */
export function closeAccount(ctx: Ctx, hooks: EscrowHooks, scope: EscrowScope, xid: string): void {
  const account = getEscrowAccount(ctx, scope, xid);
  if (!account) throw escrowErrors.accountNotFound();
  if (account.state === "closed") throw escrowErrors.accountClosed();
  const { account: settled, payments } = settle(ctx, account);
  const closed: EscrowAccount = settled.state === "open" ? { ...settled, state: "closed" } : settled;
  save(ctx, hooks, closed, payments.map((p) => withdraw(ctx, { ...p, state: p.state === "open" ? "closed" : p.state })));
}

type Settlement = { account: EscrowAccount; payments: Payment[]; overdrawn: boolean };

/** accountSettle: pays every open (and previously overdrawn) payment for the blocks since the last settlement. */
function settle(ctx: Ctx, account: EscrowAccount): Settlement {
  if (account.state === "closed") throw escrowErrors.accountClosed();
  if (Dec.parse(account.funds).isNegative()) return { account, payments: [], overdrawn: true };
  const blocks = account.state === "overdrawn" ? 0 : ctx.height - account.settledAt;
  let current: EscrowAccount = { ...account, settledAt: account.state === "overdrawn" ? account.settledAt : ctx.height };
  const payments = accountPayments(ctx, account.scope, account.xid).filter((p) => p.state === "overdrawn" || (blocks > 0 && p.state === "open"));
  if (payments.length === 0) return { account: current, payments: [], overdrawn: false };

  let overdrawn = false;
  const settled = payments.map((payment) => {
    const owed = payment.state === "overdrawn" ? Dec.parse(payment.unsettled) : Dec.parse(payment.rate).mul(blocks).truncate(0);
    const { account: after, paid } = deduct(current, owed);
    current = after;
    const shortfall = owed.sub(paid);
    const next: Payment = { ...payment, balance: Dec.parse(payment.balance).add(paid).toString(), unsettled: payment.state === "overdrawn" ? "0" : payment.unsettled };
    if (shortfall.isZero()) return { ...next, state: "open" as const };
    overdrawn = true;
    return { ...next, state: "overdrawn" as const, unsettled: Dec.parse(next.unsettled).add(shortfall).toString() };
  });
  if (!overdrawn) return { account: current, payments: settled, overdrawn };
  current = { ...current, state: "overdrawn" };
  return { account: current, payments: settled.map((p) => withdraw(ctx, { ...p, state: "overdrawn" })), overdrawn };
}

/** deductFromBalance: takes `amount` from the deposits in order; what cannot be covered drives funds negative. */
function deduct(account: EscrowAccount, amount: Dec): { account: EscrowAccount; paid: Dec } {
  let remaining = amount;
  let paid = Dec.zero;
  const deposits: Deposit[] = [];
  for (const d of account.deposits) {
    const available = Dec.parse(d.balance);
    const take = available.cmp(remaining) < 0 ? available : remaining;
    remaining = remaining.sub(take);
    paid = paid.add(take);
    const left = available.sub(take);
    if (!left.isZero()) deposits.push({ ...d, balance: left.toString() });
  }
  const funds = Dec.parse(account.funds).sub(paid).sub(remaining);
  return { account: { ...account, deposits, funds: funds.toString(), transferred: Dec.parse(account.transferred).add(paid).toString() }, paid };
}

/** Pays a payment's whole-unit balance out to its owner (the provider). */
function withdraw(ctx: Ctx, payment: Payment): Payment {
  const earnings = Dec.parse(payment.balance).toBigInt();
  if (earnings === 0n) return payment;
  const denom = getEscrowAccount(ctx, payment.scope, payment.accountXid)?.denom ?? "uact";
  transfer(ctx, MODULES.escrow, payment.owner, denom, earnings);
  return { ...payment, withdrawn: payment.withdrawn + earnings, balance: Dec.parse(payment.balance).sub(earnings).toString() };
}

/** Stores the account and payments; refunds depositors of a closed or overdrawn account; runs the hooks. */
function save(ctx: Ctx, hooks: EscrowHooks, account: EscrowAccount, payments: Payment[]): void {
  let stored = account;
  if (account.state !== "open") {
    let funds = Dec.parse(account.funds);
    for (const d of account.deposits) {
      const refund = Dec.parse(d.balance);
      if (refund.isZero()) continue;
      transfer(ctx, MODULES.escrow, d.owner, account.denom, refund.toBigInt());
      funds = funds.sub(refund);
    }
    stored = { ...account, deposits: [], funds: funds.toString() };
  }
  ctx.store.set(accountKey(account.scope, account.xid), stored);
  for (const payment of payments) ctx.store.set(paymentKey(payment.scope, payment.accountXid, payment.xid), payment);
  if (stored.state !== "open") hooks.onAccountClosed(ctx, stored);
  for (const payment of payments) if (payment.state !== "open") hooks.onPaymentClosed(ctx, payment);
}
