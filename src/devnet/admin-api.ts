/**
 * The devnet's control API on loopback: switch faults at run time and trigger provider actions.
 *   GET  /faults                       current faults of the RPC node and of every provider
 *   PUT  /faults/rpc                   {"unavailable"|"timeout": bool, "lagBlocks": n, "forMs": n}
 *   PUT  /faults/providers/<name>      {"down", "neverBids", "manifestErrors", "manifestAlways500", "workloadNeverReady", "workloadDiesAfterMs", "impostorCertificate"}
 *   POST /providers/<name>/reclaim     {"owner", "dseq", "gseq", "oseq", "deadlineSeconds"}: the provider starts reclaiming a lease
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { DevnetChain } from "./chain/chain.js";
import { allLeases, startReclaim } from "./chain/modules/market.js";
import type { ProviderFaults } from "./provider/faults.js";
import type { RpcFaults } from "./rpc/faults.js";

export type AdminProvider = { name: string; owner: string; gateway: ProviderFaults; bidding: { neverBids: boolean } };

const MAX_BODY = 64 * 1024;

export async function startAdminApi(options: { chain: DevnetChain; rpcFaults: RpcFaults; providers: AdminProvider[]; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const { chain, rpcFaults, providers } = options;
  const find = (name: string) => providers.find((p) => p.name === name || p.owner === name);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.split("/").filter(Boolean);
    const body = req.method === "GET" ? {} : await readJson(req);
    if (req.method === "GET" && path[0] === "faults") {
      return reply(res, 200, {
        rpc: rpcState(rpcFaults),
        providers: Object.fromEntries(providers.map((p) => [p.name, { down: p.gateway.down, neverBids: p.bidding.neverBids, manifestErrors: p.gateway.manifestErrors, manifestAlways500: p.gateway.manifestAlways500, workloadNeverReady: p.gateway.workloadNeverReady, workloadDiesAfterMs: p.gateway.workloadDiesAfterMs ?? null, impostorCertificate: p.gateway.impostorCertificate }])),
      });
    }
    if (req.method === "PUT" && path[0] === "faults" && path[1] === "rpc") {
      const forMs = typeof body.forMs === "number" ? body.forMs : undefined;
      rpcFaults.set({ ...pick(body, ["unavailable", "timeout", "lagBlocks"]), ...(forMs ? { until: new Date(Date.now() + forMs) } : {}) });
      return reply(res, 200, rpcState(rpcFaults));
    }
    if (req.method === "PUT" && path[0] === "faults" && path[1] === "providers" && path[2]) {
      const provider = find(path[2]);
      if (!provider) return reply(res, 404, { error: `no provider ${path[2]}` });
      if (typeof body.neverBids === "boolean") provider.bidding.neverBids = body.neverBids;
      Object.assign(provider.gateway, pick(body, ["down", "manifestErrors", "manifestAlways500", "workloadNeverReady", "workloadDiesAfterMs", "impostorCertificate"]));
      return reply(res, 200, { ok: true });
    }
    if (req.method === "POST" && path[0] === "providers" && path[2] === "reclaim") {
      const provider = find(path[1] ?? "");
      if (!provider) return reply(res, 404, { error: `no provider ${path[1]}` });
      const lease = allLeases(chain).find((l) => l.provider === provider.owner && l.owner === body.owner && String(l.dseq) === String(body.dseq) && l.gseq === Number(body.gseq ?? 1) && l.oseq === Number(body.oseq ?? 1) && l.state === "active");
      if (!lease) return reply(res, 404, { error: "no such active lease with this provider" });
      const deadline = Math.floor(Date.now() / 1000) + Number(body.deadlineSeconds ?? 3600);
      await chain.enqueue((ctx) => startReclaim(ctx, lease, deadline));
      return reply(res, 200, { state: "reclaiming", deadline });
    }
    return reply(res, 404, { error: "unknown admin route" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 400, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const rpcState = (faults: RpcFaults) => ({ unavailable: faults.isUnavailable(), timeout: faults.isTimingOut(), lagBlocks: faults.lagBlocks() });

function pick(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("expected a JSON object");
  return parsed as Record<string, unknown>;
}
