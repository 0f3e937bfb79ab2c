/**
 * Reads the AWS Price List JSON offer file incrementally: `products.<sku>` and `terms.OnDemand.<sku>` are
 * captured one at a time, `terms.Reserved` (most of the file) is tokenized and skipped, nothing is held whole.
 * Shape (reference/pricing.md §1.3): { formatVersion, offerCode, version, publicationDate,
 *   products: { <sku>: { sku, productFamily, attributes: { instanceType, operatingSystem, … } } },
 *   terms: { OnDemand: { <sku>: { <sku>.<term>: { effectiveDate, priceDimensions: { <rate>: { unit, pricePerUnit: { USD } } } } } }, Reserved: … } }
 */
import { JsonScanError, scanJson, type JsonPathKey, type ScanDecision } from "./json-scanner.js";
import type { OfferCollector } from "./offer-collector.js";
import { OfferFileError, type OfferProduct } from "./offer-filter.js";

const META_KEYS = new Set(["publicationDate", "version", "offerCode"]);

export async function readJsonOffer(chunks: AsyncIterable<string>, collector: OfferCollector, file: string): Promise<void> {
  let sawProducts = false;
  let sawOnDemand = false;
  const select = (path: readonly JsonPathKey[]): ScanDecision => {
    const [top, second] = path;
    if (path.length === 0) return "descend";
    if (path.length === 1) {
      // The products object has closed once another top-level key starts: later terms for other SKUs can be dropped.
      if (top !== "products" && sawProducts) collector.markProductsComplete();
      if (top === "products") sawProducts = true;
      if (top === "products" || top === "terms") return "descend";
      return META_KEYS.has(String(top)) ? "capture" : "skip";
    }
    if (top === "products") return path.length === 2 ? "capture" : "skip";
    if (top === "terms" && second === "OnDemand") {
      sawOnDemand = true;
      return path.length === 2 ? "descend" : "capture";
    }
    return "skip";
  };
  const value = (path: readonly JsonPathKey[], captured: unknown) => {
    if (path.length === 1) {
      if (typeof captured === "string") collector.meta[path[0] as "publicationDate" | "version" | "offerCode"] = captured;
    } else if (path[0] === "products") {
      const product = toProduct(String(path[1]), captured);
      if (product) collector.addProduct(product);
    } else {
      addTerms(String(path[2]), captured, collector);
    }
  };
  try {
    await scanJson(chunks, { select, value });
  } catch (error) {
    if (error instanceof JsonScanError) throw new OfferFileError(file, `line ${error.line}, column ${error.column}`, error.reason, error);
    throw error;
  }
  if (!sawProducts) throw new OfferFileError(file, "top level", 'no "products" object: not an EC2 offer file');
  if (!sawOnDemand) throw new OfferFileError(file, "top level", 'no "terms.OnDemand" object: not an EC2 offer file, or cut off');
}

function toProduct(sku: string, data: unknown): OfferProduct | undefined {
  if (!isObject(data) || !isObject(data.attributes)) return undefined;
  const a = data.attributes;
  const text = (key: string) => (typeof a[key] === "string" ? (a[key] as string) : "");
  return {
    sku,
    productFamily: typeof data.productFamily === "string" ? data.productFamily : "",
    instanceType: text("instanceType"),
    operatingSystem: text("operatingSystem"),
    tenancy: text("tenancy"),
    preInstalledSw: text("preInstalledSw"),
    licenseModel: text("licenseModel"),
    capacitystatus: text("capacitystatus"),
    marketoption: text("marketoption"),
    regionCode: text("regionCode"),
    vcpu: text("vcpu"),
    memory: text("memory"),
    gpu: text("gpu"),
  };
}

function addTerms(sku: string, data: unknown, collector: OfferCollector): void {
  if (!isObject(data)) return;
  for (const term of Object.values(data)) {
    if (!isObject(term) || !isObject(term.priceDimensions)) continue;
    const effectiveDate = typeof term.effectiveDate === "string" ? term.effectiveDate : "";
    for (const dimension of Object.values(term.priceDimensions)) {
      if (!isObject(dimension) || !isObject(dimension.pricePerUnit)) continue;
      const usd = dimension.pricePerUnit.USD;
      if (typeof usd !== "string") continue;
      collector.addPrice({ sku, termType: "OnDemand", unit: typeof dimension.unit === "string" ? dimension.unit : "", currency: "USD", price: usd, effectiveDate });
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
