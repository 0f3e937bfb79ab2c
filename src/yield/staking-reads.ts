/**
 * What the chain says about one delegator, at one height: its delegations (with each validator's moniker and
 * commission) and its pending rewards. Every read names its height (cosmos-sdk's x-cosmos-block-height
 * header), so the figures of one report belong to the same block, and the same reads serve the start of a
 * window. A node keeps old state only so long (pruning): a read there fails with HistoricalStateError.
 */
import { SDKError } from "@akashnetwork/chain-sdk";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import { allPages } from "../chain/queries/pages.js";
import { queryFailed, runQuery } from "../chain/queries/query-errors.js";
import type { QuerySdk } from "../chain/query-sdk.js";

type CallOptions = NonNullable<Parameters<QuerySdk["cosmos"]["bank"]["v1beta1"]["getSupplyOf"]>[1]>;

export type Delegation = {
  /** The validator's operator address (akashvaloper1…). */
  validator: string;
  moniker: string;
  /** The validator's commission rate, e.g. 0.05: its cut of the rewards before they reach delegators. */
  commission: Dec;
  /** Staked amount in the bond denomination (uakt). */
  amount: Dec;
  denom: string;
};

export type PendingRewards = {
  /** Rewards in the bond denomination not yet withdrawn, all validators together (18 decimals, as the chain keeps them). */
  total: Dec;
  byValidator: { validator: string; amount: Dec }[];
  /** Rewards in other denominations (fees paid in IBC tokens), listed, not valued. */
  otherDenoms: { denom: string; amount: Dec }[];
};

/** The node no longer keeps state at `height` (pruned), or does not have it yet. */
export class HistoricalStateError extends AkashGpuError {
  override name = "HistoricalStateError";
  constructor(
    readonly height: number,
    what: string,
    cause: unknown,
  ) {
    super(`The node has no state at height ${height} to read ${what}`, {
      metaMessages: [
        "found: the node prunes old state and no longer keeps that height",
        "what to do next: start the window later (--since), or point AKASH_GRPC / --grpc at an archive node",
      ],
      cause,
    });
  }
}

const HEIGHT_HEADER = "x-cosmos-block-height";

/**
 * Call options that pin a query to `height`. chain-sdk alpha.25's gRPC transport reads `header`, not
 * connect's documented `headers` (which it silently drops): both are set, so a fixed SDK keeps working.
 */
export const atHeight = (height: number): CallOptions => {
  const header = { [HEIGHT_HEADER]: String(height) };
  return { headers: header, header } as CallOptions;
};

const PRUNED = /failed to load state at height|version does not exist|pruned|is not available/i;

/** runQuery, with the pruned-state answer told apart from other failures. */
export async function queryAt<T>(sdk: QuerySdk, what: string, height: number, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof SDKError && PRUNED.test(error.message)) throw new HistoricalStateError(height, what, error);
    throw queryFailed(sdk, what, error);
  }
}

export async function readDelegations(sdk: QuerySdk, address: string, height: number): Promise<Delegation[]> {
  const what = `the delegations of ${address}`;
  const responses = await allPages(what, {}, async (pagination) => {
    const page = await queryAt(sdk, what, height, () => sdk.cosmos.staking.v1beta1.getDelegatorDelegations({ delegatorAddr: address, pagination }, atHeight(height)));
    return { items: page.delegationResponses, nextKey: page.pagination?.nextKey };
  });
  const delegations: Delegation[] = [];
  for (const response of responses) {
    const validator = response.delegation?.validatorAddress ?? "";
    // One query per validator staked with: a delegator has a handful, and the list of all validators is far longer.
    const info = await runQuery(sdk, `validator ${validator}`, () => sdk.cosmos.staking.v1beta1.getValidator({ validatorAddr: validator }, atHeight(height)));
    delegations.push({
      validator,
      moniker: info.validator?.description?.moniker ?? "",
      commission: Dec.parse(info.validator?.commission?.commissionRates?.rate || "0"),
      amount: Dec.parse(response.balance?.amount || "0"),
      denom: response.balance?.denom ?? "",
    });
  }
  return delegations;
}

export async function readPendingRewards(sdk: QuerySdk, address: string, height: number, bondDenom: string): Promise<PendingRewards> {
  const what = `the pending staking rewards of ${address}`;
  const response = await queryAt(sdk, what, height, () => sdk.cosmos.distribution.v1beta1.getDelegationTotalRewards({ delegatorAddress: address }, atHeight(height)));
  const amountIn = (coins: { denom: string; amount: string }[]) => coins.filter((c) => c.denom === bondDenom).reduce((sum, c) => sum.add(Dec.parse(c.amount)), Dec.zero);
  return {
    total: amountIn(response.total),
    byValidator: response.rewards.map((r) => ({ validator: r.validatorAddress, amount: amountIn(r.reward) })),
    otherDenoms: response.total.filter((c) => c.denom !== bondDenom).map((c) => ({ denom: c.denom, amount: Dec.parse(c.amount) })),
  };
}
