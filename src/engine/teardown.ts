/**
 * Teardown: close every open deployment of this wallet that a selector picks (labels, run id, age, or all),
 * from chain data alone, in as few transactions as the gas limit allows. The plan is what a dry run shows:
 * what would be closed and what it costs per hour now.
 */
import { Dec } from "../costs/decimal.js";
import { closeDeployments, type BatchingChain, type CloseResult } from "./close-deployments.js";
import { costPerHour, drawingLeases } from "./escrow-runway.js";
import { listDeploymentViews, requireSelector, selectViews, type DeploymentView, type ReadChain, type Selector } from "./select-deployments.js";

export type TeardownPlan = {
  height: number;
  selected: DeploymentView[];
  /** The selected deployments' open leases together, per block and per hour (in uact). */
  pricePerBlock: Dec;
  costPerHour: Dec;
};

export async function planTeardown(chain: ReadChain, selector: Selector, blockTimeMs: number): Promise<TeardownPlan> {
  requireSelector(selector);
  const listing = await listDeploymentViews(chain, { blockTimeMs });
  const selected = selectViews(listing.views, selector);
  const pricePerBlock = selected.reduce((sum, view) => sum.add(leasePrice(view)), Dec.zero);
  return { height: listing.height, selected, pricePerBlock, costPerHour: costPerHour(pricePerBlock, blockTimeMs) };
}

/** The sum of the prices per block of a deployment's leases that still draw from its escrow. */
export function leasePrice(view: DeploymentView): Dec {
  return drawingLeases(view.leases).reduce((sum, lease) => sum.add(lease.price.amount), Dec.zero);
}

/** Closes what the plan selected. Deployments closed meanwhile are reported as skipped, not failed. */
export function teardown(chain: BatchingChain, plan: TeardownPlan, memo = "akash-gpu: teardown"): Promise<CloseResult> {
  return closeDeployments(
    chain,
    plan.selected.map((view) => view.deployment.id.dseq),
    memo,
  );
}
