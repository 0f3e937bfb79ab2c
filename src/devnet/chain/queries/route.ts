/** A query the chain answers: its gRPC/ABCI path, REST route, message types and handler. */
import type { MessageType, QueryRoute } from "../../node-api.js";
import type { Ctx } from "../context.js";
import type { StoreReader } from "../kv-store.js";

export type QueryCtx = Pick<Ctx, "params" | "height" | "time"> & { store: StoreReader };

export type QueryHandler = QueryRoute & { handle(ctx: QueryCtx, request: unknown): unknown };

export function route<Req, Res>(
  path: string,
  httpPath: string,
  request: MessageType<Req>,
  response: MessageType<Res>,
  handle: (ctx: QueryCtx, request: Req) => unknown,
): QueryHandler {
  return { path, httpPath, request, response, handle: handle as (ctx: QueryCtx, request: unknown) => unknown };
}

type PageRequest = { key?: Uint8Array; offset?: { toString(): string } | number | bigint; limit?: { toString(): string } | number | bigint; countTotal?: boolean; reverse?: boolean } | undefined;

const DEFAULT_LIMIT = 100;

/** Cosmos pagination over an in-memory list: an opaque next_key (the next index), offset, limit, count_total, reverse. */
export function paginate<T>(items: T[], page: PageRequest): { items: T[]; pagination: { nextKey: Uint8Array; total: bigint } } {
  const ordered = page?.reverse ? [...items].reverse() : items;
  const keyStart = page?.key && page.key.length > 0 ? Number(new TextDecoder().decode(page.key)) : undefined;
  const start = keyStart ?? Number(page?.offset?.toString() ?? 0);
  const limit = Number(page?.limit?.toString() ?? 0) || DEFAULT_LIMIT;
  const slice = ordered.slice(start, start + limit);
  const next = start + limit < ordered.length ? new TextEncoder().encode(String(start + limit)) : new Uint8Array();
  return { items: slice, pagination: { nextKey: next, total: page?.countTotal ? BigInt(ordered.length) : 0n } };
}
