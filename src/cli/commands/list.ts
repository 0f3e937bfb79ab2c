/** `akash-gpu list`: this wallet's deployments from chain, plus the deploys the journal says were interrupted. */
import { usdNumber } from "../../costs/format.js";
import { leaseTokensJson, sampleLeases, type LeaseTokens } from "../../costs/tokens/sample-leases.js";
import { uactPerBlockToUsdPerHour } from "../../costs/price.js";
import { Journal } from "../../engine/journal.js";
import { matchesLabels, parseLabels } from "../../engine/labels.js";
import { listDeploymentViews } from "../../engine/select-deployments.js";
import { leasePrice } from "../../engine/teardown.js";
import { Dec } from "../../costs/decimal.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { table } from "../table.js";
import { uactPerHour, VIEW_HEADERS, viewJson, viewRow } from "./deployment-views.js";

type Flags = { all?: boolean; label?: string[]; json?: boolean; output?: string; sampleMetrics?: boolean };

const RESUME_HINT = "interrupted: run `akash-gpu deploy --resume`";

export async function listCommand(flags: Flags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const wanted = parseLabels(flags.label ?? []);
  await onChain(io, globals, flags, async ({ config, output, mode, session, blockTime, price }) => {
    const { chain } = session;
    const listing = await listDeploymentViews(chain, { includeClosed: Boolean(flags.all), blockTimeMs: blockTime.ms });
    const views = listing.views.filter((view) => matchesLabels(view.labels, wanted));
    const journals = Journal.unfinished(config.stateDir, chain.chainId, chain.address);
    const interrupted = new Set(journals.map((j) => j.dseq));
    const onChain = new Set(listing.views.map((v) => v.deployment.id.dseq));
    // Interrupted deploys the listing does not show (never created, or closed and not asked for) still need a resume.
    const extra = journals.filter((j) => !onChain.has(j.dseq)).map((j) => ({ dseq: j.dseq.toString(), interrupted: true, hint: RESUME_HINT }));
    const deployments = views.map((view) => viewJson(view, price, interrupted.has(view.deployment.id.dseq)));
    const open = views.filter((v) => v.deployment.state === "active");
    const perBlock = open.reduce((sum, view) => sum.add(leasePrice(view)), Dec.zero);
    const sampled = flags.sampleMetrics
      ? await sampleLeases(
          open.flatMap((view) => view.leases.filter((lease) => lease.state === "active" || lease.state === "reclaiming")),
          { providers: session.providers, stateDir: config.stateDir, chainId: chain.chainId, height: listing.height, guard: (secret) => output.guard(secret) },
        )
      : undefined;
    const totals = { deployments: open.length, pricePerBlock: { denom: "uact", amount: perBlock.toString() }, costPerHour: { denom: "uact", amount: uactPerHour(perBlock, price).toString() }, usdPerHour: usdNumber(uactPerBlockToUsdPerHour(perBlock, price)) };

    if (mode === "jsonl") {
      for (const deployment of deployments) output.json({ type: "deployment", ...deployment });
      for (const record of extra) output.json({ type: "interrupted", ...record });
      for (const tokens of sampled ?? []) output.json({ type: "metrics", ...leaseTokensJson(tokens) });
      return output.json({ type: "total", owner: chain.address, height: listing.height, blockTimeMs: Math.round(blockTime.ms), ...totals });
    }
    if (mode === "json") {
      return output.json({ owner: chain.address, height: listing.height, blockTimeMs: Math.round(blockTime.ms), deployments, interrupted: extra, total: totals, ...(sampled ? { metrics: sampled.map(leaseTokensJson) } : {}) });
    }
    if (views.length === 0) output.out(`no ${flags.all ? "" : "open "}deployments of ${chain.address}${Object.keys(wanted).length ? " with these labels" : ""}`);
    else output.out(table(VIEW_HEADERS, views.map((view) => viewRow(view, price))));
    for (const view of views) if (interrupted.has(view.deployment.id.dseq)) output.out(`${view.deployment.id.dseq}: ${RESUME_HINT}`);
    for (const record of extra) output.out(`${record.dseq}: ${RESUME_HINT}`);
    if (sampled) output.out(metricsText(sampled));
    if (open.length > 0) output.out(`${open.length} open, $${totals.usdPerHour}/h (${totals.costPerHour.amount} uact/h) at ${Math.round(blockTime.ms)} ms blocks (${blockTime.source})`);
  });
}

function metricsText(sampled: LeaseTokens[]): string {
  if (sampled.length === 0) return "metrics: no active lease to sample";
  const rows = sampled.map((t) =>
    t.ok
      ? [`${t.dseq}/${t.gseq}`, t.flavour, String(t.promptTokens), String(t.generationTokens), String(t.served.totalTokens), `${t.served.samples}${t.served.resets ? ` (${t.served.resets} restart${t.served.resets > 1 ? "s" : ""})` : ""}`]
      : [`${t.dseq}/${t.gseq}`, "-", "-", "-", "-", `not sampled: ${t.reason}`],
  );
  return `\n${table(["LEASE", "SERVER", "PROMPT TOKENS", "GENERATED", "TOKENS SO FAR", "SAMPLES"], rows)}`;
}
