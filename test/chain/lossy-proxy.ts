/**
 * An HTTP proxy in front of the devnet's RPC that loses answers: it forwards a matching request, lets the
 * node act on it, then cuts the connection before the answer reaches the client — a broadcast whose fate the
 * client cannot know. Websocket upgrades are refused, so clients fall back to polling.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type LossyProxy = { url: string; lost: string[]; close(): Promise<void> };

export async function startLossyProxy(target: string, loseAnswerTo: (method: string) => boolean, times = 1): Promise<LossyProxy> {
  const lost: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = (() => {
        try {
          return String((JSON.parse(body.toString("utf8")) as { method?: string }).method);
        } catch {
          return "";
        }
      })();
      void fetch(target, { method: req.method, headers: { "content-type": "application/json" }, body: body.length > 0 ? body : undefined }).then(
        async (upstream) => {
          const answer = Buffer.from(await upstream.arrayBuffer());
          if (lost.length < times && loseAnswerTo(method)) {
            lost.push(method);
            req.socket.destroy(); // the node has acted; the client never hears of it
            return;
          }
          res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(answer);
        },
        () => req.socket.destroy(),
      );
    });
  });
  server.on("upgrade", (_req, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
