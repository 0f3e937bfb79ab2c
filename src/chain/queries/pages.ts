/**
 * Cosmos pagination: each page names the key of the next (`next_key`), empty on the last one. Lists always
 * read every page, so the number of queries grows with pages, never with records.
 */
import { AkashGpuError } from "../../errors/base.js";

/** Records per page; well below the 4 MiB a gRPC message may carry even for deployments with many groups. */
export const DEFAULT_PAGE_SIZE = 100;

export type PageOptions = {
  /** Records per query; default 100. Smaller pages only mean more round trips. */
  pageSize?: number;
};

export type PageRequest = { key: Uint8Array; limit: bigint };
export type Page<T> = { items: T[]; nextKey: Uint8Array | undefined };

export async function allPages<T>(what: string, options: PageOptions, fetchPage: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const limit = BigInt(pageSizeOf(options));
  const items: T[] = [];
  const seen = new Set<string>();
  let key: Uint8Array = new Uint8Array();
  for (;;) {
    const page = await fetchPage({ key, limit });
    items.push(...page.items);
    if (!page.nextKey || page.nextKey.length === 0) return items;
    const text = Buffer.from(page.nextKey).toString("hex");
    // A node that hands out a key twice would have us loop forever.
    if (seen.has(text)) throw new AkashGpuError(`The node returned the same page of ${what} twice`, { metaMessages: ["what to do next: try another gRPC endpoint (AKASH_GRPC / --grpc)"] });
    seen.add(text);
    key = page.nextKey;
  }
}

function pageSizeOf(options: PageOptions): number {
  const size = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a positive integer, got ${size}`);
  return size;
}
