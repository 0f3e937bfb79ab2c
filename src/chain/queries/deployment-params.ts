/**
 * The deployment module's parameters. The minimum deposit per denomination is governance-controlled (0.5 ACT
 * since node v2.0), so it is read from the chain, never assumed.
 */
import type { QuerySdk } from "../query-sdk.js";
import type { DecCoin } from "../types.js";
import { decCoinOf } from "./chain-values.js";
import { runQuery } from "./query-errors.js";

export type DeploymentParams = {
  /** The smallest deposit MsgCreateDeployment accepts, per denomination (e.g. uact 500000). */
  minDeposits: DecCoin[];
};

export async function getDeploymentParams(sdk: QuerySdk): Promise<DeploymentParams> {
  const { params } = await runQuery(sdk, "deployment parameters", () => sdk.akash.deployment.v1beta4.getParams({}));
  return { minDeposits: (params?.minDeposits ?? []).map((coin) => decCoinOf(coin)) };
}

/** The minimum deposit in `denom`, or undefined when the chain accepts no deposits in it. */
export const minDepositIn = (params: DeploymentParams, denom: string): DecCoin | undefined => params.minDeposits.find((d) => d.denom === denom);
