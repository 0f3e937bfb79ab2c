/**
 * Staking rewards a delegator took out between two heights, from the chain's own record: the
 * `withdraw_rewards` events of its transactions, found by CometBFT's tx_search on the event's delegator
 * attribute. That catches every payout — MsgWithdrawDelegatorReward, and the automatic ones cosmos-sdk makes
 * when a delegation changes (delegate more, undelegate, redelegate) — including those sent by someone else
 * through authz. Pages of 100: the queries grow with withdrawals ÷ 100, not with blocks.
 */
import { CometRpc, CometRpcError } from "../chain/comet-rpc.js";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";

export type RewardWithdrawal = {
  height: number;
  txHash: string;
  validator: string;
  /** Paid out in the bond denomination (whole base units: the chain pays only whole coins). */
  amount: Dec;
};

type EventJson = { type: string; attributes?: { key: string; value: string }[] };
type TxSearchJson = { txs: { hash: string; height: string; tx_result?: { code?: number; events?: EventJson[] } }[]; total_count: string };

const PER_PAGE = 100;

/** Withdrawals by `delegator` in blocks fromHeight+1 … toHeight (the state at fromHeight already counts what came before). */
export async function readWithdrawals(rpc: CometRpc, delegator: string, fromHeight: number, toHeight: number, bondDenom: string): Promise<RewardWithdrawal[]> {
  if (toHeight <= fromHeight) return [];
  const query = `withdraw_rewards.delegator='${delegator}' AND tx.height>${fromHeight} AND tx.height<=${toHeight}`;
  const withdrawals: RewardWithdrawal[] = [];
  for (let page = 1; ; page++) {
    const result = await search(rpc, query, page);
    for (const tx of result.txs) {
      if ((tx.tx_result?.code ?? 0) !== 0) continue; // a failed tx paid nothing out
      for (const event of tx.tx_result?.events ?? []) {
        if (event.type !== "withdraw_rewards") continue;
        const attribute = (key: string) => event.attributes?.find((a) => a.key === key)?.value ?? "";
        // One tx can pay several delegators (authz, a multi-signer tx): only this delegator's events count.
        if (attribute("delegator") !== delegator) continue;
        withdrawals.push({ height: Number(tx.height), txHash: tx.hash.toUpperCase(), validator: attribute("validator"), amount: coinAmount(attribute("amount"), bondDenom) });
      }
    }
    if (page * PER_PAGE >= Number(result.total_count) || result.txs.length === 0) return withdrawals;
  }
}

async function search(rpc: CometRpc, query: string, page: number): Promise<TxSearchJson> {
  try {
    return await rpc.call<TxSearchJson>("tx_search", { query, prove: false, page: String(page), per_page: String(PER_PAGE), order_by: "asc" });
  } catch (error) {
    if (!(error instanceof CometRpcError)) throw error; // NodeUnreachableError already names AKASH_RPC
    throw new AkashGpuError(`The node at ${rpc.url} cannot search transactions for reward withdrawals`, {
      metaMessages: [
        "expected: a CometBFT RPC node that indexes transactions (tx_index.indexer = \"kv\")",
        `found: ${error.shortMessage}`,
        "what to do next: point AKASH_RPC / --rpc at a node that indexes transactions, or narrow the window (--since)",
      ],
      cause: error,
    });
  }
}

/** The bond-denomination part of a coins text such as "1234uakt" or "5uakt,7ibc/27394F…"; "" and "0uakt" are zero. */
export function coinAmount(coins: string, denom: string): Dec {
  let sum = Dec.zero;
  for (const coin of coins.split(",")) {
    const match = /^(\d+(?:\.\d+)?)(.+)$/.exec(coin.trim());
    if (match && match[2] === denom) sum = sum.add(Dec.parse(match[1]!));
  }
  return sum;
}
