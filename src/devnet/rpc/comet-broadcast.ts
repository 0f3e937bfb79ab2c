/** broadcast_tx_sync / _async / _commit: CheckTx into the node's mempool, and for _commit, waiting for the block. */
import type { CheckTxResult, DevnetNode, TxRecord } from "../node-api.js";
import { sha256Hex, txResultJson } from "./comet-json.js";
import type { RpcParams } from "./comet-params.js";
import { visibleHeight, type RpcFaults } from "./faults.js";
import { internalError, invalidParams } from "./json-rpc.js";

/** CometBFT's default `timeout_broadcast_tx_commit`. */
export const DEFAULT_BROADCAST_TX_COMMIT_TIMEOUT_MS = 10_000;

type Json = Record<string, unknown>;

export function txParam(params: RpcParams): Uint8Array {
  const tx = params.bytes("tx");
  if (tx === undefined || tx.length === 0) throw invalidParams("tx is empty");
  return tx;
}

function checkTxJson(result: CheckTxResult): Json {
  return {
    code: result.code,
    data: null,
    log: result.log,
    info: "",
    gas_wanted: result.gasWanted.toString(),
    gas_used: result.gasUsed.toString(),
    events: [],
    codespace: result.codespace,
  };
}

export function broadcastTxSync(node: DevnetNode, params: RpcParams): Json {
  const result = node.checkTx(txParam(params));
  return { code: result.code, data: "", log: result.log, codespace: result.codespace, hash: result.hash };
}

/** The async flavour answers before CheckTx's verdict is known, so the caller only learns the hash. */
export function broadcastTxAsync(node: DevnetNode, params: RpcParams): Json {
  const tx = txParam(params);
  node.checkTx(tx);
  return { code: 0, data: "", log: "", codespace: "", hash: sha256Hex(tx) };
}

export async function broadcastTxCommit(
  node: DevnetNode,
  faults: RpcFaults,
  params: RpcParams,
  abandoned: AbortSignal,
  timeoutMs: number,
): Promise<Json> {
  const check = node.checkTx(txParam(params));
  if (check.code !== 0) {
    return { check_tx: checkTxJson(check), tx_result: { code: 0, data: null, log: "", info: "", gas_wanted: "0", gas_used: "0", events: [], codespace: "" }, hash: check.hash, height: "0" };
  }
  const committed = await waitForVisibleTx(node, faults, check.hash, abandoned, timeoutMs);
  return { check_tx: checkTxJson(check), tx_result: txResultJson(committed.result), hash: committed.hash, height: String(committed.height) };
}

/** Resolves once the tx is in a block this node admits to (a lagging node learns of it later). */
function waitForVisibleTx(node: DevnetNode, faults: RpcFaults, hash: string, abandoned: AbortSignal, timeoutMs: number): Promise<TxRecord> {
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const tx = node.getTx(hash);
      if (tx !== undefined && tx.height <= visibleHeight(node, faults)) finish(() => resolve(tx));
    };
    const timer = setTimeout(() => finish(() => reject(internalError("timed out waiting for tx to be included in a block"))), timeoutMs);
    const onAbandoned = (): void => finish(() => reject(internalError("the request was cancelled")));
    function finish(settle: () => void): void {
      clearTimeout(timer);
      node.off("block", look);
      node.off("tx", look);
      abandoned.removeEventListener("abort", onAbandoned);
      settle();
    }
    node.on("block", look);
    node.on("tx", look);
    abandoned.addEventListener("abort", onAbandoned, { once: true });
    if (abandoned.aborted) onAbandoned();
    else look();
  });
}
