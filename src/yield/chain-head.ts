/** The chain's latest block and its block time, over CometBFT RPC: the height every yield figure is read at. */
import type { CometRpc } from "../chain/comet-rpc.js";
import { measureBlockTime, type MeasuredBlockTime } from "../chain/block-time.js";
import type { ChainHead } from "./cutover.js";

export async function readChainHead(rpc: CometRpc): Promise<ChainHead> {
  const status = await rpc.call<{ sync_info: { latest_block_height: string; latest_block_time: string } }>("status");
  return { height: Number(status.sync_info.latest_block_height), time: new Date(status.sync_info.latest_block_time) };
}

/** The mean block interval of the last 50 blocks; `fallbackMs` when the chain is too young or headers are missing. */
export function readBlockTime(rpc: CometRpc, head: ChainHead, fallbackMs: number): Promise<MeasuredBlockTime> {
  return measureBlockTime(
    {
      height: async () => head.height,
      blockTime: async (height) => {
        const block = await rpc.call<{ block: { header: { time: string } } }>("block", { height: String(height) });
        return new Date(block.block.header.time);
      },
    },
    fallbackMs,
  );
}
