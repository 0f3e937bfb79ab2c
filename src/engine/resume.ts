/**
 * `deploy --resume`: every deploy of this wallet whose journal did not end (killed, crashed, network gone) is
 * looked up on chain and taken from the state the chain shows — completed (bids, lease, manifest, readiness:
 * never a second lease for an order that has one) or, with `abandon`, closed. Whatever cannot be completed is
 * closed, so nothing stays open without the user knowing.
 */
import { getDeployment } from "../chain/queries/index.js";
import { Secret } from "../config/secret.js";
import { Dec } from "../costs/decimal.js";
import type { PriceContext } from "../costs/price.js";
import { AkashGpuError } from "../errors/base.js";
import { analyzeSdl } from "../sdl/analyze.js";
import { closeDeployments } from "./close-deployments.js";
import { DeployRun, type DeployDeps } from "./deploy-run.js";
import type { DeployRequest, DeployResult, DeploySettings } from "./deploy-types.js";
import { Journal } from "./journal.js";

export type ResumeOutcome =
  | { dseq: bigint; outcome: "completed"; result: DeployResult }
  | { dseq: bigint; outcome: "closed"; reason: string; refunded: bigint }
  | { dseq: bigint; outcome: "not-on-chain" | "already-closed" }
  | { dseq: bigint; outcome: "failed"; error: AkashGpuError };

type PlanRecord = {
  sdl: string;
  manifestVersion: string;
  deposit: string;
  labels: Record<string, string>;
  model?: string;
  apiKey?: string;
  settings: Omit<DeploySettings, "price" | "mintAct" | "aktUsd" | "filters"> & { filters: { maxPricePerBlock?: string; regions?: string[]; allow?: string[]; deny?: string[] } };
};

export async function resumeDeploys(deps: Omit<DeployDeps, "journal"> & { stateDir: string; price: PriceContext; abandon: boolean }): Promise<ResumeOutcome[]> {
  const { chain } = deps;
  const outcomes: ResumeOutcome[] = [];
  for (const journal of Journal.unfinished(deps.stateDir, chain.chainId, chain.address)) {
    const dseq = journal.dseq;
    const emit = (message: string) => deps.emit({ step: "resume", status: "progress", message, dseq: dseq.toString(), elapsedMs: 0 });
    let deployment = await getDeployment(chain.sdk, { owner: chain.address, dseq });
    if (!deployment) {
      // A create broadcast just before the kill may still be on its way into a block: give it two blocks.
      await chain.waitForBlock((await chain.height()) + 1);
      deployment = await getDeployment(chain.sdk, { owner: chain.address, dseq });
    }
    if (!deployment) {
      journal.record("close", "done", { reason: "the create transaction never reached the chain" });
      emit(`deployment ${dseq}: never created on chain; nothing to do`);
      outcomes.push({ dseq, outcome: "not-on-chain" });
      continue;
    }
    if (deployment.state === "closed") {
      journal.record("close", "done", { reason: "closed on chain" });
      emit(`deployment ${dseq}: already closed on chain`);
      outcomes.push({ dseq, outcome: "already-closed" });
      continue;
    }
    if (deps.abandon) {
      emit(`deployment ${dseq}: closing (--abandon)`);
      journal.record("close", "begin", { reason: "abandoned on resume" });
      const closed = await closeDeployments(chain, [dseq], "akash-gpu: close interrupted deploy");
      if (closed.failed.length > 0) {
        journal.record("close", "failed", { error: closed.failed[0]!.error.shortMessage });
        outcomes.push({ dseq, outcome: "failed", error: closed.failed[0]!.error });
      } else {
        journal.record("close", "done", { refunded: closed.refunded, txs: closed.txs.map((tx) => tx.hash) });
        outcomes.push({ dseq, outcome: "closed", reason: "abandoned", refunded: closed.refunded });
      }
      continue;
    }

    const plan = journal.last("plan") as PlanRecord | undefined;
    const request = plan ? await requestFromPlan(plan, deps.price) : undefined;
    if (!request || request.analysis.manifestVersion !== deployment.hash) {
      // Without the plan (or with a different manifest) the deploy cannot be completed safely: close it.
      emit(`deployment ${dseq}: its plan is missing or does not match the chain; closing it`);
      const closed = await closeDeployments(chain, [dseq], "akash-gpu: close interrupted deploy");
      journal.record("close", closed.failed.length ? "failed" : "done", { reason: "plan missing or mismatched", refunded: closed.refunded });
      outcomes.push(closed.failed.length ? { dseq, outcome: "failed", error: closed.failed[0]!.error } : { dseq, outcome: "closed", reason: "plan missing or mismatched", refunded: closed.refunded });
      continue;
    }

    const run = new DeployRun({ ...deps, journal }, request, dseq, BigInt(plan!.deposit));
    run.createdHeight = deployment.createdAt;
    await run.loadLeases();
    const from = run.leases.size === run.gseqs.length ? "sending-manifest" : "bidding";
    emit(`deployment ${dseq}: open on chain with ${run.leases.size} of ${run.gseqs.length} lease(s); continuing from ${from}`);
    journal.record("create", "done", { dseq, height: deployment.createdAt, resumed: true });
    try {
      outcomes.push({ dseq, outcome: "completed", result: await run.run(from) });
    } catch (error) {
      const wrapped = error instanceof AkashGpuError ? error : new AkashGpuError(`Resume of ${dseq} failed`, { cause: error });
      const refunded = (journal.last("close") as { refunded?: string } | undefined)?.refunded;
      outcomes.push(refunded !== undefined ? { dseq, outcome: "closed", reason: wrapped.shortMessage, refunded: BigInt(refunded) } : { dseq, outcome: "failed", error: wrapped });
    }
  }
  return outcomes;
}

async function requestFromPlan(plan: PlanRecord, price: PriceContext): Promise<DeployRequest | undefined> {
  const analysis = await analyzeSdl(plan.sdl, price);
  if (!analysis.valid) return undefined;
  const { filters, ...settings } = plan.settings;
  return {
    ...settings,
    filters: { ...filters, maxPricePerBlock: filters.maxPricePerBlock ? Dec.parse(filters.maxPricePerBlock) : undefined },
    price,
    mintAct: false,
    analysis,
    labels: plan.labels,
    probe: { apiKey: plan.apiKey ? new Secret(plan.apiKey) : undefined, model: plan.model },
  };
}
