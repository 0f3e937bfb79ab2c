/**
 * Per-lease cost against AWS: hours, spend in the lease's denomination and USD, USD per GPU-hour, the AWS
 * instance that carries the same GPU and what it would have cost for the same GPU-hours, the savings, and the
 * cost per million tokens where metrics were sampled. Exact decimals throughout; numbers only at the edges.
 */
import type { DecCoin } from "../../chain/types.js";
import { awsBaseline, type AwsBaseline } from "../aws/baseline.js";
import { Dec } from "../decimal.js";
import { valueInUsd, type UsdPrices } from "../denoms.js";
import type { SpendRow } from "../spend/types.js";
import type { LeaseTokenCost } from "../tokens/lease-cost.js";

const MS_PER_HOUR = 3_600_000n;

export type CostRow = {
  row: SpendRow;
  hours: Dec;
  gpuHours: Dec;
  spend: DecCoin;
  usd: Dec | undefined;
  /** Why the spend has no USD value (unknown denomination, no AKT price). */
  unpriced?: string;
  usdPerGpuHour: Dec | undefined;
  aws: (AwsBaseline & { usd: Dec }) | undefined;
  /** Why there is no AWS figure (consumer GPU, unknown model, several models). */
  noAws?: string;
  savingsUsd: Dec | undefined;
  savingsPct: Dec | undefined;
  tokens: LeaseTokenCost | undefined;
};

export function costRow(row: SpendRow, input: { blockTimeMs: number; prices: UsdPrices; tokens?: LeaseTokenCost }): CostRow {
  const blockMs = Dec.from(input.blockTimeMs);
  const hours = Dec.from(BigInt(row.blocks)).mul(blockMs).div(MS_PER_HOUR);
  const gpuHours = hours.mul(row.gpu.count);
  const value = valueInUsd(row.amount.amount, row.amount.denom, input.prices);
  const usd = value.priced ? value.usd : undefined;
  const lookup = row.gpu.model ? awsBaseline({ model: row.gpu.model }) : undefined;
  const baseline = lookup?.baseline;
  const aws = baseline ? { ...baseline, usd: gpuHours.mul(baseline.usdPerGpuHour) } : undefined;
  const savingsUsd = aws && usd ? aws.usd.sub(usd) : undefined;
  return {
    row,
    hours,
    gpuHours,
    spend: row.amount,
    usd,
    ...(value.priced ? {} : { unpriced: value.reason }),
    usdPerGpuHour: usd && !gpuHours.isZero() ? usd.div(gpuHours) : undefined,
    aws,
    ...(aws ? {} : { noAws: lookup && !lookup.baseline ? lookup.reason : row.gpu.models.length > 1 ? `several GPU models accepted (${row.gpu.models.join(", ")})` : "no GPU in this lease" }),
    savingsUsd,
    savingsPct: savingsUsd && aws && !aws.usd.isZero() ? savingsUsd.div(aws.usd).mul(100) : undefined,
    tokens: input.tokens,
  };
}

export type CostTotals = { hours: Dec; gpuHours: Dec; usd: Dec; comparedUsd: Dec; awsUsd: Dec; savingsUsd: Dec; savingsPct: Dec | undefined; unpriced: number; withoutAws: number; tokens: number };

/** Totals; savings only over the leases that have both a USD value and an AWS baseline, so they compare like with like. */
export function costTotals(rows: readonly CostRow[]): CostTotals {
  const sum = (values: (Dec | undefined)[]) => values.reduce<Dec>((a, b) => (b ? a.add(b) : a), Dec.zero);
  const compared = rows.filter((r) => r.usd && r.aws);
  const awsUsd = sum(compared.map((r) => r.aws!.usd));
  const comparedUsd = sum(compared.map((r) => r.usd));
  const savingsUsd = awsUsd.sub(comparedUsd);
  return {
    hours: sum(rows.map((r) => r.hours)),
    gpuHours: sum(rows.map((r) => r.gpuHours)),
    usd: sum(rows.map((r) => r.usd)),
    comparedUsd,
    awsUsd,
    savingsUsd,
    savingsPct: awsUsd.isZero() ? undefined : savingsUsd.div(awsUsd).mul(100),
    unpriced: rows.filter((r) => !r.usd).length,
    withoutAws: rows.filter((r) => !r.aws).length,
    tokens: rows.reduce((n, r) => n + (r.tokens?.tokens ?? 0), 0),
  };
}
