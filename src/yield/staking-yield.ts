/**
 * AKT staking yield of one address, read from the chain at one height:
 * - delegations and pending rewards now;
 * - withdrawn: rewards paid out in the window (tx events), realised: withdrawn + the change in pending
 *   rewards over the window — what the stake earned there, whether or not it was taken out;
 * - the APR from chain parameters, and the projection stake × APR × days ÷ 365 for the next 30 days, cut
 *   short at the staking cutover when one is configured (rewards end there).
 * Amounts stay exact (Dec) in uakt; USD is added where an AKT price is given, and left out (undefined) where
 * not, so a report can mark the rows rather than fail.
 */
import type { CometRpc } from "../chain/comet-rpc.js";
import type { QuerySdk } from "../chain/query-sdk.js";
import { Dec } from "../costs/decimal.js";
import { valueInUsd } from "../costs/denoms.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import { computeApr, readAprInputs, type AprInputs } from "./apr.js";
import { readBlockTime, readChainHead } from "./chain-head.js";
import { cutoverStatus, type CutoverStatus, type StakingCutover } from "./cutover.js";
import { parseDelegatorAddress } from "./delegator-address.js";
import { HistoricalStateError, readDelegations, readPendingRewards, type Delegation } from "./staking-reads.js";
import { readWithdrawals, type RewardWithdrawal } from "./withdrawals.js";

export type StakingYieldOptions = {
  /** The delegator: an akash1… account address. */
  address: string;
  /** Where the address came from, for error messages; default "--address". */
  addressField?: string;
  /** Realised yield covers blocks fromHeight+1 … toHeight; toHeight defaults to the chain's latest block. */
  window: { fromHeight: number; toHeight?: number };
  /** USD per AKT; without it every `usd` is undefined. */
  aktUsd?: Dec;
  cutover?: StakingCutover;
  /** Used to place a cutover height in time (and a date in blocks); measured from the chain when not given. */
  blockTimeMs?: number;
  /** Default 30. */
  projectionDays?: number;
};

/** An amount in the bond denomination (uakt) and, given an AKT price, in USD. */
export type Amount = { uakt: Dec; usd: Dec | undefined };

export type StakingYield = {
  address: string;
  /** The height (and its block time) every "now" figure was read at. */
  height: number;
  time: string;
  bondDenom: string;
  aktUsd: Dec | undefined;
  delegations: (Delegation & { usd: Dec | undefined })[];
  staked: Amount;
  pendingRewards: Amount & { byValidator: { validator: string; amount: Dec }[]; otherDenoms: { denom: string; amount: Dec }[] };
  withdrawn: Amount & { fromHeight: number; toHeight: number; withdrawals: RewardWithdrawal[] };
  apr: { value: Dec; inputs: AprInputs };
  realised: {
    fromHeight: number;
    toHeight: number;
    /** undefined when the node no longer keeps the state at fromHeight (see note). */
    uakt: Dec | undefined;
    usd: Dec | undefined;
    pendingAtStart: Dec | undefined;
    pendingAtEnd: Dec;
    withdrawn: Dec;
    note?: string;
  };
  projected30d: Amount & {
    /** Days actually projected: projectionDays, or fewer when the cutover comes first. */
    days: Dec;
    /** The same projection net of each validator's commission: what would reach the delegator. */
    afterCommission: Amount;
    note?: string;
  };
  /** Present when a cutover is configured. */
  cutover: CutoverStatus | undefined;
};

const DEFAULT_BLOCK_TIME_MS = 6000;

