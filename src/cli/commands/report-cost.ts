/**
 * `akash-gpu report cost`: spend per lease from chain against AWS on-demand for the same GPU-hours, with cost
 * per million tokens where the servers' counters were sampled. Online it saves what it read, so `--offline`
 * can re-run the same report without the network (the chain stays the truth: an online run refreshes it).
 */
import { listLeases } from "../../chain/queries/index.js";
import type { Config } from "../../config/load.js";
import type { UsdPrices } from "../../costs/denoms.js";
import { costDocument } from "../../costs/report/cost-document.js";
import { costRow, costTotals } from "../../costs/report/cost-rows.js";
import { hostedCost, hostedTable, parseHostedPrices, type HostedPrice } from "../../costs/report/hosted-prices.js";
import { Dec } from "../../costs/decimal.js";
import { computeSpend, cometTxLookup, spendOffline } from "../../costs/spend/index.js";
import type { SpendReport } from "../../costs/spend/types.js";
import { sampleLeases } from "../../costs/tokens/sample-leases.js";
import { leaseTokenCost } from "../../costs/tokens/lease-cost.js";
import { tokensByLease } from "../../costs/tokens/window.js";
import { parseLabels } from "../../engine/labels.js";
import { AkashGpuError } from "../../errors/base.js";
import { readMetricSamples } from "../../store/metric-samples.js";
import { loadReportInputs, saveReportInputs } from "../../store/report-inputs.js";
import { configFromFlags, readInputFile } from "../common.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { loadMnemonic } from "../../chain/wallet-source.js";
import { openWallet } from "../../chain/wallet.js";
import { emitReport, optionalAktPrice, reportAddress, reportWindow, type ReportFlags } from "./report-common.js";

type Flags = ReportFlags & { sampleMetrics?: boolean; fees?: "journal" | "tx-search" | "none"; hostedPrices?: string };

export async function reportCostCommand(flags: Flags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const labels = parseLabels(flags.label ?? []);
  const window = reportWindow(flags);
  const hosted = flags.hostedPrices ? parseHostedPrices(readInputFile(flags.hostedPrices, io), flags.hostedPrices) : [];
  const note = (text: string) => io.stderr.write(`${text}\n`);
  if (flags.offline) {
    const config = configFromFlags(globals, io);
    const owner = reportAddress(flags, flags.address ? undefined : (await openWallet(loadMnemonic(config))).address);
    const saved = loadReportInputs(config.stateDir, config.chainId, owner);
    if (!saved) throw new AkashGpuError(`No saved report inputs for ${owner} on ${config.chainId}`, { metaMessages: ["Run `akash-gpu report cost` once online: it saves what it reads from chain for --offline."] });
    const spend = spendOffline(saved, { window, labels, blockTimeMs: config.blockTimeMs });
    const header = [`offline: chain data as read at height ${saved.height} on ${saved.savedAt.toISOString()}`];
    return emitReport(await buildDocument(spend, config, config.blockTimeMs, header, flags.until === undefined, hosted), flags, io, note);
  }
  await onChain(io, globals, { json: flags.format === "json" }, async ({ config, session, blockTime, output }) => {
    const { chain } = session;
    const owner = reportAddress(flags, chain.address);
    const fees = flags.fees === "none" ? undefined : flags.fees === "tx-search" ? { source: "tx-search" as const, lookup: cometTxLookup(config.rpc) } : { source: "journal" as const, lookup: cometTxLookup(config.rpc), stateDir: config.stateDir };
    const spend = await computeSpend(chain, { owner, window, labels, blockTimeMs: blockTime.ms, ...(fees && owner === chain.address ? { fees } : {}) });
    saveReportInputs(config.stateDir, spend.inputs);
    if (flags.sampleMetrics !== false && owner === chain.address) {
      const open = (await listLeases(chain.sdk, { owner, state: "active" })).filter((lease) => spend.leases.some((row) => row.key.endsWith(`/${lease.id.dseq}/${lease.id.gseq}/${lease.id.oseq}/${lease.id.provider}`)));
      const sampled = await sampleLeases(open, { providers: session.providers, stateDir: config.stateDir, chainId: chain.chainId, guard: (secret) => output.guard(secret) });
      const failed = sampled.filter((s) => !s.ok);
      if (failed.length > 0) note(`metrics not sampled for ${failed.length} lease(s): ${failed.map((f) => (f.ok ? "" : `${f.dseq}/${f.gseq}: ${f.reason}`)).join("; ")}`);
    }
    const header = [`block time ${Math.round(blockTime.ms)} ms (${blockTime.source === "chain" ? "measured from recent blocks" : "configured"})`];
    emitReport(await buildDocument(spend, config, blockTime.ms, header, flags.until === undefined, hosted), flags, io, note);
  });
}

