/**
 * bme v1 (Burn-Mint Equilibrium): a wallet mints ACT by burning AKT. The AKT is burnt at once; the ACT
 * arrives when the mint settles, an epoch of `epochBlocks` later, at the AKT price less the mint spread.
 * ACT is not transferable, so minting is the only way a wallet gets it.
 */
import { Dec } from "../../../costs/decimal.js";
import { MODULES } from "../address.js";
import { emit, type Ctx } from "../context.js";
import { moduleError } from "../errors.js";
import { burnCoins, mintCoins, transfer } from "./bank.js";

export type PendingMint = { owner: string; to: string; burned: bigint; height: number; sequence: number; settleAt: number };
export type ExecutedMint = PendingMint & { minted: bigint; price: string; executedAt: number };

const bmeErrors = {
  invalidDenom: moduleError("bme", 2, "invalid denomination"),
  belowMinimum: moduleError("bme", 3, "amount below minimum mint"),
  invalidRecipient: moduleError("bme", 4, "invalid recipient: ACT can only be minted to the owner"),
};

export function mintAct(ctx: Ctx, owner: string, to: string, coin: { denom: string; amount: string }): PendingMint {
  if (coin.denom !== "uakt") throw bmeErrors.invalidDenom(`coins_to_burn must be uakt, got ${coin.denom}`);
  if (to !== owner) throw bmeErrors.invalidRecipient();
  const burned = BigInt(coin.amount);
  const expected = mintedFor(ctx, burned);
  if (expected < ctx.params.bme.minMintUact) throw bmeErrors.belowMinimum(`${burned}uakt mints ${expected}uact; the minimum is ${ctx.params.bme.minMintUact}uact`);
  transfer(ctx, owner, MODULES.bme, "uakt", burned);
  burnCoins(ctx, MODULES.bme, "uakt", burned);
  const sequence = (ctx.store.get<number>("bme/sequence") ?? 0) + 1;
  ctx.store.set("bme/sequence", sequence);
  const pending: PendingMint = { owner, to, burned, height: ctx.height, sequence, settleAt: ctx.height + ctx.params.bme.epochBlocks };
  ctx.store.set(`bme/pending/${sequence.toString().padStart(12, "0")}`, pending);
  emit(ctx, "akash.bme.v1.EventMintRequested", { owner, to, burned: `${burned}uakt`, settle_at: pending.settleAt });
  return pending;
}

/** End of block: settles the mints whose epoch has passed. */
export function settleMints(ctx: Ctx): void {
  for (const [key, pending] of ctx.store.scan<PendingMint>("bme/pending/")) {
    if (pending.settleAt > ctx.height) continue;
    const minted = mintedFor(ctx, pending.burned);
    mintCoins(ctx, pending.to, "uact", minted);
    ctx.store.delete(key);
    const executed: ExecutedMint = { ...pending, minted, price: ctx.params.bme.aktUsd, executedAt: ctx.height };
    ctx.store.set(`bme/executed/${key.slice("bme/pending/".length)}`, executed);
    const totals = ctx.store.get<{ burned: bigint; minted: bigint }>("bme/totals") ?? { burned: 0n, minted: 0n };
    ctx.store.set("bme/totals", { burned: totals.burned + pending.burned, minted: totals.minted + minted });
    emit(ctx, "akash.bme.v1.EventMintExecuted", { owner: pending.owner, to: pending.to, burned: `${pending.burned}uakt`, minted: `${minted}uact` });
  }
}

/** uact for `burned` uakt: AKT price × (1 − spread), truncated. */
function mintedFor(ctx: Ctx, burned: bigint): bigint {
  const spread = Dec.from(ctx.params.bme.mintSpreadBps).div(10_000);
  return Dec.from(burned).mul(ctx.params.bme.aktUsd).mul(Dec.from(1).sub(spread)).toBigInt();
}
