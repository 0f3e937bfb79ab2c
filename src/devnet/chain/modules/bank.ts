/**
 * auth and bank: accounts (number, sequence, public key once the account has signed) and balances.
 * ACT (uact) is not transferable between wallets, as on mainnet (send-disabled): only minting,
 * escrow and module transfers move it.
 */
import { emit, type Ctx } from "../context.js";
import { ChainError, GrpcCode, sdkError } from "../errors.js";
import type { KvStore, StoreReader } from "../kv-store.js";

export type AccountRecord = { address: string; accountNumber: bigint; sequence: bigint; pubKey?: Uint8Array; module?: string };

const accountKey = (address: string) => `auth/account/${address}`;
const balanceKey = (address: string, denom: string) => `bank/balance/${address}/${denom}`;
const supplyKey = (denom: string) => `bank/supply/${denom}`;
const SEND_DISABLED = new Set(["uact"]);

export function getAccount(store: StoreReader, address: string): AccountRecord | undefined {
  return store.get<AccountRecord>(accountKey(address));
}

/** The account, created with the next account number if it does not exist (as receiving funds does). */
export function ensureAccount(store: KvStore, address: string, module?: string): AccountRecord {
  const existing = getAccount(store, address);
  if (existing) return existing;
  const next = store.get<bigint>("auth/next-account-number") ?? 0n;
  const account: AccountRecord = { address, accountNumber: next, sequence: 0n, ...(module ? { module } : {}) };
  store.set("auth/next-account-number", next + 1n);
  store.set(accountKey(address), account);
  return account;
}

export function setAccount(store: KvStore, account: AccountRecord): void {
  store.set(accountKey(account.address), account);
}

export function balance(store: StoreReader, address: string, denom: string): bigint {
  return store.get<bigint>(balanceKey(address, denom)) ?? 0n;
}

export function balances(store: StoreReader, address: string): { denom: string; amount: bigint }[] {
  const prefix = `bank/balance/${address}/`;
  return store.scan<bigint>(prefix).map(([key, amount]) => ({ denom: key.slice(prefix.length), amount })).filter((c) => c.amount > 0n);
}

export function supply(store: StoreReader, denom: string): bigint {
  return store.get<bigint>(supplyKey(denom)) ?? 0n;
}

export function allSupply(store: StoreReader): { denom: string; amount: bigint }[] {
  return store.scan<bigint>("bank/supply/").map(([key, amount]) => ({ denom: key.slice("bank/supply/".length), amount }));
}

function add(store: KvStore, address: string, denom: string, amount: bigint): void {
  const next = balance(store, address, denom) + amount;
  if (next < 0n) throw sdkError.insufficientFunds(`spendable balance ${balance(store, address, denom)}${denom} is smaller than ${-amount}${denom}`);
  store.set(balanceKey(address, denom), next);
}

/** Moves coins between accounts (module transfers included); `userSend` applies the send-enabled rule. */
export function transfer(ctx: Ctx, from: string, to: string, denom: string, amount: bigint, userSend = false): void {
  if (amount < 0n) throw sdkError.invalidCoins(`negative amount ${amount}${denom}`);
  if (amount === 0n) return;
  if (userSend && SEND_DISABLED.has(denom)) throw new ChainError("bank", 5, `${denom} transfers are currently disabled: send transactions are disabled`, GrpcCode.InvalidArgument);
  add(ctx.store, from, denom, -amount);
  ensureAccount(ctx.store, to);
  add(ctx.store, to, denom, amount);
  emit(ctx, "transfer", { recipient: to, sender: from, amount: `${amount}${denom}` });
}

export function mintCoins(ctx: Ctx, to: string, denom: string, amount: bigint): void {
  if (amount <= 0n) return;
  ensureAccount(ctx.store, to);
  add(ctx.store, to, denom, amount);
  ctx.store.set(supplyKey(denom), supply(ctx.store, denom) + amount);
  emit(ctx, "coinbase", { minter: to, amount: `${amount}${denom}` });
}

export function burnCoins(ctx: Ctx, from: string, denom: string, amount: bigint): void {
  if (amount <= 0n) return;
  add(ctx.store, from, denom, -amount);
  ctx.store.set(supplyKey(denom), supply(ctx.store, denom) - amount);
  emit(ctx, "burn", { burner: from, amount: `${amount}${denom}` });
}