/** `openEnded`: the window runs to now, so samples taken after the last block's time still count. */
async function buildDocument(spend: SpendReport, config: Config, blockTimeMs: number, header: string[], openEnded: boolean, hosted: HostedPrice[]) {
  const needsAkt = spend.leases.some((row) => row.amount.denom === "uakt") || Boolean(spend.fees?.totals.length);
  const akt = needsAkt ? await optionalAktPrice(config) : undefined;
  const prices: UsdPrices = { actUsd: config.actUsd, ...(akt?.price ? { aktUsd: akt.price } : {}) };
  const { window } = spend;
  const samples = readMetricSamples(config.stateDir, spend.chainId);
  const served = tokensByLease(samples, { ...(window.fromTime ? { from: window.fromTime } : {}), ...(openEnded ? {} : { to: window.toTime }) });
  const rows = spend.leases.map((row) => {
    const draft = costRow(row, { blockTimeMs, prices });
    const tokens = served.leases.get(row.key);
    const cost = tokens ? leaseTokenCost({ row, served: tokens, clock: spend.clock, prices, blockTimeMs, ...(draft.aws ? { awsUsdPerGpuHour: draft.aws.usdPerGpuHour } : {}) }) : undefined;
    return cost ? { ...draft, tokens: cost } : draft;
  });
  const totals = costTotals(rows);
  const mix = rows.reduce((sum, row) => {
    const tokens = served.leases.get(row.row.key);
    return { promptTokens: sum.promptTokens + (tokens?.promptTokens ?? 0), generationTokens: sum.generationTokens + (tokens?.generationTokens ?? 0) };
  }, { promptTokens: 0, generationTokens: 0 });
  const tokenUsd = rows.reduce((sum, row) => (row.tokens?.akash.usd.priced ? sum.add(row.tokens.akash.usd.usd) : sum), Dec.zero);
  const akashPerMillion = totals.tokens > 0 ? tokenUsd.mul(1_000_000).div(totals.tokens) : undefined;
  const extraTables = hosted.length > 0 ? [hostedTable(hosted, mix, akashPerMillion)] : [];
  const extraJson = {
    tokens: { ...mix, total: totals.tokens, usdPerMillion: akashPerMillion ? Number(akashPerMillion.toNumber().toFixed(4)) : null },
    ...(hosted.length > 0 ? { hosted: hosted.map((price) => ({ name: price.name, usdPerMillionInput: price.usdPerMillionInput.toNumber(), usdPerMillionOutput: price.usdPerMillionOutput.toNumber(), usdForTheseTokens: hostedCost(price, mix).usd.toNumber() })) } : {}),
  };
  const windowLine = `window: heights ${window.fromHeight}–${window.toHeight}, ${window.fromTime?.toISOString() ?? "chain start"} → ${window.toTime.toISOString()}${window.estimated ? " (estimated from saved block times)" : ""}`;
  const notes = [
    `AWS baselines: on-demand us-east-1, cheapest instance per GPU model, dated per row (data/aws-gpu-baselines.json); savings compare only leases that have both a USD value and a baseline (${rows.filter((r) => r.usd && r.aws).length} of ${rows.length}).`,
    ...(spend.checks.mismatch > 0 ? [`escrow check: ${spend.checks.mismatch} lease(s) where escrow payments differ from price × blocks: ${spend.checks.flagged.join(", ")}`] : []),
    ...(spend.fees ? [`fees (${spend.fees.source}): ${spend.fees.txs.length} transaction(s), ${spend.fees.totals.map((c) => `${c.amount} ${c.denom}`).join(", ") || "0"}`] : []),
  ];
  return costDocument({ spend, rows, totals, prices, blockTimeMs, header: [`owner ${spend.owner} on ${spend.chainId}`, windowLine, ...header, `ACT = $${config.actUsd.toString()}${akt ? `; ${akt.line}` : ""}`], notes, extraTables, extraJson });
}

