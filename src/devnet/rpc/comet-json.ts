/**
 * The devnet's chain data in CometBFT 0.38's JSON-RPC shapes, as cosmjs's Comet38Client decodes them:
 * int64 as strings, int32 (index, code) as numbers, hashes as upper-case hex, other bytes as base64.
 * Consensus details a single-validator devnet has no real value for (commit signatures, validator and
 * consensus hashes) are stable stand-ins derived from the block hash.
 */
import { createHash } from "node:crypto";
import type { AbciEvent, BlockRecord, NodeStatus, TxRecord, TxResult } from "../node-api.js";

/** cosmjs picks its Comet38Client for "0.38.*"; the provider's go.mod pins cometbft 0.38. */
export const COMET_VERSION = "0.38.17";
const BLOCK_PROTOCOL = "11";
const EMPTY_SHA256 = sha256Hex(new Uint8Array());

type Json = Record<string, unknown>;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex").toUpperCase();
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** `status` result. `height` may differ from `status.height` when the node reports lag. */
export function statusJson(status: NodeStatus, visible: BlockRecord | undefined): Json {
  return {
    node_info: {
      protocol_version: { p2p: "8", block: BLOCK_PROTOCOL, app: "0" },
      id: status.nodeId,
      listen_addr: "tcp://0.0.0.0:26656",
      network: status.chainId,
      version: COMET_VERSION,
      channels: "40202122233038606100",
      moniker: "devnet",
      other: { tx_index: "on", rpc_address: "tcp://0.0.0.0:26657" },
    },
    sync_info: {
      latest_block_hash: visible?.hash ?? status.latestBlockHash,
      latest_app_hash: visible?.appHash ?? status.latestAppHash,
      latest_block_height: String(visible?.height ?? status.height),
      latest_block_time: (visible?.time ?? status.latestBlockTime).toISOString(),
      earliest_block_height: String(status.earliestHeight),
      catching_up: false,
    },
    validator_info: {
      address: status.validatorAddress,
      pub_key: { type: "tendermint/PubKeyEd25519", value: status.validatorPubKey },
      voting_power: "10",
    },
  };
}

function blockIdJson(hash: string): Json {
  return hash ? { hash, parts: { total: 1, hash: sha256Hex(`parts:${hash}`) } } : { hash: "", parts: { total: 0, hash: "" } };
}

/** RFC 6962 merkle root over the txs' hashes, as CometBFT computes a header's data_hash. */
function dataHash(txs: readonly Uint8Array[]): string {
  const leaves = txs.map((tx) => createHash("sha256").update(tx).digest());
  const root = (items: Buffer[]): Buffer => {
    if (items.length === 1) return createHash("sha256").update(Buffer.concat([Buffer.from([0]), items[0]!])).digest();
    const split = 2 ** Math.floor(Math.log2(items.length - 1));
    return createHash("sha256")
      .update(Buffer.concat([Buffer.from([1]), root(items.slice(0, split)), root(items.slice(split))]))
      .digest();
  };
  return leaves.length === 0 ? EMPTY_SHA256 : root(leaves).toString("hex").toUpperCase();
}

function headerJson(block: BlockRecord, status: NodeStatus): Json {
  const validatorsHash = sha256Hex(`validators:${status.validatorPubKey}`);
  return {
    version: { block: BLOCK_PROTOCOL, app: "0" },
    chain_id: status.chainId,
    height: String(block.height),
    time: block.time.toISOString(),
    last_block_id: blockIdJson(block.lastBlockHash),
    last_commit_hash: block.lastBlockHash ? sha256Hex(`commit:${block.lastBlockHash}`) : EMPTY_SHA256,
    data_hash: dataHash(block.txs),
    validators_hash: validatorsHash,
    next_validators_hash: validatorsHash,
    consensus_hash: sha256Hex(`consensus:${status.chainId}`),
    app_hash: block.appHash,
    last_results_hash: EMPTY_SHA256,
    evidence_hash: EMPTY_SHA256,
    proposer_address: status.validatorAddress,
  };
}

function lastCommitJson(block: BlockRecord, status: NodeStatus): Json {
  if (!block.lastBlockHash) return { height: "0", round: 0, block_id: blockIdJson(""), signatures: [] };
  const signature = createHash("sha512").update(`signature:${block.lastBlockHash}`).digest();
  return {
    height: String(block.height - 1),
    round: 0,
    block_id: blockIdJson(block.lastBlockHash),
    // block_id_flag 2 = COMMIT: the single validator signed the previous block.
    signatures: [{ block_id_flag: 2, validator_address: status.validatorAddress, timestamp: block.time.toISOString(), signature: base64(signature) }],
  };
}

/** `block` result, and the `block` inside a NewBlock event. */
export function blockJson(block: BlockRecord, status: NodeStatus): { block_id: Json; block: Json } {
  return {
    block_id: blockIdJson(block.hash),
    block: {
      header: headerJson(block, status),
      data: { txs: block.txs.map(base64) },
      evidence: { evidence: [] },
      last_commit: lastCommitJson(block, status),
    },
  };
}

/** One `block_metas` entry of the `blockchain` result. */
export function blockMetaJson(block: BlockRecord, status: NodeStatus): Json {
  const size = block.txs.reduce((total, tx) => total + tx.length, 0);
  return { block_id: blockIdJson(block.hash), block_size: String(size), header: headerJson(block, status), num_txs: String(block.txs.length) };
}

export function eventsJson(events: readonly AbciEvent[]): Json[] {
  return events.map((event) => ({
    type: event.type,
    attributes: event.attributes.map((attribute) => ({ key: attribute.key, value: attribute.value, index: attribute.index })),
  }));
}

/** ExecTxResult (tx_result in `tx`/`tx_search`, result in Tx events, txs_results in `block_results`). */
export function txResultJson(result: TxResult): Json {
  return {
    code: result.code,
    data: result.data.length > 0 ? base64(result.data) : null,
    log: result.log,
    info: "",
    gas_wanted: result.gasWanted.toString(),
    gas_used: result.gasUsed.toString(),
    events: eventsJson(result.events),
    codespace: result.codespace,
  };
}

/** One `txs` entry of `tx_search`, and the `tx` result. */
export function txJson(tx: TxRecord): Json {
  return { hash: tx.hash, height: String(tx.height), index: tx.index, tx_result: txResultJson(tx.result), tx: base64(tx.tx) };
}

/** `block_results` result. */
export function blockResultsJson(block: BlockRecord, txs: readonly TxRecord[]): Json {
  return {
    height: String(block.height),
    txs_results: txs.length > 0 ? txs.map((tx) => txResultJson(tx.result)) : null,
    finalize_block_events: eventsJson(block.events),
    validator_updates: null,
    consensus_param_updates: null,
    app_hash: hexToBase64(block.appHash),
  };
}

/** ResponseFinalizeBlock, as `result_finalize_block` of a NewBlock event. */
export function finalizeBlockJson(block: BlockRecord, txs: readonly TxRecord[]): Json {
  return {
    events: eventsJson(block.events),
    tx_results: txs.map((tx) => txResultJson(tx.result)),
    validator_updates: null,
    consensus_param_updates: null,
    app_hash: hexToBase64(block.appHash),
  };
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
}
