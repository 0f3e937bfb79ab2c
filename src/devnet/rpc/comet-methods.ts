/**
 * The CometBFT RPC methods the devnet answers (those a cosmjs or chain-sdk client calls, and the block
 * explorers' basics), over a DevnetNode. Failures inside a method are JSON-RPC internal errors with
 * CometBFT's texts, as cosmjs users see them from a real node. A `lagBlocks` fault hides everything above
 * the lagging height.
 */
import type { BlockRecord, DevnetNode, TxRecord } from "../node-api.js";
import { broadcastTxAsync, broadcastTxCommit, broadcastTxSync } from "./comet-broadcast.js";
import { consensusParamsJson } from "./comet-consensus.js";
import { base64, blockJson, blockMetaJson, blockResultsJson, hexToBase64, sha256Hex, statusJson, txJson } from "./comet-json.js";
import type { RpcParams } from "./comet-params.js";
import { parseQuery, QuerySyntaxError } from "./comet-query.js";
import { visibleHeight, type RpcFaults } from "./faults.js";
import { internalError, invalidParams } from "./json-rpc.js";

export type CometMethod = (params: RpcParams, abandoned: AbortSignal) => unknown;

export type CometMethodsOptions = { broadcastTxCommitTimeoutMs: number };

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;
const MAX_BLOCKCHAIN_METAS = 20;
/** cosmos-sdk's ErrInvalidHeight (codespace "sdk", code 26). */
const INVALID_HEIGHT_CODE = 26;

export function cometMethods(node: DevnetNode, faults: RpcFaults, options: CometMethodsOptions): Record<string, CometMethod> {
  const visible = (): number => visibleHeight(node, faults);

  return {
    status: () => {
      const status = node.status();
      const height = visible();
      return statusJson(status, height === status.height ? undefined : node.block(height));
    },
    health: () => ({}),
    abci_info: () => {
      const height = visible();
      const appHash = node.block(height)?.appHash ?? node.status().latestAppHash;
      return { response: { data: "akash", last_block_height: String(height), last_block_app_hash: hexToBase64(appHash) } };
    },
    abci_query: (params) => abciQuery(node, visible(), params),
    broadcast_tx_sync: (params) => broadcastTxSync(node, params),
    broadcast_tx_async: (params) => broadcastTxAsync(node, params),
    broadcast_tx_commit: (params, abandoned) => broadcastTxCommit(node, faults, params, abandoned, options.broadcastTxCommitTimeoutMs),
    tx: (params) => {
      const hash = params.bytes("hash");
      if (hash === undefined || hash.length === 0) throw invalidParams("hash is empty");
      const hex = Buffer.from(hash).toString("hex").toUpperCase();
      const tx = node.getTx(hex);
      if (tx === undefined || tx.height > visible()) throw internalError(`tx (${hex}) not found`);
      return txJson(tx);
    },
    tx_search: (params) => txSearch(node, visible(), params),
    block: (params) => {
      const block = blockAt(node, visible(), params.int("height"));
      return blockJson(block, node.status());
    },
    blockchain: (params) => blockchain(node, visible(), params),
    block_results: (params) => {
      const block = blockAt(node, visible(), params.int("height"));
      const txs = block.txs.map((tx) => node.getTx(sha256Hex(tx))).filter((tx): tx is TxRecord => tx !== undefined);
      return blockResultsJson(block, txs);
    },
    consensus_params: (params) => consensusParamsJson(node, blockAt(node, visible(), params.int("height")).height),
  };
}

function abciQuery(node: DevnetNode, latest: number, params: RpcParams): unknown {
  const requested = params.int("height") ?? 0;
  const path = params.string("path") ?? "";
  const response =
    requested > latest
      ? { code: INVALID_HEIGHT_CODE, codespace: "sdk", log: "cannot query with height in the future; please provide a valid height: invalid height", value: new Uint8Array(), height: 0 }
      : node.query(path, params.bytes("data") ?? new Uint8Array(), requested > 0 ? requested : latest);
  return {
    response: {
      code: response.code,
      log: response.log,
      info: "",
      index: "0",
      key: null,
      value: response.value.length > 0 ? base64(response.value) : null,
      proofOps: null,
      height: String(response.height),
      codespace: response.codespace,
    },
  };
}

function txSearch(node: DevnetNode, latest: number, params: RpcParams): unknown {
  let conditions;
  try {
    conditions = parseQuery(params.string("query") ?? "");
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw internalError(error.message);
    throw error;
  }
  const orderBy = params.string("order_by") ?? "";
  if (!["", "asc", "desc"].includes(orderBy)) throw internalError("expected order_by to be either `asc` or `desc` or empty");
  const matches = node.searchTxs(conditions).filter((tx) => tx.height <= latest);
  if (orderBy === "desc") matches.reverse();

  const requestedPerPage = params.int("per_page") ?? 0;
  const perPage = requestedPerPage < 1 ? DEFAULT_PER_PAGE : Math.min(requestedPerPage, MAX_PER_PAGE);
  const pages = Math.max(1, Math.ceil(matches.length / perPage));
  const page = params.int("page") ?? 1;
  if (page < 1 || page > pages) throw internalError(`page should be within [1, ${pages}] range, given ${page}`);
  const txs = matches.slice((page - 1) * perPage, page * perPage);
  return { txs: txs.map(txJson), total_count: String(matches.length) };
}

function blockAt(node: DevnetNode, latest: number, requested: number | undefined): BlockRecord {
  const base = node.status().earliestHeight;
  const height = requested ?? latest;
  if (height <= 0) throw internalError(`height must be greater than 0, but got ${height}`);
  if (height > latest) throw internalError(`height ${height} must be less than or equal to the current blockchain height ${latest}`);
  if (height < base) throw internalError(`height ${height} is not available, lowest height is ${base}`);
  const block = node.block(height);
  if (block === undefined) throw internalError(`height ${height} is not available, lowest height is ${base}`);
  return block;
}

/** Block metas from maxHeight down, at most 20, clamped to what the node keeps (CometBFT's filterMinMax). */
function blockchain(node: DevnetNode, latest: number, params: RpcParams): unknown {
  const status = node.status();
  const base = status.earliestHeight;
  const requestedMin = params.int("minHeight") ?? 0;
  const requestedMax = params.int("maxHeight") ?? 0;
  if (requestedMin < 0 || requestedMax < 0) throw internalError("heights must be non-negative");
  const max = requestedMax === 0 ? latest : Math.min(latest, requestedMax);
  let min = requestedMin === 0 ? Math.max(base, max - MAX_BLOCKCHAIN_METAS + 1) : Math.max(base, requestedMin);
  min = Math.max(min, max - MAX_BLOCKCHAIN_METAS + 1);
  if (min > max) throw internalError(`min height ${min} can't be greater than max height ${max}`);
  const metas = [];
  for (let height = max; height >= min; height--) {
    const block = node.block(height);
    if (block !== undefined) metas.push(blockMetaJson(block, status));
  }
  return { last_height: String(latest), block_metas: metas };
}
