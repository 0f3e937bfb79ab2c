/**
 * A deployment group as the rest of akash-gpu needs it: what it asks for (GPU models and count, the most it
 * pays per block) and its labels (GroupSpec.name, where akash-gpu encodes them on chain).
 */
import type { Group } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../costs/decimal.js";
import { GROUP_STATES, stateName } from "./chain-values.js";
import type { DecCoin, GroupInfo } from "../types.js";

type ResourceUnit = NonNullable<Group["groupSpec"]>["resources"][number];

export function toGroupInfo(group: Group): GroupInfo {
  const spec = group.groupSpec;
  const units = spec?.resources ?? [];
  return {
    gseq: group.id?.gseq ?? 0,
    name: spec?.name ?? "",
    state: stateName("group", GROUP_STATES, group.state),
    gpuModels: gpuModelsOf(units),
    gpuCount: units.reduce((sum, unit) => sum + gpuUnitsOf(unit) * unit.count, 0),
    maxPrice: maxPriceOf(units),
  };
}

/**
 * GPU attributes read `vendor/<vendor>/model/<model>[/ram/<size>][/interface/<if>]` = "true"; a model of
 * `*` accepts any model of that vendor.
 */
function gpuModelsOf(units: ResourceUnit[]): string[] {
  const models = units.flatMap((unit) => (unit.resource?.gpu?.attributes ?? []).map((a) => /^vendor\/[^/]+\/model\/([^/]+)/.exec(a.key)?.[1]));
  return [...new Set(models.filter((m): m is string => m !== undefined))];
}

/** ResourceValue.val is the ASCII decimal text of the quantity. */
function gpuUnitsOf(unit: ResourceUnit): number {
  const text = new TextDecoder().decode(unit.resource?.gpu?.units?.val ?? new Uint8Array());
  return /^\d+$/.test(text) ? Number(text) : 0;
}

/** The order's ceiling, as the chain computes it: every unit's price × count (all units share one denomination). */
function maxPriceOf(units: ResourceUnit[]): DecCoin | undefined {
  const priced = units.filter((unit) => unit.price);
  if (priced.length === 0) return undefined;
  const amount = priced.reduce((sum, unit) => sum.add(Dec.parse(unit.price!.amount).mul(unit.count)), Dec.zero);
  return { denom: priced[0]!.price!.denom, amount };
}
