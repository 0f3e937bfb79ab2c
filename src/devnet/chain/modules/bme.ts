/**
 * bme v1 (Burn-Mint Equilibrium): a wallet mints ACT by burning AKT, as node x/bme does it. MsgMintACT only
 * queues the request: the AKT moves to the bme module at once, and the mint executes an epoch of `epochBlocks`
 * later at the oracle price then (prepareToBM): trunc(burned × AKT price) uact, of which the mint spread stays
 * in the vault. A request the chain cannot honour then — below min_mint, truncating to zero — is cancelled and
 * the AKT refunded (EventLedgerRecordCanceled), so MsgMintACT below the minimum succeeds and mints nothing.
 * A stalled oracle price is retried each block, max_pending_attempts times, then cancelled too.
 * ACT is not transferable, so minting is the only way a wallet gets it.
 */
import { Dec } from "../../../costs/decimal.js";
import { isAddress, MODULES } from "../address.js";
import { bmeErrors } from "../akash-errors.js";
import { emit, type Ctx } from "../context.js";
import { ChainError, sdkError } from "../errors.js";
import { burnCoins, mintCoins, transfer } from "./bank.js";
import { usdPrice } from "./oracle.js";

export type PendingMint = { owner: string; to: string; burned: bigint; height: number; sequence: number; settleAt: number; attempts: number };
export type ExecutedMint = PendingMint & { minted: bigint; spread: bigint; price: string; executedAt: number };
/** LedgerCanceledRecord.BMCancelReason names (chain-sdk proto/node/akash/bme/v1/types.proto). */
export type CancelReason = "epsilon" | "minimum_mint" | "max_attempts";
export type CanceledMint = PendingMint & { reason: CancelReason; canceledAt: number };

type MintActMessage = { owner: string; to: string; coin: { denom: string; amount: string } };

/** MsgMintACT.ValidateBasic (chain-sdk go/node/bme/v1/msgs.go), run in CheckTx. */
export function validateMintAct({ owner, to, coin }: MintActMessage): void {
  if (!isAddress(owner)) throw sdkError.invalidAddress(`invalid owner address: ${JSON.stringify(owner)}`);
  if (!isAddress(to)) throw sdkError.invalidAddress(`invalid to address: ${JSON.stringify(to)}`);
  if (owner !== to) throw bmeErrors.unauthorized("owner and to addresses must match");
  if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(coin.denom) || !/^\d+$/.test(coin.amount)) throw sdkError.invalidCoins(`invalid coins: ${coin.amount}${coin.denom}`);
  if (BigInt(coin.amount) === 0n) throw bmeErrors.invalidAmount("amount must not be 0");
}

/** RequestBurnMint: checks the route and the oracle, moves the AKT to the module and queues the mint. */
export function mintAct(ctx: Ctx, { owner, to, coin }: MintActMessage): PendingMint {
  if (coin.denom !== "uakt") throw bmeErrors.invalidDenom(`invalid swap route ${coin.denom} -> uact`);
  usdPrice(ctx, coin.denom);
  usdPrice(ctx, "uact");
  const burned = BigInt(coin.amount);
  transfer(ctx, owner, MODULES.bme, "uakt", burned);
  const sequence = (ctx.store.get<number>("bme/sequence") ?? 0) + 1;
  ctx.store.set("bme/sequence", sequence);
  const pending: PendingMint = { owner, to, burned, height: ctx.height, sequence, settleAt: ctx.height + ctx.params.bme.epochBlocks, attempts: 0 };
  ctx.store.set(pendingKey(sequence), pending);
  return pending;
}

const pendingKey = (sequence: number) => `bme/pending/${sequence.toString().padStart(12, "0")}`;

/** End of block: executes the mints whose epoch has passed, or cancels them with a refund. */
export function settleMints(ctx: Ctx): void {
  for (const [key, pending] of ctx.store.scan<PendingMint>("bme/pending/")) {
    if (pending.settleAt > ctx.height) continue;
    let price: string;
    try {
      price = usdPrice(ctx, "uakt");
    } catch (error) {
      if (!(error instanceof ChainError)) throw error;
      const attempts = pending.attempts + 1;
      if (attempts >= ctx.params.bme.maxPendingAttempts) cancel(ctx, key, pending, "max_attempts");
      else ctx.store.set(key, { ...pending, attempts });
      continue;
    }
    const gross = Dec.from(pending.burned).mul(price);
    const minted = gross.toBigInt();
    if (minted <= 0n) cancel(ctx, key, pending, "epsilon");
    else if (minted < ctx.params.bme.minMintUact) cancel(ctx, key, pending, "minimum_mint");
    else execute(ctx, key, pending, price, minted, gross.mul(ctx.params.bme.mintSpreadBps).div(10_000).toBigInt());
  }
}

function execute(ctx: Ctx, key: string, pending: PendingMint, price: string, minted: bigint, spread: bigint): void {
  burnCoins(ctx, MODULES.bme, "uakt", pending.burned);
  // The spread is minted too and stays in the vault; the wallet gets the rest.
  mintCoins(ctx, MODULES.bme, "uact", minted);
  transfer(ctx, MODULES.bme, pending.to, "uact", minted - spread);
  ctx.store.delete(key);
  const executed: ExecutedMint = { ...pending, minted, spread, price, executedAt: ctx.height };
  ctx.store.set(`bme/executed/${key.slice("bme/pending/".length)}`, executed);
  const totals = ctx.store.get<{ burned: bigint; minted: bigint }>("bme/totals") ?? { burned: 0n, minted: 0n };
  ctx.store.set("bme/totals", { burned: totals.burned + pending.burned, minted: totals.minted + minted });
  emit(ctx, "akash.bme.v1.EventLedgerRecordExecuted", {
    burned_from: pending.owner, minted_to: pending.to, burned: `${pending.burned}uakt`, minted: `${minted}uact`, spread: `${spread}uact`, price,
  });
}

/** cancelBurnMint: records why, refunds the AKT to the owner. */
function cancel(ctx: Ctx, key: string, pending: PendingMint, reason: CancelReason): void {
  transfer(ctx, MODULES.bme, pending.owner, "uakt", pending.burned);
  ctx.store.delete(key);
  const canceled: CanceledMint = { ...pending, reason, canceledAt: ctx.height };
  ctx.store.set(`bme/canceled/${key.slice("bme/pending/".length)}`, canceled);
  emit(ctx, "akash.bme.v1.EventLedgerRecordCanceled", {
    cancel_reason: reason, owner: pending.owner, to: pending.to, coins_to_burn: `${pending.burned}uakt`, denom_to_mint: "uact",
  });
}
