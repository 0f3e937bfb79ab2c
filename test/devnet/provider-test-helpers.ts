/**
 * The provider gateway under test, over real HTTPS sockets: an in-memory chain view, tiny HTTP servers as
 * workloads, JWTs from chain-sdk's JwtTokenManager, and a client that pins the provider's self-signed
 * certificate to the one on chain. ProviderEnv.create() sets up one tenant with one open lease and starts a gateway.
 */
import { EventEmitter, once } from "node:events";
import { createServer, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { generateManifest, generateManifestVersion, JwtTokenManager, manifestToSortedJSON } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { toBech32 } from "@cosmjs/encoding";
import { load } from "js-yaml";
import { expect, vi } from "vitest";
import { WebSocket } from "ws";
import { leaseKey, type LeaseId, type OnChainCertificate, type OpenLease, type ProviderChainView } from "../../src/devnet/provider/chain-view.js";
import { ProviderFaults, startProviderGateway, type ProviderGateway, type StartWorkload, type Workload, type WorkloadRequest } from "../../src/devnet/provider/gateway.js";
import { decimalSerial } from "../../src/devnet/provider/tls.js";

export const PROVIDER = toBech32("akash", new Uint8Array(20).fill(7));
export const OTHER_PROVIDER = toBech32("akash", new Uint8Array(20).fill(8));
export const DSEQ = 1234n;
export const LEASE_PATH = `/lease/${DSEQ}/1/1`;
export const WAIT = { timeout: 20_000, interval: 50 };

export const SDL = `
version: "2.0"
services:
  vllm:
    image: vllm/vllm-openai:v0.6.2
    expose:
      - port: 8000
        as: 8000
        to:
          - global: true
profiles:
  compute:
    vllm:
      resources:
        cpu: { units: 1 }
        memory: { size: 1Gi }
        storage: { size: 1Gi }
  placement:
    dcloud:
      pricing:
        vllm: { denom: uact, amount: 1000 }
deployment:
  vllm:
    dcloud:
      profile: vllm
      count: 2
`;

export type Manifest = { body: string; hash: Uint8Array };

export async function manifestFor(sdlText: string): Promise<Manifest> {
  const generated = generateManifest(load(sdlText) as Parameters<typeof generateManifest>[0], "mainnet");
  if (!generated.ok) throw new Error(JSON.stringify(generated.value));
  return { body: manifestToSortedJSON(generated.value.groups), hash: await generateManifestVersion(generated.value.groups) };
}

/** An open lease of the SDL's one group, created now. */
export const openLease = (id: LeaseId): OpenLease => ({ id, groupName: "dcloud", createdAt: new Date() });

/** The chain as the gateway sees it, kept in memory. */
export class FakeChain implements ProviderChainView {
  readonly pubKeys = new Map<string, Uint8Array>();
  readonly hashes = new Map<string, Uint8Array>();
  readonly certificates = new Map<string, OnChainCertificate>();
  readonly closed: { id: LeaseId; reason: string }[] = [];
  leases: OpenLease[] = [];

  accountPubKey = (address: string) => this.pubKeys.get(address);
  deploymentHash = (owner: string, dseq: bigint) => this.hashes.get(`${owner}/${dseq}`);
  openLeases = (provider: string) => this.leases.filter((lease) => lease.id.provider === provider);
  certificate = (owner: string, serial: string) => this.certificates.get(`${owner}/${serial}`);
  closeLease = (id: LeaseId, reason: string) => {
    this.closed.push({ id, reason });
    this.leases = this.leases.filter((lease) => leaseKey(lease.id) !== leaseKey(id));
  };
  registerCertificate(owner: string, pem: { cert: string; publicKey: string }): void {
    this.certificates.set(`${owner}/${decimalSerial(new X509Certificate(pem.cert))}`, { cert: pem.cert, pubkey: pem.publicKey, state: "valid" });
  }
}

export type FakeWorkload = Workload & { request: WorkloadRequest; log(line: string): void; stopped: boolean };
export type FakeWorkloads = { startWorkload: StartWorkload; started: FakeWorkload[] };

/** Workloads are tiny HTTP servers answering /health (503 when told never to be ready). */
export function fakeWorkloads(): FakeWorkloads {
  const started: FakeWorkload[] = [];
  const startWorkload: StartWorkload = async (request) => {
    const server: Server = createServer((req, res) => res.writeHead(req.url === "/health" && request.neverReady ? 503 : 200).end("ok"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as { port: number }).port;
    const lines: string[] = [];
    const logs = new EventEmitter<{ line: [string] }>();
    const halt = async (): Promise<void> => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    const workload: FakeWorkload = {
      request,
      port,
      stopped: false,
      ready: () => server.listening && !request.neverReady,
      getLogs: (tail) => (tail === undefined ? [...lines] : lines.slice(lines.length - Math.min(tail, lines.length))),
      logs,
      log: (line) => {
        lines.push(line);
        logs.emit("line", line);
      },
      stop: async () => {
        workload.stopped = true;
        await halt();
      },
      crash: halt,
    };
    workload.log(`INFO: serving ${request.service.image} on port ${port}`);
    started.push(workload);
    return workload;
  };
  return { startWorkload, started };
}

/** A TLS connection to the provider, trusted only if its certificate is the provider's certificate on chain. */
async function pinnedConnection(hostUri: string, chain: FakeChain, clientCert?: { cert: string; key: string }): Promise<TLSSocket> {
  const { hostname, port } = new URL(hostUri);
  // Self-signed: the CA check cannot pass, so it is off, and the pin below is the whole trust decision.
  const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false, ...clientCert });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", resolve);
    socket.once("error", reject);
  });
  const presented = socket.getPeerX509Certificate();
  const onChain = presented && chain.certificate(PROVIDER, decimalSerial(presented));
  if (presented === undefined || onChain?.state !== "valid" || new X509Certificate(onChain.cert).fingerprint256 !== presented.fingerprint256) {
    socket.destroy();
    throw new Error("provider certificate is not the one on chain");
  }
  return socket;
}

