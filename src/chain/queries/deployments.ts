/**
 * Deployments (akash.deployment.v1beta4): one query answers a deployment with its groups and its escrow
 * account (QueryDeploymentResponse.escrow_account, akash.escrow.types.v1.Account), so neither a list nor a
 * lookup needs a query per deployment.
 */
import type { QueryDeploymentResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { QuerySdk } from "../query-sdk.js";
import type { Deployment, DeploymentId, DeploymentState } from "../types.js";
import { bigintOf, DEPLOYMENT_STATES, heightOf, hexOf, stateName } from "./chain-values.js";
import { toEscrowAccount } from "./escrow-account.js";
import { toGroupInfo } from "./group-info.js";
import { allPages, type PageOptions } from "./pages.js";
import { isNotFound, queryFailed, runQuery } from "./query-errors.js";

/** The deployment, or undefined when the chain has none with this id. */
export async function getDeployment(sdk: QuerySdk, id: DeploymentId): Promise<Deployment | undefined> {
  try {
    return toDeployment(await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner: id.owner, dseq: id.dseq } }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw queryFailed(sdk, `deployment ${id.owner}/${id.dseq}`, error);
  }
}

/** Every deployment of `owner` (in `state`, if given), all pages. */
export function listDeployments(sdk: QuerySdk, filter: { owner: string; state?: DeploymentState } & PageOptions): Promise<Deployment[]> {
  const what = `deployments of ${filter.owner}`;
  return allPages(what, filter, async (pagination) => {
    const response = await runQuery(sdk, what, () =>
      sdk.akash.deployment.v1beta4.getDeployments({ filters: { owner: filter.owner, state: filter.state ?? "" }, pagination }),
    );
    return { items: response.deployments.map(toDeployment), nextKey: response.pagination?.nextKey };
  });
}

function toDeployment(response: QueryDeploymentResponse): Deployment {
  const deployment = response.deployment!;
  return {
    id: { owner: deployment.id?.owner ?? "", dseq: bigintOf(deployment.id?.dseq) },
    state: stateName("deployment", DEPLOYMENT_STATES, deployment.state),
    hash: hexOf(deployment.hash),
    createdAt: heightOf(deployment.createdAt),
    groups: response.groups.map(toGroupInfo).sort((a, b) => a.gseq - b.gseq),
    escrow: response.escrowAccount?.state ? toEscrowAccount(response.escrowAccount) : undefined,
  };
}
