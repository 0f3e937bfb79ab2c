/** `akash-gpu deploy`: render or read the SDL, then run the engine with progress; or `--resume` unfinished deploys. */
import { usdNumber } from "../../costs/format.js";
import { ExitCode } from "../../errors/exit-codes.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { deploy, depositFor } from "../../engine/deploy.js";
import { formatAct } from "../../engine/deploy-run.js";
import type { DeployResult } from "../../engine/deploy-types.js";
import { placeGroups } from "../../engine/place-groups.js";
import { resumeDeploys } from "../../engine/resume.js";
import { uactBalance } from "../../engine/close-deployments.js";
import { analyzeSdl } from "../../sdl/analyze.js";
import { onChain, type Session } from "../connect.js";
import type { CommandContext } from "../main.js";
import { Progress } from "../progress.js";
import { parseDeployFlags, type DeployFlags } from "./deploy-options.js";
import { deploySdl } from "./deploy-sdl.js";

type Flags = DeployFlags & { json?: boolean; output?: string; showSecrets?: boolean; resume?: boolean; abandon?: boolean; dryRun?: boolean };

export async function deployCommand(flags: Flags, globals: Record<string, unknown>, { io, setExitCode }: CommandContext): Promise<void> {
  if (flags.abandon && !flags.resume) throw new InvalidInputError("--abandon needs --resume", [{ field: "--abandon", found: "without --resume", expected: "deploy --resume --abandon: close every interrupted deploy instead of completing it" }]);
  await onChain(io, globals, flags, async ({ config, output, mode, session, blockTime, price }) => {
    const progress = new Progress(output, mode);
    if (flags.resume) return await resume(session, config.stateDir, price, Boolean(flags.abandon), progress, setExitCode);

    const settings = parseDeployFlags(flags, config, io.env, price);
    const sdl = deploySdl(flags, io, output, price);
    for (const note of sdl.notes) if (mode === "human") output.note(`note: ${note}`);
    const placed = placeGroups(sdl.text, { replicas: settings.replicas, labels: settings.labels });
    const analysis = await analyzeSdl(placed, price);
    if (!analysis.valid) {
      throw new InvalidInputError("The SDL is not valid", analysis.errors.map((e) => ({ field: `${e.path}${e.line ? ` (line ${e.line})` : ""}`, found: e.message, expected: e.fix })));
    }
    const request = { ...settings, analysis, labels: settings.labels, probe: { apiKey: sdl.apiKey, model: sdl.model } };
    if (flags.dryRun) {
      const { deposit, runwayBlocks } = await depositFor(request, session.chain);
      const balance = await uactBalance(session.chain.sdk, session.chain.address);
      const plan = {
        dryRun: true,
        owner: session.chain.address,
        groups: analysis.summary.groups.map((g) => g.name),
        pricePerBlock: analysis.summary.pricePerBlock,
        usdPerHour: analysis.summary.usdPerHour ? usdNumber(analysis.summary.usdPerHour) : null,
        deposit: { denom: "uact", amount: deposit.toString() },
        runwayBlocks: runwayBlocks.toString(),
        blockTimeMs: Math.round(blockTime.ms),
        balance: { denom: "uact", amount: balance.toString() },
        labels: settings.labels,
      };
      return progress.result(plan, [
        `would deploy ${plan.groups.length} group(s): ${plan.groups.join(", ")}`,
        `ceiling ${plan.pricePerBlock.amount} uact/block${plan.usdPerHour !== null ? ` ≈ $${plan.usdPerHour}/h` : ""} at ${plan.blockTimeMs} ms blocks (${blockTime.source})`,
        `deposit ${formatAct(deposit)} ACT for ${runwayBlocks} blocks; wallet holds ${formatAct(balance)} ACT`,
        "nothing was sent (--dry-run)",
      ]);
    }
    const result = await deploy({ chain: session.chain, providers: session.providers, stateDir: config.stateDir, sdl: placed, emit: (e) => progress.event(e) }, request);
    printResult(result, progress, flags, sdl.apiKey?.reveal());
  });
}

function leaseJson(result: DeployResult, showKey: string | undefined) {
  return result.leases.map((lease) => ({
    provider: lease.id.provider,
    gseq: lease.id.gseq,
    oseq: lease.id.oseq,
    bseq: lease.id.bseq,
    pricePerBlock: { denom: lease.price.denom, amount: lease.price.amount.toString() },
    usdPerHour: usdNumber(lease.usdPerHour),
    region: lease.region ?? null,
    endpoint: lease.endpoint ? { url: lease.endpoint, ...(showKey ? { apiKey: showKey } : {}) } : null,
  }));
}

function printResult(result: DeployResult, progress: Progress, flags: Flags, apiKey: string | undefined): void {
  const json = { dseq: result.dseq.toString(), owner: result.owner, leases: leaseJson(result, flags.showSecrets ? apiKey : undefined), deposit: { denom: "uact", amount: result.deposit.toString() }, timings: result.timings };
  const human = [
    `deployment ${result.dseq} is ready`,
    ...result.leases.map((lease) => `  ${lease.endpoint ?? "(no endpoint)"}   ${lease.id.provider} (gseq ${lease.id.gseq})   ${lease.price.amount.toString()} uact/block ≈ $${usdNumber(lease.usdPerHour)}/h`),
    flags.showSecrets && apiKey ? `  api key: ${apiKey}` : "  the API key is in the SDL's environment; --show-secrets prints it",
    `  close it with: akash-gpu close ${result.dseq}`,
  ];
  progress.result(json, human, Boolean(flags.showSecrets));
}

async function resume(session: Session, stateDir: string, price: { blockTimeMs: number; actUsd: import("../../costs/decimal.js").Dec }, abandon: boolean, progress: Progress, setExitCode: (code: number) => void): Promise<void> {
  const outcomes = await resumeDeploys({ chain: session.chain, providers: session.providers, stateDir, price, abandon, emit: (e) => progress.event(e) });
  const records = outcomes.map((o) => ({
    dseq: o.dseq.toString(),
    outcome: o.outcome,
    ...(o.outcome === "completed" ? { leases: leaseJson(o.result, undefined), timings: o.result.timings } : {}),
    ...(o.outcome === "closed" ? { reason: o.reason, refunded: { denom: "uact", amount: o.refunded.toString() } } : {}),
    ...(o.outcome === "failed" ? { error: o.error.shortMessage } : {}),
  }));
  progress.result(
    { resumed: records },
    records.length === 0 ? ["no interrupted deploys"] : records.map((r) => `deployment ${r.dseq}: ${r.outcome}${"reason" in r ? ` (${r.reason})` : ""}${"error" in r ? `: ${r.error}` : ""}`),
  );
  if (outcomes.some((o) => o.outcome === "failed")) setExitCode(ExitCode.Partial);
}
