/** Cosmos SDK queries: auth, bank, staking, distribution, mint. */
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { PubKey } from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import { Dec } from "../../../costs/decimal.js";
import { GrpcCode, grpcStatusError, sdkError } from "../errors.js";
import { allSupply, balance, balances, getAccount, supply } from "../modules/bank.js";
import { allDelegations, allValidators, bondedTokens, delegationsOf, getDelegation, getValidator, pendingRewards, stakingErrors, totals, unbondingsOf } from "../modules/staking.js";
import { MODULES } from "../address.js";
import { decCoin } from "./convert.js";
import { paginate, route, type QueryCtx } from "./route.js";

const any = (typeUrl: string, value: Uint8Array) => ({ typeUrl, value });

const notFoundStatus = (message: string) => grpcStatusError(GrpcCode.NotFound, message);

function accountAny(ctx: QueryCtx, address: string) {
  const account = getAccount(ctx.store, address)!;
  const base = cosmos.BaseAccount.fromPartial({
    address,
    accountNumber: account.accountNumber,
    sequence: account.sequence,
    ...(account.pubKey ? { pubKey: any("/cosmos.crypto.secp256k1.PubKey", PubKey.encode({ key: account.pubKey }).finish()) } : {}),
  });
  return any("/cosmos.auth.v1beta1.BaseAccount", cosmos.BaseAccount.encode(base).finish());
}

const validatorMessage = (ctx: QueryCtx, v: ReturnType<typeof allValidators>[number]) => ({
  operatorAddress: v.operator,
  jailed: false,
  status: 3, // BOND_STATUS_BONDED
  tokens: v.tokens.toString(),
  delegatorShares: Dec.from(v.tokens).toFixed18(),
  description: { moniker: v.moniker, identity: "", website: "", securityContact: "", details: "" },
  commission: { commissionRates: { rate: Dec.parse(v.commission).toFixed18(), maxRate: Dec.parse("0.2").toFixed18(), maxChangeRate: Dec.parse("0.01").toFixed18() }, updateTime: ctx.time },
  minSelfDelegation: "1",
});

const delegationResponse = (ctx: QueryCtx, d: ReturnType<typeof allDelegations>[number]) => ({
  delegation: { delegatorAddress: d.delegator, validatorAddress: d.validator, shares: Dec.from(d.shares).toFixed18() },
  balance: { denom: ctx.params.staking.bondDenom, amount: d.shares.toString() },
});

