/**
 * staking, distribution and mint for one validator. Every block mints total supply × inflation ÷ blocks per
 * year (mint), adds the block's fees, takes the community tax, the validator's commission, and shares the
 * rest among delegators by stake (distribution, with a reward-per-share accumulator so that each delegation's
 * rewards are exact). Delegations, rewards and their withdrawal are real state that yield reports can read.
 */
import { Dec } from "../../../costs/decimal.js";
import { MODULES } from "../address.js";
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { GrpcCode, moduleError, sdkError } from "../errors.js";
import { balance, mintCoins, supply, transfer } from "./bank.js";

export type ValidatorRecord = { operator: string; moniker: string; tokens: bigint; commission: string; accumulatedCommission: string };
export type DelegationRecord = { delegator: string; validator: string; shares: bigint; rewardPerShareAtUpdate: string; pendingRewards: string };
export type UnbondingRecord = { delegator: string; validator: string; amount: bigint; completeAt: number; createdAt: number };
export type StakingTotals = { rewardPerShare: string; communityPool: string; lastProvision: string };

/** cosmos-sdk x/staking/types/errors.go (plain Register: no gRPC status of their own). */
export const stakingErrors = {
  noValidator: moduleError("staking", 3, "validator does not exist", GrpcCode.Unknown),
  noDelegation: moduleError("staking", 19, "no delegation for (address, validator) tuple", GrpcCode.Unknown),
};

const delegationKey = (delegator: string, validator: string) => `staking/delegation/${delegator}/${validator}`;

export const getValidator = (ctx: ReadCtx, operator: string) => ctx.store.get<ValidatorRecord>(`staking/validator/${operator}`);
export const allValidators = (ctx: ReadCtx) => ctx.store.values<ValidatorRecord>("staking/validator/");
export const setValidator = (ctx: Ctx, validator: ValidatorRecord) => ctx.store.set(`staking/validator/${validator.operator}`, validator);
export const getDelegation = (ctx: ReadCtx, delegator: string, validator: string) => ctx.store.get<DelegationRecord>(delegationKey(delegator, validator));
export const delegationsOf = (ctx: ReadCtx, delegator: string) => ctx.store.values<DelegationRecord>(`staking/delegation/${delegator}/`);
export const allDelegations = (ctx: ReadCtx) => ctx.store.values<DelegationRecord>("staking/delegation/");
export const unbondingsOf = (ctx: ReadCtx, delegator: string) => ctx.store.values<UnbondingRecord>(`staking/unbonding/${delegator}/`);
export const totals = (ctx: ReadCtx): StakingTotals => ctx.store.get<StakingTotals>("distribution/totals") ?? { rewardPerShare: "0", communityPool: "0", lastProvision: "0" };

export function bondedTokens(ctx: ReadCtx): bigint {
  return allValidators(ctx).reduce((sum, v) => sum + v.tokens, 0n);
}

/** Rewards a delegation has earned and not withdrawn, exact (DecCoin on chain). */
export function pendingRewards(ctx: ReadCtx, delegation: DelegationRecord): Dec {
  const accrued = Dec.parse(totals(ctx).rewardPerShare).sub(delegation.rewardPerShareAtUpdate).mul(delegation.shares);
  return Dec.parse(delegation.pendingRewards).add(accrued);
}

export function delegate(ctx: Ctx, delegator: string, validator: string, amount: bigint): void {
  // msg_server Delegate: the amount first, then the validator.
  if (amount <= 0n) throw sdkError.invalidRequest("invalid delegation amount");
  const record = getValidator(ctx, validator);
  if (!record) throw stakingErrors.noValidator();
  // Adding to a delegation first pays out its rewards (distribution's BeforeDelegationSharesModified hook),
  // with a withdraw_rewards event, as cosmos-sdk does: yield reports find these payouts in tx events.
  if (getDelegation(ctx, delegator, validator)) withdrawRewards(ctx, delegator, validator);
  transfer(ctx, delegator, MODULES.bondedPool, ctx.params.staking.bondDenom, amount);
  const existing = getDelegation(ctx, delegator, validator);
  ctx.store.set(delegationKey(delegator, validator), {
    delegator, validator, shares: (existing?.shares ?? 0n) + amount, rewardPerShareAtUpdate: totals(ctx).rewardPerShare, pendingRewards: existing?.pendingRewards ?? "0",
  } satisfies DelegationRecord);
  setValidator(ctx, { ...record, tokens: record.tokens + amount });
  emit(ctx, "delegate", { validator, delegator, amount: `${amount}${ctx.params.staking.bondDenom}` });
}

