/** `akash-gpu close <dseq>...`: closes deployments in as few transactions as possible; reports the refund. */
import { ExitCode } from "../../errors/exit-codes.js";
import { closeDeployments, type CloseResult } from "../../engine/close-deployments.js";
import { Journal } from "../../engine/journal.js";
import { actOf } from "../../engine/top-up.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { printJson } from "../progress.js";
import { parseDseq } from "./dseq.js";

export async function closeCommand(dseqTexts: string[], flags: { json?: boolean; output?: string }, globals: Record<string, unknown>, { io, setExitCode }: CommandContext): Promise<void> {
  const dseqs = dseqTexts.map((text) => parseDseq(text));
  await onChain(io, globals, flags, async ({ config, output, mode, session }) => {
    if (mode === "human") output.note(`closing ${dseqs.length} deployment(s) of ${session.chain.address}`);
    const result = await closeDeployments(session.chain, dseqs, "akash-gpu: close");
    recordClosed(config.stateDir, session.chain, result, "closed by `akash-gpu close`");
    if (mode !== "human") printJson(output, mode, closeJson(result, true), closeRecords(result));
    else for (const line of closeSummary(result)) output.out(line);
    if (result.failed.length > 0) setExitCode(ExitCode.Partial);
  });
}

/** Interrupted deploys of this state dir that are now closed need no resume: their journals say so. */
export function recordClosed(stateDir: string, chain: { chainId: string; address: string }, result: CloseResult, reason: string): void {
  const closed = new Set([...result.closed, ...result.skipped]);
  for (const journal of Journal.unfinished(stateDir, chain.chainId, chain.address)) {
    if (closed.has(journal.dseq)) journal.record("close", "done", { reason, txs: result.txs.map((tx) => tx.hash) });
  }
}

/** The JSON of a close: exact refund in uact; `skipped` (already closed before) only where asked for. */
export function closeJson(result: CloseResult, withSkipped: boolean) {
  return {
    closed: (withSkipped ? result.closed : [...result.closed, ...result.skipped]).map(String),
    ...(withSkipped ? { skipped: result.skipped.map(String) } : {}),
    txs: result.txs.map((tx) => tx.hash),
    refunded: { denom: "uact", amount: result.refunded.toString() },
    failed: result.failed.map((f) => ({ dseq: f.dseq.toString(), error: f.error.shortMessage })),
  };
}

/** The steps of a close, for `-o jsonl`: each transaction, then each deployment closed. */
export function closeRecords(result: CloseResult): Record<string, unknown>[] {
  return [
    ...result.txs.map((tx) => ({ type: "tx", hash: tx.hash, height: tx.height, gasUsed: tx.gasUsed.toString() })),
    ...result.closed.map((dseq) => ({ type: "closed", dseq: dseq.toString() })),
    ...result.failed.map((f) => ({ type: "failed", dseq: f.dseq.toString(), error: f.error.shortMessage })),
  ];
}

export function closeSummary(result: CloseResult): string[] {
  const lines: string[] = [];
  if (result.closed.length > 0) lines.push(`closed ${result.closed.join(", ")} in ${result.txs.length} transaction(s); ${actOf(result.refunded)} ACT refunded (${result.refunded} uact)`);
  if (result.skipped.length > 0) lines.push(`already closed, skipped: ${result.skipped.join(", ")}`);
  for (const failure of result.failed) lines.push(`failed ${failure.dseq}: ${failure.error.shortMessage}`);
  for (const tx of result.txs) lines.push(`  tx ${tx.hash} at height ${tx.height}`);
  if (lines.length === 0) lines.push("nothing to close");
  return lines;
}
