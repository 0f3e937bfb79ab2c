/**
 * What counts as an AWS on-demand price for the baseline, shared by the CSV and JSON readers. The filters are
 * those of reference/pricing.md §1.3 (the ones SkyPilot and ec2instances.info use): Compute Instance (bare
 * metal included), Linux, Shared tenancy, no pre-installed software, "No License required", CapacityStatus
 * Used, not a Capacity Block SKU (those carry $0 or block prices), OnDemand term, hourly, USD, price > 0.
 */
import { AkashGpuError } from "../../errors/base.js";
import { Dec } from "../decimal.js";

/** The product attributes the baseline needs, named as in the JSON offer file. */
export type OfferProduct = {
  sku: string;
  productFamily: string;
  instanceType: string;
  operatingSystem: string;
  tenancy: string;
  preInstalledSw: string;
  licenseModel: string;
  capacitystatus: string;
  marketoption: string;
  regionCode: string;
  vcpu: string;
  memory: string;
  gpu: string;
};

export type OfferPrice = { sku: string; termType: string; unit: string; currency: string; price: string; effectiveDate: string };

export type OfferMeta = { publicationDate?: string; version?: string; offerCode?: string };

export function productPasses(product: OfferProduct, region: string, families: ReadonlySet<string>): boolean {
  const family = product.instanceType.split(".")[0]!;
  return (
    families.has(family) &&
    product.productFamily.startsWith("Compute Instance") &&
    (product.regionCode === "" || product.regionCode === region) &&
    product.operatingSystem === "Linux" &&
    product.tenancy === "Shared" &&
    (product.preInstalledSw === "NA" || product.preInstalledSw === "") &&
    (product.licenseModel === "" || product.licenseModel === "No License required") &&
    product.capacitystatus === "Used" &&
    product.marketoption !== "CapacityBlock"
  );
}

/** The positive hourly on-demand USD price of a term, or undefined when the term does not count. */
export function onDemandPrice(price: OfferPrice): Dec | undefined {
  if (price.termType !== "OnDemand" || price.unit !== "Hrs" || price.currency !== "USD") return undefined;
  if (!/^\d+(\.\d+)?$/.test(price.price)) return undefined;
  const value = Dec.parse(price.price);
  return value.cmp(0) > 0 ? value : undefined;
}

/** An offer file that cannot be read: says where (line/column or line) and what was wrong. */
export class OfferFileError extends AkashGpuError {
  override name = "OfferFileError";

  constructor(readonly file: string, readonly position: string, reason: string, cause?: unknown) {
    super(`Malformed AWS offer file ${file} at ${position}: ${reason}`, {
      metaMessages: [
        "expected: an AWS Price List offer file for AmazonEC2 — index.csv (5 metadata lines, then a header starting with \"SKU\") or index.json (products and terms.OnDemand)",
        "what to do next: download the file again (a cut-off download ends mid-record), or pass --format csv|json if the name does not say which it is",
      ],
      cause,
    });
  }
}
