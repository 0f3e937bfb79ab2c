/**
 * Rebuilds the AWS baseline table from an AWS Price List offer file (a local path or an https URL, CSV or
 * JSON), streamed in chunks and decoded incrementally: the us-east-1 file is hundreds of MB and is never held
 * in memory. scripts/refresh-aws-prices.ts is the command-line face of this.
 */
import { createReadStream } from "node:fs";
import { AkashGpuError } from "../../errors/base.js";
import { loadAwsGpuMap, type AwsGpuMap } from "./gpu-map.js";
import { OfferCollector, type BuildResult } from "./offer-collector.js";
import { readCsvOffer } from "./offer-csv.js";
import { readJsonOffer } from "./offer-json.js";
import type { AwsBaselineTable } from "./table.js";

export type OfferFormat = "csv" | "json";

export const OFFER_HOST = "https://pricing.us-east-1.amazonaws.com";

/** The current region offer file (no credentials needed). */
export function offerUrl(region: string, format: OfferFormat): string {
  return `${OFFER_HOST}/offers/v1.0/aws/AmazonEC2/current/${region}/index.${format}`;
}

export type RefreshInput = {
  /** A file path or an http(s) URL. */
  location: string;
  /** Taken from the name's extension, else from the first character of the content. */
  format?: OfferFormat;
  region?: string;
  /** The current table: pre-cut prices of instance types still present are carried over. */
  previous?: AwsBaselineTable;
  /** YYYY-MM-DD; today by default. */
  builtAt?: string;
  map?: AwsGpuMap;
};

export type RefreshResult = BuildResult & { format: OfferFormat };

export async function buildBaselinesFromOffer(input: RefreshInput): Promise<RefreshResult> {
  const region = input.region ?? "us-east-1";
  const collector = new OfferCollector({ region, map: input.map ?? loadAwsGpuMap() });
  const { format, chunks } = await withFormat(textChunks(input.location), input.format ?? formatFromName(input.location));
  if (format === "csv") await readCsvOffer(chunks, collector, input.location);
  else await readJsonOffer(chunks, collector, input.location);
  const result = collector.build({ sourceName: input.location, builtAt: input.builtAt ?? new Date().toISOString().slice(0, 10), ...(input.previous ? { previous: input.previous } : {}) });
  if (result.table.instances.length === 0) {
    throw new AkashGpuError(`No GPU instance prices for ${region} in ${input.location}`, {
      metaMessages: [
        `expected: on-demand Linux prices for the instance families in data/aws-gpu-map.json (${[...collector.families].join(", ")}) in region ${region}`,
        `found: none${result.skipped.length ? `; skipped: ${result.skipped.join("; ")}` : ""}`,
        "what to do next: check --region matches the file (region files hold one region), or use the current file for that region",
      ],
    });
  }
  return { ...result, format };
}

function formatFromName(location: string): OfferFormat | undefined {
  const path = location.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".csv")) return "csv";
  if (path.endsWith(".json")) return "json";
  return undefined;
}

/** Decoded text of a file or URL, chunk by chunk (a multi-byte character split across chunks is kept whole). */
export async function* textChunks(location: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const bytes = /^https?:\/\//i.test(location) ? await urlBytes(location) : fileBytes(location);
  try {
    for await (const chunk of bytes) yield decoder.decode(chunk as Uint8Array, { stream: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "EACCES" || (error as NodeJS.ErrnoException).code === "EISDIR") {
      throw new AkashGpuError(`Cannot read the offer file ${location}`, { metaMessages: ["what to do next: check the path, or give the URL of the offer file"], cause: error });
    }
    if (error instanceof TypeError && /encoded data/i.test(error.message)) throw new AkashGpuError(`The offer file ${location} is not UTF-8 text`, { cause: error });
    throw error;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function fileBytes(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

async function urlBytes(url: string): Promise<AsyncIterable<Uint8Array>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new AkashGpuError(`Cannot download the offer file ${url}`, { metaMessages: ["what to do next: check the network, or download it yourself and pass the path"], cause: error });
  }
  if (!response.ok || !response.body) throw new AkashGpuError(`Cannot download the offer file ${url}: HTTP ${response.status}`);
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

/** Settles the format: the given one, else the first non-blank character ("{" is JSON, anything else CSV). */
async function withFormat(chunks: AsyncGenerator<string>, format: OfferFormat | undefined): Promise<{ format: OfferFormat; chunks: AsyncIterable<string> }> {
  if (format) return { format, chunks };
  const seen: string[] = [];
  let sniffed: OfferFormat = "csv";
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    seen.push(next.value);
    const first = next.value.trimStart()[0];
    if (first !== undefined) {
      sniffed = first === "{" ? "json" : "csv";
      break;
    }
  }
  async function* replay(): AsyncGenerator<string> {
    yield* seen;
    yield* chunks;
  }
  return { format: sniffed, chunks: replay() };
}
