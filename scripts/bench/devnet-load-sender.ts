/**
 * The load generator, run in a worker thread (its own event loop, on the machine's second core), so the chain's
 * event loop pays only for what a node pays. Lane i sends its account's txs in sequence order (each one after
 * the previous one's CheckTx answer, as a client must to keep an account's sequences in order); tx k of all
 * lanes is due at k / rate seconds. Nothing is sent after `windowMs`.
 */
import { Worker } from "node:worker_threads";

const SENDER = `
const { parentPort, workerData } = require("node:worker_threads");
const { rpc, lanes, rate, windowMs } = workerData;
(async () => {
  const laneCount = lanes.length;
  const t0 = performance.now();
  const startedAt = Date.now();
  const results = [];
  await Promise.all(lanes.map(async (txs, lane) => {
    for (let j = 0; j < txs.length; j++) {
      const k = j * laneCount + lane;
      const due = t0 + (k / rate) * 1000;
      const now = performance.now();
      if (Math.max(due, now) - t0 >= windowMs) break;
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
      const sentAt = performance.now();
      let code = -2, log = "";
      try {
        const response = await fetch(rpc, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: k, method: "broadcast_tx_sync", params: { tx: txs[j] } }) });
        const body = await response.json();
        if (body.result) { code = body.result.code; log = body.result.log; } else { code = -1; log = JSON.stringify(body.error); }
      } catch (error) {
        log = String(error);
      }
      results.push({ lane, j, sentAt: sentAt - t0, lateMs: sentAt - due, rttMs: performance.now() - sentAt, code, log });
    }
  }));
  parentPort.postMessage({ startedAt, elapsedMs: performance.now() - t0, results });
})();
`;

/** One tx sent: `sentAt` ms after the start, `lateMs` behind its schedule; `code` -1 for a JSON-RPC error, -2 for a failed request. */
export type SendResult = { lane: number; j: number; sentAt: number; lateMs: number; rttMs: number; code: number; log: string };
export type SenderReport = { startedAt: number; elapsedMs: number; results: SendResult[] };

/** Sends the lanes' txs (base64 TxRaw) to `rpc` from a worker thread at `rate` tx/s for `windowMs`, and reports every send. */
export async function sendLoad(options: { rpc: string; lanes: string[][]; rate: number; windowMs: number }): Promise<SenderReport> {
  const worker = new Worker(SENDER, { eval: true, workerData: options });
  const report = await new Promise<SenderReport>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  return report;
}