export async function stakingYield(sdk: QuerySdk, rpc: CometRpc, options: StakingYieldOptions): Promise<StakingYield> {
  const address = parseDelegatorAddress(options.address, options.addressField ?? "--address");
  const head = await readChainHead(rpc);
  const { fromHeight, toHeight } = checkWindow(options.window, head.height);
  const projectionDays = options.projectionDays ?? 30;
  if (!(projectionDays >= 0)) throw new RangeError(`projectionDays must be ≥ 0, got ${projectionDays}`);

  const aprInputs = await readAprInputs(sdk, head.height);
  const denom = aprInputs.bondDenom;
  const usd = (amount: Dec) => usdOf(amount, denom, options.aktUsd);
  const amount = (uakt: Dec): Amount => ({ uakt, usd: usd(uakt) });

  const [delegations, pending, pendingAtEnd, withdrawals, pendingAtStart] = await Promise.all([
    readDelegations(sdk, address, head.height),
    readPendingRewards(sdk, address, head.height, denom),
    toHeight === head.height ? undefined : readPendingRewards(sdk, address, toHeight, denom),
    readWithdrawals(rpc, address, fromHeight, toHeight, denom),
    readPendingRewards(sdk, address, fromHeight, denom).catch((error: unknown) => {
      if (error instanceof HistoricalStateError) return error;
      throw error;
    }),
  ]);
  const endPending = (pendingAtEnd ?? pending).total;
  const withdrawnTotal = withdrawals.reduce((sum, w) => sum.add(w.amount), Dec.zero);
  const startPending = pendingAtStart instanceof HistoricalStateError ? undefined : pendingAtStart.total;
  const realisedUakt = startPending === undefined ? undefined : withdrawnTotal.add(endPending).sub(startPending);

  const apr = computeApr(aprInputs);
  const staked = delegations.filter((d) => d.denom === denom).reduce((sum, d) => sum.add(d.amount), Dec.zero);
  const cutover = options.cutover
    ? cutoverStatus(options.cutover, head, options.blockTimeMs ?? (await readBlockTime(rpc, head, DEFAULT_BLOCK_TIME_MS)).ms)
    : undefined;
  const days = cutover && cutover.daysLeft.cmp(projectionDays) < 0 ? cutover.daysLeft : Dec.from(projectionDays);
  const yearShare = days.div(365);
  const afterCommission = delegations.filter((d) => d.denom === denom).reduce((sum, d) => sum.add(d.amount.mul(apr).mul(Dec.from(1).sub(d.commission)).mul(yearShare)), Dec.zero);

  return {
    address,
    height: head.height,
    time: head.time.toISOString(),
    bondDenom: denom,
    aktUsd: options.aktUsd,
    delegations: delegations.map((d) => ({ ...d, usd: d.denom === denom ? usd(d.amount) : undefined })),
    staked: amount(staked),
    pendingRewards: { ...amount(pending.total), byValidator: pending.byValidator, otherDenoms: pending.otherDenoms },
    withdrawn: { ...amount(withdrawnTotal), fromHeight, toHeight, withdrawals },
    apr: { value: apr, inputs: aprInputs },
    realised: {
      fromHeight,
      toHeight,
      uakt: realisedUakt,
      usd: realisedUakt === undefined ? undefined : usd(realisedUakt),
      pendingAtStart: startPending,
      pendingAtEnd: endPending,
      withdrawn: withdrawnTotal,
      ...(pendingAtStart instanceof HistoricalStateError
        ? { note: `The node no longer keeps the state at height ${fromHeight}, so the rewards pending then are unknown; withdrawn in the window: ${withdrawnTotal} ${denom}. Start the window later or use an archive node.` }
        : {}),
    },
    projected30d: {
      ...amount(staked.mul(apr).mul(yearShare)),
      days,
      afterCommission: amount(afterCommission),
      ...(cutover ? { note: cutover.note } : {}),
    },
    cutover,
  };
}

function checkWindow(window: { fromHeight: number; toHeight?: number }, head: number): { fromHeight: number; toHeight: number } {
  const toHeight = window.toHeight ?? head;
  const problems = [];
  // Height 0 would make the node answer with its latest state, not the state before the first block.
  if (!Number.isSafeInteger(window.fromHeight) || window.fromHeight < 1) problems.push({ field: "window.fromHeight", found: String(window.fromHeight), expected: "a block height ≥ 1" });
  if (!Number.isSafeInteger(toHeight) || toHeight > head) problems.push({ field: "window.toHeight", found: String(toHeight), expected: `a block height no later than the chain's latest (${head})` });
  else if (toHeight < window.fromHeight) problems.push({ field: "window.toHeight", found: String(toHeight), expected: `a height ≥ window.fromHeight (${window.fromHeight})` });
  if (problems.length > 0) throw new InvalidInputError("Invalid staking window", problems);
  return { fromHeight: window.fromHeight, toHeight };
}

function usdOf(amount: Dec, denom: string, aktUsd: Dec | undefined): Dec | undefined {
  if (aktUsd === undefined) return undefined;
  const value = valueInUsd(amount, denom, { actUsd: Dec.from(1), aktUsd });
  return value.priced ? value.usd : undefined;
}
