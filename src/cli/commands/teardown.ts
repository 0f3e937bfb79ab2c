/**
 * `akash-gpu teardown`: close every open deployment of this wallet that the labels, run id or age select,
 * from chain data alone (a fresh CI runner with only the wallet finds them), in as few transactions as possible.
 */
import { parseDuration } from "../../config/duration.js";
import { usdNumber } from "../../costs/format.js";
import { uactPerBlockToUsdPerHour } from "../../costs/price.js";
import { ExitCode } from "../../errors/exit-codes.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { parseLabels } from "../../engine/labels.js";
import { requireSelector, type Selector } from "../../engine/select-deployments.js";
import { planTeardown, teardown } from "../../engine/teardown.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { table } from "../table.js";
import { printJson } from "../progress.js";
import { closeJson, closeRecords, recordClosed } from "./close.js";
import { actOf } from "../../engine/top-up.js";
import { uactPerHour, VIEW_HEADERS, viewJson, viewRow } from "./deployment-views.js";

type Flags = { label?: string[]; runId?: string; olderThan?: string; all?: boolean; dryRun?: boolean; json?: boolean; output?: string };

export async function teardownCommand(flags: Flags, globals: Record<string, unknown>, { io, setExitCode }: CommandContext): Promise<void> {
  const selector = parseSelector(flags);
  requireSelector(selector);
  await onChain(io, globals, flags, async ({ config, output, mode, session, blockTime, price }) => {
    const json = mode !== "human";
    const { chain } = session;
    const plan = await planTeardown(chain, selector, blockTime.ms);
    const saving = { denom: "uact", amount: uactPerHour(plan.pricePerBlock, price).toString() };
    const usdPerHour = usdNumber(uactPerBlockToUsdPerHour(plan.pricePerBlock, price));
    if (!json) {
      if (plan.selected.length === 0) output.out(`no open deployment of ${chain.address} matches ${describe(selector)}`);
      else output.out(table(VIEW_HEADERS, plan.selected.map((view) => viewRow(view, price))));
    }
    if (flags.dryRun) {
      if (json) {
        return printJson(output, mode, { dryRun: true, selected: plan.selected.map((view) => viewJson(view, price)), pricePerBlock: { denom: "uact", amount: plan.pricePerBlock.toString() }, costPerHour: saving, usdPerHour }, plan.selected.map((view) => ({ type: "selected", ...viewJson(view, price) })));
      }
      return output.out(`would close ${plan.selected.length} deployment(s), saving $${usdPerHour}/h (${saving.amount} uact/h); nothing was sent (--dry-run)`);
    }
    if (plan.selected.length > 0 && !json) output.note(`closing ${plan.selected.length} deployment(s)…`);
    const result = await teardown(chain, plan);
    recordClosed(config.stateDir, chain, result, "closed by `akash-gpu teardown`");
    if (json) printJson(output, mode, closeJson(result, false), [...plan.selected.map((view) => ({ type: "selected", ...viewJson(view, price) })), ...closeRecords(result)]);
    else {
      const closed = result.closed.length + result.skipped.length;
      output.out(
        `closed ${closed} of ${plan.selected.length} deployment(s) in ${result.txs.length} transaction(s); ${actOf(result.refunded)} ACT refunded; $${usdPerHour}/h no longer spent` +
          (result.failed.length ? `; ${result.failed.length} failed` : ""),
      );
      for (const failure of result.failed) output.out(`  failed ${failure.dseq}: ${failure.error.shortMessage}`);
      if (result.skipped.length) output.out(`  closed by the chain meanwhile: ${result.skipped.join(", ")}`);
    }
    if (result.failed.length > 0) setExitCode(ExitCode.Partial);
  });
}

function parseSelector(flags: Flags): Selector {
  const labels = parseLabels(flags.label ?? [], flags.runId);
  let olderThanMs: number | undefined;
  if (flags.olderThan !== undefined) {
    olderThanMs = parseDuration(flags.olderThan);
    if (olderThanMs === undefined) throw new InvalidInputError("Invalid age", [{ field: "--older-than", found: flags.olderThan, expected: "a duration such as 2h, 90m or 1d" }]);
  }
  return { labels, olderThanMs, all: Boolean(flags.all) };
}

function describe(selector: Selector): string {
  const parts = Object.entries(selector.labels).map(([k, v]) => `${k}=${v}`);
  if (selector.olderThanMs !== undefined) parts.push(`older than ${selector.olderThanMs / 1000}s`);
  return parts.length ? parts.join(", ") : "--all";
}
