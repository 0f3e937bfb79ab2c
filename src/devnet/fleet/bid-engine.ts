/**
 * The simulated providers' bid engines: on every block each provider looks at the open orders it has not
 * bid on, and bids (in the next block) when its free inventory fits the order and its own price, plus a
 * spread, is within the order's ceiling. A provider that cannot fit an order stays silent, as real ones do.
 */
import { createHash } from "node:crypto";
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { Dec } from "../../costs/decimal.js";
import { blocksPerHour } from "../../costs/price.js";
import type { DevnetChain } from "../chain/chain.js";
import { allBids, allLeases, allOrders, createBid, getOrder, type OrderRecord } from "../chain/modules/market.js";
import { auditsOf, getProvider } from "../chain/modules/provider.js";
import type { FleetProvider } from "./fleet-config.js";
import { addUsage, emptyUsage, fitOrder, type Usage } from "./fit.js";

export type FleetMember = { config: FleetProvider; address: string; faults: { neverBids?: boolean; down?: boolean } };

export class BidEngine {
  readonly #queued = new Set<string>();
  readonly #listener = () => this.onBlock();

  constructor(
    private readonly chain: DevnetChain,
    private readonly members: FleetMember[],
    private readonly blockTimeMs: number,
  ) {}

  start(): void {
    this.chain.on("block", this.#listener);
  }

  stop(): void {
    this.chain.off("block", this.#listener);
  }

  onBlock(): void {
    const orders = allOrders(this.chain).filter((order) => order.state === "open");
    if (orders.length === 0) return;
    const bids = allBids(this.chain);
    for (const member of this.members) {
      if (member.faults.neverBids || member.faults.down || !getProvider(this.chain, member.address)) continue;
      let usage = this.#usage(member);
      for (const order of orders) {
        const key = `${order.owner}/${order.dseq}/${order.gseq}/${order.oseq}/${member.address}`;
        if (this.#queued.has(key) || bids.some((b) => b.provider === member.address && b.owner === order.owner && b.dseq === order.dseq && b.gseq === order.gseq && b.oseq === order.oseq)) continue;
        const offer = this.#offer(member, order, usage);
        if (!offer) continue;
        usage = offer.usage;
        this.#queued.add(key);
        const id = { owner: order.owner, dseq: order.dseq, gseq: order.gseq, oseq: order.oseq, provider: member.address, bseq: 0 };
        this.chain
          .enqueue((ctx) => {
            const current = getOrder(ctx, order);
            if (current?.state === "open") createBid(ctx, id, { denom: "uact", amount: offer.price.toString() }, orderCeiling(order), []);
          })
          .catch(() => undefined) // the order closed or the provider ran out of deposit funds: no bid
          .finally(() => this.#queued.delete(key));
      }
    }
  }

  /** The bid a provider would make, or undefined when it cannot or will not. */
  #offer(member: FleetMember, order: OrderRecord, usage: Usage): { price: Dec; usage: Usage } | undefined {
    const attributes = Object.fromEntries(getProvider(this.chain, member.address)!.attributes.map((a) => [a.key, a.value]));
    const auditors = new Set(auditsOf(this.chain, member.address).map((a) => a.auditor));
    const fit = fitOrder(member.config, attributes, auditors, GroupSpec.decode(order.spec), usage);
    if ("reason" in fit) return undefined;
    const spread = Dec.from(1).add(Dec.from(spreadFraction(member, order)).mul(member.config.spread).div(100));
    const price = fit.hourlyUsd.mul(1_000_000).div(blocksPerHour(this.blockTimeMs)).mul(spread).truncate(6);
    if (price.cmp(orderCeiling(order)) > 0 || price.isZero()) return undefined;
    return { price, usage: fit.usage };
  }

  /** Resources held by the provider's active leases and open bids. */
  #usage(member: FleetMember): Usage {
    const held = [
      ...allLeases(this.chain).filter((l) => l.provider === member.address && (l.state === "active" || l.state === "reclaiming")),
      ...allBids(this.chain).filter((b) => b.provider === member.address && b.state === "open"),
    ];
    let usage = emptyUsage();
    for (const item of held) {
      const order = getOrder(this.chain, item);
      if (!order) continue;
      const fit = fitOrder(member.config, {}, new Set(), { ...GroupSpec.decode(order.spec), requirements: undefined }, emptyUsage());
      if (!("reason" in fit)) usage = addUsage(usage, fit.usage);
    }
    return usage;
  }
}

/** The order's ceiling: Σ price × count over its resource units. */
export function orderCeiling(order: OrderRecord): Dec {
  return GroupSpec.decode(order.spec).resources.reduce((sum, unit) => sum.add(Dec.parse(unit.price?.amount ?? "0").mul(unit.count)), Dec.zero);
}

/** A stable number in [0, 1) per provider and order, so bids differ between providers but repeat exactly. */
function spreadFraction(member: FleetMember, order: OrderRecord): number {
  const digest = createHash("sha256").update(`${member.address}/${order.owner}/${order.dseq}/${order.gseq}/${order.oseq}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}
