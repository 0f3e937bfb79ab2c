/**
 * The chain's state as JSON, so a devnet can stop and start again where it was (`--state-dir`).
 * bigint and byte values survive the round trip as {"$n": "…"} and {"$b": "<base64>"}.
 */
import type { BlockRecord, TxRecord } from "../node-api.js";

export type ChainSnapshot = {
  version: 1;
  chainId: string;
  height: number;
  time: string;
  store: [string, unknown][];
  txs: TxRecord[];
  blocks: BlockRecord[];
};

export function encodeSnapshot(snapshot: ChainSnapshot): string {
  return JSON.stringify(snapshot, function (key, value: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === "bigint") return { $n: raw.toString() };
    if (raw instanceof Uint8Array) return { $b: Buffer.from(raw).toString("base64") };
    if (raw instanceof Date) return { $d: raw.toISOString() };
    return value;
  });
}

export function decodeSnapshot(text: string): ChainSnapshot {
  const snapshot = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const tagged = value as { $n?: string; $b?: string; $d?: string };
      if (typeof tagged.$n === "string") return BigInt(tagged.$n);
      if (typeof tagged.$b === "string") return new Uint8Array(Buffer.from(tagged.$b, "base64"));
      if (typeof tagged.$d === "string") return new Date(tagged.$d);
    }
    return value;
  }) as ChainSnapshot;
  if (snapshot.version !== 1) throw new Error(`unsupported devnet state version ${String(snapshot.version)}`);
  return { ...snapshot, store: snapshot.store.map(upgradeEntry) };
}

/**
 * State saved by earlier devnet builds: bid escrow accounts were keyed with the bid's bseq (mainnet's
 * BidID.String() has none), and pending mints had no retry count.
 */
function upgradeEntry([key, value]: [string, unknown]): [string, unknown] {
  const bidAccount = /^(escrow\/account\/bid\/(?:[^/]+\/){4}[^/]+)\/\d+$/.exec(key);
  if (bidAccount) {
    const record = value as { xid: string };
    return [bidAccount[1]!, { ...record, xid: record.xid.split("/").slice(0, 5).join("/") }];
  }
  if (key.startsWith("bme/pending/") && (value as { attempts?: number }).attempts === undefined) return [key, { ...(value as object), attempts: 0 }];
  return [key, value];
}