export function undelegate(ctx: Ctx, delegator: string, validator: string, amount: bigint): void {
  // msg_server Undelegate, then ValidateUnbondAmount: amount, validator, delegation, shares.
  if (amount <= 0n) throw sdkError.invalidRequest("invalid shares amount");
  const record = getValidator(ctx, validator);
  if (!record) throw stakingErrors.noValidator();
  const delegation = getDelegation(ctx, delegator, validator);
  if (!delegation) throw stakingErrors.noDelegation();
  if (amount > delegation.shares) throw sdkError.invalidRequest("invalid shares amount");
  withdrawRewards(ctx, delegator, validator);
  const left = delegation.shares - amount;
  if (left === 0n) ctx.store.delete(delegationKey(delegator, validator));
  else ctx.store.set(delegationKey(delegator, validator), { ...getDelegation(ctx, delegator, validator)!, shares: left });
  setValidator(ctx, { ...record, tokens: record.tokens - amount });
  const completeAt = ctx.height + ctx.params.staking.unbondingBlocks;
  ctx.store.set(`staking/unbonding/${delegator}/${validator}/${ctx.height}`, { delegator, validator, amount, completeAt, createdAt: ctx.height } satisfies UnbondingRecord);
  emit(ctx, "unbond", { validator, delegator, amount: `${amount}${ctx.params.staking.bondDenom}`, completion_height: completeAt });
}

/** Pays the whole-unit part of a delegation's rewards; the fraction stays for later. */
export function withdrawRewards(ctx: Ctx, delegator: string, validator: string): bigint {
  const delegation = getDelegation(ctx, delegator, validator);
  if (!delegation) throw stakingErrors.noDelegation();
  const rewards = pendingRewards(ctx, delegation);
  const paid = rewards.toBigInt();
  transfer(ctx, MODULES.distribution, delegator, ctx.params.staking.bondDenom, paid);
  ctx.store.set(delegationKey(delegator, validator), { ...delegation, rewardPerShareAtUpdate: totals(ctx).rewardPerShare, pendingRewards: rewards.sub(paid).toString() });
  emit(ctx, "withdraw_rewards", { amount: `${paid}${ctx.params.staking.bondDenom}`, validator, delegator });
  return paid;
}

/** Begin block: mint the block's provision and distribute it with the fees collected. */
export function distributeBlockRewards(ctx: Ctx): void {
  const denom = ctx.params.staking.bondDenom;
  const provision = Dec.from(supply(ctx.store, denom)).mul(ctx.params.mint.inflation).div(ctx.params.mint.blocksPerYear);
  const minted = provision.toBigInt();
  mintCoins(ctx, MODULES.distribution, denom, minted);
  const fees = balance(ctx.store, MODULES.feeCollector, denom);
  transfer(ctx, MODULES.feeCollector, MODULES.distribution, denom, fees);
  const pool = Dec.from(minted + fees);
  const bonded = bondedTokens(ctx);
  const current = totals(ctx);
  const tax = pool.mul(ctx.params.distribution.communityTax);
  let rewardPerShare = Dec.parse(current.rewardPerShare);
  let communityPool = Dec.parse(current.communityPool).add(tax);
  if (bonded > 0n) {
    for (const validator of allValidators(ctx)) {
      const share = pool.sub(tax).mul(validator.tokens).div(bonded);
      const commission = share.mul(validator.commission);
      setValidator(ctx, { ...validator, accumulatedCommission: Dec.parse(validator.accumulatedCommission).add(commission).toString() });
      rewardPerShare = rewardPerShare.add(share.sub(commission).div(bonded));
    }
  } else {
    communityPool = communityPool.add(pool.sub(tax));
  }
  ctx.store.set("distribution/totals", { rewardPerShare: rewardPerShare.toString(), communityPool: communityPool.toString(), lastProvision: provision.toString() } satisfies StakingTotals);
}

/** End block: unbondings that have matured return to their delegators. */
export function completeUnbondings(ctx: Ctx): void {
  for (const [key, entry] of ctx.store.scan<UnbondingRecord>("staking/unbonding/")) {
    if (entry.completeAt > ctx.height) continue;
    transfer(ctx, MODULES.bondedPool, entry.delegator, ctx.params.staking.bondDenom, entry.amount);
    ctx.store.delete(key);
    emit(ctx, "complete_unbonding", { validator: entry.validator, delegator: entry.delegator, amount: `${entry.amount}${ctx.params.staking.bondDenom}` });
  }
}