export const cosmosQueries = [
  route("/cosmos.auth.v1beta1.Query/Account", "/cosmos/auth/v1beta1/accounts/{address}", cosmos.QueryAccountRequest, cosmos.QueryAccountResponse, (ctx, req) => {
    // cosmjs recognises a missing account by this gRPC NotFound text.
    if (!getAccount(ctx.store, req.address)) throw notFoundStatus(`account ${req.address} not found`);
    return { account: accountAny(ctx, req.address) };
  }),
  route("/cosmos.bank.v1beta1.Query/Balance", "/cosmos/bank/v1beta1/balances/{address}/by_denom", cosmos.QueryBalanceRequest, cosmos.QueryBalanceResponse, (ctx, req) => {
    if (!req.denom) throw sdkError.invalidRequest("invalid denom");
    return { balance: { denom: req.denom, amount: balance(ctx.store, req.address, req.denom).toString() } };
  }),
  route("/cosmos.bank.v1beta1.Query/AllBalances", "/cosmos/bank/v1beta1/balances/{address}", cosmos.QueryAllBalancesRequest, cosmos.QueryAllBalancesResponse, (ctx, req) => {
    const page = paginate(balances(ctx.store, req.address), req.pagination);
    return { balances: page.items.map((c) => ({ denom: c.denom, amount: c.amount.toString() })), pagination: page.pagination };
  }),
  route("/cosmos.bank.v1beta1.Query/TotalSupply", "/cosmos/bank/v1beta1/supply", cosmos.QueryTotalSupplyRequest, cosmos.QueryTotalSupplyResponse, (ctx, req) => {
    const page = paginate(allSupply(ctx.store), req.pagination);
    return { supply: page.items.map((c) => ({ denom: c.denom, amount: c.amount.toString() })), pagination: page.pagination };
  }),
  route("/cosmos.bank.v1beta1.Query/SupplyOf", "/cosmos/bank/v1beta1/supply/by_denom", cosmos.QuerySupplyOfRequest, cosmos.QuerySupplyOfResponse, (ctx, req) => ({
    amount: { denom: req.denom, amount: supply(ctx.store, req.denom).toString() },
  })),
  route("/cosmos.staking.v1beta1.Query/Validators", "/cosmos/staking/v1beta1/validators", cosmos.QueryValidatorsRequest, cosmos.QueryValidatorsResponse, (ctx, req) => {
    const page = paginate(allValidators(ctx), req.pagination);
    return { validators: page.items.map((v) => validatorMessage(ctx, v)), pagination: page.pagination };
  }),
  route("/cosmos.staking.v1beta1.Query/Validator", "/cosmos/staking/v1beta1/validators/{validator_addr}", cosmos.QueryValidatorRequest, cosmos.QueryValidatorResponse, (ctx, req) => {
    const validator = getValidator(ctx, req.validatorAddr);
    if (!validator) throw notFoundStatus(`validator ${req.validatorAddr} not found`);
    return { validator: validatorMessage(ctx, validator) };
  }),
  route("/cosmos.staking.v1beta1.Query/Delegation", "/cosmos/staking/v1beta1/validators/{validator_addr}/delegations/{delegator_addr}", cosmos.QueryDelegationRequest, cosmos.QueryDelegationResponse, (ctx, req) => {
    const delegation = getDelegation(ctx, req.delegatorAddr, req.validatorAddr);
    if (!delegation) throw notFoundStatus(`delegation with delegator ${req.delegatorAddr} not found for validator ${req.validatorAddr}`);
    return { delegationResponse: delegationResponse(ctx, delegation) };
  }),
  route("/cosmos.staking.v1beta1.Query/DelegatorDelegations", "/cosmos/staking/v1beta1/delegations/{delegator_addr}", cosmos.QueryDelegatorDelegationsRequest, cosmos.QueryDelegatorDelegationsResponse, (ctx, req) => {
    const page = paginate(delegationsOf(ctx, req.delegatorAddr), req.pagination);
    return { delegationResponses: page.items.map((d) => delegationResponse(ctx, d)), pagination: page.pagination };
  }),
  route("/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations", "/cosmos/staking/v1beta1/delegators/{delegator_addr}/unbonding_delegations", cosmos.QueryDelegatorUnbondingDelegationsRequest, cosmos.QueryDelegatorUnbondingDelegationsResponse, (ctx, req) => {
    const entries = unbondingsOf(ctx, req.delegatorAddr);
    const byValidator = [...new Set(entries.map((e) => e.validator))];
    return {
      unbondingResponses: byValidator.map((validator) => ({
        delegatorAddress: req.delegatorAddr,
        validatorAddress: validator,
        entries: entries.filter((e) => e.validator === validator).map((e) => ({ creationHeight: BigInt(e.createdAt), initialBalance: e.amount.toString(), balance: e.amount.toString(), unbondingId: 0n, unbondingOnHoldRefCount: 0n })),
      })),
    };
  }),
  route("/cosmos.staking.v1beta1.Query/Pool", "/cosmos/staking/v1beta1/pool", cosmos.QueryPoolRequest, cosmos.QueryPoolResponse, (ctx) => {
    const bonded = bondedTokens(ctx);
    return { pool: { bondedTokens: bonded.toString(), notBondedTokens: (balance(ctx.store, MODULES.bondedPool, ctx.params.staking.bondDenom) - bonded).toString() } };
  }),
  route("/cosmos.staking.v1beta1.Query/Params", "/cosmos/staking/v1beta1/params", cosmos.Staking_QueryParamsRequest, cosmos.Staking_QueryParamsResponse, (ctx) => ({
    params: { unbondingTime: { seconds: BigInt(ctx.params.staking.unbondingBlocks * 6), nanos: 0 }, maxValidators: 100, maxEntries: 7, historicalEntries: 10000, bondDenom: ctx.params.staking.bondDenom, minCommissionRate: Dec.parse("0.05").toFixed18() },
  })),
  route("/cosmos.distribution.v1beta1.Query/DelegationRewards", "/cosmos/distribution/v1beta1/delegators/{delegator_address}/rewards/{validator_address}", cosmos.QueryDelegationRewardsRequest, cosmos.QueryDelegationRewardsResponse, (ctx, req) => {
    const delegation = getDelegation(ctx, req.delegatorAddress, req.validatorAddress);
    // The staking keeper's Delegation() answers ErrNoDelegation before distribution looks further.
    if (!delegation) throw stakingErrors.noDelegation();
    return { rewards: [decCoin(ctx.params.staking.bondDenom, pendingRewards(ctx, delegation).toString())] };
  }),
  route("/cosmos.distribution.v1beta1.Query/DelegationTotalRewards", "/cosmos/distribution/v1beta1/delegators/{delegator_address}/rewards", cosmos.QueryDelegationTotalRewardsRequest, cosmos.QueryDelegationTotalRewardsResponse, (ctx, req) => {
    const rows = delegationsOf(ctx, req.delegatorAddress).map((d) => ({ validatorAddress: d.validator, reward: [decCoin(ctx.params.staking.bondDenom, pendingRewards(ctx, d).toString())] }));
    const total = delegationsOf(ctx, req.delegatorAddress).reduce((sum, d) => sum.add(pendingRewards(ctx, d)), Dec.zero);
    return { rewards: rows, total: [decCoin(ctx.params.staking.bondDenom, total.toString())] };
  }),
  route("/cosmos.distribution.v1beta1.Query/CommunityPool", "/cosmos/distribution/v1beta1/community_pool", cosmos.QueryCommunityPoolRequest, cosmos.QueryCommunityPoolResponse, (ctx) => ({
    pool: [decCoin(ctx.params.staking.bondDenom, totals(ctx).communityPool)],
  })),
  route("/cosmos.distribution.v1beta1.Query/Params", "/cosmos/distribution/v1beta1/params", cosmos.Distribution_QueryParamsRequest, cosmos.Distribution_QueryParamsResponse, (ctx) => ({
    params: { communityTax: Dec.parse(ctx.params.distribution.communityTax).toFixed18(), baseProposerReward: Dec.zero.toFixed18(), bonusProposerReward: Dec.zero.toFixed18(), withdrawAddrEnabled: true },
  })),
  route("/cosmos.mint.v1beta1.Query/Params", "/cosmos/mint/v1beta1/params", cosmos.Mint_QueryParamsRequest, cosmos.Mint_QueryParamsResponse, (ctx) => {
    const inflation = Dec.parse(ctx.params.mint.inflation).toFixed18();
    return { params: { mintDenom: ctx.params.staking.bondDenom, inflationRateChange: Dec.zero.toFixed18(), inflationMax: inflation, inflationMin: inflation, goalBonded: Dec.parse("0.67").toFixed18(), blocksPerYear: ctx.params.mint.blocksPerYear } };
  }),
  route("/cosmos.mint.v1beta1.Query/Inflation", "/cosmos/mint/v1beta1/inflation", cosmos.QueryInflationRequest, cosmos.QueryInflationResponse, (ctx) => ({
    inflation: new TextEncoder().encode(Dec.parse(ctx.params.mint.inflation).toFixed18().replace(".", "").replace(/^0+(?=\d)/, "")),
  })),
  route("/cosmos.mint.v1beta1.Query/AnnualProvisions", "/cosmos/mint/v1beta1/annual_provisions", cosmos.QueryAnnualProvisionsRequest, cosmos.QueryAnnualProvisionsResponse, (ctx) => {
    const provisions = Dec.from(supply(ctx.store, ctx.params.staking.bondDenom)).mul(ctx.params.mint.inflation);
    return { annualProvisions: new TextEncoder().encode(provisions.toFixed18().replace(".", "").replace(/^0+(?=\d)/, "")) };
  }),
];
