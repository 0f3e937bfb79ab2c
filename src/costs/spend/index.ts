/**
 * Spend from chain: every lease of an owner, open and closed, billed price × blocks in a window, checked
 * against escrow payments; fees of the owner's transactions; grouping by deployment, label, provider, GPU, day.
 */
export { computeSpend, spendOffline, type ComputeSpendOptions, type FeeOptions } from "./compute.js";
export { checkEscrow } from "./escrow-check.js";
export { feesFromJournal, feesFromTxSearch, journalTxHashes, TxSearchUnavailableError, type FeeReport, type FeeSource, type FeeTx } from "./fees.js";
export { groupSpend, NO_VALUE, type SpendGroup, type SpendGroupBy, type SpendPart } from "./group.js";
export { HeightClock } from "./height-clock.js";
export { fetchSpendInputs, leaseFacts, type FetchOptions, type SpendChain } from "./inputs.js";
export { ACCOUNT_PREFIX, parseOwnerAddress } from "./owner.js";
export { clipRow, leaseKey, spendFromInputs, spendRow, sumCoins, sumDecCoins, totalsOf, type SpendOptions } from "./rows.js";
export { cometTxLookup, decodeTx, type LookedUpTx, type TxLookup, type TxPage } from "./tx-lookup.js";
export type { CheckSummary, EscrowCheck, HeightTime, LeaseFacts, ResolvedWindow, SpendInputs, SpendReport, SpendRow, SpendTotals, WindowBound, WindowInput } from "./types.js";
export { parseWindowBound, readHeaderTime, resolveWindow, resolveWindowOffline, searchHeightAtOrAfter, type HeaderSource } from "./window.js";
