/**
 * Reads the AWS Price List CSV offer file line by line (never whole): five metadata lines ("FormatVersion",
 * "Disclaimer", "Publication Date", "Version", "OfferCode"), a header row starting with "SKU", then one row
 * per SKU × term × price dimension. Rows are only parsed in full when they can be a mapped GPU instance
 * (a cheap text test first), but every line's quoting is checked so a broken record is caught where it is.
 */
import { OfferFileError, type OfferProduct } from "./offer-filter.js";
import type { OfferCollector } from "./offer-collector.js";

const COLUMNS = {
  sku: "SKU",
  termType: "TermType",
  unit: "Unit",
  price: "PricePerUnit",
  currency: "Currency",
  effectiveDate: "EffectiveDate",
  productFamily: "Product Family",
  instanceType: "Instance Type",
  vcpu: "vCPU",
  memory: "Memory",
  tenancy: "Tenancy",
  operatingSystem: "Operating System",
  preInstalledSw: "Pre Installed S/W",
  capacitystatus: "CapacityStatus",
  gpu: "GPU",
} as const;
/** Missing in older files: treated as empty (region: any; market option: on-demand; licence: none required). */
const OPTIONAL = { regionCode: "Region Code", marketoption: "MarketOption", licenseModel: "License Model" } as const;
const MAX_PREAMBLE_LINES = 10;

export async function readCsvOffer(chunks: AsyncIterable<string>, collector: OfferCollector, file: string): Promise<void> {
  const wanted = new RegExp(`"(?:${[...collector.families].map(escape).join("|")})\\.[a-z0-9-]+"`);
  let header: Map<string, number> | undefined;
  let width = 0;
  collector.markProductsComplete(); // each row carries its product: a price is only kept for a product kept on the same row

  for await (const { text, line } of records(chunks, file)) {
    if (!header) {
      const fields = parseRecord(text, line, file);
      if (fields[0] === "SKU") {
        header = new Map(fields.map((name, index) => [name, index]));
        width = fields.length;
        const missing = Object.values(COLUMNS).filter((name) => !header!.has(name));
        if (missing.length > 0) throw new OfferFileError(file, `line ${line}`, `the header lacks column(s) ${missing.join(", ")}`);
        continue;
      }
      if (line > MAX_PREAMBLE_LINES) throw new OfferFileError(file, `line ${line}`, `no header row (a row starting with "SKU") in the first ${MAX_PREAMBLE_LINES} lines`);
      readMeta(fields, collector);
      continue;
    }
    if (!wanted.test(text)) continue;
    const fields = parseRecord(text, line, file);
    if (fields.length !== width) throw new OfferFileError(file, `line ${line}`, `${fields.length} fields where the header has ${width}`);
    const get = (name: string) => {
      const index = header!.get(name);
      return index === undefined ? "" : fields[index]!;
    };
    const product = Object.fromEntries([...Object.entries(COLUMNS), ...Object.entries(OPTIONAL)].map(([key, name]) => [key, get(name)])) as unknown as OfferProduct & Record<"termType" | "unit" | "price" | "currency" | "effectiveDate", string>;
    if (collector.addProduct(product)) {
      collector.addPrice({ sku: product.sku, termType: product.termType, unit: product.unit, currency: product.currency, price: product.price, effectiveDate: product.effectiveDate });
    }
  }
  if (!header) throw new OfferFileError(file, "end of file", 'no header row (a row starting with "SKU"): not a CSV offer file, or cut off');
}

function readMeta(fields: string[], collector: OfferCollector): void {
  const [key, value = ""] = fields;
  if (key === "Publication Date") collector.meta.publicationDate = value;
  else if (key === "Version") collector.meta.version = value;
  else if (key === "OfferCode") collector.meta.offerCode = value;
}

/** Lines joined into records: a quoted field may hold a line break, so a record ends where the quotes balance. */
async function* records(chunks: AsyncIterable<string>, file: string): AsyncGenerator<{ text: string; line: number }> {
  let rest = "";
  let lineNo = 0;
  let pending: { text: string; line: number } | undefined;
  const take = (rawLine: string): { text: string; line: number } | undefined => {
    lineNo++;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    // An odd number of quotes opens a field that spans lines, or closes one left open.
    const odd = quoteCount(line) % 2 === 1;
    if (pending) {
      pending = { text: `${pending.text}\n${line}`, line: pending.line };
      if (!odd) return undefined;
      const done = pending;
      pending = undefined;
      return done;
    }
    if (odd) {
      pending = { text: line, line: lineNo };
      return undefined;
    }
    return line === "" ? undefined : { text: line, line: lineNo };
  };
  for await (const chunk of chunks) {
    rest += chunk;
    let start = 0;
    for (let end = rest.indexOf("\n"); end >= 0; end = rest.indexOf("\n", start)) {
      const record = take(rest.slice(start, end));
      start = end + 1;
      if (record) yield record;
    }
    rest = rest.slice(start);
  }
  if (rest !== "") {
    const record = take(rest);
    if (record) yield record;
  }
  if (pending) throw new OfferFileError(file, `line ${pending.line}`, "a quoted field is never closed (the file is cut off or a quote is missing)");
}

function quoteCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** RFC 4180 fields: quoted ("" inside for a quote) or bare. */
export function parseRecord(text: string, line: number, file: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) throw new OfferFileError(file, `line ${line}`, "a quoted field is never closed");
        value += text.slice(j, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i < text.length && text[i] !== ",") throw new OfferFileError(file, `line ${line}, column ${i + 1}`, `expected "," after a quoted field, found ${JSON.stringify(text[i])}`);
    } else {
      const comma = text.indexOf(",", i);
      fields.push(text.slice(i, comma < 0 ? text.length : comma));
      i = comma < 0 ? text.length : comma;
    }
    if (i >= text.length) return fields;
    i++; // the comma
    if (i === text.length) {
      fields.push("");
      return fields;
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
}
