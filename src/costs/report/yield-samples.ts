/**
 * Yield accumulated over a window, at a few heights: withdrawn up to the height + pending rewards there −
 * pending at the window's start. A bounded number of reads (one pending-rewards query per sampled height),
 * whatever the window's length; a height the node no longer keeps gives null, not an error.
 */
import type { QuerySdk } from "../../chain/query-sdk.js";
import { Dec } from "../decimal.js";
import { HistoricalStateError, readPendingRewards } from "../../yield/staking-reads.js";
import type { RewardWithdrawal } from "../../yield/withdrawals.js";

export type YieldSample = { height: number; uakt: Dec | undefined };

/** At most `max` heights spread evenly over (from, to], always including `to`. */
export function sampleHeights(fromHeight: number, toHeight: number, max = 8): number[] {
  const span = toHeight - fromHeight;
  if (span <= 0) return [toHeight];
  const count = Math.min(max, span);
  return [...new Set(Array.from({ length: count }, (_, i) => fromHeight + Math.round((span * (i + 1)) / count)))];
}

export async function accumulatedYield(
  sdk: QuerySdk,
  input: { address: string; bondDenom: string; fromHeight: number; pendingAtStart: Dec | undefined; withdrawals: readonly RewardWithdrawal[]; heights: readonly number[] },
): Promise<YieldSample[]> {
  const { pendingAtStart } = input;
  if (pendingAtStart === undefined) return input.heights.map((height) => ({ height, uakt: undefined }));
  return Promise.all(
    input.heights.map(async (height) => {
      try {
        const pending = height <= input.fromHeight ? pendingAtStart : (await readPendingRewards(sdk, input.address, height, input.bondDenom)).total;
        const withdrawn = input.withdrawals.filter((w) => w.height <= height).reduce((sum, w) => sum.add(w.amount), Dec.zero);
        return { height, uakt: withdrawn.add(pending).sub(pendingAtStart) };
      } catch (error) {
        if (error instanceof HistoricalStateError) return { height, uakt: undefined };
        throw error;
      }
    }),
  );
}
