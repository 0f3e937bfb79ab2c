/** What every state transition sees: the store, the block it runs in, the parameters, and the events it emits. */
import type { AbciEvent } from "../node-api.js";
import type { ChainParams } from "./params.js";
import type { KvStore, StoreReader } from "./kv-store.js";

export type Ctx = {
  store: KvStore;
  height: number;
  time: Date;
  params: ChainParams;
  events: AbciEvent[];
};

/** What reads need: the state, live or at an earlier height. */
export type ReadCtx = { store: StoreReader };

export function emit(ctx: Ctx, type: string, attributes: Record<string, string | number | bigint>): void {
  ctx.events.push({ type, attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: String(value), index: true })) });
}
