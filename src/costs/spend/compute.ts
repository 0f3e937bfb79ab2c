/**
 * Spend of an owner over a window, from chain: read the leases (inputs.ts), turn the window into heights
 * (window.ts), add the fees of the owner's transactions if asked, and compute the rows (rows.ts). The result
 * carries its inputs, for the ledger (store/report-inputs.ts), so the same report can be re-run offline.
 */
import type { Labels } from "../../engine/labels.js";
import { feesFromJournal, feesFromTxSearch } from "./fees.js";
import { HeightClock } from "./height-clock.js";
import { fetchSpendInputs, type SpendChain } from "./inputs.js";
import { parseOwnerAddress } from "./owner.js";
import { spendFromInputs } from "./rows.js";
import type { TxLookup } from "./tx-lookup.js";
import type { SpendInputs, SpendReport, WindowInput } from "./types.js";
import { resolveWindow, resolveWindowOffline } from "./window.js";

export type FeeOptions =
  /** Only the transactions this machine's deploy journals recorded. */
  | { source: "journal"; lookup: TxLookup; stateDir: string }
  /** Every transaction the owner signed in the window (the node must index transactions). */
  | { source: "tx-search"; lookup: TxLookup; perPage?: number };

export type ComputeSpendOptions = {
  /** The wallet's address, or any other (`--address`): checked for the akash prefix. */
  owner: string;
  window?: WindowInput;
  labels?: Labels;
  fees?: FeeOptions;
  /** Records per query page; default 100. */
  pageSize?: number;
  /** Header samples for the day clock; default 16. */
  clockSamples?: number;
  /** The pace assumed where headers cannot tell (a young chain); default 6000 ms. */
  blockTimeMs?: number;
};

export async function computeSpend(chain: SpendChain, options: ComputeSpendOptions): Promise<SpendReport> {
  const owner = parseOwnerAddress(options.owner);
  const clock = new HeightClock([], options.blockTimeMs ?? 6000);
  const inputs = await fetchSpendInputs(chain, { owner, clock, ...(options.pageSize ? { pageSize: options.pageSize } : {}), ...(options.clockSamples ? { clockSamples: options.clockSamples } : {}) });
  const window = await resolveWindow(chain, options.window ?? {}, inputs.height, clock);
  const fees = options.fees
    ? options.fees.source === "journal"
      ? await feesFromJournal(options.fees.lookup, { stateDir: options.fees.stateDir, chainId: chain.chainId, owner, fromHeight: window.fromHeight, toHeight: window.toHeight })
      : await feesFromTxSearch(options.fees.lookup, { address: owner, fromHeight: window.fromHeight, toHeight: window.toHeight, ...(options.fees.perPage ? { perPage: options.fees.perPage } : {}) })
    : undefined;
  const complete: SpendInputs = { ...inputs, clock: clock.samples, ...(fees ? { fees } : {}) };
  return spendFromInputs(complete, window, options.labels ? { labels: options.labels } : {});
}

/**
 * The same report from inputs saved earlier (loadReportInputs), without the network: times in the window
 * become heights through the saved header samples (the window says `estimated`). Fees are those saved, inside
 * the window.
 */
export function spendOffline(inputs: SpendInputs, options: { window?: WindowInput; labels?: Labels; blockTimeMs?: number } = {}): SpendReport {
  const clock = new HeightClock(inputs.clock.length > 0 ? inputs.clock : [{ height: inputs.height, time: inputs.headTime }], options.blockTimeMs ?? 6000);
  const window = resolveWindowOffline(options.window ?? {}, inputs.height, clock);
  return spendFromInputs(inputs, window, options.labels ? { labels: options.labels } : {});
}
