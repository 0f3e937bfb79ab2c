/**
 * Committed transactions by hash and by search, over CometBFT JSON-RPC (`tx`, `tx_search`), decoded to what a
 * fee report needs: the fee from the signed AuthInfo (what the ante handler charged: Cosmos SDK does not refund
 * unused gas), the message types from the body, and whether the messages failed (the fee is paid anyway).
 * Nodes only answer tx_search when they index transactions (`tx_index.indexer = "kv"`); many public RPC
 * endpoints do, some do not — that is reported, not guessed around.
 */
import { AuthInfo, TxBody, TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { CometRpc, CometRpcError } from "../../chain/comet-rpc.js";
import type { Coin } from "../../chain/types.js";

export type LookedUpTx = {
  hash: string;
  height: number;
  /** 0 when the messages succeeded. */
  code: number;
  fee: Coin[];
  /** Message type URLs, in order. */
  messages: string[];
};

export type TxPage = { txs: LookedUpTx[]; totalCount: number };

export interface TxLookup {
  /** The committed transaction, or undefined when the node does not know the hash. */
  tx(hash: string): Promise<LookedUpTx | undefined>;
  /** One page (1-based) of a CometBFT event query, oldest first. */
  search(query: string, page: number, perPage: number): Promise<TxPage>;
}

type TxJson = { hash: string; height: string; tx_result?: { code?: number }; tx: string };

/** A TxLookup over a node's CometBFT RPC (AKASH_RPC / the network preset's rpc). */
export function cometTxLookup(rpcUrl: string, timeoutMs = 15_000): TxLookup {
  const rpc = new CometRpc(rpcUrl, timeoutMs);
  return {
    async tx(hash) {
      try {
        return decodeTx(await rpc.call<TxJson>("tx", { hash: Buffer.from(hash, "hex").toString("base64"), prove: false }));
      } catch (error) {
        if (error instanceof CometRpcError && /not found/i.test(`${error.data} ${error.message}`)) return undefined;
        throw error;
      }
    },
    async search(query, page, perPage) {
      const result = await rpc.call<{ txs: TxJson[]; total_count: string }>("tx_search", { query, prove: false, page: String(page), per_page: String(perPage), order_by: "asc" });
      return { txs: result.txs.map(decodeTx), totalCount: Number(result.total_count) };
    },
  };
}

export function decodeTx(json: TxJson): LookedUpTx {
  const raw = TxRaw.decode(Buffer.from(json.tx, "base64"));
  const authInfo = AuthInfo.decode(raw.authInfoBytes);
  const body = TxBody.decode(raw.bodyBytes);
  return {
    hash: json.hash.toUpperCase(),
    height: Number(json.height),
    code: json.tx_result?.code ?? 0,
    fee: (authInfo.fee?.amount ?? []).map((c) => ({ denom: c.denom, amount: BigInt(c.amount) })),
    messages: body.messages.map((m) => m.typeUrl),
  };
}
