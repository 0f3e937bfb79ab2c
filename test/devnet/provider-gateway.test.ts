/**
 * The simulated provider gateway over real HTTPS sockets: an in-memory chain view, tiny HTTP servers as
 * workloads, JWTs from chain-sdk's JwtTokenManager, client certificates from chain-sdk's certificateManager,
 * and a client that pins the provider's self-signed certificate to the one on chain.
 */
import { EventEmitter, once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { certificateManager, generateManifest, generateManifestVersion, JwtTokenManager, manifestToSortedJSON } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { toBech32 } from "@cosmjs/encoding";
import { load } from "js-yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { leaseKey, type LeaseId, type OnChainCertificate, type OpenLease, type ProviderChainView } from "../../src/devnet/provider/chain-view.js";
import { ProviderFaults, startProviderGateway, type ProviderGateway, type StartWorkload, type Workload, type WorkloadRequest } from "../../src/devnet/provider/gateway.js";
import { decimalSerial } from "../../src/devnet/provider/tls.js";

const PROVIDER = toBech32("akash", new Uint8Array(20).fill(7));
const OTHER_PROVIDER = toBech32("akash", new Uint8Array(20).fill(8));
const DSEQ = 1234n;
const WAIT = { timeout: 20_000, interval: 50 };

const SDL = `
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

/** The chain as the gateway sees it, kept in memory. */
class FakeChain implements ProviderChainView {
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

type FakeWorkload = Workload & { request: WorkloadRequest; log(line: string): void; stopped: boolean };

/** Workloads are tiny HTTP servers answering /health (503 when told never to be ready). */
function fakeWorkloads(): { startWorkload: StartWorkload; started: FakeWorkload[] } {
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

interface Response {
  status: number;
  body: string;
  json: () => unknown;
}

async function call(
  gateway: ProviderGateway,
  chain: FakeChain,
  method: string,
  path: string,
  options: { token?: string; body?: string; clientCert?: { cert: string; key: string }; headers?: Record<string, string> } = {},
): Promise<Response> {
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

interface Stream {
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

/** Frames of a stream route, once `until` holds. */
async function streamFrames(gateway: ProviderGateway, chain: FakeChain, path: string, token: string, until: (frames: unknown[]) => boolean): Promise<Stream> {
  const stream = await openStream(gateway, chain, path, token);
  await vi.waitFor(() => expect(until(stream.frames)).toBe(true), WAIT);
  return stream;
}

async function manifestFor(sdlText: string): Promise<{ body: string; hash: Uint8Array }> {
  const generated = generateManifest(load(sdlText) as Parameters<typeof generateManifest>[0], "mainnet");
  if (!generated.ok) throw new Error(JSON.stringify(generated.value));
  return { body: manifestToSortedJSON(generated.value.groups), hash: await generateManifestVersion(generated.value.groups) };
}

function httpGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

describe("provider gateway", () => {
  let chain: FakeChain;
  let workloads: ReturnType<typeof fakeWorkloads>;
  let gateway: ProviderGateway;
  let faults: ProviderFaults;
  let wallet: Secp256k1HdWallet;
  let owner: string;
  let jwt: JwtTokenManager;
  let manifest: { body: string; hash: Uint8Array };
  const lease = (): LeaseId => ({ owner, dseq: DSEQ, gseq: 1, oseq: 1, provider: PROVIDER });
  const leasePath = `/lease/${DSEQ}/1/1`;

  async function start(manifestTimeoutMs = 60_000): Promise<void> {
    gateway = await startProviderGateway({ providerAddress: PROVIDER, chainView: chain, startWorkload: workloads.startWorkload, host: "127.0.0.1", port: 0, manifestTimeoutMs, faults });
    chain.registerCertificate(PROVIDER, { cert: gateway.certificate.certPem, publicKey: gateway.certificate.publicKeyPem });
  }

  beforeEach(async () => {
    chain = new FakeChain();
    workloads = fakeWorkloads();
    faults = new ProviderFaults();
    wallet = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [account] = await wallet.getAccounts();
    if (account === undefined) throw new Error("wallet has no account");
    owner = account.address;
    chain.pubKeys.set(owner, account.pubkey);
    jwt = new JwtTokenManager(wallet);
    manifest = await manifestFor(SDL);
    chain.hashes.set(`${owner}/${DSEQ}`, manifest.hash);
    chain.leases = [{ id: lease(), groupName: "dcloud", createdAt: new Date() }];
    await start();
  });

  afterEach(async () => {
    vi.useRealTimers();
    await gateway.close();
  });

  it("serves the public routes over TLS with the certificate registered on chain", async () => {
    expect((await call(gateway, chain, "GET", "/address")).json()).toEqual({ address: PROVIDER });
    expect((await call(gateway, chain, "GET", "/version")).json()).toMatchObject({ akash: { name: "provider-services" }, kube: { gitVersion: expect.any(String) } });
    expect((await call(gateway, chain, "GET", "/status")).json()).toMatchObject({
      cluster: { leases: 0, inventory: { available: { nodes: [expect.objectContaining({ cpu: expect.any(Number) })] } } },
      bidengine: { orders: 0 },
      manifest: { deployments: 1 },
      address: PROVIDER,
    });
    expect((await call(gateway, chain, "GET", "/nope")).status).toBe(404);

    // The pin is what makes this connection trustworthy: without the on-chain certificate the client refuses.
    chain.certificates.clear();
    await expect(call(gateway, chain, "GET", "/status")).rejects.toThrow("not the one on chain");
  });

  it("accepts a manifest with a chain-sdk JWT, runs one workload per replica and reports them", async () => {
    const token = await jwt.generateToken({ version: "v1", iss: owner });
    expect((await call(gateway, chain, "GET", `${leasePath}/status`, { token })).status).toBe(404);

    const put = await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body });
    expect(put).toMatchObject({ status: 200, body: "" });
    expect(workloads.started.map((w) => w.request.service.name)).toEqual(["vllm", "vllm"]);

    const status = (await call(gateway, chain, "GET", `${leasePath}/status`, { token })).json();
    const ports = workloads.started.map((w) => w.port);
    expect(status).toEqual({
      services: {
        vllm: { name: "vllm", available: 2, total: 2, uris: null, observed_generation: 1, replicas: 2, updated_replicas: 2, ready_replicas: 2, available_replicas: 2 },
      },
      forwarded_ports: { vllm: expect.arrayContaining(ports.map((externalPort) => ({ host: "127.0.0.1", port: 8000, externalPort, proto: "TCP", name: "vllm" }))) },
      ips: null,
    });
    expect((status as { forwarded_ports: { vllm: unknown[] } }).forwarded_ports.vllm).toHaveLength(2);
    expect(await httpGet(ports[0] ?? 0, "/health")).toBe(200);
    expect((await call(gateway, chain, "GET", `${leasePath}/service/vllm/status`, { token })).json()).toMatchObject({ name: "vllm", available: 2 });
    expect((await call(gateway, chain, "GET", "/status")).json()).toMatchObject({ cluster: { leases: 1, inventory: { active: [{ cpu: 2000 }] } } });

    // Re-sending the same manifest changes nothing.
    expect((await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body })).status).toBe(200);
    expect(workloads.started).toHaveLength(2);
  });

  it("answers auth failures the way provider-services does", async () => {
    const put = (token?: string, headers?: Record<string, string>) => call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, headers, body: manifest.body });
    const jsonError = (r: Response) => ({ status: r.status, body: r.json() });

    expect(jsonError(await put())).toEqual({ status: 401, body: { message: "unauthorized access" } });
    expect(jsonError(await put(undefined, { Authorization: "Token abc" }))).toEqual({ status: 400, body: { message: "invalid authorization header" } });

    // Scoped to this provider and this deployment: fine. Scoped to another provider: not authorised here.
    const mine = await jwt.generateToken({
      version: "v1",
      iss: owner,
      leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ dseq: Number(DSEQ), scope: ["send-manifest"], services: ["vllm"] }] }] },
    });
    expect((await put(mine)).status).toBe(200);
    const elsewhere = await jwt.generateToken({ version: "v1", iss: owner, leases: { access: "granular", permissions: [{ provider: OTHER_PROVIDER, access: "full" }] } });
    expect(jsonError(await put(elsewhere))).toEqual({ status: 401, body: { message: "unauthorized access" } });
    const statusOnly = await jwt.generateToken({ version: "v1", iss: owner, leases: { access: "scoped", scope: ["status"] } });
    expect(jsonError(await put(statusOnly))).toEqual({ status: 401, body: { message: "unauthorized access" } });

    // Signed by another account: the signature does not match the issuer's on-chain key.
    const stranger = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [strangerAccount] = await stranger.getAccounts();
    chain.pubKeys.set(strangerAccount?.address ?? "", strangerAccount?.pubkey ?? new Uint8Array());
    const strangerToken = await new JwtTokenManager(stranger).generateToken({ version: "v1", iss: strangerAccount?.address ?? "" });
    const [header, payload] = (await jwt.generateToken({ version: "v1", iss: owner })).split(".");
    const forged = `${header}.${payload}.${strangerToken.split(".")[2]}`;
    expect(jsonError(await put(forged))).toEqual({ status: 401, body: { message: "JWT is invalid" } });

    // Expired: 400, because golang-jwt reports expiry as invalid claims.
    const shortLived = await jwt.generateToken({ version: "v1", iss: owner, exp: Math.floor(Date.now() / 1000) + 60 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(jsonError(await put(shortLived))).toEqual({ status: 400, body: { message: "JWT has invalid claims" } });
  });

  it("refuses manifests without a lease (404) or with another hash (422)", async () => {
    const token = await jwt.generateToken({ version: "v1", iss: owner });
    const noLease = await call(gateway, chain, "PUT", `/deployment/${DSEQ + 1n}/manifest`, { token, body: manifest.body });
    expect(noLease).toMatchObject({ status: 404, body: "no lease for deployment\n" });

    const other = await manifestFor(SDL.replace("count: 2", "count: 1"));
    const wrongHash = await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: other.body });
    expect(wrongHash).toMatchObject({ status: 422, body: "manifest version validation failed\n" });
    expect((await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: "{" })).status).toBe(422);
    expect(workloads.started).toHaveLength(0);
  });

  it("streams logs and kube events over WebSockets", async () => {
    const token = await jwt.generateToken({ version: "v1", iss: owner });
    // Upgrades are authorised like any request; a lease without a manifest closes the stream with 4001.
    expect(await (await openStream(gateway, chain, `${leasePath}/logs`)).ended).toEqual({ httpStatus: 401 });
    expect(await (await openStream(gateway, chain, `${leasePath}/logs`, token)).ended).toEqual({ closeCode: 4001 });
    await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body });

    const history = await openStream(gateway, chain, `${leasePath}/logs?tail=1`, token);
    expect(await history.ended).toEqual({ closeCode: 1000 });
    expect(history.frames).toHaveLength(2);

    const logs = await streamFrames(gateway, chain, `${leasePath}/logs?follow=true&tail=10&service=vllm`, token, (frames) => frames.length >= 2);
    workloads.started[0]?.log("INFO: model loaded");
    await vi.waitFor(() => expect(logs.frames).toContainEqual({ name: expect.stringMatching(/^vllm-/), message: "INFO: model loaded" }), WAIT);
    expect(logs.frames[0]).toEqual({ name: expect.stringMatching(/^vllm-[a-z0-9]{10}-[a-z0-9]{5}$/), message: expect.stringContaining("serving vllm/vllm-openai") });
    logs.ws.close();

    const events = await streamFrames(gateway, chain, `${leasePath}/kubeevents?follow=true`, token, (frames) => frames.length >= 10);
    const reasonsByPod = new Map<string, string[]>();
    for (const event of events.frames as { reason: string; object: { name: string } }[]) {
      reasonsByPod.set(event.object.name, [...(reasonsByPod.get(event.object.name) ?? []), event.reason]);
    }
    expect([...reasonsByPod.values()]).toEqual([0, 1].map(() => ["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
    expect(events.frames[0]).toMatchObject({ type: "Normal", reportingController: "default-scheduler", object: { kind: "Pod", namespace: expect.stringMatching(/^[0-9a-v]{45}$/) } });
    events.ws.close();
  });

  it("closes a lease that got no manifest in time, and stops workloads of leases closed on chain", async () => {
    await gateway.close();
    chain.leases = [];
    await start(200);
    // The gateway learns of this lease from the upload itself, and disarms its deadline in the same step.
    chain.leases = [{ id: lease(), groupName: "dcloud", createdAt: new Date() }];
    const token = await jwt.generateToken({ version: "v1", iss: owner });
    expect((await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body })).status).toBe(200);
    const late: LeaseId = { ...lease(), dseq: DSEQ + 1n };
    chain.leases.push({ id: late, groupName: "dcloud", createdAt: new Date() });
    gateway.sync();

    await vi.waitFor(() => expect(chain.closed).toEqual([{ id: late, reason: "manifest_timeout" }]), WAIT);
    expect(chain.openLeases(PROVIDER).map((open) => open.id)).toEqual([lease()]);

    // The tenant's lease ends on chain (e.g. insufficient funds): at the next block the provider stops its pods.
    chain.leases = [];
    gateway.sync();
    await vi.waitFor(() => expect(workloads.started.every((w) => w.stopped)).toBe(true), WAIT);
    expect((await call(gateway, chain, "GET", `${leasePath}/status`, { token })).status).toBe(404);
  });

  it("authenticates an on-chain client certificate and refuses an unregistered one", async () => {
    const registered = await certificateManager.generatePEM(owner);
    chain.registerCertificate(owner, registered);
    const clientCert = { cert: registered.cert, key: registered.privateKey };
    expect((await call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { clientCert, body: manifest.body })).status).toBe(200);
    expect((await call(gateway, chain, "GET", `${leasePath}/status`, { clientCert })).json()).toMatchObject({ services: { vllm: { total: 2 } } });

    const token = await jwt.generateToken({ version: "v1", iss: owner });
    const both = await call(gateway, chain, "GET", `${leasePath}/status`, { clientCert, token });
    expect({ status: both.status, body: both.json() }).toEqual({ status: 400, body: { message: "auth: ambiguous authentication. may not use mTLS and JWT at the same time" } });

    const unregistered = await certificateManager.generatePEM(owner);
    await expect(call(gateway, chain, "GET", "/status", { clientCert: { cert: unregistered.cert, key: unregistered.privateKey } })).rejects.toThrow();
  });
});

describe("provider gateway faults", () => {
  let chain: FakeChain;
  let workloads: ReturnType<typeof fakeWorkloads>;
  let gateway: ProviderGateway;
  let faults: ProviderFaults;
  let owner: string;
  let token: string;
  let manifest: { body: string; hash: Uint8Array };

  beforeEach(async () => {
    chain = new FakeChain();
    workloads = fakeWorkloads();
    faults = new ProviderFaults();
    const wallet = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [account] = await wallet.getAccounts();
    if (account === undefined) throw new Error("wallet has no account");
    owner = account.address;
    chain.pubKeys.set(owner, account.pubkey);
    token = await new JwtTokenManager(wallet).generateToken({ version: "v1", iss: owner });
    manifest = await manifestFor(SDL);
    chain.hashes.set(`${owner}/${DSEQ}`, manifest.hash);
    chain.leases = [{ id: { owner, dseq: DSEQ, gseq: 1, oseq: 1, provider: PROVIDER }, groupName: "dcloud", createdAt: new Date() }];
    gateway = await startProviderGateway({ providerAddress: PROVIDER, chainView: chain, startWorkload: workloads.startWorkload, host: "127.0.0.1", port: 0, faults });
    chain.registerCertificate(PROVIDER, { cert: gateway.certificate.certPem, publicKey: gateway.certificate.publicKeyPem });
  });

  afterEach(async () => {
    await gateway.close();
  });

  const putManifest = () => call(gateway, chain, "PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body });
  const leaseStatus = async () => (await call(gateway, chain, "GET", `/lease/${DSEQ}/1/1/status`, { token })).json() as { services: { vllm: { available: number } } };

  it("goes down (connection refused) and comes back on the same hostUri", async () => {
    faults.down = true;
    await vi.waitFor(() => expect(call(gateway, chain, "GET", "/status")).rejects.toMatchObject({ code: "ECONNREFUSED" }), WAIT);
    faults.down = false;
    await vi.waitFor(async () => expect((await call(gateway, chain, "GET", "/status")).status).toBe(200), WAIT);
  });

  it("answers the next N manifest uploads with 500", async () => {
    faults.manifestErrors = 2;
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await putManifest()).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it("starts workloads that never become ready, or that die", async () => {
    faults.workloadNeverReady = true;
    expect((await putManifest()).status).toBe(200);
    expect(workloads.started.every((w) => w.request.neverReady)).toBe(true);
    expect((await leaseStatus()).services.vllm.available).toBe(0);

    chain.leases = [];
    gateway.sync();
    chain.leases = [{ id: { owner, dseq: DSEQ, gseq: 1, oseq: 1, provider: PROVIDER }, groupName: "dcloud", createdAt: new Date() }];
    faults.workloadNeverReady = false;
    faults.workloadDiesAfterMs = 100;
    expect((await putManifest()).status).toBe(200);
    await vi.waitFor(async () => expect((await leaseStatus()).services.vllm.available).toBe(0), WAIT);
    const events = await streamFrames(gateway, chain, `/lease/${DSEQ}/1/1/kubeevents`, token, (frames) => frames.some((f) => (f as { reason: string }).reason === "BackOff"));
    expect(events.frames).toContainEqual(expect.objectContaining({ type: "Warning", reason: "Unhealthy" }));
    events.ws.close();
  });
});
