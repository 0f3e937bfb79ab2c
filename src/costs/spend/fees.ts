/**
 * Fees (uakt) paid by a wallet's transactions in a window, from one of two sources — the report says which:
 * - "journal": the hashes akash-gpu recorded in its deploy journals (create, lease, close), each looked up on
 *   chain. Exactly the tool's own transactions, but only those this machine's journal knows.
 * - "tx-search": every transaction the address signed (CometBFT tx_search on message.sender), one query per
 *   page of 100. Complete for the address — a fresh CI runner sees the same — but it includes transactions not
 *   made by akash-gpu; each is marked `tool` when all its messages are of kinds akash-gpu sends.
 * A fee is paid even when the messages fail (the ante handler charges it first), so failed txs count too.
 */
import { readdirSync } from "node:fs";
import { CometRpcError } from "../../chain/comet-rpc.js";
import { TYPE_URL } from "../../chain/messages.js";
import { AkashGpuError } from "../../errors/base.js";
import type { Coin } from "../../chain/types.js";
import { Journal } from "../../engine/journal.js";
import { sumCoins } from "./rows.js";
import type { LookedUpTx, TxLookup } from "./tx-lookup.js";

export type FeeSource = "journal" | "tx-search";

export type FeeTx = LookedUpTx & {
  /** The messages failed (code ≠ 0); the fee was charged all the same. */
  failed: boolean;
  /** Every message is of a kind akash-gpu sends (deployment, lease, deposit, certificate, ACT mint, send). */
  tool: boolean;
};

export type FeeReport = {
  source: FeeSource;
  address: string;
  /** Transactions at heights (fromHeight, toHeight]. */
  fromHeight: number;
  toHeight: number;
  txs: FeeTx[];
  /** Σ fee over `txs`, per denomination (uakt). */
  totals: Coin[];
  /** Journal hashes the node did not find (pruned, or never committed). */
  missing: string[];
};

const TOOL_MESSAGES: ReadonlySet<string> = new Set(Object.values(TYPE_URL));
const SEARCH_PAGE = 100;

const toFeeTx = (tx: LookedUpTx): FeeTx => ({ ...tx, failed: tx.code !== 0, tool: tx.messages.length > 0 && tx.messages.every((m) => TOOL_MESSAGES.has(m)) });

function report(source: FeeSource, address: string, fromHeight: number, toHeight: number, txs: FeeTx[], missing: string[]): FeeReport {
  const sorted = [...txs].sort((a, b) => a.height - b.height || (a.hash < b.hash ? -1 : 1));
  return { source, address, fromHeight, toHeight, txs: sorted, totals: sumCoins(sorted.flatMap((tx) => tx.fee)), missing };
}

/** Every transaction hash the deploy journals of this wallet on this chain recorded (any step's txHash / txs). */
export function journalTxHashes(stateDir: string, chainId: string, owner: string): string[] {
  let names: string[];
  try {
    names = readdirSync(Journal.directory(stateDir, chainId, owner));
  } catch {
    return [];
  }
  const hashes = new Set<string>();
  for (const name of names.filter((n) => /^\d+\.jsonl$/.test(n))) {
    for (const entry of Journal.open(stateDir, chainId, owner, BigInt(name.slice(0, -6))).entries) {
      const data = entry.data ?? {};
      if (typeof data.txHash === "string") hashes.add(data.txHash.toUpperCase());
      if (Array.isArray(data.txs)) for (const hash of data.txs) if (typeof hash === "string") hashes.add(hash.toUpperCase());
    }
  }
  return [...hashes].sort();
}

export type JournalFeeOptions = { stateDir: string; chainId: string; owner: string; fromHeight: number; toHeight: number };

/** Fees of the transactions the journal recorded, looked up by hash (a few at a time). */
export async function feesFromJournal(lookup: TxLookup, options: JournalFeeOptions): Promise<FeeReport> {
  const hashes = journalTxHashes(options.stateDir, options.chainId, options.owner);
  const found: FeeTx[] = [];
  const missing: string[] = [];
  for (let i = 0; i < hashes.length; i += 8) {
    const batch = hashes.slice(i, i + 8);
    const txs = await Promise.all(batch.map((hash) => lookup.tx(hash)));
    txs.forEach((tx, j) => (tx ? found.push(toFeeTx(tx)) : missing.push(batch[j]!)));
  }
  const inWindow = found.filter((tx) => tx.height > options.fromHeight && tx.height <= options.toHeight);
  return report("journal", options.owner, options.fromHeight, options.toHeight, inWindow, missing);
}

export type SearchFeeOptions = { address: string; fromHeight: number; toHeight: number; perPage?: number };

/** Fees of every transaction `address` signed in the window: one tx_search query per page. */
export async function feesFromTxSearch(lookup: TxLookup, options: SearchFeeOptions): Promise<FeeReport> {
  const perPage = options.perPage ?? SEARCH_PAGE;
  const query = `message.sender='${options.address}' AND tx.height>=${options.fromHeight + 1} AND tx.height<=${options.toHeight}`;
  const txs: FeeTx[] = [];
  for (let page = 1; ; page++) {
    const result = await lookup.search(query, page, perPage).catch((error: unknown) => {
      throw error instanceof CometRpcError ? new TxSearchUnavailableError(error) : error;
    });
    txs.push(...result.txs.map(toFeeTx));
    if (result.txs.length === 0 || txs.length >= result.totalCount) break;
  }
  // A tx with several messages from the sender is one tx: keep each hash once.
  const unique = [...new Map(txs.map((tx) => [tx.hash, tx])).values()];
  return report("tx-search", options.address, options.fromHeight, options.toHeight, unique, []);
}

/** The node refused tx_search: most often it does not index transactions. */
export class TxSearchUnavailableError extends AkashGpuError {
  override name = "TxSearchUnavailableError";

  constructor(cause: CometRpcError) {
    super("The node cannot search transactions, so the fees of this address cannot be listed", {
      metaMessages: [
        "expected: a CometBFT RPC that answers tx_search (its config has tx_index.indexer = \"kv\")",
        `found: ${cause.shortMessage}`,
        "what to do next: use another RPC endpoint (AKASH_RPC / --rpc), or take fees from this machine's deploy journal instead of tx search",
      ],
      cause,
    });
  }
}
