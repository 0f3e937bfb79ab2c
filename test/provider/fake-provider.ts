/**
 * A bare TLS server standing in for a provider gateway (or for someone pretending to be one): it records every
 * byte each connection sends and answers HTTP requests with what the test's handler says. Being raw TLS, it sees
 * exactly what reached it — nothing is parsed away.
 */
import { X509Certificate } from "node:crypto";
import { once } from "node:events";
import type { Socket } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { certificateManager } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { DEVNET_MNEMONIC } from "../../src/devnet/chain/genesis.js";

export type FakeRequest = { method: string; path: string; headers: Record<string, string>; body: string; clientCertificate: X509Certificate | undefined };
export type FakeReply = { status: number; body: string; contentType?: string };

export interface FakeProvider {
  hostUri: string;
  /** The certificate the server presents. */
  certPem: string;
  /** Everything each TLS connection sent after its handshake, in order of connection. */
  connections: Buffer[][];
  /** TCP connections accepted, and whether each has closed: evidence that a client came (and went). */
  tcp: { closed: boolean }[];
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A self-signed certificate as a provider (or an impostor copying its subject) makes one: CN = the address. */
export const providerIdentity = (address: string) => certificateManager.generatePEM(address);

export async function startFakeProvider(address: string, handler: (request: FakeRequest) => FakeReply = () => ({ status: 200, body: "{}" })): Promise<FakeProvider> {
  const identity = await providerIdentity(address);
  const connections: Buffer[][] = [];
  const requests: FakeRequest[] = [];
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({ cert: identity.cert, key: identity.privateKey, requestCert: true, rejectUnauthorized: false, minVersion: "TLSv1.3" }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const chunks: Buffer[] = [];
    connections.push(chunks);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const request = parseRequest(Buffer.concat(chunks), socket);
      if (request === undefined) return;
      requests.push(request);
      const reply = handler(request);
      const body = Buffer.from(reply.body);
      socket.end(`HTTP/1.1 ${reply.status} X\r\nContent-Type: ${reply.contentType ?? "application/json"}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${reply.body}`);
    });
  });
  const tcp: { closed: boolean }[] = [];
  server.on("connection", (socket: Socket) => {
    const entry = { closed: false };
    tcp.push(entry);
    socket.once("close", () => (entry.closed = true));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    hostUri: `https://127.0.0.1:${port}`,
    certPem: identity.cert,
    connections,
    tcp,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A complete HTTP/1.1 request (head + Content-Length body), or undefined while more bytes are due. */
function parseRequest(bytes: Buffer, socket: TLSSocket): FakeRequest | undefined {
  const text = bytes.toString("utf8");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [requestLine = "", ...headerLines] = text.slice(0, end).split("\r\n");
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  const body = text.slice(end + 4);
  if (body.length < Number(headers["content-length"] ?? 0)) return undefined;
  const [method = "", path = ""] = requestLine.split(" ");
  return { method, path, headers, body, clientCertificate: socket.getPeerX509Certificate() };
}

/** The devnet user's address (the tenant in these tests). */
export async function devnetOwner(): Promise<string> {
  const [account] = await (await Secp256k1HdWallet.fromMnemonic(DEVNET_MNEMONIC, { prefix: "akash" })).getAccounts();
  return account!.address;
}

/** The claims of a bearer JWT, decoded without verifying (the tests check what the client put in it). */
export function jwtClaims(authorization: string | undefined): Record<string, unknown> {
  const token = (authorization ?? "").replace(/^Bearer /, "");
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Matches anything shaped like a JWT. */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
