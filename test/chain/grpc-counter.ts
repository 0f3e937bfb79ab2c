/**
 * An h2c proxy in front of the devnet's gRPC endpoint that counts calls per method path, so tests can tell
 * how many queries a listing made. It forwards headers, body and trailers unchanged.
 */
import { connect, createServer, type Http2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http2";
import type { AddressInfo } from "node:net";

export type GrpcCounter = { url: string; calls: Map<string, number>; count(method: string): number; reset(): void; close(): Promise<void> };

const HOP_HEADERS = new Set([":status", ":method", ":path", ":scheme", ":authority", "connection"]);
const forwardable = (headers: IncomingHttpHeaders): OutgoingHttpHeaders => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_HEADERS.has(k)));

export async function startGrpcCounter(upstreamUrl: string): Promise<GrpcCounter> {
  const upstream = connect(upstreamUrl);
  upstream.on("error", () => undefined);
  const calls = new Map<string, number>();
  const sessions = new Set<Http2Session>();
  const server = createServer();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const path = String(headers[":path"]);
    calls.set(path, (calls.get(path) ?? 0) + 1);
    const out = upstream.request({ ...forwardable(headers), ":method": "POST", ":path": path });
    let trailers: OutgoingHttpHeaders = {};
    out.on("trailers", (t) => (trailers = forwardable(t)));
    out.on("response", (h) => {
      const trailersOnly = h["grpc-status"] !== undefined;
      stream.respond({ ...forwardable(h), ":status": Number(h[":status"]) }, trailersOnly ? { endStream: true } : { waitForTrailers: true });
      if (!trailersOnly) stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    });
    out.on("data", (chunk: Buffer) => stream.write(chunk));
    out.on("end", () => stream.end());
    out.on("error", () => stream.close());
    stream.on("data", (chunk: Buffer) => out.write(chunk));
    stream.on("end", () => out.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    count: (method) => [...calls].filter(([path]) => path.endsWith(`/${method}`)).reduce((sum, [, n]) => sum + n, 0),
    reset: () => calls.clear(),
    close: async () => {
      for (const session of sessions) session.close();
      upstream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
