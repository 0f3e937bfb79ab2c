/**
 * Gathers what the offer readers (CSV, JSON) find and builds the baseline table from it. Memory stays small:
 * only products of the mapped GPU families that pass the filters are kept, and one minimum price per SKU.
 * GPU model and per-GPU memory come from the GPU map (the offer file's gpuMemory attribute is not reliable,
 * reference/pricing.md §1.3); GPU count, vCPU and RAM come from the offer file itself.
 */
import { Dec } from "../decimal.js";
import type { AwsGpuMap } from "./gpu-map.js";
import { familyOf } from "./gpu-map.js";
import { onDemandPrice, productPasses, type OfferMeta, type OfferPrice, type OfferProduct } from "./offer-filter.js";
import { checkAwsBaselineTable, type AwsBaselineTable, type AwsInstanceRow, type UnpricedInstance } from "./table.js";

export const PRICE_BASIS = "On-Demand, Linux, Shared tenancy, no pre-installed software, CapacityStatus Used, no Capacity Block SKUs, price > 0; USD per instance-hour (billed per second)";
const FILTERS = "OnDemand, Linux, Shared, no pre-installed software, No License required, CapacityStatus Used, no Capacity Block, price > 0";

export type CollectOptions = { region: string; map: AwsGpuMap };
export type BuildOptions = { sourceName: string; builtAt: string; previous?: AwsBaselineTable };
export type BuildResult = { table: AwsBaselineTable; skipped: string[] };

export class OfferCollector {
  readonly meta: OfferMeta = {};
  readonly families: ReadonlySet<string>;
  private readonly products = new Map<string, OfferProduct>();
  private readonly prices = new Map<string, { price: Dec; effectiveDate: string }>();
  private productsComplete = false;

  constructor(private readonly options: CollectOptions) {
    this.families = new Set(Object.keys(options.map.families));
  }

  /** Keeps the product when it passes the filters; returns whether it did. */
  addProduct(product: OfferProduct): boolean {
    if (!productPasses(product, this.options.region, this.families)) return false;
    this.products.set(product.sku, product);
    return true;
  }

  /** Once all products are known, prices of other SKUs are dropped on arrival instead of kept for later. */
  markProductsComplete(): void {
    this.productsComplete = true;
    for (const sku of this.prices.keys()) if (!this.products.has(sku)) this.prices.delete(sku);
  }

  addPrice(price: OfferPrice): void {
    if (this.productsComplete && !this.products.has(price.sku)) return;
    const value = onDemandPrice(price);
    if (!value) return;
    const known = this.prices.get(price.sku);
    if (!known || value.cmp(known.price) < 0) this.prices.set(price.sku, { price: value, effectiveDate: price.effectiveDate });
  }

  build(options: BuildOptions): BuildResult {
    const skipped: string[] = [];
    const best = new Map<string, { product: OfferProduct; price: Dec; effectiveDate: string }>();
    const seenTypes = new Map<string, OfferProduct>();
    for (const [sku, product] of this.products) {
      seenTypes.set(product.instanceType, product);
      const price = this.prices.get(sku);
      if (!price) continue;
      const current = best.get(product.instanceType);
      if (!current || price.price.cmp(current.price) < 0) best.set(product.instanceType, { product, ...price });
    }

    const version = [this.meta.offerCode, this.meta.version && `version ${this.meta.version}`, this.meta.publicationDate && `published ${this.meta.publicationDate}`].filter(Boolean).join(" ");
    const source = `AWS Price List offer file ${options.sourceName}${version ? ` (${version})` : ""}; ${FILTERS}`;
    const instances: AwsInstanceRow[] = [];
    for (const { product, price, effectiveDate } of best.values()) {
      const row = this.row(product, price, effectiveDate, source, options.previous);
      if (typeof row === "string") skipped.push(row);
      else instances.push(row);
    }
    const unpriced: UnpricedInstance[] = [...seenTypes.values()]
      .filter((product) => !best.has(product.instanceType))
      .map((product) => {
        const family = familyOf(product.instanceType);
        return { instanceType: product.instanceType, family, gpuModel: this.options.map.families[family]!.gpu, gpuCount: Number(product.gpu) || 0, reason: "no positive on-demand Linux price in the offer file (sold through Capacity Blocks or Savings Plans only?)", source };
      });

    const order = [...this.families];
    instances.sort((a, b) => order.indexOf(a.family) - order.indexOf(b.family) || a.gpuCount - b.gpuCount || Dec.parse(a.usdPerHour).cmp(b.usdPerHour) || a.instanceType.localeCompare(b.instanceType));
    unpriced.sort((a, b) => a.instanceType.localeCompare(b.instanceType));
    const table: AwsBaselineTable = {
      $comment: "AWS EC2 on-demand prices of the GPU instances akash-gpu compares Akash leases with: one row per instance type, with its source and price date. Written by scripts/refresh-aws-prices.ts; GPU models per family: aws-gpu-map.json.",
      schemaVersion: 1,
      region: this.options.region,
      currency: "USD",
      priceBasis: PRICE_BASIS,
      builtFrom: source,
      builtAt: options.builtAt,
      instances,
      unpriced,
    };
    return { table: checkAwsBaselineTable(table, options.sourceName), skipped };
  }

  private row(product: OfferProduct, price: Dec, effectiveDate: string, source: string, previous?: AwsBaselineTable): AwsInstanceRow | string {
    const family = familyOf(product.instanceType);
    const gpu = this.options.map.families[family]!;
    const gpuCount = Number(product.gpu);
    const vcpu = Number(product.vcpu);
    const memoryGiB = Number(/^([\d,.]+)\s*GiB$/.exec(product.memory.trim())?.[1]?.replace(/,/g, ""));
    if (!Number.isInteger(gpuCount) || gpuCount <= 0) return `${product.instanceType}: GPU count "${product.gpu}" is not a positive whole number`;
    if (!(vcpu > 0) || !(memoryGiB > 0)) return `${product.instanceType}: vCPU "${product.vcpu}" or memory "${product.memory}" unreadable`;
    const date = /^\d{4}-\d{2}-\d{2}/.exec(this.meta.publicationDate ?? "")?.[0] ?? /^\d{4}-\d{2}-\d{2}/.exec(effectiveDate)?.[0];
    if (!date) return `${product.instanceType}: no publication or effective date to date the price`;
    const before = previous?.instances.find((row) => row.instanceType === product.instanceType)?.preCut;
    return {
      instanceType: product.instanceType,
      family,
      gpuModel: gpu.gpu,
      gpuCount,
      gpuMemoryMiB: gpu.gpuMemoryMiB,
      vcpu,
      memoryGiB,
      usdPerHour: price.toString(),
      usdPerGpuHour: price.div(gpuCount).toString(),
      region: this.options.region,
      priceDate: date,
      source,
      ...(before ? { preCut: before } : {}),
    };
  }
}
