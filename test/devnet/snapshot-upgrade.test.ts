/** Devnet state saved before bid escrow ids followed mainnet (no bseq) still loads, upgraded. */
import { describe, expect, it } from "vitest";
import { decodeSnapshot, encodeSnapshot, type ChainSnapshot } from "../../src/devnet/chain/snapshot.js";

const OWNER = "akash1owner";
const PROVIDER = "akash1provider";

describe("a saved devnet state from an earlier build", () => {
  it("has its bid escrow accounts re-keyed without the bseq, and its pending mints given a retry count", () => {
    const old: ChainSnapshot = {
      version: 1, chainId: "akash-local-1", height: 5, time: new Date(0).toISOString(), txs: [], blocks: [],
      store: [
        [`escrow/account/bid/${OWNER}/7/1/1/${PROVIDER}/0`, { scope: "bid", xid: `${OWNER}/7/1/1/${PROVIDER}/0`, funds: "500000" }],
        [`escrow/account/deployment/${OWNER}/7`, { scope: "deployment", xid: `${OWNER}/7` }],
        ["bme/pending/000000000001", { owner: OWNER, burned: 5n }],
      ],
    };
    const restored = decodeSnapshot(encodeSnapshot(old));
    expect(restored.store).toEqual([
      [`escrow/account/bid/${OWNER}/7/1/1/${PROVIDER}`, { scope: "bid", xid: `${OWNER}/7/1/1/${PROVIDER}`, funds: "500000" }],
      [`escrow/account/deployment/${OWNER}/7`, { scope: "deployment", xid: `${OWNER}/7` }],
      ["bme/pending/000000000001", { owner: OWNER, burned: 5n, attempts: 0 }],
    ]);
  });
});
