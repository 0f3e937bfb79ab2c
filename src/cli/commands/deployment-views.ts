/**
 * How `list` and `teardown` show deployments: JSON with exact amounts as strings (USD as a rounded number
 * for convenience), and table rows for people.
 */
import type { Dec } from "../../costs/decimal.js";
import { usdNumber } from "../../costs/format.js";
import { uactPerBlockToUsdPerHour, type PriceContext } from "../../costs/price.js";
import { blocksToHours, costPerHour, drawingLeases } from "../../engine/escrow-runway.js";
import type { DeploymentView } from "../../engine/select-deployments.js";
import { leasePrice } from "../../engine/teardown.js";

const coin = (denom: string, amount: Dec | bigint) => ({ denom, amount: amount.toString() });

/** Cost per hour in uact: six decimals are far below anything that matters, and read better than eighteen. */
export const uactPerHour = (pricePerBlock: Dec, price: PriceContext): Dec => costPerHour(pricePerBlock, price.blockTimeMs).truncate(6);

export function viewJson(view: DeploymentView, price: PriceContext, interrupted = false) {
  const { deployment, runway } = view;
  const perBlock = leasePrice(view);
  return {
    dseq: deployment.id.dseq.toString(),
    state: deployment.state,
    labels: view.labels,
    groups: deployment.groups.map((g) => ({ gseq: g.gseq, name: g.name, state: g.state })),
    leases: view.leases.map((lease) => ({
      provider: lease.id.provider,
      gseq: lease.id.gseq,
      oseq: lease.id.oseq,
      state: lease.state,
      pricePerBlock: coin(lease.price.denom, lease.price.amount),
      usdPerHour: usdNumber(uactPerBlockToUsdPerHour(lease.price.amount, price)),
    })),
    pricePerBlock: coin("uact", perBlock),
    costPerHour: coin("uact", uactPerHour(perBlock, price)),
    usdPerHour: usdNumber(uactPerBlockToUsdPerHour(perBlock, price)),
    escrow: runway
      ? {
          state: runway.state,
          funds: coin(runway.denom, runway.funds),
          settledFunds: coin(runway.denom, runway.settledFunds),
          settledAt: runway.settledAt,
        }
      : null,
    runway: runway
      ? {
          blocks: runway.blocksRemaining?.toString() ?? null,
          hours: runway.blocksRemaining === undefined ? null : Number(blocksToHours(runway.blocksRemaining, price.blockTimeMs).toNumber().toFixed(2)),
          overdrawn: runway.state === "overdrawn",
        }
      : null,
    createdAt: deployment.createdAt,
    createdTime: view.createdTime.toISOString(),
    ageSeconds: Math.floor(view.ageMs / 1000),
    ...(interrupted ? { interrupted: true } : {}),
  };
}

export const VIEW_HEADERS = ["DSEQ", "LABELS", "STATE", "LEASES", "$/H", "UACT/BLOCK", "ESCROW ACT", "RUNWAY", "CREATED", "AGE"];

export function viewRow(view: DeploymentView, price: PriceContext): string[] {
  const { deployment, runway } = view;
  const leases = drawingLeases(view.leases);
  const perBlock = leasePrice(view);
  return [
    deployment.id.dseq.toString(),
    Object.entries(view.labels).map(([k, v]) => `${k}=${v}`).join(",") || "-",
    deployment.state === "closed" ? "closed" : (runway?.state ?? "no escrow"),
    leases.length === 0 ? "-" : `${leases.length}: ${leases.map((l) => shortAddress(l.id.provider)).join(",")}`,
    leases.length === 0 ? "-" : `$${usdNumber(uactPerBlockToUsdPerHour(perBlock, price))}`,
    leases.length === 0 ? "-" : perBlock.toString(),
    runway ? runway.funds.div(1_000_000).truncate(2).toString() : "-",
    runwayText(view, price),
    `h${deployment.createdAt}`,
    formatAge(view.ageMs),
  ];
}

function runwayText(view: DeploymentView, price: PriceContext): string {
  const runway = view.runway;
  if (!runway || view.deployment.state === "closed") return "-";
  if (runway.state === "overdrawn") return "OVERDRAWN";
  if (runway.blocksRemaining === undefined) return "no lease";
  return `${blocksToHours(runway.blocksRemaining, price.blockTimeMs).toNumber().toFixed(1)}h`;
}

/** "akash1qy…x7hs": enough to tell providers apart in a table. */
export const shortAddress = (address: string): string => (address.length > 14 ? `${address.slice(0, 8)}…${address.slice(-4)}` : address);

export function formatAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${minutes % 60 ? ` ${minutes % 60}m` : ""}`;
  return `${Math.floor(hours / 24)}d${hours % 24 ? ` ${hours % 24}h` : ""}`;
}