export interface Response {
  status: number;
  body: string;
  json: () => unknown;
}

export type CallOptions = { token?: string; body?: string; clientCert?: { cert: string; key: string }; headers?: Record<string, string> };

async function call(gateway: ProviderGateway, chain: FakeChain, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const socket = await pinnedConnection(gateway.hostUri, chain, options.clientCert);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ method, path, headers, createConnection: () => socket }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        socket.destroy();
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) as unknown });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

export interface Stream {
  ws: WebSocket;
  /** Parsed frames received so far. */
  frames: unknown[];
  /** The close code, or the HTTP status if the upgrade was refused. */
  ended: Promise<{ closeCode: number } | { httpStatus: number }>;
}

function openStream(gateway: ProviderGateway, chain: FakeChain, path: string, token?: string): Promise<Stream> {
  return pinnedConnection(gateway.hostUri, chain).then((socket) => {
    const headers = token === undefined ? {} : { Authorization: `Bearer ${token}` };
    const ws = new WebSocket(`${gateway.hostUri.replace("https", "wss")}${path}`, { headers, createConnection: () => socket });
    const frames: unknown[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(String(data))));
    const ended = new Promise<{ closeCode: number } | { httpStatus: number }>((resolve) => {
      ws.once("close", (closeCode) => resolve({ closeCode }));
      ws.once("unexpected-response", (_req, res) => resolve({ httpStatus: res.statusCode ?? 0 }));
    });
    return { ws, frames, ended };
  });
}

/** One tenant (a fresh wallet, its key on chain) with the SDL's deployment and its lease with PROVIDER, and the gateway. */
export class ProviderEnv {
  readonly chain = new FakeChain();
  readonly workloads = fakeWorkloads();
  readonly faults = new ProviderFaults();
  /** The running gateway; startGateway() replaces it. */
  gateway!: ProviderGateway;

  private constructor(
    readonly owner: string,
    readonly jwt: JwtTokenManager,
    readonly manifest: Manifest,
  ) {}

  /** Without manifestTimeoutMs the gateway's default (provider-services') applies. */
  static async create(options: { manifestTimeoutMs?: number } = {}): Promise<ProviderEnv> {
    const wallet = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [account] = await wallet.getAccounts();
    if (account === undefined) throw new Error("wallet has no account");
    const env = new ProviderEnv(account.address, new JwtTokenManager(wallet), await manifestFor(SDL));
    env.chain.pubKeys.set(env.owner, account.pubkey);
    env.chain.hashes.set(`${env.owner}/${DSEQ}`, env.manifest.hash);
    env.chain.leases = [openLease(env.lease())];
    await env.startGateway(options.manifestTimeoutMs);
    return env;
  }

  /** The tenant's lease of DSEQ/1/1 with PROVIDER. */
  lease(): LeaseId {
    return { owner: this.owner, dseq: DSEQ, gseq: 1, oseq: 1, provider: PROVIDER };
  }

  /** Starts a gateway on this chain (close the running one first) and registers its certificate on chain. */
  async startGateway(manifestTimeoutMs?: number): Promise<void> {
    this.gateway = await startProviderGateway({ providerAddress: PROVIDER, chainView: this.chain, startWorkload: this.workloads.startWorkload, host: "127.0.0.1", port: 0, manifestTimeoutMs, faults: this.faults });
    this.chain.registerCertificate(PROVIDER, { cert: this.gateway.certificate.certPem, publicKey: this.gateway.certificate.publicKeyPem });
  }

  /** An HTTPS request to the running gateway over a pinned connection. */
  call(method: string, path: string, options?: CallOptions): Promise<Response> {
    return call(this.gateway, this.chain, method, path, options);
  }

  /** A WebSocket to the running gateway over a pinned connection. */
  openStream(path: string, token?: string): Promise<Stream> {
    return openStream(this.gateway, this.chain, path, token);
  }

  /** Frames of a stream route, once `until` holds. */
  async streamFrames(path: string, token: string, until: (frames: unknown[]) => boolean): Promise<Stream> {
    const stream = await this.openStream(path, token);
    await vi.waitFor(() => expect(until(stream.frames)).toBe(true), WAIT);
    return stream;
  }
}
